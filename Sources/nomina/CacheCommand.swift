import ArgumentParser
import Dispatch
import Foundation
import Nomina

/// `nomina cache`: where the ready index of the bundled dictionaries is kept, and whether
/// this build's is there; `--build` makes it now, `--clear` removes the cached indexes.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show, build or clear the cached index of the bundled dictionaries.",
        discussion: """
            The first command that uses the bundled dictionaries writes their compiled index to \
            the cache folder; later ones map it, ready in milliseconds. The folder is \
            $NOMINA_CACHE_DIR (empty or "off" disables the cache), else $XDG_CACHE_HOME/nomina, \
            else ~/.cache/nomina. See docs/cli.md.
            """)

    @Flag(help: "Build this build's index now, if it is not cached yet (e.g. in a container image).")
    var build = false

    @Flag(help: "Remove every cached bundled index from the cache folder.")
    var clear = false

    func validate() throws {
        if build && clear { throw ValidationError("give --build or --clear, not both") }
    }

    func run() throws {
        let cache = IndexCache.default
        guard let directory = cache.directory else {
            print("cache: off (NOMINA_CACHE_DIR is empty or \"off\", or there is no home folder); the bundled index is built at each run")
            if build { throw CLIError("the index cache is off, so there is nowhere to build it") }
            return
        }
        guard let path = cache.bundledIndexPath else {
            throw CLIError("the bundled dictionaries are missing from this build (resource bundle Nomina_Nomina)")
        }
        if clear {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            var removed = 0
            for name in names where name.hasPrefix("bundled-") && (name.hasSuffix(".nomina") || name.contains(".partial-")) {
                if unlink((directory as NSString).appendingPathComponent(name)) == 0 { removed += 1 }
            }
            print("removed \(removed) cached index file(s) from \(directory)")
            return
        }
        if build {
            let started = DispatchTime.now().uptimeNanoseconds
            let origin: BundledIndexOrigin
            do {
                origin = try Resolver.bundledWithOrigin(options: ResolverOptions(), cache: cache).origin
            } catch {
                throw CLIError(error.diagnostics.first?.description ?? "the bundled dictionaries do not load")
            }
            let took = String(format: "%.1f s", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            switch origin {
            case .built(let reason): throw CLIError("the index was built but not cached: \(reason)")
            case .builtAndCached: print("built and cached in \(took)")
            case .mapped: print("already cached; nothing to build")
            }
        }
        print("folder: \(directory)")
        print("index:  \(path)")
        if let problem = IndexCache.trustProblem(directory) {
            print("status: not used: \(problem); every command builds the index in memory (about 1.5 s)")
        } else if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let size = attributes[.size] as? Int {
            if (try? Resolver(index: path)) != nil {
                print("status: ready (\(size / 1_000_000) MB); commands that use the bundled dictionaries map it")
            } else {
                print("status: damaged or unreadable; the next command that uses the bundled dictionaries replaces it")
            }
        } else if let problem = IndexCache.writeProblem(directory) {
            print("status: not built, and it cannot be: \(problem); every command builds the index in memory (about 1.5 s)")
        } else {
            print("status: not built yet; the next command that uses the bundled dictionaries builds it (or run `nomina cache --build`)")
        }
    }
}
