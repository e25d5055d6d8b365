import Dispatch

/// Resolves names as they appear in the wild to gazetteer entities: which entity, how
/// sure, and why; or that it is none, or ambiguous.
///
/// ```swift
/// let resolver = Resolver(gazetteer: try .bundled())
/// let r = resolver.resolve("Naqqa")
/// r.outcome            // .match
/// r.best?.id           // "nagorno-karabakh"
/// r.method             // .phonetic
/// r.explanation.map(\.description)
/// ```
///
/// Stages, in order; the first confident answer wins (docs/matching.md): exact name,
/// folded key, confusable skeleton, phonetic key, designator stripping, fuzzy (edits
/// scaled with length), compounds and pairs, abbreviations. Immutable and `Sendable`.
public final class Resolver: Sendable {
    /// The options every resolution uses (``with(options:)`` makes a resolver with others).
    public let options: ResolverOptions
    let index: ResolverIndex
    let spoof: SharedSpoofChecker?
    /// What a compiled index holds for the layers above matching (the extractor's mention
    /// automaton), kept with the resolver that was read from it; opaque here.
    let compiledExtras: (any CompiledExtra)?
    /// Tables the rarer stages derive from the index at first use (not stored in it).
    let derivedTables = Locked<DerivedTables?>(nil)
    /// The names the approximate stages may match (``ResolverOptions/approximateLanguages``).
    let nameFilter: ApproximateNameFilter?

