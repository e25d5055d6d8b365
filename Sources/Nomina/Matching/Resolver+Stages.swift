/// The stages of a single name, in order, and the fuzzy stage (docs/matching.md, "Stages").
extension Resolver {
    /// Runs the stages; true when one gave a confident answer (match or ambiguous).
    func resolveSingle(_ query: String, _ normalized: NormalizedName, into context: inout Context,
                       allowCompound: Bool) -> Bool {
        let trimmed = query.trimmingWhitespace
        // A name with an adjectival ending ("Armenian", "Iraqi", "North Korean") is a demonym
        // or an adjective, even where a smaller language writes its name so ("Pakistani"):
        // only names in the major languages and curated ones may match it as written.
        // Looked up once, and only when needed: hits in smaller languages, or before the
        // approximate stages.
        // (Endings swapped on a stem, "armeni-o", stop only the approximate stages: names in
        // smaller languages end so as often, "Argentinia".)
        // A demonym the dictionary lists ("Greek", "Filipino") is one too, first.
        var adjectiveChecked = false
        var adjectiveFound: (entity: String, name: String, listed: Bool)?
        var listed: ListedDemonym?
        func adjective() -> (entity: String, name: String, listed: Bool)? {
            if !adjectiveChecked {
                listed = listedDemonym(normalized.key, query: trimmed)
                if let listed {
                    adjectiveFound = (listed.entity, listed.name, true)
                } else if let (entity, name) = demonymBase(normalized.key) {
                    adjectiveFound = (entity, name, false)
                }
                adjectiveChecked = true
            }
            return adjectiveFound
        }
        let latinQuery = ResolverIndex.hasLatinLetters(trimmed)
        func admissible(_ hits: [Int32]) -> [Int32] {
            guard !hits.allSatisfy({ index.entries[Int($0)].reliable && ResolverIndex.hasLatinLetters(index.entries[Int($0)].name) == latinQuery }),
                  adjective() != nil else { return hits }
            // In a major language or curated, and in the query's script (the Georgian
            // პაკისტანი folds to "pakistani").
            return hits.filter {
                let entry = index.entries[Int($0)]
                return entry.reliable && ResolverIndex.hasLatinLetters(entry.name) == latinQuery
            }
        }
        // A demonym the dictionary lists as the query is written (case aside) outranks the
        // names written so in other languages or by bulk places ("Filipino", Asu for the
        // Philippines; "Чехи", Chechen for Czechia; "Thai", an alias of Alor Setar), and
        // every reading below the exact name (the German "Georgien" that "géorgien" folds
        // to, a look-alike of "Румыния"): ``outranksDemonym(_:query:_:)`` says which names
        // stay names (the German "Polen" is a plural too).
        let demonymAsWritten: ListedDemonym? = {
            guard !index.demonyms.values(of: normalized.key).isEmpty, adjective() != nil, let listed,
                  !listed.languages.isEmpty || listed.name.compare(trimmed, options: .caseInsensitive) == .orderedSame
            else { return nil }
            return listed
        }()
        func asWrittenOverFolded(_ hits: [Int32]) -> [Int32] {
            guard let demonymAsWritten else { return hits }
            return hits.filter { outranksDemonym(index.entries[Int($0)], query: trimmed, demonymAsWritten) }
        }
        let hits = asWrittenOverFolded(admissible(Array(index.exact.values(of: trimmed))))
        // 1. A country code in capitals ("ITA", "SE", "RU"), ISO 3166-1 alpha-3 or alpha-2:
        // before the names, where two or three capitals are often a name in some language
        // (Spanish "RU" for the UK, "NGA" for Russia), unless a curated name is written so
        // ("AU", the African Union).
        if let entities = codeEntities(trimmed), !hits.contains(where: { isCuratedName(trimmed, of: $0) }) {
            context.steps.append(.countryCode(trimmed))
            if acceptCode(entities, code: trimmed, into: &context) { return true }
        }
        // 2. Exact name.
        // (In running text, a name only smaller languages write so is left to the approximate
        // stages, as for the folded key below: "Kazakstan" is one edit from "Kazakhstan".)
        if !hits.isEmpty, nameFilter == nil || !context.wholeQuery || hits.contains(where: approximateFilter(context)),
           decide(hits, method: .exact, score: Scores.exact, asWritten: true, into: &context) { return true }
        if let demonym = demonymAsWritten {
            // The name written so in other capitals ("polen").
            let named = (index.byKey[normalized.key] ?? []).filter {
                let entry = index.entries[Int($0)]
                return entry.name.compare(trimmed, options: .caseInsensitive) == .orderedSame && outranksDemonym(entry, query: trimmed, demonym)
            }
            if !named.isEmpty, decide(named, method: .folded, score: Scores.folded, asWritten: true, into: &context) { return true }
            context.steps.append(.demonymOf(entity: demonym.entity, demonym: demonym.name))
            return false
        }
        // 2b. A case form of a Cyrillic name ("в Москве", "Азербайджана"): the nominatives
        // its ending may stand for, by their folded keys.
        if hits.isEmpty, let stage = inflectedHits(trimmed) {
            context.steps.append(.inflected(form: trimmed, name: stage.names.joined(separator: "\", \"")))
            if decide(stage.hits, method: .inflected, score: Scores.inflected, into: &context) { return true }
        }
        // A Georgian case form of one word ("სირიის", "საფრანგეთში"), when no name has its key.
        if hits.isEmpty, normalized.tokens.count == 1, normalized.scripts.map(\.code) == ["Geor"],
           index.byKey[normalized.key] == nil, let stage = georgianCaseHits(normalized.key) {
            context.steps.append(.inflected(form: trimmed, name: stage.names.joined(separator: "\", \"")))
            if decide(stage.hits, method: .inflected, score: Scores.inflected, into: &context) { return true }
        }
        // 2c. Folded key. With ``ResolverOptions/approximateLanguages`` (running text), a key
        // that only names of smaller languages have is left to the approximate stages:
        // "Azerbajan" folds to the Ewe "Àzɛ̀rbajàŋ", which text would not take, and is one
        // edit from "Azerbaijan", which it does.
        if let hits = index.byKey[normalized.key].map(admissible),
           nameFilter == nil || !context.wholeQuery || hits.contains(where: approximateFilter(context)),
           decide(hits, method: .folded, score: Scores.folded, asWritten: true, into: &context) {
            return true
        }
        // A name of a curated entity of a kind the options leave out names that entity, not
        // another: "European Union" with `--kind country` is no Europe (its "union" stripped
        // as a designator), "Jerusalem" no country. (A town's name does not stop: the towns
        // are too many, and a misspelt country is often one.)
        if let kinds = options.kinds, nameFilter == nil, context.wholeQuery,
           let other = curatedNameLeftOut(Array(index.exact.values(of: trimmed)) + (index.byKey[normalized.key] ?? []), kinds: kinds) {
            context.steps.append(.kindLeftOut(entity: other.id, kind: other.kind))
            return false
        }
        // 2d. The same words in another order, particles aside ("Congo, Republic of",
        // "Republic of Congo" → "Republic of the Congo").
        // (A name whose words are in that order already is listed under its own key only:
        // "Palestinian Territory, Occupied" is "Occupied Palestinian Territory".)
        // (Not for the scripts Nomina romanises itself, written syllable by syllable: "ལི་མ"
        // li ma is no "Mali", nor "ཌེ་ང" a designator "de" and "nga".)
        let selfRomanized = trimmed.utf8.withContiguousStorageIfAvailable { ScriptRomanizer.coversUTF8($0) }
            ?? Array(trimmed.utf8).withUnsafeBufferPointer { ScriptRomanizer.coversUTF8($0) }
        if !selfRomanized, normalized.key.utf8.contains(0x20), let words = ResolverIndex.wordsKey(normalized.key),
           let hits = index.byWords[words] ?? (words != normalized.key ? index.byKey[words] : nil) {
            context.steps.append(.sameWords(words))
            if decide(hits, method: .folded, score: Scores.sameWords, into: &context) { return true }
        }
        // The same words in the same order, with another word for "and" between two of them.
        if normalized.key.utf8.contains(0x20), !ResolverIndex.hasHanOrKana(trimmed), let words = ResolverIndex.conjunctionKey(normalized.key),
           let hits = index.byWords[words] {
            context.steps.append(.rewritten(as: String(words.dropFirst())))
            if decide(hits, method: .folded, score: Scores.sameWords, into: &context) { return true }
        }
        // 3. Confusable skeleton: for text with letters beyond ASCII (in ASCII, the folded
        // key already decided; a skeleton costs an ICU call on every miss).
        if !trimmed.utf8.allSatisfy({ $0 < 0x80 }), let spoof, let skeleton = try? spoof.skeleton(trimmed.lowercased()),
           let hits = index.bySkeleton[skeleton] {
            context.steps.append(.skeleton(skeleton))
            if decide(hits, method: .confusable, score: Scores.confusable, into: &context) { return true }
        }
        // 3b. Japanese in Hepburn, long vowels written any way ("Kuueito", "Kūēto", "Hangarii"):
        // before the adjectival endings, which "Hangarii" (hangari + i) would seem to have.
        // Words apart ("Minami Afurika", "Kongo Kyōwakoku") only when each has three letters
        // or more and the skeleton eight: "I ran" and "O man" are English.
        // (One word: letters, marks and hyphens only, "Nōfōku-tō"; any other separator,
        // a no-break space or a comma, makes words apart.)
        let oneWord = normalized.tokens.count == 1 || trimmed.unicodeScalars.allSatisfy {
            $0 == "-" || $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark
        }
        if normalized.scripts.map(\.code) == ["Latn"],
           oneWord || Self.mayBeSpacedRomaji(normalized.tokens),
           let skeleton = ResolverIndex.romajiSkeleton(normalized.key),
           skeleton.utf8.count >= Self.minimumSpacedRomajiBytes || oneWord,
           let hits = index.byRomaji[skeleton] {
            context.steps.append(.romaji(skeleton))
            if decide(hits, method: .romanized, score: Scores.romaji, into: &context) { return true }
        }
        // A name with an adjectival ending ("Armenian", "Iraqi", "Sudanese") is a demonym or
        // an adjective, not a near miss of the name: the approximate stages would take
        // it for one ("Armenian" is one edit from the German "Armenien").
        if let (entity, name, listed) = adjective() ?? adjectivalStem(normalized.key).map({ ($0.entity, $0.name, false) }) {
            context.steps.append(listed ? .demonymOf(entity: entity, demonym: name) : .adjectiveOf(entity: entity, name: name))
            return false
        }
        // An ordinary word of a major European language ("médico", "indies") is not a near
        // miss of a name: no phonetic or fuzzy stage for it.
        var approximate = true
        if options.ordinaryWordStop,
           let languages = OrdinaryWords.languages(of: normalized.key) {
            context.steps.append(.ordinaryWord(normalized.key, languages: languages))
            approximate = false
        }
        // 4. Phonetic key.
        if approximate, normalized.key.utf8.count >= 4, let hits = index.byPhonetic[normalized.phonetic] {
            context.steps.append(.phoneticKey(normalized.phonetic))
            let admitted = hits.filter { !index.entries[Int($0)].exactOnly }
            if let (entity, demonym) = misspeltDemonym(normalized.key, written: context.query, entries: admitted) {
                context.steps.append(.demonymOf(entity: entity, demonym: demonym))
                return false
            }
            if decide(admitted, method: .phonetic, score: Scores.phonetic, into: &context) {
                return true
            }
        }
        // 5. Written forms: inverted ("Korea, Republic of"), with a parenthesis ("Falkland
        // Islands (Malvinas)"), syllables joined ("Ca-na-đa"): before the designators, which
        // would strip "Democratic People's Republic of" off the whole and leave "Korea".
        if allowCompound, qualifiedByCountry(trimmed, into: &context) { return true }
        if allowCompound, rewrittenForms(query, normalized, into: &context) { return true }
        // 6. Designators (a name of one token keeps it: nothing to strip).
        let tokens = normalized.key.utf8.contains(0x20) && !selfRomanized ? Self.joiningAdjectiveEndings(normalized.tokens) : []
        // The name without its leading particles alone ("the Демократска Република Конго" is
        // a name less "the"), then every part stripping can leave, the longest first: a name
        // that keeps a designator word of its own is the better reading ("The Republic of
        // Cayman Islands" strips to "cayman", no name, but "cayman islands" is one). Exact
        // keys; then the fully stripped name by its phonetic key.
        let cores = designatorCores(tokens)
        if let stripped = cores.first {
            context.steps.append(.strippedDesignators(removed: tokens.filter { !stripped.contains($0) },
                                                      remaining: stripped.joined(separator: " ")))
            var particles = tokens[...]
            while particles.count > 1, let first = particles.first, ResolverIndex.designatorStopwords.contains(first) {
                particles = particles.dropFirst()
            }
            let longestFirst = cores.enumerated().sorted {
                $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
            }.map(\.element)
            var tried: Set<[String]> = [], triedAsDemonym: Set<[String]> = []
            let queryScript = Self.firstScript(trimmed)
            // Whether stripping more than articles and particles left `core` ("The Russians"
            // is no "Russian Republic").
            func designated(_ core: [String]) -> Bool {
                tokens.contains { !core.contains($0) && !ResolverIndex.designatorStopwords.contains($0) && !ResolverIndex.articles.contains($0) }
            }
            for core in [Array(particles)] + longestFirst where core.count < tokens.count && tried.insert(core).inserted {
                let key = core.joined(separator: " ")
                // A listed demonym ("Cypriot Republic", "Rwandese Republic", "THE TURKISH
                // REPUBLIC") names its country, before the names of bulk places that only an
                // alias gives the core ("Kazakh Republic": "Kazakh" is an alias of Petropavl).
                if !index.demonyms.values(of: key).isEmpty, designated(core),
                   (index.byKey[key] ?? []).allSatisfy({ index.summaries[Int(index.entries[Int($0)].entity)].tier == .bulk }) {
                    triedAsDemonym.insert(core)
                    if acceptDemonymCore(key, into: &context) { return true }
                }
                guard var found = index.byKey[key] else { continue }
                // Towns are not named with a country's designators: "Viron tasavalta" is
                // Estonia, not Výronas; "Police State" no town Police.
                if found.allSatisfy({ index.summaries[Int(index.entries[Int($0)].entity)].tier == .bulk }) { continue }
                // A part that is designator words and particles only names no town: "Democratic
                // Republic" is not Republic, Missouri, nor "Republic of" the Turkish town Of.
                if core.allSatisfy({ index.designatorEdges.contains($0) || ResolverIndex.designatorStopwords.contains($0)
                    || ResolverIndex.articles.contains($0) }) {
                    found = found.filter { index.summaries[Int(index.entries[Int($0)].entity)].tier == .curated }
                    if found.isEmpty { continue }
                }
                let removed = tokens.filter { !core.contains($0) }
                if core != stripped {
                    context.steps.append(.strippedDesignators(removed: removed, remaining: key))
                }
                let hits = designatorEvidence(found, core: core, removed: removed, script: queryScript)
                if decide(hits, method: .designator, score: Scores.designator, into: &context) { return true }
            }
            // What is left is an adjective the dictionary lists that curated names have too
            // and did not decide: with a designator, the country's name. (Alone, "Cypriot"
            // is no name: the listed-demonym stop above.)
            for core in [Array(particles)] + longestFirst
            where core.count < tokens.count && designated(core) && !triedAsDemonym.contains(core) {
                if acceptDemonymCore(core.joined(separator: " "), into: &context) { return true }
            }
            let key = stripped.joined(separator: " ")
            let phonetic = PhoneticKey.of(foldedKey: key)
            // (Not towns, as for the exact cores: "the State of Alania" is no Alanya.)
            if key.utf8.count >= 4, let hits = index.byPhonetic[phonetic],
               decide(hits.filter { !index.entries[Int($0)].exactOnly
                        && index.summaries[Int(index.entries[Int($0)].entity)].tier != .bulk },
                      method: .designator, score: Scores.designatorPhonetic, into: &context) {
                return true
            }
            // What is left is often an adjective or an inflected form of the name
            // ("Federazione Russa", "Российская Федерация", "Saksan liittotasavalta").
            // (Only after a designator: "The Russians" is a demonym with an article.)
            // (Not a word that is a designator's own, "United State": "united" starts
            // "United Kingdom", whose "kingdom" is one too.)
            // First by the names in the designators' language ("Francouzská republika",
            // "Olasz Köztársaság", "Den Italienske Republik"); when they begin as the names of
            // several entities do ("Slovenská republika": Slovensko, Slovenija), by no
            // other stem either.
            var severalInLanguage = false
            switch designated(stripped) ? languageStemHits(stripped, designators: tokens.filter { !stripped.contains($0) }) : nil {
            case .entity(let name, let hits):
                context.steps.append(.stem(core: stripped.joined(separator: " "), stem: name))
                if decide(hits, method: .designator, score: Scores.designatorStem, into: &context) { return true }
            case .several:
                severalInLanguage = true
            case nil:
                break
            }
            if !severalInLanguage, stripped.count == 1, designated(stripped), !index.designatorEdges.contains(stripped[0]),
               let (stem, hits) = stemHits(stripped[0], script: queryScript)
                ?? Self.russianAdjectiveStem(stripped[0]).flatMap({ stemHits($0, script: queryScript) }) {
                context.steps.append(.stem(core: stripped[0], stem: stem))
                if decide(hits, method: .designator, score: Scores.designatorStem, into: &context) { return true }
            }
            // A genitive before or after a designator, by its ending: Finnish "Saksan
            // liittotasavalta", "Suomen tasavalta"; Lithuanian "Lietuvos Respublika";
            // Albanian "Republika e Shqipërisë"; Armenian "Hayastani Hanrapetutyun".
            if stripped.count == 1, designated(stripped),
               let (name, hits) = genitiveHits(stripped[0], designators: tokens.filter { !stripped.contains($0) }) {
                context.steps.append(.genitive(core: stripped[0], name: name))
                if decide(hits, method: .designator, score: Scores.designatorStem, into: &context) { return true }
            }
            // A Georgian genitive before a designator ("სირიის არაბთა რესპუბლიკა").
            if stripped.count == 1, designated(stripped), queryScript?.code == "Geor",
               let stage = georgianCaseHits(stripped[0]) {
                context.steps.append(.stem(core: stripped[0], stem: stage.names.joined(separator: ", ")))
                if decide(stage.hits, method: .designator, score: Scores.designatorStem, into: &context) { return true }
            }
        }
        // 6b. A name beside the country it lies in ("Hong Kong SAR China" in other scripts,
        // "Djevičanska Ostrva SAD").
        if allowCompound, qualifiedByParent(normalized, into: &context) { return true }
        // 7. Fuzzy. With designators, the edits allowed are the core's, not the whole key's:
        // "Republic of Perm" is not one edit from "Republic of Peru".
        let coreLength = designatorCores(tokens).first.map { $0.joined(separator: " ").utf8.count }
        if approximate, fuzzy(normalized.key, budgetLength: coreLength, into: &context) { return true }
        if context.stopped { return false }
        // 7a. A near miss in the letters of the query's own script ("Свалбард и Жан Мејен").
        if approximate, allowCompound, nativeNearMiss(query, into: &context) { return true }
        // 7b. The first words of a long name ("United Kingdom of Great Britain").
        if approximate, allowCompound, namePrefix(normalized, into: &context) { return true }
        // 8. Compounds and pairs.
        if allowCompound, compound(query, into: &context) { return true }
        // 9. Abbreviations.
        return abbreviation(query, normalized, into: &context)
    }

