import ArgumentParser
import Foundation
import Nomina

/// `nomina evaluate`: precision, recall and abstention on a labelled set.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Report precision, recall, abstention and confusions of the resolver on a labelled set.",
        discussion: "The set is TSV: category, query, expected id (empty for a negative), members, and an optional language or script. See Tests/Evaluation.")

    @OptionGroup var source: ResolverSource

    @Option(help: "Scores below this are no match.")
    var threshold: Double = 0.75

    @Option(help: "How many confusions to list.")
    var confusions: Int = 20

    @Option(help: "Only entities of this kind are answers (repeatable), as in resolve: a set of country names is scored with --kind country --kind territory, so that a town of the same name is no answer.")
    var kind: [EntityKind] = []

    @Option(name: .customLong("exclude-kind"), help: "Entities of this kind are never answers (repeatable): --exclude-kind city scores a set of curated names without the bundled towns.")
    var excludedKinds: [EntityKind] = []

    /// Extra breakdowns, each printed as a table after the per-category one.
    enum Breakdown: String, ExpressibleByArgument, CaseIterable {
        case language
    }

    @Option(help: "Also break the results down by this column (repeatable): language (the optional 5th column, a language or script).")
    var by: [Breakdown] = []

    @Argument(help: ArgumentHelp("The labelled set.", valueName: "file"))
    var file: String

    func run() throws {
        // Through a file handle: a pipe (`/dev/stdin`) is read to its end as a file is.
        guard let handle = FileHandle(forReadingAtPath: file), let data = try? handle.readToEnd() ?? Data() else {
            throw CLIError("cannot read \(file); check that it exists and is readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        let examples = Evaluation.parse(text)
        // Lines that are no example (one field, no tab) are skipped: say how many, and the first.
        var skipped = 0, firstSkipped = 0
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty && !line.hasPrefix("#") && !line.contains("\t") {
            if skipped == 0 { firstSkipped = offset + 1 }
            skipped += 1
        }
        if skipped > 0 {
            var errors = OutputStream.standardError
            errors.write("nomina: warning: \(skipped) line(s) of \(file) are not examples (they have no tab between category and query), first line \(firstSkipped); skipped\n")
            errors.flush()
        }
        var options = ResolverOptions(threshold: threshold)
        if !kind.isEmpty || !excludedKinds.isEmpty {
            options.kinds = Set(kind.isEmpty ? EntityKind.allCases : kind).subtracting(excludedKinds)
            if options.kinds?.isEmpty == true {
                throw ValidationError("--kind and --exclude-kind leave no kind of entity to answer with; drop one of them")
            }
        }
        let resolver = try source.resolver(options: options)
        let evaluation = Evaluation(resolver: resolver, examples: examples)
        var output = OutputStream.standardOutput
        // Rounded to one decimal (2/3 is 66.7%, not 66.6%).
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        // One table layout for every breakdown: a label column, then the counts.
        func table(_ label: String, _ rows: [String: Evaluation.Tally]) {
            output.write(label.padding(18) + "examples  correct  wrong  ambiguous  none  precision  resolved  abstention\n")
            for (key, tally) in rows.sorted(by: { $0.key < $1.key }) {
                output.write((key.isEmpty ? "-" : key).padding(18) + String(tally.examples).leftPadded(8) + String(tally.correct).leftPadded(9)
                             + String(tally.wrong).leftPadded(7) + String(tally.ambiguous).leftPadded(11)
                             + String(tally.none).leftPadded(6) + percent(tally.precision).leftPadded(11)
                             + percent(tally.resolved).leftPadded(10) + percent(tally.abstention).leftPadded(12) + "\n")
            }
        }
        table("category", evaluation.byCategory)
        let p = evaluation.positives, n = evaluation.negatives
        output.write("\npositives: \(p.examples), precision \(percent(p.precision)), resolved \(percent(p.resolved)), abstention \(percent(p.abstention))\n")
        output.write("negatives: \(n.examples), false positives \(n.correct + n.wrong) (\(percent(n.falsePositiveRate)))\n")
        for breakdown in by {
            switch breakdown {
            case .language:
                output.write("\npositives by language/script:\n")
                table("language", evaluation.byLanguage)
                if !evaluation.negativesByLanguage.isEmpty {
                    output.write("\nnegatives by language/script:\nlanguage          examples  false positives\n")
                    for (key, tally) in evaluation.negativesByLanguage.sorted(by: { $0.key < $1.key }) {
                        output.write((key.isEmpty ? "-" : key).padding(18) + String(tally.examples).leftPadded(8)
                                     + (String(tally.correct + tally.wrong) + " (" + percent(tally.falsePositiveRate) + ")").leftPadded(17) + "\n")
                    }
                }
            }
        }
        if !evaluation.confusions.isEmpty {
            output.write("\nconfusions (query → got, expected):\n")
            for (example, got) in evaluation.confusions.prefix(confusions) {
                output.write("  [\(example.category)] \(example.query) → \(got), expected \(example.expected.isEmpty ? "none" : example.expected)\n")
            }
        }
        try output.finish()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

extension Substring {
    static func + (lhs: Substring, rhs: String) -> String { String(lhs) + rhs }
}
