/// Assembles a folded key from token bytes and boundaries: single spaces between
/// tokens, none at the ends, and initialisms joined ("U.S.A." → "usa").
///
/// Initialism rule: a one-character token that follows a one-character token (or a
/// joined initialism) across a boundary made of a single "." joins it.
/// "U.S.A." → "usa", "U.S. Army" → "us army", "J. Smith" → "j smith".
struct KeyBuilder {
    private(set) var bytes: [UInt8]
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

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func appendTokenByte(_ byte: UInt8) {
        if !inToken { startToken() }
        bytes.append(byte)
    }

    mutating func appendToken(_ token: String) {
        guard !token.isEmpty else { return }
        if inToken { boundary(.boundary) }
        for byte in token.utf8 { appendTokenByte(byte) }
    }

    @inline(__always)
    private mutating func startToken() {
        joinableSpace = -1
        if pendingSpace && !bytes.isEmpty {
            if boundaryIsLoneDot && previousIsInitial { joinableSpace = bytes.count }
            bytes.append(UInt8(ascii: " "))
        }
        pendingSpace = false
        boundaryLength = 0
        boundaryIsLoneDot = false
        inToken = true
        tokenStart = bytes.count
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
        let length = bytes.count - tokenStart
        if length == 1 && joinableSpace >= 0 {
            bytes.remove(at: joinableSpace)
            previousIsInitial = true
        } else {
            previousIsInitial = length == 1
        }
    }

    mutating func finish() -> [UInt8] {
        if inToken { endToken() }
        return bytes
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
