import Dispatch
import Foundation

/// Options of a ``MentionExtractor``.
public struct ExtractorOptions: Sendable, Hashable {
    /// In scripts with case, a mention must start with a capital letter (unless the name
    /// itself starts with a small one). Off for corpora written in lower case.
    public var requireCapitals: Bool = true
    /// Also report mentions that are not names as written or folded: phonetic, fuzzy,
    /// designator, compound and abbreviation matches of capitalised words ("Naqqa",
    /// "Aya-Yaah").
    public var approximate: Bool = true
    /// The fewest letters an approximate mention may have.
    public var minimumApproximateLength: Int = 4
    /// The most written words an approximate mention may span.
    public var maximumApproximateWords: Int = 4
    /// Also look for names that CLDR gives only in smaller languages. Off by default: in
    /// English text, the Swahili "Azerbaijani" is an adjective.
    public var allLanguages: Bool = false
    /// Approximate mentions (every match but a whole name written or folded: phonetic,
    /// fuzzy, confusable, romaji, designators, compounds, abbreviations) are earned only
    /// through names in these languages (base tags), names of curated entities (YAML
    /// dictionaries) or without a language, and names in the text's own script when it is
    /// not Latin: "Skidan" is one edit from a transliteration of the Kannada name of Sweden,
    /// and is no mention of it. Nil: every name the resolver matches approximately (as
    /// `nomina resolve`). See ``ResolverOptions/approximateLanguages``.
    public var approximateLanguages: Set<String>? = ExtractorOptions.newsLanguages
    /// The default of ``approximateLanguages``: English and the major languages of news.
    public static let newsLanguages: Set<String> = ["en", "fr", "de", "es", "it", "pt", "ru", "zh", "ar", "ja"]
    /// The rules of context (docs/extraction.md, "Precision rules"): a short or approximate
    /// mention next to another capitalised word is part of a longer name ("Aya Nakamura"),
    /// a given name before a surname is a person ("Jordan Peterson"), "New Jersey" is not
    /// Jersey, a short name after a word for a person is that person ("striker Naka").
    public var contextRules: Bool = true

    /// Options with capitals required or not, and approximate matches allowed or not; the
    /// other options have their defaults and can be set afterwards.
    public init(requireCapitals: Bool = true, approximate: Bool = true) {
        self.requireCapitals = requireCapitals
        self.approximate = approximate
    }
}