    /// Builds the index of `gazetteer` (normalising every name once).
    public init(gazetteer: Gazetteer, options: ResolverOptions = ResolverOptions(),
                normalizer: NameNormalizer = .shared) {
        self.options = options
        self.index = ResolverIndex(gazetteer: gazetteer, normalizer: normalizer)
        self.spoof = ICUProblems.recording { () throws(ICUError) in try SharedSpoofChecker() }
        self.compiledExtras = nil
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver over an index read from a compiled snapshot, with its mention automaton.
    init(index: ResolverIndex, options: ResolverOptions, extras: (any CompiledExtra)?) {
        self.options = options
        self.index = index
        self.spoof = ICUProblems.recording { () throws(ICUError) in try SharedSpoofChecker() }
        self.compiledExtras = extras
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver over `other`'s index (nothing is built) with other options.
    init(sharing other: Resolver, options: ResolverOptions) {
        self.options = options
        self.index = other.index
        self.spoof = other.spoof
        self.compiledExtras = other.compiledExtras
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver with other options (kinds, threshold, top) over this one's index: nothing
    /// is rebuilt, and both may be used at once.
    public func with(options: ResolverOptions) -> Resolver {
        Resolver(index: index, options: options, extras: compiledExtras)
    }

    /// The gazetteer the resolver was built from.
    public var gazetteer: Gazetteer { index.gazetteer }

    /// The parent id of the entity `id` (a city's country), read from the index's summary
    /// columns without decoding the entity; nil for none, or for an id that is not an
    /// entry (a composite such as `CHN+RUS`).
    public func parent(of id: String) -> String? {
        index.gazetteer.position(of: id).flatMap { index.summaries[$0].parent }
    }

    /// Index size: names indexed, approximate bytes, bytes per name.
    public var indexStatistics: (names: Int, bytes: Int, bytesPerName: Double) {
        let memory = index.memoryFootprint
        return (index.entries.count, memory.total, memory.perName)
    }

    /// Resolves many queries on all cores; results are in input order. The calling thread
    /// waits; from async code, use ``resolve(batch:)``.
    public func resolve(_ queries: [String]) -> [Resolution] {
        concurrentMap(queries, chunk: 64, state: {}) { _, query in resolve(query) }
    }

    /// Resolves many queries on all cores, for async code: the work runs as child tasks in
    /// chunks of 64, and the caller suspends instead of blocking a thread of the cooperative
    /// pool. Results are in input order.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (no new chunk starts).
    public func resolve(batch queries: [String]) async throws -> [Resolution] {
        try await concurrentMap(queries, chunk: 64, state: {}) { [self] _, query in resolve(query) }
    }

    /// The longest query, in UTF-8 bytes, that goes through the stages after the exact
    /// lookup. A longer one is still looked up as written (in linear time), and otherwise
    /// resolves to no match with ``ExplanationStep/tooLong(bytes:limit:)``: no name is that
    /// long, and normalising and comparing such a query would cost time and memory for
    /// nothing (a 20,000-character query once asked for gigabytes).
    public static let maximumQueryBytes = StructureCheck.maximumNameBytes

    /// The longest folded key, in bytes, that the fuzzy stage compares (edits are found by
    /// a trie walk whose cost grows with the key; a name this long is
    /// found by its exact, folded or phonetic key, or not at all).
    public static let maximumFuzzyKeyBytes = 128

    /// The most parts a query is cut into by the compound stage ("A-B-C…"); a query with
    /// more is not read as a compound (the ways to group the parts grow as their cube).
    static let maximumCompoundAtoms = 12

    /// Resolves one query.
    public func resolve(_ query: String) -> Resolution {
        resolve(query, trims: 0)
    }

    /// How many times ``resolve(_:)-(String)`` trims a query that the trimmed form does not
    /// answer (quotes around a possessive around quotes: "“‘Russia’s’”"). Without a bound,
    /// "Kamen's's's…" (a thousand of them in 2 KB) recursed a level a possessive, running
    /// every stage and adding a step at each: seconds and a megabyte of explanation a query.
    static let maximumTrims = 3

    private func resolve(_ query: String, trims: Int) -> Resolution {
        if let hit = exactHit(query) { return hit }
        guard query.utf8.count <= 2 * Self.maximumQueryBytes, trims < Self.maximumTrims else { return resolveThroughStages(query) }
        // Padding does not count: the query without it first, so that the punctuation it
        // ends in is read as without padding ("Kamen' " is "Kamen'", not "Kamen").
        if let first = query.unicodeScalars.first, let last = query.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            let unpadded = query.trimmingWhitespace
            if !unpadded.isEmpty {
                let inner = resolve(unpadded, trims: trims + 1)
                if inner.outcome != .noMatch {
                    return Resolution(query: query, outcome: inner.outcome, best: inner.best, candidates: inner.candidates,
                                      explanation: [.trimmed(from: query, to: unpadded)] + inner.explanation)
                }
            }
        }
        // Quotes, brackets and sentence punctuation around a name, and a possessive ending,
        // are not part of it (the extractor leaves them out of mentions): "(Naka)",
        // "Russia's", "“Baku”,". The name as written is tried first ("U.S." is a name).
        if let core = Self.trimmedName(query) {
            let inner = resolve(core, trims: trims + 1)
            if inner.outcome != .noMatch {
                return Resolution(query: query, outcome: inner.outcome, best: inner.best, candidates: inner.candidates,
                                  explanation: [.trimmed(from: query, to: core)] + inner.explanation)
            }
        }
        return resolveThroughStages(query)
    }

    /// `name` without the quotes, brackets and sentence punctuation around it and without a
    /// possessive ending ('s, ’s, or ' after an s); nil when nothing is removed or nothing
    /// is left. Brackets and quotes go in pairs, or alone when they are unmatched: the
    /// parenthesis of "Falkland Islands (Las Malvinas)" stays.
    private static let trimPairs: [Unicode.Scalar: Unicode.Scalar] = [
        "(": ")", "[": "]", "{": "}", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}", "\u{201E}": "\u{201D}", "\u{AB}": "\u{BB}",
        "\u{2039}": "\u{203A}", "\u{300C}": "\u{300D}", "\u{300E}": "\u{300F}", "\u{300A}": "\u{300B}",
    ]
    private static let trimClosers = Dictionary(trimPairs.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })

