extension Unicode.Scalar {
    /// The code point as Unicode writes it in prose: "U+0009", "U+E03C", "U+1F600".
    var codePointLabel: String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
