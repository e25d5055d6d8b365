/// An immutable map from `UInt64` to `Int32` (the trie edges of mention extraction):
/// open addressing with linear probing, keys and values side by side, load ≤ 1/2.
struct IntegerTable: Sendable {
    private let keys: FlatArray<UInt64>
    private let values: FlatArray<Int32>
    private let mask: Int
    /// Values read are below it.
    private let limit: Int32
    private static let empty = UInt64.max

    init(_ pairs: [UInt64: Int32]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: Self.empty, count: capacity)
        var values = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (key, value) in pairs {
            precondition(key != Self.empty)
            var position = Self.slot(key, mask)
            while keys[position] != Self.empty { position = (position + 1) & mask }
            keys[position] = key
            values[position] = value
        }
        self.keys = FlatArray(keys)
        self.values = FlatArray(values)
        self.mask = mask
        self.limit = Int32.max
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("INTTABLE")
        try writer.array(keys)
        try writer.array(values)
    }

    /// A table read from a compiled index. Its values are below `Int32.max` until
    /// ``limited(to:)`` says what they index.
    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("INTTABLE")
        keys = try reader.array()
        values = try reader.array()
        guard keys.count >= 16, keys.count & (keys.count - 1) == 0, values.count == keys.count else {
            throw reader.corrupt("an integer table's size is wrong")
        }
        // An empty slot ends every probe. At a load of one half the first is a few slots in.
        guard keys.contains(Self.empty) else { throw reader.corrupt("an integer table has no empty slot") }
        mask = keys.count - 1
        limit = Int32.max
    }

    /// A table over `keys` and `values` as they are (tests build damaged ones).
    init(keys: FlatArray<UInt64>, values: FlatArray<Int32>, mask: Int, limit: Int32) {
        self.keys = keys
        self.values = values
        self.mask = mask
        self.limit = limit
    }

    /// The table whose lookups give only values in `0..<limit` (others read as absent):
    /// values index an array of `limit` elements, and are checked when read rather than
    /// at open (a table of millions of edges is not read whole to start up).
    func limited(to limit: Int) -> IntegerTable {
        IntegerTable(keys: keys, values: values, mask: mask, limit: Int32(clamping: limit))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var mixed = key &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        return Int(truncatingIfNeeded: mixed) & mask
    }

    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        var position = Self.slot(key, mask)
        // At most every slot once (a table has an empty slot: built so, or checked at open).
        for _ in 0...mask {
            let found = keys[position]
            if found == key {
                let value = values[position]
                return value >= 0 && value < limit ? value : nil
            }
            if found == Self.empty { return nil }
            position = (position + 1) & mask
        }
        return nil
    }
}
