import ArgumentParser
import Foundation
import Nomina

@main
struct NominaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nomina",
        abstract: "Resolve inconsistent names of places, countries, organisations and people.",
        discussion: "Nomina \(NominaVersion.string), ICU \(ICUInfo.version) (Unicode \(ICUInfo.unicodeVersion)).",
        version: NominaVersion.string,
        subcommands: [KeyCommand.self, ResolveCommand.self, NormalizeCommand.self, CompileCommand.self, EvaluateCommand.self, ValidateCommand.self, ExportCommand.self, GenerateCommand.self, CacheCommand.self, ProbeIndexCommand.self]
    )

    /// Runs the command; unusable arguments exit with status 2 (not ArgumentParser's 64),
    /// as documented for `nomina validate`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            reportICUProblems()
        } catch {
            reportICUProblems()
            let code = exitCode(for: error)
            if code == .validationFailure {
                var errors = OutputStream.standardError
                errors.write(fullMessage(for: error) + "\n")
                errors.flush()
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// ICU objects that did not open during the run: the results are degraded (names of
/// some scripts folded without their transform), so say so, once each.
func reportICUProblems() {
    let problems = NameNormalizer.icuProblems
    guard !problems.isEmpty else { return }
    var errors = OutputStream.standardError
    for problem in problems {
        errors.write("nomina: warning: \(problem); names that need it were folded without it (is the system ICU complete? `libicu-dev` on Debian)\n")
    }
    errors.flush()
}

enum NominaVersion {
    static let string = NominaInfo.version
}

/// The dictionary options shared by every command that loads a gazetteer.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("dictionary"), help: ArgumentHelp("A dictionary file or folder to load (repeatable).", valueName: "path"))
    var dictionaries: [String] = []

    @Flag(name: .customLong("no-bundled"), help: "Do not load the dictionaries bundled with Nomina.")
    var noBundled = false

    func load() throws -> Gazetteer {
        do {
            return try Gazetteer.load(paths: dictionaries, includeBundled: !noBundled)
        } catch {
            var errors = OutputStream.standardError
            for diagnostic in error.diagnostics.prefix(20) { errors.write(diagnostic.description + "\n") }
            if error.diagnostics.count > 20 { errors.write("… and \(error.diagnostics.count - 20) more\n") }
            errors.flush()
            throw CLIError("the dictionaries have \(error.diagnostics.count) error(s); run `nomina validate` on them for the full report")
        }
    }
}

/// Where a command's resolver comes from: dictionaries (built at start-up), or a compiled
/// index (`nomina compile`), memory-mapped.
struct ResolverSource: ParsableArguments {
    @OptionGroup var dictionaries: DictionaryOptions

    @Option(name: .customLong("index"), help: ArgumentHelp(
        "A compiled index (`nomina compile`) to use instead of --dictionary: ready at once, however large.",
        valueName: "file"))
    var index: String?

    @Flag(name: .customLong("verify-index"), help: "Check the index file's checksum before using it (reads the whole file).")
    var verifyIndex = false

    func validate() throws {
        if index != nil && (!dictionaries.dictionaries.isEmpty || dictionaries.noBundled) {
            throw ValidationError("--index already holds its dictionaries; give --index or --dictionary/--no-bundled, not both")
        }
        if verifyIndex && index == nil { throw ValidationError("--verify-index needs --index") }
    }

    func resolver(options: ResolverOptions) throws -> Resolver {
        guard let index else {
            if dictionaries.dictionaries.isEmpty && !dictionaries.noBundled {
                return try Self.bundledResolver(options: options)
            }
            return Resolver(gazetteer: try dictionaries.load(), options: options)
        }
        MappedIndexGuard.install(path: index)
        do {
            return try Resolver(index: index, options: options, verify: verifyIndex)
        } catch {
            throw CLIError(error.description)
        }
    }
}

extension ResolverSource {
    /// The bundled dictionaries' resolver, mapped from the index cache when this build's
    /// index is there (docs/cli.md, "Start-up"); `NOMINA_VERBOSE=1` says which on stderr.
    static func bundledResolver(options: ResolverOptions) throws -> Resolver {
        let started = DispatchTime.now().uptimeNanoseconds
        let (resolver, origin): (Resolver, BundledIndexOrigin)
        do {
            (resolver, origin) = try Resolver.bundledWithOrigin(options: options)
        } catch {
            throw CLIError(error.diagnostics.first?.description ?? "the bundled dictionaries do not load")
        }
        switch origin {
        case .mapped(let path), .builtAndCached(let path): MappedIndexGuard.install(path: path)
        case .built: break
        }
        if let verbose = ProcessInfo.processInfo.environment["NOMINA_VERBOSE"], !verbose.isEmpty, verbose != "0" {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let took = String(format: "%.3f s", seconds)
            var errors = OutputStream.standardError
            switch origin {
            case .mapped(let path): errors.write("nomina: bundled index mapped from \(path) in \(took)\n")
            case .builtAndCached(let path): errors.write("nomina: bundled index built and cached at \(path) in \(took)\n")
            case .built(let reason): errors.write("nomina: bundled index built in \(took), not cached: \(reason)\n")
            }
            errors.flush()
        }
        return resolver
    }
}

/// A mapped index that shrinks while in use (truncated, or overwritten in place by `cp`)
/// raises SIGBUS at the next read of a page past its new end: the CLI then says so in one
/// sentence and exits with status 1, instead of dying of the signal. (Renaming a new file
/// over the index, as `nomina compile` does, leaves the mapped one intact.)
enum MappedIndexGuard {
    /// The message, made before the handler is installed: a handler may only call
    /// async-signal-safe functions (`write`, `_exit`), not build a string.
    nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var length = 0

    static func install(path: String) {
        let text = "nomina: \(path): the index file shrank or changed while in use (SIGBUS); "
            + "replace a compiled index by renaming a new file over it, never by writing into it\n"
        message = strdup(text)
        length = text.utf8.count
        signal(SIGBUS) { _ in MappedIndexGuard.reportIfInstalled() }
    }

    /// Writes the message and exits with status 1, when a mapped index is guarded; else
    /// returns (async-signal-safe: `write` and `_exit` only). `TemporaryFiles`' handler,
    /// which replaces this one while `-o` has a temporary file, calls it after unlinking.
    static func reportIfInstalled() {
        guard let message = MappedIndexGuard.message else { return }
        _ = write(2, message, MappedIndexGuard.length)
        _exit(1)
    }
}

/// An error the CLI reports as one sentence, exiting with status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
