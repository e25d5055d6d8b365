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
/// the file's length and section markers, not every entry; with `verify`, it also checks
/// the checksum of the whole file, which catches damage anywhere in it at the cost of
/// reading it all.
extension Resolver {
    /// Writes this resolver's compiled index to `path`, atomically (a temporary file is
    /// renamed into place at the end).
    public func writeIndex(to path: String) throws(SnapshotError) {
        let temporary = path + ".partial-\(getpid())"
        var writer = try SnapshotWriter(path: temporary)
        do {
            try writer.header(SnapshotHeader(profile: index.normalizer.profile.fingerprint))
            try index.gazetteer.write(to: &writer)
            try index.write(to: &writer)
            try MentionAutomaton(index: index, allLanguages: false, commonWords: MentionExtractor.commonWords)
                .write(to: &writer)
            try writer.finish()
        } catch {
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
    /// - Parameter verify: Check the checksum of the whole file first (reads all of it;
    ///   for a file that was copied or stored for long).
    /// - Throws: ``SnapshotError`` when the file cannot be read, is not an index, was
    ///   written by another format, Nomina or ICU version, or with another profile than
    ///   `normalizer`'s, or (with `verify`) does not match its checksum.
    public convenience init(index path: String, options: ResolverOptions = ResolverOptions(),
                            normalizer: NameNormalizer = .shared, verify: Bool = false) throws(SnapshotError) {
        var reader = try SnapshotReader(path: path)
        let header = try reader.header()
        if verify { try reader.verifyChecksum() }
        guard header.profile == normalizer.profile.fingerprint else {
            throw SnapshotError(path: path, reason: .profile(found: header.profile, expected: normalizer.profile.fingerprint))
        }
        let gazetteer = try Gazetteer(reading: &reader)
        let index = try ResolverIndex(reading: &reader, gazetteer: gazetteer, normalizer: normalizer)
        let automaton = try MentionAutomaton(reading: &reader)
        try reader.finish()
        self.init(index: index, options: options, automaton: automaton)
    }
}
