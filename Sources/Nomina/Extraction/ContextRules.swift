import Foundation

/// The rules of context (docs/extraction.md, "Precision rules"): a mention that is part of a
/// longer capitalised name, or the name of a person, is not a mention of the shorter entity.
///
/// - **Longer names**: a short form (``KnownSurface/shortForm``: an approximate match of seven
///   letters or fewer, an abbreviation such as "Aya" or "Naka", a name of five letters or fewer
///   of something other than a country) with a *name word* right before or after it, joined by a space, is part
///   of a longer name: "Aya Nakamura", "Gaza City". A name word is a capitalised word of a
///   cased script that is not a mention itself, not a common word ("The", "Monday", "New"),
///   not in capitals ("US", "NATO"), not a title or a word for a person ("President",
///   "Minister"), not a designator ("Region", "Republic"), and, before the mention, not the
///   first word of a sentence or line (whose capital says nothing).
/// - **Given names**: a country or US state whose name is also a given name (``givenNames``:
///   Jordan, Georgia, Israel, Virginia, Indiana…) followed by a name word is a person:
///   "Jordan Peterson", "Israel Katz", "Virginia Woolf". Other full country names stay mentions beside capitalised words ("Baku
///   Azerbaijan", "Russia China talks").
/// - **"New"**: a name after a capitalised "New" is part of another place's name: "moved to
///   New Jersey" (a longer name that is an entity, "New Zealand", is found whole). Where
///   "New" starts a sentence or stands in a headline, it may be the adjective ("New Iran
///   sanctions"): there only ``newPlaces`` ("New Mexico passed a law").
/// - **People**: a short form or given-name country (not a person's name) right after a title
///   or a word for a person is that person: "striker Naka", "Mr. Naka", "singer Aya".
/// - **Headlines**: the first two rules do not apply on a line in title case (at least three
///   capitalised words of four letters or more, and no word of three letters or more in
///   small letters but function words such as "and", "with"), where every word is
///   capitalised: "Fighting Resumes In Naka".
///
/// A longer name that is itself an entity is found as one by the passes before.
extension MentionScanner {
    /// A set of token positions, a bit each: an empty one allocates nothing (most lines
    /// have no mention), and a line with thousands of mentions costs constant time a
    /// look-up (a list of ranges searched whole made such a line quadratic).
    struct TokenSet {
        private var words: [UInt64] = []

        mutating func insert(integersIn range: Range<Int>) {
            let range = max(range.lowerBound, 0)..<max(range.upperBound, 0)
            guard let last = range.last else { return }
            if last >> 6 >= words.count { words += repeatElement(0, count: (last >> 6) + 1 - words.count) }
            for position in range { words[position >> 6] |= 1 << UInt64(position & 63) }
        }

        mutating func remove(integersIn range: Range<Int>) {
            for position in range where position >= 0 && position >> 6 < words.count {
                words[position >> 6] &= ~(1 << UInt64(position & 63))
            }
        }

        func contains(_ position: Int) -> Bool {
            position >= 0 && position >> 6 < words.count && words[position >> 6] & (1 << UInt64(position & 63)) != 0
        }
    }

