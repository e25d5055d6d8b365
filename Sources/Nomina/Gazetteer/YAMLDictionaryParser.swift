import Yams

/// Reads the curated YAML format (docs/dictionary-format.md) into entities, reporting
/// every problem it finds with its file, line and column instead of stopping at the first.
package struct YAMLDictionaryParser {
    let file: String
    package private(set) var entities: [Entity] = []
    package private(set) var extensions: [EntityExtension] = []
    package private(set) var diagnostics: [Diagnostic] = []
    /// Where each entity's references were written, by the entity's location: `parent`,
    /// `member:ID`, `claimant:ID` (validation reports an unknown id at its own line).
    package private(set) var referenceSites: [SourceLocation: [String: SourceLocation]] = [:]
    private var languageTags = LanguageTagCheck()
    private var lineMap = YAMLLineMap("")

    static let topLevelFields = ["entities", "source", "description"]
    static let entityFields = ["id", "name", "kind", "codes", "aliases", "members", "parent", "claimants",
                               "negatives", "demonyms", "han_abbreviation", "note", "population", "since", "until"]
    static let aliasFields = ["name", "lang", "type", "note", "exact"]
    static let negativeFields = ["name", "note", "instead"]
    static let extensionFields = ["extend", "aliases", "demonyms", "negatives"]

    package init(file: String) { self.file = file }

    package mutating func parse(_ text: String) {
        lineMap = YAMLLineMap(text)
        // Keys that are lists, mappings or aliases are refused before the YAML library
        // sees them: its duplicate-key check would take exponential time on them.
        if let (finding, line, column) = YAMLKeyScan.firstComplexKey(in: text) {
            report(.syntax, at: SourceLocation(file: file, line: line, column: column), finding.message)
            return
        }
        let root: Node?
        do {
            // A byte order mark is not YAML: libyaml would count it as a column of line 1.
            root = try Yams.compose(yaml: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch let error as YamlError {
            let yaml = Self.location(of: error, file: file)
            let (line, column) = lineMap.fileLocation(line: yaml.line, column: yaml.column)
            report(.syntax, at: SourceLocation(file: file, line: line, column: column), Self.describe(error))
            return
        } catch {
            report(.syntax, at: SourceLocation(file: file, line: 1, column: 1), "the file is not valid YAML: \(error)")
            return
        }
        guard let root else { return }  // an empty file defines nothing
        // Aliases (`*e`) repeat a node without repeating its text: a small file can stand for
        // millions of values ("billion laughs"). Without aliases a file cannot hold more
        // values than bytes, so more than that is refused before any value is read.
        // Values count one each, plus the bytes of their text: aliases of one long name
        // expand as surely as aliases of a large node.
        let budget = 2 * text.utf8.count + 1_000
        if Self.expandedSize(root, budget: budget) > budget {
            report(.tooLarge, at: location(root),
                   "YAML aliases expand this file to more than twice its size (\(text.utf8.count) bytes); write the repeated entries out instead of referring to them with aliases")
            return
        }
        guard case .mapping(let mapping) = root else {
            report(.invalidValue, at: location(root), "the file must be a mapping with an 'entities' list; found \(describe(root))")
            return
        }
        var sawEntities = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "entities":
                sawEntities = true
                guard case .sequence(let list) = value else {
                    report(.invalidValue, at: location(value), "'entities' must be a list of entities; found \(describe(value))")
                    continue
                }
                for node in list { parseEntity(node) }
            case "source", "description":
                if value.string == nil { report(.invalidValue, at: location(value), "'\(key)' must be text") }
            default:
                unknownField(key, at: location(keyNode), expected: Self.topLevelFields, in: "the top level")
            }
        }
        if !sawEntities {
            report(.missingField, at: location(root), "the file has no 'entities' list; add 'entities:' followed by a list of entities")
        }
    }

    /// The size of `node` with aliases expanded: one for each value and the UTF-8 length of
    /// each scalar's text, counted up to just past `budget` (so the count stops early
    /// however much the aliases would expand to). Without aliases it is at most about twice
    /// the file's size.
    static func expandedSize(_ node: Node, budget: Int) -> Int {
        var count = 0
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if case .scalar(let scalar) = next { count += scalar.string.utf8.count }
            if count > budget { return count }
            switch next {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            default: break
            }
        }
        return count
    }

    // MARK: - Entities

    private mutating func parseEntity(_ node: Node) {
        guard case .mapping(let mapping) = node else {
            report(.invalidValue, at: location(node), "an entity must be a mapping with id, name and kind; found \(describe(node))")
            return
        }
        let here = location(node)
        if mapping.contains(where: { $0.key.string == "extend" }) {
            parseExtension(mapping, at: here)
            return
        }
        var id: String?
        var name: String?
        var kind: EntityKind?
        var codes: [String: String] = [:]
        var aliases: [Alias] = []
        var members: [String] = []
        var parent: String?
        var claimants: [String] = []
        var negatives: [NegativeName] = []
        var hanAbbreviation: String?
        var note: String?
        var population: Int?
        var since: String?
        var until: String?
        var kindFailed = false
        var sites: [String: SourceLocation] = [:]

        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "id": id = text(value, field: "id")
            case "name": name = text(value, field: "name")
            case "kind":
                if let raw = text(value, field: "kind") {
                    if let parsed = EntityKind(rawValue: raw) {
                        kind = parsed
                    } else {
                        kindFailed = true
                        report(.invalidValue, at: location(value),
                               "unknown kind \"\(raw)\"\(Self.suggestion(raw, from: EntityKind.allCases.map(\.rawValue))); use one of \(EntityKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
            case "codes":
                guard case .mapping(let codeMap) = value else {
                    report(.invalidValue, at: location(value), "'codes' must be a mapping of scheme to code, such as 'alpha2: AZ'")
                    continue
                }
                for (scheme, code) in codeMap {
                    guard let schemeName = scheme.string, let codeText = code.string, !codeText.isEmpty else {
                        report(.invalidValue, at: location(code), "a code must be text, such as 'alpha3: AZE'")
                        continue
                    }
                    // The bulk format joins codes as scheme=value;scheme=value: a code or scheme
                    // holding ";", "=", a tab or a line break would read back as other codes.
                    if let bad = (schemeName + codeText).first(where: { ";=\t\n\r".contains($0) }) {
                        report(.invalidValue, at: location(code),
                               "a code scheme or value may not contain \(bad == "\t" ? "a tab" : bad == "\n" || bad == "\r" ? "a line break" : "\"\(bad)\""); write it as 'alpha3: AZE'")
                        continue
                    }
                    codes[schemeName] = codeText
                }
            case "aliases": aliases += list(value, field: "aliases") { $0.parseAlias($1) }
            case "members":
                let listed = idList(value, field: "members")
                members = listed.map(\.id)
                for item in listed { sites["member:\(item.id)"] = item.location }
            case "claimants":
                let listed = idList(value, field: "claimants")
                claimants = listed.map(\.id)
                for item in listed { sites["claimant:\(item.id)"] = item.location }
            case "parent":
                parent = text(value, field: "parent")
                sites["parent"] = location(value)
            case "negatives": negatives += list(value, field: "negatives") { $0.parseNegative($1) }
            case "demonyms": aliases += parseDemonyms(value)
            case "han_abbreviation": hanAbbreviation = text(value, field: "han_abbreviation")
            case "note": note = text(value, field: "note")
            case "population":
                if let raw = text(value, field: "population") {
                    population = BulkDictionaryParser.population(raw)
                    if population == nil {
                        report(.invalidValue, at: location(value),
                               "population \"\(raw.prefix(40))\(raw.count > 40 ? "…" : "")\" must be a whole number of people up to 4294967295, such as 2148000")
                    }
                }
            case "since", "until":
                if let raw = text(value, field: key) {
                    if Self.isDate(raw) {
                        if key == "since" { since = raw } else { until = raw }
                    } else {
                        report(.invalidValue, at: location(value),
                               "'\(key)' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, such as 2018-05-08; got \"\(raw)\"")
                    }
                }
            default:
                unknownField(key, at: location(keyNode), expected: Self.entityFields, in: "an entity")
            }
        }

        for (field, present) in [("id", id != nil), ("name", name != nil), ("kind", kind != nil || kindFailed)] where !present {
            let label = id.map { "entity \"\($0)\"" } ?? "this entity"
            report(.missingField, at: here, "\(label) has no '\(field)'; every entity needs id, name and kind")
        }
        guard let id, let name, let kind else { return }
        if !sites.isEmpty { referenceSites[here] = sites }
        entities.append(Entity(id: id, name: name, kind: kind, codes: codes, aliases: aliases, members: members,
                               parent: parent, claimants: claimants, negatives: negatives,
                               hanAbbreviation: hanAbbreviation, note: note, population: population,
                               since: since, until: until, location: here))
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month 01–12 and a day of that month.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else { return false }
        if parts.count >= 2 { guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return false } }
        if parts.count == 3 {
            guard parts[2].count == 2, let day = Int(parts[2]), let month = Int(parts[1]), let year = Int(parts[0]) else { return false }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard (1...days).contains(day) else { return false }
        }
        return true
    }

    /// `extend: GEO` adds aliases and negative names to an entity defined in another file.
    private mutating func parseExtension(_ mapping: Node.Mapping, at here: SourceLocation) {
        var target: String?
        var targetLocation = here
        var aliases: [Alias] = []
        var negatives: [NegativeName] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "extend":
                target = text(value, field: "extend")
                targetLocation = location(value)
            case "aliases": aliases += list(value, field: "aliases") { $0.parseAlias($1) }
            case "demonyms": aliases += parseDemonyms(value)
            case "negatives": negatives += list(value, field: "negatives") { $0.parseNegative($1) }
            default:
                unknownField(key, at: location(keyNode), expected: Self.extensionFields, in: "an 'extend' entry")
            }
        }
        if let target {
            // Located at the id it names, where a wrong one is reported.
            extensions.append(EntityExtension(target: target, aliases: aliases, negatives: negatives, location: targetLocation))
        }
    }

    private mutating func parseAlias(_ node: Node) -> Alias? {
        if case .scalar(let scalar) = node {
            return Alias(name: scalar.string, location: location(node))
        }
        guard case .mapping(let mapping) = node else {
            report(.invalidValue, at: location(node), "an alias must be a name or a mapping with a 'name'")
            return nil
        }
        var name: String?
        var language: String?
        var type: AliasType?
        var note: String?
        var exact = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name": name = text(value, field: "name")
            case "lang":
                language = text(value, field: "lang")
                if let tag = language, let problem = languageTags.check(tag, at: location(value)) { diagnostics.append(problem) }
            case "type":
                if let raw = text(value, field: "type") {
                    type = AliasType(rawValue: raw)
                    if type == nil {
                        report(.invalidValue, at: location(value),
                               "unknown alias type \"\(raw)\"\(Self.suggestion(raw, from: AliasType.allCases.map(\.rawValue))); use one of \(AliasType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
            case "note": note = text(value, field: "note")
            case "exact":
                switch value.string {
                case "true", "yes": exact = true
                case "false", "no": exact = false
                default: report(.invalidValue, at: location(value), "'exact' must be true or false")
                }
            default:
                unknownField(key, at: location(keyNode), expected: Self.aliasFields, in: "an alias")
            }
        }
        guard let name else {
            report(.missingField, at: location(node), "this alias has no 'name'")
            return nil
        }
        return Alias(name: name, language: language, type: type, note: note, exactOnly: exact, location: location(node))
    }

    /// `demonyms: {en: [Armenian, Armenians], fr: [arménien, arménienne]}`: a mapping of
    /// language tag to the demonyms and adjectives in that language (a list, or one name),
    /// read as aliases of type `demonym` in that language.
    private mutating func parseDemonyms(_ node: Node) -> [Alias] {
        guard case .mapping(let mapping) = node else {
            report(.invalidValue, at: location(node),
                   "'demonyms' must be a mapping of language to names, such as 'en: [Armenian, Armenians]'")
            return []
        }
        var demonyms: [Alias] = []
        for (keyNode, value) in mapping {
            guard let tag = text(keyNode, field: "demonyms' language") else { continue }
            guard !tag.isEmpty else {
                report(.invalidLanguageTag, at: location(keyNode), "a language of 'demonyms' is empty; write its BCP 47 tag, such as 'en: [Armenian]'")
                continue
            }
            if let problem = languageTags.check(tag, at: location(keyNode)) { diagnostics.append(problem) }
            let items: [Node]
            switch value {
            case .scalar: items = [value]
            case .sequence(let nodes): items = Array(nodes)
            default:
                report(.invalidValue, at: location(value), "the demonyms of '\(tag)' must be a name or a list of names")
                continue
            }
            for item in items {
                guard let name = text(item, field: "a demonym") else { continue }
                demonyms.append(Alias(name: name, language: tag, type: .demonym, location: location(item)))
            }
        }
        return demonyms
    }

    private mutating func parseNegative(_ node: Node) -> NegativeName? {
        if case .scalar(let scalar) = node {
            return NegativeName(name: scalar.string, location: location(node))
        }
        guard case .mapping(let mapping) = node else {
            report(.invalidValue, at: location(node), "a negative name must be a name or a mapping with a 'name'")
            return nil
        }
        var name: String?
        var note: String?
        var instead: String?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name": name = text(value, field: "name")
            case "note": note = text(value, field: "note")
            case "instead": instead = text(value, field: "instead")
            default: unknownField(key, at: location(keyNode), expected: Self.negativeFields, in: "a negative name")
            }
        }
        guard let name else {
            report(.missingField, at: location(node), "this negative name has no 'name'")
            return nil
        }
        return NegativeName(name: name, note: note, instead: instead, location: location(node))
    }

    // MARK: - Helpers

    /// The items of a list field, each parsed by `item` (which reports its own problems).
    private mutating func list<Item>(_ node: Node, field: String, _ item: (inout Self, Node) -> Item?) -> [Item] {
        guard case .sequence(let nodes) = node else {
            report(.invalidValue, at: location(node), "'\(field)' must be a list of names or of mappings with a 'name'")
            return []
        }
        var items: [Item] = []
        for node in nodes { if let parsed = item(&self, node) { items.append(parsed) } }
        return items
    }

    private mutating func text(_ node: Node, field: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(.invalidValue, at: location(node), "'\(field)' must be text; found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    private mutating func idList(_ node: Node, field: String) -> [(id: String, location: SourceLocation)] {
        if case .scalar(let scalar) = node, !scalar.string.isEmpty { return [(scalar.string, location(node))] }
        guard case .sequence(let list) = node else {
            report(.invalidValue, at: location(node), "'\(field)' must be a list of entity ids, such as [AZE, ARM]")
            return []
        }
        return list.compactMap { item in text(item, field: field).map { ($0, location(item)) } }
    }

    private mutating func unknownField(_ key: String, at where: SourceLocation, expected: [String], in context: String) {
        report(.unknownField, at: `where`,
               "unknown field '\(key)' in \(context)\(Self.suggestion(key, from: expected)); allowed fields are \(expected.joined(separator: ", "))")
    }

    private mutating func report(_ kind: Diagnostic.Kind, at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, kind, at: location, message))
    }

    private func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        let (line, column) = lineMap.fileLocation(line: mark?.line ?? 1, column: mark?.column ?? 1)
        return SourceLocation(file: file, line: line, column: column)
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// `; did you mean 'aliases'?` when a candidate is within two edits.
    /// " (did you mean 'X'?)" for the candidates nearest to `word` ignoring case, within
    /// one edit (two for words of six letters or more), else "". Up to three that are
    /// equally near are named, a slip to a neighbouring key first ("ARN": 'ARM', 'ARE' or
    /// 'ARG').
    static func suggestion(_ word: String, from candidates: [String]) -> String {
        let limit = max(1, min(2, word.count / 3))
        let lowered = word.lowercased()
        var best = Int.max
        var nearest: [String] = []
        for candidate in candidates where abs(candidate.count - word.count) <= limit && candidate != word {
            let distance = editDistance(lowered, candidate.lowercased())
            guard distance <= limit && distance <= best else { continue }
            if distance < best { best = distance; nearest = [] }
            nearest.append(candidate)
        }
        guard !nearest.isEmpty else { return "" }
        let ranked = nearest.sorted { a, b in
            let (slipA, slipB) = (isKeySlip(lowered, a.lowercased()), isKeySlip(lowered, b.lowercased()))
            return slipA != slipB ? slipA : a < b
        }.prefix(3).map { "'\($0)'" }
        let named = ranked.count == 1 ? ranked[0] : ranked.dropLast().joined(separator: ", ") + " or " + ranked.last!
        return " (did you mean \(named)?)"
    }

    /// Whether `b` is `a` with one letter replaced by a neighbour on a QWERTY keyboard.
    static func isKeySlip(_ a: String, _ b: String) -> Bool {
        let a = Array(a), b = Array(b)
        guard a.count == b.count else { return false }
        let differences = zip(a, b).filter { $0 != $1 }
        guard differences.count == 1, let (x, y) = differences.first else { return false }
        let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map(Array.init)
        func place(_ c: Character) -> (Int, Int)? {
            for (row, keys) in rows.enumerated() { if let column = keys.firstIndex(of: c) { return (row, column) } }
            return nil
        }
        guard let (rowX, columnX) = place(x), let (rowY, columnY) = place(y) else { return false }
        // Rows are staggered by about half a key: a key touches two keys of the row below.
        switch rowY - rowX {
        case 0: return abs(columnY - columnX) == 1
        case 1: return columnY == columnX || columnY == columnX - 1
        case -1: return columnX == columnY || columnX == columnY - 1
        default: return false
        }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring letters ("GOE" is one edit from "GEO"), each costing one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            // libyaml's own words name a C function for this one.
            if problem.hasPrefix("Maximum nesting level reached") {
                return "lists and mappings are nested too deeply here (libyaml reads at most 1,000 levels); a dictionary needs four"
            }
            return "YAML syntax error: \(problem); check the indentation and quoting here"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "the same field appears twice in one mapping (\(duplicates.joined(separator: ", "))); keep one"
        default:
            return "the file is not valid YAML"
        }
    }
}

