import Testing
import NominaTestSupport
@_spi(Internals) @testable import Nomina

/// Invariants over a large generated corpus of random Unicode strings in many scripts.
@Suite("NameNormalizer properties")
struct NormalizerPropertyTests {
    static let normalizer = NameNormalizer()
    static let corpus = RandomCorpus.strings(count: 20_000, maxLength: 24, seed: 0x6E6F6D696E61)

    @Test("keys are ASCII, tokens are [a-z0-9]+, single spaces, no crash")
    func keysAreASCII() {
        for (index, input) in Self.corpus.enumerated() {
            let result = Self.normalizer.normalize(input)
            let ok = result.key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }
            #expect(ok, "case \(index): \(input.unicodeScalars.map { String($0.value, radix: 16) }) → \(result.key)")
            #expect(!result.key.hasPrefix(" ") && !result.key.hasSuffix(" ") && !result.key.contains("  "),
                    "case \(index): \(result.key)")
            #expect(result.phonetic.utf8.allSatisfy { $0 < 0x80 })
            #expect(result.phonetic.split(separator: " ").count == result.tokens.count)
        }
    }

    @Test("idempotence: normalize(normalize(x).key).key == normalize(x).key")
    func idempotence() {
        for (index, input) in Self.corpus.enumerated() {
            let key = Self.normalizer.key(input)
            #expect(Self.normalizer.key(key) == key, "case \(index)")
        }
    }

    @Test("the ASCII fast path agrees with a naive reference")
    func asciiAgreesWithReference() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("aAbBzZ09 .-'\"_,;:!?()\t\n\u{01}\u{7F}xyXY.. ")
        for index in 0..<20_000 {
            let length = Int.random(in: 0...20, using: &rng)
            let input = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(Self.normalizer.key(input) == ReferenceKey.asciiKey(input), "case \(index): \(input.debugDescription)")
        }
        for input in ["U.S.A.", "U.S. Army", "J. Smith", "A.B.C.D", "a..b", "a. b", ".a.b.", "e.g.", "x.y.zz.q"] {
            #expect(Self.normalizer.key(input) == ReferenceKey.asciiKey(input), "\(input)")
        }
    }

    @Test("a tiny cache (constant eviction) gives the same results as a large one")
    func cacheDoesNotChangeResults() {
        let small = NameNormalizer(cacheCapacity: 64)
        for (index, input) in Self.corpus.prefix(5_000).enumerated() {
            #expect(small.normalize(input) == Self.normalizer.normalize(input), "case \(index)")
        }
        #expect(small.cachedTokenCount <= 64)
    }

    @Test("the Han table agrees with ICU's Han-Latin on random Han text")
    func hanTableAgreesWithICU() throws {
        let reference = try Transliterator(id: "Han-Latin; Latin-ASCII")
        var rng = SplitMix64(seed: 7)
        // Common characters, and the context-sensitive ones with their contexts.
        let common = Array("纳戈尔诺卡拉巴赫阿塞拜疆亚美尼亚俄罗斯乌克兰中国美国英国法国德国日本地区局势紧张双方同意停火重庆沈阳秘鲁西藏文行长")
        for index in 0..<3_000 {
            let length = Int.random(in: 1...8, using: &rng)
            let input = String((0..<length).map { _ in common.randomElement(using: &rng)! })
            let expected = try reference.transliterate(input).lowercased()
                .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
            #expect(Self.normalizer.key(input) == expected, "case \(index): \(input)")
        }
        #expect(!HanReadings.contextual.isEmpty)
        #expect(HanReadings.contextual.contains("重"))
    }

    @Test("accented Latin letters fold without ICU exactly as through ICU's chain")
    func accentedLatinAgreesWithICU() {
        let workspace = ICUWorkspace(asciiFold: true)
        // Every letter of the table, alone and in upper and lower case, through both paths.
        var covered = 0
        for value in ICUWorkspace.accentedLatinRange {
            let scalar = Unicode.Scalar(value)!
            let text = String(scalar)
            guard let fast = ICUWorkspace.foldAccentedLatin(text) else { continue }
            covered += 1
            #expect(fast == workspace.foldToASCIIThroughICU(text), "U+\(String(value, radix: 16)) \(text)")
        }
        #expect(covered >= 240, "\(covered) letters folded without ICU")
        // Letters outside the table go to ICU: ligatures, letters without a decomposition,
        // marks written apart, other scripts.
        for text in ["Æsir", "Øresund", "Straße", "Đakovo", "Ærø", "e\u{301}", "ı", "Ŀ", "Москва"] {
            #expect(ICUWorkspace.foldAccentedLatin(text) == nil, "\(text)")
        }
        // Random text of table letters, ASCII letters, digits, spaces and punctuation.
        let letters = ICUWorkspace.accentedLatinRange.compactMap { value -> Character? in
            let scalar = Unicode.Scalar(value)!
            return ICUWorkspace.foldAccentedLatin(String(scalar)) == nil ? nil : Character(scalar)
        }
        let alphabet = letters + Array("aZ09 -'.,")
        var rng = SplitMix64(seed: 0xF01D)
        for index in 0..<3_000 {
            let length = Int.random(in: 1...24, using: &rng)
            let input = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(workspace.foldToASCII(input) == workspace.foldToASCIIThroughICU(input), "case \(index): \(input)")
        }
    }
}

@Suite("NameNormalizer under concurrency")
struct NormalizerConcurrencyTests {
    static let names: [String] = {
        let base = RandomCorpus.strings(count: 9_000, maxLength: 16, seed: 99)
        return base + (0..<1_000).map { ["Нагорный Карабах", "纳戈尔诺-卡拉巴赫", "Naqqa", "Αζερμπαϊτζάν", "아제르바이잔"][$0 % 5] + " \($0)" }
    }()

    @Test("8 tasks normalising the same 10,000 names give exactly the serial result")
    func eightTasks() async {
        #expect(Self.names.count == 10_000)
        let serial = NameNormalizer().let { normalizer in Self.names.map { normalizer.normalize($0) } }
        let shared = NameNormalizer(cacheCapacity: 4_096)  // small, so tasks also evict concurrently
        let results = await withTaskGroup(of: [NormalizedName].self, returning: [[NormalizedName]].self) { group in
            for _ in 0..<8 { group.addTask { Self.names.map { shared.normalize($0) } } }
            var all: [[NormalizedName]] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 8)
        for result in results { #expect(result == serial) }
    }
}

extension NameNormalizer {
    /// Runs `body` with this normaliser (keeps test set-up in one expression).
    func `let`<R>(_ body: (NameNormalizer) -> R) -> R { body(self) }
}
