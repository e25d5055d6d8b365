import Testing
@_spi(Internals) @testable import Nomina

@Suite("ICU bridge")
struct ICUTests {
    struct TransformCase: CustomTestStringConvertible, Sendable {
        let id: String
        let input: String
        let output: String
        var testDescription: String { "\(id): \(input)" }
    }

    static let transforms: [TransformCase] = [
        .init(id: "Any-Latin; Latin-ASCII", input: "Азербайджан", output: "Azerbajdzan"),
        .init(id: "Any-Latin; Latin-ASCII; Lower", input: "Ελλάδα", output: "ellada"),
        .init(id: "Russian-Latin/BGN", input: "Нагорный Карабах", output: "Nagornyy Karabakh"),
        .init(id: "Han-Latin", input: "纳卡", output: "nà kǎ"),
        .init(id: "Latin-ASCII", input: "Łódź Straße", output: "Lodz Strasse"),
        .init(id: "[:Cyrillic:] Any-Latin", input: "Москва 東京", output: "Moskva 東京"),
    ]

    @Test("compound IDs and filters", arguments: transforms)
    func compoundIDs(_ testCase: TransformCase) throws {
        let transliterator = try Transliterator(id: testCase.id)
        #expect(try transliterator.transliterate(testCase.input) == testCase.output)
        #expect(transliterator.id == testCase.id)
    }

    @Test("custom rules, and Nomina's own ASCII rules")
    func customRules() throws {
        let custom = try Transliterator(rules: "ə > a; Ə > A; ı > i; [ʿʾ] > ;", name: "Test-Rules")
        #expect(try custom.transliterate("Gəncə Ərdoğan ʿAmmān") == "Ganca Ardoğan Ammān")
        let ascii = try Transliterator(rules: ScriptTransforms.asciiRules)
        #expect(try ascii.transliterate("Gəncə Ṣanʿāʾ Oʻzbekiston Kazanʹ ʃ") == "Ganca Sana Ozbekiston Kazan sh")
    }

