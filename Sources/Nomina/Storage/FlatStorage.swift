#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory that outlives the views into it: an allocation of Nomina's own, or a mapped
/// snapshot file (``MappedFile``). Views keep their owner alive and read through raw
/// pointers, so a lookup touches no reference count.
final class OwnedMemory: @unchecked Sendable {  // immutable after the builder returns
    let base: UnsafeMutableRawPointer
    init(bytes: Int, alignment: Int) {
        base = .allocate(byteCount: max(bytes, 1), alignment: max(alignment, 8))
    }
    deinit { base.deallocate() }
}

/// An immutable array of plain values in one block of memory, owned or mapped: the storage
/// of every large index structure, so that a compiled snapshot can be used in place
/// without decoding.
struct FlatArray<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int
    private let owner: AnyObject

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> Element { base[position] }

    /// A copy of `elements` in memory of its own.
    init(_ elements: some Collection<Element>) {
        self.init(count: elements.count) { buffer in
            _ = buffer.initialize(from: elements)
        }
    }

    /// `count` elements written by `build` (which must initialise every one).
    init(count: Int, _ build: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let memory = OwnedMemory(bytes: count * MemoryLayout<Element>.stride, alignment: MemoryLayout<Element>.alignment)
        let typed = memory.base.bindMemory(to: Element.self, capacity: Swift.max(count, 1))
        build(UnsafeMutableBufferPointer(start: typed, count: count))
        self.base = UnsafePointer(typed)
        self.count = count
        self.owner = memory
    }

    /// A view of `count` elements at `base`, kept alive by `owner`.
    init(base: UnsafePointer<Element>, count: Int, owner: AnyObject) {
        self.base = base
        self.count = count
        self.owner = owner
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
    var byteCount: Int { count * MemoryLayout<Element>.stride }
}

/// Many byte strings in one arena: string `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
/// Views read through raw pointers; the table keeps the memory alive.
struct StringTable: RandomAccessCollection, Sendable {
    let offsets: FlatArray<UInt32>
    let bytes: FlatArray<UInt8>

    var startIndex: Int { 0 }
    var endIndex: Int { offsets.count - 1 }

    /// The bytes of string `position`, valid while the table lives. Unchecked: the offsets
    /// run from 0 to `bytes.count` without decreasing, as built or as checked when read
    /// from a compiled index (``SnapshotReader/strings()``).
    @inline(__always)
    subscript(position: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[position])
        return UnsafeBufferPointer(start: bytes.base + start, count: Int(offsets[position + 1]) - start)
    }

    func string(_ position: Int) -> String { String(decoding: self[position], as: UTF8.self) }

    init(offsets: FlatArray<UInt32>, bytes: FlatArray<UInt8>) {
        self.offsets = offsets
        self.bytes = bytes
    }

    init<Strings: Collection>(_ strings: Strings) where Strings.Element: Collection<UInt8> {
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(strings.count + 1)
        var arena: [UInt8] = []
        for string in strings {
            arena.append(contentsOf: string)
            precondition(arena.count < Int(UInt32.max), "StringTable: more than 4 GiB of text")
            offsets.append(UInt32(arena.count))
        }
        self.init(offsets: FlatArray(offsets), bytes: FlatArray(arena))
    }

    init(_ strings: some Collection<String>) {
        self.init(strings.map { $0.utf8 })
    }

    var memory: Int { offsets.byteCount + bytes.byteCount }
}

/// Lists of `Int32` in one block (compressed sparse rows): list `i` is
/// `values[offsets[i]..<offsets[i + 1]]`.
struct ListTable: RandomAccessCollection, Sendable {
    let offsets: FlatArray<UInt32>
    let values: FlatArray<Int32>

    var startIndex: Int { 0 }
    var endIndex: Int { offsets.count - 1 }

    /// The values of list `position`. Unchecked: the offsets run from 0 to `values.count`
    /// without decreasing, as built or as checked when read from a compiled index
    /// (``SnapshotReader/lists(limit:)``, which also checks the values).
    @inline(__always)
    subscript(position: Int) -> UnsafeBufferPointer<Int32> {
        let start = Int(offsets[position])
        return UnsafeBufferPointer(start: values.base + start, count: Int(offsets[position + 1]) - start)
    }

    init(offsets: FlatArray<UInt32>, values: FlatArray<Int32>) {
        self.offsets = offsets
        self.values = values
    }

    init(_ lists: [[Int32]]) {
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(lists.count + 1)
        for list in lists { offsets.append(offsets.last! + UInt32(list.count)) }
        self.init(offsets: FlatArray(offsets), values: FlatArray(lists.joined()))
    }

    var memory: Int { offsets.byteCount + values.byteCount }
}
