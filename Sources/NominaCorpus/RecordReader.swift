import CBytes
import Synchronization
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

/// The bytes of a ``RecordChunk``: one allocation, which the reader reads into directly
/// (lines) and takes back from a ``ChunkPool`` once the chunk is written, so that reading
/// copies each byte once (from the kernel) into memory already mapped and in cache.
///
/// Written only by the reader, before the chunk is handed on; read-only after that.
package final class ChunkBytes: @unchecked Sendable {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var capacity: Int
    /// The bytes in use: `base[0..<count]`.
    package internal(set) var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `minimum` bytes in all, keeping those in use.
    package func reserveCapacity(_ minimum: Int) {
        guard minimum > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: minimum)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = minimum
    }

    package func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { reserveCapacity(max(count + bytes.count, 2 * capacity)) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    package func append(contentsOf bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    package func removeAll() { count = 0 }

    /// The record list and the output buffer of the chunk these bytes were last in, given
    /// back with them (``ChunkPool/recycle(_:records:output:)``) for the next chunk's spans
    /// and output: fresh ones a chunk (half a megabyte each) cost most of a run's page
    /// faults. Touched only by the pool's giver and the chunk's taker, one at a time.
    private var spareRecords: [RecordSpan] = []
    private var spareOutput: [UInt8] = []

    /// The spare record list (for the reader), empty, its room kept.
    package func takeSpareRecords() -> [RecordSpan] { Self.emptied(&spareRecords) }

    /// The spare output buffer (for the worker that takes the chunk), empty, its room kept.
    package func takeSpareOutput() -> [UInt8] { Self.emptied(&spareOutput) }

    /// `spare`'s array, emptied with its room kept (moved out first, so that emptying it
    /// does not copy it).
    private static func emptied<Element>(_ spare: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &spare)
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    fileprivate func keepSpares(records: [RecordSpan], output: [UInt8]) {
        spareRecords = records
        spareOutput = output
    }

    /// The bytes in use, valid while this object is alive (keep it so with
    /// `withExtendedLifetime`). A property rather than a method taking a closure: such a
    /// closure, across modules, was not specialised, and the worker's loop lost its
    /// inlining (annotate took 4% longer).
    package var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of `range` of the bytes in use.
    package subscript(range: Range<Int>) -> ArraySlice<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of the chunk's bytes")
        return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))[...]
    }
}

/// Chunk buffers given back once their chunk is written, for the reader to read into
/// again (a fresh half-megabyte buffer a chunk cost a page fault every 4 KiB). There are
/// never more buffers than chunks in flight plus one, as the reader makes a new one only
/// when none is given back; one grown past twice a chunk's size (for a long record) is
/// freed rather than kept.
package final class ChunkPool: Sendable {
    private struct State {
        var buffers: [ChunkBytes] = []
        /// The capacity the reader asks for.
        var usual = 0
    }
    private let state = Mutex(State())

    package init() {}

    /// Gives `bytes` back (its chunk is done with: nothing reads it any more), with the
    /// chunk's record list and the buffer its output was written from, for the next
    /// chunk's spans and output. The list is no longer than a chunk's most records
    /// (`nextChunk`'s `maximumRecords`); an output buffer grown past eight times a chunk's
    /// size (a long record's) is freed.
    package func recycle(_ bytes: ChunkBytes, records: [RecordSpan] = [], output: [UInt8] = []) {
        state.withLock { state in
            guard bytes.capacity <= 2 * state.usual else { return }
            bytes.keepSpares(records: records, output: output.capacity <= 8 * state.usual ? output : [])
            state.buffers.append(bytes)
        }
    }

    /// A buffer of at least `capacity` bytes, empty.
    func take(capacity: Int) -> ChunkBytes {
        let reused = state.withLock { state in
            state.usual = capacity
            return state.buffers.popLast()
        }
        guard let reused else { return ChunkBytes(capacity: capacity) }
        reused.removeAll()
        reused.reserveCapacity(capacity)
        return reused
    }
}

