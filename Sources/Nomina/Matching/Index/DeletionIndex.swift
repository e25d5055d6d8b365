/// Symmetric-deletion index for one edit (SymSpell's idea, Garbe 2012): every key is
/// stored under its own hash and the hashes of its one-character deletions; a query looks
/// up itself and its own deletions. Two strings within one OSA edit (insertion, deletion,
/// substitution, adjacent transposition) always share such a variant, so the lookup finds
/// every 1-edit neighbour in |query| + 1 probes; candidates are then verified with
/// bit-parallel OSA.
///
/// Used for the first, cheapest pass of the fuzzy stage; 2-edit searches walk the trie,
/// where deletion variants would cost ~L²/2 entries a key. Layout: an open-addressing
/// table of (32-bit fingerprint, 32-bit key index) pairs, 8 bytes a slot, load ≤ 0.5.
///
/// Read from a compiled index, the slots are not checked at open (hundreds of megabytes
/// for GeoNames): a probe stops after `capacity` slots, and a key index that is not below
/// the number of keys is skipped (``candidates(_:)`` gives only indexes of keys).
struct DeletionIndex: Sendable {
    private let slots: FlatArray<UInt64>
    private let mask: Int
    /// The number of keys: candidates are below it.
    private let keyCount: UInt32

    init(keys: [[UInt8]]) {
        var total = 0
        for key in keys { total += key.count + 1 }
        var capacity = 16
        while capacity < total * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: .max, count: capacity)
        let mask = capacity - 1
        for (index, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { bytes in
                var seen: Set<UInt64> = []
                for skip in -1..<bytes.count {
                    let hash = Self.hash(bytes, skipping: skip)
                    guard seen.insert(hash).inserted else { continue }
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != .max { slot = (slot + 1) & mask }
                    slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(index))
                }
            }
        }
        self.slots = FlatArray(slots)
        self.mask = mask
        self.keyCount = UInt32(keys.count)
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("DELETION")
        try writer.array(slots)
    }

    /// The index of `keyCount` keys, read from a compiled index.
    init(reading reader: inout SnapshotReader, keyCount: Int) throws(SnapshotError) {
        try reader.tag("DELETION")
        slots = try reader.array()
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, keyCount >= 0, keyCount <= UInt32.max else {
            throw reader.corrupt("the deletion index's size is wrong")
        }
        // An empty slot ends every probe. At a load of one half the first is a few slots in.
        guard slots.contains(.max) else { throw reader.corrupt("the deletion index has no empty slot") }
        mask = slots.count - 1
        self.keyCount = UInt32(keyCount)
    }

    /// An index over `slots` as they are (tests build damaged ones).
    init(slots: FlatArray<UInt64>, keyCount: Int) {
        self.slots = slots
        self.mask = slots.count - 1
        self.keyCount = UInt32(clamping: keyCount)
    }

    var memory: Int { slots.byteCount }

    /// Indices of keys that share a one-deletion variant with `query` (a superset of its
    /// 1-edit neighbours; verify before use).
    func candidates(_ query: [UInt8]) -> [Int] {
        var found: [Int] = []
        query.withUnsafeBufferPointer { bytes in
            for skip in -1..<bytes.count {
                let hash = Self.hash(bytes, skipping: skip)
                let fingerprint = hash & 0xFFFF_FFFF_0000_0000
                var slot = Int(truncatingIfNeeded: hash) & mask
                // At most every slot once (there is an empty one: built so, or checked at open).
                for _ in 0...mask {
                    let stored = slots[slot]
                    if stored == .max { break }
                    if stored & 0xFFFF_FFFF_0000_0000 == fingerprint {
                        let key = UInt32(truncatingIfNeeded: stored)
                        if key < keyCount { found.append(Int(key)) }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return found
    }

    /// A 64-bit hash of `bytes` without the byte at `skip` (-1: none). The upper 32 bits
    /// are the stored fingerprint, the lower bits pick the slot; a fingerprint of all ones
    /// would read as an empty slot, so it is avoided.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, skipping skip: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in 0..<bytes.count where index != skip {
            h = (h ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h & 0xFFFF_FFFF_0000_0000 == 0xFFFF_FFFF_0000_0000 ? h ^ 0x8000_0000_0000_0000 : h
    }
}
