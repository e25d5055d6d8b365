import Foundation
import Testing
@testable import Nomina

/// The designator lexicon (Sources/Nomina/Resources/designators.tsv): which languages it
/// covers, that none of its phrases is a name, and that official long forms resolve through
/// the designator stage.
@Suite("Designator lexicon")
struct DesignatorLexiconTests {
    /// The lexicon's lines: (phrase, language).
    static let lines: [(phrase: String, lang: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Nomina/Resources/designators.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count == 2 ? (String(fields[0]), String(fields[1])) : nil
        }
    }()

    /// The languages the lexicon covers (CLDR tags).
    static let languages: [String] = [
        "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en",
        "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy",
        "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk", "ml",
        "mn", "mr", "ms", "mt", "my", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "si", "sk",
        "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "tg", "th", "tl", "tr", "uk", "ur", "uz",
        "vi", "yo", "zh", "zh-Hant", "ug", "ckb", "ps"
    ]

    /// Romanisations, tagged with a pseudo-language.
    static let romanisations: [String] = [
        "zh-Latn", "ja-Latn", "ko-Latn", "ru-Latn", "uk-Latn", "ar-Latn", "fa-Latn", "ur-Latn",
        "el-Latn", "hy-Latn", "ka-Latn", "hi-Latn", "th-Latn"
    ]

    @Test("every line is a phrase and a language")
    func wellFormed() {
        #expect(Self.lines.count > 2_000)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Nomina/Resources/designators.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(body.count == Self.lines.count, "a line without exactly one tab")
        for line in Self.lines {
            #expect(!NameNormalizer.shared.normalize(line.phrase).tokens.isEmpty, "\(line.phrase) has no tokens")
        }
    }

    @Test("covers at least 60 languages, each with its own phrases", arguments: languages + romanisations)
    func covers(_ lang: String) {
        #expect(Self.languages.count >= 60)
        let count = Self.lines.filter { $0.lang == lang }.count
        // Romanisations list a few words; a language at least its republic, kingdom,
        // federation, island words and their forms.
        #expect(count >= (lang.hasSuffix("-Latn") ? 1 : 8), "\(lang): \(count) phrases")
    }

    @Test("no tag outside the lists")
    func tags() {
        let known = Set(Self.languages + Self.romanisations)
        #expect(Set(Self.lines.map(\.lang)).subtracting(known).isEmpty)
    }

    @Test("no designator phrase is a name of a country or territory")
    func noPhraseIsAName() throws {
        let normalizer = NameNormalizer.shared
        var names: [String: String] = [:]
        for entity in ResolverTests.resolver.gazetteer.entities where entity.kind == .country || entity.kind == .territory {
            for name in entity.allNames {
                let key = normalizer.key(name)
                if !key.isEmpty { names[key] = "\(entity.id) \(name)" }
            }
        }
        #expect(names.count > 10_000)
        for line in Self.lines {
            let key = normalizer.normalize(line.phrase).tokens.joined(separator: " ")
            #expect(names[key] == nil, "\(line.phrase) (\(line.lang)) has the key of \(names[key] ?? "")")
        }
    }

    struct LongForm: Sendable, CustomTestStringConvertible {
        let query: String
        let id: String
        let lang: String
        init(_ query: String, _ id: String, _ lang: String) {
            self.query = query
            self.id = id
            self.lang = lang
        }
        var testDescription: String { "\(query) (\(lang))" }
    }

