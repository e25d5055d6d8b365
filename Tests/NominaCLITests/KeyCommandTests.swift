import Foundation
import Testing

@Suite("nomina key (the built binary)")
struct KeyCommandTests {
    @Test("text output for names given as arguments")
    func textOutput() throws {
        let result = try CLIRunner.run(["key", "Нагорный Карабах", "Naqqa"])
        #expect(result.status == 0)
        #expect(result.output == """
            Нагорный Карабах
              key       nagornyy karabakh
              tokens    nagornyy | karabakh
              scripts   Cyrl
              phonetic  nagorni karaba
            Naqqa
              key       naqqa
              tokens    naqqa
              scripts   Latn
              phonetic  naka

            """)
    }

    @Test("JSON lines have the stable fields in order")
    func jsonFields() throws {
        let result = try CLIRunner.run(["key", "--format", "json", "纳卡", "Aya-Yaah"])
        #expect(result.status == 0)
        #expect(result.lines == [
            #"{"input":"纳卡","key":"na ka","tokens":["na","ka"],"scripts":["Hani"],"phonetic":"na ka"}"#,
            #"{"input":"Aya-Yaah","key":"aya yaah","tokens":["aya","yaah"],"scripts":["Latn"],"phonetic":"aia ia"}"#,
        ])
        for line in result.lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?.keys.sorted() == ["input", "key", "phonetic", "scripts", "tokens"])
        }
    }

    @Test("--explain lists every stage")
    func explain() throws {
        let result = try CLIRunner.run(["key", "--format", "json", "--explain", "Аrmenia"])
        let object = try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any]
        let stages = object?["stages"] as? [[String: String]]
        #expect(stages?.map { $0["name"]! } == ["input", "clean-up", "punctuation", "homoglyphs", "transliteration", "ascii", "key", "phonetic"])
        #expect(stages?.first(where: { $0["name"] == "homoglyphs" })?["output"] == "armenia")
        let text = try CLIRunner.run(["key", "--explain", "Gəncə"])
        #expect(text.output.contains("    transliteration ganca\n"))
    }

    @Test("stdin: one result per line, in order, empty and invalid UTF-8 lines included")
    func stdinLines() throws {
        var input = Data()
        let names = (0..<5_000).map { ["Naqqa", "", "Нагорный Карабах", "纳卡", "  "][$0 % 5] + ($0 % 5 == 1 ? "" : " \($0)") }
        for name in names { input.append(contentsOf: Array(name.utf8) + [0x0A]) }
        input.append(contentsOf: [0x41, 0xFF, 0xFE, 0x42, 0x0A])  // "A", invalid bytes, "B"
        input.append(contentsOf: Array("no newline at end".utf8))
        let result = try CLIRunner.run(["key", "--format", "json"], stdin: input)
        #expect(result.status == 0)
        #expect(result.lines.count == names.count + 2)
        let keys = try result.lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["key"] as! String
        }
        #expect(keys[0] == "naqqa 0")
        #expect(keys[1] == "")
        #expect(keys[2] == "nagornyy karabakh 2")
        #expect(keys[3] == "na ka 3")
        #expect(keys[4] == "4")
        #expect(keys[names.count] == "a b")  // invalid bytes become U+FFFD, a boundary
        #expect(keys[names.count + 1] == "no newline at end")
    }

    @Test("--skip and --particles change the profile")
    func profileOptions() throws {
        let skipped = try CLIRunner.run(["key", "--format", "json", "--skip", "transliteration", "Москва"])
        #expect(skipped.output.contains(#""key":"москва""#))
        let particles = try CLIRunner.run(["key", "--format", "json", "--particles", "The Gambia"])
        #expect(particles.output.contains(#""key":"gambia""#))
    }

    @Test("a bad option exits non-zero with one clear sentence")
    func badOption() throws {
        let result = try CLIRunner.run(["key", "--format", "xml", "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("xml"))
        #expect(result.stdout.isEmpty)
        let stage = try CLIRunner.run(["key", "--skip", "everything", "x"])
        #expect(stage.status != 0)
        #expect(stage.stderr.contains("everything"))
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("0."))
        let help = try CLIRunner.run(["key", "--help"])
        #expect(help.output.contains("--explain"))
        #expect(help.output.contains("--format"))
    }
}
