import Foundation
import Testing
import NominaTestSupport
import Yams
@testable import Nomina

/// Library-level invariants behind the hostile-input fixes: limits, token edges, linear
/// structures (the CLI reproductions are in NominaCLITests/HostileInputTests.swift).
@Suite("Hostile input (library)")
struct HostileInputLibraryTests {
    static let resolver = ResolverTests.resolver

    @Test("queries over the limit are no match with a tooLong step; names as written still resolve")
    func queryLimit() {
        let long = String(repeating: "Naka ", count: 300) + "Naka"
        let resolution = Self.resolver.resolve(long)
        #expect(resolution.outcome == .noMatch)
        #expect(resolution.explanation == [.tooLong(bytes: long.utf8.count, limit: Resolver.maximumQueryBytes)])
        // Just under the limit: the stages run.
        let under = String(repeating: "x", count: Resolver.maximumQueryBytes - 5) + " Naka"
        #expect(!Self.resolver.resolve(under).explanation.contains { if case .tooLong = $0 { true } else { false } })
        #expect(Self.resolver.resolve("Naqqa").best?.id == "nagorno-karabakh")
    }

    @Test("the fuzzy stage skips keys over its limit, and queries of many parts are not compounds")
    func stageLimits() {
        let typo = "Azerbaijna"  // one transposition: fuzzy
        #expect(Self.resolver.resolve(typo).best?.id == "AZE")
        let longTypo = String(repeating: "Azerbaijna", count: Resolver.maximumFuzzyKeyBytes / 10 + 1)
        #expect(Self.resolver.resolve(longTypo).outcome == .noMatch)
        let parts = Array(repeating: "Armenia", count: Resolver.maximumCompoundAtoms + 1).joined(separator: "-")
        #expect(Self.resolver.resolve(parts).outcome == .noMatch)
        #expect(Self.resolver.resolve("Azerbaijan-Armenia").outcome == .match)
    }