    /// The first curated entity of a kind not in `kinds` that `hits` name by one of its own
    /// names (not a derived form or a name's core).
    func curatedNameLeftOut(_ hits: [Int32], kinds: Set<EntityKind>) -> (id: String, kind: EntityKind)? {
        // None when any hit is of a kind asked for: the other stages read it.
        if hits.contains(where: { kinds.contains(index.summaries[Int(index.entries[Int($0)].entity)].kind) }) { return nil }
        for hit in hits {
            let entry = index.entries[Int(hit)]
            let summary = index.summaries[Int(entry.entity)]
            if summary.tier == .curated, !entry.derived, !entry.core { return (summary.id, summary.kind) }
        }
        return nil
    }

    /// Among a core's hits of a few entities, those of the one entity with a name that
    /// holds the core and every designator word stripped (abbreviations written out) with
    /// the fewest other words: "Democratic Republic of Korea" is North Korea, whose name has
    /// "democratic"; "Republic of Korea" South Korea, whose "Republic of Korea" has nothing
    /// more, where the North's adds "Democratic People's". All of them when no entity has
    /// such a name or several have one as short ("République démocratique" is in no name
    /// of the Democratic Republic if only English gives its long form).
    func designatorEvidence(_ hits: [Int32], core: [String], removed: [String], script: Script?) -> [Int32] {
        func particle(_ word: String) -> Bool {
            ResolverIndex.designatorStopwords.contains(word) || ResolverIndex.articles.contains(word)
        }
        let words = Set(removed.filter { !particle($0) })
        var entities: [Int32] = []
        for hit in hits where !entities.contains(index.entries[Int(hit)].entity) { entities.append(index.entries[Int(hit)].entity) }
        guard entities.count > 1, entities.count <= Self.maximumEvidenceEntities, !words.isEmpty else { return hits }
        var best: (entity: Int32, extra: Int)?
        var tie = false
        for entity in entities {
            let record = index.gazetteer.entities[Int(entity)]
            var fewest: Int?
            // Names in the query's script only (Latin, Cyrillic and Greek count as one, as
            // for stems): the words stripped are the query's, so only they can hold them,
            // and normalising every name of an entity costs about 0.1 ms.
            for name in [record.name] + record.aliases.map(\.name) where name.utf8.count <= 160 {
                guard let script, let written = Self.firstScript(name), Self.comparableScripts(script, written) else { continue }
                let tokens = index.normalizer.normalize(name).tokens
                // A possessive written without its apostrophe: "peoples" is "people's".
                var possessives = tokens
                for position in tokens.indices.dropLast() where tokens[position + 1] == "s" {
                    possessives.append(tokens[position] + "s")
                }
                guard words.allSatisfy(possessives.contains), core.allSatisfy(tokens.contains) else { continue }
                let extra = tokens.count { !words.contains($0) && !core.contains($0) && !particle($0) }
                fewest = min(fewest ?? extra, extra)
                if extra == 0 { break }
            }
            guard let fewest else { continue }
            if let current = best, fewest == current.extra {
                tie = true
            } else if fewest < best?.extra ?? Int.max {
                best = (entity, fewest)
                tie = false
            }
        }
        guard let best, !tie else { return hits }
        return hits.filter { index.entries[Int($0)].entity == best.entity }
    }

