/// A blocked Bloom filter of the trie keys' deletion variants, each tagged with the
/// position deleted (-1 for the key itself): the one-edit search asks it whether an edit
/// at a position of the query can lead to a key before it enumerates the children of a
/// node with many (an insertion at p leaves the query as some key less its byte p; a
/// substitution at p, the query less p as the key less p). No false negatives; about 1%
/// false positives at ten bits a variant. Formats up to 4 stored the variants with their
/// keys (a 268 MB table for GeoNames); the filter is 11 MB, and a "maybe" costs the walk
/// it would have cost without it.
struct EditFilter: Sendable {
    /// 512-bit blocks, 8 words each.
    let words: FlatArray<UInt64>
    private var blockCount: Int { words.count / 8 }

    /// The filter of the variants of `keys`, ten bits a variant.
    init(keys: [[UInt8]]) {
        let variants = keys.reduce(0) { $0 + $1.count + 1 }
        let blocks = max(1, (variants * 10 + 511) / 512)
        var words = [UInt64](repeating: 0, count: blocks * 8)
        words.withUnsafeMutableBufferPointer { words in
            for key in keys {
                key.withUnsafeBufferPointer { bytes in
                    for skip in -1..<bytes.count {
                        Self.insert(Self.hash(bytes, skipping: skip, tag: skip), into: words, blocks: blocks)
                    }
                }
            }
        }
        self.words = FlatArray(words)
    }

    init(words: FlatArray<UInt64>) { self.words = words }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("EDITS")
        try writer.array(words)
    }

    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("EDITS")
        words = try reader.array()
        guard !words.isEmpty, words.count % 8 == 0 else { throw reader.corrupt("the edit filter's size is wrong") }
    }

    var memory: Int { words.byteCount }

    /// A hash of `bytes` without the byte at `skip` (-1: none), and of `tag`.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, skipping skip: Int, tag: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(tag &+ 2)) &* 0xD6E8_FEB8_6659_FD93
        for index in 0..<bytes.count where index != skip {
            h = (h ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    @inline(__always)
    private static func bits(_ hash: UInt64, blocks: Int) -> (block: Int, bits: UInt64) {
        let block = Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(blocks)).high)
        return (block, hash &* 0x9E37_79B9_7F4A_7C15)
    }

    private static func insert(_ hash: UInt64, into words: UnsafeMutableBufferPointer<UInt64>, blocks: Int) {
        var (block, bits) = Self.bits(hash, blocks: blocks)
        for _ in 0..<6 {
            let bit = Int(bits >> 55)  // 9 bits: 0..<512
            words[block * 8 + bit >> 6] |= 1 << UInt64(bit & 63)
            bits <<= 9
        }
    }

    /// Whether the variant may be a key's (false: certainly not).
    @inline(__always)
    func mayContain(_ hash: UInt64) -> Bool {
        var (block, bits) = Self.bits(hash, blocks: blockCount)
        for _ in 0..<6 {
            let bit = Int(bits >> 55)
            if words[block * 8 + bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            bits <<= 9
        }
        return true
    }
}
