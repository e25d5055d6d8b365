import CBytes
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One record of a corpus: its bytes (without the line break that ends it), the line
/// break as written, and where it starts.
package struct CorpusRecord: Sendable {
    package var bytes: [UInt8]
    package var terminator: [UInt8]
    /// 1-based line in `source` where the record starts.
    package var line: Int
    /// 1-based number of the record over all inputs.
    package var number: Int
    package var source: String
    /// Input lines the record spans (more than one for a CSV field with line breaks).
    package var lines: Int = 1
    /// Set by the reader's user: the record is a header row (CSV/TSV with a named column).
    package var isHeader = false
    /// Set by the reader's user: the column to normalise in this record, when its input's
    /// header row named it (else -1).
    package var column = -1
}

/// Where one record of a ``RecordChunk`` lies in the chunk's bytes, and where it came from.
package struct RecordSpan: Sendable {
    /// The record's bytes are `chunk.bytes[start..<end]` (without the line break).
    package var start: Int
    package var end: Int
    /// 1-based line in the chunk's source where the record starts.
    package var line: Int
    /// 1-based number of the record over all inputs.
    package var number: Int
    /// Input lines the record spans.
    package var lines: Int
    /// Whether a line break follows the record in the output (`"\n"`).
    package var hasBreak: Bool
    /// Set by the reader's user: the record is a header row.
    package var isHeader = false
    /// Set by the reader's user: the column to normalise (else -1).
    package var column = -1
}

/// Consecutive records of one input, their bytes back to back in one buffer: what a
/// worker thread takes at a time, with no allocation per record.
package struct RecordChunk: Sendable {
    package var source: String
    package var bytes: [UInt8] = []
    package var records: [RecordSpan] = []

    package init(source: String) { self.source = source }

    /// The bytes of record `position`.
    package func slice(_ position: Int) -> ArraySlice<UInt8> { bytes[records[position].start..<records[position].end] }
}

