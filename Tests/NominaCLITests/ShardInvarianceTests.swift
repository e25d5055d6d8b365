import Foundation
import Testing
import NominaTestSupport

/// Shard invariance (docs/spark.md): for any split of a corpus into contiguous parts of
/// whole records, `normalize` over each part, concatenated, is `normalize` over the whole,
/// byte for byte, in every format and mode. This is what lets a cluster (Spark's
/// `RDD.pipe`, or any engine that pipes records through a program) run it on partitions.
@Suite("normalize: shard invariance")
struct ShardInvarianceTests {
    typealias Random = OutputIntegrityTests.Random

    struct Case: CustomTestStringConvertible, Sendable {
        let format: String
        let mode: String
        /// Options given to every run, whole and parts.
        let options: [String]
        var testDescription: String { "\(format) \(mode) \(options.joined(separator: " "))" }
    }

    static let header = ["csv": "id,text,tail", "tsv": "id\ttext\ttail"]

    static let cases: [Case] = ["text", "jsonl", "csv", "tsv"].flatMap { format in
        ["replace", "annotate"].flatMap { mode -> [Case] in
            switch format {
            case "text":
                // Annotate mode numbers text records: absent, or absolute from the part's
                // offset (given per part below).
                return mode == "replace" ? [Case(format: format, mode: mode, options: [])]
                    : [Case(format: format, mode: mode, options: ["--no-record-numbers"]),
                       Case(format: format, mode: mode, options: ["--record-offset"])]
            case "jsonl":
                return [Case(format: format, mode: mode, options: ["--skip-bad"])]
            default:
                // The corpus's header row is given once; only the first part starts with it.
                // (Without a header, on CSV only: TSV is read by the same code.)
                return [Case(format: format, mode: mode, options: ["--header-row", header[format]!, "--column", "text", "--skip-bad"])]
                    + (format == "csv" ? [Case(format: format, mode: mode, options: ["--column", "2", "--skip-bad"])] : [])
            }
        }
    }

    /// The byte offsets where records start after the first (each record ends with a line
    /// break in these corpora).
    static func boundaries(_ data: Data, format: String) -> [Int] {
        var offsets: [Int] = []
        var offset = 0
        for record in OutputIntegrityTests.records(data, format: format).dropLast() {
            offset += record.count + 1
            offsets.append(offset)
        }
        return offsets
    }

    static func run(_ testCase: Case, _ input: Data, recordOffset: Int) throws -> Data {
        var arguments = ["normalize", "--no-progress", "--format", testCase.format, "--mode", testCase.mode, "--jobs", "2"]
        for option in testCase.options {
            arguments.append(option)
            if option == "--record-offset" { arguments.append(String(recordOffset)) }
        }
        let result = try CLIRunner.run(arguments, stdin: input, timeout: 120)
        #expect(result.status == 0, "\(testCase.testDescription): \(result.stderr.prefix(300))")
        return result.stdout
    }

    @Test("parts of a corpus, normalised one by one and concatenated, give the output of the whole", arguments: cases)
    func concatenatedPartsEqualWhole(testCase: Case) throws {
        // One seed per case (each case's runs take seconds in a debug build).
        let seed = UInt64(testCase.testDescription.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF)
        var random = Random(state: seed)
        // Hostile records, except CSV/TSV rows with a quote that never closes: after one,
        // the rest of its input is read line by line (docs/cli.md), so where the input ends
        // changes how later rows are framed.
        var input = OutputIntegrityTests.corpus(testCase.format, seed: seed, records: 300, strayQuotes: false)
        if let header = Self.header[testCase.format], testCase.options.contains("--header-row") {
            input = Data(((seed % 2 == 0 ? "\u{FEFF}" : "") + header + "\n").utf8) + input
        }
        let whole = try Self.run(testCase, input, recordOffset: 0)
        #expect(!whole.isEmpty)
        let starts = Self.boundaries(input, format: testCase.format)
        for split in 0..<2 {
            // Parts of one record each at the start, then 2 to 6 parts at random record
            // boundaries.
            var cuts = split == 0 ? Set(starts.prefix(2)) : []
            let parts = split == 0 ? 3 : 2 + random.below(5)
            while cuts.count < parts - 1 { cuts.insert(random.pick(starts)) }
            let offsets = [0] + cuts.sorted() + [input.count]
            var concatenated = Data()
            var recordsBefore = 0
            for index in 0..<(offsets.count - 1) {
                let part = input.subdata(in: offsets[index]..<offsets[index + 1])
                concatenated.append(try Self.run(testCase, part, recordOffset: recordsBefore))
                recordsBefore += OutputIntegrityTests.records(part, format: testCase.format).count
            }
            #expect(concatenated == whole, "\(testCase.testDescription), seed \(seed), cuts at bytes \(cuts.sorted())")
        }
    }

