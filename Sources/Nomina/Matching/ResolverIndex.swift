import Foundation

/// The lookup structures a ``Resolver`` builds from a gazetteer, once.
final class ResolverIndex: Sendable {
    /// One indexed name, as the build collects it (``EntryTable`` stores them flat).
    struct EntryRecord {
        let entity: Int32
        let name: String
        let key: String
        var flags: EntryTable.Flags
        /// In the exact and folded-key tables (not a Han abbreviation, romanised
        /// abbreviation or initialism, which have tables of their own).
        var indexed = true
        /// In the exact-name table (not a romanised key of a name listed there already).
        var written = true
        /// The phonetic key and the skeleton the tables list the entry under ("" for none).
        var phonetic = ""
        var skeleton = ""
        var derived: Bool { flags.contains(.derived) }
        var approximate: Bool { flags.contains(.approximate) }
    }

    let gazetteer: Gazetteer
    let normalizer: NameNormalizer
    let entries: EntryTable
    /// One per entity, in the gazetteer's order.
    let summaries: SummaryTable
    /// Names as written → entries; for a name of several entities, one entry per entity,
    /// ranked as `decide` ranks them.
    let exact: SortedKeyTable
    /// Folded keys → entries.
    let byKey: SortedKeyTable
    /// Phonetic keys → entries that may match approximately.
    let byPhonetic: SortedKeyTable
    /// Confusable skeletons → entries.
    let bySkeleton: SortedKeyTable
    /// The folded keys of entries that may match fuzzily (searched for one and two edits).
    let trie: KeyTrie
    /// The trie's keys (by rank) → entries, in entry order.
    let trieEntries: ListTable
    /// Which one-byte deletions of which positions the trie's keys have (a Bloom filter
    /// that spares the one-edit search most nodes of many children).
    let edits: EditFilter
    /// Names of several words by their words, particles left out, in byte order
    /// ("congo republic" for "Republic of the Congo"), where that differs from the key:
    /// the same words in another order or with other particles find them.
    let byWords: SortedKeyTable
    /// Names written in kana by the skeleton of their romanisation (long vowels single:
    /// "kueto" for クウェート, "kuu eto"), which Hepburn written any way has too.
    let byRomaji: SortedKeyTable
    /// ISO 3166-1 alpha-2 and alpha-3 codes, in capitals → entity indices.
    let codes: SortedKeyTable
    /// Negative names' keys → entity indices they block.
    let negatives: SortedKeyTable
    /// Demonyms' keys ("armenian", "filipino") → demonym records: the entity index each is
    /// a demonym of, the demonym as written and its language (empty for none), read
    /// without decoding the entity (which may have thousands of them).
    let demonyms: SortedKeyTable
    let demonymEntities: FlatArray<Int32>
    let demonymNames: StringTable
    let demonymLanguages: StringTable
    /// Designator phrases as token lists, longest first.
    let designators: [[String]]
    /// Tokens that start or end a designator phrase (a cheap first test).
    let designatorEdges: Set<String>
    /// Designator phrases by their first token and by their last token, longest first.
    let designatorsByFirst: [String: [[String]]]
    let designatorsByLast: [String: [[String]]]
    /// Each token of a designator written in Latin letters → the base languages of the
    /// lines that hold it ("republik" → de, da, …; romanisations under their language:
    /// "hanrapetutyun" is Armenian), from designators.tsv: made when the index is built and stored
    /// with it, as normalising the phrases at run time opened ICU's ASCII chain (~25 ms).
    let designatorLanguages: [String: Set<String>]
    /// Derived Han abbreviations (纳卡, 阿亚 from members) → entries.
    let hanAbbreviations: SortedKeyTable
    /// Romanised Han abbreviations, syllables joined ("naka", "aya") → entries.
    let romanizedAbbreviations: SortedKeyTable
    /// Latin initialisms derived from multi-word names ("osce") → entries.
    let initialisms: SortedKeyTable
    /// One Han character → the entity it abbreviates, where unique (美 → USA, 阿 → AZE).
    let hanUnits: [Character: Int32]
    /// The pinyin of every Han character in the names and Han abbreviations (syllables
    /// joined by spaces), read when the index is built: a run that reads the index from a
    /// file hands them to the normaliser, so that keying a Chinese name or a Han unit at run
    /// time (to compare a misspelling with it, to read "Zhong-E") opens no ICU
    /// transliterator (~0.1 s at the first one).
    let hanCharacterReadings: [(character: Unicode.Scalar, reading: String)]
    /// Sorted member ids of pairs and groups → entity index.
    let groupsByMembers: [[String]: Int32]
    /// The names that ``Resolver`` compares letter by letter in their own script, by
    /// script, each list made the first time a query in that script needs it.
    let nativeNames = Locked<[Script: [NativeName]]>([:])
    /// ``curatedPlaces()``, once read.
    let curatedPlaceNames = Locked<[CuratedPlace]?>(nil)

    /// A curated country, territory or region and its names (``curatedPlaces()``).
    struct CuratedPlace: Sendable {
        let entity: Int32
        let names: [(name: String, language: String?, script: Script?)]
    }

    /// The one-word keys of names of countries, territories and regions in a language,
    /// by language, each list made the first time a designator of that language needs it.
    let languageNames = Locked<[String: [LanguageName]]>([:])

    /// A one-word name in a language, as ``Resolver/languageStemHits(_:designators:)``
    /// compares it with what designators of that language leave.
    struct LanguageName: Sendable {
        let key: [UInt8]
        let entity: Int32
    }

    /// A name of a country, territory or region in a script other than Latin, as
    /// ``Resolver/nativeNearMiss(_:into:)`` compares it: its letters, lowercase, without
    /// marks, words apart by one space.
    struct NativeName: Sendable {
        let letters: [UInt32]
        let name: String
        let entity: Int32
    }

    /// A folded key's words without particles, sorted and joined by spaces; nil when
    /// fewer than two words are left (one word is its own key, or a particle).
    static func wordsKey(_ key: String) -> String? {
        let words = NormalizedName.words(of: key).filter { !designatorStopwords.contains(String($0)) }
        guard words.count >= 2 else { return nil }
        return words.sorted().joined(separator: " ")
    }

