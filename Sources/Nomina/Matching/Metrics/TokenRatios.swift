/// RapidFuzz's token ratios, in [0, 100], over tokens separated by white space.
package enum TokenRatio {
    /// `fuzz.ratio`: 100 × Indel's normalised similarity.
    package static func ratio(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        let lengthSum = a.count + b.count
        let score = lengthSum > 0 ? 100.0 - 100.0 * Double(Indel.distance(a, b)) / Double(lengthSum) : 100.0
        return score >= cutoff ? score : 0
    }

    /// `fuzz.token_sort_ratio`: the ratio of the strings with their tokens sorted.
    package static func tokenSortRatio(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        ratio(joined(tokens(a).sorted(by: lexicographic)), joined(tokens(b).sorted(by: lexicographic)), cutoff: cutoff)
    }

    /// `fuzz.token_set_ratio`: compares the shared tokens and the tokens left over on each
    /// side; 100 when one token set contains the other, 0 when either is empty.
    package static func tokenSetRatio(_ a: [UInt32], _ b: [UInt32], cutoff: Double = 0) -> Double {
        let tokensA = Set(tokens(a)), tokensB = Set(tokens(b))
        if tokensA.isEmpty || tokensB.isEmpty { return 0 }
        let intersection = tokensA.intersection(tokensB)
        let onlyA = tokensA.subtracting(tokensB), onlyB = tokensB.subtracting(tokensA)
        if !intersection.isEmpty && (onlyA.isEmpty || onlyB.isEmpty) { return 100 }
        let joinedA = joined(onlyA.sorted(by: lexicographic)), joinedB = joined(onlyB.sorted(by: lexicographic))
        let sectionLength = joined(intersection.sorted(by: lexicographic)).count
        let separator = sectionLength != 0 ? 1 : 0
        let sectionALength = sectionLength + separator + joinedA.count
        let sectionBLength = sectionLength + separator + joinedB.count

        func score(_ distance: Int, _ lengthSum: Int) -> Double {
            let value = lengthSum > 0 ? 100.0 - 100.0 * Double(distance) / Double(lengthSum) : 100.0
            return value >= cutoff ? value : 0
        }
        let result = score(Indel.distance(joinedA, joinedB), sectionALength + sectionBLength)
        if sectionLength == 0 { return result }
        // Section + leftovers against the section alone differ only by the leftovers.
        let sectionARatio = score(separator + joinedA.count, sectionLength + sectionALength)
        let sectionBRatio = score(separator + joinedB.count, sectionLength + sectionBLength)
        return max(result, sectionARatio, sectionBRatio)
    }

    /// Tokens separated by Unicode white space, empty ones dropped (Python's `str.split()`).
    static func tokens(_ text: [UInt32]) -> [[UInt32]] {
        var result: [[UInt32]] = []
        var current: [UInt32] = []
        for value in text {
            if Unicode.Scalar(value)?.properties.isWhitespace == true || (0x1C...0x1F).contains(value) {
                if !current.isEmpty { result.append(current); current = [] }
            } else {
                current.append(value)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func joined(_ tokens: [[UInt32]]) -> [UInt32] {
        var result: [UInt32] = []
        for (index, token) in tokens.enumerated() {
            if index > 0 { result.append(0x20) }
            result += token
        }
        return result
    }

    /// Python's string order: by code point.
    static func lexicographic(_ a: [UInt32], _ b: [UInt32]) -> Bool { a.lexicographicallyPrecedes(b) }
}