    @Test("--header-row on a whole corpus is --header", arguments: ["csv", "tsv"])
    func headerRowOnWholeIsHeader(format: String) throws {
        let input = Data((Self.header[format]! + "\n").utf8) + OutputIntegrityTests.corpus(format, seed: 31, records: 200, strayQuotes: false)
        for mode in ["replace", "annotate"] {
            let common = ["normalize", "--no-progress", "--format", format, "--mode", mode, "--column", "text", "--skip-bad"]
            let given = try CLIRunner.run(common + ["--header-row", Self.header[format]!], stdin: input, timeout: 120)
            let read = try CLIRunner.run(common + ["--header"], stdin: input, timeout: 120)
            #expect(given.status == 0 && read.status == 0, "\(given.stderr.prefix(200)) \(read.stderr.prefix(200))")
            #expect(given.stdout == read.stdout, "\(format) \(mode)")
        }
    }

    /// Table of the part options' refusals, and of language lists that name no language:
    /// each a one-sentence usage error (status 2).
    static let refused: [([String], String)] = [
        (["--format", "jsonl", "--mode", "annotate", "--no-record-numbers"], "--no-record-numbers applies to --mode annotate with --format text"),
        (["--mode", "replace", "--record-offset", "5"], "--record-offset applies to --mode annotate with --format text"),
        (["--mode", "annotate", "--record-offset=-1"], "--record-offset must be between 0 and"),
        (["--mode", "annotate", "--record-offset", "3", "--no-record-numbers"], "not both"),
        (["--header-row", "id,text"], "--header-row applies to --format csv or tsv"),
        (["--format", "csv", "--header", "--header-row", "id,text"], "not both"),
        (["--format", "csv", "--header-row", "id,text\nx"], "without a line break"),
        (["--format", "csv", "--header-row", "id,body", "--column", "text"], "--header-row has no column \"text\" (it has \"id\", \"body\")"),
        (["--format", "csv", "--mode", "annotate", "--header-row", "id,mentions"], "already has a column \"mentions\""),
        (["--format", "csv", "--header-row", ""], "--header-row is empty"),
        (["--format", "tsv", "--header-row", "\u{FEFF}\r"], "--header-row is empty"),
        (["--format", "csv", "--header-row", "a,\"b\"c"], "--header-row is not one CSV row: field 2: "),
        (["--format", "csv", "--header-row", "id,t\u{FFFD}xt"], "a replacement character"),
        (["--mode", "annotate", "--record-offset", "4611686018427387905"], "between 0 and 4611686018427387904"),
        (["--format", "csv", "--header-row", (1...30).map { "c\($0)" }.joined(separator: ","), "--column", "x"], "\"c20\" and 10 more)"),
        (["--approximate-languages", "english"], "\"english\" is not a language tag"),
        (["--approximate-languages", "en,fr_FR"], "\"fr_FR\" is not a language tag"),
        (["--approximate-languages", "en,zh-"], "\"zh-\" is not a language tag"),
        (["--approximate-languages", "en,,fr"], "item 2 of \"en,,fr\" is empty"),
        (["--approximate-languages", "en,all"], "all stands alone"),
        (["--format", "jsonl", "--mode", "annotate", "--mentions-field", "text"], "--mentions-field \"text\" is where the text is"),
        (["--format", "jsonl", "--mode", "annotate", "--field", "body.text", "--mentions-field", "body"], "is where the text is (--field \"body.text\")"),
        (["--approximate-languages", "e"], "\"e\" is not a language tag"),
    ]

    @Test("part options are refused where they do not apply", arguments: refused)
    func refusals(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress"] + arguments, stdin: Data("1,x\n".utf8), timeout: 60)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("an empty input after one without a final line break adds none")
    func emptyLastInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.txt"), empty = folder.appendingPathComponent("b.txt"),
            more = folder.appendingPathComponent("c.txt")
        try Data("Naka".utf8).write(to: first)
        try Data().write(to: empty)
        try Data("Baku\n".utf8).write(to: more)
        let alone = try CLIRunner.run(["normalize", "--no-progress", first.path])
        let withEmpty = try CLIRunner.run(["normalize", "--no-progress", first.path, empty.path, empty.path])
        let withMore = try CLIRunner.run(["normalize", "--no-progress", first.path, empty.path, more.path])
        #expect(alone.output == "Nagorno-Karabakh")
        #expect(withEmpty.output == alone.output)
        #expect(withMore.output == "Nagorno-Karabakh\nBaku\n")
    }

    @Test("--header-row: a part's first row is its header only when it is the given row")
    func headerOnlyWhenGiven() throws {
        let arguments = ["normalize", "--no-progress", "--format", "csv", "--mode", "annotate", "--header-row", "id,text", "--column", "text"]
        let first = try CLIRunner.run(arguments, stdin: Data("\u{FEFF}id,text\r\n1,Baku\r\n".utf8), timeout: 60)
        let later = try CLIRunner.run(arguments, stdin: Data("2,Baku\n".utf8), timeout: 60)
        // (Compared as bytes: Swift reads "\r\n" as one character.)
        let firstLines = first.stdout.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        #expect(firstLines.first == "\u{FEFF}id,text,mentions\r")
        #expect(firstLines.count == 2 && firstLines[1].hasPrefix("1,Baku,\"[{") && firstLines[1].hasSuffix("]\"\r"))
        #expect(later.lines.count == 1 && later.lines[0].hasPrefix("2,Baku,\"[{"))
    }
}
