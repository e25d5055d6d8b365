/// Pinyin readings of Han characters, one ICU call per distinct character.
///
/// ICU's Han-Latin is a table of single characters plus a handful of context rules
/// (`{重}' '?庆 > chóng`): outside those, the reading of a run is the readings of its
/// characters, one syllable each. So a run is read from this table, and only a run
/// that holds one of the context-sensitive characters goes to ICU as a whole. The
/// characters are taken from Han-Latin's own rules at first use, not hard-coded; the
/// test suite checks the table against ICU on random Han text.
final class HanReadings: Sendable {
    /// Character (UTF-8) → its syllables joined by spaces; the same cache type as tokens.
    private let cache: TokenCache

    /// Characters whose Han-Latin reading depends on their neighbours.
    static let contextual: Set<Unicode.Scalar> = {
        guard let rules = ICUProblems.recording({ () throws(ICUError) in try Transliterator(id: "Han-Latin").rules() }) else { return [] }
        var set = Set<Unicode.Scalar>()
        for line in rules.split(separator: "\n") {
            // A context rule: `before{target}after > reading;` — the target is between braces.
            guard let open = line.firstIndex(of: "{"), let close = line[open...].firstIndex(of: "}") else { continue }
            for scalar in line[line.index(after: open)..<close].unicodeScalars where Script.of(scalar) == .han {
                set.insert(scalar)
            }
        }
        return set
    }()

    init(capacity: Int) { cache = TokenCache(capacity: capacity) }

    /// The syllables of a Han run, or nil when the run needs ICU's context rules.
    func read(_ run: ArraySlice<Unicode.Scalar>, workspace: ICUWorkspace) -> [String]? {
        var syllables: [String] = []
        for scalar in run {
            if Self.contextual.contains(scalar) { return nil }
            var character = String(scalar)
            let known = character.withUTF8 { bytes in
                cache.withEntry(hash: UTF8Decoding.hash(bytes), raw: bytes) { output, _ in
                    syllables += String(decoding: output, as: UTF8.self).split(separator: " ").map(String.init)
                }
            }
            if known { continue }
            let reading = workspace.toLatin(String(scalar), script: .han, ids: ["Han-Latin"])
            let parts = reading.split(whereSeparator: { $0 == " " }).map(String.init)
            character.withUTF8 { bytes in
                cache.insert(hash: UTF8Decoding.hash(bytes), raw: bytes, output: Array(parts.joined(separator: " ").utf8),
                             scripts: .empty)
            }
            syllables.append(contentsOf: parts)
        }
        return syllables
    }
}