    static func trimmedName(_ name: String) -> String? {
        // A name that starts and ends with an ASCII letter or digit, and does not end in
        // "s" (a possessive), has nothing to trim: most queries.
        if let first = name.utf8.first, let last = name.utf8.last, Self.isASCIIAlphanumeric(first),
           Self.isASCIIAlphanumeric(last), last != 0x73, last != 0x53 {
            return nil
        }
        let pairs = Self.trimPairs
        let closers = Self.trimClosers
        let symmetric: Set<Unicode.Scalar> = ["\"", "'"]
        let sentence: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?", "\u{2026}", "\u{3002}", "\u{FF0C}", "\u{3001}"]
        let inverted: Set<Unicode.Scalar> = ["\u{BF}", "\u{A1}"]
        let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}"]
        var view = Substring(name).unicodeScalars[...]
        // How many of each bracket and quote the view holds, kept as ends are cut: one pass
        // over the name, so trimming stays linear however much punctuation surrounds it.
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in view where pairs[scalar] != nil || closers[scalar] != nil || symmetric.contains(scalar) {
            counts[scalar, default: 0] += 1
        }
        func count(_ scalar: Unicode.Scalar) -> Int { counts[scalar] ?? 0 }
        func dropFirst() { counts[view.first!]? -= 1; view = view.dropFirst() }
        func dropLast() { counts[view.last!]? -= 1; view = view.dropLast() }
        func trim() {
            while let first = view.first, let last = view.last {
                if first.properties.isWhitespace || inverted.contains(first) {
                    dropFirst()
                } else if last.properties.isWhitespace || sentence.contains(last) {
                    dropLast()
                } else if first != last || view.index(after: view.startIndex) != view.endIndex,
                          pairs[first] == last || (symmetric.contains(first) && first == last) {
                    dropFirst(); dropLast()  // a wrapping pair: "(Naka)", «Arménie»
                } else if let closer = pairs[first], count(first) > count(closer) {
                    dropFirst()  // an opener never closed: "(Naka"
                } else if let opener = closers[last], count(last) > count(opener) {
                    dropLast()  // a closer never opened: "Naka)"
                } else if symmetric.contains(first), count(first) % 2 == 1 {
                    dropFirst()
                } else if symmetric.contains(last), count(last) % 2 == 1 {
                    dropLast()
                } else {
                    return
                }
            }
        }
        trim()
        // A possessive: "Russia's", "RUSSIA'S"; "Philippines'" lost its apostrophe above, as
        // an unmatched quote.
        let scalars = Array(view.suffix(2))
        if scalars.count == 2, apostrophes.contains(scalars[0]), scalars[1] == "s" || scalars[1] == "S" {
            dropLast(); dropLast()
            trim()
        }
        guard !view.isEmpty, view.startIndex != name.unicodeScalars.startIndex || view.endIndex != name.unicodeScalars.endIndex
        else { return nil }
        return String(view)
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// Every stage, without the exact hot path (tests compare the two).
    func resolveThroughStages(_ query: String) -> Resolution {
        var context = Context(query: query)
        // Padding does not count (the stages trim it).
        var length = query.utf8.count
        if length > Self.maximumQueryBytes { length = query.trimmingWhitespace.utf8.count }
        guard length <= Self.maximumQueryBytes else {
            context.steps.append(.tooLong(bytes: length, limit: Self.maximumQueryBytes))
            return context.finish(options: options)
        }
        let normalized = index.normalizer.normalize(query)
        context.steps.append(.normalized(key: normalized.key, scripts: normalized.scripts.map(\.code)))
        guard !normalized.key.isEmpty else { return context.finish(options: options) }
        context.blocked = Set(index.negatives.values(of: normalized.key))
        for entity in context.blocked {
            context.steps.append(.blockedByNegative(entity: index.summaries[Int(entity)].id, name: query))
        }
        _ = resolveSingle(query, normalized, into: &context, allowCompound: true)
        return context.finish(options: options)
    }

    /// Decides a name written exactly as in the gazetteer, without normalising it and
    /// without allocating: the entity's position in ``Gazetteer/entities``.
    /// ``ExactLookup/notFound`` means the stages of ``resolve(_:)-(String)`` are needed (the
    /// name is not in the gazetteer as written, kinds exclude it, it is a negative name, or
    /// several entities share it and the stages rank them). Agrees with `resolve(_:)`
    /// wherever it decides; made for bulk work.
    public func exactLookup(_ name: String) -> ExactLookup {
        decideExact(index.exact.lookup.values(of: name), query: name, materialize: false).lookup
    }

    /// The hot path of ``resolve(_:)-(String)`` for a query written exactly as a name. The result
    /// equals the full path's but for the explanation's first step (the folded key, never
    /// computed here).
    @inline(__always)
    func exactHit(_ query: String) -> Resolution? {
        let decision = decideExact(index.exact.lookup.values(of: query), query: query, materialize: true)
        guard case .match = decision.lookup, let chosen = decision.listed.first else { return nil }
        var explanation: [ExplanationStep] = [.matched(name: chosen.matchedName, entity: chosen.id, method: .exact, edits: 0)]
        explanation += decision.preferred
        return Resolution(query: query, outcome: .match, best: chosen, candidates: decision.listed, explanation: explanation)
    }

