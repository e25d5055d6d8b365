import ArgumentParser
import Dispatch
import Foundation
import Nomina

/// `nomina compile`: build the index of a dictionary set once and write it to a file that
/// `--index` maps at start-up.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile dictionaries into an index file that normalize, resolve and evaluate load at once (--index).",
        discussion: """
            The index holds the entities, every lookup table of the resolver and the mention \
            automaton. `nomina normalize --index FILE` maps it into memory instead of building \
            them, so start-up takes milliseconds however large the dictionaries. The file records \
            the Nomina and ICU versions and the normalisation profile; a Nomina that differs in \
            any of them refuses it, and it must be compiled again. The file is written to a \
            temporary name and renamed into place at the end.
            """
    )

    @Flag(name: .customLong("no-bundled"), help: "Do not include the dictionaries bundled with Nomina.")
    var noBundled = false

    @Option(name: .shortAndLong, help: ArgumentHelp("The index file to write.", valueName: "path"))
    var output: String

    @Argument(help: ArgumentHelp("Dictionary files or folders to compile (with the bundled ones unless --no-bundled).",
                                 valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if noBundled && paths.isEmpty {
            throw ValidationError("nothing to compile: give dictionary paths, or drop --no-bundled")
        }
    }

    func run() throws {
        let started = DispatchTime.now()
        // Checked before the work: a device or FIFO is refused, a link followed, a mode kept.
        let file = try ReplacedFile(output, command: "compile")
        let output = file.target
        let gazetteer = try DictionaryOptions.make(paths: paths, noBundled: noBundled).load()
        let resolver = Resolver(gazetteer: gazetteer)
        // The library writes `OUTPUT.partial-PID` and renames it: a signal must not leave it.
        let partial = output + ".partial-\(getpid())"
        TemporaryFiles.register(partial)
        defer { TemporaryFiles.unregister(partial) }
        do {
            try resolver.writeIndex(to: output)
        } catch {
            throw CLIError(error.description)
        }
        file.keepMode()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        var errors = OutputStream.standardError
        errors.write("nomina: compiled \(gazetteer.entities.count) entities, \(resolver.indexStatistics.names) names into "
                     + "\(output) (\(bytes / 1_000_000) MB) in \(formatScore(seconds).dropLast(1)) s\n")
        errors.flush()
    }
}
