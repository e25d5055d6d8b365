/// The dictionary side of mention extraction: the folded key of every name the resolver
/// knows (canonical names, aliases, derived abbreviations and initialisms, negative
/// names), as token sequences in a trie over a vocabulary of folded tokens.
///
/// Text is matched token by token from each start, leftmost-longest, so a scan costs one
/// vocabulary lookup per token and a few trie steps where tokens of names follow each
/// other: the multi-pattern scan of Aho-Corasick, on tokens rather than characters (which
/// is what keeps "Iran" out of "Tirana" and "Oman" out of "Romania").
final class MentionAutomaton: CompiledExtra {
    /// What ends at a trie node.
    struct Terminal: OptionSet, Sendable, BitwiseCopyable {
        let rawValue: UInt8
        /// The key of a name.
        static let name = Terminal(rawValue: 1)
        /// The key of a negative name.
        static let negative = Terminal(rawValue: 2)
        /// The key of a name written with commas or brackets ("Saint Helena, Ascension and
        /// Tristan da Cunha", "Cocos (Keeling) Islands"): the only names a match may
        /// continue across such punctuation for.
        static let punctuated = Terminal(rawValue: 4)
        /// The key of a name written with a small first letter ("iPhone", "al-Quds"): the
        /// only names found in text that starts in lower case.
        static let lowercase = Terminal(rawValue: 8)
    }

    /// Folded token → its id + 1 (0: in no name), with ``commonFlag`` set for common
    /// English words: one lookup per token of text.
    let vocabulary: ByteKeyTable
    static let commonFlag: Int32 = 1 << 30
    /// Set for tokens that some name goes on after ("of", "bosnia"): only after those is
    /// the next word of text looked up when it is in small letters.
    static let continuesFlag: Int32 = 1 << 29
    /// The id bits of a vocabulary value.
    static let idMask: Int32 = (1 << 29) - 1
    /// (node << 32 | token id) → child node. Node 0 is the root.
    let edges: IntegerTable
    let terminals: FlatArray<Terminal>
    /// Negative-name nodes → the entities (positions) they block.
    let blocked: [Int32: [Int32]]
    /// Folded words of designator phrases and particles ("republique", "of", "d").
    let designatorWords: ByteKeyTable
    /// The first tokens of names written in small letters ("iphone" of "iPhone"), and of
    /// negative names: the only words in small letters a match can start at.
    let smallLetterStarts: StartFilter
    /// The same for names written in small ASCII letters, and negative names: what an ASCII
    /// line can start a match with in small letters (the tokenizer's filter).
    let asciiSmallLetterStarts: StartFilter

    /// The most words of a name that running text is searched for (longer names resolve as
    /// whole queries): "Office of the United Nations High Commissioner for Human Rights" has 10.
    static let maximumNameWords = 16

    /// Which tokens follow which in some name: a word in small letters after a token is
    /// looked up only if the pair may occur ("of" → "the" yes, "of" → "troops" no).
    let followers: FollowerFilter

    /// A Bloom filter (one hash, 2^20 bits, 128 KiB) of (token id, hash of the next token's
    /// bytes) pairs: no false negatives.
    struct FollowerFilter: Sendable {
        static let bitCount = 1 << 20
        let words: FlatArray<UInt64>

