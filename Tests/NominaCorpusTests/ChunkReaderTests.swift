import Foundation
import Testing
import NominaTestSupport
@testable import NominaCorpus

/// `RecordReader.nextChunk` (what `normalize` reads) must give exactly the records that
/// `next()` gives one by one, and `UTF8Validation` must agree with the standard library.
@Suite("Record chunks and UTF-8 validation")
struct ChunkReaderTests {
    /// Added to the seeds, as this file's own generator did: its cases stay the same.
    static let seedOffset: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Bytes that exercise framing: line breaks, CR, quotes, delimiters, long lines.
    static func randomCorpus(_ generator: inout some RandomNumberGenerator, length: Int) -> [UInt8] {
        let alphabet: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x22], [0x2C], [0x09], Array("Naka".utf8), Array(" ".utf8),
                                   Array("\"a,b\"".utf8), Array("é".utf8), [0xFF], Array(String(repeating: "x", count: 300).utf8)]
        var bytes: [UInt8] = []
        while bytes.count < length { bytes += alphabet.randomElement(using: &generator)! }
        return bytes
    }

    struct Record: Equatable {
        var bytes: [UInt8], hasBreak: Bool, line: Int, number: Int, lines: Int, source: String
    }

    static func records(paths: [String], framing: RecordReader.Framing, limit: Int) -> Result<[Record], CorpusError> {
        do {
            let reader = try RecordReader(paths: paths, framing: framing, maximumRecordBytes: limit)
            var out: [Record] = []
            while let record = try reader.next() {
                out.append(Record(bytes: record.bytes, hasBreak: !record.terminator.isEmpty, line: record.line,
                                  number: record.number, lines: record.lines, source: record.source))
            }
            return .success(out)
        } catch let error as CorpusError {
            return .failure(error)
        } catch {
            return .failure(CorpusError("\(error)"))
        }
    }

    /// The records of `paths` read in chunks, in reads of `readBytes`; with `recycle`, each
    /// chunk's buffer and record list go back to the reader's pool once its records are
    /// copied (as `normalize` does once a chunk is written), to be read into and framed
    /// into again.
    static func chunkedRecords(paths: [String], framing: RecordReader.Framing, limit: Int, target: Int,
                               maximumRecords: Int = 7, readBytes: Int = 1 << 20,
                               recycle: Bool = false) -> (Result<[Record], CorpusError>, chunks: Int) {
        var chunks = 0
        do {
            let reader = try RecordReader(paths: paths, framing: framing, maximumRecordBytes: limit, readBytes: readBytes)
            var out: [Record] = []
            while var chunk = try reader.nextChunk(targetBytes: target, maximumRecords: maximumRecords) {
                chunks += 1
                #expect(!chunk.records.isEmpty)
                for (position, span) in chunk.records.enumerated() {
                    out.append(Record(bytes: Array(chunk.slice(position)), hasBreak: span.hasBreak, line: span.line,
                                      number: span.number, lines: span.lines, source: chunk.source))
                }
                if recycle {
                    // With its record list (the last reference), for a later chunk's spans.
                    let records = chunk.records
                    chunk.records = []
                    reader.pool.recycle(chunk.bytes, records: records)
                }
            }
            return (.success(out), chunks)
        } catch let error as CorpusError {
            return (.failure(error), chunks)
        } catch {
            return (.failure(CorpusError("\(error)")), chunks)
        }
    }

    /// Reads from a pipe return whatever the writer has written so far: the records, and
    /// where a CSV row with an open quote makes reading go on line by line, must not
    /// depend on it (they once did, up to the end of the buffer).
    @Test("the records do not depend on the size of reads", arguments: 0..<16)
    func independentOfReadSize(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &+ 77)
        let filler = String(repeating: "zzzz,y\n", count: 12)
        // Rows whose quote closes past the size limit (64 below), then a row with line
        // breaks inside quotes; the first four cases were once framed one way when the
        // whole input was in one read and another in small reads (an error, or lines).
        let bytes: [UInt8] = switch seed {
        case 0: Array("1,\"abc\n\(filler)2,x\"\n3,ok\n".utf8)
        case 1: Array("1,\"abc\n\(filler)3,\"p\nq\"\n4,ok\n".utf8)
        case 2: Array("0,a\n1,\"abc\n\(filler)\(filler)4,\"zz\n5,\"p\nq\"\n".utf8)
        case 3: Array("1,\"abc\nzz\n3,\"p\nq\"\n\(filler)".utf8)
        default: Self.randomCorpus(&generator, length: 2_000 + Int(generator.next() % 4_000))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-reads-\(UUID().uuidString).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for framing in [RecordReader.Framing.quoted(delimiter: UInt8(ascii: ",")), .lines] {
            for limit in [64, 700, 1 << 20] {
                func records(readBytes: Int) throws -> [Record] {
                    let reader = try RecordReader(paths: [path], framing: framing, maximumRecordBytes: limit, readBytes: readBytes)
                    var out: [Record] = []
                    do {
                        while let record = try reader.next() {
                            out.append(Record(bytes: record.bytes, hasBreak: !record.terminator.isEmpty, line: record.line,
                                              number: record.number, lines: record.lines, source: record.source))
                        }
                    } catch let error as CorpusError {
                        // An error ends the records; where it comes must not depend on reads either.
                        out.append(Record(bytes: Array(error.description.utf8), hasBreak: false, line: -1, number: -1, lines: 0, source: ""))
                    }
                    return out
                }
                let whole = try records(readBytes: 1 << 20)
                for readBytes in [1, 3, 64, 1_000] {
                    #expect(try records(readBytes: readBytes) == whole, "seed \(seed), \(framing), limit \(limit), reads of \(readBytes) bytes")
                }
            }
        }
    }

    @Test("chunks hold the same records as next(), for any framing, chunk size and files", arguments: 0..<40)
    func chunksEqualRecords(_ seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &+ Self.seedOffset)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-chunks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for file in 0..<Int.random(in: 1...3, using: &generator) {
            let path = folder.appendingPathComponent("\(file).txt").path
            let length = [0, 1, 50, 5_000, 300_000].randomElement(using: &generator)!
            try Data(Self.randomCorpus(&generator, length: length)).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let framing: RecordReader.Framing = [.lines, .quoted(delimiter: 0x2C), .quoted(delimiter: 0x09)].randomElement(using: &generator)!
        // Limits that long lines of the corpus pass (an error then ends the records) or not.
        let limit = [700, 100_000, 1 << 20].randomElement(using: &generator)!
        let target = [1, 100, 4_096, 1 << 20].randomElement(using: &generator)!
        // Few records a chunk, and as many as `normalize` takes (lines are then framed many
        // at a time, into a new list or after records already taken).
        let most = [7, 1_000, 65_536].randomElement(using: &generator)!
        // Reads as from a pipe (a few bytes), or whole: lines are read into the chunk's
        // buffer, and a line may end many reads later.
        let readBytes = [1, 3, 64, 1_000, 1 << 20].randomElement(using: &generator)!
        let expected = Self.records(paths: paths, framing: framing, limit: limit)
        let (actual, _) = Self.chunkedRecords(paths: paths, framing: framing, limit: limit, target: target, maximumRecords: most,
                                              readBytes: readBytes, recycle: Bool.random(using: &generator))
        switch (expected, actual) {
        case (.success(let a), .success(let b)):
            #expect(a.count == b.count)
            #expect(a == b)
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description)
        default:
            Issue.record("one reader failed and the other did not: \(expected) vs \(actual)")
        }
    }

    @Test("a chunk holds records of one input only, and about the target size")
    func chunkBoundaries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-chunks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.txt").path, second = folder.appendingPathComponent("b.txt").path
        try Data(String(repeating: "line of text\n", count: 1_000).utf8).write(to: URL(fileURLWithPath: first))
        try Data(String(repeating: "other\n", count: 10).utf8).write(to: URL(fileURLWithPath: second))
        let reader = try RecordReader(paths: [first, second], framing: .lines, maximumRecordBytes: 1 << 20)
        var chunks: [RecordChunk] = []
        while let chunk = try reader.nextChunk(targetBytes: 4_000) { chunks.append(chunk) }
        #expect(chunks.allSatisfy { $0.bytes.count < 4_000 + 13 })
        #expect(chunks.map(\.records.count).reduce(0, +) == 1_010)
        #expect(chunks.last?.source == second && chunks.last?.records.count == 10)
        #expect(chunks.dropLast().allSatisfy { $0.source == first })
    }

    static let utf8Cases: [[UInt8]] = [
        [], Array("plain ASCII text, long enough for words".utf8), Array("Азербайджан 阿塞拜疆 🇦🇿".utf8),
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
        [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xC2], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFE], [0xFF],
        Array("abcdefgh".utf8) + [0xC3], Array("abcdefg".utf8) + [0xC3, 0xA9] + Array("12345678".utf8),
    ]

    @Test("UTF-8 validation agrees with String(validating:)", arguments: utf8Cases)
    func utf8Table(_ bytes: [UInt8]) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == (String(validating: bytes, as: UTF8.self) != nil))
    }

    @Test("UTF-8 validation agrees with String(validating:) on random bytes")
    func utf8Random() {
        var generator = SplitMix64(seed: 7 &+ Self.seedOffset)
        let pieces: [[UInt8]] = [Array("abc".utf8), Array("é".utf8), Array("阿".utf8), Array("🇦".utf8), [0x80], [0xC3], [0xE0],
                                 [0xED], [0xF0], [0xF4], [0xA0], [0x90], [0xBF], Array("        ".utf8)]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            if Bool.random(using: &generator) { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let actual = bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
            #expect(actual == expected, "\(bytes)")
            if actual != expected { return }
        }
    }
}
