#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
