import Foundation
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
/// 32 bytes: a line's tokens stay in a few cache lines.
struct TextToken {
    var byteStart: Int32
    var byteEnd: Int32
    var scalarStart: Int32
    var scalarEnd: Int32
    /// The folded token's bytes in the tokenizer's arena.
    var foldStart: Int32
    var foldEnd: Int32
    /// Its id in the automaton's vocabulary, or -1.
    var id: Int32 = -1
    /// Letters and digits in the written word.
    var length: UInt16
    /// What stands before it.
    var separator: TokenSeparator
    var flags: Flags

    struct Flags: OptionSet {
        let rawValue: UInt8
        /// A further token of the same written word (a word folded into several tokens):
        /// a mention may not start or end inside a word.
        static let continuation = Flags(rawValue: 1)
        /// Written in a script with case (Latin, Cyrillic, Greek, Armenian...).
        static let cased = Flags(rawValue: 2)
        /// Its first letter is upper case (or title case).
        static let capitalized = Flags(rawValue: 4)
        /// Every letter is upper case ("US", "OSCE").
        static let allCaps = Flags(rawValue: 8)
        /// A Han or kana character (one token each).
        static let ideographic = Flags(rawValue: 16)
        /// A common English word ("The", "May").
        static let common = Flags(rawValue: 32)
        /// A word found by ICU's word break iterator in a script written without spaces
        /// (Thai, Lao, Khmer, Burmese); its dictionary may cut a name into several words.
        static let segmented = Flags(rawValue: 64)
        /// Part of a mention found, or of a negative name.
        static let covered = Flags(rawValue: 128)
    }

    init(byteStart: Int, byteEnd: Int, scalarStart: Int, scalarEnd: Int, foldStart: Int, foldEnd: Int,
         separator: TokenSeparator, length: Int, flags: Flags) {
        self.byteStart = Int32(truncatingIfNeeded: byteStart)
        self.byteEnd = Int32(truncatingIfNeeded: byteEnd)
        self.scalarStart = Int32(truncatingIfNeeded: scalarStart)
        self.scalarEnd = Int32(truncatingIfNeeded: scalarEnd)
        self.foldStart = Int32(truncatingIfNeeded: foldStart)
        self.foldEnd = Int32(truncatingIfNeeded: foldEnd)
        self.length = UInt16(clamping: length)
        self.separator = separator
        self.flags = flags
    }

    var continuation: Bool { flags.contains(.continuation) }
    var cased: Bool { flags.contains(.cased) }
    var capitalized: Bool { flags.contains(.capitalized) }
    var allCaps: Bool { flags.contains(.allCaps) }
    var ideographic: Bool { flags.contains(.ideographic) }
    var common: Bool { flags.contains(.common) }
    var covered: Bool { flags.contains(.covered) }
    var segmented: Bool { flags.contains(.segmented) }
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
    var tokens: [TextToken] = []
    /// Folded bytes of all tokens.
    private(set) var arena: [UInt8] = []
    /// A single capital letter followed by a full stop was seen (maybe "U.S.A.").
    private var hasInitialism = false
    /// Words of other scripts seen lately (hash of their bytes → the bytes, the folded
    /// tokens joined by spaces, case flags, length): the normaliser and Unicode property
    /// lookups once per distinct word.
    private var words: [UInt64: (word: [UInt8], key: [UInt8], flags: TextToken.Flags, length: Int)] = [:]
    /// The vocabulary to look tokens up in as they are made (ASCII lines), if any.
    var vocabulary: ByteKeyTable?
    /// Which words in small letters to look up as they are made: with `nil`, all; else only
    /// those right after a word that some name goes on after (a name may go on with them:
    /// "Bosnia and Herzegovina") and those the filter admits (the first words of names written in small
    /// letters, "iPhone"). The scanner starts names only at capitalised words otherwise, and
    /// most words of prose are in small letters: this skips most lookups.
    var smallLetterStarts: MentionAutomaton.StartFilter?
    /// With `smallLetterStarts`: a word in small letters after a name's token is looked up
    /// only if the pair may occur in some name.
    var followers: MentionAutomaton.FollowerFilter?
    /// Whether the tokens' ids and common-word flags are set (ASCII lines, with a vocabulary),
    /// as far as the scanner needs them (see `smallLetterStarts`).
    private(set) var annotated = false
    /// Whether the ASCII path folds letters and digits eight bytes at a time (tests compare
    /// it with the byte-at-a-time loop).
    var asciiFastWords = true
    /// Whether some tokens came from ICU's word break iterator (Thai and the like).
    private(set) var hasSegmentedWords = false
    /// The ASCII path's buffers, reused from line to line (a copy of the tokenizer that
    /// tokenizes makes its own).
    private var scratch = Scratch()

