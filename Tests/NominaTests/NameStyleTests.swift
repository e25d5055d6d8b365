import Testing
@testable import Nomina

/// What a mention is rewritten to (`normalize --replace-with`): the choice parsed, and the
/// names looked up in the bundled dictionaries.
@Suite("Name styles")
struct NameStyleTests {
    @Test("parsing --replace-with", arguments: [
        ("name", NameStyle.canonical), ("id", .id), ("label", .label(language: nil)),
        ("label:ru", .label(language: "ru")), ("name:zh-Hant", .name(language: "zh-Hant")),
    ] as [(String, NameStyle)])
    func parse(_ text: String, _ expected: NameStyle) {
        #expect(NameStyle(parsing: text) == expected)
        #expect(NameStyle(parsing: text)?.description == text)
    }

    @Test("unusable choices are refused", arguments: ["", "nme", "id:ru", "name:", "name:r u", "name:-ru", "name:ru-", "name:ru--x", "label:ру", "name:12"])
    func refuse(_ text: String) {
        #expect(NameStyle(parsing: text) == nil)
    }

    struct Example: Sendable, CustomTestStringConvertible {
        let id: String
        let style: NameStyle
        /// Nil: no such name (the mention is left as written).
        let expected: String?
        var testDescription: String { "\(id) as \(style) → \(expected ?? "none")" }
    }

    @Test("names by style in the bundled dictionaries", arguments: [
        Example(id: "nato", style: .canonical, expected: "North Atlantic Treaty Organization"),
        Example(id: "nato", style: .id, expected: "nato"),
        Example(id: "nato", style: .label(language: nil), expected: "NATO"),
        Example(id: "nato", style: .label(language: "ru"), expected: "НАТО"),
        Example(id: "nato", style: .label(language: "fr"), expected: "OTAN"),
        Example(id: "nato", style: .name(language: "es"), expected: "Organización del Tratado del Atlántico Norte"),
        // No name in the language: none.
        Example(id: "nato", style: .name(language: "sw"), expected: nil),
        Example(id: "sergey-lavrov", style: .name(language: "de"), expected: nil),
        Example(id: "geonames-524901", style: .name(language: "fr"), expected: nil),
        // English is the canonical name, not an official alias ("French Republic").
        Example(id: "FRA", style: .name(language: "en"), expected: "France"),
        Example(id: "FRA", style: .label(language: nil), expected: "France"),
        Example(id: "USA", style: .label(language: nil), expected: "USA"),
        Example(id: "FRA", style: .name(language: "ru"), expected: "Франция"),
        Example(id: "FRA", style: .name(language: "zh"), expected: "法国"),
        // Countries: CLDR's name in exactly that language, script or region, through ICU.
        Example(id: "DEU", style: .name(language: "de-CH"), expected: "Deutschland"),
        Example(id: "IRQ", style: .name(language: "de"), expected: "Irak"),
        Example(id: "MEX", style: .name(language: "pt"), expected: "México"),
        Example(id: "ARM", style: .name(language: "pt-BR"), expected: "Armênia"),
        Example(id: "GBR", style: .name(language: "sr-Latn"), expected: "Ujedinjeno Kraljevstvo"),
        Example(id: "GBR", style: .name(language: "zh-TW"), expected: "英國"),
        Example(id: "GBR", style: .name(language: "zh"), expected: "英国"),
        // A tag with a region finds the language's aliases when it has none of its own.
        Example(id: "nato", style: .name(language: "fr-CA"), expected: "Organisation du traité de l'Atlantique nord"),
        // A romanised abbreviation without a language is not an English label.
        Example(id: "nagorno-karabakh", style: .label(language: nil), expected: "Nagorno-Karabakh"),
        Example(id: "nagorno-karabakh", style: .label(language: "zh"), expected: "纳卡"),
        Example(id: "nagorno-karabakh", style: .name(language: "fr"), expected: "Haut-Karabakh"),
        // A pair without a name in the language joins its members' names.
        Example(id: "azerbaijan-armenia", style: .name(language: "fr"), expected: "Azerbaïdjan–Arménie"),
        Example(id: "sergey-lavrov", style: .name(language: "ru"), expected: "Сергей Лавров"),
    ])
    func names(_ example: Example) throws {
        let gazetteer = GazetteerTests.bundled
        let entity = try #require(gazetteer.entity(id: example.id))
        #expect(gazetteer.name(of: entity, example.style) == example.expected)
    }

    @Test("a pair written as one that is not an entry joins its members' names")
    func composite() throws {
        let resolver = ResolverTests.resolver
        let best = try #require(resolver.resolve("中俄").best)
        #expect(best.id == "CHN+RUS")
        #expect(resolver.gazetteer.name(of: best, .name(language: "ru")) == "Китай–Россия")
        #expect(resolver.gazetteer.name(of: best, .name(language: "de")) == "China–Russland")
        #expect(resolver.gazetteer.name(of: best, .id) == "CHN+RUS")
        #expect(resolver.gazetteer.name(of: best, .canonical) == "China–Russia")
    }

    @Test("the rewriting example of docs/api.md")
    func apiExample() throws {
        let resolver = ResolverTests.resolver
        let extractor = MentionExtractor(resolver: resolver)
        let text = "NATO met Lavrov in Naka."
        var rewritten = ""
        var cursor = text.utf8.startIndex
        for mention in extractor.mentions(in: text) where mention.outcome == .match {
            guard let entity = mention.entity,
                  let name = resolver.gazetteer.name(of: entity, .name(language: "fr")) else { continue }  // none: leave it
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: mention.utf8Range.lowerBound)
            rewritten += text[cursor..<start] + name
            cursor = text.utf8.index(text.utf8.startIndex, offsetBy: mention.utf8Range.upperBound)
        }
        rewritten += text[cursor...]
        #expect(rewritten == "Organisation du traité de l'Atlantique nord met Sergueï Lavrov in Haut-Karabakh.")
        #expect(NameStyle(parsing: "label:fr") == .label(language: "fr"))
    }
}
