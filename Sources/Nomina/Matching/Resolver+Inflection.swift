/// Case forms of names written in Cyrillic letters (docs/matching.md, "Case forms").
///
/// Russian, Ukrainian and Belarusian decline names: "в Москве", "из Азербайджана",
/// "России", "України". A one-word query in Cyrillic letters that matched no name as
/// written or folded is read by its ending: each nominative ending the case ending may
/// stand for is put in its place, and the forms that are names as written are the hits.
/// Only names in Cyrillic letters, in Russian, Ukrainian, Belarusian or without a language,
/// count ("Турк", the Tatar name of Türkiye, is not the stem of "Турки"), and the stem
/// must keep three letters. The stage runs before the folded key of the word itself,
/// which may be a name in Latin letters of some language ("Армении" folds to the Romanian
/// "Armenii").
extension Resolver {
    /// Case endings (as written, small letters) → the nominative endings they may stand for.
    /// Longest endings are tried first; every rule that fits is tried.
    static let caseEndings: [(ending: String, nominatives: [String])] = [
        // -ия nouns (Россия, Армения, Грузия; Ukrainian Росія): genitive, dative, locative,
        // accusative, instrumental.
        ("ией", ["ия"]), ("ии", ["ия"]), ("ию", ["ия"]),
        ("ією", ["ія"]), ("ії", ["ія"]), ("ію", ["ія"]),
        // Plurals (Нидерланды, Филиппины, Мальдивы): genitive, dative, locative, instrumental.
        ("ами", ["ы", "и"]), ("ями", ["и"]), ("ах", ["ы", "и"]), ("ях", ["и"]), ("ам", ["ы", "и"]),
        ("ов", ["ы"]),
        // -а nouns (Москва, Украина, Варшава; Ukrainian Україна): -ы/-и, -е/-і, -у, -ой/-ою.
        ("ой", ["а"]), ("ою", ["а"]), ("ей", ["я", "ь"]), ("ею", ["я"]),
        // Hard masculine nouns (Азербайджан, Ереван, Карабах): -а, -у, -ом, -е; and -й/-ь
        // (Китай, Израиль, Казань): -я, -ю, -ем, -е, -и, -ью.
        ("ом", [""]), ("ем", ["й", "ь"]), ("ью", ["ь"]),
        ("а", ["", "ь"]), ("у", ["", "а"]), ("е", ["", "а", "й", "ь", "я"]), ("ы", ["а"]), ("и", ["а", "ь", "я"]),
        ("я", ["й", "ь"]), ("ю", ["й", "ь", "я"]), ("і", ["а", "я"]),
    ]

    /// The hits of the nominatives a Cyrillic word's ending may stand for, and the names
    /// they are; nil when the word is not one word of Cyrillic letters or no form is a name.
    func inflectedHits(_ word: String) -> (hits: [Int32], names: [String])? {
        let scalars = Array(word.unicodeScalars)
        // Letters of the Cyrillic block, and hyphens inside ("Нью-Йорке").
        guard scalars.count >= 4, scalars.count <= 64,
              scalars.allSatisfy({ (0x0400...0x04FF).contains($0.value) || $0 == "-" }),
              scalars.first != "-", scalars.last != "-" else { return nil }
        let lowered = word.lowercased()
        var hits: [Int32] = []
        var names: [String] = []
        var tried: Set<String> = [word]
        for (ending, nominatives) in Self.caseEndings where lowered.hasSuffix(ending) {
            let stem = String(word.unicodeScalars.dropLast(ending.unicodeScalars.count))
            guard stem.unicodeScalars.count >= 3, stem.unicodeScalars.last != "-" else { continue }
            for nominative in nominatives {
                let form = stem + nominative
                guard tried.insert(form).inserted else { continue }
                // Names as written, in the languages that decline so. Not by folded key: the
                // soft sign folds away, and "Туркь" would be the Tatar "Турк".
                let found = index.exact.values(of: form).filter { isDecliningName(index.entries[Int($0)]) }
                if !found.isEmpty {
                    hits += found
                    names.append(form)
                }
            }
        }
        return hits.isEmpty ? nil : (hits, names)
    }

    /// Georgian case forms by their keys (Georgian-Latin/BGN: ი i, ა a, ს s, შ sh): the
    /// genitive -ის/-ისა of names in -ი or -ა ("სირიის" of სირია, "ბრიტანეთის" of
    /// ბრიტანეთი), -ს after a vowel ("ჩილეს" of ჩილე), the locative -ში ("საფრანგეთში" of
    /// საფრანგეთი). The hits are names in Georgian letters; nil when the key has none of
    /// these endings or no form is a name. The stem keeps three letters.
    func georgianCaseHits(_ key: String) -> (hits: [Int32], names: [String])? {
        guard key.utf8.count >= 5, key.utf8.count <= 64, key.utf8.allSatisfy({ (0x61...0x7A).contains($0) }) else { return nil }
        var forms: [String] = []
        func add(_ stem: Substring, _ endings: [String]) {
            guard stem.count >= 3 else { return }
            for ending in endings { forms.append(String(stem) + ending) }
        }
        if key.hasSuffix("isa") { add(key.dropLast(3), ["i", "a"]) }
        if key.hasSuffix("is") { add(key.dropLast(2), ["i", "a"]) }
        if key.hasSuffix("shi") { add(key.dropLast(3), ["i", ""]) }
        if key.hasSuffix("s"), let before = key.dropLast().last, "eou".contains(before) { add(key.dropLast(), [""]) }
        var hits: [Int32] = []
        var names: [String] = []
        for form in forms {
            let found = (index.byKey[form] ?? []).filter {
                index.entries[Int($0)].name.unicodeScalars.contains { (0x10D0...0x10FF).contains($0.value) }
            }
            if !found.isEmpty {
                hits += found
                names.append(form)
            }
        }
        return hits.isEmpty ? nil : (hits, names)
    }

    /// Languages whose names decline by the endings of ``caseEndings``.
    static let decliningLanguages: Set<String> = ["ru", "uk", "be"]

    /// Whether an entry is a name in Cyrillic letters, in Russian, Ukrainian or Belarusian
    /// or without a language (a canonical name, a curated alias, a bulk place's name).
    func isDecliningName(_ entry: EntryTable.Entry) -> Bool {
        let name = entry.name
        guard Self.isCyrillic(name) else { return false }
        let entity = index.gazetteer.entities[Int(entry.entity)]
        // People: "Иванова", "Медведева" are other people's surnames in the feminine.
        if entity.kind == .person { return false }
        if entity.name == name { return true }
        // Not a former name: "улица Куйбышева" is named after the man, not Samara.
        return entity.aliases.contains { alias in
            alias.name == name && alias.type != .historical
                && (alias.language.map { Self.decliningLanguages.contains(String($0.prefix(2))) } ?? true)
        }
    }

    /// Whether `name` has a letter of the Cyrillic block.
    static func isCyrillic(_ name: String) -> Bool {
        name.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
    }
}
