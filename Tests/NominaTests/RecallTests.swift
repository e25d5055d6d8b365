import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// The stages that find real-world forms the dictionaries do not hold as written: joined
/// pinyin of Han names, inverted and parenthesised official forms, designators with an
/// adjectival or inflected core, hyphenated syllables, romanised composites.
@Suite("Recall of written forms")
struct RecallTests {
    static let resolver = ResolverTests.resolver

    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        /// The entity id, the composite id ("CHN+JPN"), or nil for no match.
        let id: String?
        let method: ResolutionMethod?
        var testDescription: String { query }
        init(_ query: String, _ id: String?, _ method: ResolutionMethod? = nil) {
            self.query = query
            self.id = id
            self.method = method
        }
    }

    static let cases: [Case] = [
        // Joined pinyin of Chinese names, as machine translation leaves them.
        .init("Eluosi", "RUS", .romanized), .init("Asaibaijiang", "AZE", .romanized),
        .init("Yameiniya", "ARM", .romanized), .init("Wukelan", "UKR", .romanized),
        .init("Faguo", "FRA", .romanized), .init("Meiguo", "USA", .romanized),
        .init("Zhongguo", "CHN", .romanized), .init("ELUOSI", "RUS", .romanized),
        // Spaced or hyphenated syllables are the name's own key.
        .init("E luo si", "RUS", .folded), .init("E-luo-si", "RUS", .folded),
        // A typo of a long joined reading.
        .init("Asaibajiang", "AZE"), .init("Yamieniya", "ARM"),
        // Inverted forms, ISO style.
        .init("Korea, Republic of", "KOR"), .init("Korea, Democratic People's Republic of", "PRK"),
        .init("Congo, The Democratic Republic of the", "COD"), .init("Iran, Islamic Republic of", "IRN"),
        .init("Tanzania, United Republic of", "TZA"), .init("Venezuela, Bolivarian Republic of", "VEN"),
        // Parentheticals: the whole, the part outside, the part inside.
        .init("Bolivia (Plurinational State of)", "BOL"), .init("Falkland Islands (Malvinas)", "FLK"),
        .init("Holy See (Vatican City State)", "VAT"), .init("Sint Maarten (Dutch part)", "SXM"),
        .init("Falkland Islands (the) [Malvinas]", "FLK"), .init("D.P.R. Korea", "PRK"),
        .init("Dem. People's Rep. of Korea", "PRK"), .init("Islamic Emirate of Afghanistan", "AFG", .designator),
        .init("Rep. Jordan", nil),
        // With a designator, an adjectival or inflected core matches by its stem.
        // (Official names in the UN languages are names: these are not.)
        .init("Slowakische Republik", "SVK", .designator), .init("Киргизская Республика", "KGZ", .designator),
        .init("Kyrgyzskaya Respublika", "KGZ", .designator),
        // A genitive core, by its ending (Finnish, Lithuanian, Albanian, Armenian).
        // Adjectives and case forms compared with the names in the designator's language.
        .init("Francouzská republika", "FRA", .designator), .init("Olasz Köztársaság", "ITA", .designator),
        .init("Den Italienske Republik", "ITA", .designator), .init("Fransız Cumhuriyeti", "FRA", .designator),
        .init("Slovenská republika", "SVK", .designator), .init("Republika Austrii", "AUT", .designator),
        .init("Republika e Iranit", "IRN", .designator), .init("the State of Alania", nil),
        // Designators of English official names and the names of self-declared states.
        .init("Dominion of Canada", "CAN", .designator), .init("States of Guernsey", "GGY", .designator),
        .init("Realm of New Zealand", "NZL", .designator), .init("Republic of Somaliland", "somaliland", .exact),
        .init("Pridnestrovian Moldavian Republic", "transnistria", .exact),
        .init("Country of Aruba", "ABW", .designator), .init("Overseas Collectivity of Saint Martin", "MAF", .designator),
        .init("Estado Libre Asociado de Puerto Rico", "PRI", .designator), .init("Country of Origin", nil),
        .init("Democratic Peoples Republic of Korea", "PRK", .designator), .init("PR China", "CHN", .designator),
        .init("Gweriniaeth De Affrica", "ZAF", .designator), .init("Egyptská arabská republika", "EGY", .designator),
        // A name beside the country it lies in, without a comma.
        .init("હોંગકોંગ SAR ચીન", "HKG", .folded), .init("Хонг Конг С. А. Р. Кина", "HKG", .folded),
        .init("ମାକାଉ SAR ଚିନ୍", "MAC", .folded), .init("Georgia USA", "georgia-us", .folded),
        .init("Georgia Russia", nil),
        // A few letters off in the script the name is written in ("Ж" for "Ј"), not an ending.
        .init("Свалбард и Жан Мејен", "SJM", .fuzzy), .init("Танзаниец", nil), .init("Швейцарец", nil),
        .init("Эфиоп", nil), .init("ΚΑΝΨΔΆΣ", "CAN", .fuzzy),
        // Not adjectives: names of their own, a whole name and more letters.
        .init("Repubblica di Venezia", nil), .init("Republica Chadwick", nil), .init("Republika Indianapolis", nil),
        // Vietnamese syllables, x read as s and a final n as l; pinyin of a core.
        .init("Xê-nê-gan", "SEN", .romanized), .init("Fa-lan-xi", "FRA", .designator),
        // The Republic of China is Taiwan in every language, the People's Republic China.
        .init("Republik China", "TWN", .exact), .init("Китайская Республика", "TWN", .exact),
        .init("Volksrepublik China", "CHN", .exact),
        .init("Saksan liittotasavalta", "DEU", .designator), .init("Suomen tasavalta", "FIN", .designator),
        .init("Lietuvos Respublika", "LTU", .designator), .init("Republika e Shqipërisë", "ALB", .designator),
        .init("Hayastani Hanrapetutyun", "ARM", .designator), .init("Saksan", nil),
        // Case forms of Cyrillic names, by their endings (Russian, Ukrainian).
        .init("Азербайджана", "AZE", .inflected), .init("Азербайджаном", "AZE", .inflected),
        .init("России", "RUS", .inflected), .init("Россией", "RUS", .inflected), .init("Армении", "ARM", .inflected),
        .init("Украины", "UKR", .inflected), .init("Украине", "UKR", .inflected), .init("Украиной", "UKR", .inflected),
        .init("Китае", "CHN", .inflected), .init("Израиля", "ISR", .inflected), .init("Нидерландах", "NLD", .inflected),
        .init("Карабаха", "nagorno-karabakh", .inflected), .init("України", "UKR", .inflected), .init("Росії", "RUS", .inflected),
        .init("Куйбышева", nil),
        // …not person names, words, or forms of names in other scripts.
        .init("Ивана", nil), .init("Мамы", nil), .init("Армения", "ARM", .exact),
        // Short syllables written apart (Vietnamese transcriptions).
        .init("Ca-na-đa", "CAN", .romanized),
        // Romanised composites of Han units, hyphenated.
        .init("Zhong-Ri", "CHN+JPN", .abbreviation), .init("Zhong-E", "CHN+RUS", .abbreviation),
        .init("Tu-Xu", "TUR+SYR", .abbreviation), .init("Ri-Han", "JPN+KOR", .abbreviation),
        // The same words in another order, particles aside.
        .init("Congo, Republic of", "COG", .folded), .init("Republic of Congo", "COG", .exact) /* listed as news writes it */,
        // Country codes in capitals, before names of smaller languages with the same key.
        .init("ITA", "ITA", .code), .init("SWE", "SWE", .code), .init("NGA", "NGA", .code), .init("ARE", "ARE", .code),
        .init("SE", "SWE", .code), .init("US", "USA", .exact) /* an English name as well as the code */, .init("ita", nil),
        // A listed demonym with a designator is its country (a stem is compared with names in
        // the major languages only: "Irisi" is not Russia).
        .init("IRISH REPUBLIC", "IRL", .designator),
        // Hepburn with long vowels written any way.
        .init("Kuueito", "KWT", .romanized), .init("Kūēto", "KWT", .romanized), .init("Sūēden", "SWE", .romanized),
        .init("Hangarii", "HUN", .romanized), .init("Fijii", "FJI", .romanized),
        // Adjectives in other languages, and English demonyms a smaller language writes
        // as the name (the Georgian პაკისტანი folds to "pakistani").
        .init("armenio", nil), .init("húngaro", nil), .init("alemán", nil), .init("Pakistani", nil),
        .init("North Korean", nil), .init("New Zealander", nil), .init("Bangladeshi", nil),
        // Russian demonyms, and demonyms of names in the plural.
        .init("Коморец", nil), .init("Netherlander", nil), .init("Falkland Islander", nil),
        // …while the names stay names.
        .init("Armenia", "ARM", .exact), .init("Alemania", "DEU", .exact), .init("Sudan", "SDN", .exact),
        .init("Jordan", "JOR", .exact), .init("Armenie", "ARM"), .init("Pakistan", "PAK", .exact),
        // Arabic harakat, shadda, tatweel and Hebrew niqqud are folded away.
        .init("الْمَمْلَكَة الْعَرَبِيَّة السَّعُودِيَّة", "SAU"), .init("كَنَدا", "CAN"), .init("ـكـنـدا", "CAN"),
        .init("יִשְׂרָאֵל", "ISR"),
        // Found by review: ISO codes beat short names in smaller languages (Spanish "RU" is
        // the UK), while a curated name written so stays ("AU", the African Union).
        .init("RU", "RUS", .code), .init("SA", "SAU", .code), .init("KM", "COM", .code), .init("AU", "african-union", .exact),
        // Designators do not lend their length to the fuzzy stage, and a stem needs five
        // letters (six in a longer word) and a name at most three letters longer.
        .init("Republic of Perm", nil), .init("Republic Services", nil), .init("Republik Marot", nil),
        .init("Republic Palas", nil),
        // Syllables are joined only when hyphenated; romaji skeletons of words apart only
        // for words of three letters or more and eight letters in all.
        .init("I ran", nil), .init("O man", nil), .init("to go", nil), .init("Li Bi", nil), .init("Chad Ooo", nil),
        .init("I\u{A0}ran", nil), .init("I\tran", nil), .init("I,ran", nil), .init("To/go", nil),
        // Each word apart must read as Japanese syllables: "kit" ends in a consonant.
        .init("Kit Achoo Seen", nil), .init("Kita Chōsen", "PRK", .romanized),
        // A Russian adjective before a designator, in BGN/PCGN or Cyrillic, an ending split
        // off by a soft sign joined back.
        .init("Bagamskiye Ostrova", "BHS", .designator), .init("Багамские острова", "BHS", .designator),
        .init("Seyshel’skiye Ostrova", "SYC", .designator), .init("Portugal’skaya Respublika", "PRT", .designator),
        .init("Komorskiye ostrova", "COM", .designator), .init("Bagamskiye", nil),
        // Japanese place names with kanji, read as the Japanese read them; small kana and ヴ any way.
        .init("Minami Afurika", "ZAF", .romanized), .init("Kongo Kyōwakoku", "COG", .romanized),
        .init("Kongo Minshu Kyouwakoku", "COD", .romanized), .init("Nishi Sahara", "ESH", .romanized),
        .init("Nihon", "JPN", .romanized), .init("Nippon", "JPN", .romanized), .init("Kankoku", "KOR", .romanized),
        .init("Kitachousen", "PRK", .romanized), .init("Chūgoku", "CHN", .romanized),
        .init("Beiryou Samoa", "ASM", .romanized), .init("Kome Ryō Vājin Sho Shima", "VIR", .romanized),
        .init("Soromon Shotō", "SLB", .romanized), .init("Anteigua Baabuuda", "ATG", .romanized),
        .init("Antigua Bābuda", "ATG"), .init("Seeshieru", "SYC", .romanized),
        .init("Eiryō Bājin Shotō", "VGB", .romanized), .init("Nōfōku-tō", "NFK", .romanized),
        // A qualifier in brackets that names something else is not ignored: it chooses
        // the US state.
        .init("Georgia (USA)", "georgia-us"),
        // Names in other languages that end like an English demonym stay names.
        .init("Egypten", "EGY", .exact),
        // Not names: words near a short joined reading, adjectives without a designator,
        // syllables alone or joined without a hyphen, person names.
        .init("manage", nil), .init("Italienische", nil),
        // Demonyms and adjectives: a name with an adjectival ending.
        .init("Armenian", nil), .init("Armenians", nil), .init("Syrian", nil), .init("Georgian", nil), .init("Brazilian", nil),
        .init("Sudanese", nil), .init("Romanian", nil), .init("Kenyan", nil), .init("Iranians", nil),
        .init("Yi", nil), .init("E", nil), .init("Ba", nil), .init("Zhongri", nil), .init("Li Na", nil),
        .init("Maya", nil), .init("Republic", nil), .init("Republic of", nil), .init(", Republic of", nil),
        // Misspelt demonyms are no near misses of the names (nearer the demonym, or as near
        // and ending as it does; a Georgian name with the demonym's key does not count)…
        .init("Venezualan", nil), .init("Isreali", nil), .init("Ukrainan", nil), .init("Austrailian", nil),
        .init("Azerbaijany", nil), .init("Bangladeshy", nil),
        // …while typos of the names still match, also as near a demonym of another language.
        .init("Armenai", "ARM", .fuzzy), .init("Germny", "DEU", .fuzzy), .init("Isreal", "ISR", .fuzzy),
        .init("Russsia", "RUS", .phonetic), .init("Frnace", "FRA", .fuzzy),
        // Official names in the UN languages whose core is no name (found by review).
        .init("Estados Unidos Mexicanos", "MEX", .exact), .init("美利坚合众国", "USA", .exact),
        .init("Estados Unidos de América", "USA", .exact), .init("États-Unis d'Amérique", "USA", .exact),
        .init("Vereinigte Staaten von Amerika", "USA", .exact), .init("Соединённые Штаты Америки", "USA", .exact),
        .init("Reino Unido de Gran Bretaña e Irlanda del Norte", "GBR", .exact), .init("大韩民国", "KOR", .exact),
        .init("República de Corea", "KOR", .exact), .init("Republik Korea", "KOR", .exact), .init("République de Corée", "KOR", .exact),
        .init("República Popular Democrática de Corea", "PRK", .exact), .init("الجمهورية العربية السورية", "SYR", .exact),
        .init("以色列国", "ISR", .exact), .init("سلطنة عمان", "OMN", .exact), .init("中華民國", "TWN", .exact),
        // "And" in another language between the parts of a name (Greenlandic, Hindi with एवं
        // where the name has और, Uzbek, Kyrgyz, Swedish).
        .init("Saint Kitts aamma Nevis", "KNA", .folded), .init("एन्टिगुआ एवं बारबूडा", "ATG", .folded),
        .init("Wallis aamma Futuna", "WLF", .folded), .init("Trinidad och Tobago", "TTO"),
        // A compound written apart at its hyphen, a name behind a prefix and a hyphen.
        .init("Kokos-eilande", "CCK", .folded), .init("Kokos  -eilande", "CCK", .folded),
        .init("i-South Africa", "ZAF", .folded),
        // A territory and the state it belongs to.
        .init("Hong Kong, China", "HKG", .folded), .init("Macao, China", "MAC", .folded),
        .init("San Juan, Puerto Rico", "geonames-4568127"),
        // Designator words decide between entities with the same core when one entity's
        // names hold them all, and only then.
        .init("RÉPUBLIQUE DÉMOCRATIQUE DU CONGO", "COD"), .init("Democratic Republic of Korea", "PRK", .designator),
        .init("Republic of Korea", "KOR"), .init("Korea, Dem. Rep.", "PRK"),
        // Abbreviated designators, as statistical tables write them (the World Bank's names).
        .init("Congo, Dem. Rep.", "COD"), .init("Congo, Rep.", "COG"), .init("CONGO REP.", "COG"),
        .init("Egypt, Arab Rep.", "EGY"), .init("Iran, Islamic Rep.", "IRN"), .init("Korea, Rep.", "KOR"),
        .init("Korea, Dem. People's Rep.", "PRK"), .init("Venezuela, RB", "VEN"), .init("Yemen, Rep.", "YEM"),
        .init("Micronesia, Fed. Sts.", "FSM"), .init("Lao PDR", "LAO"), .init("TURKS AND CAICOS IS.", "TCA"),
        .init("This is", nil), .init("Rep.", nil), .init("Fed.", nil), .init("Rep. Jordan", nil), .init("Sen. Rep.", nil),
        .init("Dem. Rep.", nil), .init("Democratic Republic", nil), .init("Republic of", nil),
        .init("Lao P.D.R.", "LAO"), .init("Korea, DPR", "PRK"), .init("Macedonia, FYR", "MKD"), .init("Korea ,Rep.", "KOR"),
        .init("Rép. dém. du Congo", "COD"), .init("Micronesia, Fed. States", "FSM"),
        // Pairs with a hyphen are no prefixed names; words around "and" in another order no names.
        .init("UK-France", "GBR+FRA", .compound), .init("By-Laws", nil), .init("In-Laws", nil),
        .init("Papua and New Guinea", nil), .init("Korea and North", nil), .init("Kingdom and United", nil),
        // The country first, then a territory of it; a parenthesis naming its country or
        // deciding between readings.
        .init("China, Hong Kong Special Administrative Region", "HKG"), .init("Netherlands, Sint Maarten", "SXM"),
        .init("Faroe Islands, Denmark", "FRO"), .init("Hong Kong (China)", "HKG"), .init("Korea (DPRK)", "PRK"),
        // A core that is the stem of a name whose other words are designators.
        .init("Ostrova Kayman", "CYM", .designator),
        // Georgian case forms: genitive, locative, and a genitive before a designator.
        .init("სირიის", "SYR", .inflected), .init("საფრანგეთში", "FRA", .inflected), .init("ჩილეს", "CHL", .inflected),
        .init("სირიის არაბთა რესპუბლიკა", "SYR", .designator),
        // Scripts Nomina romanises itself: spellings that differ in a letter.
        .init("ການາດາ", "CAN"), .init("ཨཕ་ག་ནི་སྟཱན།", "AFG"), .init("ཧང་གྷ་རི", "HUN"),
        // Official names cut short, as forms with a length limit leave them: the first words of
        // names of one entity only.
        .init("United Kingdom of Great Britain", "GBR", .prefix), .init("Saint Vincent and the", "VCT", .prefix),
        .init("Republic of the", nil), .init("Democratic Republic", nil),
        // One word in capitals is no cut-short name: "MARSH", "HEARD" and "MICRO" are words.
        .init("MARSH", nil), .init("HEARD", nil), .init("MICRO", nil),
        // HTML character references left by scraped data.
        .init("Cote d&#8217;Ivoire", "CIV"), .init("S&#227;o Tom&#233; and Pr&#237;ncipe", "STP"),
        .init("Trinidad &amp; Tobago", "TTO"), .init("Foo &#99999999; bar", nil),
        // Decoded, then trimmed as any query is: the possessive and quotes the references wrote.
        .init("Russia&#8217;s", "RUS"), .init("&#8220;Azerbaijan&#8221;", "AZE"), .init("&quot;Naka&quot;", "nagorno-karabakh"),
        .init("Xyzzy&#8217;s", nil),
        // HTML's legacy capitals, and numeric references without their semicolons.
        .init("Trinidad &AMP; Tobago", "TTO"), .init("Russia&#8217s", "RUS"), .init("Cote d&#x2019Ivoire", "CIV"),
        .init("&#", nil), .init("&#x", nil), .init("Chad&#99999999", nil),
        // UTF-8 read as Latin-1, read again.
        .init("CuraÃ§ao", "CUW"), .init("RÃ©union", "REU"), .init("Ã", nil),
        // BGN/PCGN's soft and hard signs between letters (Кипр, Ангилья, Румъния).
        .init("Kip”r", "CYP"), .init("Kip\"r", "CYP"), .init("Angil’ya", "AIA"), .init("Rum”niya", "ROU"),
        // A part in brackets alone when the part outside names nothing: a translation in
        // another script; the same script is a qualifier, not a name ("Xyzzy (Canada)").
        .init("ა შ შ (USA)", "USA"), .init("Xyzzy (Canada)", nil),
        // Inverted with an adjective after the comma; the former Soviet republics' forms.
        .init("Palestinian Territory, Occupied", "PSE", .folded), .init("Ukrainian SSR", "UKR", .designator),
        .init("Украинская ССР", "UKR", .designator), .init("Georgian Soviet Socialist Republic", "GEO", .designator),
        .init("Second Polish Republic", "POL", .designator), .init("Ukrainian State", "UKR", .designator),
        .init("Islamic State", nil), .init("Second", nil), .init("United State", "USA", .fuzzy),
        .init("Viron tasavalta", "EST", .designator), .init("Kansan tasavalta", nil), .init("Police State", nil),
        .init("Solomon", nil), .init("Vereinigtes", nil),
        // A name less its designators (the Uzbek "Жанубий Африка Республикаси", the Arabic
        // "جزر البهاما"), not a one-word adjective left by them ("Repubblica Italiana").
        .init("Zhanubiy Afrika", "ZAF", .designator), .init("Жанубий Африка", "ZAF", .designator),
        .init("البهاما", "BHS", .designator), .init("Italiana", nil), .init("Hellenic", nil),
        .init("Kokosova ostrva", "CCK", .designator),
        // Tibetan transcriptions of foreign names: syllables joined, generic words said.
        .init("མེག་སི་ཀོ།", "MEX", .romanized), .init("ས་ལོ་མོན་གླིང་ཕྲན།", "SLB", .romanized),
        .init("བཀྲ་ཤིས་བདེ་ལེགས།", nil), .init("བོད་ལྗོངས།", nil),
        // Their own names as written, though a Latin demonym has the key ("ລາວ", lao), and a
        // Latin word that a romanised name is the stem of is no demonym of it.
        .init("ລາວ", "LAO", .exact), .init("ໄທ", "THA", .exact), .init("ថៃ", "THA", .exact), .init("Kataer", "QAT"),
        // England is a part of the United Kingdom, Africa a continent (CLDR's Walloon name of the
        // UK and a town's other name are left out or outranked).
        .init("England", "england", .exact), .init("Africa", "africa", .exact), .init("Angleterre", "england", .exact),
    ]

    // The stage against its specification, on random Cyrillic names with random endings:
    // whenever it answers, the name it reports is in Cyrillic letters and is the query's
    // stem (three letters or more) with a nominative ending its case ending may stand for.
    @Test("property: a case form reads a Cyrillic name that is the stem with a nominative ending")
    func inflectedForms() throws {
        let gazetteer = try Gazetteer.bundled()
        var random = SplitMix64(seed: 0x494E_464C)
        let endings = Resolver.caseEndings.map(\.ending)
        let names = gazetteer.entities.flatMap { entity in ([entity.name] + entity.aliases.map(\.name)).filter(Resolver.isCyrillic) }
            .filter { !$0.contains(" ") }
        #expect(names.count > 1_000)
        var read = 0
        for _ in 0..<3_000 {
            let name = names.randomElement(using: &random)!
            let query = String(name.dropLast(Int.random(in: 0...1, using: &random))) + endings.randomElement(using: &random)!
            let result = Self.resolver.resolve(query)
            guard result.method == .inflected, let best = result.best else { continue }
            read += 1
            #expect(Resolver.isCyrillic(best.matchedName), "\(query) → \(best.matchedName)")
            let explained = Resolver.caseEndings.contains { rule in
                guard query.lowercased().hasSuffix(rule.ending) else { return false }
                let stem = String(query.unicodeScalars.dropLast(rule.ending.unicodeScalars.count))
                return stem.unicodeScalars.count >= 3 && rule.nominatives.contains { stem + $0 == best.matchedName }
            }
            #expect(explained, "\(query) → \(best.matchedName)")
        }
        #expect(read > 300)
    }

    @Test("a syllable that reads several curated abbreviations leaves the composite ambiguous, all listed")
    func ambiguousReading() {
        // "yi" reads 伊 (Iran), 以 (Israel) and 意 (Italy), each a curated abbreviation.
        let result = Self.resolver.resolve("Sha-Yi")
        #expect(result.outcome == .ambiguous)
        #expect(Set(result.candidates.map(\.id)).isSuperset(of: ["SAU+IRN", "SAU+ISR", "SAU+ITA"]), "\(result.candidates.map(\.id))")
        // A curated pair decides: "Mei-Yi" is the United States and Iran (us-iran).
        let curated = Self.resolver.resolve("Mei-Yi")
        #expect(curated.outcome == .match && curated.best?.id == "us-iran", "\(curated.outcome) \(curated.best?.id ?? "-")")
    }

    @Test("forms resolve to the right entity, by the right stage", arguments: cases)
    func resolves(_ example: Case) {
        let result = Self.resolver.resolve(example.query)
        if let id = example.id {
            #expect(result.outcome == .match && result.best?.id == id,
                    "\(example.query): \(result.outcome) \(result.best?.id ?? "-") \(result.explanation.map(\.description))")
            if let method = example.method {
                #expect(result.method == method, "\(example.query): \(result.method)")
            }
        } else {
            // Nothing curated: the bundled places may hold the word ("Manage" is a town in
            // Belgium, "Ba" one in Fiji), but no country, region, pair or organisation does.
            #expect(result.outcome == .noMatch || result.candidates.allSatisfy { $0.kind == .city },
                    "\(example.query): \(result.outcome) \(result.best?.id ?? "-")")
        }
    }

    /// Every core entry: its key is its name's key without its bracketed part or with
    /// designators stripped, no written name has it, and it belongs to one entity.
    @Test("property: a name's core is its stripped key, of one entity, and no name's key")
    func cores() {
        let index = Self.resolver.index
        // Each core entry under the key the folded-key table lists it by.
        var coreKeys: [(key: String, position: Int, hits: [Int32])] = []
        index.byKey.forEach { key, values in
            let hits = Array(values)
            for hit in hits where index.entries[Int(hit)].core {
                coreKeys.append((String(decoding: key, as: UTF8.self), Int(hit), hits))
            }
        }
        for (coreKey, position, hits) in coreKeys {
            let entry = index.entries[position]
            let key = index.normalizer.key(entry.name)
            // The name's key without its bracketed part, or with designators stripped.
            var readings = [key]
            if let unbracketed = ResolverIndex.unbracketed(entry.name) { readings.append(index.normalizer.key(unbracketed)) }
            let forms = readings.dropFirst() + readings.compactMap {
                Self.resolver.designatorCores($0.split(separator: " ").map(String.init)).first?.joined(separator: " ")
            }
            #expect(forms.contains(coreKey), "\(entry.name): \(coreKey)")
            #expect(coreKey != key && coreKey.utf8.count >= ResolverIndex.minimumCoreBytes, "\(entry.name)")
            #expect(hits.allSatisfy { index.entries[Int($0)].core && index.entries[Int($0)].entity == entry.entity },
                    "\(entry.name): \(coreKey) is also another name's key")
            #expect(!entry.reliable && entry.derived)
        }
        #expect(coreKeys.count > 100)
    }

    @Test("\"Korea\" alone is ambiguous between the two Koreas, both listed")
    func korea() {
        let result = Self.resolver.resolve("Korea")
        #expect(result.outcome == .ambiguous)
        #expect(Set(result.candidates.prefix(2).map(\.id)) == ["KOR", "PRK"])
    }

    @Test("the explanation says what was read")
    func explanations() {
        let inverted = Self.resolver.resolve("Korea, Republic of").explanation
        #expect(inverted.contains(.sameWords("korea republic")), "\(inverted)")
        let outside = Self.resolver.resolve("Falkland Islands (Las Malvinas)").explanation
        #expect(outside.contains(.rewritten(as: "Falkland Islands")), "\(outside)")
        let demonym = Self.resolver.resolve("Slowakische Republik").explanation
        #expect(demonym.contains(.demonymCore(core: "slowakische", entity: "SVK")), "\(demonym)")
        let stem = Self.resolver.resolve("Bundesrepublik Deutschlands").explanation
        #expect(stem.contains(where: { if case .stem(core: "deutschlands", _) = $0 { return true } else { return false } }), "\(stem)")
        let joined = Self.resolver.resolve("Ca-na-đa").explanation
        #expect(joined.contains(.joinedSyllables("canada")))
    }

    /// A dictionary with the Chinese names only: the romanised forms are derived.
    static let hanOnly: Resolver = {
        let here = SourceLocation(file: "test", line: 1, column: 1)
        let entities = [
            Entity(id: "AZE", name: "阿塞拜疆", kind: .country, location: here),
            Entity(id: "ARM", name: "亚美尼亚", kind: .country, location: here),
            Entity(id: "nk", name: "纳戈尔诺-卡拉巴赫", kind: .region, location: here),
        ]
        return Resolver(gazetteer: Gazetteer(entities: entities, files: ["test"]))
    }()

    @Test("from Han names alone", arguments: [
        ("Naka", "nk"), ("纳卡", "nk"), ("Naqqa", "nk"), ("Asaibaijiang", "AZE"), ("Yameiniya", "ARM"),
        ("A-Ya", "AZE+ARM"), ("阿亚", "AZE+ARM"), ("Ya-A", "ARM+AZE"),
    ])
    func hanOnly(_ query: String, _ id: String) {
        let result = Self.hanOnly.resolve(query)
        #expect(result.outcome == .match && result.best?.id == id,
                "\(query): \(result.outcome) \(result.best?.id ?? "-") \(result.explanation.map(\.description))")
    }

    /// Vowel marks and tatweel inserted anywhere into Arabic and Hebrew names leave their
    /// keys unchanged.
    @Test("optional vowel marks do not change a key")
    func vowelMarks() {
        let marks: [Unicode.Scalar] = [0x064E, 0x064F, 0x0650, 0x0651, 0x0652, 0x064B, 0x0670, 0x0640,
                                       0x05B0, 0x05B4, 0x05B8, 0x05BC, 0x05C1, 0x05C2].map { Unicode.Scalar($0)! }
        let names = Self.resolver.gazetteer.entities.flatMap(\.aliases).filter { $0.language == "ar" || $0.language == "he" }
            .map(\.name)
        #expect(names.count > 200)
        var generator = SplitMix64(seed: 15)
        for name in names {
            var scalars = Array(name.unicodeScalars)
            for _ in 0..<3 {
                let position = Int.random(in: 1...scalars.count, using: &generator)
                scalars.insert(marks.randomElement(using: &generator)!, at: position)
            }
            var marked = ""
            marked.unicodeScalars.append(contentsOf: scalars)
            #expect(NameNormalizer.shared.key(marked) == NameNormalizer.shared.key(name), "\(name) / \(marked)")
        }
    }

    /// Queries made of hundreds of designator words stay fast: the parts between the
    /// designator stage's steps are bounded (they grew as the cube of the words).
    @Test("long designator runs are bounded")
    func designatorRunsBounded() {
        let han = String(repeating: "岛", count: 155) + "乙" + String(repeating: "省", count: 155)
            + (0..<11).map { $0 % 2 == 0 ? "-岛" : "-省" }.joined()
        let latin = Array(repeating: "sar", count: 118).joined(separator: " ") + " x "
            + Array(repeating: "dao", count: 118).joined(separator: " ")
        // The shared resolver loads the bundled index on first use, which takes seconds in a
        // debug build while other suites run: load it before the clock starts.
        _ = Self.resolver.resolve("Naka")
        for query in [han, latin] {
            let start = ContinuousClock.now
            _ = Self.resolver.resolve(query)
            // Took 2–5 s before the bound in a release build (tens of seconds in debug); with it,
            // a debug build takes well under a second. The margin absorbs a busy machine.
            #expect(ContinuousClock.now - start < .seconds(4), "\(query.prefix(20))…")
        }
        #expect(Self.resolver.designatorCores(Array(repeating: "republic", count: 40)).isEmpty)
    }
}

