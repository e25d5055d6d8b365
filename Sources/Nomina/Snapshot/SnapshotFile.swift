#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a compiled index could not be written or used.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The file could not be opened, read, mapped or written (errno's text).
        case io(String)
        /// The file does not start with the Nomina index signature.
        case notAnIndex
        /// Written in another layout version of the format.
        case formatVersion(found: Int, expected: Int)
        /// Written by another version of Nomina, whose derived names or word lists may differ.
        case nominaVersion(found: String, expected: String)
        /// Written with another ICU, whose transliterations (hence keys) may differ.
        case icuVersion(found: String, expected: String)
        /// Written with another normalisation profile than the one asked for.
        case profile(found: String, expected: String)
        /// Shorter or longer than its header says, or a structure does not fit.
        case corrupt(String)
    }

    public let path: String
    public let reason: Reason

    public var description: String {
        let rebuild = "; rebuild it with `nomina compile`"
        switch reason {
        case .io(let message): return "\(path): \(message)"
        case .notAnIndex: return "\(path): not a compiled Nomina index (no signature); make one with `nomina compile`"
        case .formatVersion(let found, let expected):
            return "\(path): index format version \(found), but this Nomina reads version \(expected)\(rebuild)"
        case .nominaVersion(let found, let expected):
            return "\(path): compiled by Nomina \(found), but this is Nomina \(expected)\(rebuild)"
        case .icuVersion(let found, let expected):
            return "\(path): compiled with ICU \(found), but Nomina now runs with ICU \(expected)\(rebuild)"
        case .profile(let found, let expected):
            return "\(path): compiled with normalisation profile \(found), but \(expected) was asked for; compile the index with that profile"
        case .corrupt(let detail): return "\(path): damaged index (\(detail))\(rebuild)"
        }
    }
}

/// What a snapshot records of how it was made; all of it must match to use it.
struct SnapshotHeader: Equatable {
    static let signature: [UInt8] = Array("NOMINAIX".utf8)
    /// The layout version: bump it whenever any structure's serialised form changes.
    static let formatVersion = 2
    /// The checksum covers every byte from here on (after the signature, format version,
    /// total length and the checksum itself).
    static let checksumStart = 48

    var formatVersion = SnapshotHeader.formatVersion
    var nominaVersion = NominaInfo.version
    var icuVersion = ICUInfo.version
    var profile: String
    /// Whether the automaton stored is the one for ``ExtractorOptions/allLanguages``.
    var automatonAllLanguages = false
}

/// A file mapped read-only into memory, unmapped when the last view into it goes.
final class MappedFile: @unchecked Sendable {  // read-only memory
    let base: UnsafeRawPointer
    let length: Int

    init(path: String) throws(SnapshotError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SnapshotError(path: path, reason: .io(Self.errorText())) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw SnapshotError(path: path, reason: .io(Self.errorText())) }
        let length = Int(status.st_size)
        guard length >= 64 else { throw SnapshotError(path: path, reason: length == 0 ? .corrupt("empty file") : .notAnIndex) }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SnapshotError(path: path, reason: .io("cannot map the file: " + Self.errorText()))
        }
        self.base = UnsafeRawPointer(mapped)
        self.length = length
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// Writes the structures of an index one after another: each array as its element count,
/// element size and bytes, padded to 8 bytes so that it can be used in place when mapped.
struct SnapshotWriter {
    private let file: UnsafeMutablePointer<FILE>
    let path: String
    private(set) var offset = 0
    private var closed = false
    private var checksum = Checksum()

    init(path: String) throws(SnapshotError) {
        guard let file = fopen(path, "wb") else { throw SnapshotError(path: path, reason: .io(MappedFile.errorText())) }
        self.file = file
        self.path = path
    }

    mutating func raw(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        if bytes.count > 0, fwrite(bytes.baseAddress!, 1, bytes.count, file) != bytes.count {
            throw SnapshotError(path: path, reason: .io(MappedFile.errorText()))
        }
        // The header's fixed fields are written one integer at a time, so a call is wholly
        // before or wholly after the start of the checksummed bytes.
        if offset >= SnapshotHeader.checksumStart { checksum.add(bytes) }
        offset += bytes.count
    }

