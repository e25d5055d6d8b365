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

    /// Characters whose Han-Latin reading depends on their neighbours: those a compiled
    /// index stored (``store(contextual:)``, made with the same ICU), else taken from
    /// Han-Latin's rules at first use, which opens the transliterator (~0.1 s).
    static var contextual: Set<Unicode.Scalar> { contextualOnce }
    private static let storedContextual = Locked<Set<Unicode.Scalar>?>(nil)
    private static let contextualOnce: Set<Unicode.Scalar> = {
        if let stored = storedContextual.withLock({ $0 }) { return stored }
        return contextualFromICU()
    }()

    /// The context-sensitive characters of ICU's own Han-Latin rules.
    static func contextualFromICU() -> Set<Unicode.Scalar> {
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
    }

    /// Takes the context-sensitive characters from a compiled index (made with this ICU),
    /// if the set is not in use yet: a run that reads a stored index opens no transliterator
    /// for Han names whose characters the index also stored (``store(_:)``).
    static func store(contextual: Set<Unicode.Scalar>) {
        storedContextual.withLock { stored in if stored == nil { stored = contextual } }
    }

    init(capacity: Int) { cache = TokenCache(capacity: capacity) }

    /// The syllables of a Han run, or nil when the run needs ICU's context rules.
    func read(_ run: ArraySlice<Unicode.Scalar>, workspace: ICUWorkspace) -> [String]? {
        var syllables: [String] = []
        for scalar in run {
            if Self.contextual.contains(scalar) { return nil }
            syllables += reading(of: scalar, workspace: workspace)
        }
        return syllables
    }

    /// The syllables of one character if they are cached (a compiled index stores those of
    /// every character of its names); nil otherwise.
    func cachedReading(of scalar: Unicode.Scalar) -> [String]? {
        var character = String(scalar)
        var syllables: [String] = []
        let known = character.withUTF8 { bytes in
            cache.withEntry(hash: UTF8Decoding.hash(bytes), raw: bytes) { output, _ in
                syllables = String(decoding: output, as: UTF8.self).split(separator: " ").map(String.init)
            }
        }
        return known ? syllables : nil
    }

    /// The syllables of one character: from the cache, else from ICU (and cached).
    func reading(of scalar: Unicode.Scalar, workspace: ICUWorkspace) -> [String] {
        if let syllables = cachedReading(of: scalar) { return syllables }
        let reading = workspace.toLatin(String(scalar), script: .han, ids: ["Han-Latin"])
        let parts = reading.split(whereSeparator: { $0 == " " }).map(String.init)
        store([(scalar, parts.joined(separator: " "))])
        return parts
    }

    /// Caches the readings of characters (syllables joined by spaces), as a compiled index
    /// stored them.
    func store(_ readings: some Sequence<(Unicode.Scalar, String)>) {
        for (scalar, reading) in readings {
            var character = String(scalar)
            character.withUTF8 { bytes in
                cache.insert(hash: UTF8Decoding.hash(bytes), raw: bytes, output: Array(reading.utf8), scripts: .empty)
            }
        }
    }
}
