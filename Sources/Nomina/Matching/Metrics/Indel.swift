/// Indel distance: insertions and deletions only, `|a| + |b| - 2·LCS(a, b)`; its
/// normalised similarity is RapidFuzz's `fuzz.ratio` / 100.
///
/// Algorithm: the bit-parallel longest common subsequence of Allison–Dix and Hyyrö
/// (`S ← (S + (S & M)) | (S − (S & M))`), one 64-bit word per 64 pattern characters
/// with the addition's carry passed between words: O(⌈m/64⌉·n).
package enum Indel: DistanceMetric {
    package static func maximum(_ aCount: Int, _ bCount: Int) -> Int { aCount + bCount }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Int) -> Int {
        patternDistance(a, b, cutoff: cutoff) { distance($0, $1, cutoff: $2) }
    }

    static func distance(_ masks: PatternMasks, _ text: [UInt32], cutoff: Int) -> Int {
        let lcs = longestCommonSubsequence(masks, text)
        let distance = masks.count + text.count - 2 * lcs
        return distance <= cutoff ? distance : cutoff + 1
    }

    static func longestCommonSubsequence(_ masks: PatternMasks, _ text: [UInt32]) -> Int {
        let words = masks.words
        var s = [UInt64](repeating: .max, count: words)
        for value in text {
            var carry: UInt64 = 0
            for word in 0..<words {
                let u = s[word] & masks.mask(value, word: word)
                let sum2 = addWithCarry(s[word], u, &carry)
                s[word] = sum2 | (s[word] &- u)
            }
        }
        var lcs = 0
        for word in 0..<words {
            let valid = word == words - 1 && masks.count % 64 != 0 ? (UInt64(1) << UInt64(masks.count % 64)) - 1 : UInt64.max
            lcs += (~s[word] & valid).nonzeroBitCount
        }
        return lcs
    }
}

/// Indel with the query prepared once, for scoring many candidates (`fuzz.ratio`).
package struct CachedIndel: Sendable {
    private let query: [UInt32]
    private let masks: PatternMasks

    package init(_ query: [UInt32]) {
        self.query = query
        self.masks = PatternMasks(query)
    }

    package func distance(to candidate: [UInt32], cutoff: Int = Int.max - 1) -> Int {
        if query.isEmpty { return candidate.count <= cutoff ? candidate.count : cutoff + 1 }
        if abs(candidate.count - query.count) > cutoff { return cutoff + 1 }
        return Indel.distance(masks, candidate, cutoff: cutoff)
    }

    /// `1 - distance / (|query| + |candidate|)`, 1 for two empty strings; 0 below `cutoff`.
    package func normalizedSimilarity(to candidate: [UInt32], cutoff: Double = 0) -> Double {
        let maximum = query.count + candidate.count
        guard maximum > 0 else { return 1 }
        let allowed = Int(((1 - cutoff) * Double(maximum)).rounded(.up))
        let similarity = 1 - Double(distance(to: candidate, cutoff: allowed)) / Double(maximum)
        return similarity >= cutoff ? similarity : 0
    }
}