    /// Buffers that grow to the longest line seen and are freed with their owner.
    final class Scratch {
        /// Buffers for lines longer than this (in bytes) are freed after the line.
        static let keptBytes = 1 << 16
        private(set) var tokens = UnsafeMutableBufferPointer<TextToken>(start: nil, count: 0)
        private(set) var bytes = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

        /// Makes room for `tokenCount` tokens and `byteCount` bytes (contents not kept).
        func reserve(tokens tokenCount: Int, bytes byteCount: Int) {
            if tokens.count < tokenCount {
                tokens.deallocate()
                tokens = .allocate(capacity: max(tokenCount, 2 * tokens.count, 256))
            }
            if bytes.count < byteCount {
                bytes.deallocate()
                bytes = .allocate(capacity: max(byteCount, 2 * bytes.count, 512))
            }
        }

        deinit {
            tokens.deallocate()
            bytes.deallocate()
        }
    }

    init(normalizer: NameNormalizer) {
        self.normalizer = normalizer
        tokens.reserveCapacity(64)
        arena.reserveCapacity(256)
    }

    /// The folded bytes of `token`.
    func folded(_ token: TextToken) -> ArraySlice<UInt8> { arena[Int(token.foldStart)..<Int(token.foldEnd)] }

    /// Tokenizes `bytes` (valid UTF-8), replacing the previous result.
    mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) {
        tokens.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        annotated = false
        hasSegmentedWords = false
        if tokenizeASCII(bytes) {
            annotated = vocabulary != nil
            if hasInitialism {
                joinInitialisms(bytes)
                annotated = false  // joined tokens need their ids
            }
            return
        }
        var separator = TokenSeparator.start
        var wordStart = -1, wordScalarStart = 0, wordASCII = true, wordSpecial = false
        // Where the word's last letter, mark or digit ends: format characters after it
        // (ZWJ, a soft hyphen, a bidi control) are outside the word, so a rewrite of the
        // word keeps them.
        var wordEnd = 0, wordScalarEnd = 0
        var wordKana = 0  // 1 katakana, 2 hiragana, 0 neither
        var index = 0, scalarIndex = 0
        // Boundaries seen since the last token.
        var pendingSeparator: TokenSeparator?

        func flush() {
            guard wordStart >= 0 else { return }
            let end = wordEnd, scalarEnd = wordScalarEnd
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
            var cls = normalizer.classify(value)
            if cls == .removed && Self.isControl(value) {
                // In running text a control character separates words (names never span one);
                // in a name, the normaliser drops it.
                cls = .boundary
            }
            if cls == .removed && wordStart < 0 {
                // A format character before a word belongs to no word (nor separates any).
            } else if value == 0x26 && Self.isSpacedAmpersand(bytes, at: index) {
                flush()
                addAmpersand(byteStart: index, scalarStart: scalarIndex,
                             separator: pendingSeparator ?? (tokens.isEmpty ? .start : .none))
                pendingSeparator = nil
                separator = .none
            } else if cls == .token || cls == .removed {
                if Self.isIdeographic(value) {
                    flush()
                    let start = index
                    let separatorHere = pendingSeparator ?? (tokens.isEmpty ? .start : .none)
                    addWord(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), byteStart: start,
                            scalarStart: scalarIndex, scalarEnd: scalarIndex + 1, ascii: false, separator: separatorHere,
                            ideographic: true)
                    pendingSeparator = nil
                    separator = .none
                } else {
                    // Katakana and hiragana are words of their own: a katakana name ends where
                    // the hiragana particle after it begins (アゼルバイジャンと).
                    let kana = Self.kanaKind(value)
                    if wordStart >= 0 && kana != wordKana && value >= 0x80 && !(kana == 0 && cls == .removed) {
                        if kana != 0 || wordKana != 0 { flush(); pendingSeparator = TokenSeparator.none }
                    }
                    if wordStart < 0 {
                        wordStart = index
                        wordScalarStart = scalarIndex
                        wordKana = kana
                        if let pending = pendingSeparator { separator = pending }
                        else if tokens.isEmpty { separator = .start }
                        else { separator = .none }
                        pendingSeparator = nil
                    }
                    if cls == .token {
                        wordEnd = index + length
                        wordScalarEnd = scalarIndex + 1
                    }
                    if byte >= 0x80 {
                        wordASCII = false
                        if Self.needsSegmentation(value) { wordSpecial = true }
                    }
                }
            } else {
                flush()
                pendingSeparator = Self.combine(pendingSeparator, Self.separator(cls, value), first: tokens.isEmpty)
            }
            index += length
            scalarIndex += 1
        }
        flush()
        joinInitialisms(bytes)
    }

    /// The fast path for ASCII text: one pass over the bytes, folding as it goes into a
    /// scratch buffer copied to the arena once. False (and nothing kept) at the first byte
    /// beyond ASCII: the general path takes the line.
    private mutating func tokenizeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let classes = normalizer.asciiClasses
        let lower: UInt8 = normalizer.profile.caseFold ? 0x20 : 0
        let count = bytes.count
        hasInitialism = false
        // Read once: inside the loop, `self` is being mutated (tokens), so each read of a
        // stored table would copy it and retain its storage.
        // Plain addresses (no reference to copy per word): the tables stay alive in `self`,
        // whose `vocabulary` and filters this function does not change.
        let vocabulary = self.vocabulary?.lookup
        let startBits = self.smallLetterStarts?.bits.base
        let startWords = self.smallLetterStarts?.words.base
        let followerWords = self.followers?.words.base
        let byteKinds = Self.byteKinds
        // Eight bytes of slack: the word loop stores eight folded bytes at a time, and the
        // lookup hashes a word's last bytes with one eight-byte load.
        // Tokens are made in a buffer of their own and appended at the end in one copy (a
        // word and the byte after it make at most one token). The buffers are the
        // tokenizer's, kept from line to line: temporary allocations of a line's size went
        // to the heap for most lines (an aligned malloc and free per line, 3% of the time).
        if !isKnownUniquelyReferenced(&scratch) { scratch = Scratch() }
        // (Folded bytes: one a byte, but three for a spaced ampersand, which takes a byte
        // and shares a space: at most twice the line, and the eight bytes of slack.)
        scratch.reserve(tokens: count / 2 + 1, bytes: 2 * count + 8)
        let made = scratch.tokens, fold = scratch.bytes
        let ascii = { () -> Bool in
            let foldBase = fold.baseAddress!
            var madeCount = 0
            let input = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(foldBase))
            var separator: TokenSeparator? = nil
            var folded = 0
            var index = 0
            var afterName = false  // the last token is one a name goes on after
            var previousID: Int32 = -1  // its id
            let fastWords = asciiFastWords
            while index < count {
                let byte = bytes[index]
                // A space between words (most separators): no class lookup.
                if byte == 0x20 {
                    separator = Self.combine(separator, .space, first: madeCount == 0)
                    index += 1
                    continue
                }
                guard byte < 0x80 else { return false }
                let cls = classes[Int(byte)]
                let ampersand = byte == UInt8(ascii: "&") && Self.isSpacedAmpersand(bytes, at: index)
                // Control characters (class `.removed` in ASCII) separate words in running
                // text, like the general path.
                if cls == .token || ampersand {
                    let start = index
                    let foldStart = folded
                    var word = ASCIIWord()
                    if ampersand {
                        for letter in Self.ampersandWord {
                            fold[folded] = word.fold(letter, kind: 0, lower: lower)
                            folded += 1
                        }
                        index += 1
                    }
                    while !ampersand && index < count {
                        // Eight bytes at a time while they are letters and digits (most words
                        // are shorter: one step a word); the byte at which the run stops, if
                        // any, goes through the class table below.
                        if fastWords && index + 8 <= count {
                            let chunk = SWARChunk(input.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                            if chunk.run > 0 {
                                (UnsafeMutableRawPointer(foldBase) + folded).storeBytes(of: chunk.folded(lower), as: UInt64.self)
                                word.add(chunk)
                                index += chunk.run
                                folded += chunk.run
                                if chunk.run == 8 { continue }
                                guard index < count else { break }
                            }
                        }
                        let byte = bytes[index]
                        // One table read and one well-predicted branch for the letters and
                        // digits of a word; the class table for anything else.
                        let kind = byteKinds[Int(byte)]
                        if kind > 2 {
                            guard byte < 0x80 else { return false }
                            if classes[Int(byte)] != .token { break }
                        }
                        fold[folded] = word.fold(byte, kind: kind, lower: lower)
                        folded += 1
                        index += 1
                    }
                    guard folded > foldStart else { continue }
                    var token = TextToken(byteStart: start, byteEnd: index, scalarStart: start, scalarEnd: index,
                                          foldStart: foldStart, foldEnd: folded,
                                          separator: separator ?? (madeCount == 0 ? .start : .none), length: word.length,
                                          flags: word.flags)
                    var lookUp = false, hash: UInt64 = 0
                    if vocabulary != nil {
                        let key = UnsafeBufferPointer(rebasing: fold[foldStart..<folded])
                        var hashed = false
                        if word.startsCapitalized || startBits == nil {
                            lookUp = true
                        } else if let startBits, startBits[Int(fold[foldStart])] & (1 << UInt32(min(key.count, 31))) != 0 {
                            // A first letter and length that names in small letters start with:
                            // the word itself may be one of their first words.
                            hash = UTF8Decoding.hashPadded(key)
                            hashed = true
                            let bit = MentionAutomaton.StartFilter.bit(hash)
                            lookUp = startWords.map { $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 } ?? true
                        }
                        if lookUp {
                            if !hashed { hash = UTF8Decoding.hashPadded(key) }
                        } else if afterName {
                            if !hashed { hash = UTF8Decoding.hashPadded(key) }
                            lookUp = followerWords.map { words in
                                let bit = MentionAutomaton.FollowerFilter.bit(previousID, hash)
                                return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
                            } ?? true
                        }
                    }
                    if lookUp, let vocabulary {
                        // Looked up now, while the folded bytes are in cache.
                        let values = vocabulary.values(of: UnsafeBufferPointer(rebasing: fold[foldStart..<folded]), hash: hash)
                        if !values.isEmpty {
                            let value = values[0]
                            token.id = (value & MentionAutomaton.idMask) - 1
                            if value & MentionAutomaton.commonFlag != 0 && !(token.allCaps && word.length > 1) {
                                token.flags.insert(.common)
                            }
                            afterName = value & MentionAutomaton.continuesFlag != 0
                            previousID = token.id
                        } else {
                            afterName = false
                        }
                    } else {
                        afterName = false
                    }
                    made[madeCount] = token
                    madeCount += 1
                    separator = nil
                } else {
                    let kind = Self.separator(cls, UInt32(byte))
                    if kind == .dot, madeCount > 0, made[madeCount - 1].length == 1, made[madeCount - 1].byteEnd == index {
                        hasInitialism = true
                    }
                    separator = Self.combine(separator, kind, first: madeCount == 0)
                    index += 1
                }
            }
            tokens.append(contentsOf: UnsafeBufferPointer(rebasing: made[0..<madeCount]))
            arena.append(contentsOf: UnsafeBufferPointer(rebasing: fold[0..<folded]))
            return true
        }()
        // A huge line's buffers are not kept for the lines after it.
        if scratch.bytes.count > Scratch.keptBytes { scratch = Scratch() }
        if !ascii {
            tokens.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
        }
        return ascii
    }

    // MARK: - Words

    /// An ampersand with a space on each side ("Trinidad & Tobago", "Bosnia & Herzegovina")
    /// is read as the word "and": names written so are found as written with "and", and a
    /// name before it is not taken alone ("Bosnia" of "Bosnia & Herzegovina"). One inside a
    /// word ("AT&T") stays punctuation.
    @inline(__always)
    static func isSpacedAmpersand(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index > 0 && index + 1 < bytes.count && bytes[index - 1] == 0x20 && bytes[index + 1] == 0x20
    }

    /// The word a spaced ampersand stands for.
    static let ampersandWord: [UInt8] = Array("and".utf8)

    /// The token of a spaced ampersand at `byteStart` (general path): the word "and".
    private mutating func addAmpersand(byteStart: Int, scalarStart: Int, separator: TokenSeparator) {
        let foldStart = arena.count
        arena.append(contentsOf: Self.ampersandWord)
        tokens.append(TextToken(byteStart: byteStart, byteEnd: byteStart + 1, scalarStart: scalarStart, scalarEnd: scalarStart + 1,
                                foldStart: foldStart, foldEnd: arena.count, separator: separator,
                                length: Self.ampersandWord.count, flags: .cased))
    }

    private mutating func addWord(_ word: UnsafeBufferPointer<UInt8>, byteStart: Int, scalarStart: Int, scalarEnd: Int,
                                  ascii: Bool, separator: TokenSeparator, ideographic: Bool = false) {
        let byteEnd = byteStart + word.count
        if ascii {
            // An ASCII word in a line with other scripts: folded here, as in `tokenizeASCII`.
            let classes = normalizer.asciiClasses
            let lower: UInt8 = normalizer.profile.caseFold ? 0x20 : 0
            let foldStart = arena.count
            var folding = ASCIIWord()
            for byte in word where classes[Int(byte)] == .token {
                arena.append(folding.fold(byte, kind: Self.byteKinds[Int(byte)], lower: lower))
            }
            guard arena.count > foldStart else { return }
            tokens.append(TextToken(byteStart: byteStart, byteEnd: byteEnd, scalarStart: scalarStart, scalarEnd: scalarEnd,
                                    foldStart: foldStart, foldEnd: arena.count, separator: separator, length: folding.length,
                                    flags: ideographic ? folding.flags.union(.ideographic) : folding.flags))
            return
        }
        // Case from the scalars, the folded tokens from the normaliser; both remembered per
        // word, as words repeat.
        let hash = UTF8Decoding.hash(word)
        var known = words[hash]
        if known == nil || known!.word.count != word.count
            || !known!.word.withUnsafeBufferPointer({ memcmp($0.baseAddress!, word.baseAddress!, word.count) == 0 }) {
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
            var flags: TextToken.Flags = []
            if cased { flags.insert(.cased) }
            if capitalized { flags.insert(.capitalized) }
            if cased && allCaps { flags.insert(.allCaps) }
            let key = Array(normalizer.key(String(decoding: word, as: UTF8.self)).utf8)
            if words.count >= 1 << 14 { words.removeAll(keepingCapacity: true) }
            known = (Array(word), key, flags, length)
            words[hash] = known
        }
        guard let (_, key, wordFlags, length) = known, !key.isEmpty else { return }
        let flags = ideographic ? wordFlags.union(.ideographic) : wordFlags
        var first = true
        for part in key.split(separator: UInt8(ascii: " ")) {
            let foldStart = arena.count
            arena.append(contentsOf: part)
            tokens.append(TextToken(byteStart: byteStart, byteEnd: byteEnd, scalarStart: scalarStart, scalarEnd: scalarEnd,
                                    foldStart: foldStart, foldEnd: arena.count, separator: first ? separator : .none,
                                    length: length, flags: first ? flags : flags.union(.continuation)))
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
        var first = true
        // UTF-16 offsets within the run → byte and scalar offsets, walked forward once (the
        // segments come in order): converting each segment's whole prefix was quadratic
        // (189 KB of Thai without spaces took 35 s).
        var scalars = text.unicodeScalars.makeIterator()
        var utf16Offset = 0, byteOffset = 0, scalarOffset = 0
        for segment in segments {
            while utf16Offset < segment.utf16Range.lowerBound, let scalar = scalars.next() {
                utf16Offset += scalar.utf16.count
                byteOffset += scalar.utf8.count
                scalarOffset += 1
            }
            // A segment may begin or end with a format character (ZWJ, a bidi control) that
            // ICU counts in the word: it stays outside the token, so a rewrite keeps it.
            var segmentScalars = Array(segment.text.unicodeScalars)
            var leadingBytes = 0, leadingScalars = 0
            while let scalar = segmentScalars.first, normalizer.classify(scalar.value) != .token {
                segmentScalars.removeFirst()
                leadingBytes += scalar.utf8.count
                leadingScalars += 1
            }
            while let scalar = segmentScalars.last, normalizer.classify(scalar.value) != .token { segmentScalars.removeLast() }
            let before = tokens.count
            if !segmentScalars.isEmpty {
                var bytes = Array(String(String.UnicodeScalarView(segmentScalars)).utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    addWord(UnsafeBufferPointer(buffer), byteStart: byteStart + byteOffset + leadingBytes,
                            scalarStart: scalarStart + scalarOffset + leadingScalars,
                            scalarEnd: scalarStart + scalarOffset + leadingScalars + segmentScalars.count, ascii: false,
                            separator: first ? separator : .none)
                }
            }
            for position in before..<tokens.count { tokens[position].flags.insert(.segmented) }
            hasSegmentedWords = hasSegmentedWords || tokens.count > before
            first = false
        }
    }

    /// "U.S.A." and "U.S.": single capital letters joined by full stops become one token.
    /// One pass that copies the tokens once when some are joined (replacing each run in
    /// place moved every token after it: "U.S.A. " × 200,000 took 40 s).
    private mutating func joinInitialisms(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var joinedAny = false
        var result: [TextToken] = []
        while index < tokens.count {
            var end = index + 1
            while end < tokens.count, tokens[end - 1].length == 1, tokens[end].length == 1, tokens[end - 1].allCaps,
                  tokens[end].allCaps, tokens[end].separator == .dot,
                  tokens[end].byteStart == tokens[end - 1].byteEnd + 1 { end += 1 }
            if end - index >= 2 {
                if !joinedAny {
                    joinedAny = true
                    result.reserveCapacity(tokens.count)
                    result.append(contentsOf: tokens[..<index])
                }
                let foldStart = arena.count
                // Copied out first: appending a slice of the arena to itself made the append
                // copy the whole arena (shared storage), once per initialism.
                var letters: [UInt8] = []
                for position in index..<end {
                    letters.append(contentsOf: arena[Int(tokens[position].foldStart)..<Int(tokens[position].foldEnd)])
                }
                arena.append(contentsOf: letters)
                var joined = tokens[index]
                joined.byteEnd = tokens[end - 1].byteEnd
                joined.scalarEnd = tokens[end - 1].scalarEnd
                joined.foldStart = Int32(truncatingIfNeeded: foldStart)
                joined.foldEnd = Int32(truncatingIfNeeded: arena.count)
                joined.length = UInt16(clamping: end - index)
                result.append(joined)
                index = end
            } else {
                if joinedAny { result.append(tokens[index]) }
                index += 1
            }
        }
        if joinedAny { tokens = result }
    }

    // MARK: - Scalars

    private static func combine(_ current: TokenSeparator?, _ next: TokenSeparator, first: Bool) -> TokenSeparator {
        guard let current else { return first ? .start : next }
        if current == .start { return .start }
        if current == next || next == .space { return current }
        if current == .space { return next }
        return .other
    }

    /// C0 and C1 control characters and DEL (the white-space ones are boundaries anyway).
    @inline(__always)
    static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || (0x09...0x0D).contains(value) || value == 0xA0 || value == 0x3000 || (0x2000...0x200A).contains(value)
            || value == 0x202F || value == 0x205F || value == 0x1680
    }

    /// The separator a boundary scalar makes.
    @inline(__always)
    static func separator(_ cls: ScalarClass, _ value: UInt32) -> TokenSeparator {
        switch cls {
        case .hyphen: return .hyphen
        case .apostrophe: return .apostrophe
        case .dot: return .dot
        case .boundary: return isSpace(value) ? .space : .other
        default: return .other
        }
    }

    /// Byte kinds for the ASCII loop: 0 small letter, 1 capital, 2 digit, 3 anything else.
    /// A never-freed buffer: read from many threads without reference counting.
    nonisolated(unsafe) static let byteKinds: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x61...0x7A: table[byte] = 0
            case 0x41...0x5A: table[byte] = 1
            case 0x30...0x39: table[byte] = 2
            default: table[byte] = 3
            }
        }
        return UnsafeBufferPointer(table)
    }()

    /// Han and the CJK compatibility ideographs: one token per character.
    @inline(__always)
    static func isIdeographic(_ value: UInt32) -> Bool {
        guard value >= 0x3400 else { return false }
        return (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x3134F).contains(value)
    }

    /// 1 for katakana (and the prolonged sound mark), 2 for hiragana, else 0.
    @inline(__always)
    static func kanaKind(_ value: UInt32) -> Int {
        if (0x30A0...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value) || (0xFF66...0xFF9F).contains(value) { return 1 }
        if (0x3040...0x309F).contains(value) { return 2 }
        return 0
    }

    /// Thai, Lao, Khmer and Burmese: scripts written without spaces between words.
    @inline(__always)
    static func needsSegmentation(_ value: UInt32) -> Bool {
        (0x0E00...0x0EFF).contains(value) || (0x1780...0x17FF).contains(value) || (0x1000...0x109F).contains(value)
    }

    static let breakers = ResourcePool<WordBreaker> { try WordBreaker(locale: "th") }
}
