/// Levenshtein distance: insertions, deletions and substitutions, each costing 1.
///
/// Algorithm: Hyyrö's 2003 formulation of Myers' bit-parallel algorithm, one 64-bit word
/// per 64 characters of the pattern (the shorter string), with carries between words for
/// longer patterns: O(⌈m/64⌉·n). It stops early once the distance can no longer come back
/// under the cutoff (each remaining text character lowers it by at most 1).
package enum Levenshtein: DistanceMetric {
    package static func maximum(_ aCount: Int, _ bCount: Int) -> Int { max(aCount, bCount) }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Int) -> Int {
        patternDistance(a, b, cutoff: cutoff) { distance($0, $1, cutoff: $2) }
    }

    static func distance(_ masks: PatternMasks, _ text: [UInt32], cutoff: Int) -> Int {
        let m = masks.count
        if m == 0 { return text.count <= cutoff ? text.count : cutoff + 1 }
        if abs(text.count - m) > cutoff { return cutoff + 1 }
        let words = masks.words
        let lastBit = UInt64(1) << UInt64((m - 1) % 64)
        var distance = m
        if words == 1 {
            var vp = UInt64.max, vn: UInt64 = 0
            for (index, value) in text.enumerated() {
                let pm = masks.mask(value, word: 0)
                let x = pm | vn
                let d0 = (((x & vp) &+ vp) ^ vp) | x
                var hp = vn | ~(d0 | vp)
                var hn = vp & d0
                if hp & lastBit != 0 { distance += 1 }
                if hn & lastBit != 0 { distance -= 1 }
                hp = (hp << 1) | 1
                hn = hn << 1
                vp = hn | ~(d0 | hp)
                vn = hp & d0
                if distance - (text.count - index - 1) > cutoff { return cutoff + 1 }
            }
            return distance <= cutoff ? distance : cutoff + 1
        }
        var vp = [UInt64](repeating: .max, count: words)
        var vn = [UInt64](repeating: 0, count: words)
        for (index, value) in text.enumerated() {
            var addCarry: UInt64 = 0
            var hpCarry: UInt64 = 1
            var hnCarry: UInt64 = 0
            for word in 0..<words {
                let pm = masks.mask(value, word: word)
                let x = pm | vn[word]
                let v = vp[word]
                let sum2 = addWithCarry(x & v, v, &addCarry)
                let d0 = (sum2 ^ v) | x
                var hp = vn[word] | ~(d0 | v)
                var hn = v & d0
                if word == words - 1 {
                    if hp & lastBit != 0 { distance += 1 }
                    if hn & lastBit != 0 { distance -= 1 }
                }
                let hpOut = hp >> 63, hnOut = hn >> 63
                hp = (hp << 1) | hpCarry
                hn = (hn << 1) | hnCarry
                hpCarry = hpOut
                hnCarry = hnOut
                vp[word] = hn | ~(d0 | hp)
                vn[word] = hp & d0
            }
            if distance - (text.count - index - 1) > cutoff { return cutoff + 1 }
        }
        return distance <= cutoff ? distance : cutoff + 1
    }
}

/// Levenshtein with the query prepared once (its bit masks), for scoring many candidates.
///
/// ```swift
/// let scorer = CachedLevenshtein("naqqa")
/// candidates.filter { scorer.distance(to: $0, cutoff: 2) <= 2 }
/// ```
package struct CachedLevenshtein: Sendable {
    private let query: [UInt32]
    private let masks: PatternMasks

    package init(_ query: [UInt32]) {
        self.query = query
        self.masks = PatternMasks(query)
    }

    package init(_ query: String) { self.init(query.scalarValues) }

    package func distance(to candidate: [UInt32], cutoff: Int = Int.max - 1) -> Int {
        if query.isEmpty { return candidate.count <= cutoff ? candidate.count : cutoff + 1 }
        return Levenshtein.distance(masks, candidate, cutoff: cutoff)
    }

    package func normalizedSimilarity(to candidate: [UInt32], cutoff: Double = 0) -> Double {
        let maximum = max(query.count, candidate.count)
        guard maximum > 0 else { return 1 }
        let allowed = Int(((1 - cutoff) * Double(maximum)).rounded(.up))
        let similarity = 1 - Double(distance(to: candidate, cutoff: allowed)) / Double(maximum)
        return similarity >= cutoff ? similarity : 0
    }
}
