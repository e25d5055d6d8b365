import CICU

/// Word segmentation through ICU's word break iterator (`ubrk`, UAX #29 plus ICU's
/// dictionaries for Chinese, Japanese, Thai, Lao, Khmer and Burmese).
///
/// ```swift
/// let breaker = try WordBreaker(locale: "zh")
/// try breaker.words(in: "纳卡地区局势紧张")   // ["纳卡", "地区", "局势", "紧张"]  (dictionary-dependent)
/// ```
///
/// Not thread-safe (one `UBreakIterator`); make one per thread or task.
package final class WordBreaker {
    /// How ICU classified a segment (its rule status).
    package enum Kind: Sendable, Hashable {
        /// Spaces, punctuation and symbols.
        case none
        /// Numbers.
        case number
        /// Letters (alphabetic words).
        case letter
        /// Kana words.
        case kana
        /// Ideographic words (Han).
        case ideographic

        init(ruleStatus: Int32) {
            switch ruleStatus {
            case 100..<200: self = .number
            case 200..<300: self = .letter
            case 300..<400: self = .kana
            case 400..<500: self = .ideographic
            default: self = .none
            }
        }

        /// Whether the segment is a word (not spaces or punctuation).
        package var isWord: Bool { self != .none }
    }

    /// A segment of the text.
    package struct Segment: Sendable, Hashable {
        /// The segment's text.
        package let text: String
        /// Its range in UTF-16 code units of the input.
        package let utf16Range: Range<Int>
        /// What kind of segment ICU found.
        package let kind: Kind
    }

    private let handle: UnsafeMutableRawPointer
    /// The locale the iterator was opened for ("" for the root locale).
    package let locale: String
    // ubrk keeps a pointer to the text: hold it for as long as the iterator may read it.
    private var text: [UInt16] = []

    /// Opens a word break iterator. The locale only matters for a few languages; the
    /// dictionaries for Han, Thai and the rest are used whatever it is.
    package init(locale: String = "") throws(ICUError) {
        var status: Int32 = 0
        let empty: [UInt16] = []
        let handle = empty.withUnsafeBufferPointer { buffer in
            nomina_ubrk_open_word(locale, buffer.baseAddress, 0, &status)
        }
        guard let handle, !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "open word break iterator for \"\(locale)\"")
        }
        self.handle = handle
        self.locale = locale
    }

    deinit { nomina_ubrk_close(handle) }

    /// All segments of `string`, words and the spaces and punctuation between them, in order.
    package func segments(in string: String) throws(ICUError) -> [Segment] {
        text = Array(string.utf16)
        var status: Int32 = 0
        text.withUnsafeBufferPointer { nomina_ubrk_set_text(handle, $0.baseAddress, Int32($0.count), &status) }
        if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: "set word break text") }
        var segments: [Segment] = []
        var start = Int(nomina_ubrk_first(handle))
        while true {
            let end = Int(nomina_ubrk_next(handle))
            if end < 0 { break }
            let kind = Kind(ruleStatus: nomina_ubrk_rule_status(handle))
            segments.append(Segment(text: String(decoding: text[start..<end], as: UTF16.self),
                                    utf16Range: start..<end, kind: kind))
            start = end
        }
        // Release the text; the iterator is reset before the next use.
        text.withUnsafeBufferPointer { nomina_ubrk_set_text(handle, $0.baseAddress, 0, &status) }
        return segments
    }

    /// The word segments of `string` (spaces and punctuation left out).
    package func words(in string: String) throws(ICUError) -> [String] {
        try segments(in: string).filter { $0.kind.isWord }.map(\.text)
    }
}
