/// Stems, written forms (romanisations, codes) and romanised composites.
extension Resolver {
    /// Entries whose key starts with a stem of `core`, when one entity (or entities that
    /// are related) has them all: the longest stem that has any, from the whole core down
    /// to 5 letters fewer, and at least 5 letters (4 for a core of 5). Only countries,
    /// territories and regions (not states or provinces of a country), names in a major
    /// language (or curated) written in the query's script, or for Latin, Cyrillic and
    /// Greek in any of the three (not the Hindi
    /// कैमरून for a Latin or Greek query),
    /// and keys at most 3 letters longer than the core (their first word, when the rest are
    /// designators).
    func stemHits(_ core: String, script: Script?) -> (stem: String, hits: [Int32])? {
        guard let script else { return nil }
        let bytes = Array(core.utf8)
        guard bytes.count >= 5, bytes.count <= 40, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        // Five letters at least, six for a word of seven or more ("servi-ces" is not
        // "Servia"; "russ-a" is left to the phonetic key).
        let shortest = bytes.count >= 7 ? max(6, bytes.count - 5) : 5
        for length in stride(from: bytes.count, through: shortest, by: -1) {
            var hits: [Int32] = []
            var entities: Set<Int32> = []
            index.byKey.forEach(prefix: Array(bytes[..<length]), limit: 64) { key, values in
                // One word, or one word and designators ("Каймановы острова", whose core
                // "kaymanovy" is the stem "kayman" of "Ostrova Kayman").
                if key.contains(0x20) {
                    let words = String(decoding: key, as: UTF8.self).split(separator: " ").map(String.init)
                    guard words[0].utf8.count <= bytes.count + 3, stripDesignators(words) == [words[0]] else { return }
                } else {
                    guard key.count <= bytes.count + 3 else { return }
                }
                for hit in values {
                    let entry = index.entries[Int(hit)]
                    // Names in smaller languages are too many to share a stem with safely
                    // ("irish" would find a name of Russia, "Irisi").
                    guard entry.reliable, let written = Self.firstScript(entry.name),
                          Self.comparableScripts(script, written) else { continue }
                    let kind = index.summaries[Int(entry.entity)].kind
                    guard kind == .country || kind == .territory || kind == .region else { continue }
                    // Not a state or province ("Virgin Islands" is no form of Virginia), nor a
                    // part of the world ("Europian Union" is no form of Europe).
                    if kind == .region && (isSubdivision(Int(entry.entity)) || index.isWorldRegion(Int(entry.entity))) { continue }
                    hits.append(hit)
                    entities.insert(entry.entity)
                }
            }
            guard !hits.isEmpty else { continue }
            let ids = entities.map(Int.init)
            let first = ids[0]
            guard ids.allSatisfy({ $0 == first || index.summaries.related(first, $0) }) else { return nil }
            return (String(decoding: bytes[..<length], as: UTF8.self), hits)
        }
        return nil
    }

    /// A long official name cut short, as forms with a length limit leave it ("United
    /// Kingdom of Great Britain", "Saint Vincent and the"): whole words, at least two and
    /// ten letters, that begin names of one curated entity only (a country, territory or
    /// region, in a major language or curated, in the query's script) and of no other
    /// curated entity; below the designator stage's score. Names only, not running text.
    func namePrefix(_ normalized: NormalizedName, into context: inout Context) -> Bool {
        guard nameFilter == nil, context.wholeQuery, normalized.tokenCount >= 2,
              normalized.key.utf8.count >= Self.minimumNamePrefixBytes, normalized.key.utf8.count <= 120,
              let script = Self.firstScript(context.query) else { return false }
        var hits: [Int32] = []
        var entities: Set<Int32> = []
        var curatedEntities: Set<Int32> = []
        index.byKey.forEach(prefix: Array((normalized.key + " ").utf8), limit: 64) { _, values in
            for hit in values {
                let entry = index.entries[Int(hit)]
                let summary = index.summaries[Int(entry.entity)]
                guard summary.tier == .curated else { continue }
                curatedEntities.insert(entry.entity)
                guard entry.reliable, !entry.derived, let written = Self.firstScript(entry.name),
                      Self.comparableScripts(script, written),
                      summary.kind == .country || summary.kind == .territory || summary.kind == .region else { continue }
                hits.append(hit)
                entities.insert(entry.entity)
            }
        }
        guard entities.count == 1, curatedEntities == entities else { return false }
        context.steps.append(.namePrefix(normalized.key))
        return decide(hits, method: .prefix, score: Scores.namePrefix, into: &context)
    }

    /// The fewest bytes of a key that ``namePrefix(_:into:)`` completes.
    static let minimumNamePrefixBytes = 10

    /// Alphabets that romanise letter by letter: a stem in one may be compared with names
    /// in the others.
    static let alphabets: Set<Script> = [.latin, .cyrillic, .greek]

    /// Whether a name written in `written` may be compared with a query in `script`: the
    /// same script, or two of ``alphabets``.
    static func comparableScripts(_ script: Script, _ written: Script) -> Bool {
        written == script || (alphabets.contains(script) && alphabets.contains(written))
    }

    /// The script of the first letter of `text`.
    static func firstScript(_ text: String) -> Script? {
        text.unicodeScalars.first(where: { $0.properties.isAlphabetic }).map(Script.of)
    }