    /// Titles, written before a person's name.
    static let titleWords: Set<String> = [
        "president", "minister", "premier", "chancellor", "secretary", "general", "gen", "mr", "mrs", "ms", "dr", "sir",
        "lord", "lady", "king", "queen", "prince", "princess", "sheikh", "emir", "sultan", "senator", "sen", "governor",
        "gov", "mayor", "ambassador", "envoy", "commander", "colonel", "col", "lieutenant", "lt", "captain", "capt",
        "sergeant", "sgt", "admiral", "marshal", "judge", "justice", "pope", "cardinal", "bishop", "rabbi", "imam",
        "ayatollah", "patriarch", "professor", "prof", "deputy", "chairman", "chairwoman", "spokesman", "spokeswoman",
        "speaker", "mister", "madame", "monsieur", "herr", "frau", "señor", "senor",
    ]
    /// Words before a surname that make it no mention of the person: articles, and words
    /// for a person ("the Moon", "Coach Johnson"), folded.
    static let surnameBlockers: Set<String> = personWords.union(["the", "a", "an", "le", "la", "les", "der", "die", "das"])
    /// Particles that join a place's name to a longer name ("Stade de France").
    static let nameParticles: Set<String> = ["de", "du", "des", "of", "von", "van", "di", "da", "del", "della", "do", "dos"]
    /// Words of three letters or more that headlines leave in small letters, folded.
    static let headlineLowercase: Set<String> = ["and", "the", "for", "but", "nor", "yet", "off", "via", "per", "von", "des",
                                                 "les", "der", "die", "das", "del", "los", "las", "with", "from", "into", "over", "after", "amid", "about", "against", "than",
                                                 "that", "this", "near", "upon", "onto", "under", "until", "while", "says",
                                                 "pour", "dans", "avec", "sans", "sous", "vers", "chez", "über", "nach", "gegen",
                                                 "para", "desde", "sobre", "entre", "contra"]
    /// Prepositions and articles of the major Latin-script and Cyrillic languages, folded:
    /// never a name word ("В Москве", "Selon Paris", "Nach Berlin", "Desde Madrid").
    static let prepositions: Set<String> = PlaceMentionRules.placePrepositions.union(PlaceMentionRules.casePrepositions).union([
        "for", "with", "by", "on", "of", "over", "after", "before", "since", "until", "across", "through", "inside", "beyond",
        "depuis", "selon", "pour", "chez", "sur", "sous", "apres", "avant", "contre", "entre", "par", "sans", "avec", "jusqu",
        "mit", "fur", "gegen", "uber", "unter", "zwischen", "seit", "por", "con", "sin", "sobre", "contra", "hasta", "dal",
        "nel", "verso", "tra", "fra", "vo", "po", "za", "dlia", "bez", "pri", "o", "ob", "iz-za", "pislia", "pered",
    ])
    /// Titles written with a full stop ("Mr. Naka").
    static let abbreviatedTitles: Set<String> = ["mr", "mrs", "ms", "dr", "gen", "sen", "gov", "col", "lt", "capt", "sgt", "prof"]
    /// Words for a person, written in small letters before a name ("striker Naka").
    static let personWords: Set<String> = [
        "striker", "midfielder", "defender", "forward", "goalkeeper", "keeper", "winger", "fullback", "coach", "manager",
        "player", "teammate", "footballer", "cricketer", "batsman", "pitcher", "quarterback", "singer", "rapper",
        "actor", "actress", "artist", "author", "writer", "novelist", "poet", "director", "producer", "musician",
        "guitarist", "drummer", "bassist", "pianist", "composer", "comedian", "model", "designer", "chef", "dancer",
        "boxer", "wrestler", "swimmer", "sprinter", "skater", "cyclist", "golfer", "jockey", "champion", "rookie", "star",
        "idol", "influencer", "presenter", "journalist", "photographer", "blogger",
    ]
    /// The most letters of an approximate match that counts as a short form.
    static let shortApproximateLetters = 7
    /// Entities whose name after "New" is another place's (New Mexico, New Jersey, New Guinea,
    /// New York state, New England, New Britain):
    /// recognised even where "New" may be an adjective (a sentence start, a headline).
    static let newPlaces: Set<String> = ["mexico", "jersey", "guinea", "york", "england", "hampshire", "brunswick",
                                         "orleans", "britain", "ireland", "amsterdam"]
    /// Given names in Latin letters, folded (`Resources/given-names.txt`, generated by
    /// `Curation/given-names.py` from Faker's first-name lists): a one-word name right after
    /// one is a surname ("Tom Holland", "Jack London").
    static let givenNameList: Set<String> = {
        guard let url = Bundle.module.url(forResource: "given-names", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.map(String.init))
    }()
    /// French determiners before a noun, folded ("l" of "l'", "d" of "d'").
    static let frenchDeterminers: Set<String> = ["un", "une", "le", "la", "les", "des", "du", "l", "d", "ce", "cet", "cette",
                                                 "ces", "chaque", "deux", "trois", "plusieurs", "quelques", "aux", "au"]
    /// A French demonym's ending, folded: Syrien, Italienne, Indiens, Jordaniennes.
    static func frenchDemonymEnding(_ word: String) -> Bool {
        word.count > 5 && (word.hasSuffix("ien") || word.hasSuffix("ienne") || word.hasSuffix("iens") || word.hasSuffix("iennes"))
    }
    /// Country and US state names that are also given names, folded ("Virginia Woolf",
    /// "Indiana Jones", "Tennessee Williams").
    static let givenNames: Set<String> = ["jordan", "georgia", "israel", "jamaica", "chad", "china", "cuba", "india", "kenya",
                                          "america", "virginia", "indiana", "tennessee", "nevada", "montana", "florida"]

