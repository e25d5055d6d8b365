#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a compiled index could not be written or used.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong with the file.
    public enum Reason: Sendable, Equatable {
        /// The file could not be opened, read, mapped or written (errno's text).
        case io(String)
        /// The path names a directory, a FIFO, a device or a socket (what it is), not a file.
        case notARegularFile(String)
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
        /// Shorter or longer than its header says, a checksum that does not match, or a
        /// structure that does not fit.
        case corrupt(String)
    }

    /// The path of the compiled index being read or written, as given.
    public let path: String
    /// What went wrong.
    public let reason: Reason

    /// One sentence for people: the path, what is wrong and, where it helps, to compile the
    /// index again with `nomina compile`.
    public var description: String {
        let rebuild = "; rebuild it with `nomina compile`"
        switch reason {
        case .io(let message): return "\(path): \(message)"
        case .notARegularFile(let kind):
            return "\(path): not a regular file but a \(kind); a compiled index is a file written by `nomina compile`"
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

/// How much of a compiled index is checked when it is opened.
///
/// Whatever the level, every offset, length and index that a lookup follows is checked
/// against the bounds of what it points into (once at open for the arrays that a linear
/// pass checks in a few milliseconds, at each read for the large hash tables), so that a
/// damaged file gives a ``SnapshotError`` or a "not found", never a crash or a hang.
@_spi(Testing)
public enum IndexChecks: Sendable, Equatable {
    /// The structural checks, and the checksums of every array's count and size (and of
    /// the plain numbers before it) and of the contents of every array of at most
    /// ``sectionLimit`` bytes, or of every array in a file of at most ``smallFile``
    /// bytes: the default, a few milliseconds however large the file.
    case standard
    /// The checksum of the whole file first (reads all of it), then the structural checks.
    case full
    /// The structural checks only, no checksum (for tests of what they catch alone).
    case structureOnly

    /// Arrays of at most this many bytes have their contents' checksum verified at open.
    public static let sectionLimit = 1 << 20
    /// Files of at most this many bytes have the contents of every array verified.
    public static let smallFile = 32 << 20
}

/// A file mapped read-only into memory, unmapped when the last view into it goes.
///
/// The file must not shrink while it is mapped: reading a page past its new end raises
/// SIGBUS (a compiled index is replaced by renaming a new file over it, which leaves the
/// mapped one intact; see docs/compiled-index.md).
final class MappedFile: @unchecked Sendable {  // read-only memory
    let base: UnsafeRawPointer
    let length: Int

    init(path: String) throws(SnapshotError) {
        // Non-blocking: opening a FIFO would otherwise wait for a writer. Only a regular
        // file goes further (mmap fails on the others, or reads what was never a file).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotError(path: path, reason: .io(Self.errorText())) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw SnapshotError(path: path, reason: .io(Self.errorText())) }
        if let kind = Self.nonRegularKind(status.st_mode) {
            throw SnapshotError(path: path, reason: .notARegularFile(kind))
        }
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

    /// What a file of `mode` is, if it is not a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): return nil
        case mode_t(S_IFDIR): return "directory"
        case mode_t(S_IFIFO): return "FIFO"
        case mode_t(S_IFCHR): return "character device"
        case mode_t(S_IFBLK): return "block device"
        case mode_t(S_IFSOCK): return "socket"
        default: return "special file"
        }
    }
}

/// Writes the structures of an index one after another: each array as its element count,
/// element size, a checksum and the bytes, padded to 8 bytes so that it can be used in
/// place when mapped.
///
/// The checksum of an array is two halves: the upper 32 bits hash the plain integers
/// written since the previous array (section tags, counts) and the array's count and
/// element size; the lower 32 bits hash its bytes. ``SnapshotReader`` always checks the
/// first half, and the second for arrays small enough to hash at open.
struct SnapshotWriter {
    private let file: UnsafeMutablePointer<FILE>
    let path: String
    private(set) var offset = 0
    private var closed = false
    /// Of every byte after ``SnapshotLayout/checksumStart``.
    private var checksum = Checksum()
    /// Of the plain integers since the last array.
    private var pending = Checksum()

    /// Creates `path`, a new temporary name: never through a symbolic link or into a file
    /// that is there already (one left by a killed run of the same process id is removed
    /// first; unlinking a link removes the link, not its target).
    init(path: String) throws(SnapshotError) {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0 && errno == EEXIST {
            unlink(path)
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { throw SnapshotError(path: path, reason: .io(MappedFile.errorText())) }
        guard let file = fdopen(descriptor, "wb") else {
            close(descriptor)
            throw SnapshotError(path: path, reason: .io(MappedFile.errorText()))
        }
        self.file = file
        self.path = path
    }

    mutating func raw(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        if bytes.count > 0, fwrite(bytes.baseAddress!, 1, bytes.count, file) != bytes.count {
            throw SnapshotError(path: path, reason: .io(MappedFile.errorText()))
        }
        // The header's fixed fields are written one integer at a time, so a call is wholly
        // before or wholly after the start of the checksummed bytes.
        if offset >= SnapshotLayout.checksumStart { checksum.add(bytes) }
        offset += bytes.count
    }

    /// Eight bytes, not part of any array's checksum.
    mutating func word(_ value: Int) throws(SnapshotError) {
        var value = UInt64(bitPattern: Int64(value))
        try withUnsafeBytes(of: &value) { (bytes) throws(SnapshotError) in try raw(bytes) }
    }

    /// A plain integer, covered by the checksum of the next array.
    mutating func integer(_ value: Int) throws(SnapshotError) {
        try word(value)
        pending.add(value)
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
        let bytes = UnsafeRawBufferPointer(array.buffer)
        var contents = Checksum()
        contents.add(bytes)
        pending.add(array.count)
        pending.add(MemoryLayout<Element>.stride)
        try word(array.count)
        try word(MemoryLayout<Element>.stride)
        try word(Int(bitPattern: UInt(Checksum.section(prefix: pending, contents: contents))))
        pending = Checksum()
        try raw(bytes)
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
/// every read checks bounds, element sizes and (see ``IndexChecks``) checksums.
///
/// The structures read from it check what they hold before they use it (offsets, indexes,
/// runs; see each `init(reading:)`): the file is not trusted beyond what is checked.
struct SnapshotReader {
    let file: MappedFile
    let path: String
    let checks: IndexChecks
    /// Arrays of at most this many bytes have the checksum of their contents verified.
    private let contentsLimit: Int
    var offset = 0
    var storedChecksum: UInt64 = 0
    /// Of the plain integers read since the last array.
    private var pending = Checksum()
    /// The section being read, and where its last array starts, for messages.
    private var section: StaticString = "header"
    var lastArrayStart = 0
    /// Where each array lies (its count, size and checksum fields, then its bytes), when
    /// asked for (tests aim damage at them).
    private(set) var layout: [(section: String, range: Range<Int>)]?

    init(path: String, checks: IndexChecks = .standard, recordLayout: Bool = false) throws(SnapshotError) {
        self.file = try MappedFile(path: path)
        self.path = path
        self.checks = checks
        // With `.full`, the checksum of the whole file covers the contents.
        contentsLimit = checks != .standard ? -1 : file.length <= IndexChecks.smallFile ? Int.max : IndexChecks.sectionLimit
        if recordLayout { layout = [] }
    }

    /// Checks the checksum of the whole file against the header's (after ``header()``):
    /// reads every page, so it costs what reading the file costs.
    func verifyChecksum() throws(SnapshotError) {
        var checksum = Checksum()
        checksum.add(UnsafeRawBufferPointer(start: file.base + SnapshotLayout.checksumStart,
                                            count: file.length - SnapshotLayout.checksumStart))
        guard checksum.value == storedChecksum else {
            throw corrupt("its checksum does not match its contents")
        }
    }

    func corrupt(_ detail: String) -> SnapshotError { SnapshotError(path: path, reason: .corrupt(detail)) }

    mutating func word() throws(SnapshotError) -> Int {
        guard offset <= file.length - 8 else { throw corrupt("ends early at byte \(offset)") }
        let value = file.base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return Int(truncatingIfNeeded: value)
    }

    /// A plain integer (covered by the checksum of the next array).
    mutating func integer() throws(SnapshotError) -> Int {
        let value = try word()
        pending.add(value)
        return value
    }

    mutating func tag(_ name: StaticString) throws(SnapshotError) {
        let found = try integer()
        guard found == SnapshotWriter.tagValue(name) else { throw corrupt("expected the \(name) section at byte \(offset - 8)") }
        section = name
    }

    mutating func array<Element>(of type: Element.Type = Element.self) throws(SnapshotError) -> FlatArray<Element> {
        let (array, intact) = try uncheckedArray(of: type)
        guard intact else { throw checksumMismatch(at: lastArrayStart) }
        return array
    }

    /// An array, and whether its checksums match (when the checks include them); an
    /// element size or a length that does not fit the file throws.
    mutating func uncheckedArray<Element>(of type: Element.Type = Element.self)
        throws(SnapshotError) -> (array: FlatArray<Element>, intact: Bool) {
        let start = offset
        let count = try word()
        let stride = try word()
        let stored = UInt64(UInt(bitPattern: try word()))
        var intact = true
        if checks != .structureOnly {
            pending.add(count)
            pending.add(stride)
            intact = stored >> 32 == Checksum.section(prefix: pending, contents: Checksum()) >> 32
        }
        pending = Checksum()
        lastArrayStart = start
        guard stride == MemoryLayout<Element>.stride else {
            throw intact ? corrupt("element size \(stride) where \(MemoryLayout<Element>.stride) was expected, at byte \(start + 8)")
                : checksumMismatch(at: start)
        }
        guard count >= 0, count <= (file.length - offset) / max(stride, 1) else {
            throw intact ? corrupt("an array of the \(section) section runs past the end") : checksumMismatch(at: start)
        }
        let base = file.base + offset
        guard Int(bitPattern: base) % MemoryLayout<Element>.alignment == 0 else { throw corrupt("misaligned array") }
        if intact && count * stride <= contentsLimit {
            var contents = Checksum()
            contents.add(UnsafeRawBufferPointer(start: base, count: count * stride))
            intact = stored & 0xFFFF_FFFF == contents.value >> 32
        }
        offset += count * stride
        layout?.append((section.description, start..<offset))
        offset += (8 - offset % 8) % 8
        let typed = base.bindMemory(to: Element.self, capacity: max(count, 1))
        return (FlatArray(base: typed, count: count, owner: file), intact)
    }

    func checksumMismatch(at start: Int) -> SnapshotError {
        corrupt("a checksum does not match in the \(section) section, at byte \(start)")
    }

    /// A string table whose offsets run from 0 to the size of its text, never decreasing:
    /// every string of it then lies in its text, and subscripts need no checks.
    mutating func strings() throws(SnapshotError) -> StringTable {
        let offsets: FlatArray<UInt32> = try array()
        let bytes: FlatArray<UInt8> = try array()
        guard !offsets.isEmpty, Int(offsets[offsets.count - 1]) == bytes.count, offsets[0] == 0,
              Self.nonDecreasing(offsets) else {
            throw corrupt("a string table's offsets do not match its text in the \(section) section")
        }
        return StringTable(offsets: offsets, bytes: bytes)
    }

    /// A list table whose offsets run from 0 to the number of its values, never
    /// decreasing, and whose values are in `0..<limit` (indexes into what they list).
    mutating func lists(limit: Int) throws(SnapshotError) -> ListTable {
        let offsets: FlatArray<UInt32> = try array()
        let values: FlatArray<Int32> = try array()
        guard !offsets.isEmpty, Int(offsets[offsets.count - 1]) == values.count, offsets[0] == 0,
              Self.nonDecreasing(offsets) else {
            throw corrupt("a list table's offsets do not match its values in the \(section) section")
        }
        guard Self.allBelow(values, limit) else { throw corrupt("a list of the \(section) section points past its table") }
        return ListTable(offsets: offsets, values: values)
    }

    mutating func string() throws(SnapshotError) -> String {
        let bytes: FlatArray<UInt8> = try array()
        return String(decoding: bytes.buffer, as: UTF8.self)
    }

    /// Checks that everything was read.
    mutating func finish() throws(SnapshotError) {
        try tag("END")
        guard offset == file.length else { throw corrupt("\(file.length - offset) bytes left over") }
    }

    /// Whether no element of `array` is smaller than the one before it (one branch-free
    /// pass, so that it vectorises: a few milliseconds for millions of offsets).
    static func nonDecreasing(_ array: FlatArray<UInt32>) -> Bool {
        let elements = array.buffer
        guard elements.count > 1 else { return true }
        var decreasing: UInt32 = 0
        for position in 1..<elements.count {
            decreasing |= elements[position - 1] > elements[position] ? 1 : 0
        }
        return decreasing == 0
    }

    /// Whether every element of `array` is in `0..<limit` (one branch-free pass).
    static func allBelow(_ array: FlatArray<Int32>, _ limit: Int) -> Bool {
        let bound = UInt32(clamping: limit)
        var outside: UInt32 = 0
        let values = array.buffer
        for position in 0..<values.count { outside |= UInt32(bitPattern: values[position]) >= bound ? 1 : 0 }
        return outside == 0
    }
}

/// A 64-bit hash of a stream of bytes, 32 at a time in four independent lanes (a
/// multiply and a rotation a word in each, then the lanes and what is left combined the
/// same way, and a final avalanche): the checksums of a compiled index, several gigabytes
/// a second. Every step is a bijection of the state, so a change in a single word always
/// changes the result. Not a cryptographic hash: it catches damage (bit rot, a bad copy),
/// not tampering.
struct Checksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) =
        (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    /// The bytes of a block not yet complete.
    private var partial: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var partialCount = 0
    private var total: UInt64 = 0

    @inline(__always)
    private static func step(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        return mixed << 27 | mixed >> 37
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let count = bytes.count
        total &+= UInt64(count)
        var index = 0
        if partialCount > 0 {
            let take = min(32 - partialCount, count)
            let filled = partialCount
            withUnsafeMutableBytes(of: &partial) { $0.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: take) }
            partialCount += take
            index = take
            guard partialCount == 32 else { return }
            lanes = (Self.step(lanes.0, UInt64(littleEndian: partial.0)), Self.step(lanes.1, UInt64(littleEndian: partial.1)),
                     Self.step(lanes.2, UInt64(littleEndian: partial.2)), Self.step(lanes.3, UInt64(littleEndian: partial.3)))
            partial = (0, 0, 0, 0)
            partialCount = 0
        }
        var (a, b, c, d) = lanes
        while index + 32 <= count {
            a = Self.step(a, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            b = Self.step(b, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)))
            c = Self.step(c, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)))
            d = Self.step(d, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)))
            index += 32
        }
        lanes = (a, b, c, d)
        if index < count {
            let rest = count - index
            withUnsafeMutableBytes(of: &partial) { $0.baseAddress!.copyMemory(from: base + index, byteCount: rest) }
            partialCount = rest
        }
    }

    mutating func add(_ value: Int) {
        var value = UInt64(bitPattern: Int64(value)).littleEndian
        withUnsafeBytes(of: &value) { add($0) }
    }

    var value: UInt64 {
        var hash = Self.step(Self.step(Self.step(Self.step(0x4528_21E6_38D0_1377, lanes.0), lanes.1), lanes.2), lanes.3)
        if partialCount > 0 {
            // Zeros fill the block; the total length tells the fill from zeros written.
            hash = Self.step(Self.step(Self.step(Self.step(hash, UInt64(littleEndian: partial.0)), UInt64(littleEndian: partial.1)),
                                       UInt64(littleEndian: partial.2)), UInt64(littleEndian: partial.3))
        }
        hash ^= total
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }

    /// An array's stored checksum: the upper half of `prefix`'s (the plain integers before
    /// it, its count and element size), the upper half of `contents`' (its bytes).
    static func section(prefix: Checksum, contents: Checksum) -> UInt64 {
        prefix.value & 0xFFFF_FFFF_0000_0000 | contents.value >> 32
    }
}

/// The fixed part of a snapshot file's layout that reading and writing share.
enum SnapshotLayout {
    /// The checksum covers every byte from here on (after the signature, format version,
    /// total length and the checksum itself).
    static let checksumStart = 48
}
