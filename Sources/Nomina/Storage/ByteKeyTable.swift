/// An immutable map from byte strings (UTF-8 names or keys) to short lists of `Int32`,
/// laid out for lookups that touch as few cache lines as possible: a Swift
/// `[String: [Int32]]` of a million names costs a bucket, a key string, an array object and
/// its elements per lookup, each somewhere else in memory, plus reference counting.
///
/// Layout: open addressing with linear probing over 16-byte slots (fingerprint, length,
/// offset of the key in one byte arena, and the value: one `Int32` inline, or the start of
/// a run in a shared list: the count negated, then the values). A lookup hashes the bytes
/// once, reads one slot (rarely two), compares the bytes in the arena, and returns the
/// values without allocating. The load factor stays at or below one half.
///
/// Read from a compiled index, a table may be damaged. What is checked, and where:
/// - at open (``init(reading:limit:)``): the capacity is a power of two, the count at
///   most half of it, some slot is empty, and the lists are whole runs (a negative count,
///   then that many values, each in `0..<limit`);
/// - at a hit (a slot whose fingerprint and length match): the key lies inside the arena,
///   an inline value is below the limit, a run starts at a count inside the lists. Slots
///   are not checked at open: that would read every slot of the table (hundreds of
///   megabytes for GeoNames), and these checks cost a comparison of values already loaded;
/// - probing stops after `capacity` slots even if no slot were empty.
/// A damaged slot thus reads as "not found" or as other valid values, never out of bounds.
struct ByteKeyTable: @unchecked Sendable {  // immutable; its pointers are into the flat arrays it keeps alive
    /// The values of one key: one inline, or a run of the shared list.
    /// A view into the table, valid while the table lives (not to be stored).
    struct Values: RandomAccessCollection {
        fileprivate let single: Int32
        fileprivate let run: UnsafePointer<Int32>?
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> Int32 { run.map { $0[position] } ?? single }
        static var none: Values { Values(single: -1, run: nil, count: 0) }
    }

    struct Slot: BitwiseCopyable {
        /// High bits of the hash, with the low bit set so that 0 means empty.
        var fingerprint: UInt32
        var length: UInt32
        var offset: UInt32
        /// The value, or with the high bit set, the start of a run in `lists` (count first).
        var value: UInt32
    }

    /// The buffers (owned, or views into a mapped snapshot), behind one reference: a copy
    /// of the table retains one object, not three.
    private final class Storage: Sendable {
        let slots: FlatArray<Slot>
        let arena: FlatArray<UInt8>
        let lists: FlatArray<Int32>
        init(slots: FlatArray<Slot>, arena: FlatArray<UInt8>, lists: FlatArray<Int32>) {
            self.slots = slots
            self.arena = arena
            self.lists = lists
        }
    }
    private let storage: Storage
    /// The buffers' addresses, read without touching `storage`. Hot paths call
    /// `table.lookup.values(of:)`: reading this plain field of a table that a class holds
    /// copies no reference, where calling a method of the table itself copies the table
    /// and retains its storage, an atomic write to memory that every thread shares.
    let lookup: Lookup

    /// A table's lookup, without the reference that keeps its buffers alive: valid while
    /// the table lives.
    struct Lookup: BitwiseCopyable, @unchecked Sendable {
        fileprivate let slots: UnsafePointer<Slot>
        fileprivate let arena: UnsafePointer<UInt8>
        fileprivate let lists: UnsafePointer<Int32>
        fileprivate let mask: Int
        fileprivate let arenaCount: Int
        fileprivate let listCount: Int
        /// Inline values must be below it (the size of what they index; 2³¹ when built).
        fileprivate let limit: UInt32

        /// The values of `key`, empty when absent.
        @inline(__always)
        func values(of key: UnsafeBufferPointer<UInt8>) -> Values {
            values(of: key, hash: UTF8Decoding.hash(key))
        }

