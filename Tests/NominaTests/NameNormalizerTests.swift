import Testing
@testable import Nomina

/// Named cases: input, expected key, expected phonetic key (nil: not checked), scripts.
struct KeyCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let key: String
    let phonetic: String?
    let scripts: [String]
    var testDescription: String { name }
}

@Suite("NameNormalizer")
struct NameNormalizerTests {
    static let normalizer = NameNormalizer()

    static let cases: [KeyCase] = [
        // The names of the foundation issue.
        .init(name: "Latin with hyphen", input: "Nagorno-Karabakh", key: "nagorno karabakh", phonetic: "nagorno karaba", scripts: ["Latn"]),
        .init(name: "Cyrillic, BGN/PCGN", input: "Нагорный Карабах", key: "nagornyy karabakh", phonetic: "nagorni karaba", scripts: ["Cyrl"]),
        .init(name: "Han, one token per syllable", input: "纳戈尔诺-卡拉巴赫", key: "na ge er nuo ka la ba he", phonetic: "na ge er nuo ka la ba he", scripts: ["Hani"]),
        .init(name: "Han abbreviation", input: "纳卡", key: "na ka", phonetic: "na ka", scripts: ["Hani"]),
        .init(name: "romanised abbreviation", input: "Naka", key: "naka", phonetic: "naka", scripts: ["Latn"]),
        .init(name: "garbled abbreviation", input: "Naqqa", key: "naqqa", phonetic: "naka", scripts: ["Latn"]),
        .init(name: "garbled pair", input: "Aya-Yaah", key: "aya yaah", phonetic: "aia ia", scripts: ["Latn"]),
        .init(name: "en dash pair", input: "Azerbaijan–Armenia", key: "azerbaijan armenia", phonetic: "aserbaian armenia", scripts: ["Latn"]),
        .init(name: "German", input: "Aserbaidschan", key: "aserbaidschan", phonetic: "aserbaian", scripts: ["Latn"]),
        .init(name: "French diaeresis", input: "Azerbaïdjan", key: "azerbaidjan", phonetic: "aserbaidian", scripts: ["Latn"]),
        .init(name: "Azerbaijani schwa", input: "Ərdoğan", key: "ardogan", phonetic: "ardogan", scripts: ["Latn"]),
        .init(name: "Polish stroke", input: "Łódź", key: "lodz", phonetic: "lods", scripts: ["Latn"]),
        .init(name: "Cyrillic А and е in a Latin word", input: "Аrmеnia", key: "armenia", phonetic: "armenia", scripts: ["Cyrl", "Latn"]),
        .init(name: "Greek small alpha in a Latin word", input: "Armeniα", key: "armenia", phonetic: "armenia", scripts: ["Latn", "Grek"]),
        // One name across scripts.
        .init(name: "Cyrillic Azerbaijan", input: "Азербайджан", key: "azerbaydzhan", phonetic: "aserbaian", scripts: ["Cyrl"]),
        .init(name: "Han Azerbaijan", input: "阿塞拜疆", key: "a sai bai jiang", phonetic: "a sai bai iang", scripts: ["Hani"]),
        .init(name: "Greek, UNGEGN", input: "Αζερμπαϊτζάν", key: "azermpaitzan", phonetic: nil, scripts: ["Grek"]),
        .init(name: "Armenian, BGN", input: "Ադրբեջան", key: "adrbejan", phonetic: "adrbeian", scripts: ["Armn"]),
        .init(name: "Georgian, BGN", input: "აზერბაიჯანი", key: "azerbaijani", phonetic: "aserbaiani", scripts: ["Geor"]),
        .init(name: "Arabic", input: "أذربيجان", key: "adhrbyjan", phonetic: "adhrbian", scripts: ["Arab"]),
        .init(name: "Hebrew with geresh", input: "אזרבייג׳אן", key: "zrbyygn", phonetic: nil, scripts: ["Hebr"]),
        .init(name: "Devanagari", input: "अज़रबैजान", key: "azarabaijana", phonetic: nil, scripts: ["Deva"]),
        .init(name: "Bengali, ICU's vowel separator joined", input: "আজারবাইজান", key: "ajarabaijana", phonetic: nil, scripts: ["Beng"]),
        .init(name: "Tamil", input: "அசர்பைஜான்", key: "acarpaijan", phonetic: nil, scripts: ["Taml"]),
        .init(name: "Hangul", input: "아제르바이잔", key: "ajeleubaijan", phonetic: nil, scripts: ["Hang"]),
        .init(name: "Katakana", input: "アゼルバイジャン", key: "azerubaijan", phonetic: "aserubaian", scripts: ["Kana"]),
        .init(name: "Hiragana", input: "あぜるばいじゃん", key: "azerubaijan", phonetic: "aserubaian", scripts: ["Hira"]),
        .init(name: "Thai", input: "ไทย", key: "thiy", phonetic: nil, scripts: ["Thai"]),
        .init(name: "Ukrainian letters pick Ukrainian BGN", input: "Київ", key: "kyyiv", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "Serbian", input: "Београд", key: "beograd", phonetic: "beograd", scripts: ["Cyrl"]),
        .init(name: "Han context rule from ICU", input: "重庆", key: "chong qing", phonetic: nil, scripts: ["Hani"]),
        .init(name: "Han mixed with Katakana", input: "东京タワー", key: "dong jing tawa", phonetic: nil, scripts: ["Hani", "Kana"]),
        // Folding rules.
        .init(name: "French elision, curly apostrophe", input: "Côte d’Ivoire", key: "cote d ivoire", phonetic: nil, scripts: ["Latn"]),
        .init(name: "official form", input: "République d'Azerbaïdjan", key: "republique d azerbaidjan", phonetic: nil, scripts: ["Latn"]),
        .init(name: "schwa to a", input: "Gəncə", key: "ganca", phonetic: "ganka", scripts: ["Latn"]),
        .init(name: "ayin and hamza dropped", input: "Ṣanʿāʾ", key: "sana", phonetic: nil, scripts: ["Latn"]),
        .init(name: "okina dropped", input: "Oʻzbekiston", key: "ozbekiston", phonetic: nil, scripts: ["Latn"]),
        .init(name: "BGN soft sign dropped", input: "Казань", key: "kazan", phonetic: "kasan", scripts: ["Cyrl"]),
        .init(name: "BGN middle dot joins", input: "Братск", key: "bratsk", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "BGN middle dot before e", input: "Нэгдсэн", key: "negdsen", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "an input middle dot joins", input: "Paral·lel", key: "parallel", phonetic: nil, scripts: ["Latn"]),
        .init(name: "BGN written with its dot", input: "Brat·sk", key: "bratsk", phonetic: nil, scripts: ["Latn"]),
        .init(name: "Kashmiri yeh", input: "مؠکسِکو", key: "mykskw", phonetic: nil, scripts: ["Arab"]),
        .init(name: "dotless i", input: "Diyarbakır", key: "diyarbakir", phonetic: nil, scripts: ["Latn"]),
        .init(name: "dotted capital I", input: "İstanbul", key: "istanbul", phonetic: nil, scripts: ["Latn"]),
        .init(name: "sharp s", input: "Straße", key: "strasse", phonetic: "strase", scripts: ["Latn"]),
        .init(name: "fullwidth", input: "ＵＳＡ", key: "usa", phonetic: nil, scripts: ["Latn"]),
        .init(name: "ligature", input: "ﬁnland", key: "finland", phonetic: nil, scripts: ["Latn"]),
        .init(name: "initialism", input: "U.S.A.", key: "usa", phonetic: nil, scripts: ["Latn"]),
        .init(name: "initialism then word", input: "U.S. Army", key: "us army", phonetic: nil, scripts: ["Latn"]),
        .init(name: "initial and surname stay apart", input: "J. Smith", key: "j smith", phonetic: nil, scripts: ["Latn"]),
        .init(name: "zero-width joiner removed", input: "Nagorno\u{200D}Karabakh", key: "nagornokarabakh", phonetic: nil, scripts: ["Latn"]),
        .init(name: "soft hyphen removed", input: "Kara\u{00AD}bakh", key: "karabakh", phonetic: nil, scripts: ["Latn"]),
        .init(name: "bidi controls removed", input: "\u{202B}Armenia\u{202C}", key: "armenia", phonetic: nil, scripts: ["Latn"]),
        .init(name: "BOM removed", input: "\u{FEFF}Armenia", key: "armenia", phonetic: nil, scripts: ["Latn"]),
        .init(name: "white space collapses", input: "  Nagorno \t\n Karabakh  ", key: "nagorno karabakh", phonetic: nil, scripts: ["Latn"]),
        .init(name: "minus sign and em dash", input: "Russia−Ukraine—war", key: "russia ukraine war", phonetic: nil, scripts: ["Latn"]),
        .init(name: "Arabic-Indic digits", input: "٣٤", key: "34", phonetic: "34", scripts: ["Arab"]),
        .init(name: "no transform: code points", input: "ⵍⵎⵖ", key: "u2d4du2d4eu2d56", phonetic: nil, scripts: ["Tfng"]),
        // Letters ICU's transforms leave alone, romanised by Nomina (no code-point escapes).
        .init(name: "Kurdish ae", input: "کانەدا", key: "kaneda", phonetic: nil, scripts: ["Arab"]),
        .init(name: "Urdu tteh and rreh", input: "ٹڑ", key: "tr", phonetic: nil, scripts: ["Arab"]),
        .init(name: "Church Slavonic", input: "А҆ѵстралі́ѧ", key: "aistraliya", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "Chechen palochka", input: "ОвхӀан", key: "ovkhan", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "Tajik", input: "Тоҷикистон", key: "tojikiston", phonetic: nil, scripts: ["Cyrl"]),
        .init(name: "Sindhi keheh", input: "آمريڪا", key: "amryka", phonetic: nil, scripts: ["Arab"]),
        .init(name: "Kurdish initial hamza carrier", input: "ئەمریکا", key: "emryka", phonetic: nil, scripts: ["Arab"]),
        // Bad input.
        .init(name: "empty", input: "", key: "", phonetic: "", scripts: []),
        .init(name: "punctuation only", input: "!!! — ?¿ «»", key: "", phonetic: "", scripts: []),
        .init(name: "unpaired surrogate (decoded as U+FFFD)", input: String(decoding: [0xD800, 0x61] as [UInt16], as: UTF16.self),
              key: "a", phonetic: "a", scripts: ["Latn"]),
        .init(name: "emoji", input: "🇦🇿 Azerbaijan 🙂", key: "azerbaijan", phonetic: nil, scripts: ["Latn"]),
    ]

