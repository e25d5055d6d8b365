import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// One pair of the RapidFuzz fixture (Fixtures/metrics/generate.py).
struct MetricReference: Sendable {
    let a: [UInt32], b: [UInt32]
    let levenshtein: Int, osa: Int, damerau: Int, indel: Int
    let indelNormalizedSimilarity: Double, jaro: Double, jaroWinkler: Double
    let tokenSortRatio: Double, tokenSetRatio: Double

    static let all: [MetricReference] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/metrics/reference.jsonl").path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            func number(_ key: String) -> Double { (object[key] as! NSNumber).doubleValue }
            return MetricReference(
                a: (object["a"] as! String).scalarValues, b: (object["b"] as! String).scalarValues,
                levenshtein: Int(number("levenshtein")), osa: Int(number("osa")), damerau: Int(number("damerau")),
                indel: Int(number("indel")), indelNormalizedSimilarity: number("indel_normalized_similarity"),
                jaro: number("jaro"), jaroWinkler: number("jaro_winkler"),
                tokenSortRatio: number("token_sort_ratio"), tokenSetRatio: number("token_set_ratio"))
        }
    }()
}

@Suite("Metrics")
struct MetricsTests {
    @Test("the fixture has 10,000 pairs, non-ASCII and longer than 64 units included")
    func fixtureShape() {
        let all = MetricReference.all
        #expect(all.count == 10_000)
        #expect(all.contains { $0.a.count > 64 && $0.b.count > 64 })
        #expect(all.contains { $0.a.contains { $0 > 0xFFFF } })
        #expect(all.contains { $0.a.isEmpty })
    }

    @Test("distances agree exactly with RapidFuzz")
    func distancesAgree() {
        for (index, pair) in MetricReference.all.enumerated() {
            #expect(Levenshtein.distance(pair.a, pair.b) == pair.levenshtein, "pair \(index)")
            #expect(OSA.distance(pair.a, pair.b) == pair.osa, "pair \(index)")
            #expect(DamerauLevenshtein.distance(pair.a, pair.b) == pair.damerau, "pair \(index)")
            #expect(Indel.distance(pair.a, pair.b) == pair.indel, "pair \(index)")
        }
    }

    @Test("ratios agree with RapidFuzz to 1e-9")
    func ratiosAgree() {
        for (index, pair) in MetricReference.all.enumerated() {
            #expect(abs(Indel.normalizedSimilarity(pair.a, pair.b) - pair.indelNormalizedSimilarity) < 1e-9, "pair \(index)")
            #expect(abs(Jaro.similarity(pair.a, pair.b) - pair.jaro) < 1e-9, "pair \(index)")
            #expect(abs(JaroWinkler.similarity(pair.a, pair.b) - pair.jaroWinkler) < 1e-9, "pair \(index)")
            #expect(abs(TokenRatio.tokenSortRatio(pair.a, pair.b) - pair.tokenSortRatio) < 1e-9, "pair \(index)")
            #expect(abs(TokenRatio.tokenSetRatio(pair.a, pair.b) - pair.tokenSetRatio) < 1e-9, "pair \(index)")
        }
    }