        /// The values of `key`, whose ``UTF8Decoding/hash(_:)`` is `hash`.
        @inline(__always)
        func values(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Values {
            let fingerprint = ByteKeyTable.fingerprint(hash)
            var position = Int(truncatingIfNeeded: hash) & mask
            // At most every slot once: a table has an empty slot (built so, or checked at
            // open), but a bound costs nothing next to the loads.
            for _ in 0...mask {
                let slot = slots[position]
                if slot.fingerprint == 0 { return .none }
                // The key's bytes are compared only once they are known to lie in the arena.
                if slot.fingerprint == fingerprint && Int(slot.length) == key.count
                    && Int(slot.offset) &+ key.count <= arenaCount
                    && ByteKeyTable.equal(key, arena + Int(slot.offset)) {
                    return values(in: slot)
                }
                position = (position + 1) & mask
            }
            return .none
        }

        /// The values of `key`'s UTF-8, empty when absent.
        @inline(__always)
        func values(of key: String) -> Values {
            var key = key
            return key.withUTF8 { values(of: $0) }
        }

        /// The values a slot holds; none if they do not fit the table (a damaged slot). A
        /// run that starts at a negated count is whole and its values below the limit: the
        /// lists are checked at open (built tables make them so).
        @inline(__always)
        fileprivate func values(in slot: Slot) -> Values {
            if slot.value & 0x8000_0000 == 0 {
                return slot.value < limit ? Values(single: Int32(bitPattern: slot.value), run: nil, count: 1) : .none
            }
            let start = Int(slot.value & 0x7FFF_FFFF)
            guard start < listCount, lists[start] < 0 else { return .none }
            return Values(single: -1, run: lists + start + 1, count: -Int(lists[start]))
        }

        /// The key a slot holds, if it lies in the arena.
        fileprivate func key(in slot: Slot) -> UnsafeBufferPointer<UInt8>? {
            guard Int(slot.offset) &+ Int(slot.length) <= arenaCount else { return nil }
            return UnsafeBufferPointer(start: arena + Int(slot.offset), count: Int(slot.length))
        }
    }

    private var slots: UnsafePointer<Slot> { lookup.slots }
    private var mask: Int { lookup.mask }
    /// Number of keys.
    let count: Int

    /// Builds the table; `entries` must have distinct keys, each with at least one value.
    init<Key: Collection<UInt8>>(_ entries: [(key: Key, values: [Int32])]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        let arenaBytes = entries.reduce(0) { $0 + $1.key.count }
        let listLength = entries.reduce(0) { $0 + ($1.values.count > 1 || $1.values.first.map { $0 < 0 } == true ? $1.values.count + 1 : 0) }
        precondition(arenaBytes < Int(UInt32.max) && listLength < Int(Int32.max), "ByteKeyTable: too large")
        var slotValues = [Slot](repeating: Slot(fingerprint: 0, length: 0, offset: 0, value: 0), count: capacity)
        var arena = [UInt8](repeating: 0, count: arenaBytes)
        var lists = [Int32](repeating: 0, count: listLength)
        var arenaEnd = 0, listEnd = 0
        let mask = capacity - 1
        for (key, values) in entries {
            precondition(!values.isEmpty)
            let offset = arenaEnd
            for byte in key { arena[arenaEnd] = byte; arenaEnd += 1 }
            let hash = arena.withUnsafeBufferPointer { UTF8Decoding.hash(UnsafeBufferPointer(rebasing: $0[offset..<arenaEnd])) }
            var value: UInt32
            if values.count == 1 && values[0] >= 0 {
                value = UInt32(values[0])
            } else {
                value = UInt32(listEnd) | 0x8000_0000
                lists[listEnd] = -Int32(values.count)
                for (position, item) in values.enumerated() { lists[listEnd + 1 + position] = item }
                listEnd += values.count + 1
            }
            var position = Int(truncatingIfNeeded: hash) & mask
            while slotValues[position].fingerprint != 0 { position = (position + 1) & mask }
            slotValues[position] = Slot(fingerprint: Self.fingerprint(hash), length: UInt32(arenaEnd - offset),
                                        offset: UInt32(offset), value: value)
        }
        self.init(slots: FlatArray(slotValues), arena: FlatArray(arena), lists: FlatArray(lists), count: entries.count,
                  limit: 0x8000_0000)
    }

    /// A table over `slots` as they are (tests build damaged ones).
    init(slots: FlatArray<Slot>, arena: FlatArray<UInt8>, lists: FlatArray<Int32>, count: Int, limit: UInt32) {
        self.storage = Storage(slots: slots, arena: arena, lists: lists)
        self.lookup = Lookup(slots: slots.base, arena: arena.base, lists: lists.base, mask: slots.count - 1,
                             arenaCount: arena.count, listCount: lists.count, limit: limit)
        self.count = count
    }

    /// Builds the table of a dictionary (keys' UTF-8).
    init(_ dictionary: [String: [Int32]]) {
        self.init(dictionary.map { (key: $0.key.utf8, values: $0.value) })
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("BYTEKEYS")
        try writer.integer(count)
        try writer.array(storage.slots)
        try writer.array(storage.arena)
        try writer.array(storage.lists)
    }

