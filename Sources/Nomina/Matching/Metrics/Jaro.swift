/// Jaro similarity in [0, 1]: matching characters within a window of
/// `max(|a|, |b|) / 2 − 1`, penalised for transpositions. 1 for two empty strings, 0 when
/// one is empty. A similarity metric: its distance is `1 − similarity`.
package enum Jaro {
    package static func similarity(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        let value = jaro(a, b)
        return value >= cutoff ? value : 0
    }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 1) -> Double {
        let value = 1 - jaro(a, b)
        return value <= cutoff ? value : 1
    }

    static func jaro(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var aMatched = [Bool](repeating: false, count: a.count)
        var bMatched = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window), high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<a.count where aMatched[i] {
            while !bMatched[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let t = Double(transpositions / 2)
        return (m / Double(a.count) + m / Double(b.count) + (m - t) / m) / 3
    }
}

/// Jaro–Winkler similarity: Jaro boosted by a common prefix of up to 4 characters, by
/// `0.1 × prefix × (1 − jaro)` when Jaro exceeds 0.7 (RapidFuzz's defaults).
package enum JaroWinkler {
    package static let prefixWeight = 0.1

    package static func similarity(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        var value = Jaro.jaro(a, b)
        if value > 0.7 {
            var prefix = 0
            while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
            value += Double(prefix) * prefixWeight * (1 - value)
        }
        return value >= cutoff ? value : 0
    }

    package static func distance(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 1) -> Double {
        let value = 1 - similarity(a, b)
        return value <= cutoff ? value : 1
    }
}
