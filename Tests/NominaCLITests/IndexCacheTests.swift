import Foundation
import Testing

/// The bundled index cache (docs/cli.md, "Start-up"): the first run builds the index and
/// writes it; later runs map it and build nothing; a damaged file is rebuilt; a cache that
/// cannot be written only means building each time. `NOMINA_VERBOSE=1` makes the CLI say
/// which of these happened, which is what these tests read.
@Suite("Bundled index cache")
struct IndexCacheTests {
    static let query = ["resolve", "Naka", "Aya-Yaah", "Азербайджан", "Republiken Polen", "Stepanakert"]

    /// A fresh cache folder (not yet created) in a fresh temporary folder.
    static func scratch() throws -> (root: URL, cache: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return (root, root.appendingPathComponent("cache/nested").path)
    }

    static func run(cache: String, _ arguments: [String] = query) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, environment: ["NOMINA_CACHE_DIR": cache, "NOMINA_VERBOSE": "1"])
    }

    static func cachedFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("bundled-") }.sorted()
    }

    @Test("first run builds and caches, later runs map the cached index, answers are the same")
    func buildThenMap() throws {
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.run(cache: cache)
        #expect(first.status == 0)
        #expect(first.stderr.contains("bundled index built and cached at \(cache)/bundled-"), "\(first.stderr)")
        let files = Self.cachedFiles(cache)
        #expect(files.count == 1 && files[0].hasSuffix(".nomina"), "\(files)")
        // The folder is private to the user.
        let mode = try FileManager.default.attributesOfItem(atPath: cache)[.posixPermissions] as? Int
        #expect(mode == 0o700)

        for _ in 0..<2 {
            let later = try Self.run(cache: cache)
            #expect(later.status == 0)
            #expect(later.stderr.contains("bundled index mapped from \(cache)/\(files[0])"), "\(later.stderr)")
            #expect(!later.stderr.contains("built"))
            #expect(later.stdout == first.stdout)
        }
        // Built without any cache: the same answers.
        let uncached = try Self.run(cache: "off")
        #expect(uncached.stderr.contains("not cached: the index cache is off"), "\(uncached.stderr)")
        #expect(uncached.stdout == first.stdout)
        // normalize maps it too, and `nomina cache` reports it ready.
        let text = Data("Fighting in Naka and Aya-Yaah.\n".utf8)
        let normalized = try CLIRunner.run(["normalize"], stdin: text, environment: ["NOMINA_CACHE_DIR": cache, "NOMINA_VERBOSE": "1"])
        #expect(normalized.status == 0 && normalized.stderr.contains("bundled index mapped"), "\(normalized.stderr)")
        let status = try CLIRunner.run(["cache"], environment: ["NOMINA_CACHE_DIR": cache])
        #expect(status.output.contains("status: ready"), "\(status.output)")
    }

    /// A file at the cache path that is not a usable index of this build.
    static let damages: [(name: String, damage: @Sendable (String) throws -> Void)] = [
        ("garbage", { path in try Data("not an index at all\n".utf8).write(to: URL(fileURLWithPath: path)) }),
        ("empty", { path in try Data().write(to: URL(fileURLWithPath: path)) }),
        ("truncated", { path in
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 4096)
            try handle.close()
        }),
        ("another format version", { path in
            // The format version follows the 16 bytes of length and count and the
            // 8-byte signature.
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 24)
            try handle.write(contentsOf: Data([0xEE]))
            try handle.close()
        }),
        ("a folder", { path in
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }),
    ]

    @Test("a damaged or stale cached index is rebuilt and replaced", arguments: damages.indices)
    func damagedIsRebuilt(_ which: Int) throws {
        let (name, damage) = Self.damages[which]
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.run(cache: cache)
        let file = "\(cache)/\(Self.cachedFiles(cache)[0])"
        try damage(file)
        let again = try Self.run(cache: cache)
        #expect(again.stdout == first.stdout, "\(name)")
        if name == "a folder" {
            // A folder cannot be renamed over: built, not cached, and said so.
            #expect(again.status == 0 && again.stderr.contains("not cached: cannot write"), "\(name): \(again.stderr)")
        } else {
            #expect(again.status == 0 && again.stderr.contains("built and cached"), "\(name): \(again.stderr)")
            let third = try Self.run(cache: cache)
            #expect(third.stderr.contains("mapped from"), "\(name): \(third.stderr)")
            #expect(third.stdout == first.stdout)
        }
    }

    @Test("a cache folder that cannot be made or written falls back to building, with exit 0")
    func unwritable() throws {
        let (root, _) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let reference = try Self.run(cache: "off")
        for cache in [file.path + "/under-a-file", file.path, "/proc/nomina-cannot-be-here"] {
            let result = try Self.run(cache: cache)
            #expect(result.status == 0, "\(cache): \(result.stderr)")
            #expect(result.stderr.contains("not cached: "), "\(cache): \(result.stderr)")
            #expect(result.stdout == reference.stdout, "\(cache)")
        }
        let build = try CLIRunner.run(["cache", "--build"], environment: ["NOMINA_CACHE_DIR": file.path])
        #expect(build.status == 1 && build.stderr.contains("not cached"), "\(build.stderr)")
    }

    @Test("cache --build makes the index, --clear removes it")
    func buildAndClear() throws {
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try CLIRunner.run(["cache", "--build"], environment: ["NOMINA_CACHE_DIR": cache])
        #expect(built.status == 0 && built.output.contains("status: ready"), "\(built.output)\(built.stderr)")
        #expect(Self.cachedFiles(cache).count == 1)
        #expect(try Self.run(cache: cache).stderr.contains("mapped from"))
        let cleared = try CLIRunner.run(["cache", "--clear"], environment: ["NOMINA_CACHE_DIR": cache])
        #expect(cleared.status == 0 && cleared.output.contains("removed 1 cached index file(s)"), "\(cleared.output)")
        #expect(Self.cachedFiles(cache).isEmpty)
        let status = try CLIRunner.run(["cache"], environment: ["NOMINA_CACHE_DIR": cache])
        #expect(status.output.contains("status: not built yet"))
    }

    @Test("a cache folder that others may write is not used")
    func untrustedFolder() throws {
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        chmod(cache, 0o777)
        let result = try Self.run(cache: cache)
        #expect(result.status == 0 && result.stderr.contains("writable by other users"), "\(result.stderr)")
        #expect(Self.cachedFiles(cache).isEmpty)
    }

    @Test("the sweep removes only index files of other builds")
    func sweepKeepsOtherFiles() throws {
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let old = Date().addingTimeInterval(-30 * 24 * 3600)
        for name in ["bundled-report.txt", "bundled-0000000000000000.nomina", "bundled-0000000000000000.nomina.partial-1"] {
            let path = cache + "/" + name
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        #expect(try Self.run(cache: cache).stderr.contains("built and cached"))
        let left = Self.cachedFiles(cache)
        #expect(left.contains("bundled-report.txt"))
        #expect(!left.contains("bundled-0000000000000000.nomina") && !left.contains("bundled-0000000000000000.nomina.partial-1"), "\(left)")
    }

    /// `BundledIndex.otherBuildsKept` (the CLI tests see the binary, not the library).
    static let otherBuildsKept = 3

    @Test("the sweep keeps only the most recent few indexes of other builds")
    func sweepKeepsRecentFew() throws {
        let (root, cache) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        // Five other builds' indexes, used an hour apart: the newest three stay.
        let names = (1...5).map { "bundled-000000000000000\($0).nomina" }
        for (age, name) in names.enumerated() {
            let path = cache + "/" + name
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-Double(age + 1) * 3600)],
                                                  ofItemAtPath: path)
        }
        #expect(try Self.run(cache: cache).stderr.contains("built and cached"))
        let left = Self.cachedFiles(cache)
        #expect(Set(names.prefix(Self.otherBuildsKept)).isSubset(of: Set(left)), "\(left)")
        #expect(left.filter { names.contains($0) }.count == Self.otherBuildsKept, "\(left)")
    }
}
