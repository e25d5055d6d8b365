/// A problem found while loading or validating a dictionary. A value, so tools can
/// render it as text, JSON or CI annotations.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    /// What is wrong. The raw value is stable and appears in JSON reports.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case syntax = "syntax"
        case notUTF8 = "not-utf8"
        case unknownField = "unknown-field"
        case missingField = "missing-field"
        case invalidValue = "invalid-value"
        case invalidID = "invalid-id"
        case duplicateID = "duplicate-id"
        case duplicateAlias = "duplicate-alias"
        case unknownReference = "unknown-reference"
        case parentCycle = "parent-cycle"
        case invalidLanguageTag = "invalid-language-tag"
        case emptyName = "empty-name"
        case punctuationOnlyName = "punctuation-only-name"
        case confusableName = "confusable-name"
        case keyCollision = "key-collision"
        case shortKey = "short-key"
        case commonWord = "common-word"
        /// A person entry without `since`/`until`: news names people by office, so a
        /// curator says when the entry holds.
        case undated = "undated"
        case unreadable = "unreadable"
        /// The file stands for more values than it has bytes (YAML aliases).
        case tooLarge = "too-large"
    }

    public let severity: Severity
    public let kind: Kind
    public let location: SourceLocation
    /// One sentence saying what is wrong and how to fix it.
    public let message: String

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
    public let diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }
        guard let first = errors.first else { return "dictionary problems" }
        return errors.count == 1 ? first.description : "\(first.description) (and \(errors.count - 1) more errors)"
    }
}
