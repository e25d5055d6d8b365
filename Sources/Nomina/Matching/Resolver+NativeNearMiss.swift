/// Near misses counted in the letters of the query's own script, and the adjectives and
/// case forms that designators of a language leave, compared with names in that language.
extension Resolver {
    /// A name in a script other than Latin that is a few letters from a name of one
    /// country, territory or region written in the same script, the letters counted without
    /// vowel signs and other marks: "Свалбард и Жан Мејен" is two letters from the Serbian
    /// "Свалбард и Јан Мајен", though its key ("svalbard i zhan mejen") is four edits from
    /// that name's; an older spelling in CLDR, a Kashmiri or Myanmar variant, is as near.
    /// After the fuzzy stage, which counts edits in the keys; names only, never running
    /// text. Up to 1 letter for 5 to 8 letters, 2 up to 16, 3 beyond; one entity nearest,
    /// and for one word not an ending only ("Танзаниец", a Tanzanian, is two letters from
    /// "Танзания" at its end: a demonym, not a misspelling; "Эфиоп" one from the Chechen
    /// "Эфиопи").
    func nativeNearMiss(_ query: String, into context: inout Context) -> Bool {
        guard nameFilter == nil, context.wholeQuery, query.utf8.count <= Self.maximumNativeNearMissBytes,
              let script = Self.firstScript(query), script != .latin,
              !query.unicodeScalars.contains(where: { $0.properties.isAlphabetic && Script.of($0) == .latin }) else { return false }
        let letters = Self.nativeLetters(query)
        let length = letters.count { $0 != 0x20 }
        let budget = length < 5 ? 0 : length <= 8 ? 1 : length <= 16 ? 2 : 3
        guard budget > 0 else { return false }
        let scorer = CachedLevenshtein(letters)
        var nearest: [Int32: (distance: Int, names: [ResolverIndex.NativeName])] = [:]
        // Anchored as the fuzzy stage is, with one edit allowed at the start: the first or
        // second letters agree, in place or shifted by one (a few comparisons before the
        // distance, which thousands of Cyrillic names would cost a third of a millisecond).
        let first = letters[0], second = letters.count > 1 ? letters[1] : 0
        for candidate in index.nativeNames(in: script) where abs(candidate.letters.count - letters.count) <= budget {
            let other = candidate.letters
            guard other[0] == first || (other.count > 1 && (other[1] == second || other[1] == first)) || other[0] == second else { continue }
            if let kinds = options.kinds, !kinds.contains(index.summaries[Int(candidate.entity)].kind) { continue }
            let distance = scorer.distance(to: candidate.letters, cutoff: budget)
            guard distance <= budget else { continue }
            if let known = nearest[candidate.entity], known.distance < distance { continue }
            if let known = nearest[candidate.entity], known.distance == distance {
                nearest[candidate.entity]?.names.append(candidate)
            } else {
                nearest[candidate.entity] = (distance, [candidate])
            }
        }
        guard let fewest = nearest.values.map(\.distance).min() else { return false }
        let closest = nearest.filter { $0.value.distance == fewest }
        guard closest.count == 1, let (entity, found) = closest.first, !context.blocked.contains(entity) else { return false }
        // One word that differs from a nearest name in its last two letters only: another
        // ending, a demonym ("Эфиоп", an Ethiopian, beside the Chechen "Эфиопи").
        if fewest > 0, !letters.contains(0x20), found.names.contains(where: { Self.differsAtEndOnly(letters, $0.letters) }) { return false }
        let name = found.names[0]
        guard let hit = index.exact.values(of: name.name).first(where: { index.entries[Int($0)].entity == entity }) else { return false }
        let score = Scores.fuzzyCeiling * (1 - Double(fewest) / Double(max(letters.count, name.letters.count)))
        context.steps.append(.nativeNearMiss(name: name.name, edits: fewest))
        return decide([(hit, score, fewest)], method: .fuzzy, into: &context)
    }

    /// Letters and the letter ``nativeLetters(_:)`` reads them as: Arabic ة → ه, ى → ي,
    /// أ إ آ ٱ → ا; Greek ς → σ and the accented vowels as the plain ones.
    static let arabicVariants: [UInt32: UInt32] = [
        0x0629: 0x0647, 0x0649: 0x064A, 0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627, 0x0671: 0x0627,
        // Greek: final sigma as sigma, vowels with tonos or dialytika as the vowel (a
        // query in capitals or decomposed has lost them).
        0x03C2: 0x03C3, 0x03AC: 0x03B1, 0x03AD: 0x03B5, 0x03AE: 0x03B7, 0x03AF: 0x03B9, 0x03CC: 0x03BF,
        0x03CD: 0x03C5, 0x03CE: 0x03C9, 0x03CA: 0x03B9, 0x03CB: 0x03C5, 0x0390: 0x03B9, 0x03B0: 0x03C5,
        0x0386: 0x03B1, 0x0388: 0x03B5, 0x0389: 0x03B7, 0x038A: 0x03B9, 0x038C: 0x03BF, 0x038E: 0x03C5,
        0x038F: 0x03C9, 0x03AA: 0x03B9, 0x03AB: 0x03C5,
    ]

