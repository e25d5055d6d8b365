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
            name. `annotate` writes the same records with their mentions added (offsets in code \
            points, id, name, kind, score, method and members): a JSONL object gains a \
            "mentions" field, a CSV/TSV row a last column (named in the header row when --column \
            names the column), and a line of text becomes {"record", "text", "mentions"}. As \
            many records come out as go in, in order; in replace mode records without mentions \
            are written byte for byte. Lines that are not \
            valid UTF-8 pass through unchanged with a warning. A malformed JSONL line or CSV row is \
            an error naming its line, unless --skip-bad passes it through.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl, csv, tsv }
    enum Mode: String, ExpressibleByArgument, CaseIterable { case replace, annotate }

    @OptionGroup var source: ResolverSource

    @Option(help: "Input format: text, jsonl, csv or tsv.")
    var format: Format = .text

    @Option(name: .customLong("field"), help: ArgumentHelp("The JSONL string field to normalise (dots for nested fields; default: text).", valueName: "name"))
    var fieldOption: String?

    var field: String { fieldOption ?? "text" }

    @Option(name: .customLong("column"), help: ArgumentHelp("The CSV/TSV column to normalise: a 1-based number, or a name in the header row (default: 1).", valueName: "N"))
    var columnOption: String?

    var column: String { columnOption ?? "1" }

    @Flag(name: .customLong("header"), help: "CSV/TSV: the first row of each input is a header, passed through (and named in annotate mode); implied when --column is a name.")
    var header = false

    @Option(name: .customLong("header-row"), help: ArgumentHelp("CSV/TSV, for inputs that are parts of a corpus (shards, Spark partitions): the corpus's header row. An input's first row is a header only when it is this row; --column may name one of its columns.", valueName: "row"))
    var headerRow: String?

    @Option(help: "replace: rewrite mentions to canonical names; annotate: add the mentions to each record.")
    var mode: Mode = .replace

    @Option(name: .customLong("mentions-field"), help: ArgumentHelp("Annotate mode: the JSONL field or CSV/TSV header name the mentions go in (default: mentions).", valueName: "name"))
    var mentionsFieldOption: String?

    var mentionsField: String { mentionsFieldOption ?? "mentions" }

    @Option(name: .customLong("replace-with"), help: ArgumentHelp("Replace mode: what a mention becomes: name (the canonical name), id, label (the abbreviation, such as NATO, else the name), name:LANG or label:LANG (in a language, such as name:ru).", valueName: "choice"))
    var replaceWithOption: String?

    @Option(help: "Scores below this are not mentions (0 to 1).")
    var threshold: Double = 0.75

    @Flag(name: .customLong("exact-only"), help: "Only names as written or folded: no phonetic, fuzzy or compound mentions.")
    var exactOnly = false

    @Flag(name: .customLong("any-case"), help: "Find names written in small letters too (for lower-cased corpora).")
    var anyCase = false

    @Flag(name: .customLong("all-languages"), help: "Also look for names given only in smaller languages (CLDR), such as Thai or Swahili.")
    var allLanguages = false

    @Option(name: .customLong("approximate-languages"), help: ArgumentHelp("Languages whose names may be matched approximately (fuzzy, phonetic…): comma-separated tags, or `all` for every name, as `resolve` does (default: en,fr,de,es,it,pt,ru,zh,ar,ja; curated names and names in the text's own non-Latin script always).", valueName: "list"))
    var approximateLanguages: String?

    @Option(help: ArgumentHelp("Worker threads, 1 to \(NormalizeCommand.maximumJobs) (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    /// Each worker has a scanner with its own caches (about 0.5 MB): more workers than this
    /// would only cost memory.
    static let maximumJobs = 256

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: when it is a terminal).")
    var progress: Bool?

    @Option(name: .customLong("record-offset"), parsing: .unconditional, help: ArgumentHelp("Annotate mode, text: records before this input, so that its first record is number N+1 (for parts of a corpus).", valueName: "N"))
    var recordOffset: Int?

    /// The largest `--record-offset`: record numbers (offset plus the records read) stay
    /// far from overflow.
    static let maximumRecordOffset = 1 << 62

    @Flag(name: .customLong("no-record-numbers"), help: "Annotate mode, text: write no record numbers (outputs of parts of a corpus then concatenate into the output of the whole).")
    var noRecordNumbers = false

    @Flag(name: .customLong("skip-bad"), help: "Pass malformed JSONL lines and CSV rows through unchanged, and count them.")
    var skipBad = false

    @Option(name: .customLong("max-record-bytes"), help: "The longest record accepted, in bytes.")
    var maxRecordBytes: Int = 64 << 20

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically: renamed into place at the end).", valueName: "path"))
    var output: String?

    @Argument(help: "Input files (standard input when none, or -).")
    var files: [String] = []

    /// A value as an error message quotes it: at most 40 characters (an option given a
    /// whole file by mistake is not echoed whole).
    static func shown(_ value: String) -> String {
        value.count > 40 ? String(value.prefix(40)) + "…" : value
    }

    /// A BCP 47 language tag as the dictionaries write them: a language of two or three
    /// letters, then subtags of one to eight letters or digits after hyphens.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1; got \(threshold)") }
        if let jobs, !(1...Self.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(Self.maximumJobs); got \(jobs)")
        }
        if let approximateLanguages, approximateLanguages.lowercased() != "all" {
            let tags = approximateLanguages.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if let empty = tags.firstIndex(where: \.isEmpty) {
                throw ValidationError("--approximate-languages takes comma-separated language tags (en,fr) or all; item \(empty + 1) of \"\(Self.shown(approximateLanguages))\" is empty")
            }
            if tags.contains(where: { $0.lowercased() == "all" }) {
                throw ValidationError("--approximate-languages: all stands alone (every name), not in a list of languages")
            }
            // A word that is no tag ("english", "en_US") would match no name, silently.
            if let wrong = tags.first(where: { !Self.isLanguageTag($0) }) {
                throw ValidationError("--approximate-languages: \"\(Self.shown(wrong))\" is not a language tag (two or three letters, then subtags after hyphens: en, fr, zh-Hant)")
            }
        }
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be positive") }
        if output?.isEmpty == true { throw ValidationError("-o needs a file name (or - for standard output)") }
        // An option of another format would be ignored, and the run would silently
        // normalise something else (the first column, the "text" field).
        if fieldOption != nil && format != .jsonl {
            throw ValidationError("--field applies to --format jsonl; for \(format.rawValue) input, \(format == .text ? "each line is the text" : "give --column")")
        }
        if columnOption != nil && format != .csv && format != .tsv {
            throw ValidationError("--column applies to --format csv or tsv; for \(format.rawValue) input, \(format == .text ? "each line is the text" : "give --field")")
        }
        if header && format != .csv && format != .tsv {
            throw ValidationError("--header applies to --format csv or tsv")
        }
        if let headerRow {
            guard format == .csv || format == .tsv else { throw ValidationError("--header-row applies to --format csv or tsv") }
            guard !header else { throw ValidationError("give --header (each input starts with a header row) or --header-row (the corpus's header row), not both") }
            guard !headerRow.utf8.contains(UInt8(ascii: "\n")) else {
                throw ValidationError("--header-row must be one row of the input, without a line break")
            }
            let bytes = Array(RecordProcessor.withoutMarks(Array(headerRow.utf8)[...]))
            guard !bytes.isEmpty else {
                throw ValidationError("--header-row is empty; give the corpus's header row, such as 'id,text'")
            }
            // Arguments that are not valid UTF-8 reach the program with U+FFFD in place of
            // the bytes, and such a row would never match the input's.
            guard !headerRow.unicodeScalars.contains("\u{FFFD}") else {
                throw ValidationError("--header-row holds U+FFFD, a replacement character: was it valid UTF-8? A header row must be written as in the input")
            }
            let delimiter = format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
            do {
                _ = try DelimitedFields(delimiter: delimiter).split(bytes)
            } catch {
                throw ValidationError("--header-row is not one \(format.rawValue.uppercased()) row: field \(error.field): \(error.reason)")
            }
            let names = RecordProcessor.headerNames(bytes, delimiter: delimiter)
            if mode == .annotate, names.contains(mentionsField) {
                throw ValidationError("--header-row already has a column \"\(Self.shown(mentionsField))\"; choose another name for the mentions with --mentions-field")
            }
            if Int(column) == nil, !names.contains(column) {
                throw ValidationError("--header-row has no column \"\(Self.shown(column))\" (it has \(RecordProcessor.listed(names)))")
            }
        }
        if recordOffset != nil || noRecordNumbers {
            let option = noRecordNumbers ? "--no-record-numbers" : "--record-offset"
            guard mode == .annotate, format == .text else {
                throw ValidationError("\(option) applies to --mode annotate with --format text (the other formats carry no record numbers)")
            }
            guard !(noRecordNumbers && recordOffset != nil) else {
                throw ValidationError("give --record-offset or --no-record-numbers, not both")
            }
            if let recordOffset, !(0...Self.maximumRecordOffset).contains(recordOffset) {
                throw ValidationError("--record-offset must be between 0 and \(Self.maximumRecordOffset); got \(recordOffset)")
            }
        }
        if format == .csv || format == .tsv, let number = Int(column), number < 1 {
            throw ValidationError("--column must be 1 or more, or a column name; got \(column)")
        }
        if let replaceWithOption {
            guard NameStyle(parsing: replaceWithOption) != nil else {
                throw ValidationError("--replace-with takes name, id, label, name:LANG or label:LANG (LANG a language tag such as ru or zh-Hant); got \"\(Self.shown(replaceWithOption))\"")
            }
            guard mode == .replace else { throw ValidationError("--replace-with applies to --mode replace; annotate mode reports id and name") }
            switch NameStyle(parsing: replaceWithOption) {
            case .name(let language)?, .label(let language?)?:
                guard Gazetteer.icuHasLanguage(language) else {
                    throw ValidationError("--replace-with: ICU has no names in the language \"\(Self.shown(language))\"; give a language tag such as de, pt-BR or zh-Hant")
                }
            default: break
            }
        }
        if let mentionsFieldOption {
            guard mode == .annotate, format != .text else {
                throw ValidationError("--mentions-field applies to --mode annotate with --format jsonl, csv or tsv")
            }
            guard !mentionsFieldOption.isEmpty, !(format == .jsonl && mentionsFieldOption.contains(".")),
                  !mentionsFieldOption.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw ValidationError("--mentions-field must be a field name without dots or control characters; got \"\(Self.shown(mentionsFieldOption))\"")
            }
        }
        if format == .jsonl && (field.isEmpty || field.split(separator: ".", omittingEmptySubsequences: false).contains("")) {
            throw ValidationError("--field must be a field name, with dots between nested names; got \"\(Self.shown(field))\"")
        }
        // The mentions would go where the text is: every record would clash.
        if format == .jsonl && mode == .annotate, field.split(separator: ".").first.map(String.init) == mentionsField {
            throw ValidationError("--mentions-field \"\(Self.shown(mentionsField))\" is where the text is (--field \"\(Self.shown(field))\"); choose another name for the mentions")
        }
    }

    func run() throws {
        let resolver = try source.resolver(options: ResolverOptions(threshold: threshold))
        var extractorOptions = ExtractorOptions(requireCapitals: !anyCase, approximate: !exactOnly)
        extractorOptions.allLanguages = allLanguages
        if let approximateLanguages {
            extractorOptions.approximateLanguages = approximateLanguages.lowercased() == "all" ? nil
                : Set(approximateLanguages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
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
                                        column: column, header: header, headerRow: headerRow, mentionsField: mentionsField,
                                        replaceWith: replaceWithOption.flatMap(NameStyle.init(parsing:)) ?? .canonical,
                                        recordNumbers: noRecordNumbers ? .none : .from((recordOffset ?? 0) + 1))
        let jobCount = jobs ?? min(ProcessInfo.processInfo.activeProcessorCount, Self.maximumJobs)
        // Chunks of about 512 KiB (smaller with many workers, so that the chunks in flight
        // stay within about 16 MiB of input).
        let chunkBytes = max(64 << 10, min(512 << 10, (16 << 20) / jobCount))
        let pipeline = ChunkPipeline(processor: processor, extractor: extractor, jobs: jobCount, pool: reader.pool,
                                     writer: ChunkWriter(out: out, skipBad: skipBad, mode: mode, showProgress: showProgress,
                                                         meter: meter))
        // Three stages overlap: this thread reads and frames chunks; the workers each
        // process a chunk into its output bytes; the writer thread writes them in input order.
        do {
            // With a named column, the first record of each input is its header row, which
            // says where the column is in that input's records.
            // With --header-row, the given row names the columns, and an input's first row is
            // its header only when it is that row.
            var namedColumn = try headerRow.map { try processor.headerColumn(Array($0.utf8), at: "--header-row") } ?? processor.columnIndex
            while !pipeline.writerFailed, var chunk = try reader.nextChunk(targetBytes: chunkBytes) {
                if processor.headerRow != nil {
                    for position in chunk.records.indices {
                        if chunk.records[position].line == 1 && processor.isGivenHeader(chunk.slice(position)) {
                            chunk.records[position].isHeader = true
                        } else {
                            chunk.records[position].column = namedColumn
                        }
                    }
                } else if processor.readsHeaders {
                    for position in chunk.records.indices {
                        if chunk.records[position].line == 1 {
                            namedColumn = try processor.headerColumn(chunk, position)
                            chunk.records[position].isHeader = true
                        } else {
                            chunk.records[position].column = namedColumn
                        }
                    }
                }
                pipeline.submit(chunk)
            }
        } catch {
            _ = pipeline.finish()
            throw error
        }
        let writer = pipeline.finish()
        if let failure = writer.failure { throw failure }
        out = writer.out
        meter = writer.meter
        let counts = writer.counts
        out.flush()
        if out.failed { throw CLIError("cannot write \(output ?? "standard output"): \(String(cString: strerror(out.failure)))") }
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

/// The workers and the writer of `normalize`: chunks submitted in input order are
/// processed on up to `jobs` threads at once, each with its own scanner, and written in
/// input order by a writer thread, so that neither reading nor writing holds up a worker.
/// At most `jobs + 2` chunks are in flight (read, not yet written): one for each worker,
/// one being written and one being read, so memory stays bounded whatever the input's size.
final class ChunkPipeline: @unchecked Sendable {
    // `queue` and `work` are guarded by `lock`; `writer` belongs to the writer thread until
    // `finished` is signalled, then to the thread that called `finish()`.
    private let room: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)
    private let workAvailable = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    /// Chunks in input order, for the writer (nil: the end).
    private var queue: [PendingChunk?] = []
    private var queueHead = 0
    /// Chunks not yet taken by a worker (nil: the end, for one worker).
    private var work: [PendingChunk?] = []
    private var workHead = 0
    private let writer: ChunkWriter
    private let failedFlag = Atomic<Bool>(false)
    private let jobs: Int
    /// Where written chunks' buffers go back to the reader.
    private let pool: ChunkPool

    init(processor: RecordProcessor, extractor: MentionExtractor, jobs: Int, pool: ChunkPool, writer: ChunkWriter) {
        self.room = DispatchSemaphore(value: jobs + 2)
        self.writer = writer
        self.jobs = jobs
        self.pool = pool
        // Threads of their own, made once: a worker keeps its scanner (and its caches) for
        // the whole run, and the number of threads, hence of malloc arenas, stays fixed.
        for _ in 0..<jobs {
            let thread = Thread { [self] in
                var scanner = extractor.scanner()
                while let next = self.nextWork() { next.run(processor, &scanner) }
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        let thread = Thread { [self] in
            self.writeLoop()
            self.finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private static func pop(_ items: inout [PendingChunk?], _ head: inout Int) -> PendingChunk? {
        let next = items[head]
        items[head] = nil
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return next
    }

    private func nextWork() -> PendingChunk? {
        workAvailable.wait()
        lock.lock()
        defer { lock.unlock() }
        return Self.pop(&work, &workHead)
    }

    /// Whether the writer stopped at an error (a malformed record without --skip-bad):
    /// reading need not go on.
    var writerFailed: Bool { failedFlag.load(ordering: .acquiring) }

    /// Starts processing `chunk` (waits while the pipeline is full).
    func submit(_ chunk: RecordChunk) {
        room.wait()
        let pending = PendingChunk(chunk)
        lock.lock()
        queue.append(pending)
        work.append(pending)
        lock.unlock()
        workAvailable.signal()
        available.signal()
    }

    /// Waits until every chunk submitted is processed and written (or dropped after a
    /// failure), stops the threads, and returns the writer with its counts.
    func finish() -> ChunkWriter {
        lock.lock()
        queue.append(nil)
        work.append(contentsOf: [PendingChunk?](repeating: nil, count: jobs))
        lock.unlock()
        for _ in 0..<jobs { workAvailable.signal() }
        available.signal()
        finished.wait()
        return writer
    }

    private func writeLoop() {
        while true {
            available.wait()
            lock.lock()
            let next = Self.pop(&queue, &queueHead)
            lock.unlock()
            guard let next else { return }
            var result = next.result()
            if writer.failure == nil && !writer.out.failed {
                writer.write(next.chunk, result)
                if writer.failure != nil || writer.out.failed { failedFlag.store(true, ordering: .releasing) }
            }
            // Written: nothing reads the chunk's bytes any more. Its record list and output
            // buffer go back with them (their last references), for a later chunk.
            let output = result.output
            result = RecordProcessor.ChunkResult()
            pool.recycle(next.chunk.bytes, records: next.takeRecords(), output: output)
            room.signal()
        }
    }
}

/// Writes processed chunks in order: the output, warnings for records not valid UTF-8,
/// the counts, and the error that stops the run (a malformed record without --skip-bad).
final class ChunkWriter: @unchecked Sendable {
    /// Records not valid UTF-8 that are named one by one on standard error.
    static let invalidUTF8Warnings = 20

    // Used by one thread at a time: the writer thread, then the caller of `finish()`.
    var out: OutputStream
    var meter: ProgressMeter
    var counts = RecordProcessor.Counts()
    private(set) var failure: Error?
    private var errors = OutputStream.standardError
    private let skipBad: Bool
    private let mode: NormalizeCommand.Mode
    private let showProgress: Bool
    private var bytesDone = 0

    init(out: OutputStream, skipBad: Bool, mode: NormalizeCommand.Mode, showProgress: Bool, meter: ProgressMeter) {
        self.out = out
        self.skipBad = skipBad
        self.mode = mode
        self.showProgress = showProgress
        self.meter = meter
    }

    func write(_ chunk: RecordChunk, _ result: RecordProcessor.ChunkResult) {
        for event in result.events {
            let span = chunk.records[event.record]
            switch event.status {
            case .ok: break
            case .invalidUTF8:
                counts.invalidUTF8 += 1
                // The first few by line; the rest only in the summary's count (a binary file
                // would otherwise write a warning per line).
                if counts.invalidUTF8 <= Self.invalidUTF8Warnings {
                    errors.write("nomina: warning: \(chunk.source):\(span.line): not valid UTF-8; passed through unchanged\n")
                } else if counts.invalidUTF8 == Self.invalidUTF8Warnings + 1 {
                    errors.write("nomina: warning: more records not valid UTF-8; the summary counts them all\n")
                }
            case .bad(let reason, let advice):
                guard skipBad else {
                    // What came before the record is written; the record and what follows are not.
                    out.write(block: result.output[..<event.outputOffset])
                    counts.records += event.record
                    errors.flush()
                    out.flush()
                    failure = CLIError("\(chunk.source):\(span.line): \(reason); \(advice)")
                    return
                }
                counts.skipped += 1
                counts.skippedLines += span.lines
            case .noField: counts.withoutField += 1
            }
        }
        out.write(block: result.output[...])
        // A chunk at a time (a read's worth from a pipe): what is done is seen at once.
        out.flush()
        counts.records += chunk.records.count
        counts.mentions += result.mentions
        errors.flush()
        // The records and their line breaks (a chunk's bytes may hold the breaks too); a
        // pass over the chunk's records, made only for the progress line.
        if showProgress {
            bytesDone += chunk.records.reduce(0) { $0 + $1.end - $1.start + ($1.hasBreak ? 1 : 0) }
            meter.show(records: counts.records, bytes: bytesDone)
        }
    }
}

/// A chunk on its way through the pipeline: processed by one worker, then written.
final class PendingChunk: @unchecked Sendable {
    // `processed` is written once by the worker before `done` is signalled, and read by
    // the writer only after waiting on `done`.
    private(set) var chunk: RecordChunk
    private var processed: RecordProcessor.ChunkResult?
    private let done = DispatchSemaphore(value: 0)

    init(_ chunk: RecordChunk) { self.chunk = chunk }

    func run(_ processor: RecordProcessor, _ scanner: inout MentionScanner) {
        processed = processor.process(chunk, &scanner)
        done.signal()
    }

    /// The chunk's record list, moved out (once written: for the next chunk's spans).
    func takeRecords() -> [RecordSpan] {
        defer { chunk.records = [] }
        return chunk.records
    }

    /// The result, once the chunk is processed (call once: it is moved out).
    func result() -> RecordProcessor.ChunkResult {
        done.wait()
        defer { processed = nil }
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
    static func resolvingLinks(_ path: String) throws -> String {
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
        guard now - last >= 250_000_000 else { return }
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
