/// LEB128 varints of unsigned 32-bit values (7 bits a byte, least significant first, the
/// high bit set on every byte but the last): at most five bytes, and decoding stops at a
/// bound, so that damaged bytes never read past it nor loop.
enum Varint {
    /// The most bytes a value takes.
    static let maximumBytes = 5

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// The bytes `value` takes.
    static func size(_ value: UInt32) -> Int {
        value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
    }

    /// The value at `base[offset]`, reading no byte at or past `end`, and `offset` moved past
    /// it; nil (offset unspecified) when it is cut off by `end` or does not fit 32 bits
    /// (a fifth byte above 0x0F, or a sixth).
    @inline(__always)
    static func read(_ base: UnsafePointer<UInt8>, _ offset: inout Int, end: Int) -> UInt32? {
        guard offset < end else { return nil }
        var byte = base[offset]
        offset += 1
        if byte < 0x80 { return UInt32(byte) }
        var value = UInt32(byte & 0x7F)
        var shift: UInt32 = 7
        while offset < end {
            byte = base[offset]
            offset += 1
            if shift == 28 {
                guard byte <= 0x0F else { return nil }
                return value | UInt32(byte) << 28
            }
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Signed differences as unsigned values, small either way (0, -1, 1, -2… → 0, 1, 2, 3…).
    @inline(__always)
    static func zigzag(_ value: Int32) -> UInt32 { UInt32(bitPattern: (value << 1) ^ (value >> 31)) }

    @inline(__always)
    static func unzigzag(_ value: UInt32) -> Int32 { Int32(bitPattern: value >> 1) ^ -Int32(bitPattern: value & 1) }
}

/// An immutable map from byte strings (names, folded keys, phonetic keys, skeletons, ids) to
/// short lists of `Int32`, stored as a sorted, front-coded key set: the compact replacement
/// of a sparse hash table for the resolver's name tables (format 5 of the compiled index).
///
/// Layout: the keys in byte order, in blocks of ``blockSize``. A block is a run of records,
/// each `shared` (bytes in common with the previous key of the block; 0 for the first),
/// `length` and the `length` bytes that follow the shared ones, then the values: their
/// count and each value as the zigzag varint of its difference from the one before (the
/// first from 0), in the order given. Beside the bytes, the start of every block (`UInt32`,
/// one more than the blocks: the end), the bytes that every key starts with (ids such as
/// "geonames-…" share nine), and the eight bytes after those of every block's first key as
/// a big-endian integer (zero-padded), which a binary search compares before reading the
/// block. A lookup costs a binary search over those integers (a few hundred kilobytes for a
/// million keys), then a scan of one block that compares only the bytes past what the key
/// shares with the query, with no key rebuilt.
///
/// Read from a compiled index, a table may be damaged. At open (``init(reading:limit:)``),
/// the block starts are checked to run from 0 to the end of the bytes without decreasing,
/// one more than the prefixes; at a lookup, every varint stops at its block's end, a record
/// that runs past it ends the block, and a value outside `0..<limit` ends its list. A
/// damaged table thus reads as "not found", a shorter list or other valid values, never out
/// of bounds.
struct SortedKeyTable: @unchecked Sendable {  // immutable; its pointers are into the flat arrays it keeps alive
    static let blockSize = 16

    /// The values of one key, decoded as they are read: a view into the table, valid while
    /// the table lives (not to be stored). Empty when the key is absent.
    struct Values: Sequence {
        fileprivate let base: UnsafePointer<UInt8>?
        fileprivate let start: Int
        fileprivate let end: Int
        /// The number of values stored (a damaged list may yield fewer).
        let storedCount: Int
        fileprivate let limit: UInt32

        static var none: Values { Values(base: nil, start: 0, end: 0, storedCount: 0, limit: 0) }

        struct Iterator: IteratorProtocol {
            fileprivate let base: UnsafePointer<UInt8>?
            fileprivate var offset: Int
            fileprivate let end: Int
            fileprivate var left: Int
            fileprivate let limit: UInt32
            fileprivate var previous: Int32 = 0

            @inline(__always)
            mutating func next() -> Int32? {
                guard left > 0, let base, let coded = Varint.read(base, &offset, end: end) else { return nil }
                let value = previous &+ Varint.unzigzag(coded)
                guard UInt32(bitPattern: value) < limit else { left = 0; return nil }
                left -= 1
                previous = value
                return value
            }
        }

        @inline(__always)
        func makeIterator() -> Iterator {
            Iterator(base: base, offset: start, end: end, left: storedCount, limit: limit)
        }

        @inline(__always)
        var first: Int32? {
            var iterator = makeIterator()
            return iterator.next()
        }

        var isEmpty: Bool { first == nil }
        var underestimatedCount: Int { 0 }
    }

    /// The buffers (owned, or views into a mapped snapshot), behind one reference.
    private final class Storage: Sendable {
        let blocks: FlatArray<UInt32>
        let common: FlatArray<UInt8>
        let prefixes: FlatArray<UInt64>
        let data: FlatArray<UInt8>
        init(blocks: FlatArray<UInt32>, common: FlatArray<UInt8>, prefixes: FlatArray<UInt64>, data: FlatArray<UInt8>) {
            self.blocks = blocks
            self.common = common
            self.prefixes = prefixes
            self.data = data
        }
    }
    private let storage: Storage
    /// The buffers' addresses, read without touching `storage` (see ``ByteKeyTable/lookup``).
    let lookup: Lookup
    /// Number of keys.
    let count: Int

    /// A table's lookup, without the reference that keeps its buffers alive: valid while
    /// the table lives.
    struct Lookup: BitwiseCopyable, @unchecked Sendable {
        fileprivate let blocks: UnsafePointer<UInt32>
        /// The bytes every key starts with.
        fileprivate let common: UnsafeBufferPointer<UInt8>
        fileprivate let prefixes: UnsafePointer<UInt64>
        fileprivate let data: UnsafePointer<UInt8>
        fileprivate let blockCount: Int
        /// Values must be below it (the size of what they index).
        fileprivate let limit: UInt32

        /// The values of `key`, empty when absent.
        func values(of key: UnsafeBufferPointer<UInt8>) -> Values {
            guard blockCount > 0, key.count >= common.count else { return .none }
            for position in 0..<common.count where key[position] != common[position] { return .none }
            let query = SortedKeyTable.prefix(key, from: common.count)
            // The last block whose first key is at most the query.
            var low = 0, high = blockCount
            while high - low > 1 {
                let middle = (low + high) >> 1
                let stored = prefixes[middle]
                let atMost = stored != query ? stored < query : compareFirst(ofBlock: middle, with: key) <= 0
                if atMost { low = middle } else { high = middle }
            }
            return scan(block: low, for: key)
        }

        /// The values of `key`'s UTF-8, empty when absent.
        func values(of key: String) -> Values {
            var key = key
            return key.withUTF8 { values(of: $0) }
        }

        /// The order of block `block`'s first key and `key` (-1, 0, 1); a block whose first
        /// record does not decode sorts after every key.
        private func compareFirst(ofBlock block: Int, with key: UnsafeBufferPointer<UInt8>) -> Int {
            var offset = Int(blocks[block])
            let end = Int(blocks[block + 1])
            guard let shared = Varint.read(data, &offset, end: end), shared == 0,
                  let length = Varint.read(data, &offset, end: end), Int(length) <= end - offset else { return 1 }
            let stored = UnsafeBufferPointer(start: data + offset, count: Int(length))
            let common = min(stored.count, key.count)
            for position in 0..<common where stored[position] != key[position] {
                return stored[position] < key[position] ? -1 : 1
            }
            return stored.count == key.count ? 0 : stored.count < key.count ? -1 : 1
        }

        /// Finds `key` in `block`, comparing each record's new bytes only when it shares
        /// exactly as much with the previous key as that key shared with the query.
        private func scan(block: Int, for key: UnsafeBufferPointer<UInt8>) -> Values {
            var offset = Int(blocks[block])
            let end = Int(blocks[block + 1])
            // What the previous key shares with the query; that key sorts before the query.
            var matched = 0
            var first = true
            while offset < end {
                guard let shared = Varint.read(data, &offset, end: end), first ? shared == 0 : true,
                      let length = Varint.read(data, &offset, end: end), Int(length) <= end - offset else { return .none }
                let suffix = data + offset
                offset += Int(length)
                first = false
                let sharedCount = Int(shared)
                if sharedCount < matched { return .none }  // greater than the query: past it
                if sharedCount == matched {
                    var position = 0
                    let length = Int(length)
                    while position < length && matched + position < key.count && suffix[position] == key[matched + position] {
                        position += 1
                    }
                    if position == length {
                        if matched + position == key.count { return values(at: offset, end: end) }
                    } else if matched + position == key.count || suffix[position] > key[matched + position] {
                        return .none  // greater than the query
                    }
                    matched += position
                }
                // Before the query: skip its values.
                guard let count = Varint.read(data, &offset, end: end), Int(count) <= end - offset else { return .none }
                for _ in 0..<count {
                    guard Varint.read(data, &offset, end: end) != nil else { return .none }
                }
            }
            return .none
        }

        @inline(__always)
        private func values(at start: Int, end: Int) -> Values {
            var offset = start
            guard let count = Varint.read(data, &offset, end: end), Int(count) <= end - offset else { return .none }
            return Values(base: data, start: offset, end: end, storedCount: Int(count), limit: limit)
        }
    }

    /// The first eight bytes of `key`, big-endian, zero-padded: a smaller prefix is a
    /// smaller key.
    @inline(__always)
    static func prefix(_ key: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> UInt64 {
        var value: UInt64 = 0
        for position in start..<start + 8 {
            value = value << 8 | UInt64(position < key.count ? key[position] : 0)
        }
        return value
    }

    /// Writes a table from keys given in increasing byte order.
    struct Builder {
        private var blocks: [UInt32] = []
        private var firstKeys: [[UInt8]] = []
        private var data: [UInt8] = []
        private var previous: [UInt8] = []
        private(set) var count = 0

        init() {}

        /// Adds `key` (greater than the one before) and its values (at least one, each not
        /// negative).
        mutating func append(_ key: UnsafeBufferPointer<UInt8>, _ values: some Collection<Int32>) {
            precondition(!values.isEmpty, "SortedKeyTable: a key without values")
            var shared = 0
            if count % SortedKeyTable.blockSize == 0 {
                precondition(data.count < Int(UInt32.max), "SortedKeyTable: more than 4 GiB")
                precondition(count == 0 || previous.lexicographicallyPrecedes(key), "SortedKeyTable: keys out of order")
                blocks.append(UInt32(data.count))
                firstKeys.append(Array(key))
            } else {
                precondition(previous.lexicographicallyPrecedes(key), "SortedKeyTable: keys out of order")
                let limit = min(previous.count, key.count)
                while shared < limit && previous[shared] == key[shared] { shared += 1 }
            }
            Varint.append(UInt32(shared), to: &data)
            Varint.append(UInt32(key.count - shared), to: &data)
            data.append(contentsOf: key[shared...])
            Varint.append(UInt32(values.count), to: &data)
            var last: Int32 = 0
            for value in values {
                precondition(value >= 0, "SortedKeyTable: a negative value")
                Varint.append(Varint.zigzag(value &- last), to: &data)
                last = value
            }
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: key)
            count += 1
        }

        mutating func append(_ key: some Collection<UInt8>, _ values: some Collection<Int32>) {
            let bytes = Array(key)
            bytes.withUnsafeBufferPointer { append($0, values) }
        }

        func build() -> SortedKeyTable {
            precondition(data.count < Int(UInt32.max), "SortedKeyTable: more than 4 GiB")
            // The keys are sorted: what the first and the last share, all share.
            var common: [UInt8] = []
            if let first = firstKeys.first {
                common = Array(zip(first, previous).prefix { $0 == $1 }.map(\.0))
            }
            let prefixes = firstKeys.map { key in key.withUnsafeBufferPointer { SortedKeyTable.prefix($0, from: common.count) } }
            return SortedKeyTable(blocks: FlatArray(blocks + [UInt32(data.count)]), common: FlatArray(common),
                                  prefixes: FlatArray(prefixes), data: FlatArray(data), count: count, limit: 0x8000_0000)
        }
    }

    /// Builds the table of `entries` (distinct keys, each with at least one value), in any order.
    init<Key: Collection<UInt8>>(_ entries: [(key: Key, values: [Int32])]) {
        let keys = entries.map { Array($0.key) }
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var builder = Builder()
        for position in order { builder.append(keys[position], entries[position].values) }
        self = builder.build()
    }

    /// Builds the table of a dictionary (keys' UTF-8).
    init(_ dictionary: [String: [Int32]]) {
        self.init(dictionary.map { (key: Array($0.key.utf8), values: $0.value) })
    }

    /// A table over the arrays as they are (tests build damaged ones).
    init(blocks: FlatArray<UInt32>, common: FlatArray<UInt8> = FlatArray([UInt8]()), prefixes: FlatArray<UInt64>,
         data: FlatArray<UInt8>, count: Int, limit: UInt32) {
        storage = Storage(blocks: blocks, common: common, prefixes: prefixes, data: data)
        lookup = Lookup(blocks: blocks.base, common: common.buffer, prefixes: prefixes.base, data: data.base,
                        blockCount: prefixes.count, limit: limit)
        self.count = count
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("KEYSET")
        try writer.integer(count)
        try writer.array(storage.blocks)
        try writer.array(storage.common)
        try writer.array(storage.prefixes)
        try writer.array(storage.data)
    }

    /// A table read from a compiled index, whose values index something of `limit`
    /// elements (entries, entities; `Int32.max` when they index nothing).
    init(reading reader: inout SnapshotReader, limit: Int) throws(SnapshotError) {
        try reader.tag("KEYSET")
        let count = try reader.integer()
        let blocks: FlatArray<UInt32> = try reader.array()
        let common: FlatArray<UInt8> = try reader.array()
        let prefixes: FlatArray<UInt64> = try reader.array()
        let data: FlatArray<UInt8> = try reader.array()
        guard blocks.count == prefixes.count + 1, data.count < Int(UInt32.max), blocks[0] == 0,
              Int(blocks[blocks.count - 1]) == data.count, SnapshotReader.nonDecreasing(blocks) else {
            throw reader.corrupt("a key table's blocks do not match its bytes")
        }
        guard count >= 0, count <= prefixes.count * Self.blockSize, count > (prefixes.count - 1) * Self.blockSize else {
            throw reader.corrupt("a key table's count does not match its blocks")
        }
        self.init(blocks: blocks, common: common, prefixes: prefixes, data: data, count: count,
                  limit: UInt32(clamping: min(limit, 0x8000_0000)))
    }

    /// Every key and its values, in byte order (a record that does not decode ends its block).
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, Values) -> Void) {
        forEachRecord(fromBlock: 0) { key, values in
            body(key, values)
            return true
        }
    }

