import Foundation
import Testing
@testable import Nomina

/// The fixtures: deliberately broken dictionaries, one or more per diagnostic kind.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/broken").path
    static func path(_ name: String) -> String { folder + "/" + name }
}

struct FixtureCase: CustomTestStringConvertible, Sendable {
    let file: String
    /// (severity, kind, line, column), in report order.
    let expected: [(Diagnostic.Severity, Diagnostic.Kind, Int, Int)]
    var testDescription: String { file }
}

@Suite("Dictionary validation")
struct ValidationTests {
    static let cases: [FixtureCase] = [
        .init(file: "syntax.yaml", expected: [(.error, .syntax, 6, 1)]),
        .init(file: "unknown-field.yaml", expected: [(.error, .unknownField, 5, 5)]),
        .init(file: "missing-field.yaml", expected: [(.error, .missingField, 2, 5)]),
        .init(file: "invalid-id.yaml", expected: [(.error, .invalidID, 2, 5), (.error, .invalidID, 5, 5)]),
        .init(file: "duplicate-id.yaml", expected: [(.error, .duplicateID, 5, 5)]),
        .init(file: "duplicate-alias.yaml", expected: [(.error, .duplicateAlias, 7, 9)]),
        .init(file: "unknown-reference.yaml", expected: [(.error, .unknownReference, 8, 20), (.error, .unknownReference, 12, 13),
                                                         (.error, .unknownReference, 14, 9)]),
        .init(file: "parent-cycle.yaml", expected: [(.error, .parentCycle, 2, 5)]),
        .init(file: "invalid-language-tag.yaml", expected: [(.error, .invalidLanguageTag, 6, 32)]),
        .init(file: "empty-name.yaml", expected: [(.error, .emptyName, 6, 9)]),
        .init(file: "punctuation-only.yaml", expected: [(.error, .punctuationOnlyName, 6, 9)]),
        // A private-use character is of no script: not a look-alike, a character to remove.
        .init(file: "confusable.yaml", expected: [(.error, .confusableName, 6, 9), (.error, .invalidValue, 7, 9)]),
        .init(file: "key-collision.yaml", expected: [(.warning, .commonWord, 2, 5), (.error, .keyCollision, 11, 9),
                                                     (.warning, .keyCollision, 17, 9)]),
        .init(file: "warnings.yaml", expected: [(.warning, .commonWord, 2, 5), (.warning, .shortKey, 6, 9)]),
        .init(file: "not-utf8.yaml", expected: [(.error, .notUTF8, 3, 14)]),
        .init(file: "bulk.tsv", expected: [(.error, .invalidValue, 4, 5), (.error, .invalidValue, 5, 5),
                                           (.error, .missingField, 6, 12), (.error, .notUTF8, 7, 24),
                                           (.error, .invalidValue, 8, 28)]),
        .init(file: "bulk-no-header.tsv", expected: [(.error, .syntax, 1, 1)]),
        .init(file: "alias-bomb.yaml", expected: [(.error, .syntax, 4, 10)]),
        .init(file: "undated.yaml", expected: [(.warning, .undated, 3, 5), (.warning, .undated, 6, 5),
                                               (.error, .invalidValue, 9, 12), (.error, .invalidValue, 10, 5)]),
        // Every problem of a file in one run, including one in an entity that is dropped.
        .init(file: "many-errors.yaml", expected: [(.error, .invalidValue, 4, 11), (.error, .invalidLanguageTag, 6, 32),
                                                   (.error, .unknownField, 6, 40), (.error, .emptyName, 7, 5)]),
    ]

    @Test("each broken fixture gives exactly its diagnostics", arguments: cases)
    func fixture(_ testCase: FixtureCase) {
        let path = Fixtures.path(testCase.file)
        let report = DictionaryValidator.validate(paths: [path])
        let got = report.diagnostics.map { "\($0.severity.rawValue) \($0.kind.rawValue) \($0.location.line):\($0.location.column)" }
        let want = testCase.expected.map { "\($0.0.rawValue) \($0.1.rawValue) \($0.2):\($0.3)" }
        #expect(got == want, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(report.diagnostics.allSatisfy { $0.location.file == path })
        #expect(report.diagnostics.allSatisfy { !$0.message.isEmpty && !$0.message.hasSuffix(".") })
    }

