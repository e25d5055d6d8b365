/// Case forms of names written in Cyrillic letters (docs/matching.md, "Case forms").
///
/// Russian, Ukrainian and Belarusian decline names: "в Москве", "из Азербайджана",
/// "России", "України". A one-word query in Cyrillic letters that matched no name as
/// written or folded is read by its ending: each nominative ending the case ending may
/// stand for is put in its place, and the forms whose folded key is a name's are the hits
/// (so "Кельне" finds "Кёльн"). Only names in Cyrillic letters count, and the stem must
/// keep three letters. The stage runs before the folded key of the word itself, which
/// may be a name in Latin letters of some language ("Армении" folds to the Romanian
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
                let key = index.normalizer.normalize(form).key
                // Names in Cyrillic letters, which is what declines so; the form as written
                // first (the name reported as matched).
                let found = (index.byKey[key] ?? []).filter { Self.isCyrillic(index.entries[Int($0)].name) }
                    .sorted { (index.entries[Int($0)].name == form ? 0 : 1) < (index.entries[Int($1)].name == form ? 0 : 1) }
                if !found.isEmpty {
                    hits += found
                    names.append(form)
                }
            }
        }
        return hits.isEmpty ? nil : (hits, names)
    }

    /// Whether `name` has a letter of the Cyrillic block.
    static func isCyrillic(_ name: String) -> Bool {
        name.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
    }
}
