import Foundation
import Testing

@Suite("nomina normalize")
struct NormalizeCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let input: String
        let output: String
        var testDescription: String { arguments.joined(separator: " ") + " ← " + input.prefix(40) }
    }

    static let cases: [Case] = [
        .init(arguments: [], input: "Shelling resumed in Naqqa.\nNothing here.\n",
              output: "Shelling resumed in Nagorno-Karabakh.\nNothing here.\n"),
        .init(arguments: [], input: "The Aya-Yaah parties met Lavrov", output: "The Azerbaijan–Armenia parties met Sergey Lavrov"),
        .init(arguments: ["--exact-only"], input: "Naqqa and Naka\n", output: "Naqqa and Nagorno-Karabakh\n"),
        .init(arguments: ["--format", "jsonl", "--field", "a.b"],
              input: #"{"x":[1,2,{"b":"Naka"}],"a":{"b":"War in Naka","c":null},"z":1.0e-3}"# + "\n",
              output: #"{"x":[1,2,{"b":"Naka"}],"a":{"b":"War in Nagorno-Karabakh","c":null},"z":1.0e-3}"# + "\n"),
        .init(arguments: ["--format", "jsonl"], input: #"{"text":"say \"Naka\"\n"}"# + "\n",
              output: #"{"text":"say \"Nagorno-Karabakh\"\n"}"# + "\n"),
        .init(arguments: ["--format", "csv", "--column", "2"], input: "1,Armenia and Naka,x\r\n2,\"Naka, again\",y\r\n",
              output: "1,Armenia and Nagorno-Karabakh,x\r\n2,\"Nagorno-Karabakh, again\",y\r\n"),
        .init(arguments: ["--format", "csv", "--column", "body"], input: "id,body\n1,Aya-Yaah talks\n",
              output: "id,body\n1,Azerbaijan–Armenia talks\n"),
        .init(arguments: ["--format", "tsv", "--column", "1"], input: "Naka\tNaka\n", output: "Nagorno-Karabakh\tNaka\n"),
        .init(arguments: ["--mode", "annotate"], input: "纳卡地区\n",
              output: #"{"record":1,"text":"纳卡地区","mentions":[{"start":0,"end":2,"text":"纳卡","id":"nagorno-karabakh","name":"Nagorno-Karabakh","kind":"region","parent":"AZE","score":1.000,"method":"exact","members":[]}]}"# + "\n"),
        .init(arguments: ["--mode", "annotate"], input: "Congo\n",
              output: #"{"record":1,"text":"Congo","mentions":[{"start":0,"end":5,"text":"Congo","id":null,"name":null,"kind":null,"parent":null,"score":1.000,"method":"ambiguous","members":[],"candidates":[{"id":"COD","name":"Democratic Republic of the Congo","kind":"country","parent":null,"score":1.000,"method":"exact","matched":"Congo","edits":0,"members":[]},{"id":"COG","name":"Republic of the Congo","kind":"country","parent":null,"score":1.000,"method":"exact","matched":"Congo","edits":0,"members":[]}]}]}"# + "\n"),
        // Annotate carries every input field through: a JSONL object gains "mentions"
        // (null without the text field), a CSV/TSV row a last column, named in the header.
        .init(arguments: ["--format", "jsonl", "--mode", "annotate"], input: #"{"id":"a1","text":"Naka, again","n":[1,{}]}"# + "\r\n" + #"{ "id" : 2 }"# + "\n{}\n",
              output: #"{"id":"a1","text":"Naka, again","n":[1,{}],"mentions":[{"start":0,"end":4,"text":"Naka","id":"nagorno-karabakh","name":"Nagorno-Karabakh","kind":"region","parent":"AZE","score":1.000,"method":"exact","members":[]}]}"# + "\r\n" + #"{ "id" : 2 ,"mentions":null}"# + "\n" + #"{"mentions":null}"# + "\n"),
        .init(arguments: ["--format", "jsonl", "--field", "body.en", "--mode", "annotate", "--mentions-field", "places"],
              input: #"{"body":{"en":"Lavrov"},"mentions":3}"#,
              output: #"{"body":{"en":"Lavrov"},"mentions":3,"places":[{"start":0,"end":6,"text":"Lavrov","id":"sergey-lavrov","name":"Sergey Lavrov","kind":"person","parent":"RUS","score":1.000,"method":"exact","members":[]}]}"#),
        .init(arguments: ["--format", "csv", "--column", "body", "--mode", "annotate"], input: "id,body\r\n7,\"Naka, again\"\r\n8,none\r\n",
              output: "id,body,mentions\r\n7,\"Naka, again\",\"[{\"\"start\"\":0,\"\"end\"\":4,\"\"text\"\":\"\"Naka\"\",\"\"id\"\":\"\"nagorno-karabakh\"\",\"\"name\"\":\"\"Nagorno-Karabakh\"\",\"\"kind\"\":\"\"region\"\",\"\"parent\"\":\"\"AZE\"\",\"\"score\"\":1.000,\"\"method\"\":\"\"exact\"\",\"\"members\"\":[]}]\"\r\n8,none,[]\r\n"),
        .init(arguments: ["--format", "tsv", "--column", "2", "--header", "--mode", "annotate", "--mentions-field", "found"], input: "id\ttext\n1\tBaku\n",
              output: "id\ttext\tfound\n1\tBaku\t[{\"start\":0,\"end\":4,\"text\":\"Baku\",\"id\":\"geonames-587084\",\"name\":\"Baku\",\"kind\":\"city\",\"parent\":\"AZE\",\"score\":1.000,\"method\":\"exact\",\"members\":[]}]\n"),
        // --replace-with: the id, the abbreviation, or the name in a language.
        .init(arguments: ["--replace-with", "id"], input: "NATO met Lavrov in Naka.\n", output: "nato met sergey-lavrov in nagorno-karabakh.\n"),
        .init(arguments: ["--replace-with", "label"], input: "North Atlantic Alliance met in Naka.\n", output: "NATO met in Nagorno-Karabakh.\n"),
        .init(arguments: ["--replace-with", "name:ru", "--format", "jsonl"], input: #"{"text":"Talks in Naka, \"Aya-Yaah\""}"# + "\n",
              output: #"{"text":"Talks in Нагорный Карабах, \"Азербайджан и Армения\""}"# + "\n"),
        .init(arguments: ["--replace-with", "label:fr", "--format", "csv", "--column", "2"], input: "1,NATO in Georgia\n",
              output: "1,OTAN in Géorgie\n"),
        // Without a name in the language, a mention is left as written (莫斯科 does not become
        // "Moscow"); a country's name is CLDR's in exactly that language.
        .init(arguments: ["--replace-with", "name:de"], input: "Talks in 莫斯科 with Lavrov on Iraq.\n",
              output: "Talks in 莫斯科 with Lavrov on Irak.\n"),
        .init(arguments: ["--replace-with", "name:pt-BR"], input: "Armenia and Mexico\n", output: "Armênia and México\n"),
        // A dotted abbreviation takes its last full stop, unless the stop may end the sentence.
        .init(arguments: [], input: "the U.S. and the EU agreed.\nU.S.-Russia talks\nin the U.S. The end.\n",
              output: "the United States and the European Union agreed.\nUnited States-Russia talks\nin the United States. The end.\n"),
        // Annotate: a blank JSONL line passes through, as in replace mode.
        .init(arguments: ["--format", "jsonl", "--mode", "annotate"], input: #"{"text":"Baku"}"# + "\n\n",
              output: #"{"text":"Baku","mentions":[{"start":0,"end":4,"text":"Baku","id":"geonames-587084","name":"Baku","kind":"city","parent":"AZE","score":1.000,"method":"exact","members":[]}]}"# + "\n\n"),
        // --header with a numbered column: the first row passes through in replace mode.
        .init(arguments: ["--format", "csv", "--column", "1", "--header"], input: "Naka\nNaka\n", output: "Naka\nNagorno-Karabakh\n"),
        // Approximate mentions only through names in the languages of news (or curated): not
        // the Kannada name of Sweden, the Bulgarian one of Morocco, the Dutch one of Serbia…
        .init(arguments: [], input: "Skidan said.\nMiroka said.\nThe Service was good.\n",
              output: "Skidan said.\nMiroka said.\nThe Service was good.\n"),
        // … unless asked for, as `resolve` matches them.
        .init(arguments: ["--approximate-languages", "all"], input: "Skidan said.\n", output: "Sweden said.\n"),
        .init(arguments: ["--approximate-languages", "en,de"], input: "Support for Aserbaidschan\n", output: "Support for Azerbaijan\n"),
        .init(arguments: ["--approximate-languages", "EN, De-AT"], input: "Support for Aserbaidschan\n", output: "Support for Azerbaijan\n"),
        // A conjunction of two country names is two mentions in every language.
        .init(arguments: [], input: "Азербайджан и Армения подписали.\nAzerbaijan and Armenia signed.\n",
              output: "Azerbaijan и Armenia подписали.\nAzerbaijan and Armenia signed.\n"),
        // A short form beside another capitalised word is part of a longer name; after a word
        // for a person, it is the person; a given name before a name word is a person's.
        .init(arguments: [], input: "Aya Nakamura sang in Paris.\nTokyo striker Naka scored.\nFighting Resumes In Naka\n",
              output: "Aya Nakamura sang in Paris.\nTokyo striker Naka scored.\nFighting Resumes In Nagorno-Karabakh\n"),
        .init(arguments: ["--mode", "annotate"], input: "Jordan Peterson spoke in New Jersey.\n",
              output: #"{"record":1,"text":"Jordan Peterson spoke in New Jersey.","mentions":[{"start":25,"end":35,"text":"New Jersey","id":"new-jersey-us","name":"New Jersey","kind":"region","parent":"USA","score":1.000,"method":"exact","members":[]}]}"# + "\n"),
        // A place, a comma and its country: the place in that country (the US state), as
        // `resolve` reads "Georgia, USA"; "USA" there is the United States.
        .init(arguments: ["--mode", "annotate"], input: "He lives in Georgia, USA.\n",
              output: #"{"record":1,"text":"He lives in Georgia, USA.","mentions":[{"start":12,"end":19,"text":"Georgia","id":"georgia-us","name":"Georgia","kind":"region","parent":"USA","score":0.970,"method":"folded","members":[]},{"start":21,"end":24,"text":"USA","id":"USA","name":"United States","kind":"country","parent":null,"score":1.000,"method":"exact","members":[]}]}"# + "\n"),
    ]

    @Test("rewrites and annotates", arguments: cases)
    func normalize(_ example: Case) throws {
        let result = try CLIRunner.run(["normalize", "--no-progress"] + example.arguments, stdin: Data(example.input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == example.output)
    }

    @Test("malformed records: an error naming the line, or passed through and counted with --skip-bad", arguments: [
        (["--format", "jsonl"], "{\"text\":\"Naka\"}\n{\"text\":\"Naka\"\n", "<stdin>:2: malformed JSON"),
        (["--format", "csv", "--column", "2"], "a,b\n\"open,b\n", "<stdin>:2: malformed CSV in field 1: a quoted field is not closed"),
        (["--format", "csv", "--column", "3"], "a,b,c\nx,y\n", "<stdin>:2: the row has 2 field(s); column 3 is missing"),
        (["--format", "tsv", "--column", "name"], "id\ttext\n1\tNaka\n", "the header has no column \"name\""),
    ])
    func malformed(arguments: [String], input: String, message: String) throws {
        let failed = try CLIRunner.run(["normalize", "--no-progress"] + arguments, stdin: Data(input.utf8))
        #expect(failed.status == 1)
        #expect(failed.stderr.contains(message), "\(failed.stderr)")
        guard !message.contains("header") else { return }
        let skipped = try CLIRunner.run(["normalize", "--no-progress", "--skip-bad"] + arguments, stdin: Data(input.utf8))
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("1 malformed record(s) on 1 input line(s) passed through"), "\(skipped.stderr)")
        #expect(skipped.output.hasSuffix(String(input.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!) + "\n"))
    }

    @Test("annotate: a JSONL record that cannot take the mentions field is malformed, and passes through with --skip-bad", arguments: [
        (#"{"text":"Naka","mentions":1}"#, "<stdin>:1: the object already has a field \"mentions\"; choose another name for the mentions with --mentions-field, or pass --skip-bad to leave such records as they are\n"),
        (#"{"text":"Naka","\u006dentions":1}"#, "<stdin>:1: the object already has a field \"mentions\""),
        (#"["Naka"]"#, "<stdin>:1: the record is not a JSON object, so it cannot take a \"mentions\" field; fix the record or pass --skip-bad\n"),
        (#""Naka""#, "<stdin>:1: the record is not a JSON object"),
    ])
    func annotateConflict(record: String, message: String) throws {
        let input = Data((record + "\n" + #"{"text":"Naka"}"# + "\n").utf8)
        let failed = try CLIRunner.run(["normalize", "--no-progress", "--format", "jsonl", "--mode", "annotate"], stdin: input)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains(message), "\(failed.stderr)")
        let skipped = try CLIRunner.run(["normalize", "--no-progress", "--format", "jsonl", "--mode", "annotate", "--skip-bad"], stdin: input)
        #expect(skipped.status == 0)
        #expect(skipped.lines.count == 2)
        #expect(skipped.lines.first == record)
        #expect(skipped.lines.last?.hasPrefix(#"{"text":"Naka","mentions":[{"start":0"#) == true)
    }

    @Test("annotate: a CSV header that already has the mentions column is an error naming it", arguments: [
        ["--column", "headline"], ["--column", "2", "--header"],
    ])
    func annotateHeaderConflict(arguments: [String]) throws {
        let input = Data("id,headline,mentions\n1,Baku,old\n".utf8)
        let failed = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--mode", "annotate"] + arguments, stdin: input)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("<stdin>:1: the header already has a column \"mentions\"; choose another name for the mentions with --mentions-field"), "\(failed.stderr)")
        let renamed = try CLIRunner.run(["normalize", "--no-progress", "--format", "csv", "--mode", "annotate", "--mentions-field", "found"]
                                        + arguments, stdin: input)
        #expect(renamed.status == 0)
        #expect(renamed.lines.first == "id,headline,mentions,found")
    }

    @Test("a malformed record deep in the input, while the next batch is in flight: the records before it are written, in order, then the error names its line")
    func malformedInLaterBatch() throws {
        // Batches hold 8,192 records: record 17,000 is in the third, found while the main
        // thread writes it (the last records are being processed meanwhile).
        let count = 20_000, bad = 17_000
        let input = (1...count).map { $0 == bad ? "{\"text\":\"Naka\"" : "{\"n\":\($0),\"text\":\"Talks in Naka\"}" }
            .joined(separator: "\n") + "\n"
        let result = try CLIRunner.run(["normalize", "--no-progress", "--jobs", "2", "--format", "jsonl"], stdin: Data(input.utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("<stdin>:\(bad): malformed JSON"), "\(result.stderr.prefix(300))")
        let lines = result.lines
        #expect(lines.count == bad - 1)
        #expect(lines.enumerated().allSatisfy { $1 == "{\"n\":\($0 + 1),\"text\":\"Talks in Nagorno-Karabakh\"}" })
        let skipped = try CLIRunner.run(["normalize", "--no-progress", "--jobs", "2", "--format", "jsonl", "--skip-bad"],
                                        stdin: Data(input.utf8))
        #expect(skipped.status == 0)
        #expect(skipped.lines.count == count)
    }

    @Test("-o writes the whole output or nothing")
    func atomicOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-normalize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.jsonl").path
        let good = try CLIRunner.run(["normalize", "--format", "jsonl", "-o", target], stdin: Data("{\"text\":\"Naka\"}\n".utf8))
        #expect(good.status == 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "{\"text\":\"Nagorno-Karabakh\"}\n")
        let other = folder.appendingPathComponent("bad.jsonl").path
        let bad = try CLIRunner.run(["normalize", "--format", "jsonl", "-o", other], stdin: Data("{\"text\":\"Naka\"}\nnot json\n".utf8))
        #expect(bad.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.jsonl"])
    }

    @Test("usage errors exit with status 2", arguments: [
        ["--threshold", "2"], ["--jobs", "0"], ["--format", "xml"], ["--format", "jsonl", "--field", "a..b"],
        ["--replace-with", "nme"], ["--replace-with", "name:"], ["--replace-with", "id", "--mode", "annotate"],
        ["--mentions-field", "found"], ["--format", "jsonl", "--mode", "annotate", "--mentions-field", "a.b"],
        ["--header"], ["--format", "jsonl", "--header"], ["--replace-with", "name:xx"], ["--replace-with", "label:english"],
    ])
    func usage(arguments: [String]) throws {
        let result = try CLIRunner.run(["normalize"] + arguments, stdin: Data())
        #expect(result.status == 2)
        #expect(!result.stderr.isEmpty)
    }

    @Test("--progress reports records and speed on standard error; the output is unchanged")
    func progress() throws {
        let input = Data(String(repeating: "Talks on Naka resumed.\n", count: 1_000).utf8)
        let shown = try CLIRunner.run(["normalize", "--progress"], stdin: input)
        let quiet = try CLIRunner.run(["normalize", "--no-progress"], stdin: input)
        #expect(shown.status == 0 && quiet.status == 0)
        #expect(shown.stdout == quiet.stdout)
        #expect(shown.stderr.contains("1000 records") && shown.stderr.contains("MB/s"))
        #expect(quiet.stderr.isEmpty)
        // Updates rewrite one line (at most 4 a second); the final count is written once,
        // and then the summary.
        let lines = shown.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains("1000 records") }.count == 1, "\(shown.stderr.debugDescription)")
        #expect(lines.last?.hasPrefix("nomina: 1000 record(s)") == true, "\(shown.stderr.debugDescription)")
    }

    @Test("a record longer than --max-record-bytes is an error naming its line")
    func longRecord() throws {
        let input = Data(("short\n" + String(repeating: "x", count: 5_000) + "\n").utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--max-record-bytes", "1000"], stdin: input)
        #expect(result.status == 1)
        #expect(result.stderr.contains("<stdin>:2: a record is longer than 1000 bytes"), "\(result.stderr)")
    }

    @Test("the largest --max-record-bytes is taken as no limit, in every format (found by the attacker review)",
          arguments: ["text", "jsonl", "csv", "tsv"])
    func largestRecordLimit(format: String) throws {
        // An open quote makes the CSV reader look ahead by the limit: Int.max overflowed.
        let input = Data("a,\"unclosed\nb,c\n".utf8)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--format", format, "--skip-bad",
                                        "--max-record-bytes", String(Int.max)], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == 2, "\(result.output)")
    }

    @Test("a file that does not exist is one clear error")
    func missingFile() throws {
        let result = try CLIRunner.run(["normalize", "/nonexistent/corpus.txt"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read /nonexistent/corpus.txt"))
    }

    // MARK: - 100,000 records

    enum Format: String, CaseIterable, Sendable { case text, jsonl, csv, tsv }

    /// A corpus of `count` records: a third with mentions, the rest without; in text and
    /// JSONL, every 997th record is not valid UTF-8; in CSV, some fields are quoted and hold
    /// line breaks. Every record carries its number, to check the order.
    static func corpus(_ format: Format, count: Int) -> (data: Data, mentions: [Bool], invalid: Set<Int>) {
        let withMentions = ["talks on Naka resumed", "the Aya-Yaah parties met", "Lavrov spoke of Naqqa", "纳卡地区局势",
                            "Азербайджан и Армения", "shelling near Nagorno Karabakh"]
        let without = ["the ceasefire agreement held", "the harbour was calm", "Chad Smith said so", "heavy snow, again",
                       "quiet \"quoted\" day", "nothing\tto see"]
        var data = Data()
        var mentions: [Bool] = []
        var invalid: Set<Int> = []
        var state: UInt64 = 42
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        if format == .csv { data.append(Data("id,text\n".utf8)) }
        for number in 0..<count {
            let mention = next() % 3 == 0
            var text = "r\(number) " + (mention ? withMentions : without)[next() % 6]
            if format == .csv && number % 50 == 0 { text += "\nsecond line" }
            mentions.append(mention)
            if (format == .text || format == .jsonl) && number % 997 == 500 {
                invalid.insert(number)
                data.append(Data("r\(number) ".utf8) + Data([0xC3, 0x28, 0xFF]) + Data(" Naka\n".utf8))
                continue
            }
            switch format {
            case .text:
                data.append(Data((text.replacingOccurrences(of: "\t", with: " ") + "\n").utf8))
            case .jsonl:
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\t", with: "\\t")
                data.append(Data("{\"n\":\(number),\"meta\":{\"text\":\"\(escaped)\"},\"tags\":[\"a\",1]}\n".utf8))
            case .csv:
                let needsQuotes = text.contains(",") || text.contains("\"") || text.contains("\n")
                let field = needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                data.append(Data("\(number),\(field)\n".utf8))
            case .tsv:
                data.append(Data("\(text.replacingOccurrences(of: "\t", with: " "))\t\(number)\n".utf8))
            }
        }
        return (data, mentions, invalid)
    }

    /// Records of CSV output: a quote-aware split, independent of the implementation.
    static func records(_ data: Data, quoted: Bool) -> [Data] {
        var records: [Data] = []
        var start = data.startIndex
        var inQuotes = false
        for index in data.indices {
            let byte = data[index]
            if quoted && byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == UInt8(ascii: "\n") && !inQuotes {
                records.append(data[start..<index])
                start = index + 1
            }
        }
        if start < data.endIndex { records.append(data[start...]) }
        return records
    }

    @Test("100,000 records: count and order kept, records without mentions byte-identical, invalid UTF-8 passed through",
          arguments: Format.allCases)
    func largeCorpus(format: Format) throws {
        let count = 100_000
        let (input, mentions, invalid) = Self.corpus(format, count: count)
        var arguments = ["normalize", "--no-progress", "--format", format.rawValue]
        switch format {
        case .text: break
        case .jsonl: arguments += ["--field", "meta.text"]
        case .csv: arguments += ["--column", "text"]
        case .tsv: arguments += ["--column", "1"]
        }
        let result = try CLIRunner.run(arguments, stdin: input)
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        let quoted = format == .csv
        var inputRecords = Self.records(input, quoted: quoted)
        var outputRecords = Self.records(result.stdout, quoted: quoted)
        if format == .csv {
            #expect(outputRecords.first == inputRecords.first)  // the header
            inputRecords.removeFirst()
            outputRecords.removeFirst()
        }
        #expect(outputRecords.count == count)
        guard outputRecords.count == count else { return }
        var rewritten = 0
        for number in 0..<count {
            let output = outputRecords[number], original = inputRecords[number]
            // Order: each record still starts with (or, in TSV, ends with) its number.
            let marker = Data((format == .csv ? "\(number)," : format == .tsv ? "\t\(number)" : "r\(number) ").utf8)
            let prefix = format == .jsonl && !invalid.contains(number) ? Data("{\"n\":\(number),".utf8) : marker
            if format == .tsv {
                #expect(output.suffix(marker.count) == marker, "record \(number)")
            } else {
                #expect(output.prefix(prefix.count) == prefix, "record \(number)")
            }
            if invalid.contains(number) || !mentions[number] {
                #expect(output == original, "record \(number) should pass through unchanged")
            } else if output != original {
                rewritten += 1
            }
        }
        // Every record with a mention is rewritten (no template is written canonically).
        #expect(rewritten == zip(mentions, 0..<count).filter { $0.0 && !invalid.contains($0.1) }.count)
        for number in invalid.sorted().prefix(3) {
            #expect(result.stderr.contains(":\(number + 1): not valid UTF-8"), "warning for line \(number + 1)")
        }
    }

    @Test("memory stays flat as the input grows (a record's result is not kept after it is written)",
          .serialized, arguments: [NormalizeCommandTests.Format.text, .jsonl])
    func constantMemory(format: Format) throws {
        // 200,000 and 600,000 records (about 12 and 36 MB), both long enough for the
        // pipeline to be full (chunks read, processed and written at once) and for the
        // threads' malloc arenas to reach their size. A leak of the results, as there was
        // once, costs 75–125 bytes a record: 30 MB or more between the two. The peak is the
        // one `nomina` reports with --progress (its own address space's high-water mark;
        // `wait4`'s counts this test process too, up to the `exec`).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // With a compiled index, mapped: building the index in memory would set the peak.
        let index = folder.appendingPathComponent("bundled.nomina")
        #expect(try CLIRunner.run(["compile", "-o", index.path]).status == 0)
        var peaks: [Double] = []
        for count in [200_000, 600_000] {
            let file = folder.appendingPathComponent("\(count).\(format.rawValue)")
            try Self.corpus(format, count: count).data.write(to: file)
            var arguments = ["normalize", "--progress", "--jobs", "2", "--index", index.path, "--format", format.rawValue,
                             "-o", folder.appendingPathComponent("out").path, file.path]
            if format == .jsonl { arguments += ["--field", "meta.text"] }
            let run = try CLIRunner.run(arguments)
            #expect(run.status == 0)
            let summary = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("nomina: \(count) record(s)") })
            let peak = try #require(summary.split(separator: "peak memory ").last?.split(separator: " ").first.flatMap { Double($0) })
            peaks.append(peak)
        }
        #expect(peaks[1] - peaks[0] < 10, "peak memory \(peaks[0]) MiB for 200,000 records, \(peaks[1]) MiB for 600,000")
    }

    @Test("annotate: one object per record, numbered in order, offsets in code points")
    func annotateLarge() throws {
        let (input, mentions, invalid) = Self.corpus(.text, count: 20_000)
        let result = try CLIRunner.run(["normalize", "--no-progress", "--mode", "annotate", "--jobs", "2"], stdin: input)
        #expect(result.status == 0)
        let lines = result.lines
        #expect(lines.count == 20_000)
        for (number, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["record"] as? Int == number + 1)
            let found = object["mentions"] as? [[String: Any]] ?? []
            if invalid.contains(number) {
                #expect(object["note"] as? String == "not valid UTF-8")
            } else {
                #expect(found.isEmpty == !mentions[number], "record \(number + 1): \(line)")
                let text = object["text"] as? String ?? ""
                let scalars = Array(text.unicodeScalars)
                for mention in found {
                    let start = mention["start"] as! Int, end = mention["end"] as! Int
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<end])
                    #expect(String(view) == mention["text"] as? String)
                }
            }
        }
    }
}