    /// Drops from `found` (in text order) the mentions the rules of context refuse.
    mutating func applyContextRules(_ bytes: UnsafeBufferPointer<UInt8>, _ found: inout [FoundMention]) {
        var headline: (lines: Range<Int>, value: Bool)?
        widenPersonNames(bytes, &found)
        // Words found as bulk places still count as name words for their neighbours, and so
        // do short forms beside a bulk place: "Nakamura" (a town in Japan) makes "Aya" part
        // of a longer name, and "Aya" makes "Nakamura" so.
        var bulkTokens = TokenSet()
        for item in found where item.mention.known.bulk { bulkTokens.insert(integersIn: item.tokens) }
        for item in found where item.mention.known.shortForm && !item.mention.known.bulk
            && (bulkTokens.contains(item.tokens.upperBound) || (item.tokens.lowerBound > 0 && bulkTokens.contains(item.tokens.lowerBound - 1))) {
            bulkTokens.insert(integersIn: item.tokens)
        }
        // In place: most lines drop nothing.
        var kept = 0
        for index in found.indices {
            let item = found[index]
            guard !dropped(bytes, item, &headline, bulkTokens: bulkTokens) else { continue }
            if kept != index { found[kept] = item }
            kept += 1
        }
        if kept < found.count { found.removeLast(found.count - kept) }
        absorbArticles(bytes, &found)
        qualifyByCountry(bytes, &found)
    }

    /// What may stand between a place and its country: a comma and spaces ("Tripoli,
    /// Lebanon"), or spaces and an opening bracket ("Georgia (USA)").
    static func qualifies(_ between: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = between.first else { return false }
        if first == 0x2C { return between.dropFirst().allSatisfy { $0 == 0x20 } }
        return between.last == 0x28 && between.dropLast().allSatisfy { $0 == 0x20 }
    }

    /// "Tripoli, Lebanon", "Georgia, USA": a mention followed by a comma (or a bracket) and a mention of a
    /// country or territory is read as `resolve` reads "Tripoli, Lebanon" — among the
    /// entities of its name in that country — when its own answer is not in it and that
    /// reading finds one.
    mutating func qualifyByCountry(_ bytes: UnsafeBufferPointer<UInt8>, _ found: inout [FoundMention]) {
        guard found.count >= 2 else { return }
        let resolver = extractor.resolver
        for index in found.indices.dropLast() {
            let place = found[index].mention, country = found[index + 1].mention
            // The bytes between first: most neighbours are not "X, Country".
            guard place.utf8Range.upperBound < country.utf8Range.lowerBound,
                  Self.qualifies(bytes[place.utf8Range.upperBound..<country.utf8Range.lowerBound]),
                  country.known.outcome == .match, place.known.outcome != .noMatch,
                  let state = country.known.resolution?.best, state.kind == .country || state.kind == .territory,
                  let answer = place.known.resolution,
                  let countryPosition = resolver.gazetteer.position(of: state.id) else { continue }
            if answer.outcome == .match, let best = answer.best, let position = resolver.gazetteer.position(of: best.id),
               resolver.isWithin(position, countryPosition) { continue }
            // Only when some entity of the name lies in the country (a list, "Russia,
            // Azerbaijan", costs a key lookup, not a resolution).
            guard let hits = resolver.index.byKey[resolver.index.normalizer.key(place.surface)],
                  hits.contains(where: { resolver.isWithin(Int(resolver.index.entries[Int($0)].entity), countryPosition) })
            else { continue }
            let qualified = resolver.resolve(place.surface + ", " + country.surface)
            guard qualified.outcome == .match, let best = qualified.best, best.id != answer.best?.id,
                  qualified.explanation.contains(where: { if case .qualifiedByCountry = $0 { return true } else { return false } })
            else { continue }
            let resolution = Resolution(query: place.surface, outcome: .match, best: best, candidates: qualified.candidates,
                                        explanation: qualified.explanation)
            let known = KnownSurface(surface: Array(place.surface.utf8), resolution: resolution, extractor: extractor)
            found[index] = FoundMention(mention: Mention(surface: place.surface, start: place.start, end: place.end,
                                                         utf8Range: place.utf8Range, known: known),
                                        tokens: found[index].tokens)
        }
    }