    mutating func integer(_ value: Int) throws(SnapshotError) {
        var value = UInt64(bitPattern: Int64(value))
        try withUnsafeBytes(of: &value) { (bytes) throws(SnapshotError) in try raw(bytes) }
    }

    mutating func pad() throws(SnapshotError) {
        var zeros: UInt64 = 0
        let count = (8 - offset % 8) % 8
        try withUnsafeBytes(of: &zeros) { (bytes) throws(SnapshotError) in try raw(UnsafeRawBufferPointer(rebasing: bytes[..<count])) }
    }

    /// A marker checked on reading, so that a misplaced read fails with its name.
    mutating func tag(_ name: StaticString) throws(SnapshotError) {
        try integer(Self.tagValue(name))
    }

    mutating func array<Element>(_ array: FlatArray<Element>) throws(SnapshotError) {
        try integer(array.count)
        try integer(MemoryLayout<Element>.stride)
        try raw(UnsafeRawBufferPointer(array.buffer))
        try pad()
    }

    mutating func strings(_ table: StringTable) throws(SnapshotError) {
        try array(table.offsets)
        try array(table.bytes)
    }

    mutating func lists(_ table: ListTable) throws(SnapshotError) {
        try array(table.offsets)
        try array(table.values)
    }

    mutating func string(_ text: String) throws(SnapshotError) {
        try array(FlatArray(Array(text.utf8)))
    }

    /// Writes the header at the start (the total length is patched in by `finish`).
    mutating func header(_ header: SnapshotHeader) throws(SnapshotError) {
        try array(FlatArray(SnapshotHeader.signature))
        try integer(header.formatVersion)
        try integer(0)  // total length, patched by `finish`
        try integer(0)  // checksum, patched by `finish`
        try string(header.nominaVersion)
        try string(header.icuVersion)
        try string(header.profile)
        try integer(header.automatonAllLanguages ? 1 : 0)
    }

    /// Patches the total length and the checksum into the header and closes the file.
    mutating func finish() throws(SnapshotError) {
        try tag("END")
        var patch = (UInt64(offset), checksum.value)
        let failed = fseek(file, 32, SEEK_SET) != 0 || fwrite(&patch, 16, 1, file) != 1
        closed = true
        let closedCleanly = fclose(file) == 0
        guard !failed && closedCleanly else { throw SnapshotError(path: path, reason: .io(MappedFile.errorText())) }
    }

    /// Closes the file after a failure.
    mutating func abandon() {
        if !closed { fclose(file) }
        closed = true
    }

    static func tagValue(_ name: StaticString) -> Int {
        var value: UInt64 = 0
        name.withUTF8Buffer { for (position, byte) in $0.prefix(8).enumerated() { value |= UInt64(byte) << (8 * position) } }
        return Int(bitPattern: UInt(value))
    }
}

/// Reads what ``SnapshotWriter`` wrote, in the same order, as views into the mapped file;
/// every read checks bounds and element sizes.
struct SnapshotReader {
    let file: MappedFile
    let path: String
    private var offset = 0
    private var storedChecksum: UInt64 = 0

    init(path: String) throws(SnapshotError) {
        self.file = try MappedFile(path: path)
        self.path = path
    }

    /// Checks the checksum of the whole file against the header's (after ``header()``):
    /// reads every page, so it costs what reading the file costs.
    func verifyChecksum() throws(SnapshotError) {
        var checksum = Checksum()
        checksum.add(UnsafeRawBufferPointer(start: file.base + SnapshotHeader.checksumStart,
                                            count: file.length - SnapshotHeader.checksumStart))
        guard checksum.value == storedChecksum else {
            throw corrupt("its checksum does not match its contents")
        }
    }

    private func corrupt(_ detail: String) -> SnapshotError { SnapshotError(path: path, reason: .corrupt(detail)) }

    mutating func integer() throws(SnapshotError) -> Int {
        guard offset + 8 <= file.length else { throw corrupt("ends early at byte \(offset)") }
        let value = file.base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return Int(truncatingIfNeeded: value)
    }