    @Test("expected keys", arguments: cases)
    func expectedKeys(_ testCase: KeyCase) {
        let result = Self.normalizer.normalize(testCase.input)
        #expect(result.key == testCase.key)
        if let phonetic = testCase.phonetic { #expect(result.phonetic == phonetic) }
        #expect(result.scripts.map(\.code) == testCase.scripts)
        #expect(result.original == testCase.input)
        #expect(result.tokens == (testCase.key.isEmpty ? [] : testCase.key.split(separator: " ").map(String.init)))
    }

    @Test("the table covers at least 12 scripts")
    func scriptCoverage() {
        let scripts = Set(Self.cases.flatMap(\.scripts))
        #expect(scripts.count >= 12, "only \(scripts.sorted())")
    }

    @Test("names that must share a key")
    func sameKey() {
        let groups = [
            ["Nagorno-Karabakh", "Nagorno Karabakh", "NAGORNO—KARABAKH", "nagorno_karabakh", " Nagorno-Karabakh. "],
            ["Armenia", "Аrmenia", "ARMENIA", "Arménia"],
            ["Cote d'Ivoire", "Côte d’Ivoire", "CÔTE D'IVOIRE", "Côte d‘Ivoire"],
            ["Bratsk", "Братск", "BRATSK"],
        ]
        for group in groups {
            let keys = Set(group.map { Self.normalizer.key($0) })
            #expect(keys.count == 1, "\(group) gave \(keys)")
        }
    }

    @Test("a 1 MB string gives a defined result")
    func hugeInput() {
        let unit = "Нагорный Карабах 纳卡 Naqqa — "
        let huge = String(repeating: unit, count: 1_000_000 / unit.utf8.count + 1)
        #expect(huge.utf8.count >= 1_000_000)
        let result = Self.normalizer.normalize(huge)
        #expect(result.key.hasPrefix("nagornyy karabakh na ka naqqa nagornyy"))
        #expect(result.key.utf8.allSatisfy { $0 < 0x80 })
        let asciiHuge = String(repeating: "Nagorno-Karabakh ", count: 60_000)
        #expect(Self.normalizer.key(asciiHuge).utf8.count == 60_000 * 17 - 1)
    }

    @Test("explain ends with the key and phonetic key of normalize")
    func explainAgrees() {
        for testCase in Self.cases {
            let stages = Self.normalizer.explain(testCase.input)
            let result = Self.normalizer.normalize(testCase.input)
            #expect(stages.first?.output == testCase.input)
            #expect(stages.first(where: { $0.name == "key" })?.output == result.key)
            #expect(stages.last?.output == result.phonetic)
            #expect(stages.map(\.name) == ["input", "clean-up", "punctuation", "homoglyphs", "transliteration", "ascii", "key", "phonetic"])
        }
        let stages = Self.normalizer.explain("Нагорный  Карабах")
        #expect(stages.map(\.output) == ["Нагорный  Карабах", "нагорный  карабах", "нагорный карабах", "нагорный карабах",
                                         "nagornyy karabakh", "nagornyy karabakh", "nagornyy karabakh", "nagorni karaba"])
    }
}