    /// The most entities whose names ``designatorEvidence(_:core:removed:script:)`` reads.
    static let maximumEvidenceEntities = 4

    func fuzzy(_ key: String, budgetLength: Int? = nil, into context: inout Context) -> Bool {
        // Edits allowed grow with length: none up to 5 characters (a 1-edit neighbour of a
        // short name is usually another word), 1 up to 9, 2 beyond. The first letter must
        // match (anchored walk). `budgetLength` (the part of a name that is not designators)
        // sets the edits allowed when given.
        let length = key.utf8.count
        let budget = min(budgetLength ?? length, length)
        let allowed = budget <= 5 ? 0 : budget <= 9 ? 1 : 2
        guard allowed > 0, length <= Self.maximumFuzzyKeyBytes else { return false }
        // Deepen the budget one edit at a time: one edit first, two through the trie walk
        // only when one edit finds nothing. When one edit finds something, 2-edit candidates
        // would score at least 0.08 lower, more than the ambiguity margin, so they could not
        // change the answer.
        var scored: [(Int32, Double, Int)] = []
        let bytes = Array(key.utf8)
        // One edit: each edit tried along the query's path in the trie (first letter
        // anchored, as the walk for two edits is). The keys are
        // taken in the order a symmetric-deletion index gives them (formats up to 4 kept
        // one): by the first deletion of the query that a deletion of the key (or the key)
        // equals, then by the key's first entry. A name's candidates are the same in any
        // order, but when one entity has two keys at the same score, the first one listed
        // gives the matched name.
        var ones: [(skip: Int, first: Int32, key: Int, length: Int, sameWords: Bool)] = []
        let querySpaces = bytes.count { $0 == 0x20 }
        bytes.withUnsafeBufferPointer { query in
            index.trie.searchOneEdit(bytes, filter: index.edits) { key, candidate in
                guard let first = index.trieEntries[key].first else { return }
                ones.append((Self.firstSharedDeletion(query, candidate), first, key, candidate.count,
                             candidate.count { $0 == 0x20 } == querySpaces))
            }
        }
        ones.sort { $0.skip != $1.skip ? $0.skip < $1.skip : $0.first < $1.first }
        // Bulk places: one edit inside the words only ("Zhong-E" is not "Zhonghe"), never two.
        func bulk(_ entry: Int32) -> Bool { index.summaries[Int(index.entries[Int(entry)].entity)].tier == .bulk }
        // Names the options leave out do not count as found: two edits are tried without them.
        let admits = approximateFilter(context)
        for (_, _, key, candidateLength, sameWords) in ones {
            let score = Scores.fuzzyCeiling * (1 - 1.0 / Double(max(length, candidateLength)))
            for entry in index.trieEntries[key] where (sameWords || !bulk(entry)) && admits(entry) {
                scored.append((entry, score, 1))
            }
        }
        if allowed >= 2 && scored.isEmpty {
            for (keyIndex, edits, candidateLength) in index.trie.search(bytes, maxEdits: 2, anchored: true) where edits > 0 {
                let score = Scores.fuzzyCeiling * (1 - Double(edits) / Double(max(length, candidateLength)))
                for entry in index.trieEntries[keyIndex] where !bulk(entry) && admits(entry) {
                    scored.append((entry, score, edits))
                }
            }
        }
        guard !scored.isEmpty else { return false }
        // A misspelt demonym ("Venezualan") is as near a demonym of the entity as its name.
        let fewest = scored.lazy.map(\.2).min() ?? 0
        if let (entity, demonym) = misspeltDemonym(key, written: context.query, entries: scored.lazy.filter { $0.2 == fewest }.map(\.0)) {
            context.steps.append(.demonymOf(entity: entity, demonym: demonym))
            context.stopped = true
            return false
        }
        return decide(scored, method: .fuzzy, into: &context)
    }

