/// What stands between two tokens of running text.
enum TokenSeparator: UInt8 {
    /// The first token of the text.
    case start
    /// Nothing: characters of a script written without spaces (纳卡), or the further
    /// tokens of one transliterated word.
    case none
    /// White space only.
    case space
    /// A dash or hyphen, with or without spaces ("Nagorno-Karabakh", "Azerbaijan – Armenia").
    case hyphen
    /// An apostrophe ("d'Ivoire").
    case apostrophe
    /// A full stop, perhaps followed by spaces ("St. Lucia"; also the end of a sentence).
    case dot
    /// Any other punctuation: a comma, a bracket, a colon, a quote; names never span it.
    case other
}

/// One token of running text: where it is, in bytes and code points, and its folded form.
struct TextToken {
    var byteStart: Int
    var byteEnd: Int
    var scalarStart: Int
    var scalarEnd: Int
    /// The folded token's bytes in the tokenizer's arena.
    var foldStart: Int
    var foldEnd: Int
    /// What stands before it.
    var separator: TokenSeparator
    /// A further token of the same written word (a word folded into several tokens, such
    /// as a transliteration with a space): a mention may not start or end inside a word.
    var continuation: Bool
    /// Written in a script with case (Latin, Cyrillic, Greek, Armenian...).
    var cased: Bool
    /// Its first letter is upper case (or title case).
    var capitalized: Bool
    /// Every letter is upper case ("US", "OSCE").
    var allCaps: Bool
    /// Letters and digits in the written word.
    var length: Int
    /// A Han or kana character (one token each).
    var ideographic: Bool = false
    /// Its id in the automaton's vocabulary, or -1.
    var id: Int32 = -1
}

/// Splits running text into tokens the way ``NameNormalizer`` splits names, keeping each
/// token's place in the text:
///
/// - Words are runs of letters, marks and digits; the normaliser's scalar classes decide
///   what separates them, so that a name in the text folds to the same tokens as in the
///   dictionary.
/// - Han and kana are one token per character, so that names are found in text written
///   without spaces (纳卡地区 → 纳 卡 地 区 → "纳卡" + "地区"); Thai, Lao, Khmer and Burmese
///   runs are segmented into words by ICU's word break iterator.
/// - Initialisms written with full stops become one token ("U.S.A." → `usa`).
/// - ASCII words are folded inline; other words go through the normaliser (and its
///   cache of per-token results).
struct TextTokenizer {
    let normalizer: NameNormalizer
    private(set) var tokens: [TextToken] = []
    /// Folded bytes of all tokens.
    private(set) var arena: [UInt8] = []

    init(normalizer: NameNormalizer) {
        self.normalizer = normalizer
        tokens.reserveCapacity(64)
        arena.reserveCapacity(256)
    }

    /// The folded bytes of `token`.
    func folded(_ token: TextToken) -> ArraySlice<UInt8> { arena[token.foldStart..<token.foldEnd] }

