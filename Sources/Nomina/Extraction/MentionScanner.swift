import Dispatch
import Foundation

/// Finds mentions for one thread at a time, reusing its token buffers and remembering the
/// resolutions of recent surfaces (names repeat in a corpus); made by
/// ``MentionExtractor/scanner()``. Not `Sendable`: make one per thread or task.
public struct MentionScanner {
    /// The extractor whose gazetteer and options the scanner uses.
    public let extractor: MentionExtractor
    /// The most names ending at different words that are tried from one start, longest
    /// first (real dictionaries have a few: "New", "New York", "New York City").
    static let maximumNameEndsTried = 16
    var tokenizer: TextTokenizer
    /// Recent surfaces → what the extractor knows of them (``KnownSurface``): two ways of
    /// 8,192 sets, picked by the hash of the bytes; a hit in the second way moves to the
    /// first, and a new surface pushes the second out. Misses go to the extractor's shared
    /// cache, and only then to the resolver.
    private var recent = [RecentEntry](repeating: RecentEntry(hash: 0, known: nil), count: 2 << 13)
    /// A surface's hash beside it: a miss is told without touching the object, and both ways
    /// of a set share a cache line.
    private struct RecentEntry {
        var hash: UInt64
        var known: KnownSurface?
    }
    /// Where names end in the walk from one start; `named`: a name may end there (a negative
    /// name may also end after a comma or brackets that no name of the node has).
    private var ends: [(end: Int, node: Int32, named: Bool)] = []

    /// - Parameter lookUpEveryWord: look every word up in the vocabulary, not only those a
    ///   name can start or go on with (tests compare the two).
    init(_ extractor: MentionExtractor, lookUpEveryWord: Bool = false) {
        self.extractor = extractor
        self.tokenizer = TextTokenizer(normalizer: extractor.resolver.index.normalizer)
        self.tokenizer.vocabulary = extractor.automaton.vocabulary
        if extractor.options.requireCapitals && !lookUpEveryWord {
            self.tokenizer.smallLetterStarts = extractor.automaton.asciiSmallLetterStarts
            self.tokenizer.followers = extractor.automaton.followers
        }
    }

    var options: ExtractorOptions { extractor.options }
    var automaton: MentionAutomaton { extractor.automaton }

    /// The mentions in `text`, in order, never overlapping.
    public mutating func mentions(in text: String) -> [Mention] {
        var text = text
        return text.withUTF8 { mentions($0) }
    }

    /// `text` with its matched mentions rewritten, and the mentions.
    public mutating func rewrite(_ text: String) -> (text: String, mentions: [Mention]) {
        let found = mentions(in: text)
        return (MentionExtractor.rewrite(text, found), found)
    }

    /// The mentions in `bytes`, which must be valid UTF-8 (the CLI checks each record
    /// first): the same as ``mentions(in:)`` without making a string.
    package mutating func mentions(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Mention] { mentions(bytes) }