    /// The longest query ``nativeNearMiss(_:into:)`` reads.
    static let maximumNativeNearMissBytes = 256

    /// Whether `a` and `b` agree but for their last two letters (the shorter one's).
    static func differsAtEndOnly(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        var shared = 0
        while shared < min(a.count, b.count), a[shared] == b[shared] { shared += 1 }
        return shared >= min(a.count, b.count) - 2
    }

    /// `text` as ``ResolverIndex/NativeName`` holds it: lowercase, marks (vowel signs,
    /// harakat, niqqud, combining accents), joiners and tatweel left out, Arabic letters
    /// that are written one for another made one (``arabicVariants``), anything but
    /// letters and digits a space, one space between words. Scalar by scalar, without
    /// Foundation: a precomposed letter stays one letter ("й" is one edit from "и").
    static func nativeLetters(_ text: String) -> [UInt32] {
        var letters: [UInt32] = []
        var space = false
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                continue
            case .decimalNumber:
                break
            default:
                if scalar == "\u{0640}" { continue }  // tatweel
                guard properties.isAlphabetic else { space = true; continue }
            }
            if space, !letters.isEmpty { letters.append(0x20) }
            space = false
            // Letters written one for another: Arabic ta marbuta as ha (السعوديه), alif
            // maqsura as ya, alif with hamza or madda as alif; Greek final sigma, accents.
            if let plain = Self.arabicVariants[scalar.value] {
                letters.append(plain)
            } else if properties.isUppercase, let lower = properties.lowercaseMapping.unicodeScalars.first {
                letters.append(lower.value)
            } else {
                letters.append(scalar.value)
            }
        }
        return letters
    }
}

extension ResolverIndex {
    /// The names of curated countries, territories and regions (not states or provinces)
    /// written in `script`, made once per script.
    func nativeNames(in script: Script) -> [NativeName] {
        if let names = nativeNames.withLock({ $0[script] }) { return names }
        var names: [NativeName] = []
        for place in curatedPlaces() {
            for (name, _, written) in place.names where written == script && name.utf8.count <= Resolver.maximumNativeNearMissBytes {
                let letters = Resolver.nativeLetters(name)
                if !letters.isEmpty { names.append(NativeName(letters: letters, name: name, entity: place.entity)) }
            }
        }
        nativeNames.withLock { $0[script] = names }
        return names
    }
}

extension Resolver {
    /// What designators of known languages leave, one word (after a Scandinavian article,
    /// "Den Italienske Republik"), read as an adjective or a case form of a name in those
    /// languages: the names of one country, territory or region (not a state or province)
    /// in the designators' languages that share the word's beginning, all but at most three
    /// letters of the shorter word and at least five (or a whole name of four), the
    /// longest such beginning deciding: Czech "Francouzská republika" (Francie),
    /// Hungarian "Olasz Köztársaság" (Olaszország), Turkish "Fransız Cumhuriyeti"
    /// (Fransa), Albanian "Republika e Iranit" (Iran). Without a designator, never:
    /// "Olasz" alone is an adjective. Nil when no name shares enough.
    func languageStemHits(_ core: [String], designators: [String]) -> LanguageStem? {
        var words = core
        if words.count == 2, Self.scandinavianArticles.contains(words[0]) { words.removeFirst() }
        guard words.count == 1 else { return nil }
        let word = Array(words[0].utf8)
        // A word that is a name itself is that name, not an adjective of another:
        // "Repubblica di Venezia" is no Venezuela, "Republik Malibu" no Mali.
        guard word.count >= 4, word.count <= 40, word.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }),
              !index.designatorEdges.contains(words[0]), index.byKey[words[0]] == nil else { return nil }
        // Not English: its adjectives are the listed demonyms, and what else an English
        // designator leaves is often a name of its own ("the State of Alania" is no Åland).
        var languages = designators.reduce(into: Set<String>()) { $0.formUnion(index.designatorLanguages[$1] ?? []) }
        languages.remove("en")
        guard !languages.isEmpty else { return nil }
        // The entity whose name shares the longest beginning: "austrii" (Polish, of
        // Austria) shares six letters with "austria", five with "australia".
        var entity: Int32?
        var tie = false
        var longest = 0
        var matched: [UInt8] = []
        for language in languages.sorted() {
            for name in index.languageNames(in: language) {
                let shorter = min(word.count, name.key.count)
                var shared = 0
                while shared < shorter, word[shared] == name.key[shared] { shared += 1 }
                // Five letters, or a whole name of four ("iranit", Albanian, of "iran"):
                // "Republik Marot" shares only "maro" with "Marokko".
                // A whole name followed by more than three letters is another word
                // ("Chadwick", "Indianapolis"; "egypt-ska", "iran-it" are forms).
                guard shared >= 5 || (shared == 4 && name.key.count == 4), shared >= shorter - 3, shared >= longest,
                      shared < name.key.count || word.count - shared <= 3 else { continue }
                if shared > longest {
                    (entity, tie, longest, matched) = (name.entity, false, shared, name.key)
                } else if entity != name.entity {
                    tie = true
                }
            }
        }
        if tie { return .several }
        guard let entity else { return nil }
        let key = String(decoding: matched, as: UTF8.self)
        let hits = (index.byKey[key] ?? []).filter { index.entries[Int($0)].entity == entity }
        return hits.isEmpty ? nil : .entity(name: key, hits: hits)
    }

    /// What ``languageStemHits(_:designators:)`` found.
    enum LanguageStem {
        /// Names of one entity, the first one's key, and its entries.
        case entity(name: String, hits: [Int32])
        /// Names of several entities: the word could be a form of either.
        case several
    }

    /// Articles of Danish, Norwegian and Swedish official names ("Den Franske Republik").
    static let scandinavianArticles: Set<String> = ["den", "det"]
}

