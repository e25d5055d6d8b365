/// A problem found while loading or validating a dictionary. A value, so tools can
/// render it as text, JSON or CI annotations.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is. The raw value (`error`, `warning`) is the word reports show.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Must be fixed: the loader's errors stop loading, and `nomina validate` fails.
        case error
        /// Worth a look: the files load, and `nomina validate` fails only with `--strict`.
        case warning
    }

    /// What is wrong. The raw value is the stable name shown in reports (`[duplicate-id]`,
    /// the `kind` of JSON reports); docs/ci.md lists them.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// `syntax`: not valid YAML, or a bulk file that is empty or lacks its `# nomina-bulk 1` line.
        case syntax = "syntax"
        /// `not-utf8`: the file, or a line of a bulk file, is not valid UTF-8.
        case notUTF8 = "not-utf8"
        /// `unknown-field`: a field the format does not have (often a misspelling: `nmae`).
        case unknownField = "unknown-field"
        /// `missing-field`: a required field is missing (id, name or kind; an alias's name; members).
        case missingField = "missing-field"
        /// `invalid-value`: a value of the wrong form (a list where text belongs, a pair of three).
        case invalidValue = "invalid-value"
        /// `invalid-id`: an id that is not an alpha-3 code (countries, territories) or a kebab-case slug.
        case invalidID = "invalid-id"
        /// `duplicate-id`: an id that another entity of the set, or a bundled one, already has.
        case duplicateID = "duplicate-id"
        /// `duplicate-alias`: the same name listed twice for one entity.
        case duplicateAlias = "duplicate-alias"
        /// `unknown-reference`: a member, parent, claimant, `instead` or `extend` that is no entity's id.
        case unknownReference = "unknown-reference"
        /// `parent-cycle`: parent links that lead back to where they started.
        case parentCycle = "parent-cycle"
        /// `invalid-language-tag`: a `lang` that is not a well-formed BCP 47 language tag.
        case invalidLanguageTag = "invalid-language-tag"
        /// `empty-name`: a name, alias or negative name that is empty or only white space.
        case emptyName = "empty-name"
        /// `punctuation-only-name`: a name with no letters or digits, which can never match.
        case punctuationOnlyName = "punctuation-only-name"
        /// `confusable-name` (validator only): a name mixing look-alike letters of two scripts.
        case confusableName = "confusable-name"
        /// `key-collision` (validator only): names of two entities that normalise alike; an
        /// error when both are exact-only, otherwise a warning.
        case keyCollision = "key-collision"
        /// `short-key` (validator only, warning): a curated key under 3 characters, not exact-only.
        case shortKey = "short-key"
        /// `common-word` (validator only, warning): a curated name that is a common English word
        /// (``DictionaryValidator/commonWords``), with no note and not exact-only.
        case commonWord = "common-word"
        /// `undated` (validator only, warning): a person entry without `since` or `until`; news
        /// names people by office, so a curator says when the entry holds.
        case undated = "undated"
        /// `unreadable`: a path that is missing, unreadable or holds no dictionary files, or
        /// bundled dictionaries missing from the build.
        case unreadable = "unreadable"
        /// `too-large`: YAML aliases make the file stand for more values than it has bytes.
        case tooLarge = "too-large"
    }

    /// Whether the problem must be fixed or is worth a look.
    public let severity: Severity
    /// What is wrong, as a stable name.
    public let kind: Kind
    /// Where the problem was written (line 1, column 1 when it concerns a whole file).
    public let location: SourceLocation
    /// One sentence saying what is wrong and how to fix it.
    public let message: String

    /// A diagnostic of `kind` at `location`.
    ///
    /// - Parameters:
    ///   - severity: whether the problem must be fixed or is worth a look.
    ///   - kind: what is wrong.
    ///   - location: where the problem was written.
    ///   - message: one sentence saying what is wrong and how to fix it.
    public init(_ severity: Severity, _ kind: Kind, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message [kind]`
    public var description: String { "\(location): \(severity.rawValue): \(message) [\(kind.rawValue)]" }
}

/// Thrown when dictionaries cannot be loaded; carries every error found.
public struct GazetteerError: Error, Sendable, CustomStringConvertible {
    /// Every error found, in the order found.
    public let diagnostics: [Diagnostic]

    /// An error that carries `diagnostics`.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// The first error, with how many more there are: `file:line:column: error: message
    /// [kind] (and 2 more errors)`.
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }
        guard let first = errors.first else { return "dictionary problems" }
        return errors.count == 1 ? first.description : "\(first.description) (and \(errors.count - 1) more errors)"
    }
}
