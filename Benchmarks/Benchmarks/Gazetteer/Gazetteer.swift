import Benchmark
import BenchmarkSupport
import Foundation
import Nomina

// Loading dictionaries: every CLI call pays for the bundled set, and bulk lists reach
// millions of rows. "Gazetteer/load/bulk-1M" loads a generated file of 1,000,000 alias
// lines (200,000 city entities with 5 aliases each, names in Latin, Cyrillic and Han
// syllables), written once to a temporary folder when the suite starts.

enum BulkFile {
    static let path: String = {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-bench-bulk-1M-v2.tsv").path
        if FileManager.default.fileExists(atPath: file) { return file }
        var generator = SplitMix64(seed: 1)
        let latin = ["ka", "ra", "ba", "na", "go", "ri", "mo", "sta", "vel", "dan", "ko", "ash", "er", "lin", "tor"]
        let cyrillic = ["ка", "ра", "ба", "на", "го", "ри", "мо", "ста", "вел", "дан", "ко", "аш", "ер", "лин", "тор"]
        let han = ["卡", "拉", "巴", "纳", "戈", "里", "莫", "斯", "韦", "丹", "科", "阿", "尔", "林", "托"]
        func word(_ syllables: [String], _ separator: String = "") -> String {
            (0..<Int.random(in: 2...4, using: &generator)).map { _ in syllables.randomElement(using: &generator)! }
                .joined(separator: separator)
        }
        var text = "# nomina-bulk 1\n"
        text.reserveCapacity(70_000_000)
        for city in 0..<200_000 {
            let name = word(latin).capitalized
            let prefix = "geonames-\(city)\tcity\t\(name)\t"
            // Five distinct aliases per entity (a duplicate alias is a load error).
            var aliases: [(String, String, String)] = [("\(name) City", "en", "")]
            var seen: Set<String> = [name, "\(name) City"]
            for (syllables, lang, type) in [(latin, "", ""), (cyrillic, "ru", ""), (han, "zh", ""), (latin, "", "transliteration")] {
                var alias = word(syllables).capitalized
                while !seen.insert(alias).inserted { alias = word(syllables).capitalized }
                aliases.append((alias, lang, type))
            }
            for (alias, lang, type) in aliases { text += prefix + "\(alias)\t\(lang)\t\(type)\n" }
        }
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    Benchmark("Gazetteer/load/bundled") { benchmark in
        let gazetteer = try Gazetteer.bundled()
        blackHole(gazetteer.aliasCount)
    }

    Benchmark("Gazetteer/load/bulk-1M", configuration: .init(maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
        let path = BulkFile.path
        benchmark.startMeasurement()
        let gazetteer = try Gazetteer.load(paths: [path], includeBundled: false)
        precondition(gazetteer.aliasCount == 1_000_000)
        blackHole(gazetteer)
    }

    Benchmark("Gazetteer/validate/bundled", configuration: .init(maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
        let folder = GazetteerLoader.bundledDictionaryFolder!
        benchmark.startMeasurement()
        blackHole(DictionaryValidator.validate(paths: [folder]).errorCount)
    }
}
