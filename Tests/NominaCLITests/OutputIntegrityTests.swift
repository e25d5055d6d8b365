import Foundation
import Testing
import NominaTestSupport

/// Output integrity on random hostile corpora: with no names to find, `normalize` gives its
/// input back byte for byte; with the bundled names, it changes bytes only inside the
/// mentions that annotate mode reports (the replace output is rebuilt from them).
@Suite("normalize: output integrity on random corpora", .serialized)
struct OutputIntegrityTests {
    /// A seeded generator (the shared SplitMix64): a failure names its seed.
    struct Random {
        var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let names = ["Naka", "Naqqa", "Lavrov", "Aya-Yaah", "纳卡", "Азербайджан", "Baku", "Armenia", "Congo", "NATO"]
    static let pieces = [" ", "  ", ", ", ".", "\"", "\"\"", "'", ",", "\t", "\r", "\\", "\u{0}", "\u{1}", "\u{7F}",
                         "\u{200D}", "\u{202E}", "\u{AD}", "\u{FEFF}", "é", "ß", "Ω", "Ж", "阿", "ไทย", "😀", "\u{301}",
                         "the ", "Reading ", "A", "z", "{", "}", "[", "]", ":", "\u{2028}", "\u{85}"]

    /// Random text made of hostile pieces and names.
    static func text(_ random: inout Random, newlines: Bool) -> String {
        var text = ""
        for _ in 0..<random.below(12) {
            text += random.below(3) == 0 ? random.pick(names) : random.pick(pieces)
            if newlines && random.below(15) == 0 { text += "\n" }
        }
        return text
    }

