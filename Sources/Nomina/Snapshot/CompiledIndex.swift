import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compiled indexes: a resolver's gazetteer, index and mention automaton written to one
/// file that later runs map into memory and use in place, so that a gazetteer of a million
/// names is ready in milliseconds instead of the minute its build takes.
///
/// ```swift
/// let resolver = Resolver(gazetteer: try .load(paths: ["geonames.tsv"], includeBundled: true))
/// try resolver.writeIndex(to: "geonames.nomina")          // once (`nomina compile`)
///
/// let fast = try Resolver(index: "geonames.nomina")        // every later run
/// let extractor = MentionExtractor(resolver: fast)
/// ```
///
/// The file records its format version, the Nomina and ICU versions that wrote it and the
/// normalisation profile; loading it with any of them different throws ``SnapshotError``
/// (keys depend on all of them), asking for the file to be compiled again. Loading checks
/// the file's length, section markers and structure (every offset, index and run a lookup
/// follows lies inside what it points into), and the checksums of every array's size and
/// of the contents of the small ones; with `verify`, it also checks the checksum of the
/// whole file, which catches damage anywhere in it at the cost of reading it all. A
/// damaged file is refused, or at worst gives wrong answers; it never crashes or hangs
/// the process (docs/compiled-index.md).
extension Resolver {
    /// Writes this resolver's compiled index to `path`, atomically (a temporary file is
    /// renamed into place at the end).
    public func writeIndex(to path: String) throws(SnapshotError) {
        let temporary = path + ".partial-\(getpid())"
        var writer = try SnapshotWriter(path: temporary)
        // The mention automaton is built on another core while the entities and the
        // resolver's tables are written (2–3 s of a 21 s GeoNames compile; the peak stays
        // under 1 GB since the tables became compact).
        let building = AutomatonBuild(index: index)
        do {
            try writer.header(SnapshotHeader(profile: index.normalizer.profile.fingerprint))
            try index.gazetteer.write(to: &writer)
            try index.write(to: &writer)
            try building.wait().write(to: &writer)
            try writer.finish()
        } catch {
            _ = building.wait()
            writer.abandon()
            unlink(temporary)
            throw SnapshotError(path: path, reason: error.reason)
        }
        guard rename(temporary, path) == 0 else {
            let message = MappedFile.errorText()
            unlink(temporary)
            throw SnapshotError(path: path, reason: .io(message))
        }
    }

    /// A resolver over the compiled index at `path` (``writeIndex(to:)``, `nomina compile`),
    /// memory-mapped: nothing is built, and pages are read as lookups touch them.
    ///
    /// - Parameters:
    ///   - path: the compiled index, written by ``writeIndex(to:)`` or `nomina compile`.
    ///   - options: the resolver's options; they are not part of the index, so any may be given.
    ///   - normalizer: the normaliser for queries; its profile must be the one the index was
    ///     compiled with.
    ///   - verify: check the checksum of the whole file first (reads all of it; for a file
    ///     that was copied or stored for long).
    /// - Throws: ``SnapshotError`` when the file cannot be read, is not a regular file or
    ///   not an index, was written by another format, Nomina or ICU version, or with
    ///   another profile than `normalizer`'s, is damaged where the checks at open see it,
    ///   or (with `verify`) does not match its checksum.
    public convenience init(index path: String, options: ResolverOptions = ResolverOptions(),
                            normalizer: NameNormalizer = .shared, verify: Bool = false) throws(SnapshotError) {
        try self.init(index: path, options: options, normalizer: normalizer, checks: verify ? .full : .standard)
    }

    /// A resolver over the compiled index at `path`, checked as `checks` says.
    @_spi(Testing)
    public convenience init(index path: String, options: ResolverOptions = ResolverOptions(),
                            normalizer: NameNormalizer = .shared, checks: IndexChecks) throws(SnapshotError) {
        var reader = try SnapshotReader(path: path, checks: checks)
        let (index, automaton) = try Self.read(&reader, normalizer: normalizer)
        self.init(index: index, options: options, extras: automaton)
    }

    /// Where the arrays of the compiled index at `path` lie (from their count field to the
    /// end of their bytes), with the section each is in: tests aim damage at them.
    @_spi(Testing)
    public static func indexLayout(_ path: String) throws(SnapshotError) -> [(section: String, range: Range<Int>)] {
        var reader = try SnapshotReader(path: path, recordLayout: true)
        _ = try read(&reader, normalizer: .shared)
        return reader.layout ?? []
    }

    private static func read(_ reader: inout SnapshotReader, normalizer: NameNormalizer)
        throws(SnapshotError) -> (ResolverIndex, MentionAutomaton) {
        let header = try reader.header()
        if reader.checks == .full { try reader.verifyChecksum() }
        guard header.profile == normalizer.profile.fingerprint else {
            throw SnapshotError(path: reader.path, reason: .profile(found: header.profile, expected: normalizer.profile.fingerprint))
        }
        let gazetteer = try Gazetteer(reading: &reader)
        let index = try ResolverIndex(reading: &reader, gazetteer: gazetteer, normalizer: normalizer)
        let automaton = try MentionAutomaton(reading: &reader, entityCount: gazetteer.entities.count)
        try reader.finish()
        return (index, automaton)
    }
}

/// A mention automaton built on a thread of its own; ``wait()`` gives it when done.
/// (A condition variable, not a semaphore: ThreadSanitizer sees its ordering.)
private final class AutomatonBuild: @unchecked Sendable {
    private let condition = NSCondition()
    // Set once, under the condition's lock.
    private var automaton: MentionAutomaton?

    init(index: ResolverIndex) {
        Thread.detachNewThread { [self] in
            let built = MentionAutomaton(index: index, allLanguages: false, commonWords: MentionExtractor.commonWords)
            condition.lock()
            automaton = built
            condition.signal()
            condition.unlock()
        }
    }

    func wait() -> MentionAutomaton {
        condition.lock()
        defer { condition.unlock() }
        while automaton == nil { condition.wait() }
        return automaton!
    }
}