    @Test("an unknown ID throws ICU's error name")
    func unknownID() {
        #expect {
            try Transliterator(id: "Klingon-Latin")
        } throws: { error in
            let icu = error as? ICUError
            return icu?.name == "U_INVALID_ID" && icu?.description.contains("Klingon-Latin") == true
        }
    }

    @Test("a rule parse error reports line and offset")
    func parseError() {
        let rules = "a > b;\nc > d;\nx } > y ; [[ \n"
        do {
            _ = try Transliterator(rules: rules)
            Issue.record("bad rules parsed")
        } catch {
            #expect(error.name == "U_MALFORMED_SET")
            #expect(error.line == 3)
            #expect(error.column != nil)
            #expect(error.offset != nil)
            #expect(error.description.contains("line 3"))
        }
    }

    @Test("rules can be read back")
    func readRules() throws {
        let rules = try Transliterator(id: "Han-Latin").rules()
        #expect(rules.contains("{重}"))
    }

    @Test("available IDs include the transforms the normaliser uses")
    func availableIDs() throws {
        let ids = Set(try Transliterator.availableIDs())
        for script in [Script.cyrillic, .greek, .armenian, .georgian, .arabic, .hebrew, .devanagari, .bengali,
                       .tamil, .thai, .hangul, .hiragana, .katakana, .han] {
            for id in ScriptTransforms.latinTransforms(for: script, sample: "".unicodeScalars) {
                #expect(ids.contains(id), "\(id) is missing from this ICU")
            }
        }
        for id in ["Ukrainian-Latin/BGN", "Serbian-Latin/BGN", "Kazakh-Latin/BGN", "Belarusian-Latin/BGN",
                   "Macedonian-Latin/BGN", "Latin-ASCII"] {
            #expect(ids.contains(id))
        }
    }

    @Test("a pool serves many threads, each with its own transliterator")
    func poolUnderConcurrency() async throws {
        let pool = try TransliteratorPool(id: "Any-Latin; Latin-ASCII; Lower")
        let inputs = (0..<2_000).map { ["Азербайджан", "纳卡", "Ελλάδα", "Հայաստան", "Armenia"][$0 % 5] + " \($0)" }
        let reference = try Transliterator(id: "Any-Latin; Latin-ASCII; Lower")
        let expected = try inputs.map { try reference.transliterate($0) }
        let results = try await withThrowingTaskGroup(of: [String].self, returning: [[String]].self) { group in
            for _ in 0..<8 { group.addTask { try inputs.map { try pool.transliterate($0) } } }
            var all: [[String]] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == expected) }
    }

    @Test("NFKC_Casefold")
    func nfkcCasefold() throws {
        let normalizer = UnicodeNormalizer.nfkcCasefold
        #expect(try normalizer.normalize("ＡＢＣ Straße ﬁ Ⅻ \u{200D}x\u{00AD}y") == "abc strasse fi xii xy")
        #expect(try normalizer.isNormalized("abc"))
        #expect(try !normalizer.isNormalized("ABC"))
        #expect(try UnicodeNormalizer.nfc.normalize("e\u{301}") == "é")
    }

    @Test("confusable skeletons fold Cyrillic А with Latin A")
    func skeletons() throws {
        let checker = try SpoofChecker()
        #expect(try checker.skeleton("Аrmenia") == checker.skeleton("Armenia"))
        #expect(try checker.skeleton("Armenia") != checker.skeleton("Albania"))
        #expect(try checker.check("Аrmenia") != 0)  // mixed scripts
        #expect(try checker.check("Armenia") == 0)
        let shared = try SharedSpoofChecker()
        #expect(try shared.skeleton("раураl") == shared.skeleton("paypal"))
    }

    struct ScriptCase: Sendable, CustomTestStringConvertible {
        let text: String
        let codes: [String]
        var testDescription: String { text }
    }

    @Test("script detection", arguments: [
        ScriptCase(text: "Armenia", codes: ["Latn"]),
        ScriptCase(text: "Аrmenia", codes: ["Cyrl", "Latn"]),
        ScriptCase(text: "纳卡 2024", codes: ["Hani"]),
        ScriptCase(text: "東京タワー", codes: ["Hani", "Kana"]),
        ScriptCase(text: "123 !?", codes: []),
        ScriptCase(text: "Ελλάδα", codes: ["Grek"]),
        ScriptCase(text: "ქართული", codes: ["Geor"]),
    ])
    func scripts(_ testCase: ScriptCase) {
        #expect(Script.scripts(in: testCase.text).map(\.code) == testCase.codes)
    }

    @Test("script names round-trip through ICU")
    func scriptNames() {
        #expect(Script.cyrillic.code == "Cyrl")
        #expect(Script.cyrillic.name == "Cyrillic")
        #expect(Script(code: "Cyrillic") == .cyrillic)
        #expect(Script(code: "Xxxx-not-a-script") == nil)
        #expect(Script.of("Б") == .cyrillic)
        #expect(Script.of("1").isShared)
    }

    @Test("word boundaries segment a Chinese sentence")
    func chineseWords() throws {
        let breaker = try WordBreaker(locale: "zh")
        let sentence = "纳卡地区局势紧张，双方同意停火。"
        let segments = try breaker.segments(in: sentence)
        #expect(segments.map(\.text).joined() == sentence)  // segments cover the text
        let words = try breaker.words(in: sentence)
        #expect(words.contains("地区"))
        #expect(words.contains("停火"))
        #expect(words.contains("双方"))
        #expect(!words.contains("，"))
        #expect(segments.first(where: { $0.text == "地区" })?.kind == .ideographic)
        // Thai has no spaces either.
        let thai = try WordBreaker(locale: "th").words(in: "ประเทศไทยสวยงาม")
        #expect(thai.count >= 2)
        #expect(thai.joined() == "ประเทศไทยสวยงาม")
        // Spaced text: words and numbers.
        let english = try WordBreaker().segments(in: "Naka, 2024!")
        #expect(english.filter { $0.kind.isWord }.map(\.text) == ["Naka", "2024"])
        #expect(english.first(where: { $0.text == "2024" })?.kind == .number)
    }

    @Test("ICU versions are known")
    func versions() {
        #expect(ICUInfo.version.split(separator: ".").count >= 2)
        #expect(!ICUInfo.unicodeVersion.isEmpty)
    }
}

@Suite("ICU set-up")
struct ICUSetUpTests {
    /// A problem this test records on purpose (the record lasts for the process).
    static let planted = ICUError(code: 2, operation: "open test object \"Nomina-Test-Missing\"")

    @Test("every ICU object the pipeline uses opens on this system, and normalising every script records no problem")
    func healthy() throws {
        try NameNormalizer.checkICU()
        for name in ["Азербайджан", "Ўзбекістан", "Αθήνα", "Հայաստան", "საქართველო", "أذربيجان", "ישראל", "नेपाल", "ไทย",
                     "한국", "にほん", "ニホン", "纳卡", "Аrmenia", "ខ្មែរ", "ລາວ"] {
            _ = NameNormalizer.shared.normalize(name)
        }
        #expect(NameNormalizer.icuProblems.filter { $0 != Self.planted }.isEmpty, "\(NameNormalizer.icuProblems)")
    }

    @Test("an ICU object that does not open is recorded once, and the caller goes on without it")
    func recorded() {
        let value: Int? = ICUProblems.recording { () throws(ICUError) in throw Self.planted }
        let again: Int? = ICUProblems.recording { () throws(ICUError) in throw Self.planted }
        #expect(value == nil && again == nil)
        #expect(NameNormalizer.icuProblems.filter { $0 == Self.planted }.count == 1)
    }

    @Test("a transform ICU does not have is an error naming it")
    func missingTransform() {
        #expect {
            _ = try Transliterator(id: "Nomina-NoSuchScript")
        } throws: { error in
            (error as? ICUError)?.description.contains("Nomina-NoSuchScript") == true
        }
    }
}
