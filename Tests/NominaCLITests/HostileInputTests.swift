import Foundation
import Testing

/// The reproductions of adversarial probing (issue: hostile input never crashes, hangs or
/// loses data), each run against the built binary. Timeouts are hang guards set far above
/// the expected time, not measurements.
@Suite("hostile input")
struct HostileInputTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    // MARK: - 1, 2: long tokens and scripts without spaces

    @Test("a 60,001-letter word passes through in linear memory (it asked for 28 GB)")
    func longWord() throws {
        let word = "A" + String(repeating: "a", count: 60_000) + "\n"
        let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(word.utf8), timeout: 60)
        #expect(!result.timedOut && !result.signalled, "\(result.stderr.prefix(300))")
        #expect(result.status == 0)
        #expect(result.output == word)
        // A mention next to a long word is still found.
        let line = "Naka " + String(repeating: "Qx", count: 30_000) + " Naqqa\n"
        let mixed = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(line.utf8), timeout: 60)
        #expect(mixed.status == 0)
        #expect(mixed.output == "Nagorno-Karabakh " + String(repeating: "Qx", count: 30_000) + " Nagorno-Karabakh\n")
    }

    @Test("resolve: a 20,000-character query is no match, with a warning naming the limit")
    func longQuery() throws {
        let query = String(repeating: "Ab", count: 10_000)
        let result = try CLIRunner.run(["resolve", "--format", "jsonl", query], timeout: 60)
        #expect(!result.timedOut && !result.signalled)
        #expect(result.status == 0)
        #expect(result.output.contains("\"outcome\":\"none\""))
        #expect(result.output.contains("longer than the 1024-byte limit"))
        #expect(result.stderr.contains("a name of 20000 bytes is longer than the 1024-byte limit"))
    }

    @Test("Thai without spaces is linear (189 KB took 35 s)")
    func thaiWithoutSpaces() throws {
        let text = String(repeating: "สวัสดีครับ", count: 12_600) + "\n"  // 378 KB
        let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(text.utf8), timeout: 60)
        #expect(!result.timedOut, "still running after 60 s")
        #expect(result.status == 0)
        #expect(result.output == text)
    }

    // MARK: - 3: characters next to a mention

    static let controls: [(String, String)] = [
        ("\u{0}", "NUL"), ("\u{1}", "SOH"), ("\u{1F}", "US"), ("\u{7F}", "DEL"), ("\u{85}", "NEL"),
        ("\u{202E}", "RLO"), ("\u{2066}", "LRI"), ("\u{2069}", "PDI"), ("\u{200D}", "ZWJ"), ("\u{AD}", "soft hyphen"),
        ("\u{200B}", "ZWSP"), ("\u{FEFF}", "BOM"),
    ]

    @Test("a control or format character right before or after a mention is kept", arguments: controls)
    func charactersNextToMentions(character: String, name: String) throws {
        for (input, expected) in [
            ("Lavrov\(character)\n", "Sergey Lavrov\(character)\n"),
            ("\(character)Lavrov met\n", "\(character)Sergey Lavrov met\n"),
            ("Talks in Naka\(character).\n", "Talks in Nagorno-Karabakh\(character).\n"),
            ("Talks in Naka\(character) resumed, \(character)纳卡\(character)\n",
             "Talks in Nagorno-Karabakh\(character) resumed, \(character)Nagorno-Karabakh\(character)\n"),
        ] {
            let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(input.utf8))
            #expect(result.status == 0)
            #expect(result.output == expected, "\(name): \(input.debugDescription) → \(result.output.debugDescription)")
        }
    }

    @Test("bidi controls stay balanced; a control character separates words", arguments: [
        ("\u{202E}Naka is here\u{202C}\n", "\u{202E}Nagorno-Karabakh is here\u{202C}\n"),
        ("\u{2067}Naqqa\u{2069}\n", "\u{2067}Nagorno-Karabakh\u{2069}\n"),
        ("Naka\u{0}resumed\n", "Nagorno-Karabakh\u{0}resumed\n"),
        ("ceasefire\u{1}Naka\u{1}talks\n", "ceasefire\u{1}Nagorno-Karabakh\u{1}talks\n"),
    ])
    func bidiAndControls(input: String, expected: String) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.output == expected, "\(input.debugDescription) → \(result.output.debugDescription)")
    }

    // MARK: - 4, 5: CSV and TSV framing

    @Test("a bare quote inside an unquoted field is a character: 1,000 rows stay 1,000 records", arguments: ["csv", "tsv"])
    func bareQuote(format: String) throws {
        let separator = format == "csv" ? "," : "\t"
        let rows = (1...1_000).map { ["\($0)", $0 % 3 == 0 && format == "csv" ? "\"5\"\" x\"" : "5\" x", "Naka \($0)"].joined(separator: separator) }
        let input = (["id", "size", "text"].joined(separator: separator) + "\n" + rows.joined(separator: "\n") + "\n")
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", format, "--column", "text"], stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.lines
        #expect(lines.count == 1_001)
        #expect(lines.dropFirst().enumerated().allSatisfy { index, line in
            line == rows[index].replacingOccurrences(of: "Naka", with: "Nagorno-Karabakh")
        })
        #expect(result.stderr.isEmpty)
    }

    @Test("an unterminated quote under --skip-bad costs one line, not the rest of the file", arguments: ["csv", "tsv"])
    func unterminatedQuote(format: String) throws {
        let separator = format == "csv" ? "," : "\t"
        var rows = (1...1_000).map { "\($0)\(separator)Naka \($0)" }
        rows[499] = "500\(separator)\"unterminated Naka"
        let input = "id\(separator)text\n" + rows.joined(separator: "\n") + "\n"
        let failed = try CLIRunner.run(["normalize", "--no-progress", "--format", format, "--column", "text"], stdin: Data(input.utf8))
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("<stdin>:501: malformed \(format.uppercased()) in field 2: a quoted field is not closed"), "\(failed.stderr)")
        let skipped = try CLIRunner.run(["normalize", "--no-progress", "--skip-bad", "--format", format, "--column", "text"],
                                        stdin: Data(input.utf8))
        #expect(skipped.status == 0)
        let lines = skipped.lines
        #expect(lines.count == 1_001)
        #expect(lines[500] == rows[499])
        #expect(lines[501] == "501\(separator)Nagorno-Karabakh 501")
        #expect(skipped.stderr.contains("1 malformed record(s) on 1 input line(s) passed through"), "\(skipped.stderr)")
        // A stray quote that meets another one lines later: both lines are malformed on
        // their own, and the lines between them are records again.
        var paired = rows
        paired[99] = "100\(separator)\"opens here"
        paired[104] = "105\(separator)closes\" here, then \"more"
        let pairedInput = "id\(separator)text\n" + paired.joined(separator: "\n") + "\n"
        let resynced = try CLIRunner.run(["normalize", "--no-progress", "--skip-bad", "--format", format, "--column", "text"],
                                         stdin: Data(pairedInput.utf8))
        #expect(resynced.status == 0)
        #expect(resynced.lines.count == 1_001)
        #expect(resynced.lines[102] == "102\(separator)Nagorno-Karabakh 102")
    }

    @Test("a quoted field with line breaks is still one record")
    func multilineField() throws {
        let input = "id,text\n1,\"Naka\nand Naqqa\"\n2,Naka\n"
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "text"], stdin: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.output == "id,text\n1,\"Nagorno-Karabakh\nand Nagorno-Karabakh\"\n2,Nagorno-Karabakh\n")
        let annotated = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "text", "--mode", "annotate"],
                                          stdin: Data(input.utf8))
        // The row keeps its line break inside the quotes and gains the mentions column.
        #expect(annotated.lines.count == 4)
        #expect(annotated.output.hasPrefix("id,text,mentions\n1,\"Naka\nand Naqqa\",\"[{\"\"start\"\":0,\"\"end\"\":4,"))
    }

    // MARK: - 6, 7: validate

    @Test("validate: YAML aliases that expand a small file to millions of values are one error")
    func yamlAliases() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let aliases = (0..<3_000).map { "      - Alias\($0)" }.joined(separator: "\n")
        let references = Array(repeating: "  - *e", count: 3_000).joined(separator: "\n")
        let file = folder.appendingPathComponent("aliases.yaml")
        try "entities:\n  - &e\n    id: X1\n    name: X\n    kind: country\n    aliases:\n\(aliases)\n\(references)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", file.path], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.output.contains("a YAML alias ('*name' of an '&name') is not part of the dictionary format"), "\(result.output.prefix(500))")
        #expect(result.output.components(separatedBy: "\n").filter { $0.contains("error:") || $0.contains("warning:") }.count == 1)
    }

    @Test("validate: YAML keys that are lists, mappings or aliases are one syntax error (nested explicit keys took 33 s; found by FuzzDictionary)")
    func yamlComplexKeys() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two equal keys nested 200 deep, then an alias key standing for 10⁸ values.
        let nested = String(repeating: "? ? -  - ", count: 200) + "x\n"
        let levels = (0...7).map { level in
            level == 0 ? "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
                : "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
        }.joined(separator: "\n")
        for (name, text, position) in [("nested.yaml", "entities: []\n" + nested + nested, "nested.yaml:2:1:"),
                                       ("alias.yaml", levels + "\n*a7 : 1\nentities: []\n", "alias.yaml:9:1:")] {
            let file = folder.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try CLIRunner.run(["validate", "--no-bundled", file.path], timeout: 30)
            #expect(!result.timedOut)
            #expect(result.status == 1)
            #expect(result.output.contains("\(position) error:") && result.output.contains("every key as text followed by ':' [syntax]"),
                    "\(result.output.prefix(500))")
        }
    }

    @Test("validate: a YAML dictionary over 64 MiB is one error, found before it is read")
    func yamlTooLarge() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.yaml")
        // A sparse file: 65 MiB that take no space.
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        let result = try CLIRunner.run(["validate", "--no-bundled", file.path], timeout: 30)
        #expect(result.status == 1)
        #expect(result.output.contains("huge.yaml:1:1: error: the file is 68157440 bytes; a YAML dictionary is at most 67108864 bytes"),
                "\(result.output.prefix(500))")
    }

    @Test("validate: 11,000 references to an id defined elsewhere are linear (took 159 s)")
    func manyUnknownReferences() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "# nomina-bulk 1\n# id\tkind\tname\talias\tlang\ttype\texact\tparent\tcodes\tnote\n"
        for index in 0..<11_000 { text += "C\(index)\tcity\tCity \(index)\t\t\t\t\t\(index < 5_500 ? "AZE" : "Z\(index)")\t\t\n" }
        let file = folder.appendingPathComponent("cities.tsv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", "--no-bundled", "--format", "json", file.path], timeout: 90)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.output.components(separatedBy: "unknown-reference").count - 1 == 11_000)
    }

    @Test("validate: 2,000 'extend' entries naming unknown ids are linear, against the bundled ids (took over 60 s)")
    func manyUnknownExtensions() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "entities:\n" + (0..<2_000).map { "  - {extend: nope\($0)}\n" }.joined()
        let file = folder.appendingPathComponent("extensions.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", "--format", "json", file.path], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.output.components(separatedBy: "unknown-reference").count - 1 == 2_000)
    }

    @Test("normalize: a dictionary of names each a word longer than the last stays linear (20,000 words took minutes)")
    func nestedNames() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var dictionary = "# nomina-bulk 1\n# id\tkind\tname\n"
        for length in 1...255 { dictionary += "c-\(length)\tother\t" + Array(repeating: "Zqx", count: length).joined(separator: " ") + "\n" }
        let file = folder.appendingPathComponent("chain.tsv")
        try dictionary.write(to: file, atomically: true, encoding: .utf8)
        let text = Array(repeating: "Zqx", count: 20_000).joined(separator: " ") + "\n"
        let result = try CLIRunner.run(["normalize", "--no-bundled", "--dictionary", file.path], stdin: Data(text.utf8), timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == text)
    }

    // MARK: - 8, 9: the output file

    @Test("-o through a symbolic link replaces the file it points to and keeps the link and the file's mode")
    func outputThroughLink() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.txt"), link = folder.appendingPathComponent("link.txt")
        try "old\n".write(to: target, atomically: true, encoding: .utf8)
        chmod(target.path, 0o600)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let result = try CLIRunner.run(["normalize", "--no-progress", "-o", link.path], stdin: Data("Naka\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: link.path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOf: target, encoding: .utf8) == "Nagorno-Karabakh\n")
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.txt", "target.txt"])
    }

    @Test("-o into a FIFO or a device writes through and leaves it in place")
    func outputIntoSpecialFiles() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let received = LockedData()
        let reader = Thread {
            let handle = FileHandle(forReadingAtPath: fifo.path)  // blocks until the writer opens it
            received.set(handle?.readDataToEndOfFile() ?? Data())
        }
        reader.start()
        let result = try CLIRunner.run(["normalize", "--no-progress", "-o", fifo.path], stdin: Data("Naka\n".utf8), timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        while !received.isSet { Thread.sleep(forTimeInterval: 0.01) }
        #expect(String(decoding: received.value, as: UTF8.self) == "Nagorno-Karabakh\n")
        var info = stat()
        #expect(stat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["fifo"])
        // /dev/null stays the device (as root, renaming onto it would replace it).
        let null = try CLIRunner.run(["normalize", "--no-progress", "-o", "/dev/null"], stdin: Data("Naka\n".utf8))
        #expect(null.status == 0)
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        // /dev/stdout is standard output.
        let standardOutput = try CLIRunner.run(["normalize", "--no-progress", "-o", "/dev/stdout"], stdin: Data("Naka\n".utf8))
        #expect(standardOutput.output == "Nagorno-Karabakh\n")
    }

    @Test("no temporary file is left after a signal", arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalCleanup(signal: Int32) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.txt")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["normalize", "--no-progress", "-o", output.path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Some records, then the input stays open: the run is in progress, its file begun.
        _ = CLIRunner.ignoreBrokenPipes  // the process may stop before it reads all
        try? input.fileHandleForWriting.write(contentsOf: Data(String(repeating: "Talks in Naka resumed.\n", count: 50_000).utf8))
        var entries: [String] = []
        for _ in 0..<500 {
            entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if !entries.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(entries.count == 1 && entries[0].hasSuffix(".tmp"), "\(entries)")
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!process.isRunning, "still running 30 s after the signal")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    // MARK: - 11, 12, 13

    @Test("--jobs out of range is a usage error", arguments: ["0", "-1", "257", "100000000", "4611686018427387904"])
    func jobsOutOfRange(jobs: String) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress", "--jobs", jobs], stdin: Data("Naka\n".utf8))
        #expect(result.status == 2)
        #expect(result.stderr.contains("--jobs must be between 1 and 256") || result.stderr.contains("jobs"), "\(result.stderr)")
    }

    @Test("several inputs: a last line without a line break is not glued to the next file's first")
    func severalInputs() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.txt"), b = folder.appendingPathComponent("b.txt")
        try "Naka".write(to: a, atomically: true, encoding: .utf8)
        try "Naqqa\nend".write(to: b, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", a.path, b.path])
        #expect(result.output == "Nagorno-Karabakh\nNagorno-Karabakh\nend")
        let annotated = try CLIRunner.run(["normalize", "--no-progress", "--mode", "annotate", a.path, b.path])
        #expect(annotated.lines.count == 3)
    }

    @Test("JSONL: a control character is not a hex digit of a \\u escape (found by FuzzRecords)")
    func controlInEscape() throws {
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "jsonl"], stdin: Data("{\"text\":\"Naka \\ud60\u{10}\"}\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("malformed JSON"), "\(result.stderr)")
    }

    @Test("JSONL: escapes outside a rewritten mention stay as written", arguments: [
        (#"{"text":"Naka \ud800 x"}"#, #"{"text":"Nagorno-Karabakh \ud800 x"}"#),
        (#"{"text":"\u00e9t\u00e9 \ud83d\ude00 Naqqa\n\"x\"","n":1}"#, #"{"text":"\u00e9t\u00e9 \ud83d\ude00 Nagorno-Karabakh\n\"x\"","n":1}"#),
        (#"{"text":"\u004eaka and \ud800\ud800\udc00 Naka"}"#, #"{"text":"Nagorno-Karabakh and \ud800\ud800\udc00 Nagorno-Karabakh"}"#),
        (#"{"text":"nothing \ud800 here"}"#, #"{"text":"nothing \ud800 here"}"#),
        (#"{"text":"\ud83d\ud83d\ude00Naka"}"#, #"{"text":"\ud83d\ud83d\ude00Nagorno-Karabakh"}"#),
    ])
    func jsonEscapes(input: String, expected: String) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "jsonl"], stdin: Data((input + "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == expected + "\n")
    }

    // MARK: - Found by the new-user review

    @Test("-o with a one-character name writes it; -o - is standard output")
    func shortOutputNames() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.txt")
        try "Naka\n".write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["normalize", "--no-progress", "-o", "x", input.path]
        process.currentDirectoryURL = folder
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && process.terminationReason == .exit)
        #expect(try String(contentsOf: folder.appendingPathComponent("x"), encoding: .utf8) == "Nagorno-Karabakh\n")
        let dash = try CLIRunner.run(["normalize", "--no-progress", "-o", "-", input.path])
        #expect(dash.status == 0 && dash.output == "Nagorno-Karabakh\n")
    }

    @Test("records as users write them", arguments: [
        // A rewritten unquoted field with a quote inside stays unquoted.
        (["--format", "csv", "--column", "2"], "4,Naka \"four\" z,k\n", "4,Nagorno-Karabakh \"four\" z,k\n"),
        (["--format", "tsv", "--column", "2"], "2\tNaka \"x\n", "2\tNagorno-Karabakh \"x\n"),
        // JSONL: a byte order mark before the object, blank lines.
        (["--format", "jsonl"], "\u{FEFF}{\"text\":\"Naka\"}\n\n  \n{\"text\":\"Naqqa\"}\n",
         "\u{FEFF}{\"text\":\"Nagorno-Karabakh\"}\n\n  \n{\"text\":\"Nagorno-Karabakh\"}\n"),
        // Text with CRLF line ends.
        ([], "Naka one\r\nplain\r\n", "Nagorno-Karabakh one\r\nplain\r\n"),
    ])
    func usersRecords(arguments: [String], input: String, expected: String) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress"] + arguments, stdin: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == expected)
    }

    @Test("annotate: a CRLF's carriage return is not part of the text")
    func crlfAnnotate() throws {
        let result = try CLIRunner.run(["normalize", "--no-progress", "--mode", "annotate"], stdin: Data("Naka one\r\n".utf8))
        #expect(result.output.hasPrefix("{\"record\":1,\"text\":\"Naka one\",\"mentions\":"))
    }

    @Test("several CSV files: each one's first row is its header, and the named column is found in each")
    func headersPerInput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [("m1.csv", "id,headline\n1,Naka\n"), ("m2.csv", "id,headline\n2,Lavrov\n"), ("m3.csv", "headline,id\nNaqqa,3\n")]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let paths = files.map { folder.appendingPathComponent($0.0).path }
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "headline"] + paths)
        #expect(result.output == "id,headline\n1,Nagorno-Karabakh\nid,headline\n2,Sergey Lavrov\nheadline,id\nNagorno-Karabakh,3\n")
        let annotated = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "headline", "--mode", "annotate"] + paths)
        // Each header row is carried through with the mentions column named.
        #expect(annotated.lines.enumerated().allSatisfy { ($0.offset % 2 == 0) == $0.element.hasSuffix(",mentions") })
    }

    @Test("resolve: spaces around a name do not count toward the length limit; a line break cannot split a TSV row")
    func resolvePadding() throws {
        let padded = "Naqqa" + String(repeating: " ", count: 1_100)
        let result = try CLIRunner.run(["resolve", "--format", "tsv", padded, "Lavrov\nY"])
        #expect(result.lines.count == 2)
        #expect(result.lines.first?.contains("nagorno-karabakh") == true)
        #expect(!result.stderr.contains("limit"))
    }

    // MARK: - Found by the adversarial review

    @Test("initialisms: 65,536 of them in one record do not trap, and many are linear (U.S.A. × 200,000 took 40 s)")
    func initialisms() throws {
        let many = String(repeating: "A.", count: 65_536) + "\n"
        let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: Data(many.utf8), timeout: 60)
        #expect(!result.signalled && result.status == 0)
        #expect(result.output == many)
        let usa = String(repeating: "U.S.A. ", count: 400_000) + "\n"
        let linear = try CLIRunner.run(["normalize", "--no-progress", "--jobs", "1"], stdin: Data(usa.utf8), timeout: 60)
        #expect(!linear.timedOut, "still running after 60 s")
        #expect(linear.status == 0)
    }

    @Test("CSV: a quote left open on every line is resynchronised in linear time under --skip-bad")
    func openQuoteOnEveryLine() throws {
        let input = String(repeating: "a\",\"\n", count: 320_000)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--skip-bad"], stdin: Data(input.utf8), timeout: 60)
        #expect(!result.timedOut, "still running after 60 s")
        #expect(result.status == 0)
        #expect(result.stdout.count == input.utf8.count)
        #expect(result.stderr.contains("320000 malformed record(s) on 320000 input line(s)"), "\(result.stderr)")
    }

    @Test("validate: aliases of one long name count by their size")
    func scalarAliases() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("scalars.yaml")
        let name = String(repeating: "Ab ", count: 33_333)
        try ("entities:\n  - id: AZE\n    name: &s \"\(name)\"\n    kind: country\n    aliases: ["
             + Array(repeating: "*s", count: 10_000).joined(separator: ",") + "]\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", file.path], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.output.contains("too-large") || result.output.contains("a YAML alias"))
        #expect(result.stdout.count < 10_000)
    }

    @Test("-o with a name near the file system's limit gets a short temporary name")
    func longOutputName() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent(String(repeating: "a", count: 250))
        let result = try CLIRunner.run(["normalize", "--no-progress", "-o", target.path], stdin: Data("Naka\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "Nagorno-Karabakh\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
    }

    // MARK: - Found by the attacker review of annotate, --replace-with, validate and trimming

    @Test("JSONL: a field of 400,000 escapes is read in linear time (appending each to a String copied it: 12 s for 800,000)")
    func manyEscapes() throws {
        let input = Data(("{\"text\":\"" + String(repeating: "x\\u0041", count: 400_000) + " Naka\"}\n").utf8)
        for mode in ["replace", "annotate"] {
            let result = try CLIRunner.run(["normalize", "--no-progress", "--jobs", "1", "--format", "jsonl", "--mode", mode],
                                           stdin: input, timeout: 30)
            #expect(!result.timedOut && result.status == 0, "\(mode): \(result.stderr.prefix(200))")
            #expect(result.output.contains("Nagorno-Karabakh"), "\(mode)")
        }
    }

    @Test("a word of 400,000 accented letters is folded in linear time (ICU rewrote it in place: 21 s for 800,000)", arguments: ["é", "ü", "ş"])
    func longAccentedWord(letter: String) throws {
        let input = Data((String(repeating: letter, count: 400_000) + " Naka\n").utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--jobs", "1"], stdin: input, timeout: 30)
        #expect(!result.timedOut && result.status == 0)
        #expect(result.output.hasSuffix(" Nagorno-Karabakh\n"))
    }

    @Test("resolve: 3,000 queries of 1,000 brackets around a name are trimmed in linear time (took 52 s for 10,000)")
    func bracketedQueries() throws {
        let line = String(repeating: "(", count: 1_000) + "Naka" + String(repeating: ")", count: 1_000) + "\n"
        let result = try CLIRunner.run(["resolve", "--format", "tsv"], stdin: Data(String(repeating: line, count: 3_000).utf8), timeout: 60)
        #expect(!result.timedOut && result.status == 0)
        #expect(result.lines.count == 3_000)
        #expect(result.lines.allSatisfy { $0.contains("\tnagorno-karabakh\t") })
    }

    @Test("validate and load: a name over 1,024 bytes is an error at its line (loading was quadratic in its length)")
    func longName() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.yaml")
        try "entities:\n  - id: q\n    name: Q town\n    kind: region\n    aliases: [\(String(repeating: "Q", count: 100_000))]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let validated = try CLIRunner.run(["validate", file.path], timeout: 30)
        #expect(validated.status == 1)
        #expect(validated.output.contains("long.yaml:5:15: error: an alias of q is 100000 bytes long; a name is at most 1024 bytes"), "\(validated.output)")
        let loaded = try CLIRunner.run(["normalize", "--no-bundled", "--dictionary", file.path], stdin: Data("x\n".utf8), timeout: 30)
        #expect(!loaded.timedOut && loaded.status == 1)
    }

    @Test("annotate: a key written with any escape is found (\\/ made a second field of the same name)")
    func escapedKey() throws {
        let input = Data((#"{"text":"Baku","a\/b":1}"# + "\n").utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "jsonl", "--mode", "annotate", "--mentions-field", "a/b"], stdin: input)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the object already has a field \"a/b\""), "\(result.stderr)")
    }

    @Test("CSV: a byte order mark before the header's first name does not hide it, and stays in the output")
    func headerByteOrderMark() throws {
        let input = Data("\u{FEFF}id,text\n1,Naka\n".utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "id"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let named = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "text"], stdin: input)
        #expect(named.output == "\u{FEFF}id,text\n1,Nagorno-Karabakh\n")
    }

    @Test("records not valid UTF-8: the first 20 are named, the rest counted in the summary")
    func invalidUTF8Warnings() throws {
        var input = Data()
        for _ in 0..<500 { input.append(contentsOf: [0x41, 0xFF, 0x0A]) }
        let result = try CLIRunner.run(["normalize", "--no-progress"], stdin: input)
        #expect(result.stdout == input)
        let named = result.stderr.split(separator: "\n").filter { $0.contains(": not valid UTF-8; passed through unchanged") }
        #expect(named.count == 20)
        #expect(result.stderr.contains("500 record(s) not valid UTF-8 passed through"), "\(result.stderr.suffix(300))")
    }

    @Test("CSV: a lone carriage return in a rewritten unquoted field does not add quotes")
    func loneCarriageReturn() throws {
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--column", "2"],
                                       stdin: Data("a,Naka\rb,x\n".utf8))
        #expect(result.output == "a,Nagorno-Karabakh\rb,x\n")
    }

    @Test("validate: aliases added to a bundled entity with extend are checked like one's own")
    func extendedAliasesChecked() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ext.yaml")
        try "entities:\n  - extend: AZE\n    aliases: [\"a\", \"\u{410}rmenia\", \"Chad\"]\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", file.path])
        #expect(result.status == 1)
        for kind in ["[short-key]", "[confusable-name]", "[common-word]", "[key-collision]"] {
            #expect(result.output.contains(kind), "\(kind): \(result.output)")
        }
        #expect(result.lines.last == "1 file(s), 0 entities, 3 aliases: 1 error(s), 3 warning(s)")
    }
}