    @Test("a character of no script is named by its code point and position, not called a look-alike")
    func noScript() {
        let report = DictionaryValidator.validate(paths: [Fixtures.path("confusable.yaml")])
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("(U+E03C, private use or unassigned) at character 6") }, "\(messages)")
        #expect(!messages.contains { $0.contains("Unknown") }, "\(messages)")
    }

    @Test("YAML nested past libyaml's limit is one error in words, naming no C function")
    func deepNesting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-nest-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(("a: " + String(repeating: "[", count: 1_100) + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let report = DictionaryValidator.validate(paths: [path], includeBundled: false)
        #expect(report.diagnostics.count == 1)
        let message = report.diagnostics.first?.message ?? ""
        #expect(message.contains("nested too deeply") && !message.contains("yaml_"), "\(message)")
    }

    @Test("every error kind has a fixture")
    func kindsCovered() {
        let covered = Set(Self.cases.flatMap { $0.expected.map(\.1) })
        // too-large needs a YAML file over 64 MiB now that aliases are refused before they
        // expand: HostileInputTests (CLI) makes a sparse one.
        let all = Set(Diagnostic.Kind.allCases).subtracting([.unreadable, .tooLarge])
        #expect(all.subtracting(covered).isEmpty, "no fixture for \(all.subtracting(covered).map(\.rawValue))")
    }

    @Test("the whole fixture folder is reported in one run, sorted by file and line")
    func wholeFolder() {
        let report = DictionaryValidator.validate(paths: [Fixtures.folder])
        #expect(report.files.count == Self.cases.count)
        let perFile = Dictionary(grouping: report.diagnostics, by: { ($0.location.file as NSString).lastPathComponent })
        for testCase in Self.cases {
            // Cross-file checks add problems (ids reused between fixtures), never remove any.
            #expect((perFile[testCase.file]?.count ?? 0) >= testCase.expected.count, "\(testCase.file)")
        }
        let order = report.diagnostics.map { "\($0.location.file)\t\(String(format: "%06d:%06d", $0.location.line, $0.location.column))" }
        #expect(order == order.sorted())
    }

    struct Suggestion: Sendable, CustomTestStringConvertible {
        let word: String
        let from: [String]
        let expected: String
        var testDescription: String { "\(word) → \(expected.isEmpty ? "nothing" : expected)" }
    }

    @Test("did you mean: the nearest ids ignoring case, up to three, a slip to a neighbouring key first", arguments: [
        Suggestion(word: "ARN", from: ["ARE", "ARG", "ARM", "AZE"], expected: " (did you mean 'ARM', 'ARE' or 'ARG'?)"),
        Suggestion(word: "ARMM", from: ["ARE", "ARM", "AZE"], expected: " (did you mean 'ARM'?)"),
        Suggestion(word: "aze", from: ["ARM", "AZE"], expected: " (did you mean 'AZE'?)"),
        Suggestion(word: "AZE", from: ["AZE"], expected: ""),
        Suggestion(word: "XYZ", from: ["ARM", "AZE"], expected: ""),
        Suggestion(word: "nagorno-karabah", from: ["nagorno-karabakh", "karabakh"], expected: " (did you mean 'nagorno-karabakh'?)"),
        Suggestion(word: "alises", from: YAMLDictionaryParser.entityFields, expected: " (did you mean 'aliases'?)"),
    ])
    func suggestion(_ testCase: Suggestion) {
        #expect(YAMLDictionaryParser.suggestion(testCase.word, from: testCase.from) == testCase.expected)
    }

    @Test("validating against the bundled dictionaries reports the given files only")
    func againstBundled() {
        let path = Fixtures.path("unknown-reference.yaml")
        let alone = DictionaryValidator.validate(paths: [path])
        let bundled = DictionaryValidator.validate(paths: [path], includeBundled: true)
        #expect(bundled.files == [path] && bundled.entityCount == alone.entityCount)
        #expect(bundled.diagnostics.allSatisfy { $0.location.file == path })
        // AZR and ARN are unknown either way; ARM is now a duplicate of the bundled Armenia,
        // and the pair's name is the bundled pair's.
        #expect(bundled.diagnostics.map(\.kind) == [.duplicateID, .keyCollision, .unknownReference, .unknownReference, .unknownReference])
    }

    @Test("loading throws every structural error at once")
    func loadThrows() {
        #expect {
            try Gazetteer.load(paths: [Fixtures.path("unknown-reference.yaml")])
        } throws: { error in
            (error as? GazetteerError)?.diagnostics.count == 3
        }
    }

    @Test("the bundled dictionaries validate with no errors")
    func bundledValidate() throws {
        let folder = try #require(GazetteerLoader.bundledDictionaryFolder)
        let report = DictionaryValidator.validate(paths: [folder])
        #expect(report.errorCount == 0, "\(report.diagnostics.filter { $0.severity == .error }.prefix(5))")
        #expect(report.entityCount >= 249 + 11 + 7 + 10 + 3)
        #expect(report.aliasCount > 20_000)
        // Names shared between countries ("Congo", "Тога" of Togo and "Tõga" of Tonga) carry
        // notes, so the bundled data has no warnings: `--strict` passes on it.
        #expect(report.warningCount == 0, "\(report.diagnostics.prefix(5))")
    }
}

