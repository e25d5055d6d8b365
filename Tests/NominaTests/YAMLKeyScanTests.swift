import Foundation
import Testing
import Yams
@testable import Nomina
import NominaTestSupport

@Suite("YAML keys that are not text")
struct YAMLKeyScanTests {
    @Test("lists, mappings, aliases and explicit keys are found at their line and column", arguments: [
        ("? x\n: y\n", YAMLKeyScan.Finding.explicitKey, 1, 1),
        ("entities:\n  - ? [a]\n    : b\n", .explicitKey, 2, 5),
        ("a: {? b : c}\n", .explicitKey, 1, 5),
        ("[a, b]: c\n", .collectionKey, 1, 1),
        ("x:\n  {a: b} : c\n", .collectionKey, 2, 3),
        ("x: [[a]: b]\n", .collectionKey, 1, 5),
        ("x: {\n  [a]:b}\n", .collectionKey, 2, 3),
        ("- &k [a, b]: c\n", .collectionKey, 1, 6),
        ("a: &a [x]\n*a : 1\n", .aliasKey, 2, 1),
        ("a: &a [x]\nb: {*a : 1}\n", .aliasKey, 2, 5),
        ("entities:\r  - *a: 1\r", .aliasKey, 2, 5),
        // After a block scalar's text ends, the scan resumes.
        ("note: |\n  ? text\n? key\n", .explicitKey, 3, 1),
        ("- a: |2\n     ? text\n  ? key\n", .explicitKey, 3, 3),
        // The byte-order mark and NEL (a YAML line break, not a file line break).
        ("\u{FEFF}? x\n", .explicitKey, 1, 2),
        ("a: b\u{85}? x\n", .explicitKey, 1, 6),
        ("é: ü\n[ä]: c\n", .collectionKey, 2, 1),
        // Found by the attacker review: "?" in a flow collection without a blank, an anchor
        // ended by ':', a byte order mark inside the file; and any alias of an anchor.
        ("j: {?x}\n", .explicitKey, 1, 5),
        ("a: &a [x, y]\nb: *a\n", .aliasKey, 2, 4),
        ("a: {[b]}\n", .collectionKey, 1, 5),
        ("a: {k: v, *b}\n", .aliasKey, 1, 11),
        ("a: [&x b]\nc: [*x]\n", .aliasKey, 2, 5),
        ("a: [&x b]\nc: {\"k\":*x}\n", .aliasKey, 2, 9),
        ("a: \u{FEFF}&x b\nc: *x\n", .aliasKey, 2, 4),
        ("\"quoted key\": 1\n'it''s': 2\n{\"a\":1, 'b': [1, 2]}: 3\n", .collectionKey, 3, 1),
    ])
    func found(text: String, finding: YAMLKeyScan.Finding, line: Int, column: Int) throws {
        let result = try #require(YAMLKeyScan.firstComplexKey(in: text))
        #expect(result.finding == finding)
        #expect(result.line == line)
        #expect(result.column == column)
    }

    @Test("text keys, and the same characters inside values, quotes, comments and block scalars, pass", arguments: [
        "entities:\n  - id: AZE\n    name: Azerbaijan\n    aliases: [Azərbaycan, {name: \"? x\", lang: az}]\n",
        "a: '[a]: b'\nb: \"*a : c\"\n",
        "# ? [a]: b\na: b # *a : c\n",
        "note: |\n  ? x\n  [a]: b\n\n  *a : c\nnext: 1\n",
        "- note: >-\n    ? x\n    {a: b}: c\n- b\n",
        "a: x:y\nb: what? really\nc: see [1]:here\n",
        "---\n- a\n...\n--- |\n  ? x\n",
        "a: !tag value\nb: !!str 2\n",
        "a: [1,\n  2,\n  3]\nb: {c: d,\n  e: f}\n",
        // '&' and '*' inside text are no anchor or alias (found by the attacker review: these
        // valid files were refused).
        "note: \"AT&T and *T\"\n",
        "aliases: [\"&x\", \"*x\"]\n",
        "a: AT&T\nb: 2*T\n",
    ])
    func passes(text: String) {
        #expect(YAMLKeyScan.firstComplexKey(in: text) == nil, "\(text.debugDescription)")
    }

    @Test("the bundled YAML dictionaries pass")
    func bundled() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Dictionaries").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(YAMLKeyScan.firstComplexKey(in: text) == nil, "\(file)")
        }
    }

    // Found by the Dictionary fuzz target: 2 KB of nested explicit keys with duplicates took
    // 33 s in the YAML library's duplicate-key check. And an alias key standing for 10⁹
    // values (nine lines) would take about 80 s to hash.
    @Test("keys that would take the YAML library exponential time are one syntax error", arguments: [
        String(repeating: "? ? -  - ", count: 200) + "x\n" + String(repeating: "? ? -  - ", count: 200) + "x\n",
        (0...8).map { level in
            level == 0 ? "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
                : "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
        }.joined(separator: "\n") + "\n*a8 : 1\nentities: []\n",
        "entities: " + String(repeating: "{", count: 500) + "a" + String(repeating: ": b}", count: 500) + ": c\n",
    ])
    func exponentialKeys(text: String) {
        var parser = YAMLDictionaryParser(file: "keys.yaml")
        parser.parse(text)
        #expect(parser.diagnostics.count == 1)
        #expect(parser.diagnostics.first?.kind == .syntax)
        #expect(parser.diagnostics.first?.message.contains("every key as text") == true, "\(parser.diagnostics)")
        #expect(parser.entities.isEmpty)
    }

    /// Whether every mapping key in `node` (aliases expanded, the trees here are small) is
    /// text.
    static func keysAreText(_ node: Node) -> Bool {
        switch node {
        case .mapping(let mapping):
            return mapping.allSatisfy { pair in
                if case .scalar = pair.key { return keysAreText(pair.value) }
                return false
            }
        case .sequence(let sequence): return sequence.allSatisfy(keysAreText)
        default: return true
        }
    }

    // The reference is the YAML library itself: whatever it builds from random YAML-like
    // text, if it holds a key that is not text, the scan must have found one first.
    @Test("property: whenever the YAML library builds a key that is not text, the scan finds one")
    func agreesWithYams() throws {
        let tokens = ["? ", "- ", ": ", ":", "[", "]", "{", "}", ", ", "*a", "*a ", "&a ", "&b ", "*b", "a", "b", "x y",
                      "\n", "\n", "\n  ", "\n    ", "  ", "'q'", "\"q\"", "'", "|\n", ">\n", "|2\n", "# c", "!t ", "---\n",
                      "\r", "\u{85}", "\t",
                      // Fragments that make keys of every kind, so that the case is reached often.
                      "[a]", "{a: b}", "[*a]", "&a [b]", "&a {b: c}", "? [a]", "{? a}", "[[a]: b]", "#", "\n- ", "k: ", "\n  - k: ", "  k: "]
        var random = SplitMix64(seed: 0x59414D4C)
        var built = 0, complexBuilt = 0
        for _ in 0..<40_000 {
            let count = Int.random(in: 1...18, using: &random)
            let text = (0..<count).map { _ in tokens.randomElement(using: &random)! }.joined()
            let scan = YAMLKeyScan.firstComplexKey(in: text)
            guard let node = try? Yams.compose(yaml: text) else { continue }
            built += 1
            if !Self.keysAreText(node) {
                complexBuilt += 1
                #expect(scan != nil, "missed a key that is not text in \(text.debugDescription)")
            }
        }
        // The generator must reach the case it tests.
        #expect(built > 4_000)
        #expect(complexBuilt > 200)
    }
}