    /// `count` random edits of `text`: an insertion, deletion, substitution or swap of
    /// neighbours each, at a random place.
    static func applyRandomEdits<Element>(_ count: Int, to text: inout [Element], alphabet: [Element],
                                          using rng: inout SplitMix64) {
        for _ in 0..<count {
            let position = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &rng)
            switch Int.random(in: 0...3, using: &rng) {
            case 0: text.insert(alphabet.randomElement(using: &rng)!, at: min(position, text.count))
            case 1: if !text.isEmpty { text.remove(at: position) }
            case 2: if !text.isEmpty { text[position] = alphabet.randomElement(using: &rng)! }
            default: if position + 1 < text.count { text.swapAt(position, position + 1) }
            }
        }
    }

    @Test("bit-parallel code agrees with naive dynamic programming, up to 300 units")
    func agreeWithNaive() {
        var rng = SplitMix64(seed: 64)
        for index in 0..<1_500 {
            let alphabet: [UInt32] = index % 3 == 0 ? [0x61, 0x62] : index % 3 == 1 ? Array(0x61...0x66) : [0x61, 0x430, 0x1F600, 0x4E2D]
            let lengthA = Int.random(in: 0...(index % 5 == 0 ? 300 : 90), using: &rng)
            let a = (0..<lengthA).map { _ in alphabet.randomElement(using: &rng)! }
            var b = a
            Self.applyRandomEdits(Int.random(in: 0...8, using: &rng), to: &b, alphabet: alphabet, using: &rng)
            if index % 4 == 0 { b = (0..<Int.random(in: 0...200, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! } }
            #expect(Levenshtein.distance(a, b) == ReferenceMetrics.levenshtein(a, b), "case \(index)")
            #expect(OSA.distance(a, b) == ReferenceMetrics.osa(a, b), "case \(index)")
            #expect(Indel.distance(a, b) == ReferenceMetrics.indel(a, b), "case \(index)")
            #expect(DamerauLevenshtein.distance(a, b) <= OSA.distance(a, b), "case \(index)")
        }
    }

    @Test("the linear one-edit check agrees with naive OSA, capped at 2")
    func oneEditCheck() {
        var rng = SplitMix64(seed: 65)
        for index in 0..<20_000 {
            // Short strings over a small alphabet, then 0–2 random edits: most pairs are
            // within one or two edits, where the check must be exact.
            let alphabet: [UInt8] = index % 2 == 0 ? [0x61, 0x62] : [0x61, 0x62, 0x63, 0x64]
            let a = (0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var b = a
            Self.applyRandomEdits(Int.random(in: 0...2, using: &rng), to: &b, alphabet: alphabet, using: &rng)
            let expected = min(ReferenceMetrics.osa(a.map(UInt32.init), b.map(UInt32.init)), 2)
            let fast = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in OSA.distanceUpToOne(x, y) } }
            #expect(fast == expected, "case \(index): \(a) \(b)")
        }
    }

    @Test("cutoffs: the distance, or cutoff + 1 when it is larger; symmetry; cached scorers agree")
    func cutoffsSymmetryAndCaching() {
        for pair in MetricReference.all.prefix(3_000) {
            for cutoff in [0, 1, 2, 5, 20] {
                #expect(Levenshtein.distance(pair.a, pair.b, cutoff: cutoff) == min(pair.levenshtein, cutoff + 1))
                #expect(OSA.distance(pair.a, pair.b, cutoff: cutoff) == min(pair.osa, cutoff + 1))
                #expect(Indel.distance(pair.a, pair.b, cutoff: cutoff) == min(pair.indel, cutoff + 1))
                #expect(DamerauLevenshtein.distance(pair.a, pair.b, cutoff: cutoff) == min(pair.damerau, cutoff + 1))
                #expect(CachedLevenshtein(pair.a).distance(to: pair.b, cutoff: cutoff) == min(pair.levenshtein, cutoff + 1))
                #expect(CachedIndel(pair.a).distance(to: pair.b, cutoff: cutoff) == min(pair.indel, cutoff + 1))
            }
            #expect(Levenshtein.distance(pair.b, pair.a) == pair.levenshtein)
            #expect(Jaro.similarity(pair.b, pair.a) == Jaro.similarity(pair.a, pair.b))
            #expect(abs(CachedIndel(pair.a).normalizedSimilarity(to: pair.b) - pair.indelNormalizedSimilarity) < 1e-9)
            let similarity = Levenshtein.normalizedSimilarity(pair.a, pair.b)
            #expect(Levenshtein.normalizedSimilarity(pair.a, pair.b, cutoff: 0.8) == (similarity >= 0.8 ? similarity : 0))
            #expect(abs(CachedLevenshtein(pair.a).normalizedSimilarity(to: pair.b) - similarity) < 1e-12)
        }
    }

    @Test("derived forms are consistent", arguments: [("kitten", "sitting", 3), ("", "", 0), ("", "abc", 3), ("naqqa", "naka", 2)])
    func derivedForms(_ a: String, _ b: String, _ expected: Int) {
        let x = a.scalarValues, y = b.scalarValues
        #expect(Levenshtein.distance(x, y) == expected)
        let maximum = Levenshtein.maximum(x.count, y.count)
        #expect(Levenshtein.similarity(x, y) == maximum - expected)
        #expect(Levenshtein.normalizedDistance(x, y) == (maximum == 0 ? 0 : Double(expected) / Double(maximum)))
        #expect(Levenshtein.normalizedSimilarity(x, y) == 1 - Levenshtein.normalizedDistance(x, y))
    }
}
