#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One record of a corpus: its bytes (without the line break that ends it), the line
/// break as written, and where it starts.
struct CorpusRecord: Sendable {
    var bytes: [UInt8]
    var terminator: [UInt8]
    /// 1-based line in `source` where the record starts.
    var line: Int
    /// 1-based number of the record over all inputs.
    var number: Int
    var source: String
}

/// Reads records from files (or standard input) in 1 MiB reads, in constant memory: lines,
/// or for CSV and TSV, records whose quoted fields may span lines.
final class RecordReader {
    enum Framing { case lines, quoted }

    private let paths: [String]
    private let framing: Framing
    private let maximumRecordBytes: Int
    private var pathIndex = -1
    private var descriptor: Int32 = -1
    private var source = ""
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfInput = true
    private var line = 1
    private var number = 0
    /// Bytes read so far, and the total when every input is a regular file.
    private(set) var bytesRead = 0
    let totalBytes: Int?

    init(paths: [String], framing: Framing, maximumRecordBytes: Int) throws {
        self.paths = paths.isEmpty ? ["-"] : paths
        self.framing = framing
        self.maximumRecordBytes = maximumRecordBytes
        var total = 0
        var known = true
        for path in self.paths {
            var info = stat()
            if path == "-" { known = false; continue }
            guard stat(path, &info) == 0 else { throw CLIError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if (info.st_mode & S_IFMT) == S_IFREG { total += Int(info.st_size) } else { known = false }
        }
        totalBytes = known ? total : nil
        try openNext()
    }

    deinit { if descriptor > 0 { close(descriptor) } }

    private func openNext() throws {
        if descriptor > 0 { close(descriptor) }
        descriptor = -1
        pathIndex += 1
        guard pathIndex < paths.count else { endOfInput = true; return }
        let path = paths[pathIndex]
        if path == "-" {
            descriptor = 0
            source = "<stdin>"
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw CLIError("cannot open \(path): \(String(cString: strerror(errno)))") }
            source = path
        }
        endOfInput = false
        line = 1
    }

    /// Reads more bytes of the current input; false at its end.
    private func fill() throws -> Bool {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw CLIError("cannot read \(source): \(String(cString: strerror(errno)))") }
        buffer.removeLast(chunk - count)
        bytesRead += count
        return count > 0
    }

    /// The next record, or nil at the end of every input.
    func next() throws -> CorpusRecord? {
        while pathIndex < paths.count {
            var scan = start
            var inQuotes = false
            while true {
                // Find the end of the record in what is buffered.
                var found = -1
                switch framing {
                case .lines:
                    found = buffer.withUnsafeBufferPointer { bytes in
                        guard scan < bytes.count,
                              let hit = memchr(bytes.baseAddress! + scan, 0x0A, bytes.count - scan) else { return -1 }
                        return UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
                    }
                    if found < 0 { scan = buffer.count }
                case .quoted:
                    while scan < buffer.count {
                        let byte = buffer[scan]
                        if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                        else if byte == UInt8(ascii: "\n") && !inQuotes { found = scan; break }
                        scan += 1
                    }
                }
                if found >= 0 {
                    return try take(upTo: found, terminator: 1)
                }
                if buffer.count - start > maximumRecordBytes {
                    throw CLIError("\(source):\(line): a record is longer than \(maximumRecordBytes) bytes; raise --max-record-bytes or split the input")
                }
                let offset = scan - start
                if try !fill() { break }
                scan = start + offset
            }
            // End of this input: what is left is a last record without a line break.
            if start < buffer.count {
                return try take(upTo: buffer.count, terminator: 0)
            }
            buffer.removeAll(keepingCapacity: true)
            start = 0
            try openNext()
        }
        return nil
    }

    /// One array for every record's line break (not one allocation a record).
    private static let lineBreak: [UInt8] = [UInt8(ascii: "\n")]

    private func take(upTo end: Int, terminator: Int) throws -> CorpusRecord {
        if end - start > maximumRecordBytes {
            throw CLIError("\(source):\(line): a record is longer than \(maximumRecordBytes) bytes; raise --max-record-bytes or split the input")
        }
        let bytes = Array(buffer[start..<end])
        let record = CorpusRecord(bytes: bytes, terminator: terminator > 0 ? Self.lineBreak : [], line: line,
                                  number: number + 1, source: source)
        number += 1
        line += 1
        if framing == .quoted { line += bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
        start = end + terminator
        return record
    }
}