    /// The mentions in UTF-8 `bytes` (valid UTF-8).
    mutating func mentions(_ bytes: UnsafeBufferPointer<UInt8>) -> [Mention] {
        tokenizer.tokenize(bytes)
        guard !tokenizer.tokens.isEmpty else { return [] }
        if !tokenizer.annotated { automaton.annotate(&tokenizer) }
        var found: [FoundMention] = []
        var blockedUntil = 0
        var blockedEntities: [Int32] = []
        var start = 0
        let count = tokenizer.tokens.count
        scan: while start < count {
            defer { start += 1 }
            // Straight to the next word of the vocabulary (most words are not).
            start = tokenizer.tokens.withUnsafeBufferPointer { tokens in
                var position = start
                while position < count && (tokens[position].id < 0 || tokens[position].continuation) { position += 1 }
                return position
            }
            guard start < count else { break }
            let first = tokenizer.tokens[start]
            // A word in small letters ("the", "of" after a name) starts nothing, unless a name
            // or a negative name is written with it first.
            if options.requireCapitals && first.cased && !first.capitalized
                && !automaton.smallLetterStarts.admits(tokenizer.arena[Int(first.foldStart)],
                                                        length: Int(first.foldEnd - first.foldStart)) { continue }
            // Walk the trie: every place a name (or negative name) ends, longest last.
            ends.removeAll(keepingCapacity: true)
            var node: Int32 = 0
            var end = start
            var crossedPunctuation = false
            while end < count {
                let token = tokenizer.tokens[end]
                if end > start && !Self.joins(tokenizer.tokens[end - 1], token) {
                    // A comma or brackets, for names written with them.
                    guard Self.isNamePunctuation(bytes, tokenizer.tokens[end - 1], token) else { break }
                    crossedPunctuation = true
                }
                guard token.id >= 0, let child = automaton.child(node, token.id) else { break }
                node = child
                end += 1
                let terminal = automaton.terminals[Int(node)]
                // Negative names apply across commas and brackets, as `resolve` compares keys:
                // in "Atlanta, Georgia", Georgia is the US state.
                if !terminal.isEmpty && (end == count || !tokenizer.tokens[end].continuation) {
                    let named = !crossedPunctuation || terminal.contains(.punctuated)
                    if named || terminal.contains(.negative) { ends.append((end, node, named)) }
                }
            }
            guard !ends.isEmpty else { continue }
            // A negative name blocks its entities over its span.
            for (negativeEnd, node, _) in ends.reversed() where automaton.terminals[Int(node)].contains(.negative) {
                if negativeEnd > blockedUntil || blockedUntil <= start { blockedEntities = [] }
                blockedUntil = max(blockedUntil, negativeEnd)
                blockedEntities += automaton.blocked[node] ?? []
                cover(start, negativeEnd)
                break
            }
            // Cheap guards first: small first letters (unless a name is written so), and one
            // common word.
            let lowercase = options.requireCapitals && first.cased && !first.capitalized
            var tried = 0
            for (nameEnd, node, named) in ends.reversed() where named && automaton.terminals[Int(node)].contains(.name) {
                if lowercase && !automaton.terminals[Int(node)].contains(.lowercase) { continue }
                if first.common && (nameEnd == start + 1 || tokenizer.tokens[start + 1..<nameEnd].allSatisfy(\.continuation)) {
                    continue
                }
                // Each try reads its span: a dictionary of names that nest a word deep ("Zqx",
                // "Zqx Zqx", … 255 of them) made every start cost the square of the chain.
                tried += 1
                if tried > Self.maximumNameEndsTried { break }
                guard var mention = mention(bytes, start, nameEnd, approximate: false) else { continue }
                if start < blockedUntil, let entity = mention.entity,
                   let position = extractor.resolver.gazetteer.position(of: entity.id), blockedEntities.contains(Int32(position)) {
                    continue
                }
                // Names joined by a conjunction are one mention each, even where a pair lists
                // the phrase as a name ("Азербайджан и Армения" as "Azerbaijan and Armenia").
                if let parts = conjunctionParts(bytes, start, nameEnd, mention) {
                    found += parts
                    cover(start, nameEnd)
                    start = nameEnd - 1
                    continue scan
                }
                var (mentionStart, mentionEnd) = (start, nameEnd)
                if options.approximate {
                    // A name inside a longer hyphenated word is that word's ("Aya" in "Aya-Yaah"),
                    // if the word resolves; designators written before it belong to it
                    // ("République d'Azerbaïdjan").
                    if let longer = hyphenatedWord(bytes, start, nameEnd) {
                        (mention, mentionEnd) = longer
                    } else if let longer = withDesignators(bytes, start, nameEnd, mention) {
                        (mention, mentionStart) = longer
                    }
                }
                found.append(FoundMention(mention: mention, tokens: mentionStart..<mentionEnd))
                cover(mentionStart, mentionEnd)
                start = mentionEnd - 1
                continue scan
            }
        }
        // The later passes add mentions between those of the first: put them in text order.
        let fromNames = found.count
        if tokenizer.hasSegmentedWords { segmentedMentions(bytes, into: &found) }
        if options.approximate { approximateMentions(bytes, into: &found) }
        if found.count > fromNames { found.sort { $0.tokens.lowerBound < $1.tokens.lowerBound } }
        guard !found.isEmpty else { return [] }
        if options.contextRules { applyContextRules(bytes, &found) }
        return found.map(\.mention)
    }

