import Foundation
import Testing

/// `normalize`'s pipeline (chunks read, processed on the workers, written in order) as
/// users see it: output streams from a pipe, annotate's JSON escapes every text right,
/// and every `--jobs` gives the same bytes.
@Suite("normalize pipeline")
struct PipelineTests {
    @Test("lines from a pipe come out before the input ends")
    func streamsFromAPipe() throws {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["normalize"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        _ = CLIRunner.ignoreBrokenPipes  // the process may stop before it reads all
        try? input.fileHandleForWriting.write(contentsOf: Data("Fighting resumed in Naqqa.\n".utf8))
        // The first line's output arrives while standard input is still open.
        let got = LockedData()
        let reader = Thread { got.set(output.fileHandleForReading.availableData) }
        reader.start()
        let deadline = Date().addingTimeInterval(60)
        while !got.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(String(decoding: got.value, as: UTF8.self) == "Fighting resumed in Nagorno-Karabakh.\n")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Lines of random characters that JSON must escape, and names around them.
    static func hostileLines(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let pieces = ["\"", "\\", "\t", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "é", "阿塞拜疆",
                      "Naka", " Baku ", "Aya-Yaah", "plain words ", "\u{E2}", "\u{FEFF}", "/", "\u{85}", "Azerbaijan"]
        return (0..<count).map { _ in
            (0..<Int(next() % 12)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test("annotate: the text of every record parses back from its JSON exactly")
    func annotateEscapes() throws {
        let lines = Self.hostileLines(count: 3_000, seed: 42)
        let input = Data((lines.joined(separator: "\n") + "\n").utf8)
        let run = try CLIRunner.run(["normalize", "--mode", "annotate", "--jobs", "2"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines.count == lines.count)
        for (line, json) in zip(lines, run.lines) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
            // Foundation's JSON parser drops U+FEFF from strings: compare without it, and
            // count it in the raw line (it is written as itself, not escaped).
            let parsed = (object["text"] as? String)?.unicodeScalars.filter { $0 != "\u{FEFF}" }
            #expect(parsed.map { String(String.UnicodeScalarView($0)) } == String(String.UnicodeScalarView(line.unicodeScalars.filter { $0 != "\u{FEFF}" })), "\(json)")
            #expect(json.unicodeScalars.filter { $0 == "\u{FEFF}" }.count >= line.unicodeScalars.filter { $0 == "\u{FEFF}" }.count)
            // What must be escaped is: no raw control character, U+2028 or U+2029 in the line.
            #expect(!json.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 || $0.value == 0x2029 })
            for mention in object["mentions"] as? [[String: Any]] ?? [] {
                let start = try #require(mention["start"] as? Int), end = try #require(mention["end"] as? Int)
                let scalars = Array(line.unicodeScalars)
                #expect(String(String.UnicodeScalarView(scalars[start..<end])) == mention["text"] as? String)
            }
        }
    }

    @Test("every --jobs gives the same bytes, in both modes and every format", arguments: ["text", "jsonl", "csv"])
    func jobsAgree(_ format: String) throws {
        let lines = Self.hostileLines(count: 4_000, seed: 9)
        let records: [String] = switch format {
        case "jsonl": lines.enumerated().map { "{\"id\":\($0.offset),\"text\":\(Self.jsonString($0.element))}" }
        case "csv": ["id,text"] + lines.enumerated().map { "\($0.offset),\"\($0.element.replacingOccurrences(of: "\"", with: "\"\""))\"" }
        default: lines
        }
        let input = Data((records.joined(separator: "\n") + "\n").utf8)
        for mode in ["replace", "annotate"] {
            var outputs: [Data] = []
            for jobs in ["1", "2", "3", "8"] {
                var arguments = ["normalize", "--format", format, "--mode", mode, "--jobs", jobs]
                if format == "csv" { arguments += ["--column", "text"] }
                let run = try CLIRunner.run(arguments, stdin: input)
                #expect(run.status == 0, "\(format) \(mode) --jobs \(jobs): \(run.stderr)")
                outputs.append(run.stdout)
            }
            #expect(Set(outputs).count == 1, "\(format) \(mode): outputs differ between --jobs values")
            #expect(outputs[0].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count == records.count + 1)
        }
    }

    static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static let misplacedOptions: [[String]] = [
        ["--format", "csv", "--field", "text"], ["--format", "tsv", "--field", "a.b"], ["--field", "text"],
        ["--format", "jsonl", "--column", "2"], ["--column", "text"],
    ]

    @Test("an option of another format is a usage error, not silently ignored", arguments: misplacedOptions)
    func misplacedOption(_ options: [String]) throws {
        let run = try CLIRunner.run(["normalize"] + options, stdin: Data("id,text\n1,Naka\n".utf8))
        #expect(run.status == 2, "\(options): \(run.stderr)")
        #expect(run.stderr.contains("applies to --format"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("a record over --max-record-bytes: every record before it is written, whatever --jobs")
    func oversizeKeepsWhatCameBefore() throws {
        let lines = (0..<3_000).map { "Naka line \($0)" } + [String(repeating: "x", count: 200_000), "after"]
        let input = Data((lines.joined(separator: "\n") + "\n").utf8)
        for jobs in ["1", "2", "64"] {
            let run = try CLIRunner.run(["normalize", "--jobs", jobs, "--max-record-bytes", "100000"], stdin: input)
            #expect(run.status == 1 && run.stderr.contains(":3001: a record is longer than 100000 bytes"), "\(run.stderr)")
            #expect(run.lines.count == 3_000, "--jobs \(jobs)")
        }
    }

    @Test("a write that fails says why (a full device)")
    func fullDevice() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let run = try CLIRunner.run(["normalize", "-o", "/dev/full"], stdin: Data("Fighting in Naqqa.\n".utf8))
        #expect(run.status == 1)
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
    }
}
