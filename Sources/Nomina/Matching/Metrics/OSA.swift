/// Optimal string alignment distance: Levenshtein plus transpositions of adjacent
/// characters, no substring edited twice ("restricted" Damerau–Levenshtein).
///
/// Algorithm: Hyyrö's 2003 bit-parallel extension of Myers' algorithm with a
/// transposition vector, one 64-bit word per 64 pattern characters, carries between words.
package enum OSA: DistanceMetric {
    package static func maximum(_ aCount: Int, _ bCount: Int) -> Int { max(aCount, bCount) }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Int) -> Int {
        patternDistance(a, b, cutoff: cutoff) { distance($0, $1, cutoff: $2) }
    }

    /// The distance of two byte strings with a cutoff of one: 0, 1, or 2 for "more than
    /// one". Linear, without allocating: strip the common prefix and suffix; what is left
    /// must be one substituted byte, two swapped ones, or one inserted or deleted byte.
    static func distanceUpToOne(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let m = a.count, n = b.count
        guard abs(m - n) <= 1 else { return 2 }
        var prefix = 0
        while prefix < m && prefix < n && a[prefix] == b[prefix] { prefix += 1 }
        if prefix == m && prefix == n { return 0 }
        var suffix = 0
        while suffix < m - prefix && suffix < n - prefix && a[m - 1 - suffix] == b[n - 1 - suffix] { suffix += 1 }
        let restA = m - prefix - suffix, restB = n - prefix - suffix
        if m != n { return restA + restB == 1 ? 1 : 2 }
        if restA == 1 { return 1 }
        if restA == 2 && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] { return 1 }
        return 2
    }

    static func distance(_ masks: PatternMasks, _ text: [UInt32], cutoff: Int) -> Int {
        let m = masks.count
        let words = masks.words
        let lastBit = UInt64(1) << UInt64((m - 1) % 64)
        var distance = m
        var vp = [UInt64](repeating: .max, count: words)
        var vn = [UInt64](repeating: 0, count: words)
        var d0 = [UInt64](repeating: 0, count: words)
        var previousMask = [UInt64](repeating: 0, count: words)
        for (index, value) in text.enumerated() {
            var addCarry: UInt64 = 0
            var hpCarry: UInt64 = 1
            var hnCarry: UInt64 = 0
            var transpositionCarry: UInt64 = 0
            for word in 0..<words {
                let pm = masks.mask(value, word: word)
                let shifted = ~d0[word] & pm
                let transposition = ((shifted << 1) | transpositionCarry) & previousMask[word]
                transpositionCarry = shifted >> 63
                let v = vp[word]
                let sum2 = addWithCarry(pm & v, v, &addCarry)
                let newD0 = ((sum2 ^ v) | pm | vn[word]) | transposition
                var hp = vn[word] | ~(newD0 | v)
                var hn = v & newD0
                if word == words - 1 {
                    if hp & lastBit != 0 { distance += 1 }
                    if hn & lastBit != 0 { distance -= 1 }
                }
                let hpOut = hp >> 63, hnOut = hn >> 63
                hp = (hp << 1) | hpCarry
                hn = (hn << 1) | hnCarry
                hpCarry = hpOut
                hnCarry = hnOut
                vp[word] = hn | ~(newD0 | hp)
                vn[word] = hp & newD0
                d0[word] = newD0
                previousMask[word] = pm
            }
            if distance - (text.count - index - 1) > cutoff { return cutoff + 1 }
        }
        return distance <= cutoff ? distance : cutoff + 1
    }
}

/// Damerau–Levenshtein distance with unrestricted transpositions (a substring may be
/// edited after a transposition). Lowrance–Wagner dynamic programming with the last row
/// in which each value occurred: O(m·n) time.
package enum DamerauLevenshtein: DistanceMetric {
    package static func maximum(_ aCount: Int, _ bCount: Int) -> Int { max(aCount, bCount) }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Int) -> Int {
        if abs(a.count - b.count) > cutoff { return cutoff + 1 }
        let m = a.count, n = b.count
        if m == 0 || n == 0 { return max(m, n) <= cutoff ? max(m, n) : cutoff + 1 }
        let infinity = m + n
        let width = n + 2
        var table = [Int](repeating: 0, count: (m + 2) * width)
        table[0] = infinity
        for i in 0...m { table[(i + 1) * width] = infinity; table[(i + 1) * width + 1] = i }
        for j in 0...n { table[j + 1] = infinity; table[width + j + 1] = j }
        var lastRow: [UInt32: Int] = [:]
        for i in 1...m {
            var lastColumn = 0
            for j in 1...n {
                let k = lastRow[b[j - 1]] ?? 0
                let l = lastColumn
                let cost: Int
                if a[i - 1] == b[j - 1] { cost = 0; lastColumn = j } else { cost = 1 }
                table[(i + 1) * width + j + 1] = min(
                    table[i * width + j] + cost,
                    table[(i + 1) * width + j] + 1,
                    table[i * width + j + 1] + 1,
                    table[k * width + l] + (i - k - 1) + 1 + (j - l - 1))
            }
            lastRow[a[i - 1]] = i
        }
        let distance = table[(m + 1) * width + n + 1]
        return distance <= cutoff ? distance : cutoff + 1
    }
}
