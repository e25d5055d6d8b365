import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// One row of `Fixtures/demonyms.tsv`: `lang<TAB>form<TAB>alpha3<TAB>sentence`, a demonym or
/// adjective of a country (never a name of it) and a sentence that holds it verbatim and no
/// name of a country, city, organisation or person.
struct DemonymRow: Sendable, CustomTestStringConvertible {
    /// The 1-based line in the table.
    let line: Int
    let language: String
    let form: String
    /// The ISO 3166-1 alpha-3 code of the country the form is of.
    let country: String
    let sentence: String

    var testDescription: String { "line \(line), \(language) \"\(form)\" (\(country)): \(sentence)" }

    /// Where the form stands in the sentence, in code points (as `Mention.start`/`end`).
    var formSpan: Range<Int>? {
        guard let range = sentence.range(of: form, options: .literal) else { return nil }
        let start = sentence.unicodeScalars.distance(from: sentence.startIndex, to: range.lowerBound)
        return start..<(start + form.unicodeScalars.count)
    }

    static let languages = ["en", "fr", "de", "es", "ru"]

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/demonyms.tsv").path

    /// The table's rows, and the lines that are not four fields.
    static let table: (rows: [DemonymRow], malformed: [Int]) = {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var rows: [DemonymRow] = [], malformed: [Int] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, fields.allSatisfy({ !$0.isEmpty }) else {
                malformed.append(offset + 1)
                continue
            }
            rows.append(DemonymRow(line: offset + 1, language: fields[0], form: fields[1], country: fields[2],
                                   sentence: fields[3]))
        }
        return (rows, malformed)
    }()

    static var all: [DemonymRow] { table.rows }
}

