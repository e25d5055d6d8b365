/// The result of validating dictionary files.
public struct ValidationReport: Sendable {
    public let files: [String]
    public let entityCount: Int
    public let aliasCount: Int
    /// Every problem, errors and warnings, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
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

    public static func validate(paths: [String], normalizer: NameNormalizer = .shared) -> ValidationReport {
        let files: [String]
        do {
            files = try GazetteerLoader.dictionaryFiles(in: paths)
        } catch {
            return ValidationReport(files: [], entityCount: 0, aliasCount: 0, diagnostics: error.diagnostics)
        }
        let (entities, parseProblems) = GazetteerLoader.parse(files: files)
        var diagnostics = parseProblems + StructureCheck.run(entities)
        diagnostics += semanticChecks(entities, normalizer: normalizer)
        diagnostics.sort {
            ($0.location.file, $0.location.line, $0.location.column, $0.kind.rawValue)
                < ($1.location.file, $1.location.line, $1.location.column, $1.kind.rawValue)
        }
        return ValidationReport(files: files, entityCount: entities.count,
                                aliasCount: entities.reduce(0) { $0 + $1.aliases.count }, diagnostics: diagnostics)
    }

    private struct Occurrence {
        let entity: Int
        let name: String
        let exactOnly: Bool
        let location: SourceLocation
    }

    package static func semanticChecks(_ entities: [Entity], normalizer: NameNormalizer) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let spoof = try? SpoofChecker()
        var byKey: [String: [Occurrence]] = [:]

        for (index, entity) in entities.enumerated() {
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
            let names = [(entity.name, false, entity.location, entity.note)]
                + entity.aliases.map { ($0.name, $0.exactOnly, $0.location, $0.note) }
            for (name, exactOnly, location, note) in names {
                // Mixed-script confusables ("Аrmenia" with a Cyrillic А).
                if Script.scripts(in: name).count > 1, let spoof, let result = try? spoof.check(name),
                   result & 0x10 != 0 {
                    let scripts = Script.scripts(in: name).map(\.name).joined(separator: " and ")
                    diagnostics.append(Diagnostic(.error, .confusableName, at: location,
                        "\"\(name)\" of \(entity.id) mixes \(scripts) letters that look alike; retype it in one script"))
                }
                let key = normalizer.key(name)
                if key.isEmpty { continue }
                if curated && key.utf8.count < 3 && !exactOnly {
                    diagnostics.append(Diagnostic(.warning, .shortKey, at: location,
                        "\"\(name)\" of \(entity.id) normalises to \"\(key)\", shorter than 3 characters; mark it 'exact: true' so that it never matches fuzzily"))
                }
                // Only a name written as the English word is a risk ("Turkey", not "Чад").
                if curated && note == nil && !exactOnly && commonWords.contains(key) && name.utf8.allSatisfy({ $0 < 0x80 }) {
                    diagnostics.append(Diagnostic(.warning, .commonWord, at: location,
                        "\"\(name)\" of \(entity.id) is also a common English word; add a note on why it is safe, mark it exact, or list negative names"))
                }
                byKey[key, default: []].append(Occurrence(entity: index, name: name, exactOnly: exactOnly, location: location))
            }
        }

        for (key, occurrences) in byKey {
            let distinct = Set(occurrences.map(\.entity))
            guard distinct.count > 1 else { continue }
            // Names that bulk places share with each other or with curated entities are
            // decided by rank (curated first, then population), not reported one by one.
            if occurrences.contains(where: { entities[$0.entity].tier == .bulk }) { continue }
            // Report at the first occurrence of each entity after the first one.
            let first = occurrences[0]
            var reported: Set<Int> = [first.entity]
            for occurrence in occurrences.dropFirst() where !reported.contains(occurrence.entity) {
                reported.insert(occurrence.entity)
                let a = entities[first.entity], b = entities[occurrence.entity]
                let bothExact = first.exactOnly && occurrence.exactOnly
                let competing = "\"\(occurrence.name)\" of \(b.id) and \"\(first.name)\" of \(a.id) (\(first.location)) both normalise to \"\(key)\""
                if bothExact {
                    diagnostics.append(Diagnostic(.error, .keyCollision, at: occurrence.location,
                        "\(competing) and both are exact-only, so neither can ever be chosen; remove one or make it distinct"))
                } else {
                    diagnostics.append(Diagnostic(.warning, .keyCollision, at: occurrence.location,
                        "\(competing); \(a.id) and \(b.id) will compete for it, and the resolver will call it ambiguous"))
                }
            }
        }
        return diagnostics
    }
}
