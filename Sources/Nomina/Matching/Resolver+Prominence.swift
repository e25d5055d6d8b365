/// Prominence: which of several entities that match a name equally well comes first
/// (docs/matching.md, "Prominence").
extension Resolver {
    /// Whether entity `a`, matched through the name `a.name`, clearly outranks `b` when both
    /// match a query equally well (docs/matching.md, "Prominence"):
    /// 1. a curated entity outranks a bulk place, unless it has the name only in another
    ///    language than English or as a former name and the place has it as its own
    ///    canonical name ("Tunis" is the city; the Azerbaijani name of Tunisia is no claim);
    /// 2. among bulk places, one whose canonical name it is outranks those that have it as
    ///    another name ("Islamabad" is the Pakistani capital, not a former name of Chattogram),
    ///    unless one of those is ``ownNameDwarfRatio`` times as populous and the place has fewer
    ///    than ``ownNameKeptPopulation`` people (Odesa over Odessa, Texas; not Delhi over New Delhi);
    /// 3. otherwise a place with 5× the population of the other (``SummaryTable/outranks(_:_:)``).
    ///
    /// Before all of these, a state or province of a country (a region whose parent is a
    /// country or territory) comes after a country or territory of its name ("Georgia") and
    /// after a city of ``subdivisionYieldingCity`` people or more that has it ("Washington",
    /// "New York"), and before smaller cities (``subdivisionPrecedence(_:_:)``).
    func outranks(_ a: (entity: Int, name: String), over b: (entity: Int, name: String)) -> Bool {
        let summaries = index.summaries
        if let first = subdivisionPrecedence(a, b) { return first }
        let (aTier, bTier) = (summaries[a.entity].tier, summaries[b.entity].tier)
        let aCanonical = a.name == summaries[a.entity].name, bCanonical = b.name == summaries[b.entity].name
        if aTier != bTier {
            if aTier == .curated { return !(bCanonical && weakClaim(a.entity, a.name)) }
            return aCanonical && weakClaim(b.entity, b.name)
        }
        if aTier == .bulk && aCanonical != bCanonical {
            // Unless the other is a far larger place known by the name too: Odesa (1 M) is
            // "Odessa", not Odessa, Texas; Beijing is "Пекин", not Pekin, Illinois.
            let (own, other) = aCanonical ? (a.entity, b.entity) : (b.entity, a.entity)
            // A city of its own size keeps its name: New Delhi (320 k) is not Delhi, whose
            // other name it is too.
            let dwarfed = summaries[own].population > 0 && summaries[own].population < Self.ownNameKeptPopulation
                && UInt64(summaries[other].population) >= UInt64(summaries[own].population) * Self.ownNameDwarfRatio
            return aCanonical ? !dwarfed : dwarfed
        }
        return summaries.outranks(a.entity, b.entity)
    }

    /// Whether `a` comes first (true), `b` does (false), or neither by this rule (nil), when
    /// one of them is a state or province of a country and the other is not: the country or
    /// territory of its name first, then a city of ``subdivisionYieldingCity`` people or more,
    /// then the state (before smaller cities: "Delaware" is the state, not Delaware, Ohio).
    ///
    /// The city must have the name as its own (or the state's own name as its own: "Вашингтон"
    /// of Washington, D.C.), or a fifth of the state's people: "New York" (an alias of New
    /// York City, 8.8 M, in a state of 20 M) is the city, "Oklahoma" (an alias of Oklahoma
    /// City, 0.65 M, in a state of 4 M) the state.
    func subdivisionPrecedence(_ a: (entity: Int, name: String), _ b: (entity: Int, name: String)) -> Bool? {
        let aState = isSubdivision(a.entity), bState = isSubdivision(b.entity)
        guard aState != bState else { return nil }
        let (state, other) = aState ? (a, b) : (b, a)
        let summary = index.summaries[other.entity]
        let otherFirst: Bool
        switch summary.kind {
        case .country, .territory: otherFirst = true
        case .city, .other:
            let statePopulation = UInt64(index.summaries[state.entity].population)
            // Its own name, or the name it shares with the state in another language
            // ("Вашингтон": both are "Washington"), or a fifth of the state's people.
            otherFirst = summary.population >= Self.subdivisionYieldingCity
                && (other.name == summary.name || summary.name == index.summaries[state.entity].name
                    || UInt64(summary.population) * SummaryTable.prominenceRatio >= statePopulation)
        default: return nil
        }
        return aState ? !otherFirst : otherFirst
    }

    /// The population from which a city outranks a state or province of its name
    /// (Washington, D.C., 689,000; New York City): news means the city.
    static let subdivisionYieldingCity: UInt32 = 500_000

    /// Whether an entity is a region whose parent is a country or territory.
    func isSubdivision(_ entity: Int) -> Bool { index.isSubdivision(entity) }

    /// How many times more populous a place known by another name must be to outrank the
    /// place whose own name it is (Odesa and Odessa, Texas: 10×; Chattogram, once called
    /// Islamabad, is 6× Islamabad and does not).
    static let ownNameDwarfRatio: UInt64 = 8
    /// The population from which a place keeps its own name against any larger place.
    static let ownNameKeptPopulation: UInt32 = 200_000

    /// Whether a curated entity has `name` only in another language than English, as a former
    /// name, or as a name Nomina derived.
    func weakClaim(_ entity: Int, _ name: String) -> Bool {
        let value = index.gazetteer.entities[entity]
        if value.name == name { return false }
        guard let alias = value.aliases.first(where: { $0.name == name }) else { return true }
        if alias.type == .historical { return true }
        guard let language = alias.language else { return false }
        return !(language == "en" || language.hasPrefix("en-"))
    }

    /// The step saying why `chosen` was preferred over entities that matched as well.
    func preference(_ chosen: (entity: Int, name: String), over outranked: [(entity: Int, name: String)]) -> [ExplanationStep] {
        guard !outranked.isEmpty else { return [] }
        let summaries = index.summaries
        let chosenTier = summaries[chosen.entity].tier
        let chosenOwn = chosen.name == summaries[chosen.entity].name
        // Most prominent first, then by id: the same list whichever path decided.
        let sorted = outranked.sorted {
            summaries.ranksBefore($0.entity, $1.entity) ?? (summaries[$0.entity].id < summaries[$1.entity].id)
        }
        var curated: [String] = [], ownName: [String] = [], populous: [Int] = [], states: [String] = []
        for other in sorted {
            let otherOwn = other.name == summaries[other.entity].name
            if subdivisionPrecedence(chosen, other) == true && isSubdivision(other.entity) {
                states.append(summaries[other.entity].id)
            } else if chosenTier == .curated && summaries[other.entity].tier == .bulk {
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
        if !states.isEmpty { steps.append(.preferredOverSubdivision(entity: id, over: states)) }
        if !populous.isEmpty {
            steps.append(.preferred(entity: id, over: populous.map { summaries[$0].id }, population: Int(summaries[chosen.entity].population),
                                    largestOther: populous.map { Int(summaries[$0].population) }.max()))
        }
        return steps
    }
}