        init(_ pairs: some Sequence<(Int32, UInt64)>) {
            var words = [UInt64](repeating: 0, count: Self.bitCount / 64)
            for (previous, hash) in pairs {
                let bit = Self.bit(previous, hash)
                words[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            self.words = FlatArray(words)
        }

        init(words: FlatArray<UInt64>) { self.words = words }

        @inline(__always)
        static func bit(_ previous: Int32, _ hash: UInt64) -> Int {
            let mixed = (UInt64(UInt32(bitPattern: previous)) &* 0x9E37_79B9_7F4A_7C15) ^ hash
            return Int(truncatingIfNeeded: (mixed &* 0xBF58_476D_1CE4_E5B9) >> 44)
        }

        @inline(__always)
        func admits(_ previous: Int32, hash: UInt64) -> Bool {
            let bit = Self.bit(previous, hash)
            return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }
    }

    /// A filter of first tokens in two steps, with no false negatives: by first byte and
    /// length (a bit per length up to 31; one load and a shift a word), then by a Bloom
    /// filter of the tokens' hashes (one hash, 2^16 bits, 8 KiB: in the first-level cache).
    /// The first step alone admits most words of English prose ("the", "and", "to" share a
    /// first letter and length with "thi", "ano", "ta" of names in other languages); the
    /// second admits about one in a hundred of the words the first lets through.
    struct StartFilter: Sendable {
        static let wordBitCount = 1 << 16
        let bits: FlatArray<UInt32>
        let words: FlatArray<UInt64>

        init(_ tokens: some Sequence<ArraySlice<UInt8>>) {
            var bits = [UInt32](repeating: 0, count: 256)
            var words = [UInt64](repeating: 0, count: Self.wordBitCount / 64)
            for token in tokens {
                guard let first = token.first else { continue }
                bits[Int(first)] |= 1 << UInt32(min(token.count, 31))
                let bit = Self.bit(Array(token).withUnsafeBufferPointer { UTF8Decoding.hash($0) })
                words[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            self.bits = FlatArray(bits)
            self.words = FlatArray(words)
        }

        init(bits: FlatArray<UInt32>, words: FlatArray<UInt64>) {
            self.bits = bits
            self.words = words
        }

        /// The Bloom filter's bit for a token of ``UTF8Decoding/hash(_:)`` `hash`.
        @inline(__always)
        static func bit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 48) }

        @inline(__always)
        func admits(_ first: UInt8, length: Int) -> Bool {
            bits[Int(first)] & (1 << UInt32(min(length, 31))) != 0
        }

        /// Whether a token of ``UTF8Decoding/hash(_:)`` `hash` may be one of the filter's
        /// (after ``admits(_:length:)``).
        @inline(__always)
        func admits(hash: UInt64) -> Bool {
            let bit = Self.bit(hash)
            return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }
    }

    /// - Parameter allLanguages: also names CLDR gives only in smaller languages; by
    ///   default only curated names and names in the major languages are looked for, as a
    ///   Swahili "Azerbaijani" is an English adjective in English text.
    init(index: ResolverIndex, allLanguages: Bool, commonWords: Set<String>) {
        var vocabulary: [ArraySlice<UInt8>: Int32] = [:]
        var edges: [UInt64: Int32] = [:]
        var terminals: [Terminal] = [[]]
        var blocked: [Int32: [Int32]] = [:]

        var smallLetterStarts: [ArraySlice<UInt8>] = [], asciiSmallLetterStarts: [ArraySlice<UInt8>] = []
        var continuing: Set<Int32> = []
        var pairs: [(Int32, UInt64)] = []
        func insert(_ key: String, _ kind: Terminal, smallASCII: Bool = false) -> Int32 {
            var node: Int32 = 0
            let bytes = Array(key.utf8)
            // Text is searched for names of at most `maximumNameWords` words: each start of
            // a name costs a try per name that ends further on, so a dictionary of names that
            // nest a word deep ("Zqx", "Zqx Zqx", …) made scanning quadratic in its depth.
            guard bytes.lazy.filter({ $0 == UInt8(ascii: " ") }).count < Self.maximumNameWords else { return 0 }
            // Negative names too: one written in small letters blocks from its first word.
            if kind.contains(.lowercase) || kind.contains(.negative), let first = bytes.split(separator: UInt8(ascii: " ")).first {
                smallLetterStarts.append(first)
                if smallASCII || kind.contains(.negative) { asciiSmallLetterStarts.append(first) }
            }
            let tokens = bytes.split(separator: UInt8(ascii: " "))
            var previousID: Int32 = -1
            for (position, token) in tokens.enumerated() {
                let id: Int32
                if let known = vocabulary[token] { id = known } else {
                    id = Int32(vocabulary.count)
                    vocabulary[token] = id
                }
                if position < tokens.count - 1 { continuing.insert(id) }
                if position > 0 {
                    let hash = Array(token).withUnsafeBufferPointer { UTF8Decoding.hash($0) }
                    pairs.append((previousID, hash))
                }
                previousID = id
                let edge = UInt64(UInt32(node)) << 32 | UInt64(UInt32(id))
                if let child = edges[edge] { node = child } else {
                    let child = Int32(terminals.count)
                    terminals.append([])
                    edges[edge] = child
                    node = child
                }
            }
            if node != 0 { terminals[Int(node)].insert(kind) }
            return node
        }

        // Short keys only from reliable names even with `allLanguages`: a two-letter Welsh
        // form of a country name is a word or an abbreviation of something else in text.
        // A reliable name, unless it is a Cyrillic name of a smaller language that Russian
        // text holds as a word ("Чехи", the Chechen name of Czechia, is "Czechs").
        func looked(_ entry: Int32) -> Bool {
            let value = index.entries[Int(entry)]
            guard value.reliable else { return false }
            guard value.nameBytes.contains(where: { $0 == 0xD0 || $0 == 0xD1 || $0 == 0xD2 || $0 == 0xD3 || $0 == 0xD4 }) else { return true }
            let entity = index.gazetteer.entities[Int(value.entity)]
            let name = value.name
            guard entity.name != name else { return true }
            // Looked for if any entry of the name is in another language ("Чехия" is Russian too).
            let written = entity.aliases.filter { $0.name == name }
            return written.isEmpty || written.contains { !ResolverIndex.mayReadAsRussian(name, language: $0.language) }
        }
        index.byKey.forEach { keyBytes, entries in
            guard (allLanguages && keyBytes.count > 3) || entries.contains(where: looked) else { return }
            var kind: Terminal = .name
            if entries.contains(where: { index.entries[Int($0)].nameBytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) }) {
                kind.insert(.punctuated)
            }
            // Written in small letters by a name that is looked for (not the Maltese
            // "l-Angola" or the Zulu "i-Aruba": "angola" in small letters is not a mention).
            let small = entries.filter {
                (allLanguages || looked($0))
                    && index.entries[Int($0)].name.unicodeScalars.first?.properties.isLowercase == true
            }
            if !small.isEmpty { kind.insert(.lowercase) }
            // Written in small Latin letters ("iPhone"): the only such names an ASCII line holds
            // (Georgian letters are small letters too, but no ASCII text is Georgian).
            let smallASCII = small.contains { index.entries[Int($0)].nameBytes.first.map { (0x61...0x7A).contains($0) } ?? false }
            _ = insert(String(decoding: keyBytes, as: UTF8.self), kind, smallASCII: smallASCII)
        }
        for key in index.romanizedAbbreviations.keys { _ = insert(key, .name) }
        for key in index.initialisms.keys { _ = insert(key, .name) }
        for han in index.hanAbbreviations.keys { _ = insert(index.normalizer.key(han), .name) }
        index.negatives.forEach { keyBytes, entities in
            let node = insert(String(decoding: keyBytes, as: UTF8.self), .negative)
            if node != 0 { blocked[node, default: []].append(contentsOf: entities) }
        }
        precondition(vocabulary.count < Int(Self.idMask), "MentionAutomaton: too many distinct tokens")
        var words: [ArraySlice<UInt8>: Int32] = vocabulary.mapValues { ($0 + 1) | (continuing.contains($0) ? Self.continuesFlag : 0) }
        for word in commonWords { words[ArraySlice(word.utf8), default: 0] |= Self.commonFlag }
        self.vocabulary = ByteKeyTable(words.map { (key: $0.key, values: [$0.value]) })
        let designatorWords = Set(index.designators.joined()).union(ResolverIndex.designatorStopwords)
        self.designatorWords = ByteKeyTable(designatorWords.map { (key: Array($0.utf8), values: [0]) })
        self.edges = IntegerTable(edges)
        self.terminals = FlatArray(terminals)
        self.blocked = blocked
        self.smallLetterStarts = StartFilter(smallLetterStarts)
        self.asciiSmallLetterStarts = StartFilter(asciiSmallLetterStarts)
        self.followers = FollowerFilter(pairs)
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("MENTIONS")
        try vocabulary.write(to: &writer)
        try edges.write(to: &writer)
        try writer.array(terminals)
        let blocked = self.blocked.sorted { $0.key < $1.key }
        try writer.array(FlatArray(blocked.map(\.key)))
        try writer.lists(ListTable(blocked.map(\.value)))
        try designatorWords.write(to: &writer)
        try writer.array(smallLetterStarts.bits)
        try writer.array(smallLetterStarts.words)
        try writer.array(asciiSmallLetterStarts.bits)
        try writer.array(asciiSmallLetterStarts.words)
        try writer.array(followers.words)
    }