    mutating func tag(_ name: StaticString) throws(SnapshotError) {
        let found = try integer()
        guard found == SnapshotWriter.tagValue(name) else { throw corrupt("expected the \(name) section at byte \(offset - 8)") }
    }

    mutating func array<Element>(of type: Element.Type = Element.self) throws(SnapshotError) -> FlatArray<Element> {
        let count = try integer()
        let stride = try integer()
        guard stride == MemoryLayout<Element>.stride else {
            throw corrupt("element size \(stride) where \(MemoryLayout<Element>.stride) was expected, at byte \(offset - 8)")
        }
        guard count >= 0, count <= (file.length - offset) / max(stride, 1) else { throw corrupt("an array runs past the end") }
        let start = file.base + offset
        guard Int(bitPattern: start) % MemoryLayout<Element>.alignment == 0 else { throw corrupt("misaligned array") }
        offset += count * stride
        offset += (8 - offset % 8) % 8
        let typed = start.bindMemory(to: Element.self, capacity: max(count, 1))
        return FlatArray(base: typed, count: count, owner: file)
    }

    mutating func strings() throws(SnapshotError) -> StringTable {
        let offsets: FlatArray<UInt32> = try array()
        let bytes: FlatArray<UInt8> = try array()
        guard !offsets.isEmpty, offsets.last.map({ Int($0) == bytes.count }) == true, offsets[0] == 0 else {
            throw corrupt("a string table's offsets do not match its text")
        }
        return StringTable(offsets: offsets, bytes: bytes)
    }

    mutating func lists() throws(SnapshotError) -> ListTable {
        let offsets: FlatArray<UInt32> = try array()
        let values: FlatArray<Int32> = try array()
        guard !offsets.isEmpty, offsets.last.map({ Int($0) == values.count }) == true, offsets[0] == 0 else {
            throw corrupt("a list table's offsets do not match its values")
        }
        return ListTable(offsets: offsets, values: values)
    }

    mutating func string() throws(SnapshotError) -> String {
        let bytes: FlatArray<UInt8> = try array()
        return String(decoding: bytes.buffer, as: UTF8.self)
    }

    /// Reads and checks the header: signature, format, Nomina and ICU versions, length.
    mutating func header() throws(SnapshotError) -> SnapshotHeader {
        // The signature is written as an array: its count (8), element size (1), bytes.
        let signature = UnsafeRawBufferPointer(start: file.base + 16, count: 8)
        guard file.base.loadUnaligned(as: UInt64.self) == 8, signature.elementsEqual(SnapshotHeader.signature) else {
            throw SnapshotError(path: path, reason: .notAnIndex)
        }
        offset = 24
        let format = try integer()
        guard format == SnapshotHeader.formatVersion else {
            throw SnapshotError(path: path, reason: .formatVersion(found: format, expected: SnapshotHeader.formatVersion))
        }
        let length = try integer()
        guard length == file.length else {
            throw corrupt(length == 0 ? "never finished writing" : "\(file.length) bytes where the header says \(length)")
        }
        storedChecksum = UInt64(bitPattern: Int64(try integer()))
        var header = SnapshotHeader(profile: "")
        header.nominaVersion = try string()
        guard header.nominaVersion == NominaInfo.version else {
            throw SnapshotError(path: path, reason: .nominaVersion(found: header.nominaVersion, expected: NominaInfo.version))
        }
        header.icuVersion = try string()
        guard header.icuVersion == ICUInfo.version else {
            throw SnapshotError(path: path, reason: .icuVersion(found: header.icuVersion, expected: ICUInfo.version))
        }
        header.profile = try string()
        header.automatonAllLanguages = try integer() != 0
        return header
    }

    /// Checks that everything was read.
    mutating func finish() throws(SnapshotError) {
        try tag("END")
        guard offset == file.length else { throw corrupt("\(file.length - offset) bytes left over") }
    }
}

/// FNV-1a, 64 bits, over a stream of bytes: the checksum of a compiled index. Not a
/// cryptographic hash: it catches damage (bit rot, a bad copy), not tampering.
struct Checksum {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        value = hash
    }
}

/// Nomina's version, recorded in compiled indexes.
public enum NominaInfo {
    public static let version = "0.1.0"
}
