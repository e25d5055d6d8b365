import ArgumentParser
import Nomina

/// `nomina validate`: check dictionary files, for curators and their CI.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check dictionary files and folders, reporting every problem with its file, line and column.",
        discussion: """
            The files are checked against the dictionaries bundled with Nomina, as they are \
            loaded by default: ids may refer to bundled entities (parent: AZE, extend: GEO), and \
            only problems in the files given are reported. Use --no-bundled for files that are \
            loaded without them.

            Exit status: 0 when there are no errors (and, with --strict, no warnings); 1 when there \
            are; 2 when the arguments are unusable. --format github prints GitHub Actions annotations.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @Option(help: "Output format: text, json or github.")
    var format: Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(name: .customLong("no-bundled"),
          help: "Check the files on their own, not against the bundled dictionaries (for files loaded with --no-bundled).")
    var noBundled = false

    @Argument(help: ArgumentHelp("Dictionary files or folders.", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one dictionary file or folder to validate, such as `nomina validate Dictionaries`") }
    }

    func run() throws {
        let report = DictionaryValidator.validate(paths: paths, includeBundled: !noBundled)
        if report.files.isEmpty, let problem = report.diagnostics.first, problem.kind == .unreadable {
            throw ValidationError(problem.message)
        }
        var output = OutputStream.standardOutput
        switch format {
        case .text:
            for diagnostic in report.diagnostics { output.write(diagnostic.description + "\n") }
            output.write(summary(report) + "\n")
        case .github:
            for diagnostic in report.diagnostics {
                let command = diagnostic.severity == .error ? "error" : "warning"
                let location = diagnostic.location
                output.write("::\(command) file=\(Self.property(location.file)),line=\(location.line),col=\(location.column),title=\(Self.property(diagnostic.kind.rawValue))::\(Self.data(diagnostic.message))\n")
            }
            output.write(summary(report) + "\n")
        case .json:
            var object = JSONObject()
            object.add("files", raw: "[" + report.files.map(JSONObject.quote).joined(separator: ",") + "]")
            object.add("entities", raw: String(report.entityCount))
            object.add("aliases", raw: String(report.aliasCount))
            object.add("errors", raw: String(report.errorCount))
            object.add("warnings", raw: String(report.warningCount))
            object.add("diagnostics", raw: "[" + report.diagnostics.map { diagnostic in
                var item = JSONObject()
                item.add("severity", string: diagnostic.severity.rawValue)
                item.add("kind", string: diagnostic.kind.rawValue)
                item.add("file", string: diagnostic.location.file)
                item.add("line", raw: String(diagnostic.location.line))
                item.add("column", raw: String(diagnostic.location.column))
                item.add("message", string: diagnostic.message)
                return item.text
            }.joined(separator: ",") + "]")
            output.write(object.text + "\n")
        }
        try output.finish()
        if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
    }

    private func summary(_ report: ValidationReport) -> String {
        "\(report.files.count) file(s), \(report.entityCount) entities, \(report.aliasCount) aliases: "
            + "\(report.errorCount) error(s), \(report.warningCount) warning(s)"
    }

    /// GitHub workflow command escaping: data escapes % CR LF; properties also : and ,.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