/// Reads records from files (or standard input) in 1 MiB reads, in constant memory: lines,
/// or for CSV and TSV, records whose quoted fields may span lines.
///
/// CSV and TSV framing follows RFC 4180 as common readers do: a double quote opens a
/// quoted field only at the start of a field (`5" x` is an unquoted field holding a
/// quote), and inside one a doubled quote stands for a quote. A record that spans lines
/// but is malformed (a quote never closed, text after a closing quote) is not taken
/// whole: its first line becomes the record (which the processor reports as malformed),
/// and framing starts again at the next line, so one stray quote cannot swallow the rest
/// of the file.
///
/// When an input other than the last ends without a line break, its last record gets one,
/// so that it is not glued to the next input's first record.
package final class RecordReader {
    package enum Framing {
        case lines
        case quoted(delimiter: UInt8)
    }

    private let paths: [String]
    private let framing: Framing
    private let maximumRecordBytes: Int
    private var pathIndex = -1
    private var descriptor: Int32 = -1
    private var source = ""
    private var buffer: [UInt8] = []
    private var start = 0
    /// The current input has no more bytes (its last byte is buffered).
    private var exhausted = false
    /// The offset in the current input of `buffer[0]`.
    private var bufferOrigin = 0
    /// CSV/TSV after a stray quote: records that start before this offset in the current
    /// input are framed as single lines. A scan for the end of a quoted record went from
    /// there to the end of the input (or the size limit) without finding one; scanning again
    /// from every later line would be quadratic (`a","` on every line: 800 KB took 40 s).
    private var linesUntil = -1
    /// The current input is a regular file (not a pipe, a terminal or a socket).
    private var inputIsRegularFile = true
    private var line = 1
    private var number = 0
    /// Bytes read so far, and the total when every input is a regular file.
    package private(set) var bytesRead = 0
    package let totalBytes: Int?

    /// `readBytes` is the size of each read (tests make it small: the records must not
    /// depend on it, as reads from a pipe return what the writer has written so far).
    /// The largest record limit taken; a larger one is this one.
    package static let largestRecordLimit = 1 << 48

    package init(paths: [String], framing: Framing, maximumRecordBytes: Int, readBytes: Int = 1 << 20) throws {
        self.scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, readBytes))
        self.paths = paths.isEmpty ? ["-"] : paths
        self.framing = framing
        // At most 2^48 (no record is that long): offsets plus the limit stay far from
        // overflow (`--max-record-bytes 9223372036854775807` trapped on an open quote).
        self.maximumRecordBytes = min(max(maximumRecordBytes, 0), Self.largestRecordLimit)
        var total = 0
        var known = true
        for path in self.paths {
            var info = stat()
            if path == "-" { known = false; continue }
            guard stat(path, &info) == 0 else { throw CorpusError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if (info.st_mode & S_IFMT) == S_IFREG { total += Int(info.st_size) } else { known = false }
        }
        totalBytes = known ? total : nil
        try openNext()
    }

    deinit {
        if descriptor > 0 { close(descriptor) }
        scratch.deallocate()
        lineFeeds.deallocate()
        spans.deallocate()
    }

    private func openNext() throws {
        if descriptor > 0 { close(descriptor) }
        descriptor = -1
        pathIndex += 1
        guard pathIndex < paths.count else { return }
        let path = paths[pathIndex]
        if path == "-" {
            descriptor = 0
            source = "<stdin>"
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw CorpusError("cannot open \(path): \(String(cString: strerror(errno)))") }
            source = path
        }
        var status = stat()
        inputIsRegularFile = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        exhausted = false
        line = 1
        bufferOrigin = 0
        linesUntil = -1
    }

    /// Reads more bytes of the current input; false at its end. Reads go into a scratch
    /// buffer allocated once and only what was read is appended (growing the buffer by a
    /// zero-filled megabyte per read cost more than the read for small inputs).
    private func fill() throws -> Bool {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            bufferOrigin += start
            start = 0
        }
        var count: Int
        repeat {
            count = read(descriptor, scratch.baseAddress!, scratch.count)
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw CorpusError("cannot read \(source): \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        bytesRead += count
        return count > 0
    }

    /// Where each read goes (1 MiB: the size of every read).
    private let scratch: UnsafeMutableBufferPointer<UInt8>

    /// A record found in `buffer` (valid until the next read), or the end of an input.
    private struct Found {
        var range: Range<Int>
        var hasBreak: Bool
        var line: Int
        var number: Int
        var lines: Int
    }

    private enum Step {
        case record(Found)
        case endOfInput
    }

    /// The next record, or nil at the end of every input.
    package func next() throws -> CorpusRecord? {
        while pathIndex < paths.count {
            switch try step() {
            case .record(let found):
                return CorpusRecord(bytes: Array(buffer[found.range]), terminator: found.hasBreak ? Self.lineBreak : [],
                                    line: found.line, number: found.number, source: source, lines: found.lines)
            case .endOfInput:
                try finishInput()
            }
        }
        return nil
    }

    /// The next records of one input, about `targetBytes` of them (at least one record,
    /// at most `maximumRecords`), or nil at the end of every input. The same records, in
    /// the same order, as ``next()`` gives one by one.
    /// An error met after some records of a chunk: the chunk is returned, and the error
    /// thrown by the next call (so that the records before it are not lost).
    private var deferredError: Error?

    package func nextChunk(targetBytes: Int, maximumRecords: Int = 65_536) throws -> RecordChunk? {
        if let error = deferredError {
            deferredError = nil
            throw error
        }
        while pathIndex < paths.count {
            var chunk = RecordChunk(source: source)
            // Room for as many records as the last chunk held: grown from empty, the array
            // was copied a dozen times a chunk.
            chunk.records.reserveCapacity(min(maximumRecords, max(16, recordsPerChunk + recordsPerChunk / 8)))
            defer { recordsPerChunk = chunk.records.count }
            while chunk.bytes.count < targetBytes && chunk.records.count < maximumRecords {
                // Lines: every whole line already buffered, in one pass and one copy.
                if case .lines = framing, takeBufferedLines(into: &chunk, targetBytes: targetBytes, maximumRecords: maximumRecords) {
                    if !inputIsRegularFile && !bufferHoldsLineBreak() { return chunk }
                    continue
                }
                let next: Step
                do {
                    next = try step()
                } catch {
                    guard !chunk.records.isEmpty else { throw error }
                    deferredError = error
                    return chunk
                }
                switch next {
                case .record(let found):
                    if chunk.records.isEmpty { chunk.bytes.reserveCapacity(targetBytes + found.range.count) }
                    let offset = chunk.bytes.count
                    chunk.bytes.append(contentsOf: buffer[found.range])
                    chunk.records.append(RecordSpan(start: offset, end: chunk.bytes.count, line: found.line,
                                                    number: found.number, lines: found.lines, hasBreak: found.hasBreak))
                    // From a pipe or a terminal, what has arrived goes on at once rather
                    // than waiting for a full chunk (`tail -f | nomina normalize`).
                    if !inputIsRegularFile && !bufferHoldsLineBreak() { return chunk }
                case .endOfInput:
                    try finishInput()
                    if !chunk.records.isEmpty { return chunk }
                    chunk = RecordChunk(source: source)
                    if pathIndex >= paths.count { return nil }
                }
            }
            return chunk
        }
        return nil
    }

    /// How many records the last chunk held.
    private var recordsPerChunk = 0

    /// The whole lines buffered after `start`, appended to `chunk` as records (as `step`
    /// frames them: without the line break, one line each) until the chunk is full; false
    /// when none was taken (no line break buffered, or a line longer than the limit, which
    /// `step` reports). One `memchr` a line and one copy for all of them: framing line by
    /// line through `step` was most of the reading thread's time, which `--jobs 2` shares
    /// with the workers.
    private func takeBufferedLines(into chunk: inout RecordChunk, targetBytes: Int, maximumRecords: Int) -> Bool {
        let first = start
        var position = start
        let offset = chunk.bytes.count - first
        buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, position < bytes.count, offset + position < targetBytes,
                  chunk.records.count < maximumRecords else { return }
            // The line feeds of the lines to take, found sixteen bytes a step (nomina_bytes.c):
            // a line is taken while the chunk holds fewer than `targetBytes` before it.
            let capacity = min(maximumRecords - chunk.records.count, bytes.count - first)
            if lineFeeds.count < capacity {
                lineFeeds.deallocate()
                lineFeeds = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(capacity, 1024))
            }
            let found = nomina_line_feeds(base + first, bytes.count - first, targetBytes - offset - first,
                                          lineFeeds.baseAddress!, capacity)
            // Up to a line longer than the limit, which `step` reports.
            var taken = 0
            var lineStart = 0
            while taken < found {
                let end = Int(lineFeeds[taken])
                guard end - lineStart <= maximumRecordBytes else { break }
                lineStart = end + 1
                taken += 1
            }
            guard taken > 0 else { return }
            // The spans made in place (an append a span, or a lazy map, cost the reading
            // thread 20–30 ns a line): in a new list when the chunk has none yet (most
            // chunks are one call's lines), else in a buffer kept for it, then appended.
            func make(_ spans: UnsafeMutablePointer<RecordSpan>) {
                var spanStart = 0
                for index in 0..<taken {
                    let end = Int(lineFeeds[index])
                    (spans + index).initialize(to: RecordSpan(start: offset + first + spanStart, end: offset + first + end,
                                                              line: line + index, number: number + index + 1,
                                                              lines: 1, hasBreak: true))
                    spanStart = end + 1
                }
            }
            if chunk.records.isEmpty {
                let capacity = max(taken, min(maximumRecords, recordsPerChunk + recordsPerChunk / 8))
                chunk.records = [RecordSpan](unsafeUninitializedCapacity: capacity) { buffer, count in
                    make(buffer.baseAddress!)
                    count = taken
                }
            } else {
                if spans.count < taken {
                    spans.deallocate()
                    spans = UnsafeMutableBufferPointer<RecordSpan>.allocate(capacity: max(taken, 1024))
                }
                make(spans.baseAddress!)
                chunk.records.append(contentsOf: UnsafeBufferPointer(rebasing: spans[..<taken]))
            }
            number += taken
            line += taken
            position = first + lineStart
            if chunk.bytes.isEmpty { chunk.bytes.reserveCapacity(targetBytes + (position - first)) }
            chunk.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[first..<position]))
        }
        start = position
        return position > first
    }

    /// Where ``takeBufferedLines(into:targetBytes:maximumRecords:)`` finds line feeds
    /// (grown to the most records a call may take).
    private var lineFeeds = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 0)
    /// Where it makes the spans of those lines.
    private var spans = UnsafeMutableBufferPointer<RecordSpan>.allocate(capacity: 0)

    /// Whether a line break follows in what is buffered of the current input.
    private func bufferHoldsLineBreak() -> Bool {
        buffer.withUnsafeBufferPointer { bytes in
            start < bytes.count && memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) != nil
        }
    }

    private func finishInput() throws {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        try openNext()
    }

    /// The next record of the current input, or its end.
    private func step() throws -> Step {
        do {
            var scan = start
            // CSV/TSV state, kept across reads: inside a quoted field; at a field's start.
            var inQuotes = false, atFieldStart = true
            while true {
                // Find the end of the record in what is buffered.
                var found = -1
                let byLines: Bool
                if case .lines = framing { byLines = true } else { byLines = bufferOrigin + start < linesUntil }
                switch byLines ? Framing.lines : framing {
                case .lines:
                    found = buffer.withUnsafeBufferPointer { bytes in
                        guard scan < bytes.count,
                              let hit = memchr(bytes.baseAddress! + scan, 0x0A, bytes.count - scan) else { return -1 }
                        return UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
                    }
                    if found < 0 { scan = buffer.count }
                case .quoted(let delimiter):
                    scanning: while scan < buffer.count {
                        let byte = buffer[scan]
                        if inQuotes {
                            if byte == UInt8(ascii: "\"") {
                                // A doubled quote, or the closing one: the next byte tells.
                                guard scan + 1 < buffer.count || exhausted else { break scanning }
                                if scan + 1 < buffer.count && buffer[scan + 1] == UInt8(ascii: "\"") {
                                    scan += 2
                                    continue
                                }
                                inQuotes = false
                            }
                        } else if byte == UInt8(ascii: "\n") {
                            found = scan
                            break scanning
                        } else if byte == 0xEF && bufferOrigin + scan == 0 && scan + 2 < buffer.count
                                    && buffer[scan + 1] == 0xBB && buffer[scan + 2] == 0xBF {
                            // A byte order mark first in the input: the first field starts after it.
                            scan += 3
                            continue
                        } else if byte == UInt8(ascii: "\"") && atFieldStart {
                            inQuotes = true
                            atFieldStart = false
                            scan += 1
                            continue
                        } else {
                            atFieldStart = byte == delimiter
                        }
                        scan += 1
                    }
                }
                if found >= 0 {
                    return .record(try take(upTo: found, terminator: 1, checked: byLines))
                }
                if exhausted { break }
                if buffer.count - start > maximumRecordBytes {
                    if let record = firstLineOfOpenRecord() { return .record(record) }
                    throw CorpusError("\(source):\(line): a record is longer than \(maximumRecordBytes) bytes; raise --max-record-bytes or split the input")
                }
                let offset = scan - start
                if try !fill() {
                    // Scan what is left once more, knowing that nothing follows (a quote last
                    // in the buffer closes its field).
                    exhausted = true
                }
                scan = start + offset
            }
            // The input ends inside a quoted field: not a record, but a stray quote.
            if inQuotes, let record = firstLineOfOpenRecord() { return .record(record) }
            // End of this input: what is left is a last record without a line break. When
            // another input follows, it gets one, so that the two records stay apart.
            if start < buffer.count {
                return .record(try take(upTo: buffer.count, terminator: 0, addBreak: laterInputMayHoldBytes()))
            }
            return .endOfInput
        }
    }

    /// Whether an input after this one may hold a record: one that is not an empty
    /// regular file (standard input, a pipe, or a file with bytes). A last record without
    /// a line break gets one only then, so that it is not glued to the next input's first
    /// record, and the output of `a b` is that of `a` when `b` is empty.
    private func laterInputMayHoldBytes() -> Bool {
        for path in paths[(pathIndex + 1)...] {
            var info = stat()
            guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return true }
            if info.st_size > 0 { return true }
        }
        return false
    }

    /// When the record being framed spans lines but cannot be one record (its quoted field
    /// is not closed before the input ends or the size limit), its first line as a record.
    private func firstLineOfOpenRecord() -> Found? {
        guard case .quoted = framing else { return nil }
        let end = buffer.withUnsafeBufferPointer { bytes -> Int in
            guard start < bytes.count, let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else { return -1 }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
        }
        guard end >= 0, end - start <= maximumRecordBytes else { return nil }
        // Lines are read one by one up to where the scan for the quote's end gives up: the
        // size limit, or the end of the input before it. (Not the end of the buffer: how
        // much a read from a pipe returns would then change how later lines are framed.)
        let limit = bufferOrigin + start + maximumRecordBytes + 1
        linesUntil = exhausted ? min(bufferOrigin + buffer.count, limit) : limit
        return try? take(upTo: end, terminator: 1, checked: true)
    }

    /// One array for every record's line break (not one allocation a record).
    private static let lineBreak: [UInt8] = [UInt8(ascii: "\n")]

    /// The record `buffer[start..<end]`, followed by `terminator` bytes of line break. A
    /// CSV/TSV record that spans lines is checked unless `checked`: if its fields are
    /// malformed, only its first line is taken (see the type's comment).
    private func take(upTo end: Int, terminator: Int, addBreak: Bool = false, checked: Bool = false) throws -> Found {
        if end - start > maximumRecordBytes {
            // A quoted field that closes past the size limit: the record is its first line,
            // as when fewer bytes were buffered and the scan gave up at the limit.
            if case .quoted = framing, !checked, let record = firstLineOfOpenRecord() { return record }
            throw CorpusError("\(source):\(line): a record is longer than \(maximumRecordBytes) bytes; raise --max-record-bytes or split the input")
        }
        var end = end, terminator = terminator, addBreak = addBreak
        var lines = 1
        if case .quoted(let delimiter) = framing, !checked {
            let breaks = buffer[start..<end].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            if breaks > 0 {
                if (try? DelimitedFields(delimiter: delimiter).split(Array(buffer[start..<end]))) == nil,
                   let firstBreak = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                    // Lines up to where this record would have ended are framed one by one.
                    linesUntil = bufferOrigin + end
                    end = firstBreak
                    terminator = 1
                    addBreak = false
                } else {
                    lines += breaks
                }
            }
        }
        let record = Found(range: start..<end, hasBreak: terminator > 0 || addBreak, line: line, number: number + 1,
                           lines: lines)
        number += 1
        line += lines
        start = end + terminator
        return record
    }
}