    /// A random corpus of `records` records; `strayQuotes` puts a CSV/TSV row with an open
    /// quote that never closes among them now and then.
    static func corpus(_ format: String, seed: UInt64, records: Int, strayQuotes: Bool = true) -> Data {
        var random = Random(state: seed)
        var data = Data()
        for index in 0..<records {
            switch format {
            case "text":
                if random.below(10) == 0 {
                    // Raw bytes: invalid UTF-8, lone continuation bytes, NUL.
                    data.append(contentsOf: (0..<random.below(20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }.filter { $0 != 0x0A })
                } else {
                    data.append(contentsOf: text(&random, newlines: false).utf8)
                }
            case "jsonl":
                let value = text(&random, newlines: true)
                if random.below(12) == 0 {
                    data.append(contentsOf: "{\"id\":\(index),\"text\":\"\(value.prefix(3))".utf8)  // malformed
                } else {
                    data.append(contentsOf: "{\"id\":\(index),\"text\":\(jsonLiteral(value, &random)),\"tail\":\"end\"}".utf8)
                }
            default:  // csv, tsv
                let separator = format == "csv" ? "," : "\t"
                let value = text(&random, newlines: true).replacingOccurrences(of: "\r", with: "")
                let field: String
                if random.below(3) == 0 || value.contains(separator) || value.contains("\n") || value.hasPrefix("\"") {
                    field = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                } else {
                    field = value
                }
                data.append(contentsOf: (random.below(25) == 0 && strayQuotes ? "\(index)\(separator)\"\(value)" : "\(index)\(separator)\(field)\(separator)end").utf8)
            }
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// A JSON string literal for `value`, escaping some characters that need no escape.
    static func jsonLiteral(_ value: String, _ random: inout Random) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || random.below(8) == 0 {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static let emptyDictionary: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-empty-\(UUID().uuidString).yaml")
        try? "entities: []\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }()

    static func arguments(_ format: String) -> [String] {
        switch format {
        case "text": return []
        case "jsonl": return ["--format", "jsonl", "--skip-bad"]
        default: return ["--format", format, "--column", "2", "--skip-bad"]
        }
    }

    @Test("no names to find: the output is the input, byte for byte", arguments: ["text", "jsonl", "csv", "tsv"])
    func emptyGazetteer(format: String) throws {
        for seed in 1...3 as ClosedRange<UInt64> {
            let input = Self.corpus(format, seed: seed * 977, records: 1_500)
            let result = try CLIRunner.run(["normalize", "--no-progress", "--no-bundled", "--dictionary", Self.emptyDictionary.path]
                                           + Self.arguments(format), stdin: input, timeout: 120)
            #expect(result.status == 0, "\(format) seed \(seed): \(result.stderr.prefix(300))")
            #expect(result.stdout == input, "\(format) seed \(seed)")
        }
    }

    @Test("bundled names: bytes change only inside the mentions annotate reports", arguments: ["text", "jsonl", "csv", "tsv"])
    func onlyMentionsChange(format: String) throws {
        for seed in 1...2 as ClosedRange<UInt64> {
            let input = Self.corpus(format, seed: seed * 7_919, records: 1_500)
            let replaced = try CLIRunner.run(["normalize", "--no-progress"] + Self.arguments(format), stdin: input, timeout: 120)
            let annotated = try CLIRunner.run(["normalize", "--no-progress", "--mode", "annotate"] + Self.arguments(format),
                                              stdin: input, timeout: 120)
            #expect(replaced.status == 0 && annotated.status == 0, "\(replaced.stderr.prefix(300))")
            let inputRecords = Self.records(input, format: format)
            let outputRecords = Self.records(replaced.stdout, format: format)
            // Annotate mode: text lines become JSON objects; JSONL objects and CSV/TSV rows are
            // the input records with one field added.
            let annotations = switch format {
            case "text": annotated.lines.map { Data($0.utf8) }
            case "jsonl": Self.records(annotated.stdout, format: format)
            // Re-framing would not do: the added column's quotes close a malformed row's
            // open quote elsewhere. Each annotated row must be its input row, with or without
            // a last field, then a line break.
            default: try Self.annotatedRows(annotated.stdout, inputRecords, separator: format == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t"))
            }
            #expect(inputRecords.count == outputRecords.count, "\(format) seed \(seed)")
            #expect(inputRecords.count == annotations.count, "\(format) seed \(seed)")
            let separator: UInt8 = format == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t")
            for (index, (record, output)) in zip(inputRecords, outputRecords).enumerated() where index < annotations.count {
                let annotation = annotations[index]
                let found: [Annotation.Found]
                let text: String?
                switch format {
                case "text":
                    // JSONDecoder, not JSONSerialization, which drops a U+FEFF at the start of a string.
                    let object = try JSONDecoder().decode(Annotation.self, from: annotation)
                    (found, text) = (object.mentions ?? [], object.text)
                case "jsonl":
                    // Malformed records pass through (--skip-bad); the others gain the field,
                    // and removing it gives the record back byte for byte.
                    if annotation == record { (found, text) = ([], nil); break }
                    let bytes = [UInt8](annotation), key = Array(",\"mentions\":".utf8)
                    let keyStart = try #require((0...(bytes.count - key.count)).last { bytes[$0..<($0 + key.count)].elementsEqual(key) },
                                                "record \(index + 1): \(String(decoding: annotation, as: UTF8.self))")
                    let close = try #require(bytes.lastIndex(of: UInt8(ascii: "}")))
                    #expect(Data(bytes[..<keyStart] + bytes[close...]) == record, "record \(index + 1)")
                    let object = try JSONDecoder().decode(Annotation.self, from: annotation)
                    (found, text) = (object.mentions ?? [], object.text)
                default:
                    // The added field's value (annotatedRows), or the row itself when passed through.
                    if annotation == record { (found, text) = ([], nil); break }
                    found = try JSONDecoder().decode([Annotation.Found].self, from: annotation)
                    let inputFields = Self.fields(record, separator)
                    text = inputFields.count > 1 ? inputFields[1] : nil
                }
                let mentions = found.filter { $0.id != nil }
                guard !mentions.isEmpty, let text else {
                    #expect(output == record, "\(format) seed \(seed) record \(index + 1): changed without a reported mention")
                    continue
                }
                let produced: String? = switch format {
                case "text": String(decoding: output, as: UTF8.self)
                case "jsonl": (try? JSONDecoder().decode(Line.self, from: output))?.text
                default: Self.fields(output, separator).dropFirst().first
                }
                let expected = Self.splice(text, mentions, produced: produced)
                switch format {
                case "text":
                    // A CRLF's carriage return belongs to the line break, not to the text.
                    let expected = record.last == UInt8(ascii: "\r") ? expected + "\r" : expected
                    #expect(output == Data(expected.utf8), "record \(index + 1): \(String(decoding: record, as: UTF8.self).debugDescription) → \(String(decoding: output, as: UTF8.self).debugDescription), expected \(expected.debugDescription)")
                case "jsonl":
                    let before = try JSONDecoder().decode(Line.self, from: record)
                    let after = try JSONDecoder().decode(Line.self, from: output)
                    #expect(after.text == expected, "record \(index + 1)")
                    #expect(after.id == before.id && after.tail == "end")
                    // Bytes before the literal and after it are as written.
                    let prefix = Data("{\"id\":\(before.id),\"text\":".utf8), suffix = Data(",\"tail\":\"end\"}".utf8)
                    #expect(output.starts(with: prefix) && output.suffix(suffix.count) == suffix)
                default:
                    let before = Self.fields(record, separator), after = Self.fields(output, separator)
                    // Stray quotes make records of other shapes (a quote that meets one lines
                    // later, the lines after a malformed one): every field but the second is
                    // as written, and the second is the text with its mentions rewritten.
                    #expect(after.count == before.count && after.count >= 2, "record \(index + 1): \(String(decoding: record, as: UTF8.self).debugDescription) → \(String(decoding: output, as: UTF8.self).debugDescription)")
                    if after.count == before.count && after.count >= 2 {
                        #expect(after.enumerated().allSatisfy { $0.offset == 1 || $0.element == before[$0.offset] }, "record \(index + 1)")
                        #expect(after[1] == expected, "record \(index + 1)")
                    }
                }
            }
        }
    }

    struct Annotation: Decodable {
        struct Found: Decodable {
            let start: Int, end: Int
            let id: String?, name: String?
        }
        let text: String?
        /// Nil for a JSONL record without the text field.
        let mentions: [Found]?
    }

    struct Line: Decodable {
        let id: Int
        let text: String
        let tail: String
    }

    static let articles: Set<String> = ["the", "le", "la", "les", "der", "die", "das", "den", "dem", "el", "los", "las",
                                        "il", "lo", "gli"]

    /// `text` with each mention (code-point offsets) replaced by its name. A rewrite may
    /// keep a mention's leading article ("The Kremlin"): accepted where `produced` (the
    /// rewrite under test) has the article, as written, right before the name.
    static func splice(_ text: String, _ mentions: [Annotation.Found], produced: String? = nil) -> String {
        let scalars = Array(text.unicodeScalars)
        let actual = produced.map { Array($0.unicodeScalars) } ?? []
        var out: [Unicode.Scalar] = [], position = 0
        for mention in mentions {
            out += scalars[position..<mention.start]
            let name = Array(mention.name!.unicodeScalars)
            let surface = scalars[mention.start..<mention.end]
            if let space = surface.prefix(5).firstIndex(of: " "),
               Self.articles.contains(String(String.UnicodeScalarView(surface[..<space])).lowercased()) {
                let kept = Array(surface[..<(space + 1)]) + name
                if actual.count >= out.count + kept.count, Array(actual[out.count..<(out.count + kept.count)]) == kept {
                    out += kept
                    position = mention.end
                    continue
                }
            }
            out += name
            position = mention.end
        }
        out += scalars[position...]
        return String(String.UnicodeScalarView(out))
    }

    /// Records of a corpus as the reader frames them (CSV/TSV: a quote opens a field only
    /// at its start; a record that spans lines but is malformed, or whose quote never
    /// closes, is its first line, and the lines up to where it would have ended are records
    /// of one line each).
    static func records(_ data: Data, format: String) -> [Data] {
        let bytes = [UInt8](data)
        var records: [Data] = []
        var start = 0, position = 0
        var linesUntil = -1
        let quoted = format == "csv" || format == "tsv"
        let separator: UInt8 = format == "csv" ? UInt8(ascii: ",") : UInt8(ascii: "\t")
        while start < bytes.count {
            var inQuotes = false, atFieldStart = true
            position = start
            var end = -1
            while position < bytes.count {
                let byte = bytes[position]
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\"") { position += 2; continue }
                        inQuotes = false
                    }
                } else if byte == UInt8(ascii: "\n") {
                    end = position; break
                } else if quoted && start >= linesUntil && byte == UInt8(ascii: "\"") && atFieldStart {
                    inQuotes = true
                    atFieldStart = false
                } else {
                    atFieldStart = byte == separator
                }
                position += 1
            }
            if end < 0 { end = bytes.count }
            var record = Array(bytes[start..<end])
            if quoted && (inQuotes || (record.contains(UInt8(ascii: "\n")) && fields(Data(record), separator).isEmpty)),
               let firstBreak = record.firstIndex(of: UInt8(ascii: "\n")) {
                linesUntil = end
                record = Array(record[..<firstBreak])
                end = start + firstBreak
            }
            records.append(Data(record))
            start = end + 1
        }
        return records
    }

    /// For each input row, the value of the field annotate mode added to it (decoded), or
    /// the row itself when it was passed through unchanged; fails when the output is not
    /// the rows in order, each with or without one more field.
    static func annotatedRows(_ output: Data, _ rows: [Data], separator: UInt8) throws -> [Data] {
        let bytes = [UInt8](output)
        var position = 0
        var added: [Data] = []
        for (index, row) in rows.enumerated() {
            let row = [UInt8](row)
            guard bytes.count >= position + row.count, bytes[position..<(position + row.count)].elementsEqual(row) else {
                throw AnnotatedRowError(row: index + 1, text: String(decoding: bytes[position...].prefix(200), as: UTF8.self))
            }
            position += row.count
            if position < bytes.count && bytes[position] == separator {
                position += 1
                var value: [UInt8] = []
                if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                    position += 1
                    while position < bytes.count {
                        if bytes[position] == UInt8(ascii: "\"") {
                            if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\"") {
                                value.append(bytes[position]); position += 2; continue
                            }
                            position += 1
                            break
                        }
                        value.append(bytes[position]); position += 1
                    }
                } else {
                    while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { value.append(bytes[position]); position += 1 }
                }
                added.append(Data(value))
            } else {
                added.append(Data(row))
            }
            guard position == bytes.count || bytes[position] == UInt8(ascii: "\n") else {
                throw AnnotatedRowError(row: index + 1, text: String(decoding: bytes[position...].prefix(200), as: UTF8.self))
            }
            position += 1
        }
        guard position >= bytes.count else { throw AnnotatedRowError(row: rows.count + 1, text: "more output than rows") }
        return added
    }

    struct AnnotatedRowError: Error, CustomStringConvertible {
        let row: Int
        let text: String
        var description: String { "annotated row \(row) is not its input row with one field added: \(text.debugDescription)" }
    }

    /// The decoded fields of a CSV/TSV record, or [] when it is malformed.
    static func fields(_ record: Data, _ separator: UInt8) -> [String] {
        let bytes = [UInt8](record)
        var fields: [String] = []
        var position = 0
        while true {
            var value: [UInt8] = []
            if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                position += 1
                while true {
                    guard position < bytes.count else { return [] }
                    if bytes[position] == UInt8(ascii: "\"") {
                        if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\"") { value.append(bytes[position]); position += 2; continue }
                        position += 1
                        break
                    }
                    value.append(bytes[position])
                    position += 1
                }
                guard position == bytes.count || bytes[position] == separator else { return [] }
            } else {
                while position < bytes.count && bytes[position] != separator { value.append(bytes[position]); position += 1 }
            }
            fields.append(String(decoding: value, as: UTF8.self))
            if position >= bytes.count { return fields }
            position += 1
        }
    }
}
