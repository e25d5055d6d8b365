/// What kind of name an alias is. The raw value is the `type` written in dictionaries.
public enum AliasType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The full formal name ("Republic of Angola").
    case official
    /// A shorter everyday name ("DR Congo").
    case short
    /// An acronym or abbreviation ("EU", 纳卡).
    case abbreviation
    /// A former name ("Upper Volta"); ranks below a place's own name.
    case historical
    /// A common misspelling, listed so that it resolves.
    case misspelling
    /// The name in another script's letters ("Azerbaidzhan", "Lianheguo").
    case transliteration
    /// The name of the people, or the adjective ("Armenian").
    case demonym
}

/// Another name of an entity.
public struct Alias: Sendable, Hashable {
    /// The name as written.
    public let name: String
    /// Its BCP 47 language tag ("ru", "zh-Hant"), if known.
    public let language: String?
    /// What kind of name it is, if known.
    public let type: AliasType?
    /// A curator's note (why the alias exists, where it comes from).
    public let note: String?
    /// The alias must match exactly, never fuzzily (short or ambiguous names).
    public let exactOnly: Bool
    /// Where it was written.
    public let location: SourceLocation

    /// An alias of `name`; only the name and where it was written are required.
    public init(name: String, language: String? = nil, type: AliasType? = nil, note: String? = nil,
                exactOnly: Bool = false, location: SourceLocation) {
        self.name = name
        self.language = language
        self.type = type
        self.note = note
        self.exactOnly = exactOnly
        self.location = location
    }
}

/// A string that must never resolve to an entity ("Chad" the given name, "Georgia" the
/// US state), optionally pointing to the entity it means instead.
public struct NegativeName: Sendable, Hashable {
    /// The name as written; a query with its normalised key never resolves to the entity.
    public let name: String
    /// A curator's note (what the name means instead), if any.
    public let note: String?
    /// The id of the entity this name means instead, if it is in the gazetteer.
    public let instead: String?
    /// Where it was written.
    public let location: SourceLocation

    /// A negative name `name`, optionally with a note and the id of the entity it means instead.
    public init(name: String, note: String? = nil, instead: String? = nil, location: SourceLocation) {
        self.name = name
        self.note = note
        self.instead = instead
        self.location = location
    }
}