    /// Official and long forms, in their languages, whose core (what is left without the
    /// designators) is a name the gazetteer holds, but which are not names themselves.
    static let longForms: [LongForm] = [
        .init("Республика Армения", "ARM", "ru"),
        .init("Königreich Schweden", "SWE", "de"),
        .init("Reino de España", "ESP", "es"),
        .init("Türkiye Cumhuriyeti", "TUR", "tr"),
        .init("Republika Hrvatska", "HRV", "hr"),
        .init("Republika Slovenija", "SVN", "sl"),
        .init("Fürstentum Liechtenstein", "LIE", "de"),
        .init("Großherzogtum Luxemburg", "LUX", "de"),
        .init("Principat d'Andorra", "AND", "ca"),
        .init("Bundesrepublik Deutschland", "DEU", "de"),
        .init("Konungariket Sverige", "SWE", "sv"),
        .init("Kongeriget Danmark", "DNK", "da"),
        .init("Kongeriket Norge", "NOR", "no"),
        .init("Republiken Finland", "FIN", "sv"),
        .init("Eesti Vabariik", "EST", "et"),
        .init("Republik Österreich", "AUT", "de"),
        .init("Repubblica di San Marino", "SMR", "it"),
        .init("Principauté de Monaco", "MCO", "fr"),
        .init("Royaume de Belgique", "BEL", "fr"),
        .init("Koninkrijk België", "BEL", "nl"),
        .init("Confédération suisse", "CHE", "fr"),
        .init("Estado de Israel", "ISR", "es"),
        .init("Stát Izrael", "ISR", "cs"),
        .init("Państwo Izrael", "ISR", "pl"),
        .init("Республика Казахстан", "KAZ", "ru"),
        .init("Республика Беларусь", "BLR", "ru"),
        .init("Республіка Польща", "POL", "uk"),
        .init("Федеративна Республіка Німеччина", "DEU", "uk"),
        .init("Федеративная Республика Германия", "DEU", "ru"),
        .init("Королевство Норвегия", "NOR", "ru"),
        .init("Королевство Испания", "ESP", "ru"),
        .init("Ўзбекистон Республикаси", "UZB", "uz"),
        .init("Қазақстан Республикасы", "KAZ", "kk"),
        .init("Azərbaycan Respublikası", "AZE", "az"),
        .init("Ҷумҳурии Тоҷикистон", "TJK", "tg"),
        .init("Монгол Улс", "MNG", "mn"),
        .init("جمهورية العراق", "IRQ", "ar"),
        .init("جمهورية مصر العربية", "EGY", "ar"),
        .init("دولة الكويت", "KWT", "ar"),
        .init("دولة قطر", "QAT", "ar"),
        .init("جمهوری اسلامی ایران", "IRN", "fa"),
        .init("جمهوری اسلامی افغانستان", "AFG", "fa"),
        .init("اسلامی جمہوریہ پاکستان", "PAK", "ur"),
        .init("מדינת ישראל", "ISR", "he"),
        .init("भारत गणराज्य", "IND", "hi"),
        .init("গণপ্রজাতন্ত্রী বাংলাদেশ", "BGD", "bn"),
        .init("ราชอาณาจักรไทย", "THA", "th"),
        .init("Cộng hòa Xã hội chủ nghĩa Việt Nam", "VNM", "vi"),
        .init("Republik Indonesia", "IDN", "id"),
        .init("Republika ng Pilipinas", "PHL", "tl"),
        .init("Jamhuri ya Muungano wa Tanzania", "TZA", "sw"),
        .init("Jamhuri ya Kenya", "KEN", "sw"),
        .init("Jamhuuriyadda Federaalka Soomaaliya", "SOM", "so"),
        .init("Jamhuriyar Tarayyar Najeriya", "NGA", "ha"),
        .init("朝鲜民主主义人民共和国", "PRK", "zh"),
        .init("フランス共和国", "FRA", "ja"),
        .init("ドイツ連邦共和国", "DEU", "ja"),
        .init("프랑스 공화국", "FRA", "ko"),
        .init("Rzeczpospolita Polska", "POL", "pl"),
        .init("Lýðveldið Ísland", "ISL", "is"),
        .init("República Federativa do Brasil", "BRA", "pt"),
        .init("República de Angola", "AGO", "pt"),
        .init("Estado Plurinacional de Bolivia", "BOL", "es"),
        .init("República Bolivariana de Venezuela", "VEN", "es"),
        .init("República Oriental del Uruguay", "URY", "es"),
        .init("Republiek van Suid-Afrika", "ZAF", "af"),
        .init("Republika Srbija", "SRB", "sr"),
        .init("Република Србија", "SRB", "sr"),
        .init("Република България", "BGR", "bg"),
        .init("Република Северна Македонија", "MKD", "mk"),
        .init("Repubblika ta' Malta", "MLT", "mt"),
        .init("Gweriniaeth Iwerddon", "IRL", "cy"),
        .init("Tanzanya Birleşik Cumhuriyeti", "TZA", "tr"),
        .init("Hong Kong Special Administrative Region", "HKG", "en"),
        .init("香港特别行政区", "HKG", "zh"),
        .init("澳門特別行政區", "MAC", "zh-Hant"),
        .init("Sonderverwaltungszone Hongkong", "HKG", "de"),
        .init("Região Administrativa Especial de Macau", "MAC", "pt"),
        .init("República Popular da China", "CHN", "pt"),
        .init("Volksrepublik China", "CHN", "de"),
        .init("Автономна Республіка Крим", "crimea", "uk"),
        .init("Sultanat Oman", "OMN", "de"),
        .init("État du Qatar", "QAT", "fr"),
        .init("Fédération de Russie", "RUS", "fr"),
        .init("Mancomunidad de las Bahamas", "BHS", "es"),
        .init("Union des Comores", "COM", "fr"),
        .init("Grand-Duché de Luxembourg", "LUX", "fr"),
        .init("Königreich Marokko", "MAR", "de"),
        .init("Regno di Spagna", "ESP", "it"),
        .init("Kıbrıs Cumhuriyeti", "CYP", "tr"),
        .init("Azerbaycan Cumhuriyeti", "AZE", "tr"),
        .init("Respublika Kazakhstan", "KAZ", "ru-Latn"),
        .init("Furansu Kyōwakoku", "FRA", "ja-Latn"),
        .init("Doitsu Renpō Kyōwakoku", "DEU", "ja-Latn"),
        .init("Amerika Gasshūkoku", "USA", "ja-Latn"),
        .init("Wielkie Księstwo Luksemburga", "LUX", "pl"),
        .init("Repubblica Federale di Germania", "DEU", "it"),
        .init("Federazione Russa", "RUS", "it"),
        .init("Republiek Suriname", "SUR", "nl"),
        .init("Île Maurice", "MUS", "fr"),
        .init("République de Maurice", "MUS", "fr"),
    ]

