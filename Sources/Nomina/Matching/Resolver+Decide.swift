/// Deciding between candidates: scores, margins, kinds, negative names and prominence.
extension Resolver {
    func decide(_ hits: [Int32], method: ResolutionMethod, score: Double, asWritten: Bool = false,
                into context: inout Context) -> Bool {
        decide(hits.map { ($0, score, 0) }, method: method, asWritten: asWritten, into: &context)
    }

    /// The test of ``ResolverOptions/approximateLanguages`` for a stage that does not match
    /// the whole query as written or folded (always true without the option).
    func approximateFilter(_ context: Context) -> (Int32) -> Bool {
        guard let nameFilter else { return { _ in true } }
        let script = Self.firstScript(context.query)
        return { [index] entry in nameFilter.admits(index.entries[Int(entry)], script: script, gazetteer: index.gazetteer) }
    }

    /// Turns scored entries into candidates and decides: match, ambiguous, or go on.
    /// `asWritten`: the stage matched the query written or folded as a whole name (exact,
    /// folded), which ``ResolverOptions/approximateLanguages`` does not restrict.
    func decide(_ scored: [(Int32, Double, Int)], method: ResolutionMethod, asWritten: Bool = false,
                into context: inout Context) -> Bool {
        var best: [Int32: Candidate] = [:]
        let admits: ((Int32) -> Bool)? = nameFilter == nil || (asWritten && context.wholeQuery) ? nil : approximateFilter(context)
        // A query in Latin letters is no name in a script Nomina romanises itself: those
        // keys are simplified readings, syllables apart ("I ran" is the key of the Tibetan
        // ཨི་རཱན, Iran).
        // (The query is read only when such a name is among the hits.)
        var latinQuery: Bool?
        for (entryIndex, rawScore, edits) in scored {
            let entry = index.entries[Int(entryIndex)]
            guard !context.blocked.contains(entry.entity) else { continue }
            if ScriptRomanizer.coversUTF8(entry.nameBytes) {
                if latinQuery == nil { latinQuery = ResolverIndex.hasLatinLetters(context.query) }
                if latinQuery == true { continue }
            }
            if let admits, !admits(entryIndex) { continue }
            // A name's core (designators or a bracketed part dropped) is not looked for in
            // running text, where it may be a phrase of the language.
            if nameFilter != nil, entry.core { continue }
            // A one-word core (of a name in another script, "Соломон аралдары" → "solomon")
            // is not matched by one Latin word, which is as often a word or a person's name.
            // (Syllables joined by hyphens are words apart: "Fa-lan-xi" is the core of
            // 法兰西共和国.)
            if entry.core, !context.query.trimmingWhitespace.contains(where: { $0.isWhitespace || $0 == "-" || $0 == "\u{2010}" }) {
                if latinQuery == nil { latinQuery = ResolverIndex.hasLatinLetters(context.query) }
                if latinQuery == true { continue }
            }
            let entity = index.summaries[Int(entry.entity)]
            if let kinds = options.kinds, !kinds.contains(entity.kind) { continue }
            // Derived names rank just below curated ones at the same stage.
            let score = entry.derived ? rawScore - Scores.derivedPenalty : rawScore
            if let known = best[entry.entity], known.score >= score { continue }
            // A romanisation listed under its own key ("eluosi" of 俄罗斯) is not the name's key.
            // A name's core is a name less its designators.
            let method = method == .folded && entry.romanized ? .romanized : method == .folded && entry.core ? .designator : method
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
    func related(_ a: Candidate, _ b: Candidate) -> Bool {
        func parent(_ id: String) -> String? { index.gazetteer.position(of: id).flatMap { index.summaries[$0].parent } }
        return a.members.contains(b.id) || b.members.contains(a.id) || parent(a.id) == b.id || parent(b.id) == a.id
    }

    /// A pair or group of resolved entities: the curated entity with those members if there
    /// is one, else a composite whose id joins the member ids with `+` in written order.
    func acceptComposite(_ members: [Int], score: Double, method: ResolutionMethod, matchedName: String,
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
        // A pair or group only when the options ask for its kind (`--kind city` is no 中俄).
        if let kinds = options.kinds, !kinds.contains(candidate.kind) { return false }
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
        Self.designatorCores(tokens, byFirst: index.designatorsByFirst, byLast: index.designatorsByLast,
                             edges: index.designatorEdges)
    }

    /// ``designatorCores(_:)`` with the designator phrases given: by their first and last
    /// words, and every such word.
    static func designatorCores(_ tokens: [String], byFirst: [String: [[String]]], byLast: [String: [[String]]],
                                edges: Set<String>) -> [[String]] {
        // Most queries have no designator at either end: check the edge tokens first.
        guard let first = tokens.first, let last = tokens.last,
              edges.contains(first) || edges.contains(last)
                || ResolverIndex.designatorStopwords.contains(first),
              tokens.count <= Self.maximumDesignatorTokens else { return [] }
        var part = 0..<tokens.count
        var starts = [0], ends = [tokens.count]
        // At most a few steps from each end: the parts between them grow as their product.
        while part.count > 1 && starts.count <= Self.maximumDesignatorSteps && ends.count <= Self.maximumDesignatorSteps {
            var best: Range<Int>?
            var bestPhrase: [String] = []
            let count = part.count
            for phrase in byFirst[tokens[part.lowerBound]] ?? [] where phrase.count < count {
                if tokens[part.lowerBound..<part.lowerBound + phrase.count].elementsEqual(phrase) {
                    best = part.lowerBound + phrase.count..<part.upperBound; bestPhrase = phrase; break
                }
            }
            // The phrase list's order decides between the ends: longer, then lexicographically first.
            for phrase in byLast[tokens[part.upperBound - 1]] ?? [] where phrase.count < count {
                guard phrase.count > bestPhrase.count
                        || (phrase.count == bestPhrase.count && phrase.lexicographicallyPrecedes(bestPhrase)) else { break }
                if tokens[part.upperBound - phrase.count..<part.upperBound].elementsEqual(phrase) {
                    best = part.lowerBound..<part.upperBound - phrase.count; break
                }
            }
            var next = best ?? part
            // Where the phrase ended, before its particles, is a boundary too: Welsh "De" is
            // "south" ("Gweriniaeth De Affrica" is South Africa, not Africa).
            if next.lowerBound != part.lowerBound, next.count > 1,
               ResolverIndex.designatorStopwords.contains(tokens[next.lowerBound]) {
                starts.append(next.lowerBound)
            }
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
}

/// The state of one resolution while the stages run.
struct Context {
    let query: String
    var steps: [ExplanationStep] = []
    var blocked: Set<Int32> = []
    /// Whether the stages see the query itself, not a part or another reading of it
    /// (``ResolverOptions/approximateLanguages`` spares only whole queries matched as written).
    var wholeQuery = true
    /// The query's HTML character references were decoded already (HTML decodes once:
    /// "&amp;#71;" is the text "&#71;").
    var referencesDecoded = false
    var candidates: [Candidate] = []
    var outcome: Resolution.Outcome = .noMatch
    var chosen: Candidate?
    /// A stage found that the query is no name (a misspelt demonym): the later ones do not run.
    var stopped = false

    init(query: String) { self.query = query }

    /// Takes the answer of an inner reading of the query (a rewritten form, a part): its
    /// steps but its own "normalised to", its candidates (or `candidates`), and `chosen`
    /// as the match.
    mutating func adopt(_ inner: Context, chosen: Candidate, candidates: [Candidate]? = nil) {
        steps.append(contentsOf: inner.steps.filter {
            if case .normalized = $0 { return false } else { return true }
        })
        merge(candidates ?? inner.candidates)
        self.chosen = chosen
        outcome = .match
    }

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
            steps.append(best.score < options.threshold ? .belowThreshold(score: best.score, threshold: options.threshold)
                                                         : .setAside(score: best.score))
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