/// Consecutive records of one input, their bytes back to back in one buffer: what a
/// worker thread takes at a time, with no allocation per record.
package struct RecordChunk: Sendable {
    package var source: String
    package var bytes: ChunkBytes
    package var records: [RecordSpan] = []

    /// A chunk of `bytes`, its record list the one given back with them, if any (empty).
    package init(source: String, bytes: ChunkBytes) {
        self.source = source
        self.bytes = bytes
        self.records = bytes.takeSpareRecords()
    }

    /// The bytes of record `position` (a copy).
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
        let count = try readInput(into: scratch.baseAddress!, size: scratch.count)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        return count > 0
    }

    /// One read of the current input into `destination` (at most `size` bytes), counted in
    /// `bytesRead`; 0 at its end.
    private func readInput(into destination: UnsafeMutablePointer<UInt8>, size: Int) throws -> Int {
        var count: Int
        repeat {
            count = read(descriptor, destination, size)
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw CorpusError("cannot read \(source): \(String(cString: strerror(errno)))") }
        bytesRead += count
        return count
    }

    /// Where each read of ``next()`` (and of CSV/TSV chunks) goes (1 MiB: the size of
    /// every read).
    private let scratch: UnsafeMutableBufferPointer<UInt8>
    /// The most a read asks for.
    private var readBytes: Int { scratch.count }

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
    /// the same order, as ``next()`` gives one by one. A caller may give each chunk's
    /// ``RecordChunk/bytes`` back to ``pool`` once nothing reads them any more, to be
    /// read into again.
    /// An error met after some records of a chunk: the chunk is returned, and the error
    /// thrown by the next call (so that the records before it are not lost).
    private var deferredError: Error?

    /// Buffers of chunks that are done with, read into again (see ``ChunkPool``).
    package let pool = ChunkPool()

    package func nextChunk(targetBytes: Int, maximumRecords: Int = 65_536) throws -> RecordChunk? {
        if let error = deferredError {
            deferredError = nil
            throw error
        }
        // At most 1 GiB a chunk: the buffer's size (the target plus slack) stays far from overflow.
        let targetBytes = min(max(targetBytes, 1), 1 << 30), maximumRecords = max(maximumRecords, 1)
        if case .lines = framing { return try nextLines(targetBytes: targetBytes, maximumRecords: maximumRecords) }
        while pathIndex < paths.count {
            var chunk = RecordChunk(source: source, bytes: pool.take(capacity: targetBytes + 4096))
            // Room for as many records as the last chunk held: grown from empty, the array
            // was copied a dozen times a chunk.
            chunk.records.reserveCapacity(min(maximumRecords, max(16, recordsPerChunk + recordsPerChunk / 8)))
            defer { recordsPerChunk = chunk.records.count }
            while chunk.bytes.count < targetBytes && chunk.records.count < maximumRecords {
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
                    let offset = chunk.bytes.count
                    chunk.bytes.append(contentsOf: buffer[found.range])
                    chunk.records.append(RecordSpan(start: offset, end: chunk.bytes.count, line: found.line,
                                                    number: found.number, lines: found.lines, hasBreak: found.hasBreak))
                    // From a pipe or a terminal, what has arrived goes on at once rather
                    // than waiting for a full chunk (`tail -f | nomina normalize`).
                    if !inputIsRegularFile && !bufferHoldsLineBreak() { return chunk }
                case .endOfInput:
                    do {
                        try finishInput()
                    } catch {
                        guard !chunk.records.isEmpty else { throw error }
                        deferredError = error
                        return chunk
                    }
                    if !chunk.records.isEmpty { return chunk }
                    chunk.source = source
                    if pathIndex >= paths.count { return nil }
                }
            }
            return chunk
        }
        return nil
    }

    /// How many records the last chunk held.
    private var recordsPerChunk = 0

    /// Bytes a lines chunk's buffer holds beyond `targetBytes`: the line that crosses the
    /// target ends there (most lines are shorter), without growing the buffer.
    private static let chunkSlack = 64 << 10
    /// How far past `targetBytes` a chunk's reads go: far enough to end the line that
    /// crosses the target, most of the time; what is left is copied to the next chunk.
    private static let readPast = 4096

    /// ``nextChunk(targetBytes:maximumRecords:)`` for lines: the input is read straight into
    /// the chunk's buffer (from the pool), its lines framed there in one vectorised scan for
    /// line feeds (nomina_bytes.c), and only the start of a line left at the end is copied,
    /// to the next chunk. Reading into a buffer of its own, then into the chunk's, cost the
    /// reading thread two copies of every byte, which `--jobs N` takes from the workers.
    private func nextLines(targetBytes: Int, maximumRecords: Int) throws -> RecordChunk? {
        while pathIndex < paths.count {
            let bytes = pool.take(capacity: targetBytes + Self.chunkSlack)
            // What was read of this input and not framed yet: the start of its next line.
            buffer.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start...])) }
            bufferOrigin += start
            buffer.removeAll(keepingCapacity: true)
            start = 0
            var chunk = RecordChunk(source: source, bytes: bytes)
            // The first byte not in a record yet, and how far from it no line feed was found.
            var framed = 0, searched = 0
            do {
                while true {
                    // A file is read up to the target first, so that its lines are framed in
                    // one pass (the spans made in place); from a pipe, what is buffered is
                    // framed first (a read may wait).
                    while inputIsRegularFile && !exhausted && bytes.count < targetBytes + Self.readPast {
                        try readMore(into: bytes, targetBytes: targetBytes)
                    }
                    if chunk.records.count < maximumRecords && framed < targetBytes {
                        try frameLines(of: &chunk, framed: &framed, searched: &searched, targetBytes: targetBytes,
                                       maximumRecords: maximumRecords)
                    }
                    if chunk.records.count >= maximumRecords || framed >= targetBytes { break }
                    if exhausted {
                        // The input's last record, without a line break: it gets one when
                        // another input follows, so that the two stay apart.
                        if framed < bytes.count {
                            guard bytes.count - framed <= maximumRecordBytes else { throw tooLong() }
                            chunk.records.append(RecordSpan(start: framed, end: bytes.count, line: line, number: number + 1,
                                                            lines: 1, hasBreak: laterInputMayHoldBytes()))
                            number += 1
                            line += 1
                            framed = bytes.count
                        }
                        try finishInput()
                        if !chunk.records.isEmpty { return chunk }
                        break
                    }
                    // From a pipe or a terminal, what has arrived goes on at once rather than
                    // waiting for a full chunk (`tail -f | nomina normalize`).
                    if !chunk.records.isEmpty && !inputIsRegularFile { break }
                    if bytes.count - framed > maximumRecordBytes { throw tooLong() }
                    try readMore(into: bytes, targetBytes: targetBytes)
                }
            } catch {
                keepUnframed(bytes, from: framed)
                guard !chunk.records.isEmpty else { throw error }
                deferredError = error
                return chunk
            }
            if chunk.records.isEmpty {
                // The end of an empty input (or of one whose last record ended a chunk).
                pool.recycle(bytes)
                continue
            }
            keepUnframed(bytes, from: framed)
            return chunk
        }
        return nil
    }

    /// The error for a record longer than the limit that starts at `line` (by default the
    /// current line).
    private func tooLong(at line: Int? = nil) -> CorpusError {
        CorpusError("\(source):\(line ?? self.line): a record is longer than \(maximumRecordBytes) bytes; raise --max-record-bytes or split the input")
    }

    /// Keeps `bytes[framed...]`, the start of the input's next line, for the next chunk
    /// (and for ``next()``).
    private func keepUnframed(_ bytes: ChunkBytes, from framed: Int) {
        guard framed < bytes.count else { return }
        bufferOrigin += framed
        buffer.append(contentsOf: UnsafeBufferPointer(start: bytes.base + framed, count: bytes.count - framed))
        bytes.count = framed
    }

    /// Reads the next bytes of the current input onto the end of `bytes` (growing it when
    /// a line fills it); sets `exhausted` at the input's end. Reads stop a little past
    /// `targetBytes`, so that little is left over to copy to the next chunk.
    private func readMore(into bytes: ChunkBytes, targetBytes: Int) throws {
        if bytes.capacity - bytes.count < 4096 { bytes.reserveCapacity(max(2 * bytes.capacity, bytes.count + 4096)) }
        let wanted = bytes.count < targetBytes + Self.readPast ? targetBytes + Self.readPast - bytes.count : readBytes
        let size = min(wanted, readBytes, bytes.capacity - bytes.count)
        let count = try readInput(into: bytes.base + bytes.count, size: size)
        bytes.count += count
        if count == 0 { exhausted = true }
    }

    /// Frames the whole lines of `chunk.bytes` after `framed` as records (up to the line
    /// that crosses `targetBytes`, at most `maximumRecords`), advancing `framed`; `searched`
    /// bytes after `framed` are known to hold no line feed (a long line read in many reads
    /// is not searched again from its start). Throws at a line longer than the limit.
    private func frameLines(of chunk: inout RecordChunk, framed: inout Int, searched: inout Int, targetBytes: Int,
                            maximumRecords: Int) throws {
        let bytes = chunk.bytes
        let from = framed + searched
        guard from < bytes.count else { return }
        let capacity = min(maximumRecords - chunk.records.count, bytes.count - from)
        if lineFeeds.count < capacity {
            lineFeeds.deallocate()
            lineFeeds = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(capacity, 1024))
        }
        // Lines are taken while the chunk holds fewer than `targetBytes` before them.
        let found = nomina_line_feeds(bytes.base + from, bytes.count - from, max(1, targetBytes - from),
                                      lineFeeds.baseAddress!, capacity)
        guard found > 0 else {
            searched = bytes.count - framed
            return
        }
        var taken = 0
        var lineStart = framed
        var failure: CorpusError?
        while taken < found {
            let end = from + Int(lineFeeds[taken])
            guard end - lineStart <= maximumRecordBytes else {
                failure = tooLong(at: line + taken)
                break
            }
            lineFeeds[taken] = UInt64(end)
            lineStart = end + 1
            taken += 1
        }
        if taken > 0 {
            // The spans made in place (an append a span cost the reading thread 20–30 ns a
            // line), in the chunk's list (room for a usual chunk's records set aside first).
            if chunk.records.isEmpty {
                chunk.records.reserveCapacity(max(taken, min(maximumRecords, recordsPerChunk + recordsPerChunk / 8)))
            }
            let (firstLine, firstNumber) = (line, number + 1)
            chunk.records.append(addingCapacity: taken) { output in
                output.withUnsafeMutableBufferPointer { spans, initialized in
                    var spanStart = framed
                    for index in 0..<taken {
                        let end = Int(lineFeeds[index])
                        (spans.baseAddress! + initialized + index).initialize(
                            to: RecordSpan(start: spanStart, end: end, line: firstLine + index, number: firstNumber + index,
                                           lines: 1, hasBreak: true))
                        spanStart = end + 1
                    }
                    initialized += taken
                }
            }
            recordsPerChunk = chunk.records.count
            number += taken
            line += taken
            framed = lineStart
            searched = 0
        }
        if let failure { throw failure }
    }

    /// Where ``frameLines(of:framed:searched:targetBytes:maximumRecords:)`` finds line feeds
    /// (grown to the most records a call may take).
    private var lineFeeds = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 0)

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
                    throw tooLong()
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
            throw tooLong()
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