    /// "Tripoli, Lebanon", "Georgia, USA", "Massachusetts, United States": a name, a comma
    /// and a country or territory (found by its name or code as written or folded). The
    /// name's entities (as written or folded) that are that country or lie in it, by their
    /// parents or its claim, decide; when none does, the query goes on through the other
    /// stages. A two-letter code is no country here ("Richmond, CA").
    func qualifiedByCountry(_ trimmed: String, into context: inout Context) -> Bool {
        guard let comma = trimmed.lastIndex(of: ","), trimmed.utf8.count <= Self.maximumQueryBytes else { return false }
        let head = trimmed[..<comma].trimmingWhitespace
        let tail = trimmed[trimmed.index(after: comma)...].trimmingWhitespace
        guard !head.isEmpty, !tail.isEmpty, !head.contains(",") else { return false }
        // The country whatever kinds the options keep ("Moscow, Russia" with `--kind city`).
        var countryOptions = options
        countryOptions.kinds = nil
        let anyKind = options.kinds == nil ? self : Resolver(sharing: self, options: countryOptions)
        // A country or territory as written, folded or by its code. Not a two-letter code:
        // "Richmond, CA" is in California, not Canada.
        // After the comma, three letters in any case are a code ("Delaware, Usa": "Usa" is
        // also a town in Japan).
        func country(_ text: String) -> (id: String, position: Int)? {
            // A capital and two small letters ("Usa", "Nga") are an ISO alpha-3 code here,
            // before any name written so ("Nga" folds to a name of Russia); "and" or "can"
            // in small letters is a word.
            let bytes = Array(text.utf8)
            if bytes.count == 3, (0x41...0x5A).contains(bytes[0]), bytes.dropFirst().allSatisfy({ (0x61...0x7A).contains($0) }),
               let entities = codeEntities(text.uppercased()), entities.count == 1,
               index.summaries[entities[0]].kind == .country || index.summaries[entities[0]].kind == .territory {
                return (index.summaries[entities[0]].id, entities[0])
            }
            let country = anyKind.resolve(text)
            guard country.outcome == .match, let best = country.best,
                  [.exact, .folded, .code].contains(best.method), best.kind == .country || best.kind == .territory,
                  best.method != .code || text.unicodeScalars.filter(\.properties.isAlphabetic).count > 2,
                  let position = index.gazetteer.position(of: best.id) else { return nil }
            return (best.id, position)
        }
        // The name's entries first (a lookup), the country's resolution only when there are some.
        let key = index.normalizer.normalize(String(head)).key
        if !key.isEmpty, let hits = index.byKey[key], let (id, position) = country(String(tail)) {
            let inside = placesNotCountries(hits.filter { isWithin(Int(index.entries[Int($0)].entity), position) },
                                            of: hits, key: key, within: [position])
            if !inside.isEmpty {
                context.steps.append(.qualifiedByCountry(name: String(head), country: id))
                if decide(inside, method: .folded, score: Scores.folded, into: &context) { return true }
                return countryOfPlace(head: String(head), hits: hits, country: position, into: &context)
            }
            if countryOfPlace(head: String(head), hits: hits, country: position, into: &context) { return true }
        } else if !key.isEmpty, options.kinds != nil, let (_, position) = country(String(tail)),
                  countryOfPlace(head: String(head), hits: [], country: position, into: &context) {
            return true
        }
        // The country first, as the UN and statistical tables write a territory: "China, Hong
        // Kong Special Administrative Region", "Netherlands, Sint Maarten". The rest resolved
        // through the stages, and taken only when it lies in that country.
        guard let (id, position) = country(String(head)) else { return false }
        var inner = Context(query: String(tail))
        inner.blocked = context.blocked
        inner.wholeQuery = false
        let tailNormalized = index.normalizer.normalize(String(tail))
        guard !tailNormalized.key.isEmpty, resolveSingle(String(tail), tailNormalized, into: &inner, allowCompound: false),
              inner.outcome == .match, let chosen = inner.chosen, chosen.id != id,
              let chosenPosition = index.gazetteer.position(of: chosen.id), isWithin(chosenPosition, position) else { return false }
        context.steps.append(.qualifiedByCountry(name: String(tail), country: id))
        context.adopt(inner, chosen: chosen)
        return true
    }

    /// A name followed or preceded by the country it lies in, without a comma, as CLDR and
    /// statistical tables write territories in many languages: "Hong Kong SAR China" in
    /// Gujarati (હોંગકોંગ SAR ચીન), "Хонг Конг С. А. Р. Кина", "Georgia USA". The query splits into a name, a country (by a name of a
    /// curated country or territory, or a listed demonym) and between them only designators
    /// or particles; the one entity that the name's key gives and that lies in that country
    /// (by its parents or a claim) is the answer. Names only, not running text; after the
    /// designator stage, before the approximate ones.
    func qualifiedByParent(_ normalized: NormalizedName, into context: inout Context) -> Bool {
        guard nameFilter == nil, context.wholeQuery, normalized.tokenCount >= 2 else { return false }
        let tokens = normalized.tokens
        guard tokens.count <= Self.maximumQualifiedTokens else { return false }
        var found: [Int32]?
        var note: (name: String, country: String)?
        for split in 1..<tokens.count {
            // The name first and the country last, then the country first.
            for (nameSide, countrySide) in [(tokens[..<split], tokens[split...]), (tokens[split...], tokens[..<split])] {
                let countries = countryEntities(countrySide.joined(separator: " "))
                guard !countries.isEmpty else { continue }
                let nameFirst = nameSide.startIndex == 0
                for hits in qualifiedNameHits(Array(nameSide), nameFirst: nameFirst) {
                    func country(of hit: Int32) -> Int? {
                        let entity = Int(index.entries[Int(hit)].entity)
                        return countries.first { $0 != entity && isWithin(entity, $0) }
                    }
                    var inside = placesNotCountries(hits.filter { country(of: $0) != nil }, of: hits,
                                                    key: nameSide.joined(separator: " "), within: countries, ownNames: false)
                    // A curated entity before the towns in it named after it (Hong Kong).
                    let curated = inside.filter { index.summaries[Int(index.entries[Int($0)].entity)].tier == .curated }
                    if !curated.isEmpty { inside = curated }
                    let entities = Set(inside.map { index.entries[Int($0)].entity })
                    guard entities.count == 1 else { continue }
                    // Two readings that disagree name nothing.
                    if let found, index.entries[Int(found[0])].entity != entities.first { return false }
                    found = inside
                    note = (nameSide.joined(separator: " "), index.summaries[country(of: inside[0]) ?? countries[0]].id)
                    break
                }
            }
        }
        guard let found, let note else { return false }
        context.steps.append(.qualifiedByCountry(name: note.name, country: note.country))
        return decide(found, method: .folded, score: Scores.qualifiedByParent, into: &context)
    }

    /// Of `inside`, the hits of `key` that lie in the country, those a reader takes for a
    /// place there rather than a list of two countries: all of them, unless `hits` also name
    /// a curated country or territory elsewhere ("Iran Iraq", "Albania, France": the
    /// Iranian town Arāk has an alias "Iraq", Aubagne "Albania"); then curated entities and
    /// places whose own name has the key only ("Georgia, USA" is the state, "Armenia,
    /// Colombia" the town named Armenia), or without `ownNames` (no comma: "Mali China"
    /// is a list, not the Chinese town Mali) curated entities only.
    func placesNotCountries(_ inside: [Int32], of hits: [Int32], key: String, within countries: [Int],
                            ownNames: Bool = true) -> [Int32] {
        let namesCountry = hits.contains { hit in
            let entity = Int(index.entries[Int(hit)].entity)
            let summary = index.summaries[entity]
            return summary.tier == .curated && (summary.kind == .country || summary.kind == .territory)
                && !countries.contains { isWithin(entity, $0) }
        }
        guard namesCountry else { return inside }
        return inside.filter { hit in
            let summary = index.summaries[Int(index.entries[Int(hit)].entity)]
            return summary.tier == .curated || (ownNames && index.normalizer.key(summary.name) == key)
        }
    }

    /// The most words of a query that ``qualifiedByParent(_:into:)`` splits.
    static let maximumQualifiedTokens = 10

