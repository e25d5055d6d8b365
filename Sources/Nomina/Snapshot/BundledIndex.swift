import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum BundledIndex {
    /// The hash of everything the bundled index depends on, in 16 hex digits; nil when
    /// the bundled dictionaries are missing from the build. Computed once (a few
    /// milliseconds: the files are hashed, not parsed).
    static let key: String? = {
        guard let folder = GazetteerLoader.bundledDictionaryFolder,
              var files = try? GazetteerLoader.dictionaryFiles(in: [folder]) else { return nil }
        for (name, ext) in [("designators", "tsv"), ("common-words", "txt"), ("japanese-readings", "tsv")] {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext) else { return nil }
            files.append(url.path)
        }
        var checksum = Checksum()
        let stamp = "nomina-bundled-index\u{0}\(SnapshotHeader.formatVersion)\u{0}\(NominaInfo.version)\u{0}"
            + "\(ICUInfo.version)\u{0}\(NameNormalizer.shared.profile.fingerprint)\u{0}\(executableIdentity)\u{0}"
        Array(stamp.utf8).withUnsafeBytes { checksum.add($0) }
        for file in files {
            // The file's name, then its length and bytes.
            let name = (file as NSString).lastPathComponent
            Array("\(name)\u{0}".utf8).withUnsafeBytes { checksum.add($0) }
            // Mapped, not read: reading copied the 16 MB into fresh pages (~15 ms of every
            // run's start-up); mapping shares the page cache's. (A file under 64 bytes is not
            // mapped: `MappedFile` takes it for no index.)
            if let mapped = try? MappedFile(path: file) {
                checksum.add(mapped.length)
                checksum.add(UnsafeRawBufferPointer(start: mapped.base, count: mapped.length))
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else { return nil }
                checksum.add(contents.count)
                contents.withUnsafeBytes { checksum.add($0) }
            }
        }
        let value = checksum.value
        return String(value, radix: 16).leftPadding(to: 16)
    }()

    /// The program that holds this code: its file's device, inode, size and modification
    /// time. A rebuilt program (whose index code may have changed without a new format
    /// version) writes a file of its own instead of mapping one built by its predecessor.
    static let executableIdentity: String = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 || stat(CommandLine.arguments.first ?? "", &status) == 0 else {
            return CommandLine.arguments.first ?? ""
        }
        #if canImport(Darwin)
        let modified = "\(status.st_mtimespec.tv_sec).\(status.st_mtimespec.tv_nsec)"
        #else
        let modified = "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        #endif
        return "\(status.st_dev):\(status.st_ino):\(status.st_size):\(modified)"
    }()

    /// How many other builds' indexes a cache folder keeps (the most recently used).
    static let otherBuildsKept = 3

    /// Removes other builds' bundled indexes and abandoned partial files from `directory`
    /// when they have not been touched for a week, and all but the ``otherBuildsKept``
    /// most recent of the others (another Nomina may still use a recent one; unlinking a
    /// mapped file is safe for whoever maps it, and one that has not mapped it yet builds it).
    static func sweep(_ directory: String, keeping current: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let cutoff = Date().addingTimeInterval(-7 * 24 * 3600)
        var recent: [(path: String, modified: Date)] = []
        for name in names where name.hasPrefix("bundled-") && name != current
            && (name.hasSuffix(".nomina") || name.contains(".nomina.partial-")) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let modified = attributes[.modificationDate] as? Date else { continue }
            if modified < cutoff {
                unlink(path)
            } else if name.hasSuffix(".nomina") {
                recent.append((path, modified))
            }
        }
        for old in recent.sorted(by: { $0.modified > $1.modified }).dropFirst(otherBuildsKept) { unlink(old.path) }
    }

    /// Creates `directory` (and its parents) with mode 0700 when missing; the reason it
    /// cannot be used otherwise, in the system's words ("Not a directory").
    static func prepare(_ directory: String) -> String? {
        var status = stat()
        if stat(directory, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { return "the cache path \(directory) is not a folder" }
        } else {
            // Each missing component in turn, as `mkdir -p` does.
            var path = directory.hasPrefix("/") ? "" : "."
            for component in directory.split(separator: "/") {
                path += "/" + component
                if stat(path, &status) == 0 {
                    if status.st_mode & S_IFMT != S_IFDIR { return "cannot create the cache folder \(directory): \(path) is not a folder" }
                    continue
                }
                if mkdir(path, 0o700) != 0 && errno != EEXIST {
                    return "cannot create the cache folder \(directory): " + String(cString: strerror(errno))
                }
            }
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            return "the cache folder \(directory) is not writable"
        }
        return nil
    }

    /// Why an existing cache folder is not to be trusted: another user than this one
    /// (or root) owns it, or others may write into it, so a file in it could have been put
    /// there to be taken for this build's index.
    static func trustProblem(_ directory: String) -> String? {
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        if status.st_uid != geteuid() && status.st_uid != 0 {
            return "the cache folder \(directory) belongs to another user"
        }
        if status.st_mode & 0o022 != 0 {
            return "the cache folder \(directory) is writable by other users (mode \(String(status.st_mode & 0o777, radix: 8)))"
        }
        return nil
    }

    /// Why the cache folder `directory` cannot be written, if it cannot (without
    /// creating anything).
    static func writeProblem(_ directory: String) -> String? {
        var status = stat()
        var path = directory
        // The folder, or its nearest existing ancestor, must be a writable folder.
        while stat(path, &status) != 0 {
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { return "no part of \(directory) exists" }
            path = parent
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a folder" }
        guard access(path, W_OK | X_OK) == 0 else { return "\(path) is not writable" }
        return nil
    }
}

