#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
