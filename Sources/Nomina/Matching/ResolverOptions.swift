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
    /// Whether a one-word query that is an ordinary word of a major European language
    /// (`Resources/ordinary-words.tsv`: "médico", "indies") skips the phonetic and fuzzy
    /// stages. Off only to regenerate that list.
    package var ordinaryWordStop = true

    /// Options with the given kinds, threshold and number of candidates; the others have
    /// their defaults and can be set afterwards.
    public init(kinds: Set<EntityKind>? = nil, threshold: Double = 0.75, top: Int = 5) {
        self.kinds = kinds
        self.threshold = threshold
        self.top = top
    }
}
