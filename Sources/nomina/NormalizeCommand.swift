import ArgumentParser
import Dispatch
import Foundation
import Nomina
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

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

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
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1; got \(jobs)") }
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be positive") }
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

        let reader = try RecordReader(paths: files, framing: format == .csv || format == .tsv ? .quoted : .lines,
                                      maximumRecordBytes: maxRecordBytes)
        let sink = try OutputFile(path: output)
        var succeeded = false
        defer { if !succeeded { sink.abandon() } }
        var out = sink.stream
        var errors = OutputStream.standardError
        let showProgress = progress ?? (isatty(2) == 1)
        var meter = ProgressMeter(total: reader.totalBytes)
        var processor = RecordProcessor(extractor: extractor, format: format, mode: mode, field: field,
                                        column: column)
        var counts = RecordProcessor.Counts()
        let scanners = ScannerSlots(extractor, count: jobs)

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
            if processor.needsHeader, let first = batch.first { try processor.readHeader(first) }
            // The scanners are free once the batch before is done.
            let previous = pending.map { ($0.records, $0.results()) }
            pending = PendingBatch(batch, processor: processor, scanners: scanners)
            batch = []
            batchBytes = 0
            if let (records, results) = previous { try write(records, results) }
        }
        while let record = try reader.next() {
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
        if counts.skipped > 0 { summary.append("\(counts.skipped) malformed record(s) passed through (--skip-bad)") }
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

/// Where normalised records go: standard output, or a temporary file beside the target
/// that is renamed into place only when the whole input was written.
final class OutputFile {
    let stream: OutputStream
    private let path: String?
    private let temporary: String?
    private let descriptor: Int32

    init(path: String?) throws {
        self.path = path
        guard let path else {
            stream = .standardOutput
            temporary = nil
            descriptor = 1
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).nomina-\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
        self.temporary = temporary
        self.descriptor = descriptor
        stream = OutputStream(descriptor: descriptor)
    }

    /// Moves the finished file into place.
    func commit() throws {
        guard let temporary, let path else { return }
        guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0 else {
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Removes the unfinished file (after an error).
    func abandon() {
        guard let temporary else { return }
        close(descriptor)
        unlink(temporary)
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
