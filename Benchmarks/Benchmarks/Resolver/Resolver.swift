import Benchmark
import BenchmarkSupport
import Dispatch
import Nomina

// The resolver on the bundled gazetteer (280 entities, ~30,000 names). Queries: every
// 7th name as written (exact hits), and the same names with one transposition in the
// middle (fuzzy: they miss the exact, folded, skeleton and phonetic stages first).

enum Queries {
    static let gazetteer = try! Gazetteer.bundled()
    static let names: [String] = {
        var names: [String] = []
        for (index, entity) in gazetteer.entities.enumerated() {
            for (position, name) in ([entity.name] + entity.aliases.map(\.name)).enumerated() where (index + position) % 7 == 0 {
                names.append(name)
            }
        }
        return names
    }()
    static let exact = Array(names.prefix(2_000))
    /// Written forms that miss the exact and folded names and go through the later stages
    /// (designators, inverted and cut-short official forms, brackets, typos, words that
    /// are no name): the recall stages' cost on misses.
    static let mixed: [String] = {
        var queries: [String] = []
        for (position, name) in names.prefix(3_000).enumerated() {
            switch position % 6 {
            case 0: queries.append("Republic of " + name)
            case 1: queries.append(name + ", Republic of")
            case 2: queries.append(name + " (" + name + ")")
            case 3: queries.append("Kingdom of the " + name + " and the")
            case 4: queries.append(String(name.reversed()))
            default: queries.append(name.lowercased() + "s Republic")
            }
        }
        return queries
    }()
    static let fuzzy: [String] = names.filter { $0.count >= 8 && $0.unicodeScalars.allSatisfy(\.isASCII) }.prefix(1_000).map { name in
        var characters = Array(name)
        let middle = characters.count / 2
        characters.swapAt(middle, middle + 1)
        return String(characters)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 2,
        maxDuration: .seconds(4),
        maxIterations: 200
    )

    Benchmark("Resolver/build/bundled", configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
                                                             maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
        let gazetteer = Queries.gazetteer
        benchmark.startMeasurement()
        blackHole(Resolver(gazetteer: gazetteer, normalizer: NameNormalizer()))
    }

    let resolver = Resolver(gazetteer: Queries.gazetteer)
    _ = resolver.resolve(Queries.exact + Queries.fuzzy + Queries.mixed)

    Benchmark("Resolver/exact/bundled-2k") { benchmark in
        for query in Queries.exact { blackHole(resolver.resolve(query)) }
    }

    // One query per iteration, so that the percentiles are per-query latencies.
    var fuzzyIndex = 0
    Benchmark("Resolver/fuzzy-latency/bundled", configuration: .init(metrics: [.wallClock], timeUnits: .microseconds,
                                                                      maxDuration: .seconds(4), maxIterations: 20_000)) { benchmark in
        blackHole(resolver.resolve(Queries.fuzzy[fuzzyIndex % Queries.fuzzy.count]))
        fuzzyIndex += 1
    }

    var mixedIndex = 0
    Benchmark("Resolver/mixed-latency/bundled", configuration: .init(metrics: [.wallClock], timeUnits: .microseconds,
                                                                      maxDuration: .seconds(4), maxIterations: 20_000)) { benchmark in
        blackHole(resolver.resolve(Queries.mixed[mixedIndex % Queries.mixed.count]))
        mixedIndex += 1
    }

    Benchmark("Resolver/batch/bundled-3k") { benchmark in
        blackHole(resolver.resolve(Queries.exact + Queries.fuzzy))
    }
}
