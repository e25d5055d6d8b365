import Foundation
import Testing

/// Damaged compiled indexes, through the built binary: whatever byte of an index is
/// damaged, nomina answers as before, refuses the index in one sentence, or (only where
/// no check can see the damage) answers differently; it never dies of a signal or hangs.
extension CompileCommandTests {
    /// The fixture gazetteer (Tests/NominaTests/Fixtures/small-index.yaml), compiled
    /// without the bundled dictionaries: about 190 KB, every kind of table filled.
    static let small: String = {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NominaTests/Fixtures/small-index.yaml").path
        let path = directory.appendingPathComponent("small.nomina").path
        let result = try! CLIRunner.run(["compile", "--no-bundled", fixture, "-o", path])
        precondition(result.status == 0, result.stderr)
        return path
    }()

    /// Names that reach every stage (exact, folded, confusable, phonetic, designator,
    /// fuzzy by deletion and by trie, Han and romanised abbreviations, initialisms, pairs,
    /// negative names), and text for mention extraction.
    static let probeQueries = [
        "Azerbaijan", "Azerbaidjan", "Azerbajan", "Republic of Armenia", "Армения", "Грузия", "Georgia", "Georgia, USA",
        "Chad", "Tchad", "Chad Smith", "United States", "USA", "美国", "中美", "纳卡", "阿亚", "Aya", "Naka", "Aya-Yaah",
        "Nagorno Karabakh", "Nagorno-Karabach", "South Caucasus", "Transcaucasia", "OSCE",
        "Organization for Security and Cooperation in Europe", "Springfield", "Springfield Illinois", "Springfeld",
        "Sakartvelo", "Armenai", "Azerbaijan Republic", "Peoples Republic of China", "Китай", "nothing here",
    ]
    static let probeText = [
        "Talks on Naqqa resumed in Baku while the Aya-Yaah parties met in Springfield.",
        "纳卡地区局势紧张。Армения и Азербайджан; the OSCE and the South Caucasus.",
        "Chad Smith visited Chad and Georgia, USA, then Azerbajan and Tbilisi in Georgia.",
        "the United States of America and 中美 relations; University of Georgia.",
    ]