    /// Tokenizes `bytes` (valid UTF-8), replacing the previous result.
    mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) {
        tokens.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        var separator = TokenSeparator.start
        var wordStart = -1, wordScalarStart = 0, wordASCII = true, wordSpecial = false
        var index = 0, scalarIndex = 0
        // Boundaries seen since the last token.
        var pendingSeparator: TokenSeparator?

        func flush(_ end: Int, _ scalarEnd: Int) {
            guard wordStart >= 0 else { return }
            let word = UnsafeBufferPointer(rebasing: bytes[wordStart..<end])
            if wordSpecial {
                segmentWord(word, byteStart: wordStart, scalarStart: wordScalarStart, separator: separator)
            } else {
                addWord(word, byteStart: wordStart, scalarStart: wordScalarStart, scalarEnd: scalarEnd,
                        ascii: wordASCII, separator: separator)
            }
            wordStart = -1
            wordASCII = true
            wordSpecial = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            let value: UInt32, length: Int
            if byte < 0x80 {
                value = UInt32(byte); length = 1
            } else {
                (value, length) = UTF8Decoding.decode(bytes, at: index)
            }
            let cls = normalizer.classify(value)
            if cls == .token || cls == .removed {
                if Self.isIdeographic(value) {
                    flush(index, scalarIndex)
                    let start = index
                    let separatorHere = pendingSeparator ?? (tokens.isEmpty ? .start : .none)
                    let before = tokens.count
                    addWord(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), byteStart: start,
                            scalarStart: scalarIndex, scalarEnd: scalarIndex + 1, ascii: false, separator: separatorHere)
                    for position in before..<tokens.count { tokens[position].ideographic = true }
                    pendingSeparator = nil
                    separator = .none
                } else {
                    if wordStart < 0 {
                        wordStart = index
                        wordScalarStart = scalarIndex
                        if let pending = pendingSeparator { separator = pending }
                        else if tokens.isEmpty { separator = .start }
                        else { separator = .none }
                        pendingSeparator = nil
                    }
                    if byte >= 0x80 {
                        wordASCII = false
                        if Self.needsSegmentation(value) { wordSpecial = true }
                    }
                }
            } else {
                flush(index, scalarIndex)
                let kind: TokenSeparator
                switch cls {
                case .hyphen: kind = .hyphen
                case .apostrophe: kind = .apostrophe
                case .dot: kind = .dot
                case .boundary: kind = Self.isSpace(value) ? .space : .other
                default: kind = .other
                }
                pendingSeparator = Self.combine(pendingSeparator, kind, first: tokens.isEmpty)
            }
            index += length
            scalarIndex += 1
        }
        flush(bytes.count, scalarIndex)
        joinInitialisms(bytes)
    }

    // MARK: - Words

    private mutating func addWord(_ word: UnsafeBufferPointer<UInt8>, byteStart: Int, scalarStart: Int, scalarEnd: Int,
                                  ascii: Bool, separator: TokenSeparator) {
        let byteEnd = byteStart + word.count
        if ascii {
            let foldStart = arena.count
            var upper = 0, letters = 0, length = 0
            for byte in word {
                let cls = normalizer.asciiClasses[Int(byte)]
                guard cls == .token else { continue }
                length += 1
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                    upper += 1; letters += 1
                    arena.append(normalizer.profile.caseFold ? byte | 0x20 : byte)
                } else {
                    if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { letters += 1 }
                    arena.append(byte)
                }
            }
            guard arena.count > foldStart else { return }
            let first = word.first.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ?? false
            tokens.append(TextToken(byteStart: byteStart, byteEnd: byteEnd, scalarStart: scalarStart, scalarEnd: scalarEnd,
                                    foldStart: foldStart, foldEnd: arena.count, separator: separator, continuation: false,
                                    cased: letters > 0, capitalized: first, allCaps: letters > 0 && upper == letters,
                                    length: length))
            return
        }
        // Other scripts: case from the scalars, the folded tokens from the normaliser.
        var cased = false, capitalized = false, allCaps = true, sawLetter = false, length = 0
        for scalar in String(decoding: word, as: UTF8.self).unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil { length += 1 }
            if properties.changesWhenCaseMapped {
                cased = true
                if !sawLetter { capitalized = properties.isUppercase || properties.generalCategory == .titlecaseLetter }
                if properties.isLowercase { allCaps = false }
            }
            if properties.isAlphabetic { sawLetter = true }
        }
        let key = normalizer.key(String(decoding: word, as: UTF8.self))
        guard !key.isEmpty else { return }
        var first = true
        for part in key.utf8.split(separator: UInt8(ascii: " ")) {
            let foldStart = arena.count
            arena.append(contentsOf: part)
            tokens.append(TextToken(byteStart: byteStart, byteEnd: byteEnd, scalarStart: scalarStart, scalarEnd: scalarEnd,
                                    foldStart: foldStart, foldEnd: arena.count, separator: first ? separator : .none,
                                    continuation: !first, cased: cased, capitalized: capitalized,
                                    allCaps: cased && allCaps, length: length))
            first = false
        }
    }

    /// A run of Thai, Lao, Khmer or Burmese: words found by ICU's word break iterator.
    private mutating func segmentWord(_ word: UnsafeBufferPointer<UInt8>, byteStart: Int, scalarStart: Int,
                                      separator: TokenSeparator) {
        let text = String(decoding: word, as: UTF8.self)
        let segments = (try? Self.breakers.withResource { try $0.segments(in: text) }) ?? []
        guard !segments.isEmpty else {
            addWord(word, byteStart: byteStart, scalarStart: scalarStart,
                    scalarEnd: scalarStart + text.unicodeScalars.count, ascii: false, separator: separator)
            return
        }
        let utf16 = Array(text.utf16)
        var first = true
        for segment in segments {
            // UTF-16 offsets within the run → byte and scalar offsets.
            let prefix = String(decoding: utf16[0..<segment.utf16Range.lowerBound], as: UTF16.self)
            let byteOffset = prefix.utf8.count, scalarOffset = prefix.unicodeScalars.count
            var bytes = Array(segment.text.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                addWord(UnsafeBufferPointer(buffer), byteStart: byteStart + byteOffset, scalarStart: scalarStart + scalarOffset,
                        scalarEnd: scalarStart + scalarOffset + segment.text.unicodeScalars.count, ascii: false,
                        separator: first ? separator : .none)
            }
            first = false
        }
    }

    /// "U.S.A." and "U.S.": single letters joined by full stops become one token.
    private mutating func joinInitialisms(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < tokens.count {
            var end = index + 1
            while end < tokens.count, tokens[end - 1].length == 1, tokens[end].length == 1, tokens[end - 1].allCaps,
                  tokens[end].allCaps, tokens[end].separator == .dot,
                  tokens[end].byteStart == tokens[end - 1].byteEnd + 1 { end += 1 }
            if end - index >= 2 {
                let foldStart = arena.count
                for position in index..<end { arena.append(contentsOf: arena[tokens[position].foldStart..<tokens[position].foldEnd]) }
                var joined = tokens[index]
                joined.byteEnd = tokens[end - 1].byteEnd
                joined.scalarEnd = tokens[end - 1].scalarEnd
                joined.foldStart = foldStart
                joined.foldEnd = arena.count
                joined.length = end - index
                tokens.replaceSubrange(index..<end, with: [joined])
            }
            index += 1
        }
    }

    // MARK: - Scalars

    private static func combine(_ current: TokenSeparator?, _ next: TokenSeparator, first: Bool) -> TokenSeparator {
        guard let current else { return first ? .start : next }
        if current == .start { return .start }
        if current == next || next == .space { return current }
        if current == .space { return next }
        return .other
    }

    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || (0x09...0x0D).contains(value) || value == 0xA0 || value == 0x3000 || (0x2000...0x200A).contains(value)
            || value == 0x202F || value == 0x205F || value == 0x1680
    }

    /// Han, kana and the CJK compatibility ideographs: one token per character.
    @inline(__always)
    static func isIdeographic(_ value: UInt32) -> Bool {
        guard value >= 0x3040 else { return false }
        return (0x3040...0x30FF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x3134F).contains(value) || (0x31F0...0x31FF).contains(value)
    }

    /// Thai, Lao, Khmer and Burmese: scripts written without spaces between words.
    @inline(__always)
    static func needsSegmentation(_ value: UInt32) -> Bool {
        (0x0E00...0x0EFF).contains(value) || (0x1780...0x17FF).contains(value) || (0x1000...0x109F).contains(value)
    }

    static let breakers = ResourcePool<WordBreaker> { try WordBreaker(locale: "th") }
}