/// YAML counts more line breaks than editors do: NEL (U+0085) and the line and paragraph
/// separators (U+2028, U+2029) end a YAML line too. Diagnostics give lines as editors count
/// them (a line feed, a carriage return, or both together end a line), so a position that
/// the YAML parser reports is mapped back: YAML line k starts at a known file line and
/// column.
struct YAMLLineMap {
    /// For YAML line k (1-based), the file line and column (1-based) where it starts; nil
    /// when the text has no other line break than line feeds (the common case: identity).
    private var starts: [(line: Int, column: Int)]?

    init(_ text: String) {
        // Carriage return, and the lead bytes of NEL (C2 85) and LS/PS (E2 80 A8/A9).
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0xC2 || $0 == 0xE2 }) else { return }
        var starts = [(line: 1, column: 1)]
        var line = 1, column = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar.value {
            case 0x0A:
                line += 1
                column = 1
                starts.append((line, column))
            case 0x0D where pending?.value != 0x0A:  // a lone carriage return ends a line
                line += 1
                column = 1
                starts.append((line, column))
            case 0x0D:
                // CRLF: one break, counted at the line feed.
                column += 1
            case 0x85, 0x2028, 0x2029:
                column += 1
                starts.append((line, column))
            default:
                column += 1
            }
        }
        self.starts = starts
    }

    /// The file line and column of a YAML line and column.
    func fileLocation(line: Int, column: Int) -> (line: Int, column: Int) {
        guard let starts, line >= 1 else { return (line, column) }
        // The parser may point one line past the last (at the end of the input).
        guard line <= starts.count else { return (starts[starts.count - 1].line + line - starts.count, column) }
        let start = starts[line - 1]
        return (start.line, start.column + column - 1)
    }
}