@Suite("Gazetteer")
struct GazetteerTests {
    static let bundled: Gazetteer = try! Gazetteer.bundled()

    static let here = SourceLocation(file: "code", line: 1, column: 1)

    @Test("a gazetteer made in code: checked, then resolved like loaded ones")
    func madeInCode() throws {
        let gazetteer = try Gazetteer(entities: [
            Entity(id: "ARM", name: "Armenia", kind: .country, aliases: [Alias(name: "Հայաստան", language: "hy", location: Self.here)],
                   location: Self.here),
            Entity(id: "syunik", name: "Syunik", kind: .region, parent: "ARM", location: Self.here),
        ])
        #expect(gazetteer.files == ["code"])
        #expect(gazetteer.children(of: "ARM").map(\.id) == ["syunik"])
        let resolver = Resolver(gazetteer: gazetteer)
        #expect(resolver.resolve("Hayastan").best?.id == "ARM")
        #expect(resolver.resolve("Sjunik").best?.id == "syunik")
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let entities: [Entity]
        let kinds: [Diagnostic.Kind]
        var testDescription: String { kinds.map(\.rawValue).joined(separator: ", ") }
    }

    @Test("a gazetteer made in code throws every structural error", arguments: [
        Broken(entities: [Entity(id: "syunik", name: "Syunik", kind: .region, parent: "ARN", location: here)], kinds: [.unknownReference]),
        Broken(entities: [Entity(id: "ARM", name: "Armenia", kind: .country, location: here),
                          Entity(id: "ARM", name: "Armenien", kind: .country, location: here)], kinds: [.duplicateID]),
        Broken(entities: [Entity(id: "Bad Id", name: "X", kind: .region, location: here)], kinds: [.invalidID]),
        Broken(entities: [Entity(id: "x", name: " ", kind: .region, location: here)], kinds: [.emptyName]),
        Broken(entities: [Entity(id: "x", name: "X", kind: .region,
                                 aliases: [Alias(name: "Y", language: "not a tag", location: here)], location: here)], kinds: [.invalidLanguageTag]),
        Broken(entities: [Entity(id: "p", name: "P", kind: .pair, members: ["ARM"], location: here)], kinds: [.invalidValue, .unknownReference]),
    ])
    func madeInCodeBroken(_ broken: Broken) {
        #expect {
            try Gazetteer(entities: broken.entities)
        } throws: { error in
            Set((error as? GazetteerError)?.diagnostics.map(\.kind) ?? []) == Set(broken.kinds)
        }
    }

    struct LookupCase: Sendable, CustomTestStringConvertible {
        let name: String
        let id: String
        var testDescription: String { "\(name) → \(id)" }
    }

    @Test("exact alias lookup in the bundled dictionaries, with no path", arguments: [
        LookupCase(name: "Азербайджан", id: "AZE"),   // Russian
        LookupCase(name: "阿塞拜疆", id: "AZE"),        // Chinese
        LookupCase(name: "Aserbaidschan", id: "AZE"),  // German
        LookupCase(name: "Azerbaïdjan", id: "AZE"),    // French
        LookupCase(name: "Republic of Azerbaijan", id: "AZE"),
        LookupCase(name: "纳卡", id: "nagorno-karabakh"),
        LookupCase(name: "Нагорный Карабах", id: "nagorno-karabakh"),
        LookupCase(name: "Artsakh", id: "nagorno-karabakh"),
        LookupCase(name: "Burma", id: "MMR"),
        LookupCase(name: "Ivory Coast", id: "CIV"),
        LookupCase(name: "Czech Republic", id: "CZE"),
        LookupCase(name: "Czechia", id: "CZE"),
        LookupCase(name: "Turkey", id: "TUR"),
        LookupCase(name: "Türkiye", id: "TUR"),
        LookupCase(name: "Swaziland", id: "SWZ"),
        LookupCase(name: "Eswatini", id: "SWZ"),
        LookupCase(name: "拉夫罗夫", id: "sergey-lavrov"),
        LookupCase(name: "ОБСЕ", id: "osce"),
        LookupCase(name: "俄乌", id: "russia-ukraine"),
    ])
    func lookup(_ testCase: LookupCase) {
        #expect(Self.bundled.entities(named: testCase.name).map(\.id) == [testCase.id])
    }

    @Test("pairs, parents, children, extensions")
    func relations() throws {
        let gazetteer = Self.bundled
        #expect(gazetteer.members(of: "azerbaijan-armenia").map(\.id) == ["AZE", "ARM"])
        #expect(gazetteer.entity(id: "azerbaijan-armenia")?.kind == .pair)
        #expect(gazetteer.parent(of: "nagorno-karabakh")?.id == "AZE")
        #expect(gazetteer.children(of: "AZE").map(\.id).contains("nagorno-karabakh"))
        #expect(gazetteer.parent(of: "osce-minsk-group")?.id == "osce")
        let azerbaijan = try #require(gazetteer.entity(id: "AZE"))
        #expect(azerbaijan.codes == ["alpha2": "AZ", "alpha3": "AZE"])
        #expect(azerbaijan.kind == .country)
        #expect(azerbaijan.aliases.contains { $0.name == "Азербайджан" && $0.language == "ru" })
        #expect(gazetteer.entity(id: "HKG")?.kind == .territory)
        #expect(gazetteer.entity(id: "USA")?.hanAbbreviation == "美")
        // `extend` entries add negative names to generated entities.
        #expect(gazetteer.entity(id: "GEO")?.negatives.map(\.name).contains("University of Georgia") == true)
        // Every ISO 3166-1 entry is there, with an alpha-3 id.
        #expect(gazetteer.entities.filter { $0.kind == .country || $0.kind == .territory }.count == 249)
        #expect(gazetteer.entities(named: "Nonexistentia").isEmpty)
    }

    @Test("the generated country file is what the generator makes from the curated file and this ICU")
    func countriesAreReproducible() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let curation = root.appendingPathComponent("Curation/countries.yaml").path
        let committed = try String(contentsOfFile: root.appendingPathComponent("Dictionaries/countries.tsv").path, encoding: .utf8)
        let generated = try CountryDictionaryGenerator(curationFile: curation).generate()
        #expect(generated.entityCount == 249)
        #expect(generated.text == committed, "run `nomina generate countries` and commit the result")
    }

    @Test("a bulk file round-trips through export")
    func bulkRoundTrip() throws {
        let text = """
            # nomina-bulk 1
            test-587084\tcity\tBaku\t\t\t\t\tAZE\tgeonames=587084\t\t2351300
            test-587084\tcity\tBaku\tBakı\taz\t\t\tAZE\tgeonames=587084\tcapital
            test-587084\tcity\tBaku\tБаку\tru
            test-616052\tcity\tYerevan\tԵրևան\thy\t\t\tARM

            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-bulk-\(UUID().uuidString).tsv").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let gazetteer = try Gazetteer.load(paths: [file], includeBundled: true)
        let baku = try #require(gazetteer.entity(id: "test-587084"))
        #expect(baku.kind == .city)
        #expect(baku.parent == "AZE")
        #expect(baku.codes == ["geonames": "587084"])
        #expect(baku.population == 2_351_300 && baku.tier == .bulk)
        #expect(baku.aliases.map(\.name) == ["Bakı", "Баку"])
        #expect(baku.aliases[0].note == "capital")
        #expect(gazetteer.children(of: "AZE").map(\.id).contains("test-587084"))
        #expect(gazetteer.entities(named: "Երևան").map(\.id).contains("test-616052"))
    }
}
