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
        let expected: String
        var testDescription: String { "\(id) as \(style) → \(expected)" }
    }

    @Test("names by style in the bundled dictionaries", arguments: [
        Example(id: "nato", style: .canonical, expected: "North Atlantic Treaty Organization"),
        Example(id: "nato", style: .id, expected: "nato"),
        Example(id: "nato", style: .label(language: nil), expected: "NATO"),
        Example(id: "nato", style: .label(language: "ru"), expected: "НАТО"),
        Example(id: "nato", style: .label(language: "fr"), expected: "OTAN"),
        Example(id: "nato", style: .name(language: "es"), expected: "Organización del Tratado del Atlántico Norte"),
        // No name in the language: the canonical one.
        Example(id: "nato", style: .name(language: "sw"), expected: "North Atlantic Treaty Organization"),
        // English is the canonical name, not an official alias ("French Republic").
        Example(id: "FRA", style: .name(language: "en"), expected: "France"),
        Example(id: "FRA", style: .label(language: nil), expected: "France"),
        Example(id: "USA", style: .label(language: nil), expected: "USA"),
        Example(id: "FRA", style: .name(language: "ru"), expected: "Франция"),
        Example(id: "FRA", style: .name(language: "zh"), expected: "法国"),
        // A tag with a region finds the language's names when it has none of its own.
        Example(id: "DEU", style: .name(language: "de-CH"), expected: "Deutschland"),
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
        #expect(resolver.gazetteer.name(of: best, .id) == "CHN+RUS")
        #expect(resolver.gazetteer.name(of: best, .canonical) == "China–Russia")
    }
}