extension Resolver {
    /// A resolver over the dictionaries bundled with Nomina, mapped from `cache` when an
    /// index of this build is there, and otherwise built and written there for next time.
    ///
    /// The first call of a new Nomina build takes as long as building the index (about
    /// a second and a half); every later call, in this process or another, maps the
    /// cached file in milliseconds. Answers are the same either way. A damaged or
    /// unreadable cached file is rebuilt and replaced (atomically, by renaming); an
    /// unwritable cache folder only means that the index is built each time.
    ///
    /// - Parameters:
    ///   - options: the resolver's options; the cached index serves any options.
    ///   - cache: where the index is kept between runs (``IndexCache/disabled``: nowhere).
    /// - Throws: ``GazetteerError`` when the bundled dictionaries are missing from the
    ///   build or do not load.
    public static func bundled(options: ResolverOptions = ResolverOptions(),
                               cache: IndexCache = .default) throws(GazetteerError) -> Resolver {
        try bundledWithOrigin(options: options, cache: cache).resolver
    }

    /// ``bundled(options:cache:)``, also saying whether the index was mapped or built.
    public static func bundledWithOrigin(options: ResolverOptions = ResolverOptions(), cache: IndexCache = .default)
        throws(GazetteerError) -> (resolver: Resolver, origin: BundledIndexOrigin) {
        guard let directory = cache.directory else {
            return (Resolver(gazetteer: try .bundled(), options: options), .built(reason: "the index cache is off"))
        }
        guard let path = cache.bundledIndexPath else {
            return (Resolver(gazetteer: try .bundled(), options: options), .built(reason: "the bundled dictionaries are missing"))
        }
        if let problem = BundledIndex.trustProblem(directory) {
            return (Resolver(gazetteer: try .bundled(), options: options), .built(reason: problem))
        }
        if let mapped = try? Resolver(index: path, options: options) {
            return (mapped, .mapped(path: path))
        }
        let built = Resolver(gazetteer: try .bundled(), options: options)
        if let problem = BundledIndex.prepare(directory) { return (built, .built(reason: problem)) }
        do {
            try built.writeIndex(to: path)
        } catch {
            return (built, .built(reason: "cannot write \(path): \(error.description)"))
        }
        BundledIndex.sweep(directory, keeping: (path as NSString).lastPathComponent)
        // Use the file just written, as every later run will: the same answers, and the
        // mention automaton comes with it instead of being built a second time.
        if let mapped = try? Resolver(index: path, options: options) {
            return (mapped, .builtAndCached(path: path))
        }
        return (built, .builtAndCached(path: path))
    }
}

extension String {
    fileprivate func leftPadding(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