    /// Genitive endings of names in folded keys and the nominative endings they replace,
    /// longest first: Finnish -n (Saksa-n, Suome-n of Suomi), Lithuanian and Latvian -os,
    /// -as (Lietuv-os), Albanian -isë, -ës (Shqipër-isë, Kosov-ës), Armenian -i
    /// (Hayastan-i), Irish -ann (Éire-ann).
    /// Each with the languages that write it.
    static let genitiveEndings: [(genitive: String, nominative: String, languages: Set<String>)] = [
        ("ijos", "ija", ["lt"]), ("ise", "ia", ["sq"]), ("ise", "i", ["sq"]), ("ann", "", ["ga"]), ("en", "i", ["fi"]),
        ("os", "a", ["lt"]), ("as", "a", ["lv"]), ("es", "e", ["sq"]), ("n", "", ["fi", "et"]), ("i", "", ["hy"]),
    ]

    /// The name a one-word core left by designators is the genitive of, by
    /// ``genitiveEndings`` of the languages of the `designators` stripped ("Republic Palas"
    /// is English, which has no genitive in -s of a name in -a): the first nominative
    /// (three letters or more) that is the key of names of countries, territories or
    /// regions (not states or provinces), with those entries.
    func genitiveHits(_ core: String, designators: [String]) -> (name: String, hits: [Int32])? {
        guard core.utf8.count >= 5, core.utf8.count <= 40, core.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        let languages = designators.reduce(into: Set<String>()) { $0.formUnion(index.designatorLanguages[$1] ?? []) }
        for (genitive, nominative, written) in Self.genitiveEndings
        where core.hasSuffix(genitive) && core.utf8.count - genitive.utf8.count >= 3 && !written.isDisjoint(with: languages) {
            let name = String(core.dropLast(genitive.count)) + nominative
            let hits = (index.byKey[name] ?? []).filter {
                let entity = Int(index.entries[Int($0)].entity)
                let kind = index.summaries[entity].kind
                return index.summaries[entity].tier == .curated
                    && (kind == .country || kind == .territory || (kind == .region && !isSubdivision(entity)))
            }
            if !hits.isEmpty { return (name, hits) }
        }
        return nil
    }