    /// A folded key without the words for "and" between two others, in order, marked with
    /// a leading "&" (in ``byWords``, beside the sorted keys); nil when it has none. "Saint
    /// Kitts aamma Nevis" (Greenlandic), "सेंट किट्स एवं नेविस" (Hindi, where the
    /// dictionary's name has और) and "Антигуа ва Барбуда" give the key of the name the
    /// dictionary writes with another "and"; "Papua and New Guinea" is no name that has one.
    static func conjunctionKey(_ key: String) -> String? {
        let all = NormalizedName.words(of: key)
        guard all.count >= 3 else { return nil }
        var words: [Substring] = []
        var removed = false
        for (position, word) in all.enumerated() {
            if position > 0, position < all.count - 1, conjunctions.contains(String(word)) {
                removed = true
                continue
            }
            words.append(word)
        }
        return removed ? "&" + words.joined(separator: " ") : nil
    }

    /// "And" in the languages of CLDR's names, folded as the pipeline folds them (и → i,
    /// და → da, एवं → evam, ۋە → ve, και → kai, và → va, és → es, și → si). Only between
    /// two other words, and only in ``conjunctionKey(_:)``.
    static let conjunctions: Set<String> = [
        // Latin script
        "and", "et", "y", "e", "i", "und", "en", "og", "och", "ja", "es", "a", "ve", "va", "dhe", "da", "ta",
        "iyo", "ati", "na", "ni", "kaj", "un", "ir", "in", "aamma", "eta", "agus", "ac", "ha", "hag", "u", "sy",
        "dan", "at", "lan", "jeung", "si", "an", "ne", "kple", "ak", "ug", "ku", "nda", "oo",
        // other scripts, transliterated
        "kai", "evam", "aur", "aura", "ani", "ra", "ane", "ate", "ena", "ev", "zhane", "ba", "lae", "o", "w", "wa",
        "awr", "mariyu", "mattu", "marrum", "tatha", "hana", "ebong", "abong", "ebam", "zhana", "zhene", "men", "pen", "ben",
    ]

    /// Whether `text` has a hiragana or katakana letter.
    static func hasKana(_ text: String) -> Bool {
        mayBeHan(text) && text.unicodeScalars.contains { (0x3041...0x30FF).contains($0.value) || (0x31F0...0x31FF).contains($0.value) }
    }

    /// The skeleton of a romanised Japanese key: spaces out, a vowel repeated once, "ou"
    /// as "o" and "ei" as "e" (Hepburn's long vowels written ou/oo/uu/ei or with macrons,
    /// which folding removes; ICU writes ー as a repeated vowel), "v" as "b" (ヴ is written
    /// either way: "Vājin", "Bājin") and "m" before "b" or "p" as "n" ("rempō", "renpō").
    /// Nil for a key with anything but the letters a–z and spaces, or shorter than four letters.
    static func romajiSkeleton(_ key: String) -> String? {
        var skeleton: [UInt8] = []
        skeleton.reserveCapacity(key.utf8.count)
        for raw in key.utf8 where raw != 0x20 {
            guard raw >= 0x61 && raw <= 0x7A else { return nil }
            let byte = raw == 0x76 ? 0x62 : raw
            if (byte == 0x62 || byte == 0x70) && skeleton.last == 0x6D { skeleton[skeleton.count - 1] = 0x6E }
            if let last = skeleton.last {
                let vowel = byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6F || byte == 0x75
                if vowel && byte == last { continue }
                if (last == 0x6F && byte == 0x75) || (last == 0x65 && byte == 0x69) { continue }
            }
            skeleton.append(byte)
        }
        return skeleton.count >= 4 ? String(decoding: skeleton, as: UTF8.self) : nil
    }

    /// Bulk places smaller than this are found by their names as written or folded only: a
    /// one-edit neighbour of some small town is nearly any word.
    static let minimumApproximatePopulation = 100_000

    /// Whether every letter of `name` is Latin (ASCII, Latin-1, Latin Extended A/B and
    /// Additional, IPA extensions).
    static func isLatinOnly(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { scalar in
            scalar.value < 0x2B0 || (0x1E00...0x1EFF).contains(scalar.value) || !scalar.properties.isAlphabetic
        }
    }

    /// Separators inside Han names ("纳戈尔诺-卡拉巴赫", "波斯尼亚·黑塞哥维那").
    static let hanSeparators: Set<Character> = ["-", "·", "・", "‧"]
    /// The shortest joined pinyin listed (two syllables: "faguo", "riben"; "aiji" is four).
    static let minimumJoinedPinyinBytes = 4
    /// The shortest joined pinyin that the fuzzy stage compares.
    static let minimumFuzzyJoinedPinyinBytes = 8
    /// The shortest joined pinyin that mention extraction looks for in text.
    static let minimumReliableJoinedPinyinBytes = 6

    /// Articles a name may start with ("The Kremlin", "la Corée du Sud"), folded.
    static let articles: Set<String> = ["the", "le", "la", "les", "der", "die", "das", "den", "dem", "el", "los", "las",
                                        "il", "lo", "gli"]
    static let designatorStopwords: Set<String> = ["of", "the", "de", "d", "du", "des", "la", "le", "l", "del", "di", "do", "da", "al", "el"]
    static let initialismStopwords: Set<String> = ["of", "the", "and", "for", "in", "on", "at", "de", "la", "du", "des", "et", "und", "für", "y"]

