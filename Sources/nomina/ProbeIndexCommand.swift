import ArgumentParser
import Foundation
@_spi(Testing) import Nomina

/// `nomina probe-index` (hidden): opens a compiled index many times in one process, for
/// the tests of damaged indexes and for measuring the cost of the checks at open. Not a
/// user command: it writes a copy of the index next to it and damages the copy.
///
/// - `--layout`: prints where each array lies (`start end section`) and exits.
/// - `--time N`: opens the index N times and prints the fastest and the median open.
/// - `--flips FILE` (lines `offset mask`, or several such pairs): for each line, flips the
///   bits of each `mask` in byte `offset` of a copy of the index, opens it and runs the
///   queries and texts, and prints the line and `refused|same|different [reason]`, one
///   flushed line each, so that a crash shows which line caused it (the one after the
///   last printed).
struct ProbeIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-index",
        abstract: "Open a compiled index many times, damaged or not (for tests).",
        shouldDisplay: false
    )

    enum Checks: String, ExpressibleByArgument, CaseIterable {
        case standard, full, structure
        var value: IndexChecks {
            switch self {
            case .standard: return .standard
            case .full: return .full
            case .structure: return .structureOnly
            }
        }
    }

    @Argument(help: "The compiled index.")
    var index: String

    @Flag(help: "Print where each array of the index lies and exit.")
    var layout = false

    @Option(help: "Open the index this many times and print the open times.")
    var time: Int?

    @Option(help: "A file of flips, `offset mask` a line.")
    var flips: String?

    @Option(help: "A file of names to resolve, one a line.")
    var queries: String?

    @Option(help: "A file of text lines to extract mentions from.")
    var text: String?

    @Option(help: "The checks at open: standard, full or structure (no checksums).")
    var checks: Checks = .standard

    @Flag(help: "Also extract with --all-languages (an automaton built from the mapped index).")
    var allLanguages = false

    @Option(help: "Decode this many entities, spread evenly (default: every one).")
    var entitySample: Int?

    /// What a query run gives: compared whole with the undamaged index's.
    struct Answers: Equatable {
        var resolutions: [Resolution] = []
        var exact: [String] = []
        var mentions: [[Mention]] = []
        var entities: [Entity] = []
        var positions: [Int?] = []
    }

    func run() throws {
        var output = OutputStream.standardOutput
        if layout {
            for (section, range) in try Resolver.indexLayout(index) {
                output.write("\(range.lowerBound) \(range.upperBound) \(section)\n")
            }
            output.flush()
            return
        }
        if let time {
            var times: [Double] = []
            for _ in 0..<max(time, 1) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try Resolver(index: index, checks: checks.value)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            output.write(String(format: "open: fastest %.2f ms, median %.2f ms (%d opens, checks %@)\n",
                                times[0], times[times.count / 2], times.count, checks.rawValue))
            output.flush()
            return
        }
        guard let flips else { throw CLIError("probe-index needs --layout, --time or --flips") }
        let queryList = try lines(queries)
        let textLines = try lines(text)
        let original = try Data(contentsOf: URL(fileURLWithPath: index))
        let copy = index + ".probe-\(getpid())"
        try original.write(to: URL(fileURLWithPath: copy))
        defer { unlink(copy) }
        let descriptor = open(copy, O_WRONLY)
        guard descriptor >= 0 else { throw CLIError("\(copy): cannot open the copy") }
        defer { close(descriptor) }

        let baseline = try answers(Resolver(index: copy, checks: checks.value), queryList, textLines)
        func write(_ offset: Int, _ value: UInt8) throws {
            var byte = value
            guard pwrite(descriptor, &byte, 1, off_t(offset)) == 1 else { throw CLIError("cannot write the copy") }
        }
        for line in try lines(flips) {
            // `offset mask`, or several such pairs: damage at once.
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            guard numbers.count >= 2, numbers.count % 2 == 0, numbers.count == line.split(separator: " ").count else {
                throw CLIError("bad flip line: \(line)")
            }
            let flips = stride(from: 0, to: numbers.count, by: 2).map { (offset: numbers[$0], mask: numbers[$0 + 1]) }
            guard flips.allSatisfy({ $0.offset >= 0 && $0.offset < original.count && (0...255).contains($0.mask) }) else {
                throw CLIError("bad flip line: \(line)")
            }
            for flip in flips { try write(flip.offset, original[flip.offset] ^ UInt8(flip.mask)) }
            let verdict: String
            do {
                let resolver = try Resolver(index: copy, checks: checks.value)
                verdict = try answers(resolver, queryList, textLines) == baseline ? "same" : "different"
            } catch let error as SnapshotError {
                verdict = "refused \(error.reason)"
            }
            for flip in flips { try write(flip.offset, original[flip.offset]) }
            output.write("\(line) \(verdict)\n")
            output.flush()
        }
    }

    private func answers(_ resolver: Resolver, _ queries: [String], _ text: [String]) throws -> Answers {
        var answers = Answers()
        answers.resolutions = resolver.resolve(queries)
        answers.exact = queries.map { "\(resolver.exactLookup($0))" }
        answers.mentions = MentionExtractor(resolver: resolver).mentions(in: text)
        if allLanguages {
            var options = ExtractorOptions()
            options.allLanguages = true
            answers.mentions += MentionExtractor(resolver: resolver, options: options).mentions(in: text)
        }
        let entities = resolver.gazetteer.entities
        let step = max(1, entities.count / max(entitySample ?? entities.count, 1))
        answers.entities = stride(from: 0, to: entities.count, by: step).map { entities[$0] }
        answers.positions = answers.entities.map { resolver.gazetteer.position(of: $0.id) }
        return answers
    }

    private func lines(_ path: String?) throws -> [String] {
        guard let path else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
