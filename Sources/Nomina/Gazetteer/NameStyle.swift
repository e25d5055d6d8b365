/// Which of an entity's names to write for it, when text is rewritten
/// (`nomina normalize --replace-with`).
public enum NameStyle: Sendable, Hashable, CustomStringConvertible {
    /// The canonical (English) name: "North Atlantic Treaty Organization".
    case canonical
    /// The id: `nato`, `AZE`, `CHN+RUS` for a pair written as one.
    case id
    /// The abbreviation in `language` (English when nil): "NATO", "ОДКБ"; the name in
    /// that language when there is none.
    case label(language: String?)
    /// The name in `language` ("Нагорный Карабах" for `ru`); none when the entity has no
    /// name in it (the mention is then left as written).
    case name(language: String)

    /// Reads `name`, `id`, `label`, `name:LANG` or `label:LANG`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let language = parts.count == 2 ? parts[1] : nil
        if let language, !Self.isLanguageTag(language) { return nil }
        switch (parts[0], language) {
        case ("name", nil): self = .canonical
        case ("name", let tag?): self = .name(language: tag)
        case ("id", nil): self = .id
        case ("label", let tag): self = .label(language: tag)
        default: return nil
        }
    }

    /// The choice as ``init(parsing:)`` reads it: `name`, `id`, `label`, `name:ru`, `label:fr`.
    public var description: String {
        switch self {
        case .canonical: "name"
        case .id: "id"
        case .label(let language): language.map { "label:\($0)" } ?? "label"
        case .name(let language): "name:\(language)"
        }
    }

    /// Letters, digits and hyphens, starting with a letter: the shape of a BCP 47 tag.
    static func isLanguageTag(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
              text.utf8.count <= 35 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        } && !text.hasSuffix("-") && !text.contains("--")
    }
}

extension Gazetteer {
    /// How `entity` is written in `style`; nil when it has no such name (no name in that
    /// language, no abbreviation and no name in it): `nomina normalize --replace-with`
    /// then leaves the mention as written.
    ///
    /// - The name in English is the canonical name.
    /// - A country or territory's name in another language is CLDR's, through ICU (as
    ///   `uloc_getDisplayCountry` gives it: "Irak" in German, "Armênia" in `pt-BR`,
    ///   "Ujedinjeno Kraljevstvo" in `sr-Latn`, 納戈爾諾-卡拉巴赫's script in `zh-TW`), when
    ///   ICU has that language.
    /// - Another entity's is the first alias tagged with the language (the tag as given,
    ///   else any tag of the same base language: `pt-BR` finds `pt`) that is a plain or
    ///   short name, else an official one; never a former name, a misspelling, a demonym
    ///   or an abbreviation. A pair without one joins its members' names
    ///   ("Azerbaïdjan–Arménie").
    /// - A label is an abbreviation in the language (in English, one written in capitals
    ///   without a language tag, such as "NATO"), else the name in the language.
    public func name(of entity: Entity, _ style: NameStyle) -> String? {
        switch style {
        case .canonical: return entity.name
        case .id: return entity.id
        case .label(let language):
            let tag = language ?? "en"
            // An abbreviation without a language counts as English when written in capitals
            // ("NATO"), not when it is a romanised one ("Naka" of 纳卡).
            let abbreviations = entity.aliases.filter {
                $0.type == .abbreviation && ($0.language != nil || Self.isCapitals($0.name))
            }
            if let found = Self.inLanguage(tag, abbreviations, untaggedIsEnglish: true) { return found.name }
            return name(of: entity, .name(language: tag))
        case .name(let language):
            if Self.base(language) == "en" { return entity.name }
            if let code = entity.codes["alpha2"], entity.kind.usesISOIdentifier, Self.icuHasLanguage(language),
               let name = LocaleData.countryName(code, in: language.replacingOccurrences(of: "-", with: "_")) {
                return name
            }
            let usable = entity.aliases.filter { alias in
                switch alias.type {
                case nil, .short, .official: return true
                default: return false
                }
            }
            // Plain names before short ones before official ones, each in file order.
            let ranked = usable.filter { $0.type == nil } + usable.filter { $0.type == .short }
                + usable.filter { $0.type == .official }
            if let found = Self.inLanguage(language, ranked, untaggedIsEnglish: false) { return found.name }
            if entity.kind.hasMembers, !entity.members.isEmpty {
                let names = entity.members.compactMap { self.entity(id: $0) }.compactMap { name(of: $0, style) }
                if names.count == entity.members.count { return names.joined(separator: "–") }
            }
            return nil
        }
    }

    /// The base languages of ICU's locales ("de", "pt", "zh"), to tell a language ICU has
    /// names in from one it would answer in its root locale's (English) names.
    static let icuLanguages: Set<String> = Set(LocaleData.availableLocales.map { base(String($0.split(separator: "_").first ?? "")) })

    /// Whether ICU has names in the language of `tag` (its base language).
    public static func icuHasLanguage(_ tag: String) -> Bool { icuLanguages.contains(base(tag)) }

    private static func inLanguage(_ tag: String, _ aliases: [Alias], untaggedIsEnglish: Bool) -> Alias? {
        let wanted = tag.lowercased()
        func language(_ alias: Alias) -> String? { alias.language?.lowercased() ?? (untaggedIsEnglish ? "en" : nil) }
        if let exact = aliases.first(where: { language($0) == wanted }) { return exact }
        return aliases.first { language($0).map(base) == base(wanted) }
    }

    /// Capital ASCII letters, with digits, dots and ampersands: "NATO", "U.S.", "G7".
    private static func isCapitals(_ name: String) -> Bool {
        name.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } && name.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "&")
        }
    }

    private static func base(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? Substring(tag)).lowercased()
    }
}
