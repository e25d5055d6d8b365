/// How a query was resolved. The raw values are stable (the CLI's TSV `method` column).
public enum ResolutionMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// A name written exactly as the query (`Азербайджан`).
    case exact
    /// A name with the query's folded key, or with its words in another order (`NAKA`).
    case folded
    /// An ISO 3166-1 alpha-2 or alpha-3 code in capitals (`SE` → SWE).
    case code
    /// A name with the query's confusable skeleton (look-alike letters).
    case confusable
    /// A name with the query's phonetic key (`Naqqa` → "Naka").
    case phonetic
    /// A name left when generic words are stripped (`République d'Azerbaïdjan`).
    case designator
    /// The first words of a longer name of one entity only (`United Kingdom of Great Britain`).
    case prefix
    /// A name one or two edits away (`Azerbaijn`).
    case fuzzy
    /// Parts resolved one by one into a pair, group or composite (`Armenia–Georgia`).
    case compound
    /// A Han abbreviation derived from Chinese names, its pinyin, or an initialism.
    case abbreviation
    /// Joined pinyin, Hepburn of a kana name, or joined syllables (`Eluosi`, `Ca-na-đa`).
    case romanized
    /// A case form of a name in Cyrillic letters, read by its ending (`Москве` → "Москва",
    /// `Азербайджана` → "Азербайджан").
    case inflected
    /// The answer is ambiguous; no one method.
    case ambiguous
    /// No match.
    case none
}

/// One candidate entity for a query.
public struct Candidate: Sendable, Hashable {
    /// The entity id; for a composite pair with no curated entity, the member ids joined
    /// by `+` in the order written (`RUS+UKR`).
    public let id: String
    /// The entity's canonical name; for a composite, the members' names joined by an en dash.
    public let name: String
    /// The entity's kind; for a composite, `pair` (two members) or `group`.
    public let kind: EntityKind
    /// Estimated probability that this is the right entity (see docs/matching.md).
    public let score: Double
    /// The stage that found the candidate.
    public let method: ResolutionMethod
    /// The name of the entity that matched (alias or canonical name).
    public let matchedName: String
    /// Edits between the query's key and the matched key (fuzzy stage), else 0.
    public let edits: Int
    /// Member ids, for pairs, groups and composites.
    public let members: [String]
    /// How prominent the entity is: curated entities above bulk ones, then by population
    /// (``SummaryTable/prominence(_:)``); orders candidates that score the same.
    var prominence: UInt64 = 0
}

/// A score with exactly three decimals ("0.880"), as the CLI's TSV and JSON print it.
package func formatScore(_ value: Double) -> String {
    let scaled = Int((value * 1000).rounded())
    let fraction = String(abs(scaled) % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

/// The answer to a query: a match, ambiguous, or no match.
public struct Resolution: Sendable, Hashable {
    /// Whether a query resolved. The raw value (`match`, `ambiguous`, `none`) is the
    /// `outcome` of the CLI's JSON.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// One entity, at or above the threshold (``Resolution/best``).
        case match
        /// The best entities score within the ambiguity margin (``Resolution/candidates``).
        case ambiguous
        /// No entity at or above the threshold (raw value `none`); candidates may still be listed.
        case noMatch = "none"
    }

    /// The query, as given.
    public let query: String
    /// Whether the query matched one entity, was ambiguous, or matched none.
    public let outcome: Outcome
    /// The chosen candidate (for a match).
    public let best: Candidate?
    /// The best candidates, best first (at most the resolver's `top`).
    public let candidates: [Candidate]
    /// The steps of the reasoning, in order; ``ExplanationStep/description`` renders each.
    public let explanation: [ExplanationStep]

    /// The score of the answer: the best candidate's, or 0.
    public var score: Double { best?.score ?? candidates.first?.score ?? 0 }
    /// How the answer was found (`ambiguous` and `none` for those outcomes).
    public var method: ResolutionMethod {
        switch outcome {
        case .match: return best?.method ?? .none
        case .ambiguous: return .ambiguous
        case .noMatch: return .none
        }
    }
    /// Members of the matched pair or group.
    public var members: [String] { best?.members ?? [] }
}

/// The answer of ``Resolver/exactLookup(_:)``: plain values, no allocation.
public enum ExactLookup: Sendable, Hashable {
    /// The name belongs to one entity (or to several, but one clearly ranks first): its
    /// position in ``Gazetteer/entities``, and the score ``Resolver/resolve(_:)-(String)`` gives.
    case match(entity: Int, score: Double)
    /// Several entities share the name and none ranks clearly first. (Not returned since
    /// 2026-12-05: such a name is left to the stages, ``notFound``, which rank its
    /// candidates by what each outranks; kept so that code switching on it still builds.)
    case ambiguous
    /// Not decided here; ``Resolver/resolve(_:)-(String)`` runs the stages.
    case notFound
}

extension Resolution {
    /// The entity whose demonym or adjective the query is, as the dictionary lists it
    /// ("Greek" → GRC), when that is why there is no match; nil otherwise.
    public var demonymOf: String? {
        for step in explanation {
            if case .demonymOf(let entity, _) = step { return entity }
        }
        return nil
    }
}
