/// Prominence: which of several entities that match a name equally well comes first
/// (docs/matching.md, "Prominence").
extension Resolver {
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
}
