/// Pinyin readings of Han characters, one ICU call per distinct character.
///
/// ICU's Han-Latin is a table of single characters plus a handful of context rules
/// (`{重}' '?庆 > chóng`): outside those, the reading of a run is the readings of its
/// characters, one syllable each. So a run is read from this table, and only a run
/// that holds one of the context-sensitive characters goes to ICU as a whole. The
/// characters are taken from Han-Latin's own rules at first use, not hard-coded; the
/// test suite checks the table against ICU on random Han text.
final class HanReadings: Sendable {
    private let cache: ShardedCache<UInt32, [String]>

    /// Characters whose Han-Latin reading depends on their neighbours.
    static let contextual: Set<Unicode.Scalar> = {
        guard let rules = try? Transliterator(id: "Han-Latin").rules() else { return [] }
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

    init(capacity: Int) { cache = ShardedCache(capacity: capacity) }

    /// The syllables of a Han run, or nil when the run needs ICU's context rules.
    func read(_ run: ArraySlice<Unicode.Scalar>, workspace: ICUWorkspace) -> [String]? {
        var syllables: [String] = []
        for scalar in run {
            if Self.contextual.contains(scalar) { return nil }
            if let known = cache.value(for: scalar.value) {
                syllables.append(contentsOf: known)
                continue
            }
            let reading = workspace.toLatin(String(scalar), script: .han, ids: ["Han-Latin"])
            let parts = reading.split(whereSeparator: { $0 == " " }).map(String.init)
            cache.insert(parts, for: scalar.value)
            syllables.append(contentsOf: parts)
        }
        return syllables
    }
}
