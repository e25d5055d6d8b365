/// An entry of a gazetteer: a country, region, pair, organisation, person, …
public struct Entity: Sendable, Hashable, Identifiable {
    /// Stable id: ISO 3166-1 alpha-3 for countries and territories (`AZE`), otherwise a
    /// lowercase kebab-case slug (`nagorno-karabakh`).
    public let id: String
    /// The canonical (English) name.
    public let name: String
    /// What the entity is: a country, a region, a pair, …
    public let kind: EntityKind
    /// Codes by scheme, e.g. `alpha2: AZ`, `alpha3: AZE`, `geonames: 587084`.
    public let codes: [String: String]
    /// Its other names, in the order written: never a demonym (those are ``demonyms``).
    public let aliases: [Alias]
    /// Its demonyms and adjectives ("Armenian", "arménienne", "армяне"): words that refer to
    /// the entity without naming it. The resolver never reads one as a name of the entity;
    /// they stop a query or a word of text from being taken for a near miss of a name in
    /// some smaller language ("Filipino", Asu for the Philippines; "Greek", two edits from
    /// "Grek"). Aliases of type ``AliasType/demonym`` given to the initialiser are put here.
    public let demonyms: [Alias]
    /// For pairs and groups: the member ids, in their conventional order.
    public let members: [String]
    /// The entity this one belongs to (region → country), if any.
    public let parent: String?
    /// Entities that claim this one, where that is a neutral fact (disputed regions).
    public let claimants: [String]
    /// Names that must never resolve to this entity ("Georgia, USA" for Georgia the country).
    public let negatives: [NegativeName]
    /// The one-character abbreviation Chinese news uses for the entity, when it is not
    /// the first character of its Chinese name (美 for the USA, 俄 for Russia).
    public let hanAbbreviation: String?
    /// A curator's note, if any.
    public let note: String?
    /// How many people live there (places), for telling apart entities that share a name:
    /// Paris, France, before Paris, Texas. Nil when unknown.
    public let population: Int?
    /// When the entity began to hold what its entry is about (a person's office), as an ISO
    /// 8601 date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public let since: String?
    /// When it stopped (nil: still holds it, or not a dated entry).
    public let until: String?
    /// Whether the entity comes from a curated source or from a bulk list (``Tier``).
    public let tier: Tier
    /// Where the entity was defined.
    public let location: SourceLocation

    /// How much the gazetteer trusts an entity when names collide.
    public enum Tier: String, Sendable, Hashable, Codable, CaseIterable {
        /// Written or reviewed by curators: the YAML files, and the countries and other
        /// entities of bulk files that are not places (the generated country file).
        case curated
        /// Bulk lists of places (kinds `city` and `other` in the bulk format, e.g. GeoNames):
        /// they rank below curated entities whenever both match a name equally well.
        case bulk
    }

    /// An entity with these fields; only the id, name, kind and location are required.
    /// Aliases of type ``AliasType/demonym`` become ``demonyms``.
    /// Make a ``Gazetteer`` of entities with ``Gazetteer/init(entities:)``, which checks them.
    public init(id: String, name: String, kind: EntityKind, codes: [String: String] = [:], aliases: [Alias] = [],
                members: [String] = [], parent: String? = nil, claimants: [String] = [],
                negatives: [NegativeName] = [], hanAbbreviation: String? = nil, note: String? = nil,
                population: Int? = nil, since: String? = nil, until: String? = nil, tier: Tier = .curated,
                location: SourceLocation) {
        self.id = id
        self.name = name
        self.kind = kind
        self.codes = codes
        if aliases.contains(where: { $0.type == .demonym }) {
            self.aliases = aliases.filter { $0.type != .demonym }
            self.demonyms = aliases.filter { $0.type == .demonym }
        } else {
            self.aliases = aliases
            self.demonyms = []
        }
        self.members = members
        self.parent = parent
        self.claimants = claimants
        self.negatives = negatives
        self.hanAbbreviation = hanAbbreviation
        self.note = note
        self.population = population
        self.since = since
        self.until = until
        self.tier = tier
        self.location = location
    }

    /// Every name of the entity: the canonical name first, then the aliases.
    public var allNames: [String] { [name] + aliases.map(\.name) }
}

/// Aliases and negative names that one dictionary adds to an entity defined in another
/// (`extend: GEO` in YAML), so that curators can enrich generated or bundled entries.
package struct EntityExtension: Sendable, Hashable {
    public let target: String
    public let aliases: [Alias]
    public let negatives: [NegativeName]
    public let location: SourceLocation
}

extension Entity {
    func extended(with extensions: [EntityExtension]) -> Entity {
        guard !extensions.isEmpty else { return self }
        return Entity(id: id, name: name, kind: kind, codes: codes,
                      aliases: aliases + demonyms + extensions.flatMap(\.aliases), members: members, parent: parent,
                      claimants: claimants, negatives: negatives + extensions.flatMap(\.negatives),
                      hanAbbreviation: hanAbbreviation, note: note, population: population, since: since, until: until,
                      tier: tier, location: location)
    }
}
