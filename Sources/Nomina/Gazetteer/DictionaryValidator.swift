import Foundation

/// The result of validating dictionary files.
public struct ValidationReport: Sendable {
    /// The dictionary files checked, found in the given paths (bundled files not included).
    public let files: [String]
    /// How many entities those files define.
    public let entityCount: Int
    /// How many aliases those entities have, canonical names not counted.
    public let aliasCount: Int
    /// Every problem, errors and warnings, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    /// How many of the diagnostics are errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// How many of the diagnostics are warnings.
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Checks dictionary files the way curators' CI does (`nomina validate`): everything the
/// loader checks, plus confusable names, key collisions between entities, very short
/// keys and common English words. Reports every problem in one run.
public enum DictionaryValidator {
    /// English words that are also names; an alias equal to one needs a note saying why
    /// it is safe (or an exact-only mark), because ordinary prose uses them.
    public static let commonWords: Set<String> = [
        "chad", "turkey", "guinea", "jersey", "guernsey", "china", "georgia", "jordan", "chile", "japan",
        "panama", "man", "wales", "niger", "nice", "reading", "bath", "split", "mobile", "buffalo",
        "phoenix", "victoria", "florence", "lincoln", "norman", "york", "sale", "bar", "bear", "aid",
    ]

    /// Validates dictionary files and folders.
    ///
    /// - Parameters:
    ///   - paths: the files and folders to check; only problems in them are reported.
    ///   - includeBundled: check them against the bundled dictionaries too, as they are
    ///     loaded by default: ids may refer to bundled entities (`parent: AZE`,
    ///     `extend: GEO`), an id that a bundled entity already has is a duplicate, and a
    ///     name that normalises like a bundled curated entity's is a key collision. A
    ///     given file that is a bundled one (same name, same bytes) is checked once.
    ///   - normalizer: the normaliser whose keys decide key collisions and short keys: the
    ///     one the resolver over these dictionaries will use.
    public static func validate(paths: [String], includeBundled: Bool = false,
                                normalizer: NameNormalizer = .shared) -> ValidationReport {
        let files: [String]
        var context: [String] = []
        do {
            files = try GazetteerLoader.dictionaryFiles(in: paths)
            if includeBundled {
                guard let folder = GazetteerLoader.bundledDictionaryFolder else {
                    return ValidationReport(files: [], entityCount: 0, aliasCount: 0, diagnostics: [
                        Diagnostic(.error, .unreadable, at: SourceLocation(file: "Nomina", line: 1, column: 1),
                                   "the bundled dictionaries are missing from this build (resource bundle Nomina_Nomina); validate with --no-bundled")])
                }
                context = try bundledFilesNotGiven(GazetteerLoader.dictionaryFiles(in: [folder]), given: files)
            }
        } catch {
            return ValidationReport(files: [], entityCount: 0, aliasCount: 0, diagnostics: error.diagnostics)
        }
        let parsed = GazetteerLoader.parseDictionaries(files: context + files)
        let reported = Set(files)
        let contextFiles = Set(context)
        let (contextEntities, entities) = split(parsed.entities) { contextFiles.contains($0.location.file) }
        var structural = StructureCheck.run(parsed.entities, sites: parsed.referenceSites, bundledFiles: contextFiles)
        // Without the bundled dictionaries, a reference to one of their ids says so.
        if !includeBundled, structural.contains(where: { $0.kind == .unknownReference }),
           let folder = GazetteerLoader.bundledDictionaryFolder,
           let bundled = try? GazetteerLoader.dictionaryFiles(in: [folder]) {
            let ids = Set(GazetteerLoader.parse(files: bundled).entities.map(\.id))
            structural = StructureCheck.run(parsed.entities, sites: parsed.referenceSites, bundledIDs: ids)
        }
        var diagnostics = parsed.diagnostics + structural
        // Bundled entities take part in collisions when curated, or when the given files add
        // names to them (`extend`), whose names are then checked like the files' own.
        let compared = contextEntities.filter { entity in
            entity.tier == .curated || entity.aliases.contains { reported.contains($0.location.file) }
        }
        diagnostics += semanticChecks(entities, context: compared, checkedFiles: reported, normalizer: normalizer)
        diagnostics.removeAll { !reported.contains($0.location.file) }
        diagnostics.sort {
            ($0.location.file, $0.location.line, $0.location.column, $0.kind.rawValue)
                < ($1.location.file, $1.location.line, $1.location.column, $1.kind.rawValue)
        }
        // Aliases the files add to bundled entities count as theirs.
        let added = contextEntities.reduce(0) { $0 + $1.aliases.filter { reported.contains($0.location.file) }.count }
        return ValidationReport(files: files, entityCount: entities.count,
                                aliasCount: entities.reduce(0) { $0 + $1.aliases.count } + added, diagnostics: diagnostics)
    }

