import Dispatch

/// Options of a ``Resolver``.
public struct ResolverOptions: Sendable, Hashable {
    /// Only entities of these kinds are candidates (nil: all).
    public var kinds: Set<EntityKind>?
    /// Below this score the answer is "no match".
    public var threshold: Double = 0.75
    /// When the two best entities score within this margin, the answer is "ambiguous".
    public var ambiguityMargin: Double = 0.03
    /// How many candidates a resolution lists.
    public var top: Int = 5
    /// When set, the stages other than a whole query written or folded as a name (phonetic,
    /// fuzzy, confusable, romaji, designators, compounds' parts, abbreviations…) match only
    /// names in these languages (base tags: "en", "zh"), names without a language (curated),
    /// every name of an entity defined in a YAML dictionary, and names written in the query's
    /// own script when it is not Latin. Nil (the default, and `nomina resolve`): every name
    /// the index lets take part. ``MentionExtractor`` sets it (``ExtractorOptions/approximateLanguages``).
    public var approximateLanguages: Set<String>?

    public init(kinds: Set<EntityKind>? = nil, threshold: Double = 0.75, top: Int = 5) {
        self.kinds = kinds
        self.threshold = threshold
        self.top = top
    }
}

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
    public let options: ResolverOptions
    let index: ResolverIndex
    private let spoof: SharedSpoofChecker?
    /// The mention automaton (default extractor options) of a compiled index.
    let compiledAutomaton: MentionAutomaton?
    /// Tables the rarer stages derive from the index at first use (not stored in it).
    private let derivedTables = Locked<DerivedTables?>(nil)
    /// The names the approximate stages may match (``ResolverOptions/approximateLanguages``).
    private let nameFilter: ApproximateNameFilter?

    /// Builds the index of `gazetteer` (normalising every name once).
    public init(gazetteer: Gazetteer, options: ResolverOptions = ResolverOptions(),
                normalizer: NameNormalizer = .shared) {
        self.options = options
        self.index = ResolverIndex(gazetteer: gazetteer, normalizer: normalizer)
        self.spoof = try? SharedSpoofChecker()
        self.compiledAutomaton = nil
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver over an index read from a compiled snapshot, with its mention automaton.
    init(index: ResolverIndex, options: ResolverOptions, automaton: MentionAutomaton?) {
        self.options = options
        self.index = index
        self.spoof = try? SharedSpoofChecker()
        self.compiledAutomaton = automaton
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver over `other`'s index (nothing is built) with other options.
    init(sharing other: Resolver, options: ResolverOptions) {
        self.options = options
        self.index = other.index
        self.spoof = other.spoof
        self.compiledAutomaton = other.compiledAutomaton
        self.nameFilter = options.approximateLanguages.map(ApproximateNameFilter.init)
    }

    /// A resolver with other options (kinds, threshold, top) over this one's index: nothing
    /// is rebuilt, and both may be used at once.
    public func with(options: ResolverOptions) -> Resolver {
        Resolver(index: index, options: options, automaton: compiledAutomaton)
    }

    /// The gazetteer the resolver was built from.
    public var gazetteer: Gazetteer { index.gazetteer }

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
    public static let maximumQueryBytes = 1_024

    /// The longest folded key, in bytes, that the fuzzy stage compares (edits are found by
    /// a trie walk whose cost grows with the key; a name this long is
    /// found by its exact, folded or phonetic key, or not at all).
    public static let maximumFuzzyKeyBytes = 128

    /// The most parts a query is cut into by the compound stage ("A-B-C…"); a query with
    /// more is not read as a compound (the ways to group the parts grow as their cube).
    static let maximumCompoundAtoms = 12

    /// Resolves one query.
    public func resolve(_ query: String) -> Resolution {
        if let hit = exactHit(query) { return hit }
        // Quotes, brackets and sentence punctuation around a name, and a possessive ending,
        // are not part of it (the extractor leaves them out of mentions): "(Naka)",
        // "Russia's", "“Baku”,". The name as written is tried first ("U.S." is a name).
        if let core = Self.trimmedName(query), core.utf8.count <= Self.maximumQueryBytes {
            let inner = resolve(core)
            if inner.outcome != .noMatch {
                return Resolution(query: query, outcome: inner.outcome, best: inner.best, candidates: inner.candidates,
                                  explanation: [.trimmed(from: query, to: core)] + inner.explanation)
            }
        }
        return resolveThroughStages(query)
    }

    /// `name` without the quotes, brackets and sentence punctuation around it and without a
    /// possessive ending ('s, ’s, or ' after an s); nil when nothing is removed or nothing
    /// is left.
    static func trimmedName(_ name: String) -> String? {
        let leading: Set<Unicode.Scalar> = ["(", "[", "{", "\"", "'", "\u{201C}", "\u{2018}", "\u{201E}", "\u{201A}",
                                            "\u{AB}", "\u{2039}", "\u{BF}", "\u{A1}", "\u{300C}", "\u{300E}", "\u{300A}"]
        let trailing: Set<Unicode.Scalar> = [")", "]", "}", "\"", "'", "\u{201D}", "\u{2019}", "\u{BB}", "\u{203A}", ".", ",",
                                             ";", ":", "!", "?", "\u{2026}", "\u{300D}", "\u{300F}", "\u{300B}", "\u{3002}", "\u{FF0C}"]
        let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}"]
        var view = Substring(name).unicodeScalars[...]
        func trim() {
            while let first = view.first, first.properties.isWhitespace || leading.contains(first) { view = view.dropFirst() }
            while let last = view.last, last.properties.isWhitespace || trailing.contains(last) { view = view.dropLast() }
        }
        trim()
        // A possessive: "Russia's", "RUSSIA'S", "Philippines'" (an apostrophe after s was
        // trimmed above as a closing quote).
        let scalars = Array(view.suffix(2))
        if scalars.count == 2, apostrophes.contains(scalars[0]), scalars[1] == "s" || scalars[1] == "S" {
            view = view.dropLast(2)
            trim()
        }
        guard !view.isEmpty, view.count < name.unicodeScalars.count else { return nil }
        return String(view)
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
    /// without allocating: the entity's position in ``Gazetteer/entities``, or that the name
    /// is ambiguous. ``ExactLookup/notFound`` means the stages of ``resolve(_:)`` are needed
    /// (the name is not in the gazetteer as written, kinds exclude it, or it is a negative
    /// name). Agrees with `resolve(_:)` wherever it decides; made for bulk work.
    public func exactLookup(_ name: String) -> ExactLookup {
        decideExact(index.exact.lookup.values(of: name), query: name, materialize: false).lookup
    }

    /// The hot path of ``resolve(_:)`` for a query written exactly as a name. The result
    /// equals the full path's but for the explanation's first step (the folded key, never
    /// computed here).
    @inline(__always)
    func exactHit(_ query: String) -> Resolution? {
        let decision = decideExact(index.exact.lookup.values(of: query), query: query, materialize: true)
        guard case .match = decision.lookup, let chosen = decision.listed.first else {
            guard decision.lookup == .ambiguous, let chosen = decision.listed.first else { return nil }
            return Resolution(query: query, outcome: .ambiguous, best: nil, candidates: decision.listed,
                              explanation: [.matched(name: chosen.matchedName, entity: chosen.id, method: .exact, edits: 0),
                                            .ambiguous(between: [chosen.id] + decision.rivals)])
        }
        var explanation: [ExplanationStep] = [.matched(name: chosen.matchedName, entity: chosen.id, method: .exact, edits: 0)]
        explanation += decision.preferred
        return Resolution(query: query, outcome: .match, best: chosen, candidates: decision.listed, explanation: explanation)
    }

    /// The exact-name decision over `hits`, which the index keeps one per entity and ranked
    /// as `decide` ranks them (curated first, then id): the first few admitted hits decide.
    /// With `materialize`, also the candidates to list and the rivals' ids.
    @inline(__always)
    private func decideExact(_ hits: SortedKeyTable.Values, query: String, materialize: Bool)
        -> (lookup: ExactLookup, listed: [Candidate], rivals: [String], preferred: [ExplanationStep]) {
        guard let first = hits.first else { return (.notFound, [], [], []) }
        // Every hit has the same name, hence the same key.
        if index.entries[Int(first)].negativeKey { return (.notFound, [], [], []) }
        // A name in a smaller language may be an English demonym ("Pakistani", "Iraqi"):
        // the stages decide it. (Most such names are not: an ASCII one is checked here.)
        if !index.entries[Int(first)].reliable && mayBeAdjective(query) { return (.notFound, [], [], []) }
        // Capitals that are an ISO code: the stages weigh the code against the names.
        if query.utf8.count <= 3, codeEntities(query) != nil { return (.notFound, [], [], []) }
        func admitted(_ hit: Int32) -> Bool {
            guard let kinds = options.kinds else { return true }
            return kinds.contains(index.summaries[Int(index.entries[Int(hit)].entity)].kind)
        }
        func score(_ hit: Int32) -> Double { index.entries[Int(hit)].derived ? 0.98 : 1.0 }
        func candidate(_ hit: Int32) -> Candidate {
            let summary = index.summaries[Int(index.entries[Int(hit)].entity)]
            let matched = index.entries[Int(hit)].name
            return Candidate(id: summary.id, name: summary.name, kind: summary.kind, score: score(hit), method: .exact,
                             matchedName: matched, edits: 0, members: summary.members,
                             prominence: index.summaries.prominence(summary.position, ownName: matched == summary.name))
        }
        var top: Int32 = -1, seen = 0, ambiguous = false
        var listed: [Candidate] = [], rivals: [String] = [], outranked: [(entity: Int, name: String)] = []
        for hit in hits where admitted(hit) {
            seen += 1
            if top < 0 {
                top = hit
                guard score(hit) >= options.threshold else { return (.notFound, [], [], []) }
            } else if score(top) - score(hit) <= options.ambiguityMargin {
                let (chosen, other) = (Int(index.entries[Int(top)].entity), Int(index.entries[Int(hit)].entity))
                let (topName, hitName) = (index.entries[Int(top)].name, index.entries[Int(hit)].name)
                // The index ranks hits curated first; where a curated entity has the name only
                // in a smaller language or as a former name and a place has it as its own
                // ("Tunis"), the stages rank them.
                if index.summaries[chosen].tier == .curated, index.summaries[other].tier == .bulk,
                   outranks((other, hitName), over: (chosen, topName)) {
                    return (.notFound, [], [], [])
                }
                if index.summaries.related(chosen, other) {
                } else if outranks((chosen, topName), over: (other, hitName)) {
                    if materialize { outranked.append((other, hitName)) }
                } else {
                    ambiguous = true
                    if materialize { rivals.append(index.summaries[other].id) }
                }
            }
            if materialize && (listed.count < options.top || seen == 1) { listed.append(candidate(hit)) }
            if seen == max(options.top, 8) || (!materialize && ambiguous) { break }
        }
        guard top >= 0 else { return (.notFound, [], [], []) }
        // Listed as `Context.merge` lists: the chosen one first, then by score and prominence.
        if listed.count > 2 { listed[1...].sort(by: Candidate.listedBefore) }
        let chosen = Int(index.entries[Int(top)].entity)
        let lookup: ExactLookup = ambiguous ? .ambiguous : .match(entity: chosen, score: score(top))
        return (lookup, listed, rivals, ambiguous ? [] : preference((chosen, index.entries[Int(top)].name), over: outranked))
    }

    /// Whether entity `a`, matched through the name `a.name`, clearly outranks `b` when both
    /// match a query equally well (docs/matching.md, "Prominence"):
    /// 1. a curated entity outranks a bulk place, unless it has the name only in another
    ///    language than English or as a former name and the place has it as its own
    ///    canonical name ("Tunis" is the city; the Azerbaijani name of Tunisia is no claim);
    /// 2. among bulk places, one whose canonical name it is outranks those that have it as
    ///    another name ("Islamabad" is the Pakistani capital, not a former name of Chattogram);
    /// 3. otherwise a place with 5× the population of the other (``SummaryTable/outranks(_:_:)``).
    func outranks(_ a: (entity: Int, name: String), over b: (entity: Int, name: String)) -> Bool {
        let summaries = index.summaries
        let (aTier, bTier) = (summaries[a.entity].tier, summaries[b.entity].tier)
        let aCanonical = a.name == summaries[a.entity].name, bCanonical = b.name == summaries[b.entity].name
        if aTier != bTier {
            if aTier == .curated { return !(bCanonical && weakClaim(a.entity, a.name)) }
            return aCanonical && weakClaim(b.entity, b.name)
        }
        if aTier == .bulk && aCanonical != bCanonical { return aCanonical }
        return summaries.outranks(a.entity, b.entity)
    }

    /// Whether a curated entity has `name` only in another language than English, as a former
    /// name, or as a name Nomina derived.
    private func weakClaim(_ entity: Int, _ name: String) -> Bool {
        let value = index.gazetteer.entities[entity]
        if value.name == name { return false }
        guard let alias = value.aliases.first(where: { $0.name == name }) else { return true }
        if alias.type == .historical { return true }
        guard let language = alias.language else { return false }
        return !(language == "en" || language.hasPrefix("en-"))
    }

    /// The step saying why `chosen` was preferred over entities that matched as well.
    private func preference(_ chosen: (entity: Int, name: String), over outranked: [(entity: Int, name: String)]) -> [ExplanationStep] {
        guard !outranked.isEmpty else { return [] }
        let summaries = index.summaries
        let chosenTier = summaries[chosen.entity].tier
        let chosenOwn = chosen.name == summaries[chosen.entity].name
        // Most prominent first, then by id: the same list whichever path decided.
        let sorted = outranked.sorted {
            summaries.ranksBefore($0.entity, $1.entity) ?? (summaries[$0.entity].id < summaries[$1.entity].id)
        }
        var curated: [String] = [], ownName: [String] = [], populous: [Int] = []
        for other in sorted {
            let otherOwn = other.name == summaries[other.entity].name
            if chosenTier == .curated && summaries[other.entity].tier == .bulk {
                curated.append(summaries[other.entity].id)
            } else if chosenOwn && (!otherOwn || summaries[other.entity].tier != chosenTier) {
                ownName.append(summaries[other.entity].id)
            } else {
                populous.append(other.entity)
            }
        }
        let id = summaries[chosen.entity].id
        var steps: [ExplanationStep] = []
        if !curated.isEmpty { steps.append(.preferred(entity: id, over: curated, population: nil, largestOther: nil)) }
        if !ownName.isEmpty { steps.append(.preferredOwnName(entity: id, over: ownName)) }
        if !populous.isEmpty {
            steps.append(.preferred(entity: id, over: populous.map { summaries[$0].id }, population: Int(summaries[chosen.entity].population),
                                    largestOther: populous.map { Int(summaries[$0].population) }.max()))
        }
        return steps
    }

    // MARK: - Stages

    /// Runs the stages; true when one gave a confident answer (match or ambiguous).
    private func resolveSingle(_ query: String, _ normalized: NormalizedName, into context: inout Context,
                               allowCompound: Bool) -> Bool {
        let trimmed = query.trimmingWhitespace
        // A name with an adjectival ending ("Armenian", "Iraqi", "North Korean") is a demonym
        // or an adjective, even where a smaller language writes its name so ("Pakistani"):
        // only names in the major languages and curated ones may match it as written.
        // Looked up once, and only when needed: hits in smaller languages, or before the
        // approximate stages.
        // (Endings swapped on a stem, "armeni-o", stop only the approximate stages: names in
        // smaller languages end so as often, "Argentinia".)
        var adjectiveChecked = false
        var adjectiveFound: (entity: String, name: String)?
        func adjective() -> (entity: String, name: String)? {
            if !adjectiveChecked {
                adjectiveFound = demonymBase(normalized.key)
                adjectiveChecked = true
            }
            return adjectiveFound
        }
        let latinQuery = ResolverIndex.hasLatinLetters(trimmed)
        func admissible(_ hits: [Int32]) -> [Int32] {
            guard !hits.allSatisfy({ index.entries[Int($0)].reliable && ResolverIndex.hasLatinLetters(index.entries[Int($0)].name) == latinQuery }),
                  adjective() != nil else { return hits }
            // In a major language or curated, and in the query's script (the Georgian
            // პაკისტანი folds to "pakistani").
            return hits.filter {
                let entry = index.entries[Int($0)]
                return entry.reliable && ResolverIndex.hasLatinLetters(entry.name) == latinQuery
            }
        }
        let hits = admissible(Array(index.exact.values(of: trimmed)))
        // 1. A country code in capitals ("ITA", "SE", "RU"), ISO 3166-1 alpha-3 or alpha-2:
        // before the names, where two or three capitals are often a name in some language
        // (Spanish "RU" for the UK, "NGA" for Russia), unless a curated name is written so
        // ("AU", the African Union).
        if let entities = codeEntities(trimmed), !hits.contains(where: { isCuratedName(trimmed, of: $0) }) {
            context.steps.append(.countryCode(trimmed))
            if acceptCode(entities, code: trimmed, into: &context) { return true }
        }
        // 2. Exact name.
        if !hits.isEmpty, decide(hits, method: .exact, score: 1.0, asWritten: true, into: &context) { return true }
        // 2b. Folded key.
        if let hits = index.byKey[normalized.key].map(admissible),
           decide(hits, method: .folded, score: 0.97, asWritten: true, into: &context) {
            return true
        }
        // 2c. The same words in another order, particles aside ("Congo, Republic of",
        // "Republic of Congo" → "Republic of the Congo").
        if normalized.key.utf8.contains(0x20), let words = ResolverIndex.wordsKey(normalized.key),
           let hits = index.byWords[words] {
            context.steps.append(.sameWords(words))
            if decide(hits, method: .folded, score: 0.95, into: &context) { return true }
        }
        // 3. Confusable skeleton: for text with letters beyond ASCII (in ASCII, the folded
        // key already decided; a skeleton costs an ICU call on every miss).
        if !trimmed.utf8.allSatisfy({ $0 < 0x80 }), let spoof, let skeleton = try? spoof.skeleton(trimmed.lowercased()),
           let hits = index.bySkeleton[skeleton] {
            context.steps.append(.skeleton(skeleton))
            if decide(hits, method: .confusable, score: 0.93, into: &context) { return true }
        }
        // 3b. Japanese in Hepburn, long vowels written any way ("Kuueito", "Kūēto", "Hangarii"):
        // before the adjectival endings, which "Hangarii" (hangari + i) would seem to have.
        if normalized.scripts.map(\.code) == ["Latn"], !trimmed.contains(" "),
           let skeleton = ResolverIndex.romajiSkeleton(normalized.key),
           let hits = index.byRomaji[skeleton] {
            context.steps.append(.romaji(skeleton))
            if decide(hits, method: .romanized, score: 0.9, into: &context) { return true }
        }
        // A name with an adjectival ending ("Armenian", "Iraqi", "Sudanese") is a demonym or
        // an adjective, not a near miss of the name: the approximate stages would take
        // it for one ("Armenian" is one edit from the German "Armenien").
        if let (entity, name) = adjective() ?? adjectivalStem(normalized.key) {
            context.steps.append(.adjectiveOf(entity: entity, name: name))
            return false
        }
        // 4. Phonetic key.
        if normalized.key.utf8.count >= 4, let hits = index.byPhonetic[normalized.phonetic] {
            context.steps.append(.phoneticKey(normalized.phonetic))
            if decide(hits.filter { !index.entries[Int($0)].exactOnly }, method: .phonetic, score: 0.88, into: &context) {
                return true
            }
        }
        // 5. Written forms: inverted ("Korea, Republic of"), with a parenthesis ("Falkland
        // Islands (Malvinas)"), syllables joined ("Ca-na-đa"): before the designators, which
        // would strip "Democratic People's Republic of" off the whole and leave "Korea".
        if allowCompound, rewrittenForms(query, normalized, into: &context) { return true }
        // 6. Designators (a name of one token keeps it: nothing to strip).
        let tokens = normalized.key.utf8.contains(0x20) ? normalized.tokens : []
        // The name without its leading particles alone ("the Демократска Република Конго" is
        // a name less "the"), then every part stripping can leave, the longest first: a name
        // that keeps a designator word of its own is the better reading ("The Republic of
        // Cayman Islands" strips to "cayman", no name, but "cayman islands" is one). Exact
        // keys; then the fully stripped name by its phonetic key.
        let cores = designatorCores(tokens)
        if let stripped = cores.first {
            context.steps.append(.strippedDesignators(removed: tokens.filter { !stripped.contains($0) },
                                                      remaining: stripped.joined(separator: " ")))
            var particles = tokens[...]
            while particles.count > 1, let first = particles.first, ResolverIndex.designatorStopwords.contains(first) {
                particles = particles.dropFirst()
            }
            let longestFirst = cores.enumerated().sorted {
                $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
            }.map(\.element)
            var tried: Set<[String]> = []
            for core in [Array(particles)] + longestFirst where core.count < tokens.count && tried.insert(core).inserted {
                let key = core.joined(separator: " ")
                guard let hits = index.byKey[key] else { continue }
                if core != stripped {
                    context.steps.append(.strippedDesignators(removed: tokens.filter { !core.contains($0) }, remaining: key))
                }
                if decide(hits, method: .designator, score: 0.92, into: &context) { return true }
            }
            let key = stripped.joined(separator: " ")
            let phonetic = PhoneticKey.of(foldedKey: key)
            if key.utf8.count >= 4, let hits = index.byPhonetic[phonetic],
               decide(hits.filter { !index.entries[Int($0)].exactOnly }, method: .designator, score: 0.85, into: &context) {
                return true
            }
            // What is left is often an adjective or an inflected form of the name
            // ("Federazione Russa", "Российская Федерация", "Saksan liittotasavalta").
            if stripped.count == 1, let (stem, hits) = stemHits(stripped[0], script: Self.firstScript(trimmed)) {
                context.steps.append(.stem(core: stripped[0], stem: stem))
                if decide(hits, method: .designator, score: 0.84, into: &context) { return true }
            }
        }
        // 7. Fuzzy. With designators, the edits allowed are the core's, not the whole key's:
        // "Republic of Perm" is not one edit from "Republic of Peru".
        let coreLength = designatorCores(tokens).first.map { $0.joined(separator: " ").utf8.count }
        if fuzzy(normalized.key, budgetLength: coreLength, into: &context) { return true }
        // 8. Compounds and pairs.
        if allowCompound, compound(query, into: &context) { return true }
        // 9. Abbreviations.
        return abbreviation(query, normalized, into: &context)
    }

    private func fuzzy(_ key: String, budgetLength: Int? = nil, into context: inout Context) -> Bool {
        // Edits allowed grow with length: none up to 5 characters (a 1-edit neighbour of a
        // short name is usually another word), 1 up to 9, 2 beyond. The first letter must
        // match (anchored walk). `budgetLength` (the part of a name that is not designators)
        // sets the edits allowed when given.
        let length = key.utf8.count
        let budget = min(budgetLength ?? length, length)
        let allowed = budget <= 5 ? 0 : budget <= 9 ? 1 : 2
        guard allowed > 0, length <= Self.maximumFuzzyKeyBytes else { return false }
        // Deepen the budget one edit at a time: one edit first, two through the trie walk
        // only when one edit finds nothing. When one edit finds something, 2-edit candidates
        // would score at least 0.08 lower, more than the ambiguity margin, so they could not
        // change the answer.
        var scored: [(Int32, Double, Int)] = []
        let bytes = Array(key.utf8)
        // One edit: each edit tried along the query's path in the trie (first letter
        // anchored, as the walk for two edits is). The keys are
        // taken in the order a symmetric-deletion index gives them (formats up to 4 kept
        // one): by the first deletion of the query that a deletion of the key (or the key)
        // equals, then by the key's first entry. A name's candidates are the same in any
        // order, but when one entity has two keys at the same score, the first one listed
        // gives the matched name.
        var ones: [(skip: Int, first: Int32, key: Int, length: Int, sameWords: Bool)] = []
        let querySpaces = bytes.count { $0 == 0x20 }
        bytes.withUnsafeBufferPointer { query in
            index.trie.searchOneEdit(bytes, filter: index.edits) { key, candidate in
                guard let first = index.trieEntries[key].first else { return }
                ones.append((Self.firstSharedDeletion(query, candidate), first, key, candidate.count,
                             candidate.count { $0 == 0x20 } == querySpaces))
            }
        }
        ones.sort { $0.skip != $1.skip ? $0.skip < $1.skip : $0.first < $1.first }
        // Bulk places: one edit inside the words only ("Zhong-E" is not "Zhonghe"), never two.
        func bulk(_ entry: Int32) -> Bool { index.summaries[Int(index.entries[Int(entry)].entity)].tier == .bulk }
        // Names the options leave out do not count as found: two edits are tried without them.
        let admits = approximateFilter(context)
        for (_, _, key, candidateLength, sameWords) in ones {
            let score = 0.95 * (1 - 1.0 / Double(max(length, candidateLength)))
            for entry in index.trieEntries[key] where (sameWords || !bulk(entry)) && admits(entry) {
                scored.append((entry, score, 1))
            }
        }
        if allowed >= 2 && scored.isEmpty {
            for (keyIndex, edits, candidateLength) in index.trie.search(bytes, maxEdits: 2, anchored: true) where edits > 0 {
                let score = 0.95 * (1 - Double(edits) / Double(max(length, candidateLength)))
                for entry in index.trieEntries[keyIndex] where !bulk(entry) && admits(entry) {
                    scored.append((entry, score, edits))
                }
            }
        }
        guard !scored.isEmpty else { return false }
        return decide(scored, method: .fuzzy, into: &context)
    }

    /// The first position (-1 for none) whose deletion from `query` gives `key` or `key`
    /// with one byte deleted; `query.count` if none does (they are not within one edit).
    static func firstSharedDeletion(_ query: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Int {
        for skip in -1..<query.count {
            // The query without the byte at `skip`, against the key or the key less one byte.
            let count = query.count - (skip >= 0 ? 1 : 0)
            @inline(__always) func byte(_ position: Int) -> UInt8 { query[skip >= 0 && position >= skip ? position + 1 : position] }
            if count == key.count {
                var position = 0
                while position < count && byte(position) == key[position] { position += 1 }
                if position == count { return skip }
            } else if count == key.count - 1 {
                var position = 0
                while position < count && byte(position) == key[position] { position += 1 }
                while position < count && byte(position) == key[position + 1] { position += 1 }
                if position == count { return skip }
            }
        }
        return query.count
    }

    private func compound(_ query: String, into context: inout Context) -> Bool {
        var atoms = Self.compoundAtoms(query)
        guard atoms.count >= 2, atoms.count <= Self.maximumCompoundAtoms else { return false }
        context.steps.append(.split(parts: atoms.map(\.text)))
        // Drop echoes: a part whose phonetic key repeats the end of the part before
        // ("Aya-Yaah": "yaah" → "ia" ends "aia"), a garbling of machine translation.
        var kept = [atoms[0]]
        for atom in atoms.dropFirst() {
            let previous = index.normalizer.normalize(kept.last!.text).phonetic.filter { $0 != " " }
            let current = index.normalizer.normalize(atom.text).phonetic.filter { $0 != " " }
            if !current.isEmpty && current.count < previous.count && previous.hasSuffix(current) {
                context.steps.append(.droppedEcho(atom.text))
            } else {
                kept.append(atom)
            }
        }
        atoms = kept
        if atoms.count == 1 {
            // What is left is one name; a garbled query earns less trust than a clean one.
            let normalized = index.normalizer.normalize(atoms[0].text)
            // A part is not the whole query: the options' languages apply to it as written too.
            context.wholeQuery = false
            defer { context.wholeQuery = true }
            guard resolveSingle(atoms[0].text, normalized, into: &context, allowCompound: false),
                  let chosen = context.chosen else { return false }
            // The compound stage decided (the part's own stage is in the explanation).
            let discounted = Candidate(id: chosen.id, name: chosen.name, kind: chosen.kind, score: chosen.score * 0.9,
                                       method: .compound, matchedName: chosen.matchedName, edits: chosen.edits,
                                       members: chosen.members, prominence: chosen.prominence)
            context.candidates = context.candidates.map { $0.id == chosen.id ? discounted : $0 }
            context.chosen = discounted
            if discounted.score < options.threshold { context.outcome = .noMatch }
            return context.outcome != .noMatch
        }
        // Names may contain the separators themselves ("Trinidad and Tobago", "Guinea-Bissau"):
        // group consecutive atoms into parts, fewest parts first, until every part resolves.
        var partCache: [String: (entity: Int, score: Double, steps: [ExplanationStep])?] = [:]
        func resolvePart(_ text: String) -> (entity: Int, score: Double, steps: [ExplanationStep])? {
            if let cached = partCache[text] { return cached }
            var inner = Context(query: text)
            inner.blocked = context.blocked
            inner.wholeQuery = false
            let normalized = index.normalizer.normalize(text)
            var result: (entity: Int, score: Double, steps: [ExplanationStep])?
            // Parts are curated entities: a compound of places is not a pair ("Zhong-E" is
            // China–Russia, not a town named Zhong and a country).
            // Nor codes: "CC-BY-SA" is a licence, not the Cocos Islands, Belarus and Saudi Arabia.
            if !normalized.key.isEmpty, resolveSingle(text, normalized, into: &inner, allowCompound: false),
               inner.outcome == .match, let best = inner.chosen, best.score >= options.threshold, best.method != .code,
               let entity = index.gazetteer.position(of: best.id), index.summaries[entity].tier == .curated {
                result = (entity, best.score, inner.steps.filter { if case .matched = $0 { return true } else { return false } })
            }
            partCache[text] = result
            return result
        }
        for partCount in 2...max(2, min(atoms.count, 4)) {
            for ranges in Self.segmentations(atoms.count, into: partCount) {
                var found: [(entity: Int, score: Double, steps: [ExplanationStep])] = []
                for range in ranges {
                    guard let part = resolvePart(Self.join(atoms, range)) else { break }
                    found.append(part)
                }
                guard found.count == ranges.count else { continue }
                context.steps.append(contentsOf: found.flatMap(\.steps))
                let score = (found.map(\.score).min() ?? 0) * 0.98
                return acceptComposite(found.map(\.entity), score: score, method: .compound, matchedName: query, into: &context)
            }
        }
        return false
    }

    /// The parts of a compound and the separator text after each.
    ///
    /// Word separators ("and", "и", "和"…) are marked with U+001F on both sides, one word
    /// after another in the order of ``compoundWords`` (as a chain of literal
    /// replacements would), then the text is cut at marks and separator characters.
    static func compoundAtoms(_ query: String) -> [(text: String, separator: String)] {
        // Most queries hold no separator at all: one atom, found without making Characters.
        guard mayHoldSeparator(query) else {
            let trimmed = query.trimmingWhitespace
            return trimmed.isEmpty ? [] : [(trimmed, "")]
        }
        var marked = Array(query)
        if marked.contains(where: { $0 == " " || compoundSpacelessWords.contains($0) }) {
            for word in compoundWords { marked = markingOccurrences(of: word, in: marked) }
        }
        let separators = compoundSeparators
        var atoms: [(text: String, separator: String)] = []
        var current = ""
        var separator = ""
        var inWord = false  // inside a marked word separator
        for character in marked {
            if character == "\u{1F}" {
                if inWord {
                    inWord = false
                } else {
                    inWord = true
                    if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")); current = "" }
                }
                continue
            }
            if inWord || separators.contains(character) {
                if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")); current = "" }
                separator.append(character)
                if !atoms.isEmpty { atoms[atoms.count - 1].separator = separator }
                continue
            }
            if !separator.isEmpty && !inWord { separator = "" }
            current.append(character)
        }
        if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")) }
        return atoms
    }

    /// Words that join the parts of a compound; all but the last three need spaces around them.
    static let compoundWords: [[Character]] = [" and ", " & ", " и ", " та ", " et ", " und ", " y ", " vs. ", " vs ",
                                                " versus ", "和", "与", "、"].map { Array($0) }
    private static let compoundSpacelessWords = Set(compoundWords.filter { $0.first != " " }.joined())
    private static let compoundSeparators: Set<Character> = ["-", "–", "—", "‑", "/", "+"]

    /// The UTF-8 of every separator word and character: a query without any of them as
    /// bytes has none as characters either.
    private static let separatorBytes: [[UInt8]] = (compoundWords.map { String($0) } + compoundSeparators.map { String($0) })
        .map { Array($0.utf8) }
    /// Whether a byte starts one of `separatorBytes`.
    private static let separatorStarts: [Bool] = {
        var starts = [Bool](repeating: false, count: 256)
        for pattern in separatorBytes { starts[Int(pattern[0])] = true }
        return starts
    }()

    /// False when `query` certainly holds no separator (checked on its bytes).
    static func mayHoldSeparator(_ query: String) -> Bool {
        var query = query
        let patterns = separatorBytes, starts = separatorStarts
        return query.withUTF8 { bytes in
            for start in bytes.indices {
                let byte = bytes[start]
                guard starts[Int(byte)] else { continue }
                for pattern in patterns where pattern[0] == byte && start + pattern.count <= bytes.count
                    && pattern.indices.allSatisfy({ bytes[start + $0] == pattern[$0] }) {
                    return true
                }
            }
            return false
        }
    }

    /// `text` with every occurrence of `word`, left to right and not overlapping, put
    /// between two U+001F marks.
    static func markingOccurrences(of word: [Character], in text: [Character]) -> [Character] {
        guard let first = word.first, text.count >= word.count else { return text }
        var result: [Character] = []
        var position = 0
        var copied = 0  // text[..<copied] is in result
        while position + word.count <= text.count {
            if text[position] == first, text[position..<(position + word.count)].elementsEqual(word) {
                if result.isEmpty { result.reserveCapacity(text.count + 8) }
                result.append(contentsOf: text[copied..<position])
                result.append("\u{1F}")
                result.append(contentsOf: word)
                result.append("\u{1F}")
                position += word.count
                copied = position
            } else {
                position += 1
            }
        }
        guard copied > 0 else { return text }
        result.append(contentsOf: text[copied...])
        return result
    }

    /// The text of atoms `range`, joined by the separators that stood between them.
    static func join(_ atoms: [(text: String, separator: String)], _ range: Range<Int>) -> String {
        var text = ""
        for position in range {
            text += atoms[position].text
            if position < range.upperBound - 1 { text += atoms[position].separator }
        }
        return text
    }

    /// Every way to cut `count` atoms into `parts` consecutive non-empty ranges.
    static func segmentations(_ count: Int, into parts: Int) -> [[Range<Int>]] {
        guard parts >= 1, parts <= count else { return [] }
        if parts == 1 { return [[0..<count]] }
        var result: [[Range<Int>]] = []
        for firstEnd in 1...(count - parts + 1) {
            for rest in segmentations(count - firstEnd, into: parts - 1) {
                result.append([0..<firstEnd] + rest.map { ($0.lowerBound + firstEnd)..<($0.upperBound + firstEnd) })
            }
        }
        return result
    }

    private func abbreviation(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        let trimmed = query.trimmingWhitespace
        // Han: a derived abbreviation, or one character per member.
        if ResolverIndex.isHan(trimmed) {
            if let hits = index.hanAbbreviations[trimmed] {
                context.steps.append(.derivedAbbreviation(abbreviation: trimmed, romanized: nil, from: sources(of: hits)))
                if decide(hits, method: .abbreviation, score: 0.85, into: &context) { return true }
            }
            if (2...4).contains(trimmed.count) {
                let units = trimmed.compactMap { index.hanUnits[$0] }
                if units.count == trimmed.count, Set(units).count == units.count {
                    let entities = units.map(Int.init)
                    context.steps.append(.derivedAbbreviation(abbreviation: trimmed, romanized: nil,
                                                              from: entities.map { index.summaries[$0].id }))
                    return acceptComposite(entities, score: 0.8, method: .abbreviation, matchedName: trimmed, into: &context)
                }
            }
        }
        // Romanised Han abbreviations ("Naka", "A-Ya", "Aya"): syllables joined.
        let joined = normalized.key.filter { $0 != " " }
        if joined.utf8.count >= 3, let hits = index.romanizedAbbreviations[joined] {
            let han = index.entries[Int(hits[0])].name
            context.steps.append(.derivedAbbreviation(abbreviation: han, romanized: joined, from: sources(of: hits)))
            if decide(hits, method: .abbreviation, score: 0.85, into: &context) { return true }
        }
        // Latin initialisms ("OSCE"), exact only.
        if let hits = index.initialisms[joined] {
            if decide(hits, method: .abbreviation, score: 0.85, into: &context) { return true }
        }
        // A romanised abbreviation spelled by ear ("Naqqa" for "naka"), of one word.
        if joined.utf8.count >= 4, joined.utf8.count <= 12, !normalized.key.contains(" "),
           let hits = tables.romanizedByPhonetic[PhoneticKey.of(foldedKey: joined)] {
            let han = index.entries[Int(hits[0])].name
            context.steps.append(.derivedAbbreviation(abbreviation: han, romanized: joined, from: sources(of: hits)))
            if decide(hits, method: .abbreviation, score: 0.8, into: &context) { return true }
        }
        return romanizedComposite(query, normalized, into: &context)
    }

    /// Endings that make a demonym or an adjective of a place name, in English and in the
    /// folded keys of the other major languages ("armenia" + "n", "iraq" + "i", "sudan" +
    /// "ese", "armeni" + "sch"…). A word is one only when what is left is a name's key.
    static let adjectivalEndings: [String] = ["ians", "eans", "ans", "ian", "ean", "ese", "ish", "an", "n", "is",
                                               "i", "ic", "ers", "er", "oise", "ois", "aise", "ais", "ienne", "ien",
                                               "ischen", "ische", "isch", "sche", "sch", "iska", "isk"]

    static let adjectivalEndingBytes: [(String, [UInt8])] = adjectivalEndings.map { ($0, Array($0.utf8)) }

    /// The country, territory or region whose name (a key of the index, in a major
    /// language or curated) `key` is with an adjectival ending ("north korea" + "n"), and
    /// that name's key; nil otherwise.
    func demonymBase(_ key: String) -> (entity: String, name: String)? {
        let bytes = Array(key.utf8)
        guard bytes.count >= 5 else { return nil }
        // Compared as bytes (String's suffix test goes by Characters: slow for every query).
        for (ending, endingBytes) in Self.adjectivalEndingBytes where bytes.count - endingBytes.count >= 4
            && bytes.suffix(endingBytes.count).elementsEqual(endingBytes) {
            let base = String(decoding: bytes[..<(bytes.count - endingBytes.count)], as: UTF8.self)
            // The name may be a plural the demonym is not ("netherland-er", "islander").
            for name in [base, base + "s"] {
            for hit in index.byKey.values(of: name) {
                let entry = index.entries[Int(hit)]
                // Demonyms are made from English names ("Egypt-ian"), or in other major
                // languages with longer endings ("Luxemburg-er"): the Danish "Egypten" is not
                // the French "Égypte" + "n", nor the Estonian "Ungari" the German "Ungar" + "i".
                guard entry.reliable, !Self.nameLikeEndings.contains(ending) || isEnglishOrCuratedName(entry) else { continue }
                let summary = index.summaries[Int(entry.entity)]
                if summary.kind == .country || summary.kind == .territory || summary.kind == .region { return (summary.id, name) }
            }
            }
        }
        return nil
    }

    /// Whether a name as written may be an adjective of a place (``demonymBase(_:)``): for
    /// a word of ASCII letters, its lowercase is its key and is checked; any other word
    /// with Latin letters is left to the stages.
    func mayBeAdjective(_ name: String) -> Bool {
        var ascii = true, latin = false
        for byte in name.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { latin = true }
        }
        guard ascii else { return ResolverIndex.hasLatinLetters(name) && demonymBase(index.normalizer.key(name)) != nil }
        guard latin, name.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x20 }) else { return latin }
        return demonymBase(name.lowercased()) != nil
    }

    /// Whether an entry's name is its entity's canonical name or an alias in English or
    /// without a language.
    private func isEnglishOrCuratedName(_ entry: EntryTable.Entry) -> Bool {
        let entity = index.gazetteer.entities[Int(entry.entity)]
        let name = entry.name
        return entity.name == name || entity.aliases.contains { $0.name == name && ($0.language == nil || $0.language == "en") }
    }

    /// Endings that names in other languages have as often as demonyms do.
    static let nameLikeEndings: Set<String> = ["n", "en", "ien", "i", "is", "an"]

    /// Adjective endings of the Romance and Germanic languages, and the name endings they
    /// replace: "armeni-o" of "armeni-a", "hungar-o" of "hungar-y", "aleman" of "aleman-ia".
    static let adjectiveEndings = ["o", "a", "os", "as", "an", "ano", "ana", "ais", "aise", "ois", "oise", "ien", "ienne",
                                   "isch", "ische", "ese", "ets", "yets", "ka", "skiy", "skaya", "skoye", "skiye", ""]
    static let placeEndings = ["ia", "ie", "a", "e", "y", "as", "ija", "iya", "en", "ien", "land"]

    /// Like ``demonymBase(_:)`` for one word whose stem (five letters or more) is a name's
    /// with another ending; only before the approximate stages, which would take the
    /// adjective for a misspelling of the name.
    func adjectivalStem(_ key: String) -> (entity: String, name: String)? {
        guard key.utf8.count >= 5, key.utf8.count <= 40, !key.contains(" ") else { return nil }
        for ending in Self.adjectiveEndings where key.utf8.count - ending.utf8.count >= 5 && key.hasSuffix(ending) {
            let stem = key.dropLast(ending.count)
            // No ending at all only against "-ia" ("aleman" of "alemania"): a name cut short
            // otherwise is as often a typo.
            for place in Self.placeEndings where place != ending && (!ending.isEmpty || place == "ia") {
                let name = String(stem) + place
                for hit in index.byKey.values(of: name) {
                    let entry = index.entries[Int(hit)]
                    guard entry.reliable else { continue }
                    let summary = index.summaries[Int(entry.entity)]
                    if summary.kind == .country || summary.kind == .territory || summary.kind == .region { return (summary.id, name) }
                }
            }
        }
        return nil
    }

    // MARK: - Stems, written forms, romanised composites

    /// Entries whose key starts with a stem of `core`, when one entity (or entities that
    /// are related) has them all: the longest stem that has any, from the whole core down
    /// to 5 letters fewer, and at least 5 letters (4 for a core of 5). Only countries,
    /// territories and regions, names in a major language (or curated) written in the
    /// query's script, or for Latin, Cyrillic and Greek in any of the three (not the Hindi
    /// कैमरून for a Latin or Greek query),
    /// and keys at most 3 letters longer than the core.
    func stemHits(_ core: String, script: Script?) -> (stem: String, hits: [Int32])? {
        guard let script else { return nil }
        let alphabetic = Self.alphabets.contains(script)
        let bytes = Array(core.utf8)
        guard bytes.count >= 5, bytes.count <= 40, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        // Five letters at least, six for a word of seven or more ("servi-ces" is not
        // "Servia"; "russ-a" is left to the phonetic key).
        let shortest = bytes.count >= 7 ? max(6, bytes.count - 5) : 5
        for length in stride(from: bytes.count, through: shortest, by: -1) {
            var hits: [Int32] = []
            var entities: Set<Int32> = []
            index.byKey.forEach(prefix: Array(bytes[..<length]), limit: 64) { key, values in
                guard key.count <= bytes.count + 3, !key.contains(0x20) else { return }
                for hit in values {
                    let entry = index.entries[Int(hit)]
                    // Names in smaller languages are too many to share a stem with safely
                    // ("irish" would find a name of Russia, "Irisi").
                    guard entry.reliable, let written = Self.firstScript(entry.name),
                          alphabetic ? Self.alphabets.contains(written) : written == script else { continue }
                    let kind = index.summaries[Int(entry.entity)].kind
                    guard kind == .country || kind == .territory || kind == .region else { continue }
                    hits.append(hit)
                    entities.insert(entry.entity)
                }
            }
            guard !hits.isEmpty else { continue }
            let ids = entities.map(Int.init)
            let first = ids[0]
            guard ids.allSatisfy({ $0 == first || index.summaries.related(first, $0) }) else { return nil }
            return (String(decoding: bytes[..<length], as: UTF8.self), hits)
        }
        return nil
    }

    /// Alphabets that romanise letter by letter: a stem in one may be compared with names
    /// in the others.
    static let alphabets: Set<Script> = [.latin, .cyrillic, .greek]

    /// The script of the first letter of `text`.
    static func firstScript(_ text: String) -> Script? {
        text.unicodeScalars.first(where: { $0.properties.isAlphabetic }).map(Script.of)
    }

    /// Other readings of the query, each resolved through the stages before fuzzy:
    /// "X, Republic of" as "Republic of X"; "A (B)" as A, then B; short syllables joined
    /// ("ca na da" → "canada", as Vietnamese and pinyin write names).
    private func rewrittenForms(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        let trimmed = query.trimmingWhitespace
        var forms: [String] = []
        // Inverted: what follows the comma is designators only.
        if let comma = trimmed.firstIndex(of: ","), trimmed[trimmed.index(after: comma)...].firstIndex(of: ",") == nil {
            let head = trimmed[..<comma].trimmingWhitespace
            var tail = trimmed[trimmed.index(after: comma)...].trimmingWhitespace
            // "Congo, The Democratic Republic of the": the article goes before the whole.
            if tail.lowercased().hasPrefix("the ") { tail = String(tail.dropFirst(4)) }
            let tailTokens = index.normalizer.normalize(tail).tokens
            if !head.isEmpty, !tailTokens.isEmpty, stripDesignators(tailTokens + ["\u{1F}"]) == ["\u{1F}"] {
                forms.append(tail + " " + head)
            }
        }
        // A parenthesis at the end: the part outside, unless the part inside names something
        // else ("Georgia (U.S. state)"); a qualifier that names nothing ("Turkey (bird)")
        // lowers the score.
        var qualifier: String?
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "("), open > trimmed.startIndex {
            let outside = trimmed[..<open].trimmingWhitespace
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingWhitespace
            if !outside.isEmpty {
                forms.append(outside)
                let insideTokens = index.normalizer.normalize(inside).tokens
                if !insideTokens.isEmpty, stripDesignators(insideTokens + ["\u{1F}"]) != ["\u{1F}"] { qualifier = inside }
            }
        }
        for form in forms {
            let formNormalized = index.normalizer.normalize(form)
            guard !formNormalized.key.isEmpty else { continue }
            context.steps.append(.rewritten(as: form))
            var inner = Context(query: form)
            inner.blocked = context.blocked
            inner.wholeQuery = false
            if resolveSingle(form, formNormalized, into: &inner, allowCompound: false), inner.outcome == .match,
               var chosen = inner.chosen {
                if let qualifier, !form.hasPrefix(qualifier) {
                    var other = Context(query: qualifier)
                    other.blocked = context.blocked
                    let qualifierNormalized = index.normalizer.normalize(qualifier)
                    let named = resolveSingle(qualifier, qualifierNormalized, into: &other, allowCompound: false)
                    // A qualifier that names a bulk place ("Malvinas", a town in Argentina) is
                    // neither another entity nor nothing: it leaves the answer as it is.
                    if named, let otherChosen = other.chosen,
                       index.gazetteer.position(of: otherChosen.id).map({ index.summaries[$0].tier == .bulk }) == true {
                    } else if named, let otherChosen = other.chosen, otherChosen.id != chosen.id {
                        context.steps.append(.ambiguous(between: [chosen.id, otherChosen.id]))
                        return false
                    }
                    if !named {
                        chosen = Candidate(id: chosen.id, name: chosen.name, kind: chosen.kind, score: chosen.score * 0.9,
                                           method: chosen.method, matchedName: chosen.matchedName, edits: chosen.edits,
                                           members: chosen.members, prominence: chosen.prominence)
                        inner.candidates = inner.candidates.map { $0.id == chosen.id ? chosen : $0 }
                        guard chosen.score >= options.threshold else { continue }
                    }
                }
                context.steps.append(contentsOf: inner.steps.filter {
                    if case .normalized = $0 { return false } else { return true }
                })
                context.merge(inner.candidates)
                context.chosen = chosen
                context.outcome = .match
                return true
            }
        }
        // Syllables joined: two to eight hyphenated syllables of at most four letters, five
        // letters or more in all ("Ca-na-đa"; "I ran", "to go" and "Li Bi" are not names).
        let tokens = normalized.tokens
        if (2...8).contains(tokens.count), tokens.allSatisfy({ $0.utf8.count <= 4 }), tokens.joined().utf8.count >= 5,
           trimmed.contains(where: { "-‐‑–".contains($0) }), !trimmed.contains(" ") {
            let joined = tokens.joined()
            // Curated names only: "Sha-Yi" is read as Saudi Arabia and one of 伊, 以, 意 by the
            // abbreviation stage, not as a town named Shayi.
            func curated(_ hits: [Int32]) -> [Int32] {
                hits.filter { index.summaries[Int(index.entries[Int($0)].entity)].tier == .curated }
            }
            if let hits = index.byKey[joined].map(curated), !hits.isEmpty {
                context.steps.append(.joinedSyllables(joined))
                if decide(hits, method: .romanized, score: 0.92, into: &context) { return true }
            }
            if joined.utf8.count >= 5, let hits = index.byPhonetic[PhoneticKey.of(foldedKey: joined)].map(curated), !hits.isEmpty {
                context.steps.append(.joinedSyllables(joined))
                if decide(hits.filter { !index.entries[Int($0)].exactOnly }, method: .romanized, score: 0.85, into: &context) {
                    return true
                }
            }
        }
        return false
    }

    /// The tables the romanised-abbreviation stage derives at first use.
    struct DerivedTables: Sendable {
        /// Pinyin syllable → the Han units that read so (美 → "mei").
        var unitsByReading: [String: [Character]] = [:]
        /// Phonetic key → romanised abbreviations' entries ("naqqa" and "naka" share one).
        var romanizedByPhonetic: [String: [Int32]] = [:]
    }

    /// The entities whose ISO 3166-1 code `text` is, written in capitals; nil otherwise.
    func codeEntities(_ text: String) -> [Int]? {
        guard (2...3).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        let entities = index.codes.values(of: text)
        return entities.isEmpty ? nil : entities.map(Int.init)
    }

    /// Whether `name` is the canonical name or a curated alias (one without a language) of
    /// the entity of entry `hit`.
    private func isCuratedName(_ name: String, of hit: Int32) -> Bool {
        let entity = index.gazetteer.entities[Int(index.entries[Int(hit)].entity)]
        return entity.name == name || entity.aliases.contains { $0.language == nil && $0.name == name }
    }

    /// The entity of a code: one entity, of a kind the options admit.
    private func acceptCode(_ entities: [Int], code: String, into context: inout Context) -> Bool {
        let admitted = entities.filter { position in
            !context.blocked.contains(Int32(position)) && (options.kinds?.contains(index.summaries[position].kind) ?? true)
        }
        guard admitted.count == 1, let position = admitted.first else { return false }
        let summary = index.summaries[position]
        let candidate = Candidate(id: summary.id, name: summary.name, kind: summary.kind, score: 0.96, method: .code,
                                  matchedName: code, edits: 0, members: summary.members,
                                  prominence: index.summaries.prominence(position))
        context.merge([candidate])
        guard candidate.score >= options.threshold else { return false }
        context.steps.append(.matched(name: code, entity: summary.id, method: .code, edits: 0))
        context.outcome = .match
        context.chosen = candidate
        return true
    }

    private var tables: DerivedTables {
        derivedTables.withLock { tables in
            if let tables { return tables }
            var built = DerivedTables()
            for (character, _) in index.hanUnits {
                let reading = index.normalizer.key(String(character))
                if !reading.isEmpty, !reading.contains(" ") { built.unitsByReading[reading, default: []].append(character) }
            }
            for key in built.unitsByReading.keys { built.unitsByReading[key]!.sort() }

            index.romanizedAbbreviations.forEach { key, values in
                guard key.count >= 4 else { return }
                let phonetic = PhoneticKey.of(foldedKey: String(decoding: key, as: UTF8.self))
                built.romanizedByPhonetic[phonetic, default: []].append(contentsOf: values)
            }
            tables = built
            return built
        }
    }

    /// "Zhong-Ri", "Tu-Xu", "A-Ya": two to four syllables joined by hyphens, each the
    /// reading of one entity's Han unit; the composite of those entities, when each
    /// syllable reads one unit only.
    private func romanizedComposite(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        let tokens = normalized.tokens
        guard (2...4).contains(tokens.count), normalized.scripts.map(\.code) == ["Latn"],
              query.contains(where: { "-‐‑–'’".contains($0) }), !query.contains(" ") else { return false }
        let readings = tables.unitsByReading
        var options: [[Character]] = []
        for token in tokens {
            guard var characters = readings[token] else { return false }
            // Several units read so ("tu": 土 Turkey, 突 Tunisia): a curated abbreviation
            // (土) wins over first characters.
            let curated = characters.filter { character in
                index.hanUnits[character].map { index.gazetteer.entities[Int($0)].hanAbbreviation?.first == character } ?? false
            }
            if !curated.isEmpty { characters = curated }
            options.append(characters)
        }
        // Every reading (at most a few per syllable), members distinct.
        var combinations: [[Character]] = [[]]
        for choices in options {
            combinations = combinations.flatMap { prefix in choices.map { prefix + [$0] } }
            if combinations.count > 64 { return false }
        }
        let readable = combinations.compactMap { units -> (units: [Character], entities: [Int])? in
            let entities = units.compactMap { index.hanUnits[$0] }.map(Int.init)
            guard entities.count == units.count, Set(entities).count == entities.count,
                  !entities.contains(where: { context.blocked.contains(Int32($0)) }) else { return nil }
            return (units, entities)
        }
        guard !readable.isEmpty else { return false }
        // Several readings ("yi": 伊 Iran, 以 Israel, 意 Italy): a curated pair or group of
        // those members decides; otherwise the query is ambiguous between them.
        var chosen = readable
        if readable.count > 1 {
            let curated = readable.filter { index.groupsByMembers[$0.entities.map { index.summaries[$0].id }.sorted()] != nil }
            if curated.count == 1 { chosen = curated }
        }
        if chosen.count == 1, let only = chosen.first {
            context.steps.append(.derivedAbbreviation(abbreviation: String(only.units), romanized: tokens.joined(separator: "-"),
                                                      from: only.entities.map { index.summaries[$0].id }))
            return acceptComposite(only.entities, score: 0.78, method: .abbreviation, matchedName: String(only.units),
                                   into: &context)
        }
        let candidates = chosen.prefix(max(options.count, self.options.top)).map { reading -> Candidate in
            let ids = reading.entities.map { index.summaries[$0].id }
            return Candidate(id: ids.joined(separator: "+"),
                             name: reading.entities.map { index.summaries[$0].name }.joined(separator: "–"),
                             kind: ids.count == 2 ? .pair : .group, score: 0.78, method: .abbreviation,
                             matchedName: String(reading.units), edits: 0, members: ids)
        }
        guard 0.78 >= self.options.threshold else { return false }
        context.merge(Array(candidates))
        context.steps.append(.ambiguous(between: candidates.map(\.id)))
        context.outcome = .ambiguous
        return true
    }

    private func sources(of hits: [Int32]) -> [String] {
        Array(Set(hits.map { index.summaries[Int(index.entries[Int($0)].entity)].id })).sorted()
    }

    // MARK: - Deciding

    private func decide(_ hits: [Int32], method: ResolutionMethod, score: Double, asWritten: Bool = false,
                        into context: inout Context) -> Bool {
        decide(hits.map { ($0, score, 0) }, method: method, asWritten: asWritten, into: &context)
    }

    /// The test of ``ResolverOptions/approximateLanguages`` for a stage that does not match
    /// the whole query as written or folded (always true without the option).
    private func approximateFilter(_ context: Context) -> (Int32) -> Bool {
        guard let nameFilter else { return { _ in true } }
        let script = Self.firstScript(context.query)
        return { [index] entry in nameFilter.admits(index.entries[Int(entry)], script: script, gazetteer: index.gazetteer) }
    }

    /// Turns scored entries into candidates and decides: match, ambiguous, or go on.
    /// `asWritten`: the stage matched the query written or folded as a whole name (exact,
    /// folded), which ``ResolverOptions/approximateLanguages`` does not restrict.
    private func decide(_ scored: [(Int32, Double, Int)], method: ResolutionMethod, asWritten: Bool = false,
                        into context: inout Context) -> Bool {
        var best: [Int32: Candidate] = [:]
        let admits: ((Int32) -> Bool)? = nameFilter == nil || (asWritten && context.wholeQuery) ? nil : approximateFilter(context)
        for (entryIndex, rawScore, edits) in scored {
            let entry = index.entries[Int(entryIndex)]
            guard !context.blocked.contains(entry.entity) else { continue }
            if let admits, !admits(entryIndex) { continue }
            let entity = index.summaries[Int(entry.entity)]
            if let kinds = options.kinds, !kinds.contains(entity.kind) { continue }
            // Derived names rank just below curated ones at the same stage.
            let score = entry.derived ? rawScore - 0.02 : rawScore
            if let known = best[entry.entity], known.score >= score { continue }
            // A romanisation listed under its own key ("eluosi" of 俄罗斯) is not the name's key.
            let method = method == .folded && entry.romanized ? .romanized : method
            best[entry.entity] = Candidate(id: entity.id, name: entity.name, kind: entity.kind, score: score, method: method,
                                           matchedName: entry.name, edits: edits, members: entity.members,
                                           prominence: index.summaries.prominence(Int(entry.entity), ownName: entry.name == entity.name))
        }
        // Keep the best few: a name shared by hundreds of places (GeoNames) would make the
        // merge below quadratic, and only the first `top` are ever listed. Within the
        // ambiguity margin of the best score, the most prominent entity goes first (curated
        // before bulk, then the more populous): it is the one chosen if it outranks the rest.
        let summaries = index.summaries
        var order = best.map { (entity: Int($0.key), candidate: $0.value) }
        order.sort { a, b in
            if a.candidate.score != b.candidate.score { return a.candidate.score > b.candidate.score }
            return summaries.ranksBefore(a.entity, b.entity) ?? (a.candidate.id < b.candidate.id)
        }
        if let bestScore = order.first?.candidate.score {
            let near = order.prefix { bestScore - $0.candidate.score <= options.ambiguityMargin }.count
            // The one that outranks the most of the others (ties: the first as sorted).
            if near > 1 {
                var pick = 0, wins = -1
                for i in 0..<near {
                    let count = (0..<near).filter { $0 != i && outranks((order[i].entity, order[i].candidate.matchedName),
                                                                         over: (order[$0].entity, order[$0].candidate.matchedName)) }.count
                    if count > wins { (pick, wins) = (i, count) }
                }
                if pick > 0 { order.insert(order.remove(at: pick), at: 0) }
            }
        }
        let ranked = Array(order.prefix(max(options.top, 8)))
        guard let (topEntity, top) = ranked.first.map({ ($0.entity, $0.candidate) }) else { return false }
        context.merge(ranked.map(\.candidate))
        if top.score < options.threshold { return false }
        context.steps.append(.matched(name: top.matchedName, entity: top.id, method: top.method, edits: top.edits))
        let near = ranked.dropFirst().filter { abs(top.score - $0.candidate.score) <= options.ambiguityMargin && !related(top, $0.candidate) }
        let rivals = near.filter { !outranks((topEntity, top.matchedName), over: ($0.entity, $0.candidate.matchedName)) }
        // Several bulk places that a name only resembles ("Zhong-E" is one edit from four
        // towns named Zhonghe) are no answer: the later stages may read it (China–Russia).
        if !rivals.isEmpty, summaries[topEntity].tier == .bulk, Self.approximateMethods.contains(method) {
            return false
        }
        if !rivals.isEmpty {
            context.steps.append(.ambiguous(between: [top.id] + rivals.map(\.candidate.id)))
            context.outcome = .ambiguous
        } else {
            context.steps += preference((topEntity, top.matchedName), over: near.map { ($0.entity, $0.candidate.matchedName) })
            context.outcome = .match
        }
        context.chosen = top
        return true
    }

    /// Stages that compare a name's likeness rather than the name.
    static let approximateMethods: Set<ResolutionMethod> = [.phonetic, .fuzzy, .confusable, .designator]

    /// A region and its parent, or a pair and its member, do not make a name ambiguous.
    private func related(_ a: Candidate, _ b: Candidate) -> Bool {
        func parent(_ id: String) -> String? { index.gazetteer.position(of: id).flatMap { index.summaries[$0].parent } }
        return a.members.contains(b.id) || b.members.contains(a.id) || parent(a.id) == b.id || parent(b.id) == a.id
    }

    /// A pair or group of resolved entities: the curated entity with those members if there
    /// is one, else a composite whose id joins the member ids with `+` in written order.
    private func acceptComposite(_ members: [Int], score: Double, method: ResolutionMethod, matchedName: String,
                                 into context: inout Context) -> Bool {
        let ids = members.map { index.summaries[$0].id }
        guard members.count >= 2, Set(ids).count == members.count else { return false }
        let candidate: Candidate
        if let curated = index.groupsByMembers[ids.sorted()] {
            let entity = index.summaries[Int(curated)]
            candidate = Candidate(id: entity.id, name: entity.name, kind: entity.kind, score: score, method: method,
                                  matchedName: matchedName, edits: 0, members: entity.members,
                                  prominence: index.summaries.prominence(Int(curated)))
        } else {
            candidate = Candidate(id: ids.joined(separator: "+"), name: members.map { index.summaries[$0].name }.joined(separator: "–"),
                                  kind: members.count == 2 ? .pair : .group, score: score, method: method,
                                  matchedName: matchedName, edits: 0, members: ids)
        }
        context.merge([candidate])
        guard score >= options.threshold else { return false }
        context.steps.append(.matched(name: matchedName, entity: candidate.id, method: method, edits: 0))
        context.outcome = .match
        context.chosen = candidate
        return true
    }

    /// Leading and trailing designator phrases and particles removed; at least one token kept.
    func stripDesignators(_ tokens: [String]) -> [String] {
        designatorCores(tokens).first ?? tokens
    }

    /// What is left of `tokens` after stripping designators (empty when nothing can be
    /// stripped). First the fully stripped name: whole phrases, longest first, from the start
    /// or the end, then the particles they leave at the start, until nothing more goes. Then
    /// the parts between the points where that stripping stopped on each side, longest
    /// first: it can go too far when a name ends in a designator word of its own ("the
    /// Аландські Острови" → "alandski", though "alandski ostrovi" is the name). Only whole
    /// steps are undone: "Demokratische Republik Kongo" loses "demokratische republik" in
    /// one step, so "Republik Kongo" (the other Congo) is never a part.
    /// The most words a name with designators is read as (official names have about a
    /// dozen: "Macao Special Administrative Region of the People's Republic of China").
    static let maximumDesignatorTokens = 24
    /// The most designator phrases stripped from each end.
    static let maximumDesignatorSteps = 6

    func designatorCores(_ tokens: [String]) -> [[String]] {
        // Most queries have no designator at either end: check the edge tokens first.
        guard let first = tokens.first, let last = tokens.last,
              index.designatorEdges.contains(first) || index.designatorEdges.contains(last)
                || ResolverIndex.designatorStopwords.contains(first),
              tokens.count <= Self.maximumDesignatorTokens else { return [] }
        var part = 0..<tokens.count
        var starts = [0], ends = [tokens.count]
        // At most a few steps from each end: the parts between them grow as their product.
        while part.count > 1 && starts.count <= Self.maximumDesignatorSteps && ends.count <= Self.maximumDesignatorSteps {
            var best: Range<Int>?
            var bestPhrase: [String] = []
            let count = part.count
            for phrase in index.designatorsByFirst[tokens[part.lowerBound]] ?? [] where phrase.count < count {
                if tokens[part.lowerBound..<part.lowerBound + phrase.count].elementsEqual(phrase) {
                    best = part.lowerBound + phrase.count..<part.upperBound; bestPhrase = phrase; break
                }
            }
            // The phrase list's order decides between the ends: longer, then lexicographically first.
            for phrase in index.designatorsByLast[tokens[part.upperBound - 1]] ?? [] where phrase.count < count {
                guard phrase.count > bestPhrase.count
                        || (phrase.count == bestPhrase.count && phrase.lexicographicallyPrecedes(bestPhrase)) else { break }
                if tokens[part.upperBound - phrase.count..<part.upperBound].elementsEqual(phrase) {
                    best = part.lowerBound..<part.upperBound - phrase.count; break
                }
            }
            var next = best ?? part
            while next.count > 1, ResolverIndex.designatorStopwords.contains(tokens[next.lowerBound]) { next = next.dropFirst() }
            if next == part { break }
            if next.lowerBound != part.lowerBound { starts.append(next.lowerBound) }
            if next.upperBound != part.upperBound { ends.append(next.upperBound) }
            part = next
        }
        guard part.count < tokens.count else { return [] }
        var others: [Range<Int>] = []
        for start in starts {
            for end in ends where end - start >= 1 && (start..<end) != part && (start..<end) != 0..<tokens.count {
                others.append(start..<end)
            }
        }
        others.sort { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }
        return [Array(tokens[part])] + others.map { Array(tokens[$0]) }
    }

    /// Splits "Azerbaijan–Armenia", "Armenia and Azerbaijan", "US/China", "Россия и Украина".
    static func splitCompound(_ query: String) -> [String] { compoundAtoms(query).map(\.text) }
}

