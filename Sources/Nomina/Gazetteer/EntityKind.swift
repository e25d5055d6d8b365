/// What an entity is. The raw value is the `kind` written in dictionaries.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A sovereign state; its id is its ISO 3166-1 alpha-3 code (`AZE`).
    case country
    /// A dependent territory with an ISO 3166-1 code of its own (`HKG`).
    case territory
    /// A region within or across countries (`nagorno-karabakh`).
    case region
    /// Two entities named together (`azerbaijan-armenia`); lists exactly 2 members.
    case pair
    /// Several entities named together; lists 2 or more members.
    case group
    /// An international or regional organisation, a court, an NGO (`nato`).
    case organisation
    /// A person, usually an office holder, dated with `since` and `until`.
    case person
    /// A city or town; in a bulk file, a bulk place (GeoNames).
    case city
    /// Anything else; in a bulk file, a bulk place.
    case other

    /// Whether the entity's id must be an ISO 3166-1 alpha-3 code.
    public var usesISOIdentifier: Bool { self == .country || self == .territory }
    /// Whether the entity lists members.
    public var hasMembers: Bool { self == .pair || self == .group }
}
