import Foundation
import Testing
@testable import Nomina

/// One row of `Fixtures/demonyms.tsv`: `lang<TAB>form<TAB>alpha3<TAB>sentence`, a demonym or
/// adjective of a country (never a name of it) and a sentence that holds it verbatim and no
/// name of a country, city, organisation or person.
struct DemonymRow: Sendable, CustomTestStringConvertible {
    /// The 1-based line in the table.
    let line: Int
    let language: String
    let form: String
    /// The ISO 3166-1 alpha-3 code of the country the form is of.
    let country: String
    let sentence: String

    var testDescription: String { "line \(line), \(language) \"\(form)\" (\(country)): \(sentence)" }

    /// Where the form stands in the sentence, in code points (as `Mention.start`/`end`).
    var formSpan: Range<Int>? {
        guard let range = sentence.range(of: form, options: .literal) else { return nil }
        let start = sentence.unicodeScalars.distance(from: sentence.startIndex, to: range.lowerBound)
        return start..<(start + form.unicodeScalars.count)
    }

    static let languages = ["en", "fr", "de", "es", "ru"]

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/demonyms.tsv").path

    /// The table's rows, and the lines that are not four fields.
    static let table: (rows: [DemonymRow], malformed: [Int]) = {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var rows: [DemonymRow] = [], malformed: [Int] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, fields.allSatisfy({ !$0.isEmpty }) else {
                malformed.append(offset + 1)
                continue
            }
            rows.append(DemonymRow(line: offset + 1, language: fields[0], form: fields[1], country: fields[2],
                                   sentence: fields[3]))
        }
        return (rows, malformed)
    }()

    static var all: [DemonymRow] { table.rows }
}

/// Demonyms and adjectives of countries ("Armenian", "arménienne", "georgisch", "грузины")
/// are not names of the country: running text never gets a mention of them, nor a rewrite,
/// and the resolver does not read them as names of their country.
@Suite("Demonyms")
struct DemonymTests {
    @Test("the table: at least 220 rows, 40 per language, each form written in its sentence")
    func tableShape() {
        let rows = DemonymRow.all
        #expect(DemonymRow.table.malformed.isEmpty, "lines not of four non-empty fields: \(DemonymRow.table.malformed)")
        #expect(rows.count >= 220)
        for language in DemonymRow.languages {
            let count = rows.filter { $0.language == language }.count
            #expect(count >= 40, "\(language): \(count) rows")
        }
        for row in rows {
            #expect(DemonymRow.languages.contains(row.language), "\(row.testDescription)")
            #expect(row.country.count == 3 && row.country.allSatisfy { $0.isASCII && $0.isUppercase },
                    "\(row.testDescription)")
            #expect(row.formSpan != nil, "the form is not in its sentence: \(row.testDescription)")
        }
    }

    /// Rows that fail today, with why; each is checked to fail still (a known issue that is
    /// no longer recorded fails the test, so the list shrinks as they are fixed).
    static let knownInText: [String: String] = [
        "en Argentine": "the French name of Argentina",
        "de Polen": "the German name of Poland: the plural of Pole is written so",
        "de französische": "\"Küche\" (kitchen) folds to \"Kuche\", a name of Kuqa (Xincheng): German capitalises nouns",
    ]
    static let knownAsName: [String: String] = [
        "en German": "folded to the Mongolian Герман", "en Saudi": "the Taita name of Saudi Arabia",
        "en Swiss": "the Indonesian name of Switzerland", "fr argentin": "folded to the Mongolian Аргентин",
        "es rusa": "folded to the Hindi रूस", "es saudí": "folded to the Taita Saudi",
        "ru Турки": "folded to the Assamese তুৰ্কি",
        "ru Чехи": "the Chechen name of Czechia, written so: a whole query matches it exactly (text does not read it)",
        "ru Словаки": "the Chechen name of Slovakia, written so: a whole query matches it exactly (text does not read it)",
    ]

    @Test("a demonym in running text is no mention, and the sentence is not rewritten", arguments: DemonymRow.all)
    func noMention(_ row: DemonymRow) throws {
        if let reason = Self.knownInText["\(row.language) \(row.form)"] {
            withKnownIssue(Comment(rawValue: reason)) { try check(row) }
        } else {
            try check(row)
        }
    }

    private func check(_ row: DemonymRow) throws {
        let span = try #require(row.formSpan)
        let extractor = ExtractionTests.extractor
        let overlapping = extractor.mentions(in: row.sentence).filter { $0.start < span.upperBound && span.lowerBound < $0.end }
        #expect(overlapping.isEmpty, """
            "\(row.form)" is inside mentions: \(overlapping.map { "\"\($0.surface)\" → \($0.entity?.id ?? "ambiguous") (\($0.method.rawValue))" })
            """)
        let rewritten = extractor.rewrite(row.sentence)
        #expect(rewritten.text == row.sentence,
                "rewritten through \(rewritten.mentions.map { "\"\($0.surface)\" → \($0.entity?.id ?? "ambiguous")" })")
    }

    @Test("a demonym is not a name of its country (no exact or folded match)", arguments: DemonymRow.all)
    func notAName(_ row: DemonymRow) {
        // A form that is also the country's name in a major language ("Syrien" in German,
        // "armenia" in Spanish, "Polen"; "arménien" folds to the German "Armenien") is a name:
        // the resolver is right to read it so.
        let country = ResolverTests.resolver.gazetteer.entity(id: row.country)
        let majors: Set<String> = ["en", "fr", "de", "es", "it", "pt", "ru"]
        let homograph = country.map { entity in
            ([entity.name] + entity.aliases.filter { $0.language.map(majors.contains) ?? true }.map(\.name))
                .contains { $0.compare(row.form, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        } ?? false
        guard !homograph else { return }
        if let reason = Self.knownAsName["\(row.language) \(row.form)"] {
            withKnownIssue(Comment(rawValue: reason)) { resolvesNot(row) }
        } else {
            resolvesNot(row)
        }
    }

    private func resolvesNot(_ row: DemonymRow) {
        let resolution = ResolverTests.resolver.resolve(row.form)
        let isName = resolution.outcome == .match && resolution.best?.id == row.country
            && (resolution.method == .exact || resolution.method == .folded)
        #expect(!isName, """
            "\(row.form)" resolves to \(row.country) (\(resolution.method.rawValue)) through "\(resolution.best?.matchedName ?? "")"
            """)
    }
}