    /// "Vladimir V. Putin", "Sergey Viktorovich Lavrov", "Recep Erdogan": a person found by a
    /// surname covers the initials, patronymics and words of the person's own names written
    /// before it, so that a rewrite replaces the whole name once ("Vladimir Putin", not
    /// "Vladimir V. Vladimir Putin"). A surname after another capitalised name word is
    /// someone else's, or a name written in a way the gazetteer does not know ("Vladmir
    /// Putin"): no mention, rather than a rewrite that doubles the given name.
    mutating func widenPersonNames(_ bytes: UnsafeBufferPointer<UInt8>, _ found: inout [FoundMention]) {
        guard found.contains(where: { $0.mention.known.surname }) else { return }
        let tokens = tokenizer.tokens
        var covered = TokenSet()
        for item in found { covered.insert(integersIn: item.tokens) }
        /// A capitalised word beside the surname, joined by a space (or a hyphen before it),
        /// that is no mention, title, word for a person, preposition or article.
        func nameWord(_ position: Int, beside other: Int) -> Bool {
            let (first, second) = position < other ? (position, other) : (other, position)
            guard !covered.contains(position), !Self.lineBreak(bytes, tokens[first], tokens[second]),
                  tokens[second].separator == .space || (position < other && tokens[second].separator == .hyphen) else { return false }
            let token = tokens[position]
            let word = word(position)
            return token.cased && token.capitalized && !token.allCaps && !token.common && !token.continuation
                && !Self.titleWords.contains(word) && !Self.personWords.contains(word) && !Self.prepositions.contains(word)
                && !Mention.articles.contains(word)
        }
        var kept: [FoundMention] = []
        kept.reserveCapacity(found.count)
        for item in found {
            let ownWords = item.mention.known.personWords
            guard item.mention.known.surname, item.tokens.count == 1, !ownWords.isEmpty else {
                kept.append(item)
                continue
            }
            var start = item.tokens.lowerBound
            while start > 0, item.tokens.lowerBound - start < 4 {
                let before = start - 1
                let token = tokens[before]
                guard !covered.contains(before), token.cased, token.capitalized, !token.allCaps || token.length == 1,
                      !Self.lineBreak(bytes, token, tokens[start]) else { break }
                let word = word(before)
                let initial = token.length == 1 && tokens[start].separator == .dot
                    && bytes[Int(token.byteEnd)] == UInt8(ascii: ".")
                let joined = tokens[start].separator == .space || tokens[start].separator == .hyphen
                guard initial || (joined && (ownWords.contains(word) || Self.isPatronymic(word))) else { break }
                start = before
            }
            // A name word still before it (another person's, or an unknown form of this
            // one's), or after it ("Xi Jingping": surname first, or a name the gazetteer does
            // not know): no mention.
            let end = item.tokens.upperBound
            if (start > 0 && nameWord(start - 1, beside: start))
                || (end < tokens.count && nameWord(end, beside: end - 1) && !ownWords.contains(word(end))) {
                covered.remove(integersIn: item.tokens)
                continue
            }
            kept.append(start < item.tokens.lowerBound ? widened(item, from: start, bytes) : item)
        }
        found = kept
    }

