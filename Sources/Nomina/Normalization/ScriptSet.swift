/// Up to eight scripts in order of first appearance, packed in one integer.
///
/// A value type with no heap storage, so that normalised names and cache entries carry
/// their scripts without allocation or reference counting (a shared `[Script]` array
/// was retained and released by every thread for every name).
struct ScriptSet: Hashable, Sendable {
    /// Eight 8-bit slots, lowest first; a slot holds `UScriptCode + 1`, 0 when empty.
    private(set) var bits: UInt64 = 0

    static let empty = ScriptSet()
    static let latin = ScriptSet([.latin])

    init() {}

    init(_ scripts: [Script]) {
        for script in scripts { insert(script) }
    }

    init(bits: UInt64) { self.bits = bits }

    var isEmpty: Bool { bits == 0 }

    /// Adds a script at the end unless it is present, shared (Common, Inherited), not
    /// representable, or the set is full.
    @inline(__always)
    mutating func insert(_ script: Script) {
        guard !script.isShared, script.rawValue >= 0, script.rawValue < 255 else { return }
        let code = UInt64(script.rawValue + 1)
        var rest = bits
        var shift: UInt64 = 0
        while rest != 0 {
            if rest & 0xFF == code { return }
            rest >>= 8
            shift += 8
        }
        guard shift < 64 else { return }
        bits |= code << shift
    }

    mutating func formUnion(_ other: ScriptSet) {
        if bits == 0 { bits = other.bits; return }
        var rest = other.bits
        while rest != 0 {
            insert(Script(rawValue: Int32(rest & 0xFF) - 1))
            rest >>= 8
        }
    }

    func contains(_ script: Script) -> Bool {
        var rest = bits
        while rest != 0 {
            if Int32(rest & 0xFF) - 1 == script.rawValue { return true }
            rest >>= 8
        }
        return false
    }

    var scripts: [Script] {
        var result: [Script] = []
        var rest = bits
        while rest != 0 {
            result.append(Script(rawValue: Int32(rest & 0xFF) - 1))
            rest >>= 8
        }
        return result
    }
}
