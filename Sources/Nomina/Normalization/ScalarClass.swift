/// How the punctuation stage treats one Unicode scalar of the input.
enum ScalarClass: UInt8 {
    /// Part of a token: letters, marks, numbers (and modifier letters such as ʻ ʿ ʾ,
    /// which ASCII folding removes).
    case token
    /// A dash, hyphen or minus sign: a token boundary, shown as "-".
    case hyphen
    /// An apostrophe or single quote: a token boundary, shown as "'".
    case apostrophe
    /// A double quote or guillemet: a token boundary, shown as "\"".
    case quote
    /// A full stop: a token boundary, except between the letters of an initialism
    /// ("U.S.A." → "usa").
    case dot
    /// White space, other punctuation and symbols: a token boundary.
    case boundary
    /// Format and non-white-space control characters: removed without a boundary.
    case removed

    /// Classes of the 128 ASCII scalars.
    static let ascii: [ScalarClass] = (0..<128).map { value -> ScalarClass in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .token
        case UInt8(ascii: "-"): return .hyphen
        case UInt8(ascii: "'"), UInt8(ascii: "`"): return .apostrophe
        case UInt8(ascii: "\""): return .quote
        case UInt8(ascii: "."): return .dot
        case 0x09...0x0D, 0x20: return .boundary  // white space
        case 0x00...0x1F, 0x7F: return .removed   // other controls
        default: return .boundary
        }
    }

    /// The class of any scalar value.
    @inline(__always)
    static func of(_ value: UInt32) -> ScalarClass {
        if value < 0x80 { return ascii[Int(value)] }
        if value < 0x10000 { return bmp[Int(value)] }
        return Unicode.Scalar(value).map(nonASCII) ?? .boundary
    }

    /// Classes of the Basic Multilingual Plane, computed once (64 KiB): the general
    /// category lookup of the standard library costs more than a table read. Kept as a
    /// never-freed buffer rather than an Array, so that reading it from many threads
    /// does not touch a shared reference count.
    nonisolated(unsafe) static let bmp: UnsafeBufferPointer<ScalarClass> = {
        let table = UnsafeMutableBufferPointer<ScalarClass>.allocate(capacity: 0x10000)
        for value in 0..<0x10000 {
            if value < 0x80 {
                table[value] = ascii[value]
            } else if let scalar = Unicode.Scalar(UInt32(value)) {
                table[value] = nonASCII(scalar)
            } else {
                table[value] = .boundary  // surrogate code points
            }
        }
        return UnsafeBufferPointer(table)
    }()

    static func nonASCII(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.value {
        // Minus signs and hyphen-like symbols outside category Pd.
        case 0x2212, 0x2043, 0x2796, 0xFE63, 0xFF0D:
            return .hyphen
        // Right and left single quotes, reversed quote, prime, acute and grave accents used
        // as apostrophes, fullwidth apostrophe, modifier prime.
        case 0x2019, 0x2018, 0x201B, 0x2032, 0x2035, 0x00B4, 0xFF07:
            return .apostrophe
        // Double quotes, guillemets, CJK corner brackets, double primes.
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2039, 0x203A, 0x2033, 0x2036,
             0x300C, 0x300D, 0x300E, 0x300F, 0xFF02, 0x301D, 0x301E:
            return .quote
        case 0xFF0E:  // fullwidth full stop
            return .dot
        case 0x05F3, 0x05F4:  // Hebrew geresh and gershayim belong to the word (ג׳ = j)
            return .token
        // The middle dot joins: Catalan "l·l" (Paral·lel), BGN/PCGN's "Brat·sk".
        case 0x00B7:
            return .removed
        // Arabic harakat, shadda, sukun, superscript alef and Quranic marks, and tatweel;
        // Hebrew niqqud and cantillation: optional vowel marks and stretching, which
        // transliteration would otherwise write as letters (كَنَدا and كندا are one name).
        case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640,
             0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7:
            return .removed
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return .token
        case .dashPunctuation:
            return .hyphen
        case .format:
            return .removed
        case .control:
            return scalar.properties.isWhitespace ? .boundary : .removed
        default:
            // Spaces, other punctuation, symbols, private use, unassigned, surrogates.
            return .boundary
        }
    }
}
