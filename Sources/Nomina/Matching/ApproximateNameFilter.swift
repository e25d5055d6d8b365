/// Which names the approximate stages may match under ``ResolverOptions/approximateLanguages``:
/// names in those languages, curated ones, and names written in the query's own script when
/// it is not Latin.
///
/// A Latin word of running text one edit from the Kannada ಸ್ವೀಡನ್ (Sweden) through its
/// transliteration ("Skidan"), from the Bulgarian Марока (Morocco, "Miroka") or from the
/// Dutch "Servië" (Serbia, "Service") is an unknown name or an ordinary word, not a typo of
/// the country: nobody writing English misspells a Kannada name. Such names still match
/// exactly or folded as a whole query, and `nomina resolve` (no restriction) matches them
/// approximately too.
final class ApproximateNameFilter: Sendable {
    /// Base language tags ("en", "zh"): a name tagged "zh-Hant" or "pt-PT" is in "zh", "pt".
    let languages: Set<String>
    /// Per entity, what its names allow (worked out from its aliases once).
    private let entities = Locked<[Int32: Names]>([:])
    /// Entities remembered at most (a gazetteer of a million places is touched sparsely;
    /// the table is cleared when full).
    private static let capacity = 1 << 16

    struct Names: Sendable {
        /// Every name of the entity qualifies: it is curated (defined in a YAML dictionary).
        let all: Bool
        /// The names that qualify: the canonical name, aliases without a language (curated)
        /// or in one of the languages.
        let admitted: Set<String>
        /// Every name and alias as written.
        let listed: Set<String>
        /// Cyrillic names in smaller languages that Russian text may hold as words
        /// (``ResolverIndex/mayReadAsRussian(_:language:)``).
        let readAsRussian: Set<String>
    }

    init(languages: Set<String>) {
        self.languages = Set(languages.map(Self.baseLanguage))
    }

    static func baseLanguage(_ tag: String) -> String {
        (tag.split(separator: "-").first.map(String.init) ?? tag).lowercased()
    }

    /// Whether `entry` may match a query written in `script` (the script of its first letter)
    /// other than as the whole query written or folded.
    func admits(_ entry: EntryTable.Entry, script: Script?, gazetteer: Gazetteer) -> Bool {
        let names = self.names(of: entry.entity, gazetteer)
        if names.all { return true }
        let name = entry.name
        if names.admitted.contains(name) { return true }
        // Derived by Nomina from names that are not listed as written (Han abbreviations of
        // hyphenated Chinese names, initialisms of English names): from Chinese or English.
        if entry.derived && !names.listed.contains(name) { return true }
        // A name in the query's own script: a Cyrillic word may be a typo of a Bulgarian
        // name; Latin is written in too many languages for that to say anything. Not a
        // Cyrillic name of a smaller language that Russian words sound like ("Сербы", Serbs,
        // against the Chechen "Серби" of Serbia).
        if let script, script != .latin, Resolver.firstScript(name) == script {
            return !names.readAsRussian.contains(name)
        }
        return false
    }

    private func names(of entity: Int32, _ gazetteer: Gazetteer) -> Names {
        if let known = entities.withLock({ $0[entity] }) { return known }
        let value = gazetteer.entities[Int(entity)]
        let curated = Self.isCurated(value.location.file)
        var admitted: Set<String> = [value.name]
        var listed: Set<String> = [value.name]
        var readAsRussian: Set<String> = []
        for alias in value.aliases {
            listed.insert(alias.name)
            if ResolverIndex.mayReadAsRussian(alias.name, language: alias.language) { readAsRussian.insert(alias.name) }
            if let language = alias.language {
                if languages.contains(Self.baseLanguage(language)) || Self.isCurated(alias.location.file) {
                    admitted.insert(alias.name)
                }
            } else {
                admitted.insert(alias.name)
            }
        }
        let names = Names(all: curated, admitted: admitted, listed: listed, readAsRussian: readAsRussian.subtracting(admitted))
        entities.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[entity] = names
        }
        return names
    }

    /// Whether a dictionary file is a curated (YAML) one, not a bulk table.
    static func isCurated(_ file: String) -> Bool {
        file.hasSuffix(".yaml") || file.hasSuffix(".yml")
    }
}
