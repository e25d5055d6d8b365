import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the ready index of the bundled dictionaries is kept between runs.
///
/// Building the index of the bundled dictionaries takes about a second and a half; mapping
/// a compiled one takes a few milliseconds. So the first resolver over the bundled
/// dictionaries (``Resolver/bundled(options:cache:)``) writes its compiled index to a
/// cache folder, and later ones map it. The file's name is a hash of everything the index
/// depends on (the bundled dictionaries, designator and common-word lists, the index
/// format, the Nomina and ICU versions and the normalisation profile), so a file of
/// another build is never taken for this one's: a new version writes a new file.
///
/// The folder is, in order: `NOMINA_CACHE_DIR` when set (an empty value or `off`
/// disables the cache), `$XDG_CACHE_HOME/nomina`, `$HOME/.cache/nomina`. When it cannot be
/// created or written, the index is built in memory as before, and nothing fails.
public struct IndexCache: Sendable, Equatable {
    /// The folder, or nil when caching is off.
    public let directory: String?

    /// A cache in `directory` (created with mode 0700 when missing), or none.
    public init(directory: String?) {
        self.directory = directory.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// No cache: every resolver over the bundled dictionaries is built.
    public static let disabled = IndexCache(directory: nil)

    /// The cache folder named by the environment (see the type's description).
    public static var `default`: IndexCache { IndexCache(environment: ProcessInfo.processInfo.environment) }

    /// The cache folder that `environment` names.
    public init(environment: [String: String]) {
        if let explicit = environment["NOMINA_CACHE_DIR"] {
            self.init(directory: explicit.lowercased() == "off" ? nil : explicit)
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            self.init(directory: (xdg as NSString).appendingPathComponent("nomina"))
        } else if let home = environment["HOME"], !home.isEmpty {
            self.init(directory: (home as NSString).appendingPathComponent(".cache/nomina"))
        } else {
            self.init(directory: nil)
        }
    }

    /// Why the cache folder `directory` cannot be created or written, if it cannot
    /// (nothing is created to find out).
    public static func writeProblem(_ directory: String) -> String? { BundledIndex.writeProblem(directory) }

    /// Why the existing cache folder `directory` is not trusted, if it is not: it belongs
    /// to another user, or others may write into it. Its index is then neither read nor
    /// written.
    public static func trustProblem(_ directory: String) -> String? { BundledIndex.trustProblem(directory) }

    /// The path of the bundled index of this build in this cache, or nil when caching is
    /// off or the bundled dictionaries are missing from the build.
    public var bundledIndexPath: String? {
        guard let directory, let key = BundledIndex.key else { return nil }
        return (directory as NSString).appendingPathComponent("bundled-\(key).nomina")
    }
}

/// How a resolver over the bundled dictionaries came to be (``Resolver/bundledWithOrigin(options:cache:)``).
public enum BundledIndexOrigin: Sendable, Equatable {
    /// Mapped from the cache: nothing was built.
    case mapped(path: String)
    /// Built, then written to the cache (and mapped from there).
    case builtAndCached(path: String)
    /// Built in memory only; `reason` says why the cache was not used (caching is off,
    /// the folder cannot be written, …).
    case built(reason: String)
}
