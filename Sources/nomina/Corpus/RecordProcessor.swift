import Foundation
import Dispatch
import Nomina
import NominaCorpus

/// Normalises records: finds the text of each (the line, the JSONL field, the CSV
/// column), extracts its mentions, and writes the record rewritten or annotated.
struct RecordProcessor: Sendable {
    struct Counts {
        var records = 0, mentions = 0, invalidUTF8 = 0, skipped = 0, skippedLines = 0, withoutField = 0
    }

    enum Status: Sendable {
        case ok
        case invalidUTF8
        /// Malformed, or not one annotate mode can add its field to; the record is passed
        /// through unchanged. The reason, and what to do about it.
        case bad(String, advice: String)
        /// The record has no text to normalise (no such field, or not a string).
        case noField
    }

    /// A record that was not normalised as usual, at `outputOffset` in its chunk's output
    /// (where its bytes start): the writer warns, counts, or stops there.
    struct Event: Sendable {
        var record: Int
        var outputOffset: Int
        var status: Status
    }

    /// A processed chunk: its output, ready to write, and what the writer must report.
    struct ChunkResult: Sendable {
        var output: [UInt8] = []
        var events: [Event] = []
        var mentions = 0
    }

    let extractor: MentionExtractor
    let format: NormalizeCommand.Format
    let mode: NormalizeCommand.Mode
    let json: JSONField
    let delimited: DelimitedFields
    let columnName: String?
    /// The column by number (`--column 2`), or -1 when it is named: each input's header row
    /// then gives it, and the reading loop stores it in each record (``CorpusRecord/column``).
    let columnIndex: Int
    /// Annotate mode: the field (JSONL) or column (CSV/TSV) the mentions are added as.
    let mentionsField: String
    /// Replace mode: what a mention is rewritten to.
    let names: ReplacementNames
    private let mentionsKey: JSONField
    private let quotedMentionsKey: [UInt8]