    /// Endings of Russian adjectives as keys write them (BGN/PCGN and ICU agree: "-skiye",
    /// "-skaya"), longest first: "Bagamskiye Ostrova" is the Bahamas' islands, "Portugal'skaya
    /// Respublika" Portugal's republic.
    static let russianAdjectiveEndings = ["skikh", "skogo", "skiye", "skaya", "skoye", "skiy", "skij", "skii", "skie",
                                          "skoy", "skoj", "skoe", "skaa", "skih"]

    /// The stem of a Russian adjective in a key, five letters or more ("bagamskiye" → "bagam");
    /// nil for a word without such an ending.
    static func russianAdjectiveStem(_ word: String) -> String? {
        for ending in russianAdjectiveEndings where word.hasSuffix(ending) {
            let stem = String(word.dropLast(ending.count))
            return stem.utf8.count >= 5 ? stem : nil
        }
        return nil
    }

    /// Tokens with an adjective's ending that a soft sign split off joined back to their word
    /// ("Seyshel’skiye" keys as "seyshel skiye").
    static func joiningAdjectiveEndings(_ tokens: [String]) -> [String] {
        guard tokens.count >= 2, tokens.dropFirst().contains(where: { russianAdjectiveEndings.contains($0) }) else { return tokens }
        var joined: [String] = []
        for token in tokens {
            if let last = joined.last, russianAdjectiveEndings.contains(token) {
                joined[joined.count - 1] = last + token
            } else {
                joined.append(token)
            }
        }
        return joined
    }

