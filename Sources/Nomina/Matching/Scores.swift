/// Every score the resolver gives, in one place. A score orders the stages (an earlier,
/// surer stage scores higher) and says how sure the answer is; the table of stages in
/// docs/matching.md gives them with examples.
///
/// How they were chosen: fixed by hand per stage, in the order of the strength of its
/// evidence (a name as written, then its folded key, then look-alikes, sounds, stripped
/// designators, edits, compounds, derived abbreviations), so that every stage's answer
/// clears the default threshold (``ResolverOptions/threshold``, 0.75) and the fuzzy
/// stage's drops below it as edits grow; then checked on the development set, where every
/// stage was right more often than its score says (docs/matching.md, "Confidence and
/// abstention"). They rank answers; they are not calibrated probabilities. Changing one
/// changes which answer wins when two stages disagree; `ResolverTests` ("scores order the
/// stages") holds the order.
enum Scores {
    // MARK: Whole names

    /// The query written exactly as a canonical name or alias.
    static let exact = 1.0
    /// Taken off a name the index derived (a Han abbreviation, the pinyin of a Chinese
    /// name) rather than one curators wrote: an exact match of one scores 0.98, so that a
    /// written name wins over a derived one that matches as well.
    static let derivedPenalty = 0.02
    /// An ISO 3166-1 alpha-2 or alpha-3 code in capitals ("ITA", "SE"): sure, but below a
    /// name written so, which a code never outranks.
    static let code = 0.96
    /// The folded key (case, accents, scripts, punctuation) of a name.
    static let folded = 0.97
    /// The same words in another order, particles aside ("Congo, Republic of").
    static let sameWords = 0.95
    /// The UTS #39 confusable skeleton (look-alike letters of other scripts).
    static let confusable = 0.93
    /// A case form of a Cyrillic name read by its ending ("Москве" → "Москва"): the
    /// endings are the language's, but a word may be a form of two names.
    static let inflected = 0.94
    /// Japanese in Hepburn by the skeleton of its romanisation ("Kuueito").
    static let romaji = 0.90
    /// The phonetic key ("Naqqa" → "naka"): romanisations and spellings by ear.
    static let phonetic = 0.88

    // MARK: Written forms and designators

    /// Hyphenated syllables joined into a name ("Ca-na-đa"), by folded key…
    static let joinedSyllables = 0.92
    /// … and by phonetic key.
    static let joinedSyllablesPhonetic = 0.85
    /// "A (B)" where B names nothing: the inner name's score times this ("Turkey (bird)").
    static let unexplainedParenthesis = 0.9
    /// "London, United Kingdom" with only countries asked for: the country named after the
    /// comma, below its name as written, since the query names a place in it.
    static let countryOfPlace = 0.90
    /// A name beside the country it lies in, without a comma ("Djevičanska Ostrva SAD"):
    /// the name's key matched, and the country chose among its entities.
    static let qualifiedByParent = 0.93
    /// The first words of a long name of one entity only ("United Kingdom of Great Britain").
    static let namePrefix = 0.84
    /// Designators stripped ("République d'Azerbaïdjan" → "azerbaidjan"), folded key…
    static let designator = 0.92
    /// … phonetic key…
    static let designatorPhonetic = 0.85
    /// … or the stem rule on the one word left ("Russa" → "russ…").
    static let designatorStem = 0.84

    // MARK: Fuzzy

    /// The fuzzy stage's ceiling: a name `edits` edits from a key of `length` characters
    /// scores `fuzzyCeiling × (1 − edits / length)`: one edit in a 9-letter name 0.84, in a
    /// 5-letter one 0.76, two in a 10-letter one 0.76.
    static let fuzzyCeiling = 0.95

    // MARK: Compounds and abbreviations

    /// A compound scores its weakest part times this ("Armenia and Azerbaijan").
    static let compoundFactor = 0.98
    /// A part that only echoes the end of the one before was dropped ("Aya-Yaah"): the
    /// remaining part's score times this.
    static let echoFactor = 0.9
    /// A Han abbreviation derived from a Chinese name (纳卡), its romanisation ("Naka"), or a
    /// Latin initialism ("OSCE").
    static let abbreviation = 0.85
    /// A romanised abbreviation spelled by ear ("Naqqa" for "naka").
    static let abbreviationByEar = 0.80
    /// One Han character per member (中俄 → China–Russia).
    static let hanComposite = 0.80
    /// Hyphenated syllables, each the pinyin of one entity's Han unit ("Zhong-Ri").
    static let romanizedComposite = 0.78
}