    private static func split(_ entities: [Entity], where inFirst: (Entity) -> Bool) -> ([Entity], [Entity]) {
        var first: [Entity] = [], second: [Entity] = []
        for entity in entities {
            if inFirst(entity) { first.append(entity) } else { second.append(entity) }
        }
        return (first, second)
    }

    /// The bundled files that are not among the given ones: a given file with the same
    /// name and the same bytes (the bundled folder itself, or a copy of one of its files)
    /// is checked once, as given. An edited copy is a file of its own, as loading it
    /// beside the bundled dictionaries would be: validate it with `--no-bundled`.
    private static func bundledFilesNotGiven(_ bundled: [String], given: [String]) -> [String] {
        let manager = FileManager.default
        func size(_ path: String) -> Int? { (try? manager.attributesOfItem(atPath: path))?[.size] as? Int }
        var givenByName: [String: [String]] = [:]
        for file in given { givenByName[(file as NSString).lastPathComponent, default: []].append(file) }
        return bundled.filter { file in
            let candidates = givenByName[(file as NSString).lastPathComponent] ?? []
            guard !candidates.isEmpty, let bytes = size(file) else { return true }
            return !candidates.contains { other in size(other) == bytes && manager.contentsEqual(atPath: file, andPath: other) }
        }
    }

    private struct Occurrence {
        let entity: Int
        let name: String
        let exactOnly: Bool
        let explained: Bool
        let location: SourceLocation
    }

    /// The checks beyond loading: dates, confusable names, short keys, common words and
    /// key collisions. `context` entities (bundled, curated) take part in key collisions
    /// only, and are never reported.
    /// - Parameter checkedFiles: the files whose names are checked one by one in context
    ///   entities too (aliases the checked files add to bundled entities with `extend`).
    package static func semanticChecks(_ entities: [Entity], context: [Entity] = [], checkedFiles: Set<String> = [],
                                       normalizer: NameNormalizer) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let spoof = ICUProblems.recording { () throws(ICUError) in try SpoofChecker() }
        var byKey: [String: [Occurrence]] = [:]
        let all = context + entities

        /// Mixed-script confusables ("Аrmenia" with a Cyrillic А), and characters of no script
        /// (private use, unassigned), which no reader can type.
        func checkScripts(_ name: String, of entity: Entity, at location: SourceLocation) {
            let scripts = Script.scripts(in: name)
            guard scripts.count > 1 else { return }
            if scripts.contains(.unknown),
               let (offset, scalar) = name.unicodeScalars.enumerated().first(where: { Script.of($0.element) == .unknown }) {
                diagnostics.append(Diagnostic(.error, .invalidValue, at: location,
                    "\"\(name)\" of \(entity.id) has a character of no script (\(scalar.codePointLabel), private use or unassigned) at character \(offset + 1); remove it or write the letter it stands for"))
            } else if let spoof, let result = try? spoof.check(name), result & 0x10 != 0 {
                let written = scripts.map(\.name).joined(separator: " and ")
                diagnostics.append(Diagnostic(.error, .confusableName, at: location,
                    "\"\(name)\" of \(entity.id) mixes \(written) letters that look alike; retype it in one script"))
            }
        }

        /// The checks of one name that curators wrote.
        func checkName(_ name: String, of entity: Entity, exactOnly: Bool, note: String?, at location: SourceLocation) {
            checkScripts(name, of: entity, at: location)
            let key = normalizer.key(name)
            if key.isEmpty {
                if name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
                    diagnostics.append(Diagnostic(.warning, .shortKey, at: location,
                        "\"\(name)\" of \(entity.id) normalises to nothing (it is only particles such as \"the\" or \"of\"), so it can never match; remove it"))
                }
                return
            }
            if key.utf8.count < 3 && !exactOnly {
                diagnostics.append(Diagnostic(.warning, .shortKey, at: location,
                    "\"\(name)\" of \(entity.id) normalises to \"\(key)\", shorter than 3 characters; mark it 'exact: true' so that it never matches fuzzily"))
            }
            // Only a name written as the English word is a risk ("Turkey", not "Чад").
            if note == nil && !exactOnly && commonWords.contains(key) && name.utf8.allSatisfy({ $0 < 0x80 }) {
                diagnostics.append(Diagnostic(.warning, .commonWord, at: location,
                    "\"\(name)\" of \(entity.id) is also a common English word; add a note on why it is safe, mark it exact, or list negative names"))
            }
        }

        /// Demonyms are no names (no key collisions, no common-word risk), but a reader must
        /// be able to type them.
        func checkDemonyms(of entity: Entity, where checked: (Alias) -> Bool) {
            for demonym in entity.demonyms where checked(demonym) {
                checkScripts(demonym.name, of: entity, at: demonym.location)
            }
        }

