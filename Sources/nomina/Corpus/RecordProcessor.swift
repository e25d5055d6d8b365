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
        /// Malformed; the record is passed through unchanged.
        case bad(String)
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

    init(extractor: MentionExtractor, format: NormalizeCommand.Format, mode: NormalizeCommand.Mode, field: String,
         column: String) {
        self.extractor = extractor
        self.format = format
        self.mode = mode
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

    /// Whether each input starts with a header row that names the column.
    var readsHeaders: Bool { columnName != nil && (format == .csv || format == .tsv) }

    /// The position of the named column in a header row (the first record of each input;
    /// it passes through unchanged).
    func headerColumn(_ chunk: RecordChunk, _ position: Int) throws -> Int {
        guard let name = columnName else { return columnIndex }
        let bytes = Array(chunk.slice(position))
        let line = chunk.records[position].line
        guard let fields = try? delimited.split(bytes) else {
            throw CLIError("\(chunk.source):\(line): the header row is malformed")
        }
        let names = fields.map { String(decoding: DelimitedFields.value(bytes[$0]), as: UTF8.self) }
        guard let index = names.firstIndex(of: name) else {
            throw CLIError("\(chunk.source):\(line): the header has no column \"\(name)\" (it has \(names.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        return index
    }

    /// Processes the records of `chunk` in order, on the calling thread, into one output
    /// buffer: each record's bytes, then its line break (replace mode) or one JSON line
    /// (annotate mode).
    func process(_ chunk: RecordChunk, _ scanner: inout MentionScanner) -> ChunkResult {
        var result = ChunkResult()
        result.output.reserveCapacity(mode == .replace ? chunk.bytes.count + chunk.records.count + 256
                                                       : 2 * chunk.bytes.count + 64 * chunk.records.count)
        chunk.bytes.withUnsafeBufferPointer { bytes in
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
                if mode == .annotate || span.hasBreak { result.output.append(UInt8(ascii: "\n")) }
            }
        }
        return result
    }

    private func process(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ scanner: inout MentionScanner,
                         into out: inout [UInt8]) -> (Status, Int) {
        if span.isHeader {
            if mode == .replace { out.append(contentsOf: record) } else { annotation(span, text: nil, mentions: [], note: "header", into: &out) }
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
            Self.splice(text, mentions, into: &out)
            if carriageReturn { out.append(UInt8(ascii: "\r")) }
        case .annotate:
            annotation(span, text: text, mentions: mentions, into: &out)
        }
        return (.ok, mentions.count)
    }

    /// `text` with its matched mentions replaced by their entities' names, appended to `out`.
    static func splice(_ text: UnsafeBufferPointer<UInt8>, _ mentions: [Mention], into out: inout [UInt8]) {
        var cursor = 0
        for mention in mentions where mention.outcome == .match {
            guard let entity = mention.entity, mention.utf8Range.lowerBound >= cursor,
                  mention.utf8Range.upperBound <= text.count else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[cursor..<mention.utf8Range.lowerBound]))
            out.append(contentsOf: entity.name.utf8)
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
        guard case .string(let range, let decoded) = found else {
            if mode == .replace { out.append(contentsOf: record) } else { annotation(span, text: nil, mentions: [], into: &out) }
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
                      starts[mention.start] >= cursor else { continue }
                out.append(contentsOf: bytes[cursor..<starts[mention.start]])
                JSONWriter.appendEscaped(entity.name, to: &out)
                cursor = starts[mention.end]
            }
            out.append(contentsOf: bytes[cursor...])
        case .annotate:
            text.withUTF8 { annotation(span, text: $0, mentions: mentions, into: &out) }
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
            value.withUnsafeBufferPointer { Self.splice($0, mentions, into: &rewritten) }
            out.append(contentsOf: bytes[..<field.lowerBound])
            out.append(contentsOf: delimited.encode(rewritten, quoted: raw.first == UInt8(ascii: "\"")))
            out.append(contentsOf: bytes[field.upperBound...])
        case .annotate:
            value.withUnsafeBufferPointer { annotation(span, text: $0, mentions: mentions, into: &out) }
        }
        return (.ok, mentions.count)
    }

    private func invalid(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, into out: inout [UInt8]) -> (Status, Int) {
        if mode == .replace { out.append(contentsOf: record) } else { annotation(span, text: nil, mentions: [], note: "not valid UTF-8", into: &out) }
        return (.invalidUTF8, 0)
    }

    private func bad(_ record: UnsafeBufferPointer<UInt8>, _ span: RecordSpan, _ reason: String,
                     into out: inout [UInt8]) -> (Status, Int) {
        if mode == .replace { out.append(contentsOf: record) } else { annotation(span, text: nil, mentions: [], note: reason, into: &out) }
        return (.bad(reason), 0)
    }

    // MARK: - Annotations

    /// One JSON object: the record number, the text, and the mentions with code-point
    /// offsets; written straight into `out`, field by field.
    func annotation(_ span: RecordSpan, text: UnsafeBufferPointer<UInt8>?, mentions: [Mention], note: String? = nil,
                    into out: inout [UInt8]) {
        JSONWriter.appendRaw("{\"record\":", to: &out)
        JSONWriter.appendRaw(String(span.number), to: &out)
        JSONWriter.appendRaw(",\"text\":", to: &out)
        if let text { JSONWriter.appendQuoted(text, to: &out) } else { JSONWriter.appendRaw("null", to: &out) }
        JSONWriter.appendRaw(",\"mentions\":[", to: &out)
        for (position, mention) in mentions.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            Self.json(mention, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        if let note {
            JSONWriter.appendRaw(",\"note\":", to: &out)
            JSONWriter.appendQuoted(note, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func json(_ mention: Mention, into out: inout [UInt8]) {
        JSONWriter.appendRaw("{\"start\":", to: &out)
        JSONWriter.appendRaw(String(mention.start), to: &out)
        JSONWriter.appendRaw(",\"end\":", to: &out)
        JSONWriter.appendRaw(String(mention.end), to: &out)
        JSONWriter.appendRaw(",\"text\":", to: &out)
        JSONWriter.appendQuoted(mention.surface, to: &out)
        let entity = mention.entity
        for (name, value) in [("id", entity?.id), ("name", entity?.name), ("kind", entity?.kind.rawValue)] {
            JSONWriter.appendRaw(",\"\(name)\":", to: &out)
            if let value { JSONWriter.appendQuoted(value, to: &out) } else { JSONWriter.appendRaw("null", to: &out) }
        }
        JSONWriter.appendRaw(",\"score\":", to: &out)
        JSONWriter.appendRaw(formatScore(mention.score), to: &out)
        JSONWriter.appendRaw(",\"method\":", to: &out)
        JSONWriter.appendQuoted(mention.method.rawValue, to: &out)
        JSONWriter.appendRaw(",\"members\":", to: &out)
        JSONWriter.appendArray(mention.resolution.members, to: &out)
        if mention.outcome == .ambiguous {
            JSONWriter.appendRaw(",\"candidates\":", to: &out)
            JSONWriter.appendArray(mention.resolution.candidates.map(\.id), to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
