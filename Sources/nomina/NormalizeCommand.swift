import ArgumentParser
import Dispatch
import Foundation
import Nomina
import NominaCorpus
import Synchronization

/// `nomina normalize`: find the mentions of entities in a corpus and rewrite or annotate them.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Find mentions of entities in a corpus, and rewrite them to canonical names or annotate them.",
        discussion: """
            Records are lines of text, JSONL objects (the string field --field, dots for nested \
            fields), or CSV/TSV rows (column --column: a 1-based number, or a name in the header \
            row). `replace` writes the same records with each mention replaced by its entity's \
            name; `annotate` writes one JSON object per record with the mentions, their offsets in \
            code points, id, name, kind, score, method and members. As many records come out as \
            go in, in order; records without mentions are written byte for byte. Lines that are not \
            valid UTF-8 pass through unchanged with a warning. A malformed JSONL line or CSV row is \
            an error naming its line, unless --skip-bad passes it through.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl, csv, tsv }
    enum Mode: String, ExpressibleByArgument, CaseIterable { case replace, annotate }

    @OptionGroup var source: ResolverSource

    @Option(help: "Input format: text, jsonl, csv or tsv.")
    var format: Format = .text

    @Option(help: ArgumentHelp("The JSONL string field to normalise (dots for nested fields).", valueName: "name"))
    var field: String = "text"

    @Option(help: ArgumentHelp("The CSV/TSV column to normalise: a 1-based number, or a name in the header row.", valueName: "N"))
    var column: String = "1"

    @Option(help: "replace: rewrite mentions to canonical names; annotate: JSONL with the mentions.")
    var mode: Mode = .replace

    @Option(help: "Scores below this are not mentions (0 to 1).")
    var threshold: Double = 0.75

    @Flag(name: .customLong("exact-only"), help: "Only names as written or folded: no phonetic, fuzzy or compound mentions.")
    var exactOnly = false

    @Flag(name: .customLong("any-case"), help: "Find names written in small letters too (for lower-cased corpora).")
    var anyCase = false

    @Flag(name: .customLong("all-languages"), help: "Also look for names given only in smaller languages (CLDR), such as Thai or Swahili.")
    var allLanguages = false

    @Option(help: ArgumentHelp("Worker threads, 1 to \(NormalizeCommand.maximumJobs) (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    /// Each worker has a scanner with its own caches (about 0.5 MB): more workers than this
    /// would only cost memory.
    static let maximumJobs = 256

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: when it is a terminal).")
    var progress: Bool?

    @Flag(name: .customLong("skip-bad"), help: "Pass malformed JSONL lines and CSV rows through unchanged, and count them.")
    var skipBad = false

    @Option(name: .customLong("max-record-bytes"), help: "The longest record accepted, in bytes.")
    var maxRecordBytes: Int = 64 << 20

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically: renamed into place at the end).", valueName: "path"))
    var output: String?

    @Argument(help: "Input files (standard input when none, or -).")
    var files: [String] = []

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1; got \(threshold)") }
        if let jobs, !(1...Self.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(Self.maximumJobs); got \(jobs)")
        }
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be positive") }
        if output?.isEmpty == true { throw ValidationError("-o needs a file name (or - for standard output)") }
        if format == .csv || format == .tsv, let number = Int(column), number < 1 {
            throw ValidationError("--column must be 1 or more, or a column name; got \(column)")
        }
        if format == .jsonl && (field.isEmpty || field.split(separator: ".", omittingEmptySubsequences: false).contains("")) {
            throw ValidationError("--field must be a field name, with dots between nested names; got \"\(field)\"")
        }
    }

    func run() throws {
        let resolver = try source.resolver(options: ResolverOptions(threshold: threshold))
        var extractorOptions = ExtractorOptions(requireCapitals: !anyCase, approximate: !exactOnly)
        extractorOptions.allLanguages = allLanguages
        let extractor = MentionExtractor(resolver: resolver, options: extractorOptions)

        let framing: RecordReader.Framing = switch format {
        case .csv: .quoted(delimiter: UInt8(ascii: ","))
        case .tsv: .quoted(delimiter: UInt8(ascii: "\t"))
        case .text, .jsonl: .lines
        }
        let reader = try RecordReader(paths: files, framing: framing, maximumRecordBytes: maxRecordBytes)
        let sink = try OutputFile(path: output)
        var succeeded = false
        defer { if !succeeded { sink.abandon() } }
        var out = sink.stream
        var errors = OutputStream.standardError
        let showProgress = progress ?? (isatty(2) == 1)
        var meter = ProgressMeter(total: reader.totalBytes)
        let processor = RecordProcessor(extractor: extractor, format: format, mode: mode, field: field,
                                        column: column)
        var counts = RecordProcessor.Counts()
        let scanners = ScannerSlots(extractor, count: jobs ?? min(ProcessInfo.processInfo.activeProcessorCount, Self.maximumJobs))

        // Three stages overlap: the main thread reads batch N + 1 and writes batch N − 1
        // while the worker threads process batch N. Output order is input order: batches
        // are written one after another, records in order.
        var batch: [CorpusRecord] = []
        var batchBytes = 0
        var pending: PendingBatch?
        // On an error, let the batch in flight finish before its scanners go away.
        defer { _ = pending?.results() }
        func write(_ records: [CorpusRecord], _ results: [RecordProcessor.Result]) throws {
            for (record, result) in zip(records, results) {
                switch result.status {
                case .ok: break
                case .invalidUTF8:
                    counts.invalidUTF8 += 1
                    errors.write("nomina: warning: \(record.source):\(record.line): not valid UTF-8; passed through unchanged\n")
                case .bad(let reason):
                    guard skipBad else {
                        errors.flush()
                        out.flush()
                        throw CLIError("\(record.source):\(record.line): \(reason); fix the record or pass --skip-bad")
                    }
                    counts.skipped += 1
                    counts.skippedLines += record.lines
                case .noField: counts.withoutField += 1
                }
                counts.mentions += result.mentions
                out.write(bytes: result.bytes)
                if mode == .replace { out.write(bytes: record.terminator) } else { out.write("\n") }
            }
            counts.records += records.count
            errors.flush()
            if showProgress { meter.show(records: counts.records, bytes: reader.bytesRead) }
        }
        func submit() throws {
            guard !batch.isEmpty else { return }
            // The scanners are free once the batch before is done.
            let previous = pending.map { ($0.records, $0.results()) }
            pending = PendingBatch(batch, processor: processor, scanners: scanners)
            batch = []
            batchBytes = 0
            if let (records, results) = previous { try write(records, results) }
        }
        // With a named column, the first record of each input is its header row, which says
        // where the column is in that input's records.
        var namedColumn = processor.columnIndex
        while var record = try reader.next() {
            if processor.readsHeaders {
                if record.line == 1 {
                    namedColumn = try processor.headerColumn(record)
                    record.isHeader = true
                } else {
                    record.column = namedColumn
                }
            }
            batchBytes += record.bytes.count
            batch.append(record)
            if batch.count >= 8_192 || batchBytes >= 8 << 20 { try submit() }
        }
        try submit()
        if let last = pending {
            pending = nil
            try write(last.records, last.results())
        }
        out.flush()
        if out.failed { throw CLIError("cannot write \(output ?? "standard output"): \(String(cString: strerror(errno)))") }
        try sink.commit()
        succeeded = true
        if showProgress { meter.finish(records: counts.records, bytes: reader.bytesRead) }
        var summary: [String] = []
        if counts.invalidUTF8 > 0 { summary.append("\(counts.invalidUTF8) record(s) not valid UTF-8 passed through") }
        if counts.skipped > 0 {
            summary.append("\(counts.skipped) malformed record(s) on \(counts.skippedLines) input line(s) passed through (--skip-bad)")
        }
        if counts.withoutField > 0 {
            summary.append("\(counts.withoutField) record(s) had no string \(format == .jsonl ? "field \"\(field)\"" : "column \(column)")")
        }
        if showProgress, let peak = peakMemoryKiB() {
            summary.append("peak memory \(String(format: "%.1f", Double(peak) / 1024)) MiB")
        }
        if !summary.isEmpty || showProgress {
            errors.write("nomina: \(counts.records) record(s), \(counts.mentions) mention(s)"
                         + (summary.isEmpty ? "" : "; " + summary.joined(separator: "; ")) + "\n")
        }
        errors.flush()
    }
}

/// This process's peak resident memory in KiB. On Linux from `VmHWM` in /proc/self/status,
/// which belongs to this program's own address space: `getrusage`'s `ru_maxrss` also
/// counts the address space of the process that spawned it, up to the `exec`.
func peakMemoryKiB() -> Int? {
    #if os(Linux)
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    #else
    var usage = rusage()
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
    return Int(usage.ru_maxrss) / 1024  // bytes on Darwin
    #endif
}

/// A batch of records being processed on the worker threads (started at once).
final class PendingBatch: @unchecked Sendable {
    // `processed` is written once by the worker, before `done` is signalled, and read by
    // the main thread only after waiting on `done`; `waited` is the main thread's alone.
    let records: [CorpusRecord]
    private var processed: [RecordProcessor.Result]?
    private let done = DispatchSemaphore(value: 0)
    private var waited = false

    init(_ records: [CorpusRecord], processor: RecordProcessor, scanners: ScannerSlots) {
        self.records = records
        DispatchQueue.global().async {
            self.processed = processor.process(records, scanners: scanners)
            self.done.signal()
        }
    }

    /// The results in input order, once the batch is processed.
    func results() -> [RecordProcessor.Result] {
        if !waited {
            done.wait()
            waited = true
        }
        return processed!
    }
}

/// Where normalised records go: standard output, or the file `-o` names.
///
/// A regular file (or a new one) is written atomically: to a temporary file beside it,
/// renamed into place only when the whole input was written, with the mode and owner of
/// the file it replaces. A symbolic link is followed, so the file it points to is replaced
/// and the link stays. Anything else (a FIFO, a device such as /dev/null, a socket) is
/// written through, in place: it cannot be replaced by renaming, and must not be.
final class OutputFile {
    let stream: OutputStream
    private let path: String?
    /// The temporary file renamed onto `target` at the end (atomic writes only).
    private let temporary: String?
    private let target: String
    private let descriptor: Int32

    init(path: String?) throws {
        self.path = path
        guard let path else {
            stream = .standardOutput
            temporary = nil
            target = ""
            descriptor = 1
            return
        }
        func failure() -> CLIError { CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        let exists = stat(path, &info) == 0  // follows links
        if exists && (info.st_mode & S_IFMT) == S_IFDIR { throw CLIError("cannot write \(path): it is a directory") }
        // Written in place: /dev/stdout, /dev/fd/3 and the like (that descriptor, as it is),
        // and a FIFO, a device or a socket.
        let inherited = Self.inheritedDescriptor(path)
        if inherited != nil || (exists && (info.st_mode & S_IFMT) != S_IFREG) {
            let descriptor = inherited.map { dup($0) } ?? open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure() }
            self.temporary = nil
            self.target = path
            self.descriptor = descriptor
            stream = OutputStream(descriptor: descriptor)
            return
        }
        // The file the links end at: replaced there, so the links stay.
        target = try Self.resolvingLinks(path)
        let (directory, name) = Self.split(target)
        // A new file of its own: O_EXCL and O_NOFOLLOW, so that a file or link planted at
        // the name is never written through (another name is tried instead). A long name
        // gets a short temporary name, within the file system's 255 bytes.
        var temporary = ""
        var descriptor: Int32 = -1
        for attempt in 0..<16 {
            let base = name.utf8.count > 200 ? ".nomina" : ".\(name).nomina"
            temporary = directory + base + "-\(getpid())" + (attempt == 0 ? "" : "-\(UInt32.random(in: 0...UInt32.max))") + ".tmp"
            TemporaryFiles.register(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, exists ? 0o600 : 0o666)
            if descriptor >= 0 { break }
            let error = errno
            TemporaryFiles.unregister(temporary)
            guard error == EEXIST || error == ELOOP else { errno = error; throw failure() }
        }
        guard descriptor >= 0 else { throw CLIError("cannot write \(path): could not create a temporary file beside it") }
        if exists {
            // Keep the replaced file's permissions and, where allowed (as root), its owner.
            _ = fchown(descriptor, info.st_uid, info.st_gid)
            _ = fchmod(descriptor, info.st_mode & 0o7777)
        }
        self.temporary = temporary
        self.descriptor = descriptor
        stream = OutputStream(descriptor: descriptor)
    }

    /// A path's folder (with its final "/", or empty) and last component, split at the last
    /// "/" (NSString's path methods trapped on a one-character name such as `-o x`).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// The descriptor that `-` (as for inputs), `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`
    /// or `/proc/self/fd/N` stand for.
    private static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// `path` with symbolic links followed to the file they end at (which may not exist
    /// yet); `path` itself when it is not a link.
    private static func resolvingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else {
                current = Self.split(current).directory + link
            }
        }
        throw CLIError("cannot write \(path): too many levels of symbolic links")
    }

    /// Moves the finished file into place (or closes the file written through).
    func commit() throws {
        guard let path, descriptor != 1 else { return }
        guard let temporary else {
            guard close(descriptor) == 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            return
        }
        defer { TemporaryFiles.unregister(temporary) }
        guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot write \(path): \(message)")
        }
        guard rename(temporary, target) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot write \(path): \(message)")
        }
    }

    /// Removes the unfinished file (after an error).
    func abandon() {
        guard path != nil, descriptor != 1 else { return }
        close(descriptor)
        if let temporary {
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }
}

/// A one-line progress display on standard error: records, MB/s, and with a known input
/// size, the share done and the time left.
struct ProgressMeter {
    let total: Int?
    private let started = DispatchTime.now().uptimeNanoseconds
    private var last: UInt64 = 0

    init(total: Int?) { self.total = total }

    mutating func show(records: Int, bytes: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - last > 200_000_000 else { return }
        last = now
        var errors = OutputStream.standardError
        errors.write("\r\u{1B}[K" + line(records: records, bytes: bytes, now: now))
        errors.flush()
    }

    func finish(records: Int, bytes: Int) {
        var errors = OutputStream.standardError
        errors.write("\r\u{1B}[K" + line(records: records, bytes: bytes, now: DispatchTime.now().uptimeNanoseconds) + "\n")
        errors.flush()
    }

    private func line(records: Int, bytes: Int, now: UInt64) -> String {
        let seconds = max(Double(now - started) / 1e9, 1e-3)
        let rate = Double(bytes) / seconds / 1e6
        var text = "\(records) records · \(String(format: "%.1f", rate)) MB/s"
        if let total, total > 0 {
            let done = min(1, Double(bytes) / Double(total))
            text += " · \(Int(done * 100))%"
            if done > 0 && done < 1 { text += " · ETA \(Int(seconds / done * (1 - done)))s" }
        }
        return text
    }
}
