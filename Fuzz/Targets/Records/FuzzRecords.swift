import NominaCorpus
#if canImport(Glibc)
import Glibc
#endif

/// The record readers on arbitrary bytes. The first byte picks the framing (lines, CSV,
/// TSV) and the record-size limit, the rest is the input, read from a file as the CLI does.
/// Invariants: the records (with their line breaks) put back together are the input, byte
/// for byte, or the reader stops with an error; then every record goes through the CSV/TSV
/// field splitter and the JSONL field locator, and a located string's scalar offsets agree
/// with its decoded value. `nextChunk` gives the same records as `next()` (the first
/// byte's top bits pick the chunk size, and its bit 3 reads of a few bytes), and UTF-8
/// validation agrees with the standard library on every record. Reads of a few bytes (the first byte's top bits pick the size)
/// give the same records and the same error as reads of 1 MiB.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let selector = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let framing: RecordReader.Framing = switch selector % 3 {
    case 0: .lines
    case 1: .quoted(delimiter: UInt8(ascii: ","))
    default: .quoted(delimiter: UInt8(ascii: "\t"))
    }
    let limit = 16 + Int(selector / 3) * 64
    let path = fuzzFile(input)
    var rebuilt: [UInt8] = []
    var records: [CorpusRecord] = []
    do {
        let reader = try RecordReader(paths: [path], framing: framing, maximumRecordBytes: limit)
        while let record = try reader.next() {
            if record.bytes.count > limit { fatalError("a record of \(record.bytes.count) bytes passed the limit \(limit)") }
            rebuilt += record.bytes + record.terminator
            records.append(record)
        }
        if rebuilt != input { fatalError("records do not put the input back together") }
    } catch {
        // Only a record over the limit stops the reader.
        guard String(describing: error).contains("longer than \(limit) bytes") else { fatalError("unexpected error: \(error)") }
    }
    // Small reads (as from a pipe) give the same records and the same error as one read.
    var smallCount = 0
    var smallFailed = false
    do {
        let reader = try RecordReader(paths: [path], framing: framing, maximumRecordBytes: limit,
                                      readBytes: 1 + Int(selector >> 5) * 3)
        while let record = try reader.next() {
            guard smallCount < records.count, record.bytes == records[smallCount].bytes,
                  record.terminator == records[smallCount].terminator, record.line == records[smallCount].line,
                  record.lines == records[smallCount].lines else {
                fatalError("small reads give another record \(smallCount) than one read")
            }
            smallCount += 1
        }
    } catch {
        smallFailed = true
    }
    if smallCount != records.count || smallFailed != (rebuilt != input) {
        fatalError("small reads give \(smallCount) records (error: \(smallFailed)), one read \(records.count) (error: \(rebuilt != input))")
    }
    // Chunks (what `normalize` reads) hold the same records, with the same error.
    let target = [1, 7, 64, 4096][Int(selector >> 6)]
    var chunked: [(bytes: [UInt8], hasBreak: Bool, line: Int, number: Int, lines: Int)] = []
    var chunkError: String?
    do {
        // Lines are read straight into the chunks' buffers, in reads of a few bytes or whole,
        // and the buffers go back to the reader to be read into again.
        let reader = try RecordReader(paths: [path], framing: framing, maximumRecordBytes: limit,
                                      readBytes: selector & 8 == 0 ? 1 << 20 : 1 + Int(selector >> 5) * 3)
        while var chunk = try reader.nextChunk(targetBytes: target, maximumRecords: 5) {
            if chunk.records.isEmpty { fatalError("an empty chunk") }
            for (position, span) in chunk.records.enumerated() {
                chunked.append((Array(chunk.slice(position)), span.hasBreak, span.line, span.number, span.lines))
            }
            // The record list goes back too (its last reference), to hold a later chunk's spans.
            let records = chunk.records
            chunk.records = []
            reader.pool.recycle(chunk.bytes, records: records)
        }
    } catch {
        chunkError = String(describing: error)
    }
    // After an error, the chunk being filled is lost: the chunks hold a prefix.
    if chunkError == nil ? chunked.count != records.count : chunked.count > records.count {
        fatalError("chunks hold \(chunked.count) records, next() gave \(records.count)")
    }
    for (record, span) in zip(records, chunked) where record.bytes != span.bytes || record.terminator.isEmpty == span.hasBreak
        || record.line != span.line || record.number != span.number || record.lines != span.lines {
        fatalError("a chunk's record differs from next()'s")
    }
    if (chunkError == nil) != (rebuilt == input) { fatalError("chunks and next() disagree on an error: \(chunkError ?? "none")") }
    // UTF-8 validation agrees with the standard library's.
    for record in records {
        let valid = record.bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
        if valid != (String(validating: record.bytes, as: UTF8.self) != nil) { fatalError("UTF-8 validation disagrees") }
    }
    let delimiter: UInt8 = selector % 3 == 2 ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    let fields = DelimitedFields(delimiter: delimiter)
    let json = JSONField(path: selector % 2 == 0 ? "text" : "a.b")
    for record in records {
        if let ranges = try? fields.split(record.bytes) {
            for range in ranges {
                let raw = record.bytes[range]
                let value = DelimitedFields.value(raw)
                // Writing a field back as it was quoted gives its bytes back.
                let quoted = raw.first == UInt8(ascii: "\"")
                if quoted, fields.encode(value, quoted: true) != Array(raw) { fatalError("quoted field does not round-trip") }
            }
        }
        if String(validating: record.bytes, as: UTF8.self) != nil, case .string(let range, let text)? = try? json.locate(record.bytes) {
            let starts = JSONField.scalarStarts(record.bytes, literal: range)
            if starts.count != text.unicodeScalars.count + 1 { fatalError("scalar offsets disagree with the decoded string") }
        }
    }
    return 0
}

/// Writes `bytes` to this process's scratch file and returns its path.
func fuzzFile(_ bytes: [UInt8]) -> String {
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    let path = "\(folder)/nomina-fuzz-records-\(getpid())"
    let file = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    return path
}