    /// The automaton read from a compiled index of `entityCount` entities. Token ids and
    /// vocabulary values index nothing (they are hashed); trie edges lead to nodes, checked
    /// to be below the number of nodes when read (``IntegerTable/limited(to:)``).
    init(reading reader: inout SnapshotReader, entityCount: Int) throws(SnapshotError) {
        try reader.tag("MENTIONS")
        vocabulary = try ByteKeyTable(reading: &reader, limit: Int(Int32.max))
        let edges = try IntegerTable(reading: &reader)
        terminals = try reader.array()
        guard !terminals.isEmpty else { throw reader.corrupt("the mention automaton has no root") }
        self.edges = edges.limited(to: terminals.count)
        let blockedNodes: FlatArray<Int32> = try reader.array()
        let blockedEntities = try reader.lists(limit: entityCount)
        guard blockedNodes.count == blockedEntities.count else {
            throw reader.corrupt("the negative names of the mention automaton disagree")
        }
        var blocked: [Int32: [Int32]] = [:]
        for (position, node) in blockedNodes.enumerated() { blocked[node] = Array(blockedEntities[position]) }
        self.blocked = blocked
        designatorWords = try ByteKeyTable(reading: &reader, limit: Int(Int32.max))
        smallLetterStarts = try Self.readStartFilter(&reader)
        asciiSmallLetterStarts = try Self.readStartFilter(&reader)
        let followerWords: FlatArray<UInt64> = try reader.array()
        guard followerWords.count == FollowerFilter.bitCount / 64 else {
            throw reader.corrupt("the mention automaton's follower filter has the wrong size")
        }
        followers = FollowerFilter(words: followerWords)
    }