    /// A table read from a compiled index, whose values index something of `limit`
    /// elements (entries, entities; `Int32.max` when they index nothing).
    init(reading reader: inout SnapshotReader, limit: Int) throws(SnapshotError) {
        try reader.tag("BYTEKEYS")
        let count = try reader.integer()
        let slots: FlatArray<Slot> = try reader.array()
        let arena: FlatArray<UInt8> = try reader.array()
        let lists: FlatArray<Int32> = try reader.array()
        func damaged(_ detail: String) -> SnapshotError { reader.corrupt("a key table \(detail)") }
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, count >= 0, count <= slots.count / 2 else {
            throw damaged("has a size that is not a power of two at least twice its count")
        }
        // An empty slot ends every probe. At a load of one half the first is a few slots in.
        guard slots.contains(where: { $0.fingerprint == 0 }) else { throw damaged("has no empty slot") }
        guard lists.count < 0x8000_0000, Self.wholeRuns(lists, limit: limit) else {
            throw damaged("has a list that does not fit")
        }
        self.init(slots: slots, arena: arena, lists: lists, count: count, limit: UInt32(clamping: min(limit, 0x8000_0000)))
    }

    /// Whether `lists` is a sequence of runs, each a negated count then that many values
    /// in `0..<limit`. Two passes, neither with a branch per element: every element is
    /// negative or below the limit (counting the negative ones), then a walk from count to
    /// count that must end at the end and meet every negative element.
    static func wholeRuns(_ lists: FlatArray<Int32>, limit: Int) -> Bool {
        let values = lists.buffer
        let bound = Int32(clamping: limit)  // not negative: a value at or above it is not a count
        var outside: UInt32 = 0
        var negatives = 0
        for position in 0..<values.count {
            let value = values[position]
            outside |= value >= bound ? 1 : 0
            negatives &+= Int(UInt32(bitPattern: value) >> 31)
        }
        guard outside == 0 else { return false }
        var position = 0, runs = 0
        while position < values.count {
            let header = values[position]
            guard header < 0 else { return false }
            position += 1 - Int(header)
            runs += 1
        }
        return position == values.count && runs == negatives
    }

    /// Every key and its values, in slot order (slots that do not fit the table skipped).
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, Values) -> Void) {
        for position in 0...mask {
            let slot = slots[position]
            guard slot.fingerprint != 0, let key = lookup.key(in: slot) else { continue }
            let values = lookup.values(in: slot)
            if !values.isEmpty { body(key, values) }
        }
    }

    /// The keys, as strings.
    var keys: [String] {
        var keys: [String] = []
        keys.reserveCapacity(count)
        forEach { key, _ in keys.append(String(decoding: key, as: UTF8.self)) }
        return keys
    }

    /// The values of `key`, empty when absent.
    @inline(__always)
    func values(of key: UnsafeBufferPointer<UInt8>) -> Values { lookup.values(of: key) }

    /// The values of `key`, which is followed by at least 7 readable bytes (a faster hash).
    @inline(__always)
    func values(ofPadded key: UnsafeBufferPointer<UInt8>) -> Values {
        lookup.values(of: key, hash: UTF8Decoding.hashPadded(key))
    }

    /// The values of `key`, whose ``UTF8Decoding/hash(_:)`` is `hash`.
    @inline(__always)
    func values(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Values { lookup.values(of: key, hash: hash) }

    /// The values of `key`'s UTF-8, empty when absent.
    @inline(__always)
    func values(of key: String) -> Values { lookup.values(of: key) }

    /// The values of `key` as an array, nil when absent (for the slower stages).
    subscript(key: String) -> [Int32]? {
        let found = values(of: key)
        return found.isEmpty ? nil : Array(found)
    }

    /// Bytes of the table (slots, arena and lists).
    var memory: Int { storage.slots.byteCount + storage.arena.byteCount + storage.lists.byteCount }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    fileprivate static func equal(_ key: UnsafeBufferPointer<UInt8>, _ stored: UnsafePointer<UInt8>) -> Bool {
        guard let base = key.baseAddress else { return true }
        // Most keys are words of a few bytes: compare inline rather than call memcmp.
        if key.count <= 16 {
            for offset in 0..<key.count where base[offset] != stored[offset] { return false }
            return true
        }
        return memcmp(base, stored, key.count) == 0
    }

    @inline(__always)
    static func fingerprint(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) | 1 }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