        for (index, entity) in context.enumerated() {
            checkDemonyms(of: entity, where: { checkedFiles.contains($0.location.file) })
            let names = [(entity.name, false, entity.location, entity.note)]
                + entity.aliases.map { ($0.name, $0.exactOnly, $0.location, $0.note) }
            for (name, exactOnly, location, note) in names {
                if checkedFiles.contains(location.file) {
                    checkName(name, of: entity, exactOnly: exactOnly, note: note, at: location)
                }
                let key = normalizer.key(name)
                if key.isEmpty { continue }
                byKey[key, default: []].append(Occurrence(entity: index, name: name, exactOnly: exactOnly,
                                                          explained: note != nil, location: location))
            }
        }
        for (offset, entity) in entities.enumerated() {
            let index = context.count + offset
            // (The bulk format has no date columns: only YAML entries are asked for them.)
            if entity.kind == .person && entity.since == nil && entity.until == nil && !entity.location.file.hasSuffix(".tsv") {
                diagnostics.append(Diagnostic(.warning, .undated, at: entity.location,
                    "person \(entity.id) has no 'since' or 'until'; add the dates of the office the entry is about (YYYY, YYYY-MM or YYYY-MM-DD)"))
            }
            // Compared at the coarser of the two precisions: "2024" ends after "2024-05".
            if let since = entity.since, let until = entity.until,
               until.prefix(min(since.count, until.count)) < since.prefix(min(since.count, until.count)) {
                diagnostics.append(Diagnostic(.error, .invalidValue, at: entity.location,
                    "\(entity.id) has 'until' \(until) before 'since' \(since); swap them or correct one"))
            }
            // Bulk places (GeoNames) share names by nature and are ranked by population; the
            // per-name warnings below are for curated entries.
            let curated = entity.tier == .curated
            checkDemonyms(of: entity, where: { _ in true })
            let names = [(entity.name, false, entity.location, entity.note)]
                + entity.aliases.map { ($0.name, $0.exactOnly, $0.location, $0.note) }
            for (name, exactOnly, location, note) in names {
                if curated {
                    checkName(name, of: entity, exactOnly: exactOnly, note: note, at: location)
                } else {
                    checkScripts(name, of: entity, at: location)
                }
                let key = normalizer.key(name)
                if key.isEmpty { continue }
                byKey[key, default: []].append(Occurrence(entity: index, name: name, exactOnly: exactOnly,
                                                          explained: note != nil, location: location))
            }
        }

        for (key, occurrences) in byKey {
            // (Two entities with one id are a duplicate-id error already.)
            let distinct = Set(occurrences.map { all[$0.entity].id })
            guard distinct.count > 1 else { continue }
            // Names that bulk places share with each other or with curated entities are
            // decided by rank (curated first, then population), not reported one by one.
            if occurrences.contains(where: { all[$0.entity].tier == .bulk }) { continue }
            // Report at the first occurrence of each entity after the first one.
            let first = occurrences[0]
            var reported: Set<Int> = [first.entity]
            for occurrence in occurrences.dropFirst() where !reported.contains(occurrence.entity) {
                reported.insert(occurrence.entity)
                // Both names carry a note: the curators know they are shared ("Congo",
                // "Korea"), and the resolver calling them ambiguous is what they want. Not
                // between the given files and the bundled ones: a note on one's own alias
                // does not make the bundled entity share it.
                // Whether one name is the checked files' and the other the bundled set's
                // (an alias added with `extend` is the files', on a bundled entity).
                func checked(_ found: Occurrence) -> Bool {
                    checkedFiles.isEmpty ? found.entity >= context.count : checkedFiles.contains(found.location.file)
                }
                let acrossBundled = !context.isEmpty && checked(first) != checked(occurrence)
                if first.explained && occurrence.explained && !acrossBundled && !(first.exactOnly && occurrence.exactOnly) {
                    continue
                }
                let a = all[first.entity], b = all[occurrence.entity]
                if a.id == b.id { continue }
                let written = first.entity < context.count
                    ? "bundled \((first.location.file as NSString).lastPathComponent):\(first.location.line)"
                    : first.location.description
                let bothExact = first.exactOnly && occurrence.exactOnly
                let competing = "\"\(occurrence.name)\" of \(b.id) and \"\(first.name)\" of \(a.id) (\(written)) both normalise to \"\(key)\""
                if bothExact {
                    diagnostics.append(Diagnostic(.error, .keyCollision, at: occurrence.location,
                        "\(competing) and both are exact-only, so neither can ever be chosen; remove one or make it distinct"))
                } else {
                    let fix = acrossBundled
                        ? "remove the alias, or keep it knowing that the bundled entity's name becomes ambiguous too"
                        : "remove one, or if the name is meant for both, add a note to each saying it is shared"
                    diagnostics.append(Diagnostic(.warning, .keyCollision, at: occurrence.location,
                        "\(competing); \(a.id) and \(b.id) will compete for it, and the resolver will call it ambiguous: \(fix)"))
                }
            }
        }
        return diagnostics
    }
}