@Suite("NormalizationProfile")
struct NormalizationProfileTests {
    struct SwitchCase: CustomTestStringConvertible, Sendable {
        let name: String
        let change: @Sendable (inout NormalizationProfile) -> Void
        let input: String
        let key: String
        var testDescription: String { name }
    }

    static let cases: [SwitchCase] = [
        .init(name: "default", change: { _ in }, input: "The Gambia", key: "the gambia"),
        .init(name: "particles removed", change: { $0.removeParticles = true }, input: "The Gambia", key: "gambia"),
        .init(name: "al- removed", change: { $0.removeParticles = true }, input: "al-Quds", key: "quds"),
        .init(name: "only particles are kept", change: { $0.removeParticles = true }, input: "La", key: "la"),
        .init(name: "custom particles", change: { $0.removeParticles = true; $0.particles = ["republic", "of"] },
              input: "Republic of Armenia", key: "armenia"),
        .init(name: "no case folding", change: { $0.caseFold = false }, input: "Nagorno-Karabakh", key: "Nagorno Karabakh"),
        .init(name: "no punctuation folding", change: { $0.foldPunctuation = false }, input: "Nagorno-Karabakh", key: "nagorno-karabakh"),
        .init(name: "no homoglyph repair", change: { $0.repairHomoglyphs = false }, input: "Аrmenia", key: "armenia"),
        .init(name: "no transliteration", change: { $0.transliterate = false }, input: "Москва", key: "москва"),
        .init(name: "no ASCII folding", change: { $0.asciiFold = false }, input: "Łódź", key: "łódź"),
        // NFKC_Casefold drops default-ignorable characters by itself, so keeping them also
        // needs case folding and ASCII folding (Latin-ASCII maps the soft hyphen) off.
        .init(name: "format characters kept", change: { $0.removeFormatCharacters = false; $0.caseFold = false; $0.asciiFold = false },
              input: "Kara\u{00AD}bakh\u{200D}", key: "Kara\u{00AD}bakh\u{200D}"),
        .init(name: "format characters dropped by NFKC_Casefold alone", change: { $0.removeFormatCharacters = false },
              input: "Kara\u{00AD}bakh", key: "karabakh"),
    ]

