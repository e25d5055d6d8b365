import CICU

/// Unicode normalisation through ICU's `unorm2`.
///
/// The ICU instances are process-wide singletons owned by ICU and documented as
/// thread-safe, so this type is `Sendable` and can be shared freely.
package struct UnicodeNormalizer: Sendable {
    /// Which normalisation form.
    package enum Form: String, Sendable, CaseIterable {
        /// NFKC followed by full case folding, with default-ignorable code points removed
        /// (`NFKC_Casefold`, UAX #31 / UTS #46).
        case nfkcCasefold
        /// Canonical composition.
        case nfc
        /// Canonical decomposition.
        case nfd
    }

    /// `unorm2` handles are immutable shared singletons: safe across threads.
    nonisolated(unsafe) private let handle: UnsafeRawPointer
    /// The form.
    package let form: Form

    /// The shared NFKC_Casefold normaliser.
    package static let nfkcCasefold = try! UnicodeNormalizer(form: .nfkcCasefold)
    /// The shared NFC normaliser.
    package static let nfc = try! UnicodeNormalizer(form: .nfc)
    /// The shared NFD normaliser.
    package static let nfd = try! UnicodeNormalizer(form: .nfd)

    /// Gets ICU's instance for `form` (fails only when ICU's data is missing).
    package init(form: Form) throws(ICUError) {
        var status: Int32 = 0
        let handle: UnsafeRawPointer? = switch form {
        case .nfkcCasefold: nomina_unorm2_nfkc_casefold(&status)
        case .nfc: nomina_unorm2_nfc(&status)
        case .nfd: nomina_unorm2_nfd(&status)
        }
        guard let handle, !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "load \(form.rawValue) normaliser")
        }
        self.handle = handle
        self.form = form
    }

    /// Normalises a string.
    package func normalize(_ text: String) throws(ICUError) -> String {
        let source = Array(text.utf16)
        return try normalize(utf16: source)
    }

    /// Normalises UTF-16 code units.
    package func normalize(utf16 source: [UInt16]) throws(ICUError) -> String {
        try source.withUnsafeBufferPointer { (src) throws(ICUError) -> String in
            try icuUTF16Result(operation: "normalise to \(form.rawValue)", initialCapacity: src.count + src.count / 2 + 8) {
                buffer, capacity, status in
                nomina_unorm2_normalize(handle, src.baseAddress, Int32(src.count), buffer, capacity, &status)
            }
        }
    }

    /// Whether `text` is already in this form.
    package func isNormalized(_ text: String) throws(ICUError) -> Bool {
        let source = Array(text.utf16)
        var status: Int32 = 0
        let result = source.withUnsafeBufferPointer {
            nomina_unorm2_is_normalized(handle, $0.baseAddress, Int32($0.count), &status)
        }
        if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: "check \(form.rawValue)") }
        return result != 0
    }
}