    /// The shortest skeleton that words apart are read as romaji for.
    static let minimumSpacedRomajiBytes = 8
    /// The most words a spaced romaji query may have ("Chūka Jinmin Kyōwakoku Makao Tokubetsu Gyōseiku").
    static let maximumSpacedRomajiWords = 8

    /// Whether words apart may be a romanised Japanese name: two to eight words, each of
    /// three letters or more and each a run of Japanese syllables ("Kit Achoo Seen" is not
    /// Kitachōsen: "kit" ends in a consonant).
    static func mayBeSpacedRomaji(_ tokens: [String]) -> Bool {
        tokens.count >= 2 && tokens.count <= maximumSpacedRomajiWords
            && tokens.allSatisfy { $0.utf8.count >= 3 && isRomajiWord(Array($0.utf8)) }
    }

    /// Whether `word` (folded, a–z) reads as Japanese syllables in Hepburn: each a vowel, or
    /// an onset (a consonant, sh/ch/ts, a consonant and y or w, a doubled consonant or
    /// "tch") before a vowel, or "n" not before a vowel or y.
    static func isRomajiWord(_ word: [UInt8]) -> Bool {
        func isVowel(_ byte: UInt8) -> Bool { byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6F || byte == 0x75 }
        let consonants = Set("kgsztdnhbpmyrwfjvc".utf8)
        var index = 0
        while index < word.count {
            let byte = word[index]
            guard byte >= 0x61 && byte <= 0x7A else { return false }
            if isVowel(byte) { index += 1; continue }
            if byte == 0x6E, index + 1 == word.count || (!isVowel(word[index + 1]) && word[index + 1] != 0x79) {
                index += 1
                continue
            }
            var onset = index
            // A doubled consonant (kk, tt, pp, ss) or "tch".
            if onset + 1 < word.count, word[onset] == word[onset + 1], byte != 0x6E {
                onset += 1
            } else if byte == 0x74, onset + 2 < word.count, word[onset + 1] == 0x63, word[onset + 2] == 0x68 {
                onset += 1
            }
            let first = word[onset]
            guard consonants.contains(first) else { return false }
            var next = onset + 1
            if next < word.count, (first == 0x73 || first == 0x63) && word[next] == 0x68 || first == 0x74 && word[next] == 0x73 {
                next += 1  // sh, ch, ts
            } else if first == 0x63 {
                return false  // c only in ch
            }
            if next < word.count, word[next] == 0x79 || word[next] == 0x77 { next += 1 }  // ky, kw
            guard next < word.count, isVowel(word[next]) else { return false }
            index = next + 1
        }
        return true
    }

    /// The first position (-1 for none) whose deletion from `query` gives `key` or `key`
    /// with one byte deleted; `query.count` if none does (they are not within one edit).
    static func firstSharedDeletion(_ query: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Int {
        for skip in -1..<query.count {
            // The query without the byte at `skip`, against the key or the key less one byte.
            let count = query.count - (skip >= 0 ? 1 : 0)
            @inline(__always) func byte(_ position: Int) -> UInt8 { query[skip >= 0 && position >= skip ? position + 1 : position] }
            if count == key.count {
                var position = 0
                while position < count && byte(position) == key[position] { position += 1 }
                if position == count { return skip }
            } else if count == key.count - 1 {
                var position = 0
                while position < count && byte(position) == key[position] { position += 1 }
                while position < count && byte(position) == key[position + 1] { position += 1 }
                if position == count { return skip }
            }
        }
        return query.count
    }
}
