/// What a snapshot records of how it was made; all of it must match to use it.
struct SnapshotHeader: Equatable {
    static let signature: [UInt8] = Array("NOMINAIX".utf8)
    /// The layout version: bump it whenever any structure's serialised form changes.
    /// 3: a checksum in front of every array; byte-key lists store their counts negated.
    /// 4: the normalised designator phrases.
    /// 5: compact: sorted front-coded key tables with varint values, no deletion index,
    ///    8-byte trie nodes with keys numbered by rank, no folded keys in the entries.
    /// 6: joined pinyin of Han names as entries of their own (the `romanized` flag).
    /// 7: population, since and until of entities; curated-before-bulk prominence.
    /// 8: the mention automaton leaves out Cyrillic names of smaller non-Slavic languages,
    ///    and names of more than 16 words.
    /// 9: the demonym table (demonyms' keys → entities).
    /// 10: words keys without a conjunction between two words; names in Tibetan, Khmer,
    ///     Lao, Sinhala and Cherokee keyed by Nomina's romanisation (pipeline v4).
    /// 11: the pinyin of every Han character of the names and ICU's context-sensitive Han
    ///     characters; the mention automaton's Bloom filters of the words
    ///     in small letters that names start with.
    static let formatVersion = 14
    static let checksumStart = SnapshotLayout.checksumStart

    var formatVersion = SnapshotHeader.formatVersion
    var nominaVersion = NominaInfo.version
    var icuVersion = ICUInfo.version
    var profile: String
    /// Whether the automaton stored is the one for ``ExtractorOptions/allLanguages``.
    var automatonAllLanguages = false
}

extension SnapshotWriter {
    /// Writes the header at the start (the total length is patched in by `finish`).
    mutating func header(_ header: SnapshotHeader) throws(SnapshotError) {
        // The signature as every version wrote it (count, element size, bytes), so that
        // the format version is at byte 24 in every version.
        try word(SnapshotHeader.signature.count)
        try word(1)
        try word(SnapshotHeader.signature.withUnsafeBytes { Int(bitPattern: UInt($0.loadUnaligned(as: UInt64.self))) })
        try word(header.formatVersion)
        try word(0)  // total length, patched by `finish`
        try word(0)  // checksum, patched by `finish`
        try string(header.nominaVersion)
        try string(header.icuVersion)
        try string(header.profile)
        try integer(header.automatonAllLanguages ? 1 : 0)
    }
}

extension SnapshotReader {
    /// A string of the header, and whether its checksums match: a version is compared
    /// before its checksum, so that another version says so rather than "damaged".
    mutating func headerString() throws(SnapshotError) -> (text: String, intact: Bool) {
        let (bytes, intact) = try uncheckedArray(of: UInt8.self)
        return (String(decoding: bytes.buffer, as: UTF8.self), intact)
    }

    /// Reads and checks the header: signature, format, Nomina and ICU versions, length.
    mutating func header() throws(SnapshotError) -> SnapshotHeader {
        // The signature is written as an array: its count (8), element size (1), bytes.
        let signature = UnsafeRawBufferPointer(start: file.base + 16, count: 8)
        guard file.base.loadUnaligned(as: UInt64.self) == 8, signature.elementsEqual(SnapshotHeader.signature) else {
            throw SnapshotError(path: path, reason: .notAnIndex)
        }
        offset = 24
        let format = try word()
        guard format == SnapshotHeader.formatVersion else {
            throw SnapshotError(path: path, reason: .formatVersion(found: format, expected: SnapshotHeader.formatVersion))
        }
        let length = try word()
        guard length == file.length else {
            throw corrupt(length == 0 ? "never finished writing" : "\(file.length) bytes where the header says \(length)")
        }
        storedChecksum = UInt64(bitPattern: Int64(try word()))
        var header = SnapshotHeader(profile: "")
        let nomina = try headerString()
        header.nominaVersion = nomina.text
        guard header.nominaVersion == NominaInfo.version else {
            throw SnapshotError(path: path, reason: .nominaVersion(found: header.nominaVersion, expected: NominaInfo.version))
        }
        guard nomina.intact else { throw checksumMismatch(at: lastArrayStart) }
        let icu = try headerString()
        header.icuVersion = icu.text
        guard header.icuVersion == ICUInfo.version else {
            throw SnapshotError(path: path, reason: .icuVersion(found: header.icuVersion, expected: ICUInfo.version))
        }
        guard icu.intact else { throw checksumMismatch(at: lastArrayStart) }
        header.profile = try string()
        header.automatonAllLanguages = try integer() != 0
        return header
    }
}

/// Nomina's version, recorded in compiled indexes.
public enum NominaInfo {
    /// The version of this Nomina, e.g. `"0.1.0"`; an index written by another is refused.
    public static let version = "0.1.0"
}
