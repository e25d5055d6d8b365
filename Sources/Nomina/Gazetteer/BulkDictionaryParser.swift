/// Reads the line-oriented bulk alias format (docs/dictionary-format.md): one alias per
/// line, tab-separated, for lists of millions of rows such as GeoNames.
///
/// ```
/// # nomina-bulk 1
/// # id	kind	name	alias	lang	type	exact	parent	codes
/// geonames-587084	city	Baku	Bakı	az			AZE	geonames=587084
/// ```
///
/// The parser works on bytes: one pass over the file, fields sliced in place, and a
/// String made only for fields that are kept.
package struct BulkDictionaryParser {
    static let header = "# nomina-bulk 1"
    static let columns = ["id", "kind", "name", "alias", "lang", "type", "exact", "parent", "codes", "note", "population",
                          "members"]

    let file: String
    package private(set) var entities: [Entity] = []
    package private(set) var diagnostics: [Diagnostic] = []
    private var languageTags = LanguageTagCheck()
    /// The id, kind and name bytes of the previous line, and its entity.
    /// Where each entity's parent column was written, by the entity's location (as
    /// ``YAMLDictionaryParser/referenceSites``).
    package private(set) var referenceSites: [SourceLocation: [String: SourceLocation]] = [:]
    private var previousHead: [UInt8]?
    private var previousDraft: Int?

    private struct Draft {
        var id: String
        var name: String
        var kind: EntityKind
        var parent: String?
        var codes: [String: String]
        var aliases: [Alias]
        var note: String?
        var population: Int?
        var members: [String] = []
        var location: SourceLocation
    }

    package init(file: String) { self.file = file }

    package mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        var drafts: [Draft] = []
        var index: [String: Int] = [:]
        var lineNumber = 0
        var start = 0
        var sawHeader = false
        let count = bytes.count
        while start < count {
            lineNumber += 1
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            start = end + 1
            if lineNumber == 1 {
                // A byte order mark before the format line (an editor on Windows) is allowed.
                let first = String(decoding: line, as: UTF8.self)
                if first == Self.header || first == "\u{FEFF}" + Self.header { sawHeader = true; continue }
                report(.syntax, line: 1, column: 1,
                       "a bulk alias file must start with the line '\(Self.header)'; add it (the format and its version)")
            }
            if line.isEmpty || line[0] == UInt8(ascii: "#") { continue }
            if let bad = Self.firstInvalidUTF8(line) {
                report(.notUTF8, line: lineNumber, column: bad + 1,
                       "line \(lineNumber) is not valid UTF-8 (byte \(bad + 1)); save the file as UTF-8")
                continue
            }
            parseLine(line, lineNumber: lineNumber, drafts: &drafts, index: &index)
        }
        if !sawHeader && lineNumber == 0 {
            report(.syntax, line: 1, column: 1, "the file is empty; a bulk alias file starts with '\(Self.header)'")
        }
        entities = drafts.map { draft in
            var codes = draft.codes
            let han = codes.removeValue(forKey: Self.hanAbbreviationScheme)
            // Places of a bulk list rank below curated entities; its countries and other
            // entities (the generated country file) are curated data in bulk form.
            let tier: Entity.Tier = draft.kind == .city || draft.kind == .other ? .bulk : .curated
            return Entity(id: draft.id, name: draft.name, kind: draft.kind, codes: codes, aliases: draft.aliases,
                          members: draft.members, parent: draft.parent, hanAbbreviation: han, note: draft.note,
                          population: draft.population, tier: tier, location: draft.location)
        }
    }

    private mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int,
                                    drafts: inout [Draft], index: inout [String: Int]) {
        // Field boundaries: (start, end) byte offsets.
        var fields: [(Int, Int)] = []
        fields.reserveCapacity(9)
        var fieldStart = 0
        for position in 0..<line.count where line[position] == 0x09 {
            fields.append((fieldStart, position))
            fieldStart = position + 1
        }
        fields.append((fieldStart, line.count))
        func field(_ number: Int) -> String {
            guard number < fields.count else { return "" }
            let (from, to) = fields[number]
            return String(decoding: UnsafeBufferPointer(rebasing: line[from..<to]), as: UTF8.self)
        }
        func column(_ number: Int) -> Int { number < fields.count ? fields[number].0 + 1 : line.count + 1 }

        if fields.count < 3 {
            report(.missingField, line: lineNumber, column: line.count + 1,
                   "line \(lineNumber) has \(fields.count) field(s); a line needs at least id, kind and name, separated by tabs")
            return
        }
        if fields.count > Self.columns.count {
            report(.invalidValue, line: lineNumber, column: column(Self.columns.count),
                   "line \(lineNumber) has \(fields.count) fields; the format has \(Self.columns.count) (\(Self.columns.joined(separator: ", "))), so a name may contain a tab")
            return
        }
        // Lines of one entity usually follow each other: when id, kind and name are the
        // same bytes as on the previous line, reuse its entity without making strings.
        let head = UnsafeBufferPointer(rebasing: line[0..<fields[2].1])
        if let previous = previousHead, let draftIndex = previousDraft, previous.count == head.count,
           previous.withUnsafeBufferPointer({ memcmp($0.baseAddress!, head.baseAddress!, head.count) == 0 }) {
            addAlias(line, fields: fields, lineNumber: lineNumber, to: &drafts[draftIndex])
            return
        }
        let id = field(0)
        let kindText = field(1)
        let name = field(2)
        guard let kind = EntityKind(rawValue: kindText) else {
            report(.invalidValue, line: lineNumber, column: column(1),
                   "unknown kind \"\(kindText)\"\(YAMLDictionaryParser.suggestion(kindText, from: EntityKind.allCases.map(\.rawValue))); use one of \(EntityKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return
        }
        let here = SourceLocation(file: file, line: lineNumber, column: 1)
        let draftIndex: Int
        if let known = index[id] {
            draftIndex = known
            if drafts[known].name != name || drafts[known].kind != kind {
                report(.invalidValue, line: lineNumber, column: column(1),
                       "\(id) was defined on line \(drafts[known].location.line) as \(drafts[known].kind.rawValue) \"\(drafts[known].name)\"; every line of one id must give the same kind and name")
                return
            }
        } else {
            var codes: [String: String] = [:]
            for pair in field(8).split(separator: ";") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 {
                    codes[String(parts[0])] = String(parts[1])
                } else {
                    report(.invalidValue, line: lineNumber, column: column(8),
                           "code \"\(pair)\" must be written scheme=value, such as alpha3=AZE")
                }
            }
            let parent = field(7)
            if !parent.isEmpty {
                referenceSites[here] = ["parent": SourceLocation(file: file, line: lineNumber, column: column(7))]
            }
            draftIndex = drafts.count
            index[id] = draftIndex
            drafts.append(Draft(id: id, name: name, kind: kind, parent: parent.isEmpty ? nil : parent,
                                codes: codes, aliases: [], location: here))
        }
        previousHead = Array(head)
        previousDraft = draftIndex
        addAlias(line, fields: fields, lineNumber: lineNumber, to: &drafts[draftIndex])
    }

    private mutating func addAlias(_ line: UnsafeBufferPointer<UInt8>, fields: [(Int, Int)], lineNumber: Int,
                                   to draft: inout Draft) {
        func field(_ number: Int) -> String {
            guard number < fields.count else { return "" }
            let (from, to) = fields[number]
            return String(decoding: UnsafeBufferPointer(rebasing: line[from..<to]), as: UTF8.self)
        }
        func column(_ number: Int) -> Int { number < fields.count ? fields[number].0 + 1 : line.count + 1 }
        let aliasName = field(3)
        let note = field(9)
        let populationText = field(10)
        if !populationText.isEmpty {
            if aliasName.isEmpty, let population = Self.population(populationText) {
                if let known = draft.population, known != population {
                    report(.invalidValue, line: lineNumber, column: column(10),
                           "\(draft.id) has population \(known) on an earlier line and \(population) here; give it once")
                }
                draft.population = population
            } else if aliasName.isEmpty {
                report(.invalidValue, line: lineNumber, column: column(10),
                       "population \"\(populationText.prefix(40))\(populationText.count > 40 ? "…" : "")\" must be a whole number of people up to 4294967295, such as 2148000")
            } else {
                report(.invalidValue, line: lineNumber, column: column(10),
                       "a population belongs on the line that defines the entity (an empty alias column), not on an alias line")
            }
        }
        // Members of a pair or group: ids joined by ";", on the entity line.
        let membersText = field(11)
        if !membersText.isEmpty {
            if !aliasName.isEmpty {
                report(.invalidValue, line: lineNumber, column: column(11),
                       "members belong on the line that defines the entity (an empty alias column), not on an alias line")
            } else if !draft.members.isEmpty {
                report(.invalidValue, line: lineNumber, column: column(11),
                       "\(draft.id) lists its members on an earlier line; give them once")
            } else {
                var offset = column(11)
                for member in membersText.split(separator: ";", omittingEmptySubsequences: false) {
                    let id = String(member)
                    if id.isEmpty {
                        report(.invalidValue, line: lineNumber, column: offset,
                               "an empty member id; write the ids joined by \";\", such as AZE;ARM")
                    } else {
                        draft.members.append(id)
                        referenceSites[draft.location, default: [:]]["member:\(id)"] =
                            SourceLocation(file: file, line: lineNumber, column: offset)
                    }
                    offset += member.utf8.count + 1
                }
            }
        }
        if aliasName.isEmpty {
            // An entity line: its note is the entity's.
            if !note.isEmpty { draft.note = note }
            return
        }
        let language = field(4)
        if !language.isEmpty,
           let problem = languageTags.check(language, at: SourceLocation(file: file, line: lineNumber, column: column(4))) {
            diagnostics.append(problem)
        }
        let typeText = field(5)
        var type: AliasType?
        if !typeText.isEmpty {
            type = AliasType(rawValue: typeText)
            if type == nil {
                report(.invalidValue, line: lineNumber, column: column(5),
                       "unknown alias type \"\(typeText)\"; use one of \(AliasType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let exactText = field(6)
        if !["", "0", "1"].contains(exactText) {
            report(.invalidValue, line: lineNumber, column: column(6), "the exact column must be 1, 0 or empty")
        }
        draft.aliases.append(Alias(
            name: aliasName, language: language.isEmpty ? nil : language, type: type,
            note: note.isEmpty ? nil : note, exactOnly: exactText == "1",
            location: SourceLocation(file: file, line: lineNumber, column: column(3))))
    }

    /// A population: digits only, at most 4,294,967,295 (what the index stores; no place
    /// holds more people than the world).
    static func population(_ text: String) -> Int? {
        guard (1...10).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int(text), value <= Int(UInt32.max) else { return nil }
        return value
    }

    /// The bulk format carries an entity's one-character Chinese abbreviation (美 for the
    /// USA) as a code of this scheme, not as an alias, so that 美 alone never matches.
    static let hanAbbreviationScheme = "han-abbreviation"

    private mutating func report(_ kind: Diagnostic.Kind, line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(.error, kind, at: SourceLocation(file: file, line: line, column: column), message))
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            let minimum: UInt32
            var value: UInt32
            switch b0 {
            case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b0 & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b0 & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b0 & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let b = bytes[i + k]
                guard b & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(b & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += length
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
