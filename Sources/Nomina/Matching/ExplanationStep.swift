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
    /// What was left after stripping designators was read as the genitive of the name with
    /// the key `name` ("saksan" of "saksa").
    case genitive(core: String, name: String)
    /// The query was read another way: inverted ("Republic of Korea"), or one part of it.
    case rewritten(as: String)
    /// Short syllables were read as one word ("ca na da" → "canada").
    case joinedSyllables(String)
    /// The query is a name of `entity` with an adjectival ending ("Armenian"): a demonym or
    /// an adjective, not matched approximately.
    case adjectiveOf(entity: String, name: String)
    /// The query is a demonym or adjective that the dictionary lists for `entity`
    /// ("Greek", "Filipino"): not a name, not matched approximately.
    case demonymOf(entity: String, demonym: String)
    /// The query is a name of `entity`, a curated entity of a kind the options leave out
    /// ("European Union" with only countries asked for): no other reading is sought.
    case kindLeftOut(entity: String, kind: EntityKind)
    /// What was left after stripping designators is a demonym or adjective the dictionary
    /// lists for `entity` ("Cypriot" of "Cypriot Republic"): read as the entity's name.
    case demonymCore(core: String, entity: String)
    /// The query is an ordinary word in these languages' word lists: the approximate
    /// stages, which would take it for a near miss of a name, were not run.
    case ordinaryWord(String, languages: String)
    /// The query's words, particles aside and in any order, are those of a name.
    case sameWords(String)
    /// The query is an ISO 3166-1 code, in capitals.
    case countryCode(String)
    /// Read as Japanese in Hepburn, long vowels single.
    case romaji(String)
    /// Read as a case form of `name` (Russian, Ukrainian or Belarusian endings).
    case inflected(form: String, name: String)
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
    /// Other entities matched as well as `entity`, but they are states or provinces of a
    /// country and it is a country or territory, or a city of 500,000 people or more
    /// ("Georgia", "Washington").
    case preferredOverSubdivision(entity: String, over: [String])
    /// The query is a name, a comma and a country ("Tripoli, Lebanon"): only the name's
    /// entities in that country were considered.
    case qualifiedByCountry(name: String, country: String)
    /// The query is a place, a comma and a country ("London, United Kingdom"), and only
    /// countries and territories were asked for: the country, with `name` a place in it or
    /// a name the gazetteer does not know.
    case countryOfPlace(name: String, country: String)
    /// The query's words begin a longer name of one entity only ("United Kingdom of Great
    /// Britain").
    case namePrefix(String)
    /// The query is `edits` letters from `name`, counted in the script both are written in
    /// (vowel signs and other marks aside), not in their romanised keys.
    case nativeNearMiss(name: String, edits: Int)
    /// The best candidates were too close to choose.
    case ambiguous(between: [String])
    /// The best score was below the threshold.
    case belowThreshold(score: Double, threshold: Double)
    /// The best candidate scored at or above the threshold, but a rule of its stage set it
    /// aside (a near miss of a bulk place from another script, a margin too small, …).
    case setAside(score: Double)
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
        case .genitive(let core, let name): return "\"\(core)\" read as the genitive of \"\(name)\""
        case .rewritten(let form): return "read as \"\(form)\""
        case .joinedSyllables(let joined): return "syllables joined as \"\(joined)\""
        case .adjectiveOf(let entity, let name):
            return "an adjective or demonym of \"\(name)\" (\(entity)), not a name: not matched approximately"
        case .kindLeftOut(let entity, let kind):
            return "a name of \(entity), \(kind == .organisation ? "an" : "a") \(kind.rawValue), a kind not asked for: not read another way"
        case .demonymOf(let entity, let demonym):
            return "\"\(demonym)\" is a demonym or adjective of \(entity) in the dictionary, not a name: not matched approximately"
        case .demonymCore(let core, let entity):
            return "\"\(core)\" is a demonym or adjective of \(entity) in the dictionary: with a designator, read as its name"
        case .ordinaryWord(let word, let languages):
            return "\"\(word)\" is an ordinary word (\(languages)): not read as a near miss of a name"
        case .sameWords(let words): return "the words \"\(words)\" in any order"
        case .countryCode(let code): return "\"\(code)\" read as an ISO 3166-1 code"
        case .romaji(let skeleton): return "read as Hepburn \"\(skeleton)\" (long vowels single)"
        case .inflected(let form, let name): return "read \"\(form)\" as a case form of \"\(name)\""
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
        case .qualifiedByCountry(let name, let country):
            return "read as \"\(name)\" in \(country)"
        case .nativeNearMiss(let name, let edits):
            return "\(edits) letter\(edits == 1 ? "" : "s") from \"\(name)\" in its own script"
        case .namePrefix(let key):
            return "\"\(key)\" begins names of one entity only"
        case .countryOfPlace(let name, let country):
            return "\"\(name)\" is read as a place in \(country), whose kind was asked for: the answer is \(country)"
        case .preferredOverSubdivision(let entity, let over):
            let others = over.joined(separator: ", ")
            return "\(entity) preferred over \(others): a country, or a city of 500,000 people or more, ranks above a state or province of its name"
        case .ambiguous(let between): return "ambiguous between \(between.joined(separator: ", "))"
        case .belowThreshold(let score, let threshold):
            return "best score \(formatScore(score)) is below the threshold \(formatScore(threshold))"
        case .setAside(let score):
            return "the best candidate (score \(formatScore(score))) was not taken: a rule of its stage set it aside"
        case .tooLong(let bytes, let limit):
            return "not resolved: \(bytes) bytes, longer than the \(limit)-byte limit for names (looked up as written only)"
        }
    }
}