    /// A resolver of the bundled set without the official names that `Curation/countries.yaml`
    /// lists in the UN languages (those resolve as names, before the designator stage).
    static let withoutOfficialNames: Resolver = {
        let gazetteer = ResolverTests.resolver.gazetteer
        let entities = gazetteer.entities.map { entity in
            Entity(id: entity.id, name: entity.name, kind: entity.kind, codes: entity.codes,
                   aliases: entity.aliases.filter { !($0.type == .official && $0.language != nil && $0.language != "en") }
                       + entity.demonyms,
                   members: entity.members, parent: entity.parent, claimants: entity.claimants, negatives: entity.negatives,
                   hanAbbreviation: entity.hanAbbreviation, note: entity.note, population: entity.population,
                   since: entity.since, until: entity.until, tier: entity.tier, location: entity.location)
        }
        return Resolver(gazetteer: Gazetteer(entities: entities, files: gazetteer.files))
    }()

    @Test("long forms resolve through the designator stage (official names listed as names aside)", arguments: longForms)
    func longForm(_ form: LongForm) {
        let resolution = Self.withoutOfficialNames.resolve(form.query)
        #expect(resolution.outcome == .match)
        #expect(resolution.best?.id == form.id)
        // (Hepburn of a whole Japanese name is read by the romaji stage, before designators:
        // "Amerika Gasshūkoku" is アメリカ合衆国.)
        #expect(resolution.method == .designator || (form.lang == "ja-Latn" && resolution.method == .romanized),
                "\(resolution.explanation.map(\.description))")
        // With them, the same entity.
        #expect(ResolverTests.resolver.resolve(form.query).best?.id == form.id)
    }

    @Test("at least 40 long forms, in many languages")
    func longFormsTable() {
        #expect(Self.longForms.count >= 40)
        #expect(Set(Self.longForms.map(\.lang)).count >= 30)
    }

    @Test("a name that keeps a designator word of its own is found before the stripped core")
    func keepsOwnDesignators() {
        let resolver = ResolverTests.resolver
        // "islands" is a designator, but "Cayman Islands" and "Marshall Islands" are names.
        #expect(resolver.resolve("The Republic of Cayman Islands").best?.id == "CYM")
        #expect(resolver.resolve("Kingdom of United Kingdom").best?.id == "GBR")
        // A name less its leading particles comes first: "kongo" alone is ambiguous.
        #expect(resolver.resolve("The Демократска Република Конго").best?.id == "COD")
        // Stripping "democratic" alone must not give the other Congo or Korea.
        #expect(resolver.resolve("Demokratische Republik Kongo").best?.id != "COG")
        #expect(resolver.resolve("Democratic Republic of Korea").best?.id != "KOR")
        #expect(resolver.resolve("Demokratische Volksrepublik Korea").best?.id != "KOR")
    }
}
