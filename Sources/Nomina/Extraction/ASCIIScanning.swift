import Foundation

/// The case of an ASCII word, counted while it is folded byte by byte.
struct ASCIIWord {
    private(set) var length = 0
    /// Whether the word has letters, small letters, and starts with a capital.
    private var hasLetters = false, hasSmall = false, capitalized = false

    /// Counts one byte of the word (its ``TextTokenizer/byteKinds`` kind) and returns it
    /// folded: capitals OR `lower` (0x20 when the profile folds case).
    @inline(__always)
    mutating func fold(_ byte: UInt8, kind: UInt8, lower: UInt8) -> UInt8 {
        let isUpper = kind == 1
        if length == 0 { capitalized = isUpper }
        hasSmall = hasSmall || kind == 0
        hasLetters = hasLetters || kind <= 1
        length += 1
        return isUpper ? byte | lower : byte
    }

    /// Counts the letters and digits a ``SWARChunk`` starts with (its `run`).
    @inline(__always)
    mutating func add(_ chunk: SWARChunk) {
        if length == 0 { capitalized = chunk.startsUpper }
        hasSmall = hasSmall || chunk.small != 0
        hasLetters = hasLetters || chunk.upper != 0 || chunk.small != 0
        length &+= chunk.run
    }

    /// Capitalised, or without letters ("1991"): a word the scanner may start a name at.
    var startsCapitalized: Bool { capitalized || !hasLetters }

    var flags: TextToken.Flags {
        var flags: TextToken.Flags = []
        if hasLetters { flags.insert(.cased) }
        if capitalized { flags.insert(.capitalized) }
        if hasLetters && !hasSmall { flags.insert(.allCaps) }
        return flags
    }
}

/// Eight ASCII bytes classified at once (SIMD within a register): which are capitals, small
/// letters and digits, and how many letters and digits they start with.
struct SWARChunk {
    let bytes: UInt64
    /// The high bit of each byte that is a capital, among the first `run` bytes.
    let upper: UInt64
    /// The high bit of each byte that is a small letter, among the first `run` bytes.
    let small: UInt64
    /// Letters and digits at the start (0 to 8).
    let run: Int
    /// Whether the first byte is a capital.
    var startsUpper: Bool { upper & 0x80 != 0 }

    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    @inline(__always)
    init(_ bytes: UInt64) {
        self.bytes = bytes
        // Bytes without their high bit, so that the additions below carry into no other
        // byte; bytes that had it are not ASCII, hence in no class.
        let low = bytes & ~Self.high
        let ascii = ~bytes & Self.high
        @inline(__always) func atLeast(_ value: UInt64) -> UInt64 { (low &+ (0x80 - value) &* Self.ones) & Self.high }
        let capitals = atLeast(0x41) & ~atLeast(0x5B)
        let small = atLeast(0x61) & ~atLeast(0x7B)
        let digits = atLeast(0x30) & ~atLeast(0x3A)
        let letters = (capitals | small) & ascii
        let wordBytes = letters | (digits & ascii)
        let run = (~wordBytes & Self.high).trailingZeroBitCount >> 3
        let keep: UInt64 = run == 8 ? .max : (1 &<< UInt64(8 * run)) &- 1
        self.run = run
        self.upper = capitals & ascii & keep
        self.small = small & ascii & keep
    }

    /// The bytes with capitals ORed with `lower` (0x20 when case is folded, else 0); only
    /// the first `run` bytes are meaningful.
    @inline(__always)
    func folded(_ lower: UInt8) -> UInt64 { bytes | ((upper >> 2) & (UInt64(lower) &* Self.ones)) }
}
