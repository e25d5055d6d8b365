import Foundation
import Testing

/// The bundled cities, organisations and people, through the built binary: the answers the
/// issue on breadth asks for, as a user types them.
@Suite("Bundled cities, organisations and people (the built binary)")
struct GazetteerBreadthTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("resolve: Paris and Moscow by population, Springfield ambiguous, Naqqa curated, Stepanakert, the UN three ways, Putin")
    func resolves() throws {
        let queries = ["Paris", "Moscow", "Springfield", "Naqqa", "Stepanakert", "UN", "联合国", "ООН", "Putin"]
        let result = try CLIRunner.run(["resolve", "--format", "tsv"] + queries)
        #expect(result.status == 0, "\(result.stderr)")
        let ids = result.lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .map { ($0[1], $0[5]) }
        #expect(ids.map(\.0) == ["geonames-2988507", "geonames-524901", "", "nagorno-karabakh", "geonames-146970",
                                 "united-nations", "united-nations", "united-nations", "vladimir-putin"], "\(result.output)")
        #expect(ids[2].1 == "ambiguous")
    }

    @Test("text output names the country of a city and the name that matched")
    func textOutput() throws {
        let result = try CLIRunner.run(["resolve", "--explain", "Stepanakert", "Paris"])
        #expect(result.status == 0)
        #expect(result.output.contains("geonames-146970  Khankendi (city in AZE)  score 1.000  exact  matched \"Stepanakert\""),
                "\(result.output)")
        #expect(result.output.contains("geonames-2988507 preferred over"), "\(result.output)")
        #expect(result.output.contains("population 2,138,551 against at most"), "\(result.output)")
    }

    @Test("the example news text: Baku, Moscow, Yerevan, Tbilisi and Geneva are found")
    func exampleCities() throws {
        let example = Self.root.appendingPathComponent("Examples/naka-news.txt").path
        let result = try CLIRunner.run(["normalize", "--mode", "annotate", example])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = Set(result.lines.compactMap { line -> [String]? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let mentions = object["mentions"] as? [[String: Any]] else { return nil }
            return mentions.compactMap { $0["id"] as? String }
        }.flatMap { $0 })
        for city in ["geonames-587084", "geonames-524901", "geonames-616052", "geonames-611717", "geonames-2660646"] {
            #expect(ids.contains(city), "\(city) not found: \(ids.sorted())")
        }
        // And what must not be there: "Li Wen" (a reporter), demonyms, Chad Smith.
        #expect(!ids.contains("TCD"))
        #expect(!result.output.contains("\"text\":\"Li Wen\""))
    }
}