/// Demonyms and adjectives of countries ("Armenian", "arménienne", "georgisch", "грузины")
/// are not names of the country: running text never gets a mention of them, nor a rewrite,
/// and the resolver does not read them as names of their country.
@Suite("Demonyms")
struct DemonymTests {
    @Test("the table: at least 220 rows, 40 per language, each form written in its sentence")
    func tableShape() {
        let rows = DemonymRow.all
        #expect(DemonymRow.table.malformed.isEmpty, "lines not of four non-empty fields: \(DemonymRow.table.malformed)")
        #expect(rows.count >= 220)
        for language in DemonymRow.languages {
            let count = rows.filter { $0.language == language }.count
            #expect(count >= 40, "\(language): \(count) rows")
        }
        for row in rows {
            #expect(DemonymRow.languages.contains(row.language), "\(row.testDescription)")
            #expect(row.country.count == 3 && row.country.allSatisfy { $0.isASCII && $0.isUppercase },
                    "\(row.testDescription)")
            #expect(row.formSpan != nil, "the form is not in its sentence: \(row.testDescription)")
        }
    }

    /// Rows that fail today, with why; each is checked to fail still (a known issue that is
    /// no longer recorded fails the test, so the list shrinks as they are fixed).
    static let knownInText: [String: String] = [
        "en Argentine": "the French name of Argentina",
        "de Polen": "the German name of Poland: the plural of Pole is written so",
        "de französische": "\"Küche\" (kitchen) folds to \"Kuche\", a name of Kuqa (Xincheng): German capitalises nouns",
    ]
    static let knownAsName: [String: String] = [:]

    @Test("a demonym in running text is no mention, and the sentence is not rewritten", arguments: DemonymRow.all)
    func noMention(_ row: DemonymRow) throws {
        if let reason = Self.knownInText["\(row.language) \(row.form)"] {
            withKnownIssue(Comment(rawValue: reason)) { try check(row) }
        } else {
            try check(row)
        }
    }

    private func check(_ row: DemonymRow) throws {
        let span = try #require(row.formSpan)
        let extractor = ExtractionTests.extractor
        let overlapping = extractor.mentions(in: row.sentence).filter { $0.start < span.upperBound && span.lowerBound < $0.end }
        #expect(overlapping.isEmpty, """
            "\(row.form)" is inside mentions: \(overlapping.map { "\"\($0.surface)\" → \($0.entity?.id ?? "ambiguous") (\($0.method.rawValue))" })
            """)
        let rewritten = extractor.rewrite(row.sentence)
        #expect(rewritten.text == row.sentence,
                "rewritten through \(rewritten.mentions.map { "\"\($0.surface)\" → \($0.entity?.id ?? "ambiguous")" })")
    }

    @Test("a demonym is not a name of its country (no exact or folded match)", arguments: DemonymRow.all)
    func notAName(_ row: DemonymRow) {
        // A form that is also the country's name in a major language ("Syrien" in German,
        // "armenia" in Spanish, "Polen"; "arménien" folds to the German "Armenien") is a name:
        // the resolver is right to read it so.
        let country = ResolverTests.resolver.gazetteer.entity(id: row.country)
        let majors: Set<String> = ["en", "fr", "de", "es", "it", "pt", "ru"]
        let homograph = country.map { entity in
            ([entity.name] + entity.aliases.filter { $0.language.map(majors.contains) ?? true }.map(\.name))
                .contains { $0.compare(row.form, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        } ?? false
        guard !homograph else { return }
        if let reason = Self.knownAsName["\(row.language) \(row.form)"] {
            withKnownIssue(Comment(rawValue: reason)) { resolvesNot(row) }
        } else {
            resolvesNot(row)
        }
    }

    private func resolvesNot(_ row: DemonymRow) {
        let resolution = ResolverTests.resolver.resolve(row.form)
        let isName = resolution.outcome == .match && resolution.best?.id == row.country
            && (resolution.method == .exact || resolution.method == .folded)
        #expect(!isName, """
            "\(row.form)" resolves to \(row.country) (\(resolution.method.rawValue)) through "\(resolution.best?.matchedName ?? "")"
            """)
    }
}

/// The demonym lexicon (`demonyms:` in dictionaries, `Dictionaries/demonyms.yaml`): listed
/// demonyms are never names, yet names in major languages written the same stay names.
@Suite("Listed demonyms")
struct ListedDemonymTests {
    /// Every demonym of the bundled set, with its entity.
    static let listed: [(entity: String, form: String, language: String)] =
        ResolverTests.resolver.gazetteer.entities.flatMap { entity in
            entity.demonyms.map { (entity.id, $0.name, $0.language ?? "") }
        }

    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        /// The entity the query is a name of; nil when it must stay unmatched.
        let expected: String?
        /// For unmatched queries: the entity whose demonym the explanation names.
        let demonymOf: String?
        var testDescription: String { "\(query) → \(expected ?? "no match")" }
    }

    static let cases: [Case] = [
        // A demonym as written, in any capitals, is no name.
        Case(query: "Greek", expected: nil, demonymOf: "GRC"),          // phonetic "Грек" before
        Case(query: "GREEK", expected: nil, demonymOf: "GRC"),
        Case(query: "Filipino", expected: nil, demonymOf: "PHL"),       // Asu name of the Philippines
        Case(query: "Pole", expected: nil, demonymOf: "POL"),           // Afrikaans name of Poland
        Case(query: "Swede", expected: nil, demonymOf: "SWE"),
        Case(query: "Чехи", expected: nil, demonymOf: "CZE"),           // Chechen name of Czechia
        Case(query: "Румын", expected: nil, demonymOf: "ROU"),          // look-alike of a name
        Case(query: "Турки", expected: nil, demonymOf: "TUR"),
        Case(query: "géorgien", expected: nil, demonymOf: "GEO"),       // folds to the German "Georgien"
        Case(query: "turc", expected: nil, demonymOf: "TUR"),
        Case(query: "alemana", expected: nil, demonymOf: "DEU"),
        Case(query: "Polish", expected: nil, demonymOf: "POL"),
        Case(query: "Korean", expected: nil, demonymOf: "KOR"),
        Case(query: "Österreicherinnen", expected: nil, demonymOf: "AUT"),
        Case(query: "российского", expected: nil, demonymOf: "RUS"),
        // A name in a major language written so stays a name.
        Case(query: "Polen", expected: "POL", demonymOf: nil),          // German name, and plural of Pole
        Case(query: "polen", expected: "POL", demonymOf: nil),
        Case(query: "Filipinas", expected: "PHL", demonymOf: nil),      // Spanish name; plural of Filipina
        Case(query: "Georgien", expected: "GEO", demonymOf: nil),
        Case(query: "Armenia", expected: "ARM", demonymOf: nil),        // Spanish feminine "armenia"
        Case(query: "Hellenic Republic", expected: "GRC", demonymOf: nil),
        Case(query: "Российская Федерация", expected: "RUS", demonymOf: nil),
        Case(query: "Federazione Russa", expected: "RUS", demonymOf: nil),
        // With a designator, a listed demonym is the country's name.
        Case(query: "Cypriot Republic", expected: "CYP", demonymOf: nil),
        Case(query: "Rwandese Republic", expected: "RWA", demonymOf: nil),
        Case(query: "THE TURKISH REPUBLIC", expected: "TUR", demonymOf: nil),
        Case(query: "République arménienne", expected: "ARM", demonymOf: nil),
        // … unless it is the demonym of two ("Korean"), or the name is a negative one.
        Case(query: "Korean Republic", expected: nil, demonymOf: nil),
        Case(query: "German Democratic Republic", expected: nil, demonymOf: nil),
        // Found by the new-user review: bulk places' aliases and names in other major
        // languages do not outrank a demonym; names in its own language do.
        Case(query: "Thai", expected: nil, demonymOf: "THA"),           // an alias of Alor Setar
        Case(query: "Russe", expected: nil, demonymOf: "RUS"),          // an alias of Ruse
        Case(query: "Somali", expected: nil, demonymOf: "SOM"),         // the Turkish name
        Case(query: "Germans", expected: nil, demonymOf: "DEU"),
        Case(query: "Czechs", expected: nil, demonymOf: "CZE"),
        Case(query: "syrien", expected: nil, demonymOf: "SYR"),         // French; the German name is "Syrien"
        Case(query: "Syrien", expected: "SYR", demonymOf: nil),
        Case(query: "Philippines", expected: "PHL", demonymOf: nil),
        Case(query: "Kazakh Republic", expected: "KAZ", demonymOf: nil), // not Petropavl ("Kazakh")
        Case(query: "Hellenische Republik", expected: "GRC", demonymOf: nil),
        Case(query: "The Russians", expected: nil, demonymOf: nil),     // an article is no designator
        Case(query: "Boliva", expected: "BOL", demonymOf: nil),         // a typo, not an adjective
        // Near misses of a name that are no listed demonym are still read.
        Case(query: "Armnia", expected: "ARM", demonymOf: nil),
        Case(query: "Grece", expected: "GRC", demonymOf: nil),
    ]

    @Test("demonyms are no names; names written so in a major language are", arguments: cases)
    func resolved(_ row: Case) {
        let resolution = ResolverTests.resolver.resolve(row.query)
        if let expected = row.expected {
            #expect(resolution.outcome == .match && resolution.best?.id == expected,
                    "\(resolution.outcome) \(resolution.best?.id ?? "-") via \(resolution.method)")
        } else {
            #expect(resolution.outcome == .noMatch, "\(resolution.best?.id ?? "-") via \(resolution.method)")
            guard row.demonymOf != nil else { return }
            let named = resolution.explanation.contains {
                if case .demonymOf(let entity, _) = $0 { return entity == row.demonymOf }
                return false
            }
            #expect(named, "explanation: \(resolution.explanation.map(\.description))")
        }
    }

    /// The invariant over the whole lexicon: a listed demonym resolves to nothing, or to an
    /// entity that has a name written so (case aside) in a major language or curated.
    @Test("every listed demonym resolves to nothing, or to a major-language name written so")
    func lexiconInvariant() {
        let listed = Self.listed
        #expect(listed.count >= 4_000)
        #expect(Set(listed.map(\.entity)).count >= 200)
        #expect(Set(listed.map(\.language)) == ["en", "fr", "de", "es", "it", "pt", "ru"])
        let resolver = ResolverTests.resolver
        let majors = Set(MajorLanguages.tags)
        let results = resolver.resolve(listed.map(\.form))
        var failures: [String] = []
        // (Ambiguous between places that are each named so: "Chino", California and Japan.)
        for (row, resolution) in zip(listed, results) where resolution.outcome != .noMatch {
            let answers = resolution.outcome == .match ? Array(resolution.best.map { [$0] } ?? []) : resolution.candidates
            let allowed = !answers.isEmpty && answers.allSatisfy { candidate in
                guard let entity = resolver.gazetteer.entity(id: candidate.id) else { return false }
                let names = [entity.name] + entity.aliases.filter { $0.language.map { majors.contains(String($0.split(separator: "-")[0])) } ?? true }.map(\.name)
                return names.contains { $0.compare(row.form, options: .caseInsensitive) == .orderedSame }
            }
            if !allowed { failures.append("\(row.language) \(row.form) (\(row.entity)) → \(resolution.outcome) \(resolution.best?.id ?? "") via \(resolution.method)") }
        }
        #expect(failures.isEmpty, "\(failures.count): \(failures.prefix(20))")
    }

    /// A dictionary of one's own: the field, errors at their line and column, duplicates.
    static func load(_ yaml: String) throws(GazetteerError) -> Gazetteer {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-demonyms-\(UUID().uuidString).yaml").path
        try? yaml.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try Gazetteer.load(paths: [file])
    }

    @Test("a dictionary's own demonyms: read, kept apart from aliases, and refused by the resolver")
    func ownDictionary() throws {
        let gazetteer = try Self.load("""
            entities:
              - id: freedonia
                name: Freedonia
                kind: region
                aliases:
                  - {name: Fredonie, lang: fr}
                  - {name: Freedonian, lang: xh}
                  - {name: Freedonish, type: demonym, lang: en}
                demonyms:
                  en: [Freedonian, Freedonians]
                  fr: fredonien
            """)
        let entity = try #require(gazetteer.entity(id: "freedonia"))
        #expect(entity.aliases.map(\.name) == ["Fredonie", "Freedonian"])
        #expect(entity.demonyms.map(\.name) == ["Freedonish", "Freedonian", "Freedonians", "fredonien"])
        #expect(entity.demonyms.allSatisfy { $0.type == .demonym })
        #expect(entity.demonyms.map(\.language) == ["en", "en", "en", "fr"])
        let resolver = Resolver(gazetteer: gazetteer)
        #expect(resolver.resolve("Fredonie").best?.id == "freedonia")
        for query in ["Freedonian", "freedonians", "fredonien", "Freedonish"] {
            #expect(resolver.resolve(query).outcome == .noMatch, "\(query)")
        }
        // One approximate step from a demonym is not read as a near miss of the name.
        #expect(resolver.resolve("Freedonia").outcome == .match)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let yaml: String
        /// `line:column` of the error.
        let at: String
        let says: String
        var testDescription: String { says }
    }

    static let broken: [Broken] = [
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms: [Xian]\n", at: "5:15",
               says: "'demonyms' must be a mapping"),
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms:\n      en: {a: b}\n", at: "6:11",
               says: "must be a name or a list of names"),
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms:\n      12345678: [Xian]\n", at: "6:7",
               says: "12345678"),
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms:\n      en: [Xian, Xians, Xian]\n", at: "6:25",
               says: "demonym \"Xian\" of xland already appears at"),
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms:\n      en: [\"\"]\n", at: "6:12",
               says: "a demonym of xland is empty"),
        Broken(yaml: "entities:\n  - id: xland\n    name: X\n    kind: region\n    demonyms:\n      \"\": [Xian]\n", at: "6:7",
               says: "a language of 'demonyms' is empty"),
    ]

    @Test("a broken demonyms field is reported at its line and column", arguments: broken)
    func reported(_ row: Broken) {
        do {
            _ = try Self.load(row.yaml)
            Issue.record("loaded without an error")
        } catch {
            let found = error.diagnostics.first { "\($0.location.line):\($0.location.column)" == row.at && $0.message.contains(row.says) }
            #expect(found != nil, "\(error.diagnostics.map(\.description))")
        }
    }

    @Test("the same word as a name and a demonym, or as a demonym in two languages, is no duplicate")
    func sharedWords() throws {
        let gazetteer = try Self.load("""
            entities:
              - id: xland
                name: Xland
                kind: region
                aliases: [{name: Xian, lang: asa}]
                demonyms: {en: [Xian], it: [Xian, xiani]}
            """)
        #expect(gazetteer.entity(id: "xland")?.demonyms.count == 3)
    }
}

/// Ordinary words that the approximate stages would take for near misses of names
/// (`Resources/ordinary-words.tsv`): no phonetic or fuzzy match for them.
@Suite("Ordinary words")
struct OrdinaryWordTests {
    @Test("ordinary words are no near misses; near misses that are no words still match", arguments: [
        ("médico", nil), ("medico", nil), ("bidden", nil), ("cocina", nil), ("merlin", nil),
        ("Azerbaidjan", "AZE"), ("Naqqa", "nagorno-karabakh"), ("Armnia", "ARM"), ("Grece", "GRC"),
    ] as [(String, String?)])
    func resolved(_ query: String, _ expected: String?) {
        let resolution = ResolverTests.resolver.resolve(query)
        #expect(resolution.best?.id == expected && (expected == nil) == (resolution.outcome == .noMatch),
                "\(resolution.outcome) \(resolution.best?.id ?? "-") via \(resolution.method)")
        if expected == nil {
            #expect(resolution.explanation.contains { if case .ordinaryWord = $0 { return true } else { return false } },
                    "\(resolution.explanation.map(\.description))")
        }
    }

    /// The list's binary search against a dictionary filled in file order, on random files
    /// (unsorted, with repeated keys, comments, blank and malformed lines).
    @Test("the ordinary-word list agrees with a dictionary of its lines")
    func ordinaryWordListAgreesWithDictionary() {
        var rng = SplitMix64(seed: 0x0D1C7)
        let keys = ["a", "ab", "abc", "b", "ba", "medico", "médico", "z", "zz", "indies", "x y"]
        for round in 0..<300 {
            var text = ""
            var reference: [String: String] = [:]
            for line in 0..<Int.random(in: 0...30, using: &rng) {
                let key = keys.randomElement(using: &rng)!
                let languages = ["en", "fr de", "es", ""].randomElement(using: &rng)!
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: text += "# comment \(key)\t\(languages)\n"
                case 1: text += "\n"
                case 2: text += "\(key)\n"  // no languages column: ignored
                default:
                    text += "\(key)\t\(languages)\tmatched \(line)\n"
                    reference[key] = languages
                }
            }
            if Bool.random(using: &rng), text.hasSuffix("\n") { text.removeLast() }
            let list = OrdinaryWords.List(bytes: Array(text.utf8))
            for key in keys + ["", "q", "abcd"] {
                #expect(list.languages(of: key) == reference[key], "round \(round), \(key): \(text.debugDescription)")
            }
            #expect(list.words == reference.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) },
                    "round \(round)")
        }
    }

    /// Over the whole list: each word was listed because it matched only approximately;
    /// now it never does, and the explanation says why.
    @Test("no listed word matches phonetically or fuzzily")
    func listInvariant() {
        let words = OrdinaryWords.list.words
        #expect(words.count >= 5_000)
        let resolutions = ResolverTests.resolver.resolve(words)
        var failures: [String] = []
        for (word, resolution) in zip(words, resolutions)
        where resolution.method == .phonetic || resolution.method == .fuzzy {
            failures.append("\(word) → \(resolution.best?.id ?? "ambiguous") via \(resolution.method)")
        }
        #expect(failures.isEmpty, "\(failures.count): \(failures.prefix(10))")
        // With the stop turned off (as when the list is generated), they do.
        var options = ResolverOptions()
        options.ordinaryWordStop = false
        let without = ResolverTests.resolver.with(options: options)
        let approximate = without.resolve(Array(words.prefix(500))).filter { $0.method == .phonetic || $0.method == .fuzzy }
        #expect(approximate.count >= 400, "\(approximate.count) of 500")
    }
}

/// What `nomina validate` says about demonyms beyond structure.
@Suite("Demonym validation")
struct DemonymValidationTests {
    static func diagnostics(_ files: [String: String], bundled: Bool = false) throws -> [Diagnostic] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-demonym-validation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return DictionaryValidator.validate(paths: [folder.path], includeBundled: bundled).diagnostics
    }

    @Test("a demonym that a bundled list has too is no error")
    func sharedWithBundled() throws {
        let found = try Self.diagnostics(["a.yaml": "entities:\n  - extend: GRC\n    demonyms: {en: [Greek, Greeks]}\n"], bundled: true)
        #expect(!found.contains { $0.kind == .duplicateAlias }, "\(found.map(\.description).prefix(5))")
    }
}

