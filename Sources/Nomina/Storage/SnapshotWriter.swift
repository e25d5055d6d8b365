#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