/// The state of one resolution while the stages run.
struct Context {
    let query: String
    var steps: [ExplanationStep] = []
    var blocked: Set<Int32> = []
    /// Whether the stages see the query itself, not a part or another reading of it
    /// (``ResolverOptions/approximateLanguages`` spares only whole queries matched as written).
    var wholeQuery = true
    var candidates: [Candidate] = []
    var outcome: Resolution.Outcome = .noMatch
    var chosen: Candidate?

    init(query: String) { self.query = query }

    mutating func merge(_ more: [Candidate]) {
        for candidate in more {
            if let existing = candidates.firstIndex(where: { $0.id == candidate.id }) {
                if candidates[existing].score < candidate.score { candidates[existing] = candidate }
            } else {
                candidates.append(candidate)
            }
        }
        candidates.sort(by: Candidate.listedBefore)
    }

    func finish(options: ResolverOptions) -> Resolution {
        var steps = steps
        if outcome == .noMatch, let best = candidates.first {
            steps.append(.belowThreshold(score: best.score, threshold: options.threshold))
        }
        var listed = Array(candidates.prefix(options.top))
        // The chosen candidate first, even where a more prominent one was preferred to a
        // slightly higher score.
        if let chosen {
            if let at = listed.firstIndex(of: chosen) { listed.remove(at: at) }
            listed.insert(chosen, at: 0)
        }
        return Resolution(query: query, outcome: outcome, best: outcome == .match ? chosen : nil,
                          candidates: listed, explanation: steps)
    }
}

extension Candidate {
    /// The order candidates are listed in: by score, then the more prominent, then by id.
    static func listedBefore(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.prominence != b.prominence { return a.prominence > b.prominence }
        return a.id < b.id
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        let text = String(self)
        // Printable ASCII at both ends (most names): nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first),
           (0x21...0x7E).contains(last) {
            return text
        }
        let scalars = text.unicodeScalars
        if let first = scalars.first, let last = scalars.last, !first.properties.isWhitespace,
           !last.properties.isWhitespace { return text }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(Substring(scalars[start...end]))
    }
}
