import Foundation
import Testing

@Suite("nomina resolve (the built binary)")
struct ResolveCommandTests {
    @Test("TSV: query, id, name, kind, score with 3 decimals, method; empty id for none and ambiguous")
    func tsv() throws {
        let result = try CLIRunner.run(["resolve", "--format", "tsv", "Naqqa", "Congo", "chairs", "中俄"])
        #expect(result.status == 0)
        #expect(result.lines == [
            "Naqqa\tnagorno-karabakh\tNagorno-Karabakh\tregion\t0.880\tphonetic",
            "Congo\t\t\t\t1.000\tambiguous",
            "chairs\t\t\t\t0.000\tnone",
            "中俄\tCHN+RUS\tChina–Russia\tpair\t0.800\tabbreviation",
        ])
    }

    @Test("text: an ambiguous answer says what each candidate is, a city with its country")
    func ambiguousText() throws {
        let result = try CLIRunner.run(["resolve", "Congo", "Reading"])
        #expect(result.status == 0)
        #expect(result.lines.contains("    COD  Democratic Republic of the Congo (country)"), "\(result.output)")
        #expect(result.lines.contains("    geonames-2639577  Reading (city in GBR)"), "\(result.output)")
    }

    @Test("TSV: tabs and line breaks inside a query become one space each", arguments: [
        ("Arme\tnia", "Arme nia"), ("Arme\r\nnia", "Arme nia"), ("Arme\rnia", "Arme nia"), ("Arme\nnia", "Arme nia"),
        ("A\t\tB", "A  B"), ("Armenia", "Armenia"),
    ])
    func tsvFields(_ query: String, _ written: String) throws {
        let result = try CLIRunner.run(["resolve", "--format", "tsv", query])
        #expect(result.status == 0)
        #expect(result.lines.count == 1 && result.lines.first?.split(separator: "\t", omittingEmptySubsequences: false).first
                    .map(String.init) == written, "\(result.lines)")
    }

    @Test("stdin streams one result per query, in order")
    func stdinOrder() throws {
        let queries = (0..<3_000).map { ["Aya-Yaah", "Azerbaidzhan", "chair", "", "纳卡", "Armenia and Azerbaijan"][$0 % 6] }
        let result = try CLIRunner.run(["resolve", "--format", "tsv"], stdin: Data((queries.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0)
        #expect(result.lines.count == queries.count)
        for (query, line) in zip(queries, result.lines) {
            #expect(line.hasPrefix(query + "\t"))
        }
        #expect(result.lines[0].contains("\tazerbaijan-armenia\t"))
        #expect(result.lines[4].contains("\tnagorno-karabakh\t"))
    }

    @Test("JSON lines add outcome, candidates, members and explanation")
    func jsonl() throws {
        let result = try CLIRunner.run(["resolve", "--format", "jsonl", "Aya-Yaah"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "match")
        #expect(object["id"] as? String == "azerbaijan-armenia")
        #expect(object["members"] as? [String] == ["AZE", "ARM"])
        #expect((object["explanation"] as? [String])?.contains("dropped \"Yaah\", an echo of the part before") == true)
        #expect((object["candidates"] as? [[String: Any]])?.first?["id"] as? String == "azerbaijan-armenia")
        let array = try CLIRunner.run(["resolve", "--format", "json", "Naka", "chairs"])
        let parsed = try JSONSerialization.jsonObject(with: array.stdout) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?[1]["id"] is NSNull)
    }

    @Test("punctuation around a name and a possessive are left out, as in mentions; the query is reported as given")
    func trimmedQueries() throws {
        let result = try CLIRunner.run(["resolve", "--format", "tsv", "Russia's", "(Naka)", "\u{201C}Baku\u{201D},", "U.S."])
        #expect(result.lines == [
            "Russia's\tRUS\tRussia\tcountry\t1.000\texact",
            "(Naka)\tnagorno-karabakh\tNagorno-Karabakh\tregion\t1.000\texact",
            "\u{201C}Baku\u{201D},\tgeonames-587084\tBaku\tcity\t1.000\texact",
            "U.S.\tUSA\tUnited States\tcountry\t1.000\texact",
        ])
    }

    @Test("options: --kind, --threshold, bad values exit 2")
    func options() throws {
        let regions = try CLIRunner.run(["resolve", "--format", "tsv", "--kind", "region", "Azerbaijan"])
        #expect(regions.lines == ["Azerbaijan\t\t\t\t0.000\tnone"])
        let strict = try CLIRunner.run(["resolve", "--format", "tsv", "--threshold", "0.99", "Naqqa"])
        #expect(strict.lines.first?.hasSuffix("\tnone") == true)
        let bad = try CLIRunner.run(["resolve", "--threshold", "7", "Naqqa"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--threshold must be between 0 and 1"))
    }
}
