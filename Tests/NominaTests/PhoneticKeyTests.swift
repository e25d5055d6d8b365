import Testing
@testable import Nomina

@Suite("PhoneticKey")
struct PhoneticKeyTests {
    static let normalizer = NameNormalizer()

    /// Spellings each rule must unite (the rule's own documentation pair first).
    static let united: [(rule: String, spellings: [String])] = [
        ("q, doubled letters", ["Naqqa", "Naka", "Nakka", "NAKA"]),
        ("dzh, dsch, zh, j, y → i", ["Azerbaijan", "Azerbaydzhan", "Azerbaidzhan", "Aserbaidschan", "Азербайджан"]),
        ("tsch → ch", ["Tschad", "Chad"]),
        ("kh → h", ["Kharkiv", "Harkiv"]),
        ("ph → f", ["Philippines", "Filippines"]),
        ("c → k", ["Congo", "Kongo"]),
        ("c before e, i → s", ["Valencia", "Valensia"]),
        ("ks → x", ["Aksai", "Axai"]),
        ("w → v", ["Warszawa", "Varszava"]),
        ("y, j, i", ["Yemen", "Jemen", "Iemen"]),
        ("z → s", ["Brazil", "Brasil"]),
        ("ou → u", ["Ouzbekistan", "Uzbekistan"]),
        ("final h after a vowel", ["Yaah", "Yaa", "Ya"]),
        ("kh → h, then dropped at the end like any h after a vowel", ["Karabakh", "Karabah", "Karaba"]),
    ]

    @Test("each rule unites its spellings")
    func unites() {
        for (rule, spellings) in Self.united {
            let keys = Set(spellings.map { Self.normalizer.normalize($0).phonetic })
            #expect(keys.count == 1, "\(rule): \(spellings) → \(keys)")
        }
    }

    /// Names that must stay apart.
    static let distinct: [(String, String)] = [
        ("Niger", "Nigeria"), ("Iran", "Iraq"), ("Sudan", "South Sudan"), ("Guinea", "Guyana"),
        ("Austria", "Australia"), ("Mali", "Malawi"), ("Oman", "Amman"), ("Congo", "Kenya"),
        ("Gambia", "Zambia"), ("Slovakia", "Slovenia"), ("Dominica", "Dominican Republic"),
    ]

    @Test("distinct names stay apart")
    func staysApart() {
        for (a, b) in Self.distinct {
            #expect(Self.normalizer.normalize(a).phonetic != Self.normalizer.normalize(b).phonetic, "\(a) / \(b)")
        }
    }

    /// The agreed bound: these are the only collisions the key creates among the 249
    /// country names; each is listed so that any new one fails this test.
    static let agreedCollisions: Set<String> = []

    @Test("collisions among country names stay within the agreed list")
    func countryCollisions() {
        var byPhonetic: [String: Set<String>] = [:]
        for name in CountryNames.english {
            let result = Self.normalizer.normalize(name)
            byPhonetic[result.phonetic, default: []].insert(result.key)
        }
        let collisions = Set(byPhonetic.values.filter { $0.count > 1 }.map { $0.sorted().joined(separator: " = ") })
        #expect(CountryNames.english.count == 249)
        #expect(collisions == Self.agreedCollisions, "new collisions: \(collisions.subtracting(Self.agreedCollisions))")
        #expect(collisions.count <= 3)
    }

    @Test("the key is never longer than its input and keeps the token count")
    func shape() {
        for input in RandomCorpus.strings(count: 5_000, maxLength: 20, seed: 5) {
            let key = Self.normalizer.key(input)
            let phonetic = PhoneticKey.of(foldedKey: key)
            #expect(phonetic.utf8.count <= key.utf8.count)
            #expect(phonetic.split(separator: " ").count == key.split(separator: " ").count)
        }
    }
}
