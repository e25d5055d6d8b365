/// The comparison form of a name, produced by ``NameNormalizer``.
///
/// ```swift
/// let n = NameNormalizer.shared.normalize("Нагорный Карабах")
/// n.key        // "nagornyy karabakh"
/// n.tokens     // ["nagornyy", "karabakh"]
/// n.scripts    // [.cyrillic]
/// n.phonetic   // "nagorni karabak"
/// ```
public struct NormalizedName: Sendable, Hashable {
    /// The input, unchanged.
    public let original: String
    /// The folded key: with the default profile, lowercase ASCII letters and digits,
    /// tokens separated by single spaces, no leading or trailing space. Empty when the
    /// input has no letters or digits.
    public let key: String
    /// The scripts of the input's letters (Common and Inherited left out), in order of
    /// first appearance (at most eight).
    public var scripts: [Script] { scriptSet.scripts }
    let scriptSet: ScriptSet
    /// The phonetic key: the folded key with spellings of one sound written one way (q, ck
    /// and a hard c as k, kh as h, doubled letters single, …), so that romanisation
    /// variants such as "Naqqa", "Nakka" and "Naka" share it (docs/normalization.md).
    public let phonetic: String

    /// The key's tokens.
    public var tokens: [String] { Self.words(of: key).map(String.init) }

    /// `key.split(separator: " ")`: for an ASCII key (the default profile's) at the space
    /// byte, where splitting by Characters took a tenth of a failed query's time; other
    /// keys by Characters (a space and a mark after it are one).
    static func words(of key: String) -> [Substring] {
        var words: [Substring] = []
        let bytes = key.utf8
        var start = bytes.startIndex
        var position = start
        while position != bytes.endIndex {
            let byte = bytes[position]
            if byte >= 0x80 { return key.split(separator: " ") }
            if byte == 0x20 {
                if start != position { words.append(key[start..<position]) }
                start = bytes.index(after: position)
            }
            position = bytes.index(after: position)
        }
        if start != bytes.endIndex { words.append(key[start...]) }
        return words
    }

    /// How many ``tokens`` the key has, without making them.
    var tokenCount: Int {
        var count = 0
        var inToken = false
        for byte in key.utf8 {
            if byte >= 0x80 { return tokens.count }
            if byte == 0x20 {
                inToken = false
            } else if !inToken {
                inToken = true
                count += 1
            }
        }
        return count
    }

    /// A normalised name made of its parts, such as one stored elsewhere (``NameNormalizer``
    /// makes them from text). Common and Inherited are left out of `scripts`, and at most
    /// eight distinct scripts are kept.
    public init(original: String, key: String, scripts: [Script], phonetic: String) {
        self.init(original: original, key: key, scriptSet: ScriptSet(scripts), phonetic: phonetic)
    }

    init(original: String, key: String, scriptSet: ScriptSet, phonetic: String) {
        self.original = original
        self.key = key
        self.scriptSet = scriptSet
        self.phonetic = phonetic
    }
}