    static func file(_ name: String, _ lines: [String]) -> String {
        let path = directory.appendingPathComponent(name).path
        precondition(FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8)))
        return path
    }

    /// The flips, `(offset, mask)`: every byte of the header with one bit and with all
    /// bits, the count, size and checksum fields and first 16 bytes of every array with
    /// one bit (and the fields with all bits), and one bit in 2,500 bytes spread evenly
    /// over the file.
    static func flips(layout: [Range<Int>], length: Int) -> [(offset: Int, mask: UInt8)] {
        var flips: [(offset: Int, mask: UInt8)] = []
        func bit(_ offset: Int) -> UInt8 { 1 << UInt8((offset * 5 + 3) % 8) }
        let headerEnd = layout.first(where: { $0.lowerBound > 64 })?.lowerBound ?? 64
        for offset in 0..<headerEnd { flips += [(offset, bit(offset)), (offset, 0xFF)] }
        for range in layout where range.lowerBound >= headerEnd {
            for offset in range.lowerBound..<min(range.lowerBound + 40, range.upperBound) {
                flips.append((offset, bit(offset)))
                if offset < range.lowerBound + 24 { flips.append((offset, 0xFF)) }
            }
        }
        for step in 0..<2_500 { let offset = step * length / 2_500; flips.append((offset, bit(offset))) }
        return flips
    }

    struct Tally: CustomStringConvertible {
        var refused = 0, same = 0, different = 0
        var differentAt: [Int] = []
        var description: String { "\(refused) refused, \(same) same answers, \(different) different answers" }
    }

    /// Runs `probe-index` over `flips` (one process, one open and query run per flip; see
    /// ProbeIndexCommand) and tallies the verdicts.
    static func probe(_ checks: String, _ flips: [(offset: Int, mask: UInt8)], allLanguages: Bool) throws -> (CLIRunner.Result, Tally) {
        let flipFile = file("flips-\(checks).txt", flips.map { "\($0.offset) \($0.mask)" })
        let result = try CLIRunner.run(["probe-index", small, "--checks", checks, "--flips", flipFile,
                                        "--queries", file("queries.txt", probeQueries), "--text", file("text.txt", probeText)]
                                       + (allLanguages ? ["--all-languages"] : []), timeout: 600)
        var tally = Tally()
        for line in result.lines {
            let fields = line.split(separator: " ", maxSplits: 2)
            switch fields.count > 2 ? fields[2].prefix(while: { $0 != " " }) : "" {
            case "refused": tally.refused += 1
            case "same": tally.same += 1
            case "different": tally.different += 1; tally.differentAt.append(Int(fields[0]) ?? -1)
            default: Issue.record("unexpected line: \(line)")
            }
        }
        return (result, tally)
    }

    @Test("bits flipped anywhere in an index: refused or the same answers, never a crash or a hang",
          arguments: ["standard", "structure"])
    func flippedBits(checks: String) throws {
        let layout = try CLIRunner.run(["probe-index", Self.small, "--layout"], timeout: 120)
        #expect(layout.status == 0, "\(layout.stderr)")
        let ranges = layout.lines.compactMap { line -> Range<Int>? in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let start = Int(fields[0]), let end = Int(fields[1]) else { return nil }
            return start..<end
        }
        #expect(ranges.count > 60)
        let length = try #require(FileManager.default.attributesOfItem(atPath: Self.small)[.size] as? Int)
        let flips = Self.flips(layout: ranges, length: length)
        #expect(flips.count > 4_000)
        // With the standard checks the --all-languages automaton is left out: nearly every
        // flip is refused at open, so there is little to compare.
        let (result, tally) = try Self.probe(checks, flips, allLanguages: checks == "structure")
        let last = result.lines.last ?? "none"
        #expect(!result.signalled && !result.timedOut && result.status == 0,
                "status \(result.status) (signal: \(result.signalled), timed out: \(result.timedOut)) after flip \(last): \(result.stderr)")
        #expect(result.lines.count == flips.count)
        print("[damaged index, \(checks) checks] \(flips.count) flips: \(tally)")
        if checks == "standard" {
            // The file is small, so the checksum of every array is verified at open: all
            // damage is refused except where it cannot matter (padding, the whole-file
            // checksum, which only --verify-index reads).
            #expect(tally.different == 0, "different answers after flips at \(tally.differentAt.prefix(20))")
            #expect(tally.refused > flips.count * 9 / 10)
        } else {
            // The structural checks alone (what guards arrays too large to hash at open)
            // refuse much of the damage; what they cannot see (a changed name, a flipped
            // filter bit) changes answers, as docs/compiled-index.md says.
            #expect(tally.refused > flips.count / 4)
        }
    }

    @Test("a damaged index given to normalize and resolve: status 0 with the same output, or 1 with one sentence")
    func damagedIndexProcesses() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.small)))
        let input = Data((Self.probeText + Self.probeQueries).joined(separator: "\n").utf8 + [0x0A])
        let commands: [[String]] = [["normalize", "--mode", "annotate"], ["resolve", "--format", "jsonl"]]
        let intact = try commands.map { try CLIRunner.run($0 + ["--index", Self.small], stdin: input, timeout: 120) }
        #expect(intact.allSatisfy { $0.status == 0 && !$0.stdout.isEmpty })
        // The header, a spread through the file, and the last bytes (the END tag).
        let offsets = Array(stride(from: 0, to: 160, by: 8)) + Array(stride(from: 200, to: original.count, by: original.count / 16))
            + [original.count - 8, original.count - 1]
        for (number, offset) in offsets.enumerated() {
            var bytes = original
            bytes[offset] ^= 1 << UInt8(number % 8)
            let path = Self.directory.appendingPathComponent("flip-\(offset).nomina").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let command = commands[number % 2]
            let result = try CLIRunner.run(command + ["--index", path], stdin: input, timeout: 120)
            #expect(!result.signalled && !result.timedOut && (result.status == 0 || result.status == 1),
                    "\(command[0]) with byte \(offset) flipped: status \(result.status), \(result.stderr)")
            if result.status == 0 {
                #expect(result.stdout == intact[number % 2].stdout, "\(command[0]) with byte \(offset) flipped")
            } else {
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(result.stderr.contains(path), "\(result.stderr)")
            }
            unlink(path)
        }
        // The same files with --verify-index: every flip is caught (a flip in the stored
        // checksum itself too).
        for offset in [40, 100, original.count / 2, original.count - 1] {
            var bytes = original
            bytes[offset] ^= 0x04
            let path = Self.directory.appendingPathComponent("verify-\(offset).nomina").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try CLIRunner.run(["resolve", "--index", path, "--verify-index", "Chad"], timeout: 120)
            #expect(result.status == 1 && result.stderr.contains("damaged index"), "byte \(offset): \(result.stderr)")
            unlink(path)
        }
    }

    @Test("an index that shrinks while nomina reads it ends the run with one sentence, not a signal")
    func truncatedWhileMapped() throws {
        let path = Self.directory.appendingPathComponent("shrinking.nomina").path
        unlink(path)
        try FileManager.default.copyItem(atPath: Self.small, toPath: path)
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["resolve", "--index", path, "--format", "tsv"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // A first batch (resolve answers 4,096 names at a time): once its answers are out,
        // the index is open and in use. Then cut it to its first 64 bytes.
        _ = CLIRunner.ignoreBrokenPipes  // the process may stop before it reads all
        try? input.fileHandleForWriting.write(contentsOf: Data(String(repeating: "Chad\n", count: 4_096).utf8))
        var answered = 0
        while answered < 4_096 {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "nomina stopped before answering")
            answered += chunk.count { $0 == 0x0A }
        }
        #expect(truncate(path, 64) == 0)
        _ = CLIRunner.ignoreBrokenPipes  // the process may stop before it reads all
        try? input.fileHandleForWriting.write(contentsOf: Data((Self.probeQueries.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(message.contains("\(path): the index file shrank or changed while in use"), "\(message)")
        #expect(message.split(separator: "\n").count == 1)
    }
}