    /// The written words that join the members of a pair or group into one phrase.
    static let conjunctions: Set<String> = ["and", "und", "et", "e", "y", "i", "и", "і", "й", "та", "ve", "en", "og", "och",
                                            "és", "a", "和", "与", "與", "及", "跟", "同", "と", "や"]

    /// When tokens `start..<end` are a pair or group written as names joined by conjunctions
    /// ("Азербайджан и Армения", "Armenia and Azerbaijan"), one mention per name, if every
    /// part is one: a conjunction of two country names in text is two countries. A name of
    /// the pair written otherwise is the pair ("Russia-Ukraine", 阿亚, "Aya"), and so is a
    /// phrase whose parts are not names ("North and South Korea").
    private mutating func conjunctionParts(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                           _ found: Mention) -> [FoundMention]? {
        guard end - start >= 3, found.entity?.kind.hasMembers == true else { return nil }
        var cuts: [Int] = []
        for position in (start + 1)..<(end - 1) {
            let token = tokenizer.tokens[position], next = tokenizer.tokens[position + 1]
            guard !token.continuation, !next.continuation, token.separator == .space || token.separator == .none,
                  next.separator == .space || next.separator == .none else { continue }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.byteStart)..<Int(token.byteEnd)]),
                              as: UTF8.self)
            if Self.conjunctions.contains(word.lowercased()) { cuts.append(position) }
        }
        guard !cuts.isEmpty else { return nil }
        var parts: [FoundMention] = []
        var partStart = start
        for cut in cuts + [end] {
            guard cut > partStart, let part = mention(bytes, partStart, cut, approximate: false) else { return nil }
            parts.append(FoundMention(mention: part, tokens: partStart..<cut))
            partStart = cut + 1
        }
        return parts
    }

    /// Names that ICU's word dictionary cut into several words (a Thai transliteration of a
    /// country name is rarely in it): runs of 2–8 segmented words, longest first, looked up
    /// as written.
    private mutating func segmentedMentions(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [FoundMention]) {
        var start = 0
        let count = tokenizer.tokens.count
        while start < count {
            let token = tokenizer.tokens[start]
            guard token.segmented, !token.covered, !token.continuation else { start += 1; continue }
            var runEnd = start + 1
            while runEnd < count, runEnd - start < 8, tokenizer.tokens[runEnd].segmented,
                  tokenizer.tokens[runEnd].separator == .none, !tokenizer.tokens[runEnd].covered { runEnd += 1 }
            var matched = false
            var end = runEnd
            while end >= start + 2 {
                defer { end -= 1 }
                guard end == count || !tokenizer.tokens[end].continuation else { continue }
                let range = Int(token.byteStart)..<Int(tokenizer.tokens[end - 1].byteEnd)
                guard !extractor.resolver.index.exact.lookup.values(of: UnsafeBufferPointer(rebasing: bytes[range])).isEmpty,
                      let mention = mention(bytes, start, end, approximate: false) else { continue }
                found.append(FoundMention(mention: mention, tokens: start..<end))
                cover(start, end)
                matched = true
                start = end
                break
            }
            if !matched { start += 1 }
        }
    }

    private mutating func cover(_ start: Int, _ end: Int) {
        for position in start..<end { tokenizer.tokens[position].flags.insert(.covered) }
    }

    /// The most tokens a hyphenated word may have to be read as one name ("Aya-Yaah" has 2,
    /// "Guinea-Bissau" 2, "Trinidad-and-Tobago" 3).
    static let maximumHyphenatedParts = 8

    /// When tokens `start..<end` are followed by more of a hyphenated word ("Aya" of
    /// "Aya-Yaah"), the whole word's mention, if the resolver matches it.
    private mutating func hyphenatedWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Mention, Int)? {
        var wordEnd = end
        let tokens = tokenizer.tokens
        // One hyphen between the parts and nothing else: one code point, a hyphen or an en
        // dash (U+2011, the non-breaking hyphen, is three bytes), not an em dash, which
        // breaks a sentence ("France—Germany had closed").
        while wordEnd < tokens.count, tokens[wordEnd].separator == .hyphen,
              tokens[wordEnd].scalarStart == tokens[wordEnd - 1].scalarEnd + 1,
              Self.joinsWord(bytes, from: Int(tokens[wordEnd - 1].byteEnd), to: Int(tokens[wordEnd].byteStart)),
              !tokens[wordEnd].covered {
            wordEnd += 1
            // A chain of more parts than any name has is not one word: without this bound,
            // "Naka-Naka-…-Naka" (20,000 parts) rescanned the chain from every name in it
            // (22 s, 2 GB).
            if wordEnd - start > Self.maximumHyphenatedParts { return nil }
        }
        while wordEnd < tokens.count, tokens[wordEnd].continuation { wordEnd += 1 }
        guard wordEnd > end, let mention = mention(bytes, start, wordEnd, approximate: true) else { return nil }
        return (mention, wordEnd)
    }

    /// Whether `bytes[from..<to]` is one character that joins the parts of a hyphenated
    /// word: the hyphen-minus, the hyphen (U+2010), the non-breaking hyphen (U+2011), the
    /// en dash (U+2013: "Azerbaijan–Armenia"), the minus sign (U+2212), the small and
    /// fullwidth hyphen-minus (U+FE63, U+FF0D).
    static func joinsWord(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        guard from >= 0, from < to, to <= bytes.count else { return false }
        let (value, length) = UTF8Decoding.decode(bytes, at: from)
        guard length == to - from else { return false }
        return value == 0x2D || value == 0x2010 || value == 0x2011 || value == 0x2013 || value == 0x2212
            || value == 0xFE63 || value == 0xFF0D
    }

    /// When a designator or particle stands right before tokens `start..<end`, with
    /// capitalised words before it ("République d'"), the longer mention, if it resolves to
    /// the same entity.
    private mutating func withDesignators(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                          _ found: Mention) -> (Mention, Int)? {
        let tokens = tokenizer.tokens
        guard start > 0, Self.joins(tokens[start - 1], tokens[start]),
              automaton.isDesignatorWord(tokenizer.folded(tokens[start - 1])) else { return nil }
        var candidates: [Int] = []
        var position = start - 1
        while position >= 0, start - position <= 4, !tokens[position].covered {
            let token = tokens[position]
            if !token.continuation {
                let designator = automaton.isDesignatorWord(tokenizer.folded(token))
                guard token.capitalized || designator else { break }
                if token.capitalized && !token.common { candidates.append(position) }
            }
            guard position > 0, Self.joins(tokens[position - 1], token) else { break }
            position -= 1
        }
        for candidate in candidates.reversed() {
            if let longer = mention(bytes, candidate, end, approximate: true), longer.entity?.id == found.entity?.id {
                return (longer, candidate)
            }
        }
        return nil
    }

    /// Runs of capitalised words the first pass left, resolved through every stage.
    private mutating func approximateMentions(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [FoundMention]) {
        var start = 0
        let count = tokenizer.tokens.count
        while start < count {
            // Straight to the next candidate word (most words are not).
            start = tokenizer.tokens.withUnsafeBufferPointer { tokens in
                var position = start
                while position < count && !(Self.isCandidate(tokens[position]) && !tokens[position].continuation) { position += 1 }
                return position
            }
            guard start < count else { break }
            // The run: capitalised words joined by spaces or hyphens.
            var end = start + 1, words = 1
            while end < count {
                let token = tokenizer.tokens[end]
                if token.continuation { end += 1; continue }
                guard words < options.maximumApproximateWords, token.separator == .space || token.separator == .hyphen,
                      Self.isCandidate(token) else { break }
                words += 1
                end += 1
            }
            // Longest spans first, leftmost first.
            var matched = false
            var length = end - start
            search: while length >= 1 {
                for spanStart in start...(end - length) {
                    let spanEnd = spanStart + length
                    guard !tokenizer.tokens[spanStart].continuation,
                          spanEnd == count || !tokenizer.tokens[spanEnd].continuation else { continue }
                    var letters = 0
                    for position in spanStart..<spanEnd where !tokenizer.tokens[position].continuation {
                        letters += Int(tokenizer.tokens[position].length)
                    }
                    guard letters >= options.minimumApproximateLength,
                          let mention = mention(bytes, spanStart, spanEnd, approximate: true) else { continue }
                    found.append(FoundMention(mention: mention, tokens: spanStart..<spanEnd))
                    cover(spanStart, spanEnd)
                    matched = true
                    break search
                }
                length -= 1
            }
            if !matched { start = end }  // nothing in this run; else rescan what is left of it
        }
    }

    /// A capitalised word of a cased script, not a common word, not yet part of a mention.
    @inline(__always)
    private static func isCandidate(_ token: TextToken) -> Bool {
        token.cased && token.capitalized && !token.common && !token.covered
    }

    /// Whether only a comma or brackets (and spaces) stand between two tokens.
    static func isNamePunctuation(_ bytes: UnsafeBufferPointer<UInt8>, _ previous: TextToken, _ next: TextToken) -> Bool {
        guard next.separator == .other else { return false }
        var marks = 0
        for byte in MentionScanner.between(bytes, previous, next) {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: ")"): marks += 1
            case UInt8(ascii: " "): continue
            default: return false
            }
        }
        return marks >= 1 && marks <= 2
    }

    /// Whether a name may continue from one token to the next across what separates them.
    @inline(__always)
    static func joins(_ previous: TextToken, _ next: TextToken) -> Bool {
        switch next.separator {
        case .none, .space, .hyphen, .apostrophe: return true
        case .dot: return previous.length <= 3 && previous.byteEnd + 1 < next.byteStart  // "St. Lucia"
        case .start, .other: return false
        }
    }

    /// The resolution of a surface: recent ones from this scanner, else the extractor's.
    private mutating func recentSurface(_ bytes: UnsafeBufferPointer<UInt8>) -> KnownSurface {
        let hash = UTF8Decoding.hash(bytes)
        let first = (Int(truncatingIfNeeded: hash) & (recent.count / 2 - 1)) * 2
        // Which way holds the surface, if one does (the hashes first: no object touched).
        var way = -1
        if recent[first].hash == hash { way = 0 } else if recent[first + 1].hash == hash { way = 1 }
        if way >= 0, let known = recent[first + way].known, Self.equal(known.surface, bytes) {
            if way == 1 { recent.swapAt(first, first + 1) }
            return known
        }
        let entry = extractor.known(String(decoding: bytes, as: UTF8.self))
        recent[first + 1] = recent[first]
        recent[first] = RecentEntry(hash: hash, known: entry)
        return entry
    }

    @inline(__always)
    private static func equal(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.count == bytes.count
            && stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    /// Letters (one or two each) joined by full stops: "U.S", "U.K", "E.U".
    static func isDottedAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var letters = 0, dots = 0
        for byte in bytes {
            if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") {
                letters += 1
                if letters > 2 { return false }
            } else if byte == UInt8(ascii: "."), letters > 0 {
                letters = 0
                dots += 1
            } else {
                return false
            }
        }
        return dots > 0 && letters > 0
    }

    /// Whether a full stop ending at `position` may end a sentence: nothing follows, or
    /// spaces and then a capital letter (or a line end, or a non-ASCII letter, which may be
    /// a capital).
    static func mayEndSentence(_ bytes: UnsafeBufferPointer<UInt8>, after position: Int) -> Bool {
        var next = position
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == 0x09 { next += 1 }
        guard next < bytes.count else { return true }
        let byte = bytes[next]
        if next == position {  // no space: "U.S.-Russia", "U.S.," "U.S.)"
            return false
        }
        return (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte >= 0x80 || byte == 0x0A || byte == 0x0D
            || byte == UInt8(ascii: "\"")
    }

    /// The mention of tokens `start..<end`, if the resolver finds an entity for it (a match,
    /// or for names as written, ambiguous) and the guards let it through.
    private mutating func mention(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                  approximate: Bool) -> Mention? {
        let first = tokenizer.tokens[start], last = tokenizer.tokens[end - 1]
        var range = Int(first.byteStart)..<Int(last.byteEnd)
        var scalarEnd = Int(last.scalarEnd)
        // A name with an open bracket ("Congo (Brazzaville") takes the closing one with it.
        if range.upperBound < bytes.count, bytes[range.upperBound] == UInt8(ascii: ")") {
            var depth = 0
            for byte in bytes[range] {
                if byte == UInt8(ascii: "(") { depth += 1 } else if byte == UInt8(ascii: ")") { depth -= 1 }
            }
            if depth > 0 {
                range = range.lowerBound..<(range.upperBound + 1)
                scalarEnd += 1
            }
        }
        // An abbreviation written with full stops ("U.S", "U.K") takes its last one with it:
        // "the U.S. and" is "the United States and", not "the United States. and". Not when
        // the stop may also end the sentence (the end of the text, or a capital after it).
        if Self.isDottedAbbreviation(UnsafeBufferPointer(rebasing: bytes[range])), range.upperBound < bytes.count,
           bytes[range.upperBound] == UInt8(ascii: "."), !Self.mayEndSentence(bytes, after: range.upperBound + 1) {
            range = range.lowerBound..<(range.upperBound + 1)
            scalarEnd += 1
        }
        let surfaceBytes = UnsafeBufferPointer(rebasing: bytes[range])
        let known = recentSurface(surfaceBytes)
        guard known.outcome != .noMatch, !(known.outcome == .ambiguous && approximate) else { return nil }
        // The name matched must be one the scanner looks for: the Georgian აზერბაიჯანი folds
        // to the key of the English adjective, and the Swahili "Azerbaijani" is written
        // as it, but neither makes "Azerbaijani" in English text a mention of the country.
        if !options.allLanguages, known.bestMethod == .exact || known.bestMethod == .folded, !known.reliable { return nil }
        // A Latin word is not a name written in another script that folds to it ("LAWS" is
        // the key of the Arabic لاوس, "ISLAND" is not; the Georgian პაკისტანი folds to
        // "pakistani").
        if !options.allLanguages, known.bestMethod == .folded || known.bestMethod == .designator, first.cased,
           let matched = known.resolution?.best?.matchedName, !ResolverIndex.hasLatinLetters(matched),
           ResolverIndex.hasLatinLetters(String(decoding: surfaceBytes, as: UTF8.self)) {
            return nil
        }
        // Likewise a name found by stripping nothing but an article ("THE LAWS" is "laws", a
        // name of Laos in Arabic script): the word alone would not be a mention.
        if approximate || !(options.allLanguages || known.reliable), known.bestMethod == .designator,
           known.resolution?.explanation.contains(where: { step in
               if case .strippedDesignators(let removed, _) = step {
                   return removed.allSatisfy { ResolverIndex.designatorStopwords.contains($0) }
               }
               return false
           }) == true {
            return nil
        }
        // Names as written or folded are the first pass's; here they are names it does not
        // look for (smaller languages, unless `allLanguages`).
        if approximate && (known.method == .exact || known.method == .folded) && end - start == 1 { return nil }
        // A code in capitals ("AND", "ARE", "CAN") is a word of capitalised text as often as a
        // country: `resolve` reads codes, running text does not.
        if known.method == .code { return nil }
        if options.requireCapitals && first.cased && !first.capitalized && !known.lowercaseName { return nil }
        // Han: a name as written (or a derived abbreviation), of two characters or more; a
        // pinyin reading may match a name of something else ("度" → "du").
        if first.ideographic {
            guard end - start >= 2, known.method == .exact || known.method == .abbreviation else { return nil }
        }
        // A word that extends a name is another word: adjectives, demonyms, plurals
        // ("Russian", "Armenians" are not the countries).
        if approximate && known.extendsName { return nil }
        // One common word is not a mention, even capitalised ("May", "Man").
        var words = 0, allCaps = true
        for position in start..<end where !tokenizer.tokens[position].continuation {
            words += 1
            if !tokenizer.tokens[position].allCaps { allCaps = false }
        }
        if words == 1 && first.common { return nil }
        // Nor is a run of common words in capitals matched approximately ("IS AND" is one
        // edit from the German "Island"; capitals do not make words common, to keep "US").
        if approximate && allCaps,
           String(decoding: surfaceBytes, as: UTF8.self).lowercased().split(whereSeparator: { !$0.isLetter })
               .allSatisfy({ MentionExtractor.commonWords.contains(String($0)) }) {
            return nil
        }
        // A word folded to a name in another script is a word of its own script: the Thai
        // "กัน" folds to "kan", a name of Ganzhou; the Russian "Турки" (Turks) to the
        // Assamese তুৰ্কি (Turkey). (`resolve` still reads names across scripts.)
        if !options.allLanguages, known.bestMethod == .folded, !known.sameScript { return nil }
        // A word in capitals among words in capitals is shouting, not an acronym: "ANY OTHER
        // PARTY WHO MODIFIES" has no mention of the WHO (and "WHO said" has).
        if words == 1 && allCaps, case let word = String(decoding: surfaceBytes, as: UTF8.self).lowercased(),
           MentionExtractor.commonWords.contains(word) || MentionExtractor.functionWords.contains(word) {
            func shouting(_ position: Int) -> Bool {
                position >= 0 && position < tokenizer.tokens.count && tokenizer.tokens[position].allCaps
                    && tokenizer.tokens[position].length > 1
            }
            if shouting(start - 1) || shouting(end) { return nil }
        }
        // An acronym is written in capitals: "Un accord", "Bis bald", "Irena" are not the UN,
        // the BIS or IRENA (the resolver folds case; the text says which was meant).
        if known.acronym && first.cased && !allCaps { return nil }
        // Places of the bulk lists: as written, capitalised, not ordinary words, not at a
        // sentence start unless large (``PlaceMentionRules``).
        if known.bulk {
            var previousWord: String?
            if start > 0, first.separator == .space {
                let previous = tokenizer.tokens[start - 1]
                previousWord = String(decoding: tokenizer.arena[Int(previous.foldStart)..<Int(previous.foldEnd)], as: UTF8.self)
            }
            var nextWord: String?
            var nextCapitalized = false
            if end < tokenizer.tokens.count, tokenizer.tokens[end].separator == .space || tokenizer.tokens[end].separator == .dot {
                let next = tokenizer.tokens[end]
                nextWord = String(decoding: tokenizer.arena[Int(next.foldStart)..<Int(next.foldEnd)], as: UTF8.self)
                nextCapitalized = next.separator == .space && next.capitalized && !next.common
            }
            let surface = String(decoding: surfaceBytes, as: UTF8.self)
            var context = PlaceMentionRules.Context(
                surface: surface, words: words, cased: first.cased, capitalized: first.capitalized, allCaps: allCaps,
                ideographic: first.ideographic, characters: end - start,
                sentenceStart: first.separator == .start || first.separator == .dot,
                previousWord: previousWord,
                // A case form is read by rule, not by likeness: a place as written ("в Москве").
                approximate: known.bestMethod == .inflected ? false
                    : approximate || !(known.bestMethod == .exact || known.bestMethod == .folded),
                population: known.population)
            context.nextWord = nextWord
            context.folded = known.bestMethod == .folded
            context.inflected = known.bestMethod == .inflected
            context.nextCapitalized = nextCapitalized
            context.givenName = known.givenNameWord
            context.canonical = known.canonicalName
            context.joinsWords = known.joinsWords
            context.designatorWord = words == 1 && automaton.isDesignatorWord(tokenizer.folded(first))
            if first.ideographic {
                func han(_ position: Int) -> String? {
                    guard position >= 0, position < tokenizer.tokens.count, tokenizer.tokens[position].ideographic else { return nil }
                    let token = tokenizer.tokens[position]
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.byteStart)..<Int(token.byteEnd)]), as: UTF8.self)
                }
                if first.separator == .none { context.previousHan = han(start - 1) }
                if end < tokenizer.tokens.count, tokenizer.tokens[end].separator == .none { context.nextHan = han(end) }
            }
                        if previousWord == "a" {
                let previous = tokenizer.tokens[start - 1]
                context.afterIndefiniteArticle = previous.byteEnd - previous.byteStart == 1
            }
            guard PlaceMentionRules.admits(context) else { return nil }
        }
        guard known.resolution != nil else { return nil }
        let surface = String(decoding: surfaceBytes, as: UTF8.self)
        return Mention(surface: surface, start: Int(first.scalarStart), end: scalarEnd, utf8Range: range, known: known)
    }
}