    init(extractor: MentionExtractor, format: NormalizeCommand.Format, mode: NormalizeCommand.Mode, field: String,
         column: String, header: Bool = false, headerRow: String? = nil, mentionsField: String = "mentions",
         replaceWith: NameStyle = .canonical, recordNumbers: RecordNumbers = .from(1)) {
        self.hasHeader = header
        self.headerRow = headerRow.map { Array($0.utf8) }
        self.recordNumbers = recordNumbers
        self.names = ReplacementNames(style: replaceWith, gazetteer: extractor.resolver.gazetteer)
        self.extractor = extractor
        self.format = format
        self.mode = mode
        self.mentionsField = mentionsField
        self.mentionsKey = JSONField(path: mentionsField)
        var quoted: [UInt8] = []
        JSONWriter.appendQuoted(mentionsField, to: &quoted)
        self.quotedMentionsKey = quoted
        self.json = JSONField(path: field)
        self.delimited = DelimitedFields(delimiter: format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","))
        if let number = Int(column) {
            columnIndex = number - 1
            columnName = nil
        } else {
            columnIndex = -1
            columnName = column
        }
    }

    /// How annotate mode numbers the lines of text it writes.
    enum RecordNumbers: Sendable, Equatable {
        /// The first record is number `first` (1, or one more than `--record-offset`).
        case from(Int)
        /// No record numbers (`--no-record-numbers`).
        case none
    }

    /// Whether the first row of each input is a header (`--header`, or a named column).
    let hasHeader: Bool

    /// The corpus's header row as given with `--header-row`, for inputs that are parts of
    /// the corpus: an input's first row is its header only when it is this row.
    let headerRow: [UInt8]?

    /// Annotate mode, text: the record number each output object starts with, if any.
    let recordNumbers: RecordNumbers

    /// Whether each input starts with a header row (or, with `--header-row`, may).
    var readsHeaders: Bool { (hasHeader || columnName != nil || headerRow != nil) && (format == .csv || format == .tsv) }

    /// The position of the named column in a header row (the first record of each input;
    /// it passes through unchanged).
    func headerColumn(_ chunk: RecordChunk, _ position: Int) throws -> Int {
        try headerColumn(Array(chunk.slice(position)), at: "\(chunk.source):\(chunk.records[position].line)")
    }

    /// Whether `row` is the row given with `--header-row` (a byte order mark before it and a
    /// carriage return after it aside, as a file saved on Windows has them).
    func isGivenHeader(_ row: ArraySlice<UInt8>) -> Bool {
        guard let headerRow else { return false }
        return Self.withoutMarks(row).elementsEqual(Self.withoutMarks(headerRow[...]))
    }

    /// `row` without a byte order mark before it and a carriage return after it.
    static func withoutMarks(_ row: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var row = row
        if row.starts(with: [0xEF, 0xBB, 0xBF]) { row = row.dropFirst(3) }
        if row.last == UInt8(ascii: "\r") { row = row.dropLast() }
        return row
    }

    /// The column names of a header row (empty when it is malformed).
    static func headerNames(_ bytes: [UInt8], delimiter: UInt8) -> [String] {
        guard let fields = try? DelimitedFields(delimiter: delimiter).split(bytes) else { return [] }
        var names = fields.map { String(decoding: DelimitedFields.value(bytes[$0]), as: UTF8.self) }
        if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
        return names
    }

    /// Column names as an error lists them: quoted, control characters escaped, at most 20.
    static func listed(_ names: [String]) -> String {
        let shown = names.prefix(20).map { name in
            "\"" + name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }.joined() + "\""
        }
        return shown.joined(separator: ", ") + (names.count > 20 ? " and \(names.count - 20) more" : "")
    }

    /// The position of the named column in the header row `bytes` (read at `place`, which
    /// errors name), checking that annotate mode can add its column.
    func headerColumn(_ bytes: [UInt8], at place: String) throws -> Int {
        do {
            _ = try delimited.split(bytes)
        } catch {
            throw CLIError("\(place): the header row is malformed: field \(error.field): \(error.reason)")
        }
        // A byte order mark before the first name (a file saved by some editors) is not
        // part of it; it stays in the output.
        let names = Self.headerNames(bytes, delimiter: delimited.delimiter)
        // Annotate mode adds a column: one of the same name would make the header ambiguous.
        if mode == .annotate, names.contains(mentionsField) {
            throw CLIError("\(place): the header already has a column \"\(mentionsField)\"; choose another name for the mentions with --mentions-field")
        }
        guard let name = columnName else { return columnIndex }
        guard let index = names.firstIndex(of: name) else {
            throw CLIError("\(place): the header has no column \"\(name)\" (it has \(Self.listed(names)))")
        }
        // Two columns of that name: which one is meant is not for Nomina to guess.
        if let second = names[(index + 1)...].firstIndex(of: name) {
            throw CLIError("\(place): the header has two columns \"\(name)\" (\(index + 1) and \(second + 1)); give --column the number of the one to normalise")
        }
        return index
    }

    /// Processes the records of `chunk` in order, on the calling thread, into one output
    /// buffer: each record rewritten (replace mode) or with its mentions added (annotate
    /// mode: a field of the JSONL object, a last CSV/TSV column, or one JSON object per line
    /// of text), then its line break.
    func process(_ chunk: RecordChunk, _ scanner: inout MentionScanner) -> ChunkResult {
        var result = ChunkResult()
        // The buffer of a chunk written before, if one came back with these bytes.
        result.output = chunk.bytes.takeSpareOutput()
        result.output.reserveCapacity(mode == .replace ? chunk.bytes.count + chunk.records.count + 256
                                                       : 2 * chunk.bytes.count + 64 * chunk.records.count)
        let bytes = chunk.bytes.buffer
        withExtendedLifetime(chunk.bytes) {
            for position in chunk.records.indices {
                let span = chunk.records[position]
                let offset = result.output.count
                let record = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
                let (status, mentions) = process(record, span, &scanner, into: &result.output)
                result.mentions += mentions
                switch status {
                case .ok: break
                default: result.events.append(Event(record: position, outputOffset: offset, status: status))
                }
                // A line of text becomes a JSON object, which always ends its line (the
                // object's last append writes the line break); other records keep their line
                // break, or its absence, as in replace mode.
                if span.hasBreak && !(mode == .annotate && format == .text) { result.output.append(UInt8(ascii: "\n")) }
            }
        }
        return result
    }

    private func process(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ scanner: inout MentionScanner,
                         into out: inout [UInt8]) -> (Status, Int) {
        if span.isHeader {
            if mode == .replace {
                out.append(contentsOf: record)
            } else {
                appendColumn(to: record, into: &out) { $0.append(contentsOf: mentionsField.utf8) }
            }
            return (.ok, 0)
        }
        switch format {
        case .text: return processText(record, span, &scanner, into: &out)
        case .jsonl: return processJSON(record, span, &scanner, into: &out)
        case .csv, .tsv: return processDelimited(record, span, &scanner, into: &out)
        }
    }

    // MARK: - Formats

    private func processText(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ scanner: inout MentionScanner,
                             into out: inout [UInt8]) -> (Status, Int) {
        // A CRLF line end: the carriage return is the line break's, not the text's.
        let carriageReturn = record.last == UInt8(ascii: "\r")
        let text = carriageReturn ? UnsafeBufferPointer(rebasing: record.dropLast()) : record
        guard UTF8Validation.isValid(text) else { return invalid(record, span, into: &out) }
        let mentions = scanner.mentions(validUTF8: text)
        switch mode {
        case .replace:
            Self.splice(text, mentions, names, into: &out)
            if carriageReturn { out.append(UInt8(ascii: "\r")) }
        case .annotate:
            annotation(span, text: text, mentions: mentions, into: &out)
        }
        return (.ok, mentions.count)
    }

    /// `text` with its matched mentions replaced by their entities' names (`names`),
    /// appended to `out`.
    static func splice(_ text: UnsafeBufferPointer<UInt8>, _ mentions: [Mention], _ names: ReplacementNames,
                       into out: inout [UInt8]) {
        var cursor = 0
        for mention in mentions where mention.outcome == .match {
            guard let entity = mention.entity, mention.utf8Range.lowerBound >= cursor,
                  mention.utf8Range.upperBound <= text.count else { continue }
            guard let name = names.name(of: entity) else { continue }  // left as written
            let kept = mention.keptArticle(for: name).bytes
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[cursor..<(mention.utf8Range.lowerBound + kept)]))
            out.append(contentsOf: name.utf8)
            cursor = mention.utf8Range.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[cursor...]))
    }

    private func processJSON(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ scanner: inout MentionScanner,
                             into out: inout [UInt8]) -> (Status, Int) {
        guard UTF8Validation.isValid(record) else { return invalid(record, span, into: &out) }
        let bytes = Array(record)
        let found: JSONField.Found
        do {
            found = try json.locate(bytes)
        } catch {
            return bad(record, span, "malformed JSON at byte \(error.offset + 1): \(error.reason)", into: &out)
        }
        if mode == .annotate {
            // A blank line holds no object: passed through, as in replace mode.
            if case .missing = found, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                out.append(contentsOf: record)
                return (.noField, 0)
            }
            if let (problem, advice) = annotationProblem(bytes) { return bad(record, span, problem, advice: advice, into: &out) }
        }
        guard case .string(let range, let decoded) = found else {
            if mode == .replace {
                out.append(contentsOf: record)
            } else {
                Self.appendField(to: bytes, key: quotedMentionsKey, into: &out) { JSONWriter.appendRaw("null", to: &$0) }
            }
            return (.noField, 0)
        }
        var text = decoded
        let mentions = text.withUTF8 { scanner.mentions(validUTF8: $0) }
        switch mode {
        case .replace:
            guard mentions.contains(where: { $0.outcome == .match }) else {
                out.append(contentsOf: record)
                break
            }
            // Only the mentions are rewritten inside the literal: escapes elsewhere in it stay
            // as written (a lone "\ud800" is not turned into U+FFFD, nor "\u00e9" into é).
            let starts = JSONField.scalarStarts(bytes, literal: range)
            var cursor = starts[0]
            out.append(contentsOf: bytes[..<cursor])
            for mention in mentions where mention.outcome == .match {
                guard let entity = mention.entity, mention.start >= 0, mention.end < starts.count,
                      starts[mention.start] >= cursor, let name = names.name(of: entity) else { continue }
                out.append(contentsOf: bytes[cursor..<starts[mention.start + mention.keptArticle(for: name).scalars]])
                JSONWriter.appendEscaped(name, to: &out)
                cursor = starts[mention.end]
            }
            out.append(contentsOf: bytes[cursor...])
        case .annotate:
            Self.appendField(to: bytes, key: quotedMentionsKey, into: &out) { appendMentions(mentions, into: &$0) }
        }
        return (.ok, mentions.count)
    }

    private func processDelimited(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ scanner: inout MentionScanner,
                                  into out: inout [UInt8]) -> (Status, Int) {
        guard UTF8Validation.isValid(record) else { return invalid(record, span, into: &out) }
        let bytes = Array(record)
        let fields: [Range<Int>]
        do {
            fields = try delimited.split(bytes)
        } catch {
            return bad(record, span, "malformed \(format.rawValue.uppercased()) in field \(error.field): \(error.reason)", into: &out)
        }
        let column = span.column >= 0 ? span.column : columnIndex
        guard column < fields.count else {
            return bad(record, span, "the row has \(fields.count) field(s); column \(columnName.map { "\"\($0)\"" } ?? String(column + 1)) is missing",
                       into: &out)
        }
        let field = fields[column]
        let raw = bytes[field]
        let value = DelimitedFields.value(raw)
        let mentions = value.withUnsafeBufferPointer { scanner.mentions(validUTF8: $0) }
        switch mode {
        case .replace:
            guard mentions.contains(where: { $0.outcome == .match }) else {
                out.append(contentsOf: record)
                break
            }
            var rewritten: [UInt8] = []
            value.withUnsafeBufferPointer { Self.splice($0, mentions, names, into: &rewritten) }
            out.append(contentsOf: bytes[..<field.lowerBound])
            let quoted = raw.first == UInt8(ascii: "\"")
            out.append(contentsOf: delimited.encode(rewritten, quoted: quoted, original: quoted ? nil : value))
            out.append(contentsOf: bytes[field.upperBound...])
        case .annotate:
            appendColumn(to: record, into: &out) { appendMentions(mentions, into: &$0) }
        }
        return (.ok, mentions.count)
    }

    /// A record that is not valid UTF-8 passes through unchanged (as a JSON object with a
    /// note, for a line of text in annotate mode).
    private func invalid(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, into out: inout [UInt8]) -> (Status, Int) {
        if mode == .annotate && format == .text {
            annotation(span, text: nil, mentions: [], note: "not valid UTF-8", into: &out)
        } else {
            out.append(contentsOf: record)
        }
        return (.invalidUTF8, 0)
    }

    /// A malformed record passes through unchanged (when --skip-bad lets the run go on).
    private func bad(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ reason: String,
                     advice: String = "fix the record or pass --skip-bad", into out: inout [UInt8]) -> (Status, Int) {
        out.append(contentsOf: record)
        return (.bad(reason, advice: advice), 0)
    }

    /// Why a valid JSON record cannot take the mentions field: it is not an object, or it
    /// has a field of that name already. (A full parse only when the key's name, or any
    /// escape, appears in the record.)
    private func annotationProblem(_ bytes: [UInt8]) -> (String, advice: String)? {
        guard Self.objectBounds(bytes) != nil else {
            return ("the record is not a JSON object, so it cannot take a \"\(mentionsField)\" field",
                    "fix the record or pass --skip-bad")
        }
        // An escape anywhere may spell the key ("\u006dentions", "a\/b"): any backslash
        // calls for the full parse.
        guard Self.contains(bytes, quotedMentionsKey) || bytes.contains(UInt8(ascii: "\\")) else { return nil }
        if case .missing = (try? mentionsKey.locate(bytes)) ?? .missing { return nil }
        return ("the object already has a field \"\(mentionsField)\"",
                "choose another name for the mentions with --mentions-field, or pass --skip-bad to leave such records as they are")
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var position = 0
        let last = bytes.count - needle.count
        while position <= last {
            guard let next = bytes[position...last].firstIndex(of: first) else { return false }
            if bytes[next..<(next + needle.count)].elementsEqual(needle) { return true }
            position = next + 1
        }
        return false
    }

    /// The offsets of a JSON object's opening and closing braces (spaces, a byte order mark
    /// and a carriage return around it), or nil when the value is not an object.
    static func objectBounds(_ bytes: [UInt8]) -> (open: Int, close: Int)? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var open = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while open < bytes.count && isSpace(bytes[open]) { open += 1 }
        var close = bytes.count - 1
        while close > open && isSpace(bytes[close]) { close -= 1 }
        guard open < close, bytes[open] == UInt8(ascii: "{"), bytes[close] == UInt8(ascii: "}") else { return nil }
        return (open, close)
    }

    /// The object `bytes` (valid, checked by ``objectBounds(_:)``) with `,KEY:VALUE` added
    /// before its closing brace; every byte of the record stays as written.
    static func appendField(to bytes: [UInt8], key: [UInt8], into out: inout [UInt8], value: (inout [UInt8]) -> Void) {
        guard let (open, close) = objectBounds(bytes) else {
            out.append(contentsOf: bytes)
            return
        }
        var last = close - 1
        while last > open && (bytes[last] == 0x20 || bytes[last] == 0x09 || bytes[last] == 0x0A || bytes[last] == 0x0D) { last -= 1 }
        out.append(contentsOf: bytes[..<close])
        if last != open { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: key)
        out.append(UInt8(ascii: ":"))
        value(&out)
        out.append(contentsOf: bytes[close...])
    }

    /// A CSV/TSV row with one more field, written by `value` (quoted when it must be),
    /// before the row's carriage return if it has one.
    private func appendColumn(to record: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], value: (inout [UInt8]) -> Void) {
        let carriageReturn = record.last == UInt8(ascii: "\r")
        out.append(contentsOf: carriageReturn ? UnsafeBufferPointer(rebasing: record.dropLast()) : record)
        out.append(delimited.delimiter)
        var field: [UInt8] = []
        value(&field)
        out.append(contentsOf: delimited.encode(field, quoted: false))
        if carriageReturn { out.append(UInt8(ascii: "\r")) }
    }

    /// The mentions as a JSON array.
    func appendMentions(_ mentions: [Mention], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (position, mention) in mentions.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            json(mention, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    // MARK: - Annotations

    /// A line of text in annotate mode: one JSON object with the record number, the text,
    /// and the mentions with code-point offsets, then a line break; written straight into
    /// `out`, field by field.
    func annotation(_ span: RecordSpan, text: UnsafeBufferPointer<UInt8>?, mentions: [Mention], note: String? = nil,
                    into out: inout [UInt8]) {
        // (Literals that meet are written as one: most lines are a number, the text and no
        // mention, and each append costs as much as a short copy.)
        let number: Int? = if case .from(let first) = recordNumbers { span.number - 1 + first } else { nil }
        if let number, number >= 0, let text, text.count <= JSONWriter.escapedPiece {
            // Most lines: the whole object in one reservation when there is no mention.
            if mentions.isEmpty && note == nil {
                JSONWriter.appendRecordText(number, text, closing: "\",\"mentions\":[]}\n", to: &out)
                return
            }
            JSONWriter.appendRecordText(number, text, closing: "\"", to: &out)
        } else {
            if let number {
                JSONWriter.appendInteger(number, between: "{\"record\":",
                                         and: text == nil ? ",\"text\":null" : ",\"text\":\"", to: &out)
            } else {
                JSONWriter.appendLiteral(text == nil ? "{\"text\":null" : "{\"text\":\"", to: &out)
            }
            if let text { JSONWriter.appendEscaped(text, to: &out) }
            if mentions.isEmpty && note == nil {
                JSONWriter.appendLiteral(text == nil ? ",\"mentions\":[]}\n" : "\",\"mentions\":[]}\n", to: &out)
                return
            }
            if text != nil { out.append(UInt8(ascii: "\"")) }
        }
        if mentions.isEmpty {
            JSONWriter.appendLiteral(",\"mentions\":[]", to: &out)
        } else {
            JSONWriter.appendLiteral(",\"mentions\":", to: &out)
            appendMentions(mentions, into: &out)
        }
        if let note {
            JSONWriter.appendRaw(",\"note\":", to: &out)
            JSONWriter.appendQuoted(note, to: &out)
        }
        JSONWriter.appendLiteral("}\n", to: &out)
    }

    /// One mention as a JSON object, written field by field (no strings made for the
    /// numbers, the keys or the score).
    func json(_ mention: Mention, into out: inout [UInt8]) {
        JSONWriter.appendLiteral("{\"start\":", to: &out)
        JSONWriter.appendInteger(mention.start, to: &out)
        JSONWriter.appendLiteral(",\"end\":", to: &out)
        JSONWriter.appendInteger(mention.end, to: &out)
        JSONWriter.appendLiteral(",\"text\":", to: &out)
        JSONWriter.appendQuoted(mention.surface, to: &out)
        let entity = mention.entity
        func field(_ key: StaticString, _ value: String?) {
            JSONWriter.appendLiteral(key, to: &out)
            if let value { JSONWriter.appendQuoted(value, to: &out) } else { JSONWriter.appendLiteral("null", to: &out) }
        }
        field(",\"id\":", entity?.id)
        field(",\"name\":", entity?.name)
        field(",\"kind\":", entity?.kind.rawValue)
        field(",\"parent\":", entity.flatMap { extractor.resolver.parent(of: $0.id) })
        JSONWriter.appendLiteral(",\"score\":", to: &out)
        JSONWriter.appendScore(mention.score, to: &out)
        JSONWriter.appendLiteral(",\"method\":", to: &out)
        JSONWriter.appendQuoted(mention.method.rawValue, to: &out)
        JSONWriter.appendLiteral(",\"members\":", to: &out)
        JSONWriter.appendArray(mention.resolution.members, to: &out)
        if mention.outcome == .ambiguous {
            // Objects, as `resolve` writes them.
            JSONWriter.appendRaw(",\"candidates\":[", to: &out)
            for (position, candidate) in mention.resolution.candidates.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendCandidate(candidate, parent: extractor.resolver.parent(of: candidate.id), to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// What replace mode writes for a mention (`--replace-with`): the canonical name as it
/// is, or a name looked up once per entity and kept for the run (shared by the workers).
final class ReplacementNames: @unchecked Sendable {
    // `known` is guarded by `lock`.
    let style: NameStyle
    private let gazetteer: Gazetteer
    private let lock = NSLock()
    private var known: [String: String?] = [:]

    init(style: NameStyle, gazetteer: Gazetteer) {
        self.style = style
        self.gazetteer = gazetteer
    }

    /// What the mention of `candidate` becomes; nil to leave it as written (the entity has
    /// no name in the language asked for).
    func name(of candidate: Candidate) -> String? {
        switch style {
        case .canonical: return candidate.name
        case .id: return candidate.id
        case .label, .name:
            lock.lock()
            defer { lock.unlock() }
            if let name = known[candidate.id] { return name }
            let name = gazetteer.name(of: candidate, style).map(MentionExtractor.replacement)
            known[candidate.id] = .some(name)
            return name
        }
    }
}