    /// The hits of a name beside a country in ``qualifiedByParent(_:into:)``: its key, then
    /// its key with designators and particles stripped on the side that faces the country
    /// ("hong kong sar" before "china"), particles and articles stripped the same way
    /// ("Islas Vírgenes de los" before "Estados Unidos"). A one-word name's core (of a name in another
    /// script) is no reading of it.
    private func qualifiedNameHits(_ words: [String], nameFirst: Bool) -> [[Int32]] {
        var keys = [words]
        var part = words[...]
        while part.count > 1, let edge = nameFirst ? part.last : part.first,
              ResolverIndex.designatorStopwords.contains(edge) || ResolverIndex.articles.contains(edge)
                || Self.ownershipWords.contains(edge) {
            part = nameFirst ? part.dropLast() : part.dropFirst()
        }
        if part.count < words.count { keys.append(Array(part)) }
        let stripped = stripDesignators(Array(part))
        if stripped.count < part.count, stripped.count > 0 {
            // Only what faces the country may go: "Quần đảo Virgin" keeps its "quần đảo".
            let kept = nameFirst ? part.starts(with: stripped) : part.reversed().starts(with: stripped.reversed())
            if kept { keys.append(stripped) }
        }
        return keys.compactMap { key in
            guard key.contains(where: { $0.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } }),
                  let hits = index.byKey[key.joined(separator: " ")] else { return nil }
            let admitted = key.count > 1 ? hits : hits.filter { !index.entries[Int($0)].core }
            return admitted.isEmpty ? nil : admitted
        }
    }

    /// Words that say a place belongs to a country, between the two: Vietnamese "thuộc".
    static let ownershipWords: Set<String> = ["thuoc"]

    /// The curated countries, territories and regions (not parts of the world; positions)
    /// that `key`, three letters or more, names by a name or a listed demonym: a place
    /// must lie in the region named ("Panama Texas" is no Panama City, Florida).
    private func countryEntities(_ key: String) -> [Int] {
        var positions: [Int] = []
        func add(_ position: Int) {
            let summary = index.summaries[position]
            guard summary.tier == .curated, !positions.contains(position) else { return }
            if summary.kind == .country || summary.kind == .territory || (summary.kind == .region && !index.isWorldRegion(position)) {
                positions.append(position)
            }
        }
        // Three letters at least: a letter or two of another script folds onto codes and
        // short names ("Birmingham ч").
        guard key.utf8.count >= 3 else { return [] }
        for hit in index.byKey[key] ?? [] where !index.entries[Int(hit)].core {
            add(Int(index.entries[Int(hit)].entity))
        }
        for entity in demonymEntities(key) { add(Int(entity)) }
        return positions.count <= 4 ? positions : []
    }

    /// "London, United Kingdom", "ALBERTA, CANADA" when the options ask for countries and
    /// territories only: the country the query names, when its kind is asked for and the
    /// name before the comma is a place in it of a kind not asked for, or a name the
    /// gazetteer does not know. Not in running text (a rewrite would drop the place), and
    /// not when the name is a country or territory elsewhere: "Georgia, Armenia" is a list.
    func countryOfPlace(head: String, hits: [Int32], country: Int, into context: inout Context) -> Bool {
        // A place has letters and is no particle ("2024, USA" and "the, USA" are not).
        let headKey = index.normalizer.key(head)
        guard let kinds = options.kinds, nameFilter == nil, context.wholeQuery,
              kinds.contains(index.summaries[country].kind), headKey.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }),
              !ResolverIndex.designatorStopwords.contains(headKey), !ResolverIndex.articles.contains(headKey)
        else { return false }
        let admittedElsewhere = hits.contains { hit in
            let entity = Int(index.entries[Int(hit)].entity)
            let kind = index.summaries[entity].kind
            return !isWithin(entity, country) && (kind == .country || kind == .territory || kinds.contains(kind))
        }
        guard !admittedElsewhere else { return false }
        let summary = index.summaries[country]
        return acceptOne([country], matched: { _ in summary.name }, method: .folded, score: Scores.countryOfPlace,
                         note: { _ in .countryOfPlace(name: head, country: summary.id) }, into: &context)
    }

    /// A compound written apart at its hyphen ("Kokos-eilande", "Kokos -eilande": the
    /// Afrikaans name is "Kokoseilande"), and a name behind an article or noun-class prefix
    /// joined by a hyphen ("i-South Africa" in Zulu): the name after the prefix, then the
    /// parts joined, each by its folded key among names of curated entities written in the
    /// query's script (a bulk town named "Kokoseilande" is no reading of it, nor the Arabic
    /// لاوس of "By-Laws").
    /// The dashes ``hyphenForms(_:into:)`` reads as hyphens.
    static let hyphens: Set<Character> = ["-", "\u{2010}", "\u{2011}"]

    func hyphenForms(_ trimmed: String, into context: inout Context) -> Bool {
        // (No "-" byte and no E2, the lead byte of U+2010 and U+2011: no dash.)
        guard trimmed.utf8.contains(where: { $0 == 0x2D || $0 == 0xE2 }) else { return false }
        let dashes = Self.hyphens
        guard trimmed.contains(where: { dashes.contains($0) }), trimmed.utf8.count <= Self.maximumQueryBytes else { return false }
        // Curated entities' names written in the query's script: "By-Laws" is not the
        // Arabic لاوس (laws) of Laos.
        let script = Self.firstScript(trimmed)
        func admitted(_ hits: [Int32]) -> [Int32] {
            hits.filter {
                let entry = index.entries[Int($0)]
                guard index.summaries[Int(entry.entity)].tier == .curated, let script,
                      let written = Self.firstScript(entry.name) else { return false }
                return Self.comparableScripts(script, written)
            }
        }
        func tryForm(_ form: String) -> Bool {
            let key = index.normalizer.normalize(form).key
            guard !key.isEmpty, let hits = index.byKey[key].map(admitted), !hits.isEmpty else { return false }
            context.steps.append(.rewritten(as: form))
            return decide(hits, method: .folded, score: Scores.joinedSyllables, into: &context)
        }
        // A leading prefix of one to three letters, then a dash (spaces before it aside:
        // "i  -South Africa"), then a letter.
        let characters = Array(trimmed)
        let dash = characters.firstIndex(where: { dashes.contains($0) }) ?? 0
        let prefix = characters[..<dash].filter { !$0.isWhitespace }
        // The prefix in small letters, or one letter ("i-", "al-", "L-"): "UK-France" and
        // "Lao-Thailand" are pairs, for the compound stage.
        if dash > 0, dash + 1 < characters.count, (1...3).contains(prefix.count),
           characters[..<dash].prefix(prefix.count).allSatisfy(\.isLetter),
           prefix.count == 1 || prefix.allSatisfy(\.isLowercase) {
            let rest = String(characters[(dash + 1)...]).trimmingWhitespace
            if rest.count >= 3, rest.first?.isLetter == true, tryForm(rest) { return true }
        }
        // The parts joined: a dash with any spaces around it, between two letters.
        var joined = ""
        var position = 0
        var changed = false
        while position < characters.count {
            let character = characters[position]
            if character.isWhitespace || dashes.contains(character) {
                var end = position
                var sawDash = false
                while end < characters.count, characters[end].isWhitespace || dashes.contains(characters[end]) {
                    if dashes.contains(characters[end]) { sawDash = true }
                    end += 1
                }
                if sawDash, position > 0, characters[position - 1].isLetter, end < characters.count, characters[end].isLetter {
                    changed = true
                } else {
                    joined.append(contentsOf: characters[position..<end])
                }
                position = end
            } else {
                joined.append(character)
                position += 1
            }
        }
        return changed && joined != trimmed && tryForm(joined)
    }

    /// Abbreviations of designators written out, or nil when the query has none: "Rep."
    /// Republic, "Rép." République, "Dem." Democratic, "Dém." démocratique, "Fed." Federated
    /// (before "Sts." or "States") or Federal, "Sts." States, "Is." and "Isl." Island(s),
    /// "Isls." Islands, "PDR" People's Democratic Republic, "DPR" Democratic People's
    /// Republic, "FYR" Former Yugoslav Republic, "RB" República Bolivariana. Each as a word
    /// of its own, case aside, with or without its full stops ("P.D.R."; "Is" and "Isl"
    /// only with one: "is" is an English word).
    static func expandingAbbreviations(_ query: String) -> String? {
        guard query.utf8.count <= 200, query.utf8.contains(where: { $0 == 0x2E || $0 == 0x20 || $0 == 0x2C }) else { return nil }
        var words = query.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var changed = false
        var expandedPositions: Set<Int> = []
        for position in words.indices {
            // The abbreviations are five letters at most ("repub"), full stops, commas and
            // brackets aside, and lowercasing never makes fewer scalars: a word of more
            // other scalars is none (most words; lowercasing each cost a failed query 2 µs).
            var letters = 0
            for scalar in words[position].unicodeScalars where !",();.".unicodeScalars.contains(scalar) {
                letters += 1
                if letters > 5 { break }
            }
            if letters > 5 { continue }
            var word = words[position]
            var leading = "", trailing = ""
            while let first = word.first, first == "," || first == "(" { leading.append(first); word.removeFirst() }
            while let last = word.last, last == "," || last == ")" || last == ";" { trailing = String(last) + trailing; word.removeLast() }
            let dotted = word.hasSuffix(".")
            // Letters with a full stop after each count as the letters ("P.D.R.", "R.B.").
            let lowercased = word.lowercased()
            let bare = lowercased.utf8.contains(0x2E) ? lowercased.replacingOccurrences(of: ".", with: "") : lowercased
            var next: String { position + 1 < words.count ? words[position + 1].lowercased() : "" }
            let replacement: String?
            switch bare {
            case "rep", "repub": replacement = "Republic"
            case "rép": replacement = "République"
            case "dem": replacement = "Democratic"
            case "dém": replacement = "démocratique"
            case "fed": replacement = next.hasPrefix("sts") || next.hasPrefix("states") ? "Federated" : "Federal"
            case "sts": replacement = "States"
            case "is", "isl": replacement = dotted && position > 0 ? (bare == "is" ? "Islands" : "Island") : nil
            case "isls": replacement = "Islands"
            case "pdr": replacement = "People's Democratic Republic"
            case "dpr": replacement = "Democratic People's Republic"
            case "fyr" where position > 0: replacement = "Former Yugoslav Republic"
            case "rb" where position > 0: replacement = "República Bolivariana"
            default: replacement = nil
            }
            guard let replacement else { continue }
            // First, only before "of" or another abbreviation ("Rep. of Korea", "Dem. Rep. of
            // the Congo"): "Rep. Jordan" is a member of Congress.
            // ("D.P.R. Korea", "Dem. People's Rep.": the initialisms and "people's" are no
            // person's title.)
            if position == 0, bare != "pdr", bare != "dpr" {
                let following = next.replacingOccurrences(of: ".", with: "")
                guard ["of", "de", "du", "rep", "dem", "rép", "dém", "fed", "sts", "pdr", "dpr", "people's", "peoples", "people’s"]
                    .contains(following) else { continue }
            }
            words[position] = leading + replacement + trailing
            changed = true
            expandedPositions.insert(position)
        }
        // A word of the name must remain, three letters or more and no abbreviation itself:
        // "Rep.", "Dem. Rep." and "Sen. Rep." are no names.
        guard changed else { return nil }
        let remains = words.indices.contains { position in
            guard !expandedPositions.contains(position) else { return false }
            let word = words[position].trimmingCharacters(in: .punctuationCharacters)
            return word.count >= 3 && !words[position].hasSuffix(".") && word.allSatisfy(\.isLetter)
                && !ResolverIndex.designatorStopwords.contains(word.lowercased())
        }
        return remains ? words.joined(separator: " ") : nil
    }

    /// Whether `entity` is `country` or lies in it (its parent, its parent's parent…), or
    /// the country claims it ("Crimea, Russia").
    func isWithin(_ entity: Int, _ country: Int) -> Bool {
        var position = entity
        for _ in 0..<16 {
            if position == country { return true }
            guard let parent = index.summaries[position].parent, let next = index.gazetteer.position(of: parent) else { break }
            position = next
        }
        // A claim (read from the entity, so only for a region: cities and countries have none here).
        guard index.summaries[entity].kind == .region else { return false }
        return index.gazetteer.entities[entity].claimants.contains(index.summaries[country].id)
    }

    /// Other readings of the query, each resolved through the stages before fuzzy:
    /// "X, Republic of" as "Republic of X"; "A (B)" as A, then B; short syllables joined
    /// ("ca na da" → "canada", as Vietnamese and pinyin write names).
    func rewrittenForms(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        let trimmed = query.trimmingWhitespace
        // HTML character references left by scraped data ("Cote d&#8217;Ivoire",
        // "Bosnia &amp; Herzegovina"), decoded; abbreviated designators, as the World Bank
        // and other statistical tables write them ("Congo, Dem. Rep.", "Micronesia, Fed.
        // Sts.", "Lao PDR", "TURKS AND CAICOS IS."), written out: the whole query again,
        // through every stage.
        // Text in UTF-8 that was read as Latin-1 ("TÃ¼rkiye"): its bytes read again.
        let decoded = context.referencesDecoded ? nil : Self.decodingCharacterReferences(trimmed) ?? Self.repairingMojibake(trimmed)
        for rewritten in [decoded, Self.expandingAbbreviations(trimmed)] {
            guard let rewritten else { continue }
            context.steps.append(.rewritten(as: rewritten))
            // The rewritten query as it is, then without the quotes or possessive ending that
            // decoding brought out ("Russia&#8217;s" is "Russia’s", read as "Russia").
            var forms = [rewritten]
            if let core = Self.trimmedName(rewritten) { forms.append(core) }
            for form in forms {
                var inner = Context(query: form)
                inner.blocked = context.blocked
                inner.wholeQuery = context.wholeQuery
                inner.referencesDecoded = true
                if form != rewritten { inner.steps.append(.trimmed(from: rewritten, to: form)) }
                if resolveSingle(form, index.normalizer.normalize(form), into: &inner, allowCompound: true),
                   inner.outcome == .match, let chosen = inner.chosen {
                    context.adopt(inner, chosen: chosen)
                    return true
                }
            }
        }
        var forms: [String] = []
        // Inverted: what follows the comma is designators only.
        if trimmed.utf8.contains(0x2C), let comma = trimmed.firstIndex(of: ","),
           trimmed[trimmed.index(after: comma)...].firstIndex(of: ",") == nil {
            let head = trimmed[..<comma].trimmingWhitespace
            var tail = trimmed[trimmed.index(after: comma)...].trimmingWhitespace
            // "Congo, The Democratic Republic of the": the article goes before the whole.
            if tail.lowercased().hasPrefix("the ") { tail = String(tail.dropFirst(4)) }
            let tailTokens = index.normalizer.normalize(tail).tokens
            if !head.isEmpty, !tailTokens.isEmpty, stripDesignators(tailTokens + ["\u{1F}"]) == ["\u{1F}"] {
                forms.append(tail + " " + head)
            }
        }
        // A parenthesis at the end: the part outside, unless the part inside names something
        // else ("Georgia (U.S. state)"); a qualifier that names nothing ("Turkey (bird)")
        // lowers the score.
        var qualifier: String?
        var parenthesis: (outside: String, inside: String)?
        // (Square brackets too: ISO's "Falkland Islands (the) [Malvinas]".)
        let closing: Character? = trimmed.last == ")" ? ")" : trimmed.last == "]" ? "]" : nil
        if let closing, let open = trimmed.lastIndex(of: closing == ")" ? "(" : "["), open > trimmed.startIndex {
            let outside = trimmed[..<open].trimmingWhitespace
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingWhitespace
            if !outside.isEmpty {
                parenthesis = (outside, inside)
                forms.append(outside)
                let insideTokens = index.normalizer.normalize(inside).tokens
                if !insideTokens.isEmpty, stripDesignators(insideTokens + ["\u{1F}"]) != ["\u{1F}"] { qualifier = inside }
            }
        }
        // BGN/PCGN's soft and hard signs (Кипър "Kip”r", Ангилья "Angil’ya", and in ASCII
        // ' and "): between two letters they are part of the word, not quotes.
        if let signless = Self.droppingRomanizedSigns(trimmed) { forms.append(signless) }
        var outsideNamedSomething = false
        for form in forms {
            let formNormalized = index.normalizer.normalize(form)
            guard !formNormalized.key.isEmpty else { continue }
            context.steps.append(.rewritten(as: form))
            var inner = Context(query: form)
            inner.blocked = context.blocked
            inner.wholeQuery = false
            let resolved = resolveSingle(form, formNormalized, into: &inner, allowCompound: false)
            if form == parenthesis?.outside, !inner.candidates.isEmpty { outsideNamedSomething = true }
            // An ambiguous part outside that the part inside names one of ("Korea (DPRK)").
            if resolved, inner.outcome == .ambiguous, let qualifier, !form.hasPrefix(qualifier) {
                var other = Context(query: qualifier)
                other.blocked = context.blocked
                if resolveSingle(qualifier, index.normalizer.normalize(qualifier), into: &other, allowCompound: false),
                   other.outcome == .match, let named = other.chosen,
                   let reading = inner.candidates.first(where: { $0.id == named.id }) {
                    context.adopt(inner, chosen: reading, candidates: [reading])
                    return true
                }
            }
            if resolved, inner.outcome == .match, var chosen = inner.chosen {
                if let qualifier, !form.hasPrefix(qualifier) {
                    var other = Context(query: qualifier)
                    other.blocked = context.blocked
                    let qualifierNormalized = index.normalizer.normalize(qualifier)
                    let named = resolveSingle(qualifier, qualifierNormalized, into: &other, allowCompound: false)
                    // A qualifier that names a bulk place ("Malvinas", a town in Argentina) is
                    // neither another entity nor nothing: it leaves the answer as it is; nor
                    // does one that names the country the answer lies in ("Hong Kong (China)").
                    if named, let otherChosen = other.chosen,
                       index.gazetteer.position(of: otherChosen.id).map({ index.summaries[$0].tier == .bulk }) == true {
                    } else if named, let otherChosen = other.chosen, otherChosen.id != chosen.id,
                              let chosenPosition = index.gazetteer.position(of: chosen.id),
                              let otherPosition = index.gazetteer.position(of: otherChosen.id),
                              isWithin(chosenPosition, otherPosition) {
                    } else if named, let otherChosen = other.chosen, otherChosen.id != chosen.id {
                        context.steps.append(.ambiguous(between: [chosen.id, otherChosen.id]))
                        return false
                    }
                    if !named {
                        chosen = Candidate(id: chosen.id, name: chosen.name, kind: chosen.kind, score: chosen.score * Scores.unexplainedParenthesis,
                                           method: chosen.method, matchedName: chosen.matchedName, edits: chosen.edits,
                                           members: chosen.members, prominence: chosen.prominence)
                        inner.candidates = inner.candidates.map { $0.id == chosen.id ? chosen : $0 }
                        guard chosen.score >= options.threshold else { continue }
                    }
                }
                context.adopt(inner, chosen: chosen)
                return true
            }
        }
        // The part inside alone, when the part outside names nothing: a translation in
        // another script ("ა შ შ (USA)"), or, when the options ask for some kinds only, a
        // country or territory of an asked kind that qualifies a place ("Alberta (Canada)").
        // (One bracketed part only, and an outside that named no candidate at all.)
        if let parenthesis, !outsideNamedSomething, trimmed.count(where: { "()[]".contains($0) }) == 2, !parenthesis.inside.isEmpty,
           parenthesis.inside.utf8.count <= Self.maximumQueryBytes,
           let outsideScript = Self.firstScript(parenthesis.outside), let insideScript = Self.firstScript(parenthesis.inside) {
            var inner = Context(query: parenthesis.inside)
            inner.blocked = context.blocked
            inner.wholeQuery = false
            let insideNormalized = index.normalizer.normalize(parenthesis.inside)
            if !insideNormalized.key.isEmpty,
               resolveSingle(parenthesis.inside, insideNormalized, into: &inner, allowCompound: false),
               inner.outcome == .match, var chosen = inner.chosen,
               outsideScript != insideScript || (options.kinds != nil && nameFilter == nil && (chosen.kind == .country || chosen.kind == .territory)) {
                context.steps.append(.rewritten(as: parenthesis.inside))
                chosen = Candidate(id: chosen.id, name: chosen.name, kind: chosen.kind, score: chosen.score * Scores.unexplainedParenthesis,
                                   method: chosen.method, matchedName: chosen.matchedName, edits: chosen.edits,
                                   members: chosen.members, prominence: chosen.prominence)
                if chosen.score >= options.threshold {
                    context.adopt(inner, chosen: chosen, candidates: [chosen])
                    return true
                }
            }
        }
        // Syllables joined: two to eight hyphenated syllables of at most four letters, five
        // letters or more in all ("Ca-na-đa"; "I ran", "to go" and "Li Bi" are not names).
        let tokens = normalized.tokens
        if (2...8).contains(tokens.count), tokens.allSatisfy({ $0.utf8.count <= 4 }), tokens.joined().utf8.count >= 5,
           trimmed.contains(where: { "-‐‑–".contains($0) }), !trimmed.contains(" ") {
            let joined = tokens.joined()
            // Curated names only: "Sha-Yi" is read as Saudi Arabia and one of 伊, 以, 意 by the
            // abbreviation stage, not as a town named Shayi.
            func curated(_ hits: [Int32]) -> [Int32] {
                hits.filter { index.summaries[Int(index.entries[Int($0)].entity)].tier == .curated }
            }
            if let hits = index.byKey[joined].map(curated), !hits.isEmpty {
                context.steps.append(.joinedSyllables(joined))
                if decide(hits, method: .romanized, score: Scores.joinedSyllables, into: &context) { return true }
            }
            if joined.utf8.count >= 5, let hits = index.byPhonetic[PhoneticKey.of(foldedKey: joined)].map(curated), !hits.isEmpty {
                context.steps.append(.joinedSyllables(joined))
                if decide(hits.filter { !index.entries[Int($0)].exactOnly }, method: .romanized, score: Scores.joinedSyllablesPhonetic, into: &context) {
                    return true
                }
            }
            // Vietnamese transcriptions write /s/ as x and a final l as n ("Xê-nê-gan" is
            // Senegal): read so when the query has a letter only Vietnamese writes.
            if Self.isVietnamese(trimmed) {
                for reading in Self.vietnameseReadings(joined) {
                    let hits = (index.byKey[reading] ?? index.byPhonetic[PhoneticKey.of(foldedKey: reading)] ?? []).map { $0 }
                    let admitted = curated(hits).filter { !index.entries[Int($0)].exactOnly }
                    guard !admitted.isEmpty else { continue }
                    context.steps.append(.joinedSyllables(reading))
                    if decide(admitted, method: .romanized, score: Scores.joinedSyllablesPhonetic, into: &context) { return true }
                }
            }
        }
        if tibetanJoined(trimmed, normalized, into: &context) { return true }
        return hyphenForms(trimmed, into: &context)
    }

    /// Whether `text`, hyphenated syllables, has a letter of Vietnamese: đ, ơ, ư, ă, the
    /// letters with Vietnamese tone marks (U+1EA0–U+1EF9), or ê and ô (French writes them
    /// too, but not in syllables apart).
    static func isVietnamese(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value >= 0xC0 && ("đĐơƠưƯăĂêÊôÔ".unicodeScalars.contains(scalar) || (0x1EA0...0x1EF9).contains(scalar.value))
        }
    }

    /// Readings of Vietnamese syllables joined (`joined`, folded): x read as s, then also
    /// a final n read as l ("xenegan" → "senegan", "senegal"; "braxin" → "brasin", "brasil").
    static func vietnameseReadings(_ joined: String) -> [String] {
        var readings: [String] = []
        let sibilant = joined.replacingOccurrences(of: "x", with: "s")
        if sibilant != joined { readings.append(sibilant) }
        if sibilant.hasSuffix("n"), let before = sibilant.dropLast().last, "aeiouy".contains(before) {
            readings.append(String(sibilant.dropLast()) + "l")
        }
        return readings
    }

    /// The marks romanisations of Cyrillic write for the soft and hard signs (’ ” ″ ʹ ʺ,
    /// and ' " in ASCII), dropped where they stand between two letters of a Latin-script
    /// name; nil when there is none.
    static func droppingRomanizedSigns(_ text: String) -> String? {
        // (Their UTF-8 starts with ' " or the lead bytes E2 and CA: most queries have none.)
        guard text.utf8.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0xE2 || $0 == 0xCA }) else { return nil }
        let signs: Set<Unicode.Scalar> = ["\u{2019}", "\u{201D}", "\u{2033}", "\u{2032}", "\u{02B9}", "\u{02BA}", "'", "\""]
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= maximumQueryBytes, scalars.contains(where: signs.contains) else { return nil }
        var output = String.UnicodeScalarView()
        var dropped = false
        for (position, scalar) in scalars.enumerated() {
            if signs.contains(scalar), position > 0, position + 1 < scalars.count,
               scalars[position - 1].properties.isAlphabetic, scalars[position + 1].properties.isAlphabetic,
               Script.of(scalars[position - 1]) == .latin, Script.of(scalars[position + 1]) == .latin {
                dropped = true
                continue
            }
            output.append(scalar)
        }
        return dropped ? String(output) : nil
    }

    /// HTML's named character references that names and scraped tables hold.
    static let namedCharacterReferences: [String: String] = {
        var names: [String: String] = [
            "amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": " ", "rsquo": "\u{2019}",
            "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}", "ndash": "\u{2013}", "mdash": "\u{2014}",
            "szlig": "ß", "aelig": "æ", "AElig": "Æ", "oslash": "ø", "Oslash": "Ø", "eth": "ð", "ETH": "Ð",
            "thorn": "þ", "THORN": "Þ", "oelig": "œ", "OElig": "Œ",
            // HTML's legacy capitals (tables exported in capitals write "&AMP;").
            "AMP": "&", "QUOT": "\"", "LT": "<", "GT": ">",
        ]
        // Latin letters with a mark: "eacute" é, "Ccedil" Ç, "aring" å…
        let marks: [(String, String, String)] = [
            ("acute", "aeiouyAEIOUY", "\u{0301}"), ("grave", "aeiouAEIOU", "\u{0300}"), ("circ", "aeiouAEIOU", "\u{0302}"),
            ("tilde", "anoANO", "\u{0303}"), ("uml", "aeiouyAEIOUY", "\u{0308}"), ("ring", "aA", "\u{030A}"),
            ("cedil", "cC", "\u{0327}"), ("caron", "sSzZ", "\u{030C}"),
        ]
        for (suffix, letters, mark) in marks {
            for letter in letters { names[String(letter) + suffix] = (String(letter) + mark).precomposedStringWithCanonicalMapping }
        }
        return names
    }()

    /// `text` with its HTML character references decoded once, as HTML does (`&#8217;`,
    /// `&#x2019;`, `&amp;` and the names in ``namedCharacterReferences``: "&amp;#71;" is
    /// the text "&#71;"; a numeric one without its semicolon too, "&#8217s"); nil when it
    /// has none. A reference to no scalar, or to a control character, stays as written.
    static func decodingCharacterReferences(_ text: String) -> String? {
        decodingCharacterReferencesOnce(text)
    }

    private static func decodingCharacterReferencesOnce(_ text: String) -> String? {
        guard text.utf8.count <= maximumQueryBytes, text.utf8.contains(0x26),
              text.utf8.contains(0x3B) || text.utf8.contains(0x23) else { return nil }
        var output = ""
        var rest = Substring(text)
        var changed = false
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            // A numeric reference without its semicolon ends at its last digit.
            if after.first == "#", !after.prefix(10).contains(";") {
                let hex = after.dropFirst().first.map { $0 == "x" || $0 == "X" } ?? false
                let digits = after.dropFirst(hex ? 2 : 1).prefix { hex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) }
                if !digits.isEmpty, digits.count <= 7, let value = UInt32(digits, radix: hex ? 16 : 10),
                   let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .control {
                    output.unicodeScalars.append(scalar)
                    rest = after[digits.endIndex...]
                    changed = true
                    continue
                }
            }
            if let semicolon = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semicolon]
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = namedCharacterReferences[String(name)]
                }
                if let decoded, let scalar = decoded.unicodeScalars.first, scalar.properties.generalCategory != .control {
                    output += decoded
                    rest = after[after.index(after: semicolon)...]
                    changed = true
                    continue
                }
            }
            output += "&"
            rest = after
        }
        output += rest
        return changed ? output : nil
    }

    /// `text` read again as UTF-8 when it is UTF-8 that was decoded as Latin-1 ("TÃ¼rkiye"
    /// → "Türkiye"): every scalar at most U+00FF, a lead byte of Latin-1 (Ã, Â, Ä, Å…)
    /// followed by a continuation (U+0080–U+00BF), and the bytes valid UTF-8; nil otherwise.
    static func repairingMojibake(_ text: String) -> String? {
        // (ASCII has no lead byte read as a letter: nothing to repair.)
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        let scalars = text.unicodeScalars
        guard text.utf8.count <= maximumQueryBytes, scalars.allSatisfy({ $0.value <= 0xFF }) else { return nil }
        var bytes: [UInt8] = []
        var previous: UInt32 = 0
        var paired = false
        for scalar in scalars {
            if (0xC2...0xF4).contains(previous) && (0x80...0xBF).contains(scalar.value) { paired = true }
            bytes.append(UInt8(scalar.value))
            previous = scalar.value
        }
        guard paired, let repaired = String(validating: bytes, as: UTF8.self), repaired != text else { return nil }
        return repaired
    }

    /// Tibetan generic words of place names by their keys, longest first, with the English
    /// word said for them (གླིང་ཕྲན islands) or none (ཚོ་ཁག group; རྒྱལ་ཁབ country, state).
    static let tibetanGenericWords: [(key: [String], english: String)] = [
        (["gling", "phran", "tsho", "khag"], "islands"), (["gling", "phran"], "islands"), (["gling", "phren"], "islands"),
        (["tsho", "khag"], ""), (["rgyal", "khab"], ""),
    ]
    /// Tibetan directions (ལྷོ south, བྱང north, ཤར east, ནུབ west) by their keys.
    static let tibetanDirections: [String: String] = ["lho": "south", "byang": "north", "shar": "east", "nub": "west"]

    /// Tibetan writes a foreign name syllable by syllable, each ending in a tsheg (ཨི་རག
    /// "i rag", Iraq): the syllables of each word joined ("irag"), words apart, and the
    /// reading resolved as a Latin name through the stages, fuzzy included, among
    /// curated entities, scoring at most ``Scores/joinedSyllables``. Two to twelve
    /// syllables; each word (between spaces or shads) is joined on its own. Names only, not
    /// running text (``ResolverOptions/approximateLanguages``).
    func tibetanJoined(_ trimmed: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        // (Tibetan's UTF-8 lead bytes are E0 BC–BF: most queries have none.)
        guard nameFilter == nil, trimmed.utf8.first == 0xE0, normalized.scripts.map(\.code) == ["Tibt"],
              (2...12).contains(normalized.tokens.count),
              trimmed.utf8.count <= Self.maximumQueryBytes else { return false }
        let words = trimmed.split(whereSeparator: { $0.isWhitespace || $0 == "\u{0F0D}" || $0 == "\u{0F0E}" })
        var reading: [String] = []
        for word in words {
            let syllables = index.normalizer.normalize(String(word)).tokens
            var current = "", position = 0
            func close() { if !current.isEmpty { reading.append(current); current = "" } }
            while position < syllables.count {
                // Generic words of place names end a word and are dropped ("islands",
                // "country"); "and" is said; a direction first in a word is translated.
                if let generic = Self.tibetanGenericWords.first(where: { Array(syllables[position...].prefix($0.key.count)) == $0.key }) {
                    close()
                    if !generic.english.isEmpty { reading.append(generic.english) }
                    position += generic.key.count
                    continue
                }
                let syllable = syllables[position]
                if syllable == "dang", !current.isEmpty || !reading.isEmpty {
                    close()
                    reading.append("and")
                } else if current.isEmpty, let direction = Self.tibetanDirections[syllable], normalized.tokens.count > 1 {
                    reading.append(direction)
                } else {
                    current += syllable
                }
                position += 1
            }
            close()
        }
        while reading.last == "and" { reading.removeLast() }
        let joined = reading.joined(separator: " ")
        guard joined.utf8.count >= 4, joined != normalized.key else { return false }
        context.steps.append(.joinedSyllables(joined))
        var inner = Context(query: joined)
        inner.blocked = context.blocked
        inner.wholeQuery = false
        // (A near miss only of a reading of six letters or more: two or three short
        // syllables are near many names.)
        guard resolveSingle(joined, index.normalizer.normalize(joined), into: &inner, allowCompound: false),
              inner.outcome == .match, let chosen = inner.chosen,
              chosen.method != .fuzzy || joined.utf8.count >= 6,
              let position = index.gazetteer.position(of: chosen.id), index.summaries[position].tier == .curated else { return false }
        func capped(_ candidate: Candidate) -> Candidate {
            Candidate(id: candidate.id, name: candidate.name, kind: candidate.kind,
                      score: min(candidate.score, Scores.joinedSyllables), method: .romanized,
                      matchedName: candidate.matchedName, edits: candidate.edits, members: candidate.members,
                      prominence: candidate.prominence)
        }
        let scored = capped(chosen)
        guard scored.score >= options.threshold else { return false }
        context.adopt(inner, chosen: scored, candidates: inner.candidates.map(capped))
        return true
    }

    /// The tables the romanised-abbreviation stage derives at first use.
    struct DerivedTables: Sendable {
        /// Pinyin syllable → the Han units that read so (美 → "mei").
        var unitsByReading: [String: [Character]] = [:]
        /// Phonetic key → romanised abbreviations' entries ("naqqa" and "naka" share one).
        var romanizedByPhonetic: [String: [Int32]] = [:]
        /// Of the units that share a reading with another, those that are their entity's
        /// curated one-character abbreviation (土 of Turkey, not 突 of Tunisia): worked out
        /// once, as each look-up decoded the entity with all its names (a line of hyphenated
        /// syllables took milliseconds).
        var curatedUnits: Set<Character> = []
    }

    /// The entities whose ISO 3166-1 code `text` is, written in capitals; nil otherwise.
    func codeEntities(_ text: String) -> [Int]? {
        guard (2...3).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        let entities = index.codes.values(of: text)
        return entities.isEmpty ? nil : entities.map(Int.init)
    }

    /// Whether `name` is the canonical name or a curated alias (one without a language) of
    /// the entity of entry `hit`.
    func isCuratedName(_ name: String, of hit: Int32) -> Bool {
        let entity = index.gazetteer.entities[Int(index.entries[Int(hit)].entity)]
        // English names too: "US", "USA" are English abbreviations of the United States as
        // well as its codes, and in text they are names ("the US"), which codes never are.
        return entity.name == name || entity.aliases.contains { ($0.language == nil || $0.language == "en") && $0.name == name }
    }

    /// The entity of a code: one entity, of a kind the options admit.
    func acceptCode(_ entities: [Int], code: String, into context: inout Context) -> Bool {
        acceptOne(entities, matched: { _ in code }, method: .code, score: Scores.code, into: &context)
    }

    /// The match of the one entity among `entities` (positions, each once) that the
    /// options' kinds admit and no negative name blocks, as `matched(position)` by `method`
    /// at `score`, with `note(id)` said first; false when none or several are left.
    func acceptOne(_ entities: [Int], matched: (Int) -> String, method: ResolutionMethod, score: Double,
                   note: (String) -> ExplanationStep? = { _ in nil }, into context: inout Context) -> Bool {
        let admitted = entities.filter { position in
            !context.blocked.contains(Int32(position)) && (options.kinds?.contains(index.summaries[position].kind) ?? true)
        }
        guard admitted.count == 1, let position = admitted.first else { return false }
        let summary = index.summaries[position]
        let name = matched(position)
        let candidate = Candidate(id: summary.id, name: summary.name, kind: summary.kind, score: score, method: method,
                                  matchedName: name, edits: 0, members: summary.members,
                                  prominence: index.summaries.prominence(position))
        if let step = note(summary.id) { context.steps.append(step) }
        context.merge([candidate])
        guard candidate.score >= options.threshold else { return false }
        context.steps.append(.matched(name: name, entity: summary.id, method: method, edits: 0))
        context.outcome = .match
        context.chosen = candidate
        return true
    }

    var tables: DerivedTables {
        derivedTables.withLock { tables in
            if let tables { return tables }
            var built = DerivedTables()
            for (character, _) in index.hanUnits {
                // A character whose reading depends on its neighbours (朝, 重) would send the
                // key through ICU's Han-Latin (~0.1 s to open); alone, its reading is the
                // one the index stored, the same transform applied to the same character.
                let scalars = character.unicodeScalars
                let stored = scalars.count == 1 && HanReadings.contextual.contains(scalars.first!)
                    ? index.normalizer.hanReadings.cachedReading(of: scalars.first!) : nil
                let reading = index.normalizer.key(stored?.joined(separator: " ") ?? String(character))
                if !reading.isEmpty, !reading.contains(" ") { built.unitsByReading[reading, default: []].append(character) }
            }
            for key in built.unitsByReading.keys { built.unitsByReading[key]!.sort() }
            for characters in built.unitsByReading.values where characters.count > 1 {
                for character in characters {
                    if let entity = index.hanUnits[character], index.gazetteer.entities[Int(entity)].hanAbbreviation?.first == character {
                        built.curatedUnits.insert(character)
                    }
                }
            }

            index.romanizedAbbreviations.forEach { key, values in
                guard key.count >= 4 else { return }
                let phonetic = PhoneticKey.of(foldedKey: String(decoding: key, as: UTF8.self))
                built.romanizedByPhonetic[phonetic, default: []].append(contentsOf: values)
            }
            tables = built
            return built
        }
    }

    /// "Zhong-Ri", "Tu-Xu", "A-Ya": two to four syllables joined by hyphens, each the
    /// reading of one entity's Han unit; the composite of those entities, when each
    /// syllable reads one unit only.
    func romanizedComposite(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        // (A hyphen or an apostrophe: "-" or "'", or the lead byte E2 of the others.)
        guard query.utf8.contains(where: { $0 == 0x2D || $0 == 0x27 || $0 == 0xE2 }) else { return false }
        let tokens = normalized.tokens
        guard (2...4).contains(tokens.count), normalized.scripts.map(\.code) == ["Latn"],
              query.contains(where: { "-‐‑–'’".contains($0) }), !query.contains(" ") else { return false }
        let tables = self.tables
        let readings = tables.unitsByReading
        var options: [[Character]] = []
        for token in tokens {
            guard var characters = readings[token] else { return false }
            // Several units read so ("tu": 土 Turkey, 突 Tunisia): a curated abbreviation
            // (土) wins over first characters.
            let curated = characters.filter { tables.curatedUnits.contains($0) }
            if !curated.isEmpty { characters = curated }
            options.append(characters)
        }
        // Every reading (at most a few per syllable), members distinct.
        var combinations: [[Character]] = [[]]
        for choices in options {
            combinations = combinations.flatMap { prefix in choices.map { prefix + [$0] } }
            if combinations.count > 64 { return false }
        }
        let readable = combinations.compactMap { units -> (units: [Character], entities: [Int])? in
            let entities = units.compactMap { index.hanUnits[$0] }.map(Int.init)
            guard entities.count == units.count, Set(entities).count == entities.count,
                  !entities.contains(where: { context.blocked.contains(Int32($0)) }) else { return nil }
            return (units, entities)
        }
        guard !readable.isEmpty else { return false }
        // Several readings ("yi": 伊 Iran, 以 Israel, 意 Italy): a curated pair or group of
        // those members decides; otherwise the query is ambiguous between them.
        var chosen = readable
        if readable.count > 1 {
            let curated = readable.filter { index.groupsByMembers[$0.entities.map { index.summaries[$0].id }.sorted()] != nil }
            if curated.count == 1 { chosen = curated }
        }
        if chosen.count == 1, let only = chosen.first {
            context.steps.append(.derivedAbbreviation(abbreviation: String(only.units), romanized: tokens.joined(separator: "-"),
                                                      from: only.entities.map { index.summaries[$0].id }))
            return acceptComposite(only.entities, score: Scores.romanizedComposite, method: .abbreviation, matchedName: String(only.units),
                                   into: &context)
        }
        let candidates = chosen.prefix(max(options.count, self.options.top)).map { reading -> Candidate in
            let ids = reading.entities.map { index.summaries[$0].id }
            return Candidate(id: ids.joined(separator: "+"),
                             name: reading.entities.map { index.summaries[$0].name }.joined(separator: "–"),
                             kind: ids.count == 2 ? .pair : .group, score: Scores.romanizedComposite, method: .abbreviation,
                             matchedName: String(reading.units), edits: 0, members: ids)
        }
        guard Scores.romanizedComposite >= self.options.threshold,
              self.options.kinds.map({ kinds in candidates.allSatisfy { kinds.contains($0.kind) } }) ?? true else { return false }
        context.merge(Array(candidates))
        context.steps.append(.ambiguous(between: candidates.map(\.id)))
        context.outcome = .ambiguous
        return true
    }

    func sources(of hits: [Int32]) -> [String] {
        Array(Set(hits.map { index.summaries[Int(index.entries[Int($0)].entity)].id })).sorted()
    }
}
