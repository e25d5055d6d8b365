/// UTF-8 helpers for the scanners. Input comes from Swift `String`s, so it is valid UTF-8.
enum UTF8Decoding {
    /// Decodes the scalar that starts at `index` of valid UTF-8.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
    }

    /// ``hash(_:)`` of bytes followed by at least 7 more readable bytes: the last bytes are
    /// read with one eight-byte load and masked, not one at a time. Equal to `hash(_:)`.
    @inline(__always)
    static func hashPadded(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var position = 0
            while position + 8 <= bytes.count {
                state = (state ^ raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                state ^= state >> 29
                position += 8
            }
            let remaining = bytes.count - position
            if remaining > 0 {
                let tail = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self) & ((1 &<< UInt64(8 * remaining)) &- 1)
                state = (state ^ tail) &* 0xC4CE_B9FE_1A85_EC53
                state ^= state >> 29
            }
        }
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state = state &* 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }

    /// A fast 64-bit hash of bytes: 8 bytes at a time, each word folded in with a
    /// multiply, then a final avalanche (the finaliser of MurmurHash3), so that both low
    /// bits (hash-table slots) and high bits (fingerprints) depend on every byte. Not
    /// cryptographic: users verify hits against the stored bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var position = 0
            while position + 8 <= bytes.count {
                state = (state ^ raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                state ^= state >> 29
                position += 8
            }
            if position < bytes.count {
                var tail: UInt64 = 0
                var shift: UInt64 = 0
                while position < bytes.count {
                    tail |= UInt64(base[position]) << shift
                    shift += 8
                    position += 1
                }
                state = (state ^ tail) &* 0xC4CE_B9FE_1A85_EC53
                state ^= state >> 29
            }
        }
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state = state &* 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }
}
