import ArgumentParser
import Foundation
import Nomina

/// `nomina generate countries`: rebuild the generated country dictionary.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Rebuild generated dictionaries from ICU's CLDR data and curated facts.",
        subcommands: [Countries.self]
    )

    struct Countries: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the multilingual countries and territories dictionary (bulk TSV).")

        @Option(help: ArgumentHelp("The curated country facts.", valueName: "file"))
        var curation = "Curation/countries.yaml"

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write; - for standard output.", valueName: "file"))
        var output = "Dictionaries/countries.tsv"

        func run() throws {
            let generated: CountryDictionaryGenerator.Output
            do {
                generated = try CountryDictionaryGenerator(curationFile: curation).generate()
            } catch {
                var errors = OutputStream.standardError
                for diagnostic in error.diagnostics { errors.write(diagnostic.description + "\n") }
                errors.flush()
                throw CLIError("\(curation) has \(error.diagnostics.count) error(s); fix them and run again")
            }
            if output == "-" {
                var out = OutputStream.standardOutput
                out.write(generated.text)
                out.flush()
            } else {
                // Write beside the target and rename, so a failed run never leaves half a file.
                let temporary = output + ".tmp-\(getpid())"
                guard FileManager.default.createFile(atPath: temporary, contents: Data(generated.text.utf8)) else {
                    throw CLIError("cannot write \(temporary); check that its folder exists and is writable")
                }
                if rename(temporary, output) != 0 {
                    unlink(temporary)
                    throw CLIError("cannot replace \(output); check that its folder is writable")
                }
                var errors = OutputStream.standardError
                errors.write("wrote \(output): \(generated.entityCount) entities, \(generated.aliasCount) aliases (ICU \(ICUInfo.version))\n")
                errors.flush()
            }
        }
    }
}