    /// `item` starting at token `start` instead (the same resolution).
    private func widened(_ item: FoundMention, from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> FoundMention {
        let first = tokenizer.tokens[start]
        let range = Int(first.byteStart)..<item.mention.utf8Range.upperBound
        let surface = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return FoundMention(mention: Mention(surface: surface, start: Int(first.scalarStart), end: item.mention.end,
                                             utf8Range: range, known: item.mention.known),
                            tokens: start..<item.tokens.upperBound)
    }

    /// "The Russian Federation", "the Czech Republic": an English official form takes "the",
    /// the name it is rewritten to ("Russia", "Czechia") does not. The article becomes part
    /// of the mention, so that a rewrite replaces both ("Russia signed", not "The Russia
    /// signed"); ``Mention/keptArticle(for:)`` keeps it for names that take one.
    mutating func absorbArticles(_ bytes: UnsafeBufferPointer<UInt8>, _ found: inout [FoundMention]) {
        let tokens = tokenizer.tokens
        for index in found.indices {
            let item = found[index]
            let start = item.tokens.lowerBound
            guard start > 0, tokens[start].separator == .space, !Self.lineBreak(bytes, tokens[start - 1], tokens[start]),
                  word(start - 1) == "the", index == 0 || found[index - 1].tokens.upperBound < start,
                  let name = item.mention.entity?.name else { continue }
            let words = item.mention.surface.lowercased().split(separator: " ").map(String.init)
            guard words.contains(where: Mention.formWords.contains),
                  !name.lowercased().split(separator: " ").contains(where: { Mention.formWords.contains(String($0)) }) else { continue }
            found[index] = widened(item, from: start - 1, bytes)
        }
    }

    /// A Russian patronymic in Latin letters, folded: "viktorovich", "sergeyevna".
    static func isPatronymic(_ word: String) -> Bool {
        word.count >= 7 && ["ovich", "evich", "ovna", "evna", "ichna"].contains { word.hasSuffix($0) }
    }

    private func dropped(_ bytes: UnsafeBufferPointer<UInt8>, _ item: FoundMention,
                         _ headline: inout (lines: Range<Int>, value: Bool)?, bulkTokens: TokenSet) -> Bool {
        let tokens = tokenizer.tokens
        let start = item.tokens.lowerBound, end = item.tokens.upperBound
        guard tokens[start].cased else { return false }
        let known = item.mention.known
        // The word before (its first token), joined by a space or, after a title, a full stop.
        var previous: Int?
        if start > 0, !Self.lineBreak(bytes, tokens[start - 1], tokens[start]) {
            var position = start - 1
            while position > 0 && tokens[position].continuation { position -= 1 }
            if tokens[start].separator == .space
                || (tokens[start].separator == .dot && Self.abbreviatedTitles.contains(word(position))
                    && bytes[Int(tokens[start - 1].byteEnd)] == UInt8(ascii: ".")) {
                previous = position
            }
        }
        let next: Int? = end < tokens.count && tokens[end].separator == .space
            && !Self.lineBreak(bytes, tokens[end - 1], tokens[end]) ? end : nil
        // "New Jersey", "New Mexico". At the start of a sentence or in a headline "New" may be
        // the adjective ("New Iran sanctions"): there only the places written so.
        if let previous, tokens[previous].capitalized, word(previous) == "new" {
            if !isSentenceStart(bytes, previous) && !isHeadline(bytes, start, &headline) { return true }
            if end - start == 1, Self.newPlaces.contains(word(start)) { return true }
        }
        // "Un Syrien", "l'Italien": after a French determiner, a word ending in -ien(ne)(s)
        // is a person or a language ("Syrien" is Syria only in German, which has no "un").
        if end - start == 1, start > 0, Self.frenchDemonymEnding(word(start)) {
            let determiner = previous.map(word) ?? (tokens[start].separator == .apostrophe ? word(start - 1) : nil)
            if let determiner, Self.frenchDeterminers.contains(determiner) { return true }
        }
        // "the Moon", "Coach Johnson", "Johnson & Johnson": a person's surname after an
        // article is a word; after a word for a person, another person; beside "&", a firm.
        if known.surname, end - start == 1 {
            if let previous, Self.surnameBlockers.contains(word(previous)) { return true }
            let range = item.mention.utf8Range
            var after = range.upperBound, before = range.lowerBound - 1
            while after < bytes.count && bytes[after] == 0x20 { after += 1 }
            while before >= 0 && bytes[before] == 0x20 { before -= 1 }
            if (after < bytes.count && bytes[after] == UInt8(ascii: "&")) || (before >= 0 && bytes[before] == UInt8(ascii: "&")) {
                return true
            }
        }
        // "Burma Road", "Siam Commercial Bank", "Swaziland Railways": a former name before a
        // capitalised word is part of a longer name that kept it.
        if known.historical, end - start == 1, let next, tokens[next].capitalized, !tokens[next].covered {
            return true
        }
        // "the Stade de France": a place's one-word name before "de", "of", "von"… and a
        // capitalised word is part of a longer name ("Bank of America" is a negative name).
        if known.bulk, end - start == 1, let next, Self.nameParticles.contains(word(next)), next + 1 < tokens.count,
           tokens[next + 1].separator == .space, tokens[next + 1].capitalized {
            return true
        }
        // "Tom Holland", "Jack London", "James Cameron": a one-word name right after a
        // capitalised given name (itself no mention, no common word) is a surname, whatever
        // it names and wherever the two stand (a sentence start, a headline). A person of
        // the gazetteer written with a given name is found whole ("David Cameron").
        if let previous, end - start == 1,
           previous + 1 == start, tokens[previous].capitalized, !tokens[previous].allCaps,
           !tokens[previous].common, !tokens[previous].covered, tokens[start].capitalized,
           Self.givenNameList.contains(word(previous)) {
            return true
        }
        // Bulk places are short forms whatever their length: a town named as a surname is
        // common ("Aya Nakamura", "Jordan Peterson"), and "Washington Post" is no mention.
        guard known.shortForm || known.givenName || known.bulk else { return false }
        // "striker Naka", "Mr. Naka": a person (unless the entity is one: "Minister Lavrov").
        if let previous, item.mention.entity?.kind != .person,
           Self.personWords.contains(word(previous)) || Self.titleWords.contains(word(previous)) {
            return true
        }
        // Capitals make an abbreviation plain ("US Navy"), or say nothing (a line in capitals).
        if item.tokens.allSatisfy({ tokens[$0].continuation || (tokens[$0].allCaps && tokens[$0].length > 1) }) { return false }
        // Before a bulk place or a surname, a capitalised first word of a sentence is a name
        // word too ("Aya Nakamura sang", "James Cameron said"): a sentence rarely starts with
        // a word just before a town's name or a surname.
        // In Cyrillic a sentence's first word says nothing ("Жители Харькова", "Заявление
        // Лаврова"): only English-like texts start so often with a given name.
        let before = (known.shortForm || known.bulk)
            && previous.map { isNameWord(bytes, $0, before: !(known.bulk || known.surname) || isCyrillic(bytes, $0), bulkTokens: bulkTokens) } == true
        let after = next.map { isNameWord(bytes, $0, before: false, bulkTokens: bulkTokens) } == true
        guard before || after else { return false }
        return !isHeadline(bytes, start, &headline)
    }

    /// Whether the token at `position` starts with a Cyrillic letter (UTF-8 lead bytes
    /// D0–D4).
    private func isCyrillic(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        let first = bytes[Int(tokenizer.tokens[position].byteStart)]
        return first >= 0xD0 && first <= 0xD4
    }

    /// The folded first token of the word at `position`.
    private func word(_ position: Int) -> String {
        String(decoding: tokenizer.folded(tokenizer.tokens[position]), as: UTF8.self)
    }

    /// Whether the word starting at token `position` would make a longer name with a mention
    /// beside it (before it, with `before`).
    private func isNameWord(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, before: Bool,
                            bulkTokens: TokenSet = TokenSet()) -> Bool {
        var position = position
        // "O'Keeffe", "D'Souza": the word after the apostrophe says whether it is a name.
        if tokenizer.tokens[position].length == 1, position + 1 < tokenizer.tokens.count,
           tokenizer.tokens[position + 1].separator == .apostrophe, tokenizer.tokens[position].capitalized {
            position += 1
        }
        let token = tokenizer.tokens[position]
        guard token.cased, token.capitalized, !(token.allCaps && token.length > 1), !token.common,
              !token.covered || bulkTokens.contains(position) else {
            return false
        }
        let word = word(position)
        if Self.titleWords.contains(word) || Self.personWords.contains(word) || Self.prepositions.contains(word)
            || automaton.isDesignatorWord(tokenizer.folded(token)) {
            return false
        }
        return !(before && isSentenceStart(bytes, position))
    }

    /// Whether the word at token `position` starts a sentence or a line.
    private func isSentenceStart(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        guard position > 0 else { return true }
        let token = tokenizer.tokens[position], previous = tokenizer.tokens[position - 1]
        switch token.separator {
        case .start, .dot: return true
        case .space: return Self.lineBreak(bytes, previous, token)
        case .other:
            // A comma goes on with the sentence; a colon, quote, bracket or other stop may not.
            return Self.between(bytes, previous, token).contains {
                $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: " ")
            }
        case .none, .hyphen, .apostrophe: return false
        }
    }

