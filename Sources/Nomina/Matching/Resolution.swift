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
    /// A name one or two edits away (`Azerbaijn`).
    case fuzzy
    /// Parts resolved one by one into a pair, group or composite (`Armenia–Georgia`).
    case compound
    /// A Han abbreviation derived from Chinese names, its pinyin, or an initialism.
    case abbreviation
    /// Joined pinyin, Hepburn of a kana name, or joined syllables (`Eluosi`, `Ca-na-đa`).
    case romanized
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

/// One step of the reasoning behind a resolution: data, which the CLI renders.
public enum ExplanationStep: Sendable, Hashable, CustomStringConvertible {
    /// The query's folded key and the scripts it was written in.
    case normalized(key: String, scripts: [String])
    /// The query's phonetic key was used.
    case phoneticKey(String)
    /// The confusable skeleton was used.
    case skeleton(String)
    /// Generic words were removed ("république", "d").
    case strippedDesignators(removed: [String], remaining: String)
    /// What was left after stripping designators matched names that start with `stem`.
    case stem(core: String, stem: String)
    /// The query was read another way: inverted ("Republic of Korea"), or one part of it.
    case rewritten(as: String)
    /// Short syllables were read as one word ("ca na da" → "canada").
    case joinedSyllables(String)
    /// The query is a name of `entity` with an adjectival ending ("Armenian"): a demonym or
    /// an adjective, not matched approximately.
    case adjectiveOf(entity: String, name: String)
    /// The query's words, particles aside and in any order, are those of a name.
    case sameWords(String)
    /// The query is an ISO 3166-1 code, in capitals.
    case countryCode(String)
    /// Read as Japanese in Hepburn, long vowels single.
    case romaji(String)
    /// The query was split into parts that resolved one by one.
    case split(parts: [String])
    /// A part that only repeated the end of the one before ("Aya-Yaah") was dropped.
    case droppedEcho(String)
    /// The match is an abbreviation derived from Chinese names (纳戈尔诺-卡拉巴赫 → 纳卡).
    case derivedAbbreviation(abbreviation: String, romanized: String?, from: [String])
    /// A name of `entity` matched.
    case matched(name: String, entity: String, method: ResolutionMethod, edits: Int)
    /// An entity was excluded because the query is one of its negative names.
    case blockedByNegative(entity: String, name: String)
    /// Other entities matched as well as `entity` but rank below it: they are bulk entries
    /// (GeoNames) and it is curated, or they are places with at most a fifth of its
    /// population (`population`; `largestOther` is the most populous of them).
    case preferred(entity: String, over: [String], population: Int?, largestOther: Int?)
    /// Other entities matched as well as `entity`, but the name is its own (its canonical
    /// name) and theirs only as another name: in a smaller language, a former name, or an
    /// alternate name of a bulk place ("Islamabad", once a name of Chattogram).
    case preferredOwnName(entity: String, over: [String])
    /// The best candidates were too close to choose.
    case ambiguous(between: [String])
    /// The best score was below the threshold.
    case belowThreshold(score: Double, threshold: Double)
    /// The query is longer than ``Resolver/maximumQueryBytes`` and was only looked up as written.
    case tooLong(bytes: Int, limit: Int)
    /// Punctuation around the query or a possessive ending was removed, as the extractor
    /// leaves them out of a mention: `"(Naka)"`, `Russia's`.
    case trimmed(from: String, to: String)

    /// 2148000 → "2,148,000".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// A one-line rendering for people.
    public var description: String {
        switch self {
        case .normalized(let key, let scripts):
            return "normalised to \"\(key)\"" + (scripts.isEmpty || scripts == ["Latn"] ? "" : " (from \(scripts.joined(separator: ", ")))")
        case .phoneticKey(let key): return "phonetic key \"\(key)\""
        case .skeleton(let skeleton): return "confusable skeleton \"\(skeleton)\""
        case .strippedDesignators(let removed, let remaining):
            return "stripped designators \(removed.map { "\"\($0)\"" }.joined(separator: ", ")) → \"\(remaining)\""
        case .stem(let core, let stem): return "\"\(core)\" matched as a form of a name starting \"\(stem)\""
        case .rewritten(let form): return "read as \"\(form)\""
        case .joinedSyllables(let joined): return "syllables joined as \"\(joined)\""
        case .adjectiveOf(let entity, let name):
            return "an adjective or demonym of \"\(name)\" (\(entity)), not a name: not matched approximately"
        case .sameWords(let words): return "the words \"\(words)\" in any order"
        case .countryCode(let code): return "\"\(code)\" read as an ISO 3166-1 code"
        case .romaji(let skeleton): return "read as Hepburn \"\(skeleton)\" (long vowels single)"
        case .split(let parts): return "split into \(parts.map { "\"\($0)\"" }.joined(separator: " + "))"
        case .droppedEcho(let part): return "dropped \"\(part)\", an echo of the part before"
        case .trimmed(let from, let to): return "read \"\(from)\" as \"\(to)\" (punctuation around it or a possessive ending removed)"
        case .derivedAbbreviation(let abbreviation, let romanized, let from):
            return "abbreviation \(abbreviation)" + (romanized.map { " (\($0))" } ?? "") + " derived from " + from.joined(separator: " + ")
        case .matched(let name, let entity, let method, let edits):
            return "\(method.rawValue) match of \"\(name)\" of \(entity)" + (edits > 0 ? ", \(edits) edit\(edits == 1 ? "" : "s")" : "")
        case .blockedByNegative(let entity, let name): return "\(entity) excluded: \"\(name)\" is one of its negative names"
        case .preferred(let entity, let over, let population, let largestOther):
            let others = over.count == 1 ? over[0] : "\(over.count) others (\(over.prefix(3).joined(separator: ", "))\(over.count > 3 ? ", …" : ""))"
            if let population, let largestOther {
                return "\(entity) preferred over \(others): population \(Self.grouped(population)) against at most \(Self.grouped(largestOther))"
            }
            return "\(entity) preferred over \(others): curated entries rank above bulk lists"
        case .preferredOwnName(let entity, let over):
            let others = over.count == 1 ? over[0] : "\(over.count) others (\(over.prefix(3).joined(separator: ", "))\(over.count > 3 ? ", …" : ""))"
            return "\(entity) preferred over \(others): the name is its own, theirs only another name"
        case .ambiguous(let between): return "ambiguous between \(between.joined(separator: ", "))"
        case .belowThreshold(let score, let threshold):
            return "best score \(formatScore(score)) is below the threshold \(formatScore(threshold))"
        case .tooLong(let bytes, let limit):
            return "not resolved: \(bytes) bytes, longer than the \(limit)-byte limit for names (looked up as written only)"
        }
    }
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
    /// Several entities share the name and none ranks clearly first.
    case ambiguous
    /// Not decided here; ``Resolver/resolve(_:)-(String)`` runs the stages.
    case notFound
}