    init(gazetteer: Gazetteer, normalizer: NameNormalizer) {
        self.gazetteer = gazetteer
        self.normalizer = normalizer
        var entries: [EntryRecord] = []
        var negatives: [String: [Int32]] = [:]
        var demonyms: [String: [Int32]] = [:]
        var demonymRecords: [(entity: Int32, name: String, language: String)] = []
        let spoof = ICUProblems.recording { () throws(ICUError) in try SpoofChecker() }

        // Normalise every name first, on all cores (most of the build time; ICU's lock
        // serialises only the cold transliterations), keeping only the keys and skeleton: in
        // the order of the names, which the first loop below adds in the same order (a name
        // repeated is normalised again, which costs less than hashing every name to find it).
        let allNames = gazetteer.entities.flatMap { [$0.name] + $0.aliases.map(\.name) }
        let precomputed = Self.normalizeAll(allNames, normalizer: normalizer, skeletons: true)
        var nextPrecomputed = 0

        func add(_ entity: Int, _ name: String, exactOnly: Bool, derived: Bool, language: String? = nil,
                 bulk: Bool = false, population: Int = 0, to extra: inout [String: [Int32]], extraKey: String? = nil,
                 cached: (key: String, phonetic: String, skeleton: String?)? = nil) {
            let normalized = cached.map { (key: $0.key, phonetic: $0.phonetic) } ?? {
                let normalized = normalizer.normalize(name)
                return (key: normalized.key, phonetic: normalized.phonetic)
            }()
            let index = Int32(entries.count)
            // Names in other scripts cannot be mistaken for words of Latin-script text. (A
            // Cyrillic name in a smaller language can be a word of Russian text: the mention
            // scanner leaves those out, ``mayReadAsRussian(_:language:)``.)
            let reliable = (language.map(Self.isMajorLanguage) ?? true) || !Self.hasLatinLetters(name)
            // Names of bulk places (GeoNames' alternate names carry no language) are matched
            // approximately only for places of 100,000 people or more, when written in Latin
            // letters and at least five letters long:
            // a two-edit neighbour of a romanised Han or kana name is noise ("lian he guo" of
            // 联合国 against "lian ke gu" of 鎌ケ谷).
            let approximate = !exactOnly && !derived && reliable
                && (!bulk || (normalized.key.utf8.count >= 5 && Self.isLatinOnly(name)
                              && population >= Self.minimumApproximatePopulation))
            var flags: EntryTable.Flags = []
            if exactOnly { flags.insert(.exactOnly) }
            if derived { flags.insert(.derived) }
            if approximate { flags.insert(.approximate) }
            if reliable { flags.insert(.reliable) }
            var record = EntryRecord(entity: Int32(entity), name: name, key: normalized.key, flags: flags)
            if let extraKey {
                record.indexed = false
                entries.append(record)
                extra[extraKey, default: []].append(index)
                return
            }
            // The tables are built at the end, by sorting the entries by each of these.
            if !normalized.key.isEmpty {
                if approximate && normalized.key.utf8.count >= 4 { record.phonetic = normalized.phonetic }
                record.skeleton = cached?.skeleton ?? spoof.flatMap({ try? $0.skeleton(name.lowercased()) }) ?? ""
            }
            entries.append(record)
        }

        var unused: [String: [Int32]] = [:]
        for (position, entity) in gazetteer.entities.enumerated() {
            let bulk = entity.tier == .bulk, population = entity.population ?? 0
            add(position, entity.name, exactOnly: false, derived: false, bulk: bulk, population: population, to: &unused,
                cached: precomputed[nextPrecomputed])
            nextPrecomputed += 1
            for alias in entity.aliases {
                add(position, alias.name, exactOnly: alias.exactOnly, derived: false, language: alias.language, bulk: bulk,
                    population: population, to: &unused, cached: precomputed[nextPrecomputed])
                nextPrecomputed += 1
            }
            for negative in entity.negatives {
                let key = normalizer.key(negative.name)
                if !key.isEmpty { negatives[key, default: []].append(Int32(position)) }
            }
            for demonym in entity.demonyms {
                let key = normalizer.key(demonym.name)
                guard !key.isEmpty else { continue }
                demonyms[key, default: []].append(Int32(demonymRecords.count))
                demonymRecords.append((Int32(position), demonym.name, demonym.language ?? ""))
            }
        }

        // Han names under their joined pinyin as well ("eluosi", "asaibaijiang", "faguo"), as
        // machine translation leaves them: derived (ranked below curated names), and matched
        // approximately, so that a one-edit typo of the pinyin is found too.
        // (Curated entities only: bulk lists name tens of thousands of places in Chinese.)
        for (position, entity) in gazetteer.entities.enumerated() where entity.tier == .curated {
            var joinedKeys: Set<String> = []
            let names = [entity.name] + entity.aliases.filter { !$0.exactOnly }.map(\.name)
            for name in names where Self.mayBeHan(name) {
                guard Self.isHan(name.filter { !Self.hanSeparators.contains($0) }) else { continue }
                let key = normalizer.key(name)
                let joined = key.filter { $0 != " " }
                guard joined.utf8.count >= Self.minimumJoinedPinyinBytes, joined.utf8.count < key.utf8.count,
                      joinedKeys.insert(joined).inserted else { continue }
                // Fuzzy matching only for long readings: a one-edit neighbour of a short one
                // is an ordinary word as often as a typo ("manage" of "monage", 摩纳哥).
                var flags: EntryTable.Flags = [.derived, .romanized]
                if joined.utf8.count >= Self.minimumFuzzyJoinedPinyinBytes { flags.insert(.approximate) }
                // Short joined readings ("mali", "guba") are words of Latin-script text as often
                // as names: mention extraction looks only for the longer ones.
                if joined.utf8.count >= Self.minimumReliableJoinedPinyinBytes { flags.insert(.reliable) }
                var record = EntryRecord(entity: Int32(position), name: name, key: joined, flags: flags)
                record.written = false
                record.phonetic = PhoneticKey.of(foldedKey: joined)
                entries.append(record)
            }
        }

        // Names with designators also under their core ("Жанубий Африка Республикаси", the
        // Uzbek name of South Africa, under "zhanubiy afrika"; the Mongolian "Арабын Нэгдсэн
        // Эмирт Улс" under "arabyn negdsen emirt"): languages write the short form as often,
        // and the designator stage strips a query's designators, not a name's.
        let (designatorPhrases, designatorLanguages) = Self.loadDesignators(normalizer: normalizer)
        let designatorsByFirst = Dictionary(grouping: designatorPhrases) { $0.first! }
        let designatorsByLast = Dictionary(grouping: designatorPhrases) { $0.last! }
        let designatorEdges = Set(designatorPhrases.flatMap { [$0.first!, $0.last!] })
        for record in Self.coreEntries(of: entries, gazetteer: gazetteer, normalizer: normalizer, demonyms: demonyms,
                                       byFirst: designatorsByFirst, byLast: designatorsByLast, edges: designatorEdges) {
            entries.append(record)
        }

        // The folded-key table (the initialisms below look keys up in it): the names added
        // after this are in tables of their own.
        let keyArena = StringTable(entries.map { $0.indexed ? $0.key.utf8 : "".utf8 })
        let byKeyOrder = Self.sortedByBytes(keyArena, entries.indices.filter { entries[$0].indexed && !entries[$0].key.isEmpty })
        let byKey = Self.keyTable(keyArena, byKeyOrder) { Array($0) }
        // Han units: the entity's curated one-character abbreviation, else the first
        // character of its Chinese name; kept only where one entity claims the character.
        var unitClaims: [Character: Set<Int32>] = [:]
        for (position, entity) in gazetteer.entities.enumerated()
        where entity.kind == .country || entity.kind == .territory {
            if let han = entity.hanAbbreviation?.first {
                unitClaims[han, default: []].insert(Int32(position))
            } else if let chinese = entity.aliases.first(where: { $0.language == "zh" && Self.isHan($0.name) })?.name
                        ?? (Self.isHan(entity.name) ? entity.name : nil),
                      let first = chinese.first {
                unitClaims[first, default: []].insert(Int32(position))
            }
        }
        var hanUnits: [Character: Int32] = [:]
        for (character, claims) in unitClaims where claims.count == 1 { hanUnits[character] = claims.first! }
        // A curated one-character abbreviation wins over first characters claimed by others.
        for (position, entity) in gazetteer.entities.enumerated() {
            if let han = entity.hanAbbreviation?.first { hanUnits[han] = Int32(position) }
        }

        // Derived Han abbreviations: first characters of the parts of hyphenated Chinese
        // names, and member units for curated pairs and groups.
        var hanAbbreviations: [String: [Int32]] = [:]
        var romanized: [String: [Int32]] = [:]
        var groups: [[String]: Int32] = [:]
        for (position, entity) in gazetteer.entities.enumerated() {
            if entity.kind.hasMembers { groups[entity.members.sorted()] = Int32(position) }
            // Not for people (习近平 is no abbreviation; 以色列·卡茨 must not make 以卡, which
            // reads Israel + Qatar) nor bulk places.
            guard entity.kind != .person, entity.tier == .curated else { continue }
            var derived: Set<String> = []
            // (A name with no byte from 0xE0 has no scalar from U+0800, so no Han: most names
            // are skipped without building a string.)
            for name in [entity.name] + entity.aliases.map(\.name)
            where Self.mayBeHan(name) && Self.isHan(name.filter { !Self.hanSeparators.contains($0) }) {
                let parts = name.split(whereSeparator: { Self.hanSeparators.contains($0) })
                if parts.count >= 2 { derived.insert(String(parts.compactMap(\.first))) }
            }
            if entity.kind.hasMembers {
                let units = entity.members.compactMap { member -> Character? in
                    guard let index = gazetteer.entities.firstIndex(where: { $0.id == member }) else { return nil }
                    return hanUnits.first(where: { $0.value == Int32(index) })?.key
                }
                if units.count == entity.members.count {
                    derived.insert(String(units))
                    if units.count == 2 { derived.insert(String(units.reversed())) }
                }
            }
            let curatedHan = entity.aliases.filter { $0.type == .abbreviation && Self.mayBeHan($0.name) && Self.isHan($0.name) }
            guard !derived.isEmpty || !curatedHan.isEmpty else { continue }
            let curated = Set(entity.aliases.map(\.name))
            for abbreviation in derived.sorted() where !curated.contains(abbreviation) {
                add(position, abbreviation, exactOnly: true, derived: true, to: &hanAbbreviations, extraKey: abbreviation)
            }
            // Romanised forms of every Han abbreviation, curated or derived.
            let hanForms = derived.union(curatedHan.map(\.name))
            for form in hanForms.sorted() {
                let joined = normalizer.key(form).filter { $0 != " " }
                if joined.utf8.count >= 3 {
                    add(position, form, exactOnly: true, derived: !curated.contains(form), to: &romanized, extraKey: joined)
                }
            }
        }

        // Latin initialisms of multi-word names, only where unambiguous.
        // Fewer than three words cannot make three keys: the keys of the words are computed
        // (on all cores) only for names that may make an initialism.
        var initialismNames: [(entity: Int32, name: String)] = []
        // (Not for people: "RTE", "KJU" are not how news writes them; nor for bulk places.)
        for (position, entity) in gazetteer.entities.enumerated() where entity.tier == .curated && entity.kind != .person {
            for name in [entity.name] + entity.aliases.filter({ $0.language == nil || $0.language == "en" }).map(\.name)
            where Self.spaceSeparatedParts(name) >= 3 && name.split(whereSeparator: { $0 == " " }).count >= 3 {
                initialismNames.append((Int32(position), name))
            }
        }
        let initialismForms = concurrentMap(initialismNames.map(\.name), chunk: 256, state: {}) { _, name -> String? in
            let words = name.split(whereSeparator: { $0 == " " }).map { normalizer.key(String($0)) }
                .filter { !$0.isEmpty && !Self.initialismStopwords.contains($0) }
            return words.count >= 3 ? String(words.compactMap(\.first)) : nil
        }
        var initialismClaims: [String: Set<Int32>] = [:]
        for (position, form) in initialismForms.enumerated() {
            if let form { initialismClaims[form, default: []].insert(initialismNames[position].entity) }
        }
        var initialisms: [String: [Int32]] = [:]
        for (initialism, claims) in initialismClaims.sorted(by: { $0.key < $1.key }) where claims.count == 1 {
            let entity = Int(claims.first!)
            // Only if no other entity already has that key.
            if let owners = byKey[initialism], owners.contains(where: { entries[Int($0)].entity != Int32(entity) }) { continue }
            add(entity, initialism.uppercased(), exactOnly: true, derived: true, to: &initialisms, extraKey: initialism)
        }

        // Names by their words (particles out, sorted), where that is not the key itself.
        var byWords: [String: [Int32]] = [:]
        for position in entries.indices where entries[position].indexed && entries[position].written {
            let key = entries[position].key
            guard key.utf8.contains(0x20) else { continue }
            if let words = Self.wordsKey(key), words != key { byWords[words, default: []].append(Int32(position)) }
            // Not for Han names: "ha" and "na" are pinyin syllables (巴哈馬 and 巴拿馬 would meet).
            if !Self.hasHanOrKana(entries[position].name), let words = Self.conjunctionKey(key) {
                byWords[words, default: []].append(Int32(position))
            }
        }

        var byRomaji: [String: [Int32]] = [:]
        for position in entries.indices where entries[position].indexed && entries[position].written
            && Self.hasKana(entries[position].name) && gazetteer.entities[Int(entries[position].entity)].tier == .curated {
            if let skeleton = Self.romajiSkeleton(entries[position].key) { byRomaji[skeleton, default: []].append(Int32(position)) }
        }
        // Japanese names read as the Japanese read them (ICU reads kanji as Chinese, and small
        // kana one way): "Minami Afurika", "Kongo Kyouwakoku", "Nihon", "Anteigua".
        let romanizer = JapaneseRomanizer.bundled
        for position in entries.indices where entries[position].indexed && entries[position].written
            && Self.mayBeHan(entries[position].name) && gazetteer.entities[Int(entries[position].entity)].tier == .curated {
            var skeletons: Set<String> = []
            for reading in romanizer.romanizations(of: entries[position].name) {
                if let skeleton = Self.romajiSkeleton(reading) { skeletons.insert(skeleton) }
            }
            for skeleton in skeletons.sorted() where byRomaji[skeleton]?.last != Int32(position) {
                byRomaji[skeleton, default: []].append(Int32(position))
            }
        }

        // The fuzzy index: distinct keys of entries that may match fuzzily (all of them in
        // the folded-key table), each with its entries in entry order, listed by the key's
        // rank in the trie.
        var keys: [[UInt8]] = []
        var keyEntries: [[Int32]] = []
        for position in byKeyOrder where entries[position].approximate {
            let key = keyArena[position]
            if let last = keys.last, last.elementsEqual(key) {
                keyEntries[keyEntries.count - 1].append(Int32(position))
            } else {
                keys.append(Array(key))
                keyEntries.append([Int32(position)])
            }
        }
        let (trie, ranks) = KeyTrie.build(keys: keys)
        let edits = EditFilter(keys: keys)
        keys = []
        var trieEntries = [[Int32]](repeating: [], count: keyEntries.count)
        for (position, rank) in ranks.enumerated() { trieEntries[Int(rank)] = keyEntries[position] }
        keyEntries = []
        // A name whose key is a negative name's: the exact hot path does not decide it.
        // So is a name whose key is a demonym's ("Filipino", "Чехи"): the stages weigh them.
        for position in entries.indices where !entries[position].key.isEmpty
            && (negatives[entries[position].key] != nil || demonyms[entries[position].key] != nil) {
            entries[position].flags.insert(.negativeKey)
        }

        // Names shared by several entities (the many Springfields of GeoNames): one entry per
        // entity, a curated one preferred, in the order `decide` ranks them (curated entities
        // before bulk ones, curated names before derived ones, then by population and id),
        // so that the exact hot path reads only the first few.
        let entryTable = EntryTable(entries)
        func ranked(_ group: ArraySlice<Int32>) -> [Int32] {
            let hits = Array(group)
            guard hits.count > 1 else { return hits }
            var byEntity: [Int32: Int32] = [:]
            for hit in hits {
                let entity = entries[Int(hit)].entity
                if let known = byEntity[entity], !entries[Int(known)].derived || entries[Int(hit)].derived { continue }
                byEntity[entity] = hit
            }
            return byEntity.values.sorted { a, b in
                let (left, right) = (entries[Int(a)], entries[Int(b)])
                let (one, other) = (gazetteer.entities[Int(left.entity)], gazetteer.entities[Int(right.entity)])
                if one.tier != other.tier { return one.tier == .curated }
                if left.derived != right.derived { return !left.derived }
                // Bulk places whose own name it is before those that have it as another name.
                let (leftOwn, rightOwn) = (left.name == one.name, right.name == other.name)
                if one.tier == .bulk && leftOwn != rightOwn { return leftOwn }
                if (one.population ?? 0) != (other.population ?? 0) { return (one.population ?? 0) > (other.population ?? 0) }
                return one.id < other.id
            }
        }

        // The three orders are sorted on all cores.
        let records = entries
        let names = entryTable.names
        let phonetics = StringTable(records.map(\.phonetic.utf8))
        let skeletons = StringTable(records.map(\.skeleton.utf8))
        let indexed = records.indices.filter { records[$0].indexed }
        let orders = concurrentMap([0, 1, 2], chunk: 1, state: {}) { _, which -> [Int] in
            switch which {
            case 0: return Self.sortedByBytes(names, indexed.filter { records[$0].written })
            case 1: return Self.sortedByBytes(phonetics, indexed.filter { !records[$0].phonetic.isEmpty })
            default: return Self.sortedByBytes(skeletons, indexed.filter { !records[$0].skeleton.isEmpty })
            }
        }
        self.exact = Self.keyTable(names, orders[0], ranked)
        self.byPhonetic = Self.keyTable(phonetics, orders[1]) { Array($0) }
        self.bySkeleton = Self.keyTable(skeletons, orders[2]) { Array($0) }
        self.entries = entryTable
        self.summaries = SummaryTable(gazetteer.entities)
        self.byKey = byKey
        self.trie = trie
        self.edits = edits
        self.trieEntries = ListTable(trieEntries)
        self.negatives = SortedKeyTable(negatives)
        self.demonyms = SortedKeyTable(demonyms)
        self.demonymEntities = FlatArray(demonymRecords.map(\.entity))
        self.demonymNames = StringTable(demonymRecords.map(\.name))
        self.demonymLanguages = StringTable(demonymRecords.map(\.language))
        self.byWords = SortedKeyTable(byWords)
        self.byRomaji = SortedKeyTable(byRomaji)
        var codes: [String: [Int32]] = [:]
        for (position, entity) in gazetteer.entities.enumerated() {
            for field in ["alpha2", "alpha3"] {
                if let code = entity.codes[field]?.uppercased(), (2...3).contains(code.utf8.count),
                   code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                    codes[code, default: []].append(Int32(position))
                }
            }
        }
        self.codes = SortedKeyTable(codes)
        self.hanAbbreviations = SortedKeyTable(hanAbbreviations)
        self.romanizedAbbreviations = SortedKeyTable(romanized)
        self.initialisms = SortedKeyTable(initialisms)
        self.hanUnits = hanUnits
        self.hanCharacterReadings = Self.hanReadings(of: gazetteer, normalizer: normalizer)
        self.groupsByMembers = groups
        self.designators = designatorPhrases
        self.designatorEdges = designatorEdges
        self.designatorsByFirst = designatorsByFirst
        self.designatorsByLast = designatorsByLast
        self.designatorLanguages = designatorLanguages
    }

    /// A name with a bracketed part (in parentheses or square brackets) inside it removed,
    /// spaces around it closed up: "Kokos (Keeling) Adaları" → "Kokos Adaları"; nil without
    /// one. Not a bracketed part at the end, which tells names apart ("Congo (Brazzaville)",
    /// "Sint Maarten (Dutch part)") and which the resolver tries alone anyway.
    static func unbracketed(_ name: String) -> String? {
        guard name.utf8.count <= 200 else { return nil }
        for (open, close) in [("(", ")"), ("[", "]")] {
            guard let start = name.firstIndex(of: Character(open)),
                  let end = name[start...].firstIndex(of: Character(close)) else { continue }
            let before = name[..<start], after = name[name.index(after: end)...]
            guard before.contains(where: \.isLetter), after.contains(where: \.isLetter) else { return nil }
            return (before + " " + after).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return nil
    }

    /// The fewest bytes of a name's core (``coreEntries(of:gazetteer:normalizer:demonyms:byFirst:byLast:edges:)``),
    /// and of one that the approximate stages may match.
    static let minimumCoreBytes = 5
    static let minimumApproximateCoreBytes = 12
    /// Endings of one-word cores that are adjectives more often than names ("Repubblica
    /// Italiana", "Ελληνική Δημοκρατία", "Slovenská republika").
    static let adjectivalCoreEndings = ["an", "ana", "ano", "ane", "ais", "aise", "ois", "oise", "ien", "ienne", "isch",
                                        "ische", "ese", "ic", "ica", "ico", "ique", "ish", "sk", "ska", "ske", "sko",
                                        "ski", "skiy", "skiye", "skaya", "skoye", "ny", "na", "ni", "nyi", "os", "ik",
                                        "iki", "ikh", "ka", "ky", "ki", "ya", "iya", "aya", "oye", "iye"]

    /// Derived entries, one per core: the key of a curated country's or territory's name
    /// (canonical or alias, not exact-only) without a bracketed part (``unbracketed(_:)``),
    /// or with its designators stripped (with or without it), when the core has
    /// five letters or more, is not only designator words and particles, is no name's key,
    /// no demonym's, and no other entity's core; a one-word core only of a name written
    /// without Latin letters, and not with an adjectival ending. Never looked for in running text (not reliable); matched approximately from
    /// 12 letters. Listed under the name they come from, flagged ``EntryTable/Flags/core``.
    static func coreEntries(of entries: [EntryRecord], gazetteer: Gazetteer, normalizer: NameNormalizer,
                            demonyms: [String: [Int32]], byFirst: [String: [[String]]], byLast: [String: [[String]]],
                            edges: Set<String>) -> [EntryRecord] {
        guard !edges.isEmpty else { return [] }
        var owners: [String: (entity: Int32, entry: Int, contested: Bool)] = [:]
        func claim(_ key: String, _ entry: EntryRecord, _ position: Int) {
            if let known = owners[key] {
                if known.entity != entry.entity { owners[key]!.contested = true }
            } else {
                owners[key] = (entry.entity, position, false)
            }
        }
        for (position, entry) in entries.enumerated()
        where entry.indexed && entry.written && !entry.derived && !entry.flags.contains(.exactOnly) && entry.key.utf8.contains(0x20) {
            let entity = gazetteer.entities[Int(entry.entity)]
            guard entity.tier == .curated, entity.kind == .country || entity.kind == .territory else { continue }
            // The name without a bracketed part inside or at its end ("Kokos (Keeling)
            // Adaları" as "Kokos Adaları"), then its designators stripped.
            var keys = [entry.key]
            if let unbracketed = unbracketed(entry.name) {
                let key = normalizer.key(unbracketed)
                if key != entry.key, key.utf8.count >= minimumCoreBytes, !key.split(separator: " ").allSatisfy({
                    edges.contains(String($0)) || designatorStopwords.contains(String($0)) || articles.contains(String($0))
                }) {
                    claim(key, entry, position)
                    keys.append(key)
                }
            }
            for full in keys {
                let tokens = full.split(separator: " ").map(String.init)
                guard let core = Resolver.designatorCores(tokens, byFirst: byFirst, byLast: byLast, edges: edges).first,
                      core.count < tokens.count else { continue }
                let key = core.joined(separator: " ")
                // One word left is a core only of a name in another script: in Latin letters
                // it is as often a word ("Solomon", "Christmas", "Vereinigtes", "unite").
                guard key.utf8.count >= minimumCoreBytes,
                      !core.allSatisfy({ edges.contains($0) || designatorStopwords.contains($0) || articles.contains($0) }),
                      core.count > 1 || (!hasLatinLetters(entry.name) && !adjectivalCoreEndings.contains(where: { key.hasSuffix($0) }))
                else { continue }
                claim(key, entry, position)
            }
        }
        guard !owners.isEmpty else { return [] }
        for entry in entries where entry.indexed && owners[entry.key] != nil { owners[entry.key] = nil }
        var records: [EntryRecord] = []
        for (key, owner) in owners.sorted(by: { $0.key < $1.key }) where !owner.contested && demonyms[key] == nil {
            var flags: EntryTable.Flags = [.derived, .core]
            if key.utf8.count >= minimumApproximateCoreBytes { flags.insert(.approximate) }
            var record = EntryRecord(entity: owner.entity, name: entries[owner.entry].name, key: key, flags: flags)
            record.written = false
            if flags.contains(.approximate) { record.phonetic = PhoneticKey.of(foldedKey: key) }
            records.append(record)
        }
        return records
    }

    /// The longest reading of one Han character an index may store, in bytes (ICU's are a
    /// syllable of at most six letters), and the most bytes of the context characters.
    static let longestHanReading = 32
    static let longestContextualSet = 1 << 16

    /// The reading of each Han character in the gazetteer's names and Han abbreviations.
    private static func hanReadings(of gazetteer: Gazetteer, normalizer: NameNormalizer)
        -> [(character: Unicode.Scalar, reading: String)] {
        var characters = Set<Unicode.Scalar>()
        for entity in gazetteer.entities {
            for name in entity.allNames + [entity.hanAbbreviation ?? ""] where name.utf8.contains(where: { $0 >= 0xE2 }) {
                for scalar in name.unicodeScalars where scalar.value >= 0x2E80 && Script.of(scalar) == .han { characters.insert(scalar) }
            }
        }
        guard !characters.isEmpty else { return [] }
        return (try? normalizer.workspaces.withResource { workspace in
            characters.sorted { $0.value < $1.value }.map { character in
                (character, normalizer.hanReadings.reading(of: character, workspace: workspace).joined(separator: " "))
            }
        }).map { $0.filter { $0.reading.utf8.count <= longestHanReading } } ?? []
    }

    // MARK: - Snapshot

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("RESOLVER")
        try entries.write(to: &writer)
        try summaries.write(to: &writer)
        for table in [exact, byKey, byPhonetic, bySkeleton, negatives, hanAbbreviations, romanizedAbbreviations, initialisms,
                      byWords, byRomaji] {
            try table.write(to: &writer)
        }
        try codes.write(to: &writer)
        try writer.array(demonymEntities)
        try demonyms.write(to: &writer)
        try writer.strings(demonymNames)
        try writer.strings(demonymLanguages)
        try trie.write(to: &writer)
        try edits.write(to: &writer)
        try writer.lists(trieEntries)
        let units = hanUnits.sorted { $0.key < $1.key }
        try writer.strings(StringTable(units.map { String($0.key) }))
        try writer.array(FlatArray(units.map(\.value)))
        try writer.strings(StringTable(hanCharacterReadings.map { String($0.character) }))
        try writer.strings(StringTable(hanCharacterReadings.map(\.reading)))
        let contextual = HanReadings.contextual.sorted { $0.value < $1.value }
        try writer.strings(StringTable([String(String.UnicodeScalarView(contextual))]))
        let groups = groupsByMembers.sorted { $0.value < $1.value }
        try writer.strings(StringTable(groups.map { $0.key.joined(separator: "\u{1F}") }))
        try writer.array(FlatArray(groups.map(\.value)))
        // Designators are stored normalised: normalising them at open would open ICU
        // transliterators for a dozen scripts, most of a mapped index's start-up.
        try writer.strings(StringTable(designators.map { $0.joined(separator: "\u{1F}") }))
        let languages = designatorLanguages.sorted { $0.key < $1.key }
        try writer.strings(StringTable(languages.map { $0.key }))
        try writer.strings(StringTable(languages.map { $0.value.sorted().joined(separator: " ") }))
    }

    /// The index as written by `write(to:)`, its tables views into the mapped file.
    init(reading reader: inout SnapshotReader, gazetteer: Gazetteer, normalizer: NameNormalizer) throws(SnapshotError) {
        try reader.tag("RESOLVER")
        self.gazetteer = gazetteer
        self.normalizer = normalizer
        // Every index into another table is checked to be inside it, here or where it is
        // read (see each `init(reading:)`): entries name entities, tables give entries or
        // entities, trie nodes and deletion slots give keys, keys give entries.
        let entityCount = gazetteer.entities.count
        entries = try EntryTable(reading: &reader, entityCount: entityCount)
        summaries = try SummaryTable(reading: &reader)
        exact = try SortedKeyTable(reading: &reader, limit: entries.count)
        byKey = try SortedKeyTable(reading: &reader, limit: entries.count)
        byPhonetic = try SortedKeyTable(reading: &reader, limit: entries.count)
        bySkeleton = try SortedKeyTable(reading: &reader, limit: entries.count)
        negatives = try SortedKeyTable(reading: &reader, limit: entityCount)
        hanAbbreviations = try SortedKeyTable(reading: &reader, limit: entries.count)
        romanizedAbbreviations = try SortedKeyTable(reading: &reader, limit: entries.count)
        initialisms = try SortedKeyTable(reading: &reader, limit: entries.count)
        byWords = try SortedKeyTable(reading: &reader, limit: entries.count)
        byRomaji = try SortedKeyTable(reading: &reader, limit: entries.count)
        codes = try SortedKeyTable(reading: &reader, limit: entityCount)
        demonymEntities = try reader.array()
        demonyms = try SortedKeyTable(reading: &reader, limit: demonymEntities.count)
        demonymNames = try reader.strings()
        demonymLanguages = try reader.strings()
        guard demonymNames.count == demonymEntities.count, demonymLanguages.count == demonymEntities.count else {
            throw reader.corrupt("the demonym tables disagree in size")
        }
        guard SnapshotReader.allBelow(demonymEntities, entityCount) else { throw reader.corrupt("a demonym names no entity") }
        trie = try KeyTrie(reading: &reader)
        edits = try EditFilter(reading: &reader)
        trieEntries = try reader.lists(limit: entries.count)
        let unitCharacters = try reader.strings()
        let unitEntities: FlatArray<Int32> = try reader.array()
        let hanCharacters = try reader.strings()
        let hanReadings = try reader.strings()
        let contextual = try reader.strings()
        guard hanCharacters.count == hanReadings.count, contextual.count == 1 else {
            throw reader.corrupt("the Han readings disagree in size")
        }
        // A reading is a syllable or two: a longer one is damage (or a crafted file that
        // would make every Chinese name it keys as long).
        guard contextual.string(0).utf8.count <= Self.longestContextualSet,
              hanReadings.indices.allSatisfy({ hanReadings.string($0).utf8.count <= Self.longestHanReading }) else {
            throw reader.corrupt("a Han reading is too long")
        }
        var characterReadings: [(character: Unicode.Scalar, reading: String)] = []
        characterReadings.reserveCapacity(hanCharacters.count)
        for position in hanCharacters.indices {
            let scalars = hanCharacters.string(position).unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first else { throw reader.corrupt("a Han reading is not of one character") }
            characterReadings.append((scalar, hanReadings.string(position)))
        }
        hanCharacterReadings = characterReadings
        let contextualCharacters = Set(contextual.string(0).unicodeScalars)
        let groupMembers = try reader.strings()
        let groupEntities: FlatArray<Int32> = try reader.array()
        guard summaries.count == entityCount, unitCharacters.count == unitEntities.count,
              groupMembers.count == groupEntities.count, trieEntries.count == trie.keyCount else {
            throw reader.corrupt("the resolver's tables disagree in size")
        }
        guard SnapshotReader.allBelow(unitEntities, entityCount), SnapshotReader.allBelow(groupEntities, entityCount) else {
            throw reader.corrupt("a Han unit or a group names no entity")
        }
        var units: [Character: Int32] = [:]
        for position in unitCharacters.indices {
            guard let character = unitCharacters.string(position).first else { continue }
            units[character] = unitEntities[position]
        }
        hanUnits = units
        var groups: [[String]: Int32] = [:]
        for position in groupMembers.indices {
            groups[groupMembers.string(position).split(separator: "\u{1F}").map(String.init)] = groupEntities[position]
        }
        groupsByMembers = groups
        let phrases = try reader.strings()
        designators = phrases.indices.map { phrases.string($0).split(separator: "\u{1F}").map(String.init) }
            .filter { !$0.isEmpty }
        designatorEdges = Set(designators.flatMap { [$0.first!, $0.last!] })
        designatorsByFirst = Dictionary(grouping: designators) { $0.first! }
        designatorsByLast = Dictionary(grouping: designators) { $0.last! }
        let languageTokens = try reader.strings()
        let languageTags = try reader.strings()
        guard languageTokens.count == languageTags.count else { throw reader.corrupt("the designator languages disagree in size") }
        var designatorLanguages: [String: Set<String>] = [:]
        for position in languageTokens.indices {
            designatorLanguages[languageTokens.string(position)] = Set(languageTags.string(position).split(separator: " ").map(String.init))
        }
        self.designatorLanguages = designatorLanguages
        // The index was made with this ICU (the header says so): its readings are ICU's.
        HanReadings.store(contextual: contextualCharacters)
        normalizer.hanReadings.store(characterReadings.lazy.map { ($0.character, $0.reading) })
    }

    /// `items` (indexes of strings of `table`) in the byte order of their strings, equal
    /// strings in the order of their indexes.
    static func sortedByBytes(_ table: StringTable, _ items: [Int]) -> [Int] {
        // Sorted by the first eight bytes as an integer first (most comparisons end there),
        // then by the rest.
        var keyed = items.map { (prefix: SortedKeyTable.prefix(table[$0]), item: $0) }
        keyed.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let (left, right) = (table[a.item], table[b.item])
            let common = min(left.count, right.count)
            // Equal prefixes: the first min(common, 8) bytes are equal.
            if common > 8 {
                let order = memcmp(left.baseAddress! + 8, right.baseAddress! + 8, common - 8)
                if order != 0 { return order < 0 }
            }
            return left.count != right.count ? left.count < right.count : a.item < b.item
        }
        return keyed.map(\.item)
    }

    /// The table of the strings of `table` at `order` (sorted by ``sortedByBytes(_:_:)``),
    /// each string once, with `values` of the run of items that have it.
    static func keyTable(_ table: StringTable, _ order: [Int], _ values: (ArraySlice<Int32>) -> [Int32]) -> SortedKeyTable {
        var builder = SortedKeyTable.Builder()
        let items = order.map { Int32($0) }
        var start = 0
        while start < items.count {
            let key = table[Int(items[start])]
            var end = start + 1
            while end < items.count && table[Int(items[end])].elementsEqual(key) { end += 1 }
            builder.append(key, values(items[start..<end]))
            start = end
        }
        return builder.build()
    }

    /// Normalised forms and skeletons of `names`, computed on all cores.
    /// The folded and phonetic keys and the skeleton of each of `names`, in order, computed
    /// on all cores.
    static func normalizeAll(_ names: [String], normalizer: NameNormalizer, skeletons: Bool)
        -> [(key: String, phonetic: String, skeleton: String?)] {
        concurrentMap(names, chunk: 256, state: { skeletons ? ICUProblems.recording { () throws(ICUError) in try SpoofChecker() } : nil }) { spoof, name in
            let normalized = normalizer.normalize(name)
            return (normalized.key, normalized.phonetic, spoof.flatMap { try? $0.skeleton(name.lowercased()) })
        }
    }

    /// Whether a name is written in Cyrillic letters in a smaller language whose names Russian
    /// or Ukrainian text may hold as ordinary words: any Cyrillic language but the major ones
    /// and the Slavic ones of news (Belarusian, Bulgarian, Serbian, Macedonian). The Chechen
    /// "Чехи" and "Словаки" (Czechia, Slovakia) are the Russian for Czechs and Slovaks, and
    /// "Серби" is a sound away from "Сербы" (Serbs). Text is not searched for them.
    static func mayReadAsRussian(_ name: String, language: String?) -> Bool {
        guard let language else { return false }
        let base = language.split(separator: "-").first.map(String.init) ?? language
        guard !isMajorLanguage(base), !["be", "bg", "sr", "mk"].contains(base) else { return false }
        return name.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
    }

    static func isMajorLanguage(_ tag: String) -> Bool {
        let base = tag.split(separator: "-").first.map(String.init) ?? tag
        return MajorLanguages.tags.contains(base)
    }

    /// Whether a name has letters of the Latin script (basic, Latin-1, extended, additional).
    static func hasLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || (0xC0...0x24F).contains(value)
                || (0x1E00...0x1EFF).contains(value)
        }
    }

    /// Whether `text` has a byte from 0xE0 (a scalar from U+0800), as every Han character has.
    static func mayBeHan(_ text: String) -> Bool { text.utf8.contains { $0 >= 0xE0 } }

    /// Whether `text` has a Han character or kana (whose keys are syllables of pinyin or
    /// romaji, not words).
    static func hasHanOrKana(_ text: String) -> Bool {
        mayBeHan(text) && text.unicodeScalars.contains {
            (0x3040...0x30FF).contains($0.value) || (0x3400...0x9FFF).contains($0.value)
                || (0xF900...0xFAFF).contains($0.value) || (0x20000...0x3FFFF).contains($0.value)
        }
    }

    /// The runs of bytes between spaces: at least the number of parts that splitting the
    /// characters at " " gives (a space with a combining mark is one character, not " ").
    static func spaceSeparatedParts(_ text: String) -> Int {
        var parts = 0, inPart = false
        for byte in text.utf8 {
            if byte == 0x20 { inPart = false } else if !inPart { inPart = true; parts += 1 }
        }
        return parts
    }

    static func isHan(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { Script.of($0) == .han }
    }

    /// The bundled designator list, normalised, longest first.
    /// The lines of `Resources/designators.tsv`: each phrase as written, with its language
    /// tag ("" when the line has none).
    static func designatorLines() -> [(phrase: String, language: String)] {
        guard let url = Bundle.module.url(forResource: "designators", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t")
            return (String(fields.first ?? ""), fields.count >= 2 ? String(fields[1]) : "")
        }
    }

    /// The designator phrases, normalised, longest first; and the base languages of the
    /// tokens of those written in Latin letters (see ``designatorLanguages``).
    static func loadDesignators(normalizer: NameNormalizer) -> (phrases: [[String]], languages: [String: Set<String>]) {
        var phrases: Set<[String]> = []
        var languages: [String: Set<String>] = [:]
        for (phrase, tag) in designatorLines() {
            let tokens = normalizer.normalize(phrase).tokens
            if !tokens.isEmpty { phrases.insert(tokens) }
            if !tag.isEmpty && hasLatinLetters(phrase) {
                for token in tokens { languages[token, default: []].insert(Resolver.baseLanguage(tag)) }
            }
        }
        let sorted = phrases.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        return (sorted, languages)
    }

    /// Approximate memory of the index, in bytes, and per name.
    var memoryFootprint: (total: Int, perName: Double) {
        let tables = [exact, byKey, byPhonetic, bySkeleton, negatives, hanAbbreviations, romanizedAbbreviations, initialisms,
                      byWords, byRomaji, codes, demonyms]
        let total = entries.memory + summaries.memory + tables.reduce(0) { $0 + $1.memory } + trie.nodeMemory
            + edits.memory + trieEntries.memory
        return (total, entries.count == 0 ? 0 : Double(total) / Double(entries.count))
    }
}