    /// The keys that start with `prefix`, with their values, in byte order; at most
    /// `limit` of them (the slower stages ask for a few). Starts at the block where
    /// `prefix` would be, so it reads only the blocks that hold such keys.
    func forEach(prefix: [UInt8], limit: Int, _ body: (UnsafeBufferPointer<UInt8>, Values) -> Void) {
        let lookup = self.lookup
        guard lookup.blockCount > 0, limit > 0 else { return }
        let common = lookup.common
        // Every key starts with `common`: a prefix that disagrees with it has no key.
        for position in 0..<min(prefix.count, common.count) where prefix[position] != common[position] { return }
        var startBlock = 0
        if prefix.count > common.count {
            let query = prefix.withUnsafeBufferPointer { SortedKeyTable.prefix($0, from: common.count) }
            // The last block whose first key's eight bytes after the common ones are below
            // the prefix's (a key with the prefix may start the block after it).
            var low = 0, high = lookup.blockCount
            while high - low > 1 {
                let middle = (low + high) >> 1
                if lookup.prefixes[middle] < query { low = middle } else { high = middle }
            }
            startBlock = low
        }
        var found = 0
        forEachRecord(fromBlock: startBlock) { key, values in
            // The key (stored whole) against the prefix.
            var order = 0
            for position in 0..<prefix.count {
                guard position < key.count else { order = -1; break }
                if key[position] != prefix[position] { order = key[position] < prefix[position] ? -1 : 1; break }
            }
            if order > 0 { return false }  // past every key with the prefix
            guard order == 0 else { return true }
            body(key, values)
            found += 1
            return found < limit
        }
    }