    @Test("the banded trie walk agrees with naive OSA on long queries too")
    func longTrieQueries() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("abcde")
        let keys = Set((0..<300).map { _ in String((0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) })
        let list = Array(keys)
        let trie = KeyTrie(keys: list.map { Array($0.utf8) })
        for _ in 0..<60 {
            var query = list.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                var characters = Array(query)
                let position = Int.random(in: 0...characters.count, using: &rng)
                if position < characters.count && Bool.random(using: &rng) { characters.remove(at: position) }
                else { characters.insert(alphabet.randomElement(using: &rng)!, at: position) }
                query = String(characters)
            }
            let found = Set(trie.searchTexts(query, maxEdits: 2))
            let expected = Set(list.compactMap { key -> String? in
                let distance = ReferenceMetrics.osa(key.unicodeScalars.map(\.value), query.unicodeScalars.map(\.value))
                return distance <= 2 ? "\(key):\(distance)" : nil
            })
            #expect(found == expected, "\(query)")
        }
        // A query far longer than any key: nothing, and no table of its square.
        #expect(trie.search(Array(repeating: UInt8(ascii: "a"), count: 200_000), maxEdits: 2).isEmpty)
    }

    @Test("tokens start and end with a letter, mark or digit: format and control characters at a word's edges are outside it")
    func tokenEdges() {
        var tokenizer = TextTokenizer(normalizer: .shared)
        let texts = RandomCorpus.strings(count: 600, maxLength: 60, seed: 21)
            + ["Lavrov\u{0}", "\u{202E}Naka is here\u{202C}", "Naka\u{0}resumed", "A\u{AD}B\u{200D}", "\u{FEFF}Baku\u{200B}"]
        for original in texts {
            let text = original
            var copy = original
            copy.withUTF8 { bytes in
                tokenizer.tokenize(bytes)
                let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
                for token in tokenizer.tokens {
                    let first = scalars[Int(token.scalarStart)], last = scalars[Int(token.scalarEnd) - 1]
                    #expect(NameNormalizer.shared.classify(first.value) == .token, "\(text.debugDescription): starts with \(first.debugDescription)")
                    #expect(NameNormalizer.shared.classify(last.value) == .token, "\(text.debugDescription): ends with \(last.debugDescription)")
                    #expect(!(token.scalarStart..<token.scalarEnd).contains { TextTokenizer.isControl(scalars[Int($0)].value) })
                }
            }
        }
        // "Naka\0resumed" is two words.
        var text = "Naka\u{0}resumed"
        text.withUTF8 { tokenizer.tokenize($0) }
        #expect(tokenizer.tokens.count == 2)
    }

    @Test("a rewrite changes no byte outside the mentions it reports")
    func rewriteKeepsOtherBytes() {
        let extractor = MentionExtractor(resolver: Self.resolver)
        var rng = SplitMix64(seed: 5)
        let names = ["Naka", "Naqqa", "Lavrov", "Aya-Yaah", "纳卡", "Азербайджан", "République d'Azerbaïdjan"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                text += RandomCorpus.string(length: Int.random(in: 0...8, using: &rng), using: &rng)
                text += Bool.random(using: &rng) ? " " : ""
                text += names.randomElement(using: &rng)!
                text += RandomCorpus.string(length: Int.random(in: 0...3, using: &rng), using: &rng)
            }
            let (rewritten, mentions) = extractor.rewrite(text)
            // Rebuild the rewrite from the reported mentions alone.
            var expected = [UInt8](), position = 0
            let utf8 = Array(text.utf8)
            for mention in mentions where mention.outcome == .match {
                expected += utf8[position..<(mention.utf8Range.lowerBound + mention.keptArticle(for: mention.entity!.name).bytes)]
                expected += Array(mention.entity!.name.utf8)
                position = mention.utf8Range.upperBound
            }
            expected += utf8[position...]
            #expect(Array(rewritten.utf8) == expected, "\(text.debugDescription)")
        }
    }

    @Test("YAML aliases expanding past the file's size are one error, found without expanding them")
    func yamlAliasBomb() {
        // Ten levels of ten references: 10^10 values from a few hundred bytes.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...10 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "entities: []\n"
        var parser = YAMLDictionaryParser(file: "bomb.yaml")
        parser.parse(text)
        #expect(parser.diagnostics.count == 1)
        // Aliases are refused before the YAML library reads the file (the first alias of an
        // anchor, on line 2); the expansion budget stays as a second line of defence.
        #expect(parser.diagnostics.first?.kind == .syntax)
        #expect(parser.diagnostics.first?.location.line == 2)
        #expect(YAMLDictionaryParser.expandedSize(try! Yams.compose(yaml: "a: &a [x, x]\nb: [*a, *a, *a]\n")!, budget: 5) > 5)
    }
}

@Suite("YAML positions")
struct YAMLPositionTests {
    // An unclosed list is reported at the end of the input, which libyaml puts one line
    // past the last: line 6 of a 5-line file; the same one past the last file line with
    // other line breaks.
    @Test("positions count lines as editors do: NEL and U+2028 end a YAML line, not a file line; CR, LF and CRLF end both", arguments: [
        ("entities:\r  - [1,\r\r\r\r\r\r\r\r\rx", 12),
        ("entities:\n  - [1,\u{2028}\u{2028}x", 3),
        ("entities:\r\n  - [1,\r\n\u{85}\u{85}x", 4),
        ("entities:\n  - [1,\n\n\nx", 6),
        ("entities:\r  - id: X\r    name: X\r    kind: nowhere\r", 4),
        ("entities:\u{2028}  - id: X\u{2028}    name: X\u{2028}    kind: nowhere\n", 1),
    ])
    func lineFeedsOnly(text: String, line: Int) {
        var parser = YAMLDictionaryParser(file: "positions.yaml")
        parser.parse(text)
        #expect(parser.diagnostics.count == 1)
        #expect(parser.diagnostics.first?.location.line == line, "\(parser.diagnostics)")
    }
}