extension ResolverIndex {
    /// The one-word keys of the names in `language` (its base language: "sr" for
    /// "sr-Latn") and the canonical names of curated countries, territories and regions
    /// that are no state or province, made once per language ("" for the canonical names
    /// alone).
    func languageNames(in language: String) -> [LanguageName] {
        if let names = languageNames.withLock({ $0[language] }) { return names }
        // The canonical names (no language, listed under "") too: a language that writes
        // the name so has no alias of its own for it (Czech "Egypt").
        var names: [LanguageName] = language.isEmpty ? [] : languageNames(in: "")
        for place in curatedPlaces() {
            // Names of several words have keys of several (most of them: looked at first).
            for (name, tag, _) in place.names
            where (tag ?? "") == language && name.utf8.count <= 64 && !name.utf8.contains(0x20) {
                let key = normalizer.key(name)
                guard !key.isEmpty, !key.utf8.contains(0x20) else { continue }
                names.append(LanguageName(key: Array(key.utf8), entity: place.entity))
            }
        }
        languageNames.withLock { $0[language] = names }
        return names
    }
}

extension ResolverIndex {
    /// The curated countries, territories and regions that are no state or province (of a
    /// country or territory) nor a part of the world (``isWorldRegion(_:)``), with their
    /// names: the canonical one (no language) first, then
    /// the aliases, each with its base language ("sr" for "sr-Latn") and the script of its
    /// first letter. Read once, by the summaries first: a compiled index
    /// decodes each entity it is asked for, and only these few hundred are.
    func curatedPlaces() -> [CuratedPlace] {
        if let places = curatedPlaceNames.withLock({ $0 }) { return places }
        var places: [CuratedPlace] = []
        for position in 0..<summaries.count {
            let summary = summaries[position]
            guard summary.tier == .curated else { continue }
            switch summary.kind {
            case .country, .territory:
                break
            case .region:
                if isSubdivision(position) || isWorldRegion(position) { continue }
            default:
                continue
            }
            let entity = gazetteer.entities[position]
            places.append(CuratedPlace(entity: Int32(position),
                                       names: [(entity.name, nil, Resolver.firstScript(entity.name))]
                                           + entity.aliases.map { ($0.name, $0.language.map(Resolver.baseLanguage), Resolver.firstScript($0.name)) }))
        }
        curatedPlaceNames.withLock { $0 = places }
        return places
    }
}

extension ResolverIndex {
    /// Whether the entity at `position` is a region whose parent is a country or
    /// territory (a state or province).
    func isSubdivision(_ position: Int) -> Bool {
        let summary = summaries[position]
        guard summary.kind == .region, let parent = summary.parent, let next = gazetteer.position(of: parent) else {
            return false
        }
        let kind = summaries[next].kind
        return kind == .country || kind == .territory
    }

    /// Whether the entity at `position` is a part of the world, a continent or a region of
    /// one ("Europe", "Northern Africa"): a region that lies in no country or territory by
    /// its parents and that no country claims. "European Union" is not a form of Europe.
    func isWorldRegion(_ position: Int) -> Bool {
        guard summaries[position].kind == .region else { return false }
        var current = position
        for _ in 0..<16 {
            guard let parent = summaries[current].parent, let next = gazetteer.position(of: parent) else { break }
            if summaries[next].kind != .region { return false }
            current = next
        }
        return gazetteer.entities[position].claimants.isEmpty
    }
}