    /// Decodes the records from block `first` on, in byte order, until `body` says stop (a
    /// record that does not decode ends its block; keys without values are skipped).
    private func forEachRecord(fromBlock first: Int, _ body: (UnsafeBufferPointer<UInt8>, Values) -> Bool) {
        var key: [UInt8] = []
        let data = lookup.data
        for block in first..<lookup.blockCount {
            var offset = Int(lookup.blocks[block])
            let end = Int(lookup.blocks[block + 1])
            key.removeAll(keepingCapacity: true)
            while offset < end {
                guard let shared = Varint.read(data, &offset, end: end), Int(shared) <= key.count,
                      let length = Varint.read(data, &offset, end: end), Int(length) <= end - offset else { break }
                key.removeSubrange(Int(shared)...)
                key.append(contentsOf: UnsafeBufferPointer(start: data + offset, count: Int(length)))
                offset += Int(length)
                guard let count = Varint.read(data, &offset, end: end), Int(count) <= end - offset else { break }
                let values = Values(base: data, start: offset, end: end, storedCount: Int(count), limit: lookup.limit)
                var skipped = true
                for _ in 0..<count where Varint.read(data, &offset, end: end) == nil { skipped = false; break }
                guard skipped else { break }
                if !values.isEmpty, !key.withUnsafeBufferPointer({ body($0, values) }) { return }
            }
        }
    }

    /// The keys, as strings, in byte order.
    var keys: [String] {
        var keys: [String] = []
        keys.reserveCapacity(count)
        forEach { key, _ in keys.append(String(decoding: key, as: UTF8.self)) }
        return keys
    }

    /// The values of `key`, empty when absent.
    @inline(__always)
    func values(of key: UnsafeBufferPointer<UInt8>) -> Values { lookup.values(of: key) }

    /// The values of `key`'s UTF-8, empty when absent.
    @inline(__always)
    func values(of key: String) -> Values { lookup.values(of: key) }

    /// The values of `key` as an array, nil when absent (for the slower stages).
    subscript(key: String) -> [Int32]? {
        let found = values(of: key)
        return found.isEmpty ? nil : Array(found)
    }

    /// Bytes of the table.
    var memory: Int {
        storage.blocks.byteCount + storage.common.byteCount + storage.prefixes.byteCount + storage.data.byteCount
    }

    var isEmpty: Bool { count == 0 }
}