    /// Whether a line break stands between two tokens.
    private static func lineBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ previous: TextToken, _ next: TextToken) -> Bool {
        between(bytes, previous, next).contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// The bytes between two tokens: none for the tokens of one word, which a word folded
    /// into several tokens ("Мэй" → "me" "y") shares (their ranges overlap).
    static func between(_ bytes: UnsafeBufferPointer<UInt8>, _ previous: TextToken, _ next: TextToken) -> Slice<UnsafeBufferPointer<UInt8>> {
        let start = Int(previous.byteEnd), end = Int(next.byteStart)
        return start < end ? bytes[start..<end] : bytes[start..<start]
    }

    /// Whether the line of token `position` is in title case; worked out once a line
    /// (`cache` holds the last line's tokens).
    private func isHeadline(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int,
                            _ cache: inout (lines: Range<Int>, value: Bool)?) -> Bool {
        if let cache, cache.lines.contains(position) { return cache.value }
        let tokens = tokenizer.tokens
        var lineStart = position, lineEnd = position + 1
        while lineStart > 0 && !Self.lineBreak(bytes, tokens[lineStart - 1], tokens[lineStart]) { lineStart -= 1 }
        while lineEnd < tokens.count && !Self.lineBreak(bytes, tokens[lineEnd - 1], tokens[lineEnd]) { lineEnd += 1 }
        // At least three capitalised words of four letters or more, and every word of three
        // or more capitalised but for function words ("and", "with", "from"): "Aya Nakamura
        // performed at the Stade de France on Saturday" and "Jordan Peterson met Elon Musk"
        // are sentences, not headlines.
        var capitalised = 0, lowercase = 0
        for position in lineStart..<lineEnd where !tokens[position].continuation && tokens[position].cased && tokens[position].length >= 3 {
            if tokens[position].capitalized {
                if tokens[position].length >= 4 { capitalised += 1 }
            } else if !Self.headlineLowercase.contains(word(position)) {
                lowercase += 1
            }
        }
        let value = capitalised >= 3 && lowercase == 0
        cache = (lineStart..<lineEnd, value)
        return value
    }
}
