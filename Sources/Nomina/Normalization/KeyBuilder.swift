/// A fixed-capacity byte buffer over caller-provided memory (usually the stack).
///
/// Invariant: `count <= capacity`; bytes past the capacity are counted in `needed` and
/// dropped, and the caller retries with a larger buffer when `overflowed` is set.
struct FixedByteBuffer {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0
    private(set) var needed = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    var overflowed: Bool { needed > capacity }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        needed += 1
        guard count < capacity else { return }
        base[count] = byte
        count += 1
    }

    mutating func removeByte(at index: Int) {
        needed -= 1
        guard index < count else { return }
        (base + index).update(from: base + index + 1, count: count - index - 1)
        count -= 1
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// Assembles a folded key from token bytes and boundaries: single spaces between
/// tokens, none at the ends, and initialisms joined.
///
/// Initialism rule: a one-character token that follows a one-character token (or a
/// joined initialism) across a boundary made of a single "." joins it.
/// "U.S.A." → "usa", "U.S. Army" → "us army", "J. Smith" → "j smith".
struct KeyBuilder {
    var output: FixedByteBuffer
    private var inToken = false
    private var tokenStart = 0
    private var pendingSpace = false
    /// The boundary run since the last token is exactly one ".".
    private var boundaryIsLoneDot = false
    private var boundaryLength = 0
    /// The previous token is one character long, or a joined initialism.
    private var previousIsInitial = false
    /// Index of the space written before the current token, when it may be removed.
    private var joinableSpace = -1

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        output = FixedByteBuffer(buffer)
    }

    @inline(__always)
    mutating func appendTokenByte(_ byte: UInt8) {
        if !inToken { startToken() }
        output.append(byte)
    }

    /// Starts the tokens of one raw token: a token still open (from an adjacent ASCII
    /// run) is closed first, so that transliterated tokens never glue to it.
    @inline(__always)
    mutating func startTokenList() {
        if inToken { boundary(.boundary) }
    }

    @inline(__always)
    private mutating func startToken() {
        joinableSpace = -1
        if pendingSpace && output.needed > 0 {
            if boundaryIsLoneDot && previousIsInitial { joinableSpace = output.needed }
            output.append(UInt8(ascii: " "))
        }
        pendingSpace = false
        boundaryLength = 0
        boundaryIsLoneDot = false
        inToken = true
        tokenStart = output.needed
    }

    @inline(__always)
    mutating func boundary(_ kind: ScalarClass) {
        if inToken { endToken() }
        boundaryIsLoneDot = boundaryLength == 0 && kind == .dot
        boundaryLength += 1
        pendingSpace = true
    }

    @inline(__always)
    private mutating func endToken() {
        inToken = false
        let length = output.needed - tokenStart
        if length == 1 && joinableSpace >= 0 {
            output.removeByte(at: joinableSpace)
            previousIsInitial = true
        } else {
            previousIsInitial = length == 1
        }
    }

    /// Closes the last token. Check `output.overflowed` afterwards.
    mutating func finish() {
        if inToken { endToken() }
    }
}

extension NameNormalizer {
    /// Drops particle tokens from a key, unless every token is a particle.
    func removingParticles(from key: String) -> String {
        let tokens = key.split(separator: " ")
        let kept = tokens.filter { !particleSet.contains(String($0)) }
        if kept.isEmpty || kept.count == tokens.count { return key }
        return kept.joined(separator: " ")
    }
}
