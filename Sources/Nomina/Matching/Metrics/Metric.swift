/// A string metric over Unicode scalar values (the units Python's `str` indexes, so that
/// results agree with RapidFuzz).
///
/// A metric defines only its ``distance(_:_:cutoff:)`` and its ``maximum(_:_:)``; the
/// similarity and normalised forms are derived once, below, so the forms can never
/// disagree. Every form takes a cutoff and may stop early once it is exceeded.
package protocol DistanceMetric {
    /// The distance between `a` and `b`; when it exceeds `cutoff`, any value greater than
    /// `cutoff` (implementations return `cutoff + 1`, as RapidFuzz does).
    static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Int) -> Int
    /// The largest distance two strings of these lengths can have.
    static func maximum(_ aCount: Int, _ bCount: Int) -> Int
}

extension DistanceMetric {
    /// The exact distance.
    package static func distance(_ a: [UInt32], _ b: [UInt32]) -> Int { distance(a, b, cutoff: Int.max - 1) }

    /// `maximum - distance`; 0 when below `cutoff`.
    package static func similarity(_ a: [UInt32], _ b: [UInt32], cutoff: Int = 0) -> Int {
        let maximum = maximum(a.count, b.count)
        let allowed = maximum - cutoff
        guard allowed >= 0 else { return 0 }
        let similarity = maximum - distance(a, b, cutoff: allowed)
        return similarity >= cutoff ? similarity : 0
    }

    /// `distance / maximum` in [0, 1] (0 for two empty strings); 1 when above `cutoff`.
    package static func normalizedDistance(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 1.0) -> Double {
        let maximum = maximum(a.count, b.count)
        guard maximum > 0 else { return 0 }
        let allowed = Int((cutoff * Double(maximum)).rounded(.up))
        let normalized = Double(distance(a, b, cutoff: allowed)) / Double(maximum)
        return normalized <= cutoff ? normalized : 1
    }

    /// `1 - normalizedDistance` in [0, 1]; 0 when below `cutoff`.
    package static func normalizedSimilarity(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        let maximum = maximum(a.count, b.count)
        guard maximum > 0 else { return cutoff <= 1 ? 1 : 0 }
        // The distance cutoff only prunes work: it is rounded up, and the similarity itself
        // is compared with `cutoff`, so 1 − 0.8 being 0.19999999999999996 loses nothing.
        let allowed = Int(((1 - cutoff) * Double(maximum)).rounded(.up))
        let similarity = 1 - Double(distance(a, b, cutoff: allowed)) / Double(maximum)
        return similarity >= cutoff ? similarity : 0
    }

    package static func distance(_ a: String, _ b: String, cutoff: Int = Int.max - 1) -> Int {
        distance(a.scalarValues, b.scalarValues, cutoff: cutoff)
    }

    package static func normalizedSimilarity(_ a: String, _ b: String, cutoff: Double = 0) -> Double {
        normalizedSimilarity(a.scalarValues, b.scalarValues, cutoff: cutoff)
    }
}

extension String {
    /// The Unicode scalar values of the string, the unit every metric works on.
    package var scalarValues: [UInt32] { unicodeScalars.map(\.value) }
}

/// Bit masks of the positions at which each value occurs in a pattern, one 64-bit word
/// per 64 positions (Myers 1999, Hyyrö 2003). Built once per pattern: the cached scorers
/// keep one and reuse it for every candidate.
struct PatternMasks: Sendable {
    let count: Int
    let words: Int
    /// Values below 256: `ascii[value * words + word]`.
    private let ascii: [UInt64]
    /// Other values: their words.
    private let other: [UInt32: [UInt64]]

    init(_ pattern: [UInt32]) {
        count = pattern.count
        words = max(1, (pattern.count + 63) / 64)
        var ascii = [UInt64](repeating: 0, count: 256 * words)
        var other: [UInt32: [UInt64]] = [:]
        for (position, value) in pattern.enumerated() {
            let word = position / 64
            let bit = UInt64(1) << UInt64(position % 64)
            if value < 256 {
                ascii[Int(value) * words + word] |= bit
            } else {
                other[value, default: [UInt64](repeating: 0, count: words)][word] |= bit
            }
        }
        self.ascii = ascii
        self.other = other
    }

    @inline(__always)
    func mask(_ value: UInt32, word: Int) -> UInt64 {
        if value < 256 { return ascii[Int(value) * words + word] }
        return other[value]?[word] ?? 0
    }
}

/// The shared front of the bit-parallel metrics: the shorter string becomes the pattern
/// (fewer words), and the length difference alone can settle the cutoff.
@inline(__always)
func patternDistance(_ a: [UInt32], _ b: [UInt32], cutoff: Int,
                     _ kernel: (PatternMasks, [UInt32], Int) -> Int) -> Int {
    let (pattern, text) = a.count <= b.count ? (a, b) : (b, a)
    if text.count - pattern.count > cutoff { return cutoff + 1 }
    if pattern.isEmpty { return text.count <= cutoff ? text.count : cutoff + 1 }
    return kernel(PatternMasks(pattern), text, cutoff)
}

/// `a + b + carry` on 64-bit words, with the carry out written back: one step of a
/// multi-word addition.
@inline(__always)
func addWithCarry(_ a: UInt64, _ b: UInt64, _ carry: inout UInt64) -> UInt64 {
    let (sum1, overflow1) = a.addingReportingOverflow(b)
    let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
    carry = (overflow1 || overflow2) ? 1 : 0
    return sum2
}