    /// The exact-name decision over `hits`, which the index keeps one per entity and ranked
    /// as `decide` ranks them (curated first, then id): the first few admitted hits decide.
    /// With `materialize`, also the candidates to list.
    @inline(__always)
    func decideExact(_ hits: SortedKeyTable.Values, query: String, materialize: Bool)
        -> (lookup: ExactLookup, listed: [Candidate], preferred: [ExplanationStep]) {
        guard let first = hits.first else { return (.notFound, [], []) }
        // Every hit has the same name, hence the same key.
        if index.entries[Int(first)].negativeKey { return (.notFound, [], []) }
        // A name in a smaller language may be an English demonym ("Pakistani", "Iraqi"):
        // the stages decide it. (Most such names are not: an ASCII one is checked here.)
        if !index.entries[Int(first)].reliable && mayBeAdjective(query) { return (.notFound, [], []) }
        // Running text: a name only smaller languages write so goes to the stages, which read
        // it approximately against the names text takes ("Kazakstan").
        if let nameFilter, !index.entries[Int(first)].reliable {
            let script = Self.firstScript(query)
            if !hits.contains(where: { nameFilter.admits(index.entries[Int($0)], script: script, gazetteer: index.gazetteer) }) {
                return (.notFound, [], [])
            }
        }
        // Capitals that are an ISO code: the stages weigh the code against the names.
        if query.utf8.count <= 3, codeEntities(query) != nil { return (.notFound, [], []) }
        func admitted(_ hit: Int32) -> Bool {
            guard let kinds = options.kinds else { return true }
            return kinds.contains(index.summaries[Int(index.entries[Int(hit)].entity)].kind)
        }
        func score(_ hit: Int32) -> Double { Scores.exact - (index.entries[Int(hit)].derived ? Scores.derivedPenalty : 0) }
        func candidate(_ hit: Int32) -> Candidate {
            let summary = index.summaries[Int(index.entries[Int(hit)].entity)]
            let matched = index.entries[Int(hit)].name
            return Candidate(id: summary.id, name: summary.name, kind: summary.kind, score: score(hit), method: .exact,
                             matchedName: matched, edits: 0, members: summary.members,
                             prominence: index.summaries.prominence(summary.position, ownName: matched == summary.name))
        }
        var top: Int32 = -1, seen = 0
        var listed: [Candidate] = [], outranked: [(entity: Int, name: String)] = []
        for hit in hits where admitted(hit) {
            seen += 1
            if top < 0 {
                top = hit
                guard score(hit) >= options.threshold else { return (.notFound, [], []) }
            } else if score(top) - score(hit) <= options.ambiguityMargin {
                let (chosen, other) = (Int(index.entries[Int(top)].entity), Int(index.entries[Int(hit)].entity))
                let (topName, hitName) = (index.entries[Int(top)].name, index.entries[Int(hit)].name)
                if outranks((other, hitName), over: (chosen, topName)) {
                    return (.notFound, [], [])  // a later hit outranks the first (below)
                } else if index.summaries.related(chosen, other) {
                } else if outranks((chosen, topName), over: (other, hitName)) {
                    if materialize { outranked.append((other, hitName)) }
                } else {
                    // Ambiguous, or a later hit outranks the first (the index ranks curated
                    // entities and own names first: "Tunis" the city over a smaller language's
                    // name of Tunisia; Odesa, known as "Odessa", over Odessa, Texas, whose own
                    // name it is): the stages rank the candidates by what each outranks
                    // (Ecatepec first for "San Cristóbal").
                    return (.notFound, [], [])
                }
            }
            if materialize && (listed.count < options.top || seen == 1) { listed.append(candidate(hit)) }
            if seen == max(options.top, 8) { break }
        }
        guard top >= 0 else { return (.notFound, [], []) }
        // Listed as `Context.merge` lists: the chosen one first, then by score and prominence.
        if listed.count > 2 { listed[1...].sort(by: Candidate.listedBefore) }
        let chosen = Int(index.entries[Int(top)].entity)
        return (.match(entity: chosen, score: score(top)), listed, preference((chosen, index.entries[Int(top)].name), over: outranked))
    }
}

/// Data that a compiled index stores for a layer above matching (the mention automaton of
/// the extractor), carried by the ``Resolver`` read from it without matching knowing it.
protocol CompiledExtra: Sendable {}