    @Test("each stage can be switched off", arguments: cases)
    func switches(_ testCase: SwitchCase) {
        var profile = NormalizationProfile.default
        testCase.change(&profile)
        #expect(NameNormalizer(profile: profile).key(testCase.input) == testCase.key)
    }

    @Test("fingerprints tell profiles apart and are stable")
    func fingerprints() {
        #expect(NormalizationProfile.default.fingerprint == "v5:cf,fmt,punct,homo,translit,ascii")
        var profiles: Set<String> = []
        for testCase in Self.cases {
            var profile = NormalizationProfile.default
            testCase.change(&profile)
            profiles.insert(profile.fingerprint)
        }
        // The three cases that remove the default particles share one fingerprint; every
        // other profile has its own.
        #expect(profiles.count == Self.cases.count - 2)
        #expect(NormalizationProfile.loose.fingerprint.hasPrefix("v5:cf,fmt,punct,homo,translit,ascii,particles="))
    }

    /// Every letter Nomina romanises itself keys without a code-point escape, alone and
    /// inside a word of its script.
    @Test("extra letters of the Arabic script and Cyrillic key as Latin letters")
    func extraLettersKeyAsLatin() {
        let normalizer = NameNormalizer.shared
        for (script, letters) in ScriptTransforms.extraLetters {
            let base = script == .arabic ? "ب" : "б"
            for (letter, latin) in letters {
                let key = normalizer.normalize(base + String(letter) + base).key
                #expect(key.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }, "\(letter) → \(key)")
                if !latin.isEmpty { #expect(key.contains(latin), "\(letter) → \(key)") }
            }
        }
    }
}