    private static func readStartFilter(_ reader: inout SnapshotReader) throws(SnapshotError) -> StartFilter {
        let bits: FlatArray<UInt32> = try reader.array()
        let words: FlatArray<UInt64> = try reader.array()
        guard bits.count == 256, words.count == StartFilter.wordBitCount / 64 else {
            throw reader.corrupt("the mention automaton's start filter has the wrong size")
        }
        return StartFilter(bits: bits, words: words)
    }

    /// Looks up the ids of `tokens` and marks common words.
    func annotate(_ tokenizer: inout TextTokenizer) {
        let vocabulary = self.vocabulary
        tokenizer.arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress!
            tokenizer.tokens.withUnsafeMutableBufferPointer { tokens in
                for position in tokens.indices {
                    let token = tokens[position]
                    let values = vocabulary.values(of: UnsafeBufferPointer(start: base + Int(token.foldStart),
                                                                          count: Int(token.foldEnd - token.foldStart)))
                    guard !values.isEmpty else { continue }
                    let value = values[0]
                    tokens[position].id = (value & Self.idMask) - 1
                    if value & Self.commonFlag != 0 && !(token.allCaps && token.length > 1) {
                        tokens[position].flags.insert(.common)
                    }
                }
            }
        }
    }

    /// Whether a folded token is a designator word or particle.
    func isDesignatorWord(_ folded: ArraySlice<UInt8>) -> Bool {
        folded.withUnsafeBufferPointer { !designatorWords.values(of: $0).isEmpty }
    }

    /// The child of `node` along token `id`, or nil.
    @inline(__always)
    func child(_ node: Int32, _ id: Int32) -> Int32? {
        edges[UInt64(UInt32(node)) << 32 | UInt64(UInt32(id))]
    }
}
