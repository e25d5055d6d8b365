import Dispatch
import Nomina
import NominaCorpus
import Synchronization

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

    struct Result: Sendable {
        var bytes: [UInt8]
        var status: Status
        var mentions: Int
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
    func headerColumn(_ record: CorpusRecord) throws -> Int {
        guard let name = columnName else { return columnIndex }
        guard let fields = try? delimited.split(record.bytes) else {
            throw CLIError("\(record.source):\(record.line): the header row is malformed")
        }
        let names = fields.map { String(decoding: DelimitedFields.value(record.bytes[$0]), as: UTF8.self) }
        guard let index = names.firstIndex(of: name) else {
            throw CLIError("\(record.source):\(record.line): the header has no column \"\(name)\" (it has \(names.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        return index
    }

    /// Processes `records` on `scanners.count` threads; results in input order.
    func process(_ records: [CorpusRecord], scanners: ScannerSlots) -> [Result] {
        let jobs = scanners.slots.count
        // Each worker initialises the slots of its records in the result array itself: no
        // copies of the results, and nothing to release afterwards.
        return [Result](unsafeUninitializedCapacity: records.count) { buffer, initialized in
            let box = ResultSlots(buffer)
            let next = Atomic<Int>(0)
            let chunk = 64
            DispatchQueue.concurrentPerform(iterations: min(jobs, (records.count + chunk - 1) / chunk)) { worker in
                // Each worker has its own scanner (its buffers and recent resolutions).
                while true {
                    let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                    guard start < records.count else { return }
                    for position in start..<min(records.count, start + chunk) {
                        (box.slots.baseAddress! + position).initialize(to: process(records[position], &scanners.slots[worker]))
                    }
                }
            }
            initialized = records.count
        }
    }

    func process(_ record: CorpusRecord, _ scanner: inout MentionScanner) -> Result {
        if record.isHeader {
            return mode == .replace ? Result(bytes: record.bytes, status: .ok, mentions: 0)
                : Result(bytes: Array(annotation(record, text: nil, mentions: [], note: "header").utf8), status: .ok, mentions: 0)
        }
        switch format {
        case .text: return processText(record, &scanner)
        case .jsonl: return processJSON(record, &scanner)
        case .csv, .tsv: return processDelimited(record, &scanner)
        }
    }

    // MARK: - Formats

    private func processText(_ record: CorpusRecord, _ scanner: inout MentionScanner) -> Result {
        // A CRLF line end: the carriage return is the line break's, not the text's.
        let carriageReturn = record.bytes.last == UInt8(ascii: "\r")
        guard let text = String(validating: carriageReturn ? record.bytes.dropLast() : record.bytes[...], as: UTF8.self) else {
            return invalid(record)
        }
        return normalized(record, text, &scanner) {
            Array(MentionExtractor.rewrite(text, $0).utf8) + (carriageReturn ? [UInt8(ascii: "\r")] : [])
        }
    }

    private func processJSON(_ record: CorpusRecord, _ scanner: inout MentionScanner) -> Result {
        guard String(validating: record.bytes, as: UTF8.self) != nil else { return invalid(record) }
        let found: JSONField.Found
        do {
            found = try json.locate(record.bytes)
        } catch {
            return bad(record, "malformed JSON at byte \(error.offset + 1): \(error.reason)")
        }
        guard case .string(let range, let text) = found else {
            return mode == .replace ? Result(bytes: record.bytes, status: .noField, mentions: 0)
                : Result(bytes: Array(annotation(record, text: nil, mentions: []).utf8), status: .noField, mentions: 0)
        }
        return normalized(record, text, &scanner) { mentions in
            // Only the mentions are rewritten inside the literal: escapes elsewhere in it stay
            // as written (a lone "\ud800" is not turned into U+FFFD, nor "\u00e9" into é).
            let starts = JSONField.scalarStarts(record.bytes, literal: range)
            var out = Array(record.bytes[..<starts[0]])
            var cursor = starts[0]
            for mention in mentions where mention.outcome == .match {
                guard let entity = mention.entity, mention.start >= 0, mention.end < starts.count,
                      starts[mention.start] >= cursor else { continue }
                out += record.bytes[cursor..<starts[mention.start]]
                out += JSONObject.quote(entity.name).utf8.dropFirst().dropLast()
                cursor = starts[mention.end]
            }
            out += record.bytes[cursor...]
            return out
        }
    }

    private func processDelimited(_ record: CorpusRecord, _ scanner: inout MentionScanner) -> Result {
        guard String(validating: record.bytes, as: UTF8.self) != nil else { return invalid(record) }
        let fields: [Range<Int>]
        do {
            fields = try delimited.split(record.bytes)
        } catch {
            return bad(record, "malformed \(format.rawValue.uppercased()) in field \(error.field): \(error.reason)")
        }
        let column = record.column >= 0 ? record.column : columnIndex
        guard column < fields.count else {
            return bad(record, "the row has \(fields.count) field(s); column \(columnName.map { "\"\($0)\"" } ?? String(column + 1)) is missing")
        }
        let field = fields[column]
        let raw = record.bytes[field]
        let text = String(decoding: DelimitedFields.value(raw), as: UTF8.self)
        return normalized(record, text, &scanner) { mentions in
            let rewritten = MentionExtractor.rewrite(text, mentions)
            return Array(record.bytes[..<field.lowerBound]) + delimited.encode(Array(rewritten.utf8), quoted: raw.first == UInt8(ascii: "\""))
                + record.bytes[field.upperBound...]
        }
    }

    /// The record with the mentions of `text` rewritten (`splice` puts the rewritten text
    /// in its place; a record without a match is kept byte for byte), or annotated.
    private func normalized(_ record: CorpusRecord, _ text: String, _ scanner: inout MentionScanner,
                            splice: ([Mention]) -> [UInt8]) -> Result {
        let mentions = scanner.mentions(in: text)
        switch mode {
        case .replace:
            guard mentions.contains(where: { $0.outcome == .match }) else {
                return Result(bytes: record.bytes, status: .ok, mentions: mentions.count)
            }
            return Result(bytes: splice(mentions), status: .ok, mentions: mentions.count)
        case .annotate:
            return Result(bytes: Array(annotation(record, text: text, mentions: mentions).utf8), status: .ok, mentions: mentions.count)
        }
    }

    private func invalid(_ record: CorpusRecord) -> Result {
        guard mode == .annotate else { return Result(bytes: record.bytes, status: .invalidUTF8, mentions: 0) }
        return Result(bytes: Array(annotation(record, text: nil, mentions: [], note: "not valid UTF-8").utf8),
                      status: .invalidUTF8, mentions: 0)
    }

    private func bad(_ record: CorpusRecord, _ reason: String) -> Result {
        guard mode == .annotate else { return Result(bytes: record.bytes, status: .bad(reason), mentions: 0) }
        return Result(bytes: Array(annotation(record, text: nil, mentions: [], note: reason).utf8), status: .bad(reason), mentions: 0)
    }

    // MARK: - Annotations

    /// One JSON object: the record number, the text, and the mentions with code-point offsets.
    func annotation(_ record: CorpusRecord, text: String?, mentions: [Mention], note: String? = nil) -> String {
        var object = JSONObject()
        object.add("record", raw: String(record.number))
        object.add("text", raw: text.map(JSONObject.quote) ?? "null")
        object.add("mentions", raw: "[" + mentions.map(Self.json).joined(separator: ",") + "]")
        if let note { object.add("note", string: note) }
        return object.text
    }

    static func json(_ mention: Mention) -> String {
        var object = JSONObject()
        object.add("start", raw: String(mention.start))
        object.add("end", raw: String(mention.end))
        object.add("text", string: mention.surface)
        let entity = mention.entity
        object.add("id", raw: entity.map { JSONObject.quote($0.id) } ?? "null")
        object.add("name", raw: entity.map { JSONObject.quote($0.name) } ?? "null")
        object.add("kind", raw: entity.map { JSONObject.quote($0.kind.rawValue) } ?? "null")
        object.add("score", raw: formatScore(mention.score))
        object.add("method", string: mention.method.rawValue)
        object.add("members", strings: mention.resolution.members)
        if mention.outcome == .ambiguous {
            object.add("candidates", strings: mention.resolution.candidates.map(\.id))
        }
        return object.text
    }
}

/// Per-slot results written by concurrent workers; each slot is written by one worker.
final class ResultSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<RecordProcessor.Result>
    init(_ slots: UnsafeMutableBufferPointer<RecordProcessor.Result>) { self.slots = slots }
}

/// One scanner per worker thread; worker `i` alone uses slot `i`.
final class ScannerSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<MentionScanner>
    init(_ extractor: MentionExtractor, count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: extractor.scanner())
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}
