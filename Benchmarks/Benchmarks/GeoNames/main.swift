// The resolver on the GeoNames gazetteer (cities500: 234,908 places, 1.2 million names),
// measured outside the harness because one index build takes about a minute.
//
//   python3 Scripts/geonames_to_bulk.py ../Dictionaries/countries.tsv > /tmp/geonames.tsv
//   swift run -c release GeoNames /tmp/geonames.tsv /tmp/geonames-queries
//
// Writes the folded keys of all names and the queries (with their folded keys) to the
// output folder, then runs Scripts/rapidfuzz_extractone.py in the same run, so that
// RapidFuzz's extractOne scores exactly the same keys and queries (needs python3 with
// rapidfuzz; without it, the script can be run by hand on the folder).

import Dispatch
import Foundation
import Nomina

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: GeoNames BULK.tsv OUTPUT-FOLDER | GeoNames --latency INDEX")
    exit(2)
}
let output = arguments[2]
try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * p))] }

// `GeoNames --latency INDEX`: only the fuzzy latency, over an index compiled before
// (`nomina compile --no-bundled -o INDEX countries.tsv BULK.tsv`), with the same queries;
// five rounds (or as many as a third argument says, for a profiler), the median over all
// of them. Seconds instead of a minute's index build.
if arguments[1] == "--latency" {
    let rounds = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 5) : 5
    let mapped = try Resolver(index: arguments[2])
    let queries = typoQueries(mapped.gazetteer)
    var latencies: [Double] = []
    for _ in 0..<rounds {
        for query in queries {
            let t = now()
            _ = mapped.resolve(query)
            latencies.append((now() - t) * 1e6)
        }
    }
    let outcomes = queries.map { mapped.resolve($0).outcome }
    // By the query's length: up to 9 bytes one edit is allowed, from 10 two (a second
    // walk of the trie when one edit finds nothing).
    var byLength: [String] = []
    for (low, high) in [(0, 9), (10, 12), (13, 99)] {
        var medians: [Double] = []
        for (position, query) in queries.enumerated() where (low...high).contains(query.utf8.count) {
            medians.append(median(stride(from: position, to: latencies.count, by: queries.count).map { latencies[$0] }))
        }
        if !medians.isEmpty { byLength.append("\(low)–\(high) bytes: \(medians.count) queries, \(String(format: "%.1f", median(medians))) µs") }
    }
    print("fuzzy over the compiled index: median \(String(format: "%.1f", median(latencies))) µs, "
          + "p99 \(Int(percentile(latencies, 0.99))) µs (1 core, \(queries.count) queries, \(rounds) rounds); "
          + "\(outcomes.filter { $0 == .match }.count) match, \(outcomes.filter { $0 == .ambiguous }.count) ambiguous")
    print("by length (median of each query's rounds): " + byLength.joined(separator: "; "))
    exit(0)
}

/// Names of places with population order unknown, so every 50th city name (ASCII, 8+
/// characters), the first 2,000.
func sampledNames(_ gazetteer: Gazetteer) -> [String] {
    let cityNames = gazetteer.entities.lazy.filter { $0.kind == .city }.map(\.name)
        .filter { $0.count >= 8 && $0.unicodeScalars.allSatisfy(\.isASCII) }
    return Array(cityNames.enumerated().filter { $0.offset % 50 == 0 }.map(\.element).prefix(2_000))
}
/// The first 500 sampled names with two middle letters swapped.
func typoQueries(_ gazetteer: Gazetteer) -> [String] {
    sampledNames(gazetteer).prefix(500).map { name -> String in
        var characters = Array(name)
        let middle = characters.count / 2
        characters.swapAt(middle, middle + 1)
        return String(characters)
    }
}

var start = now()
// With countries.tsv only (the places name their countries as parents), as `nomina compile
// --no-bundled` and side_by_side.py load them: the bundled set holds GeoNames' larger
// cities itself, under the same ids, which a load with it refuses as duplicates.
let countries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Dictionaries/countries.tsv")
    .standardizedFileURL.path
let gazetteer = try Gazetteer.load(paths: [countries, arguments[1]], includeBundled: false)
let loadTime = now() - start
start = now()
let resolver = Resolver(gazetteer: gazetteer)
let buildTime = now() - start
let stats = resolver.indexStatistics
print("load \(String(format: "%.2f", loadTime)) s; index build \(String(format: "%.2f", buildTime)) s; \(stats.names) names; \(stats.bytes / 1_000_000) MB, \(Int(stats.bytesPerName)) bytes per name")

// Queries: sampled city names as written, and the same with two middle letters swapped.
let exactQueries = sampledNames(gazetteer)
let fuzzyQueries = typoQueries(gazetteer)

// Exact hits, one core: all sampled names, and apart those of one place and those that
// several places share (decided "ambiguous" from the first few ranked hits). The three
// sets are measured in turn, 15 rounds each, so that a slow spell of the shared machine
// touches all three; a round is short (a few ms), so the median matters.
_ = resolver.resolve(exactQueries)
let shared = exactQueries.filter { gazetteer.entities(named: $0).count > 1 }
let unique = exactQueries.filter { gazetteer.entities(named: $0).count == 1 }
func exactRates(_ sets: [[String]], rounds: Int = 15) -> [Int] {
    var times = Array(repeating: [Double](), count: sets.count)
    for _ in 0..<rounds {
        for (position, queries) in sets.enumerated() {
            let t = now()
            for query in queries { _ = resolver.resolve(query) }
            times[position].append(now() - t)
        }
    }
    return zip(sets, times).map { Int(Double($0.count) / median($1)) }
}
let rates = exactRates([exactQueries, unique, shared])
print("exact: \(rates[0]) queries/s (1 core, median of 15); "
      + "one place \(rates[1]) /s, shared by several (\(shared.count * 100 / exactQueries.count)%) \(rates[2]) /s")
// The allocation-free exact lookup (what bulk extraction uses), one core and all cores.
func lookupRate(_ queries: [String], workers: Int, rounds: Int = 7) -> Int {
    var times: [Double] = []
    let repeats = 20
    for _ in 0..<rounds {
        let t = now()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Each worker starts elsewhere in the list, as independent workers would.
            let rotated = Array(queries[(worker * queries.count / workers)...] + queries[..<(worker * queries.count / workers)])
            var found = 0
            for _ in 0..<repeats {
                for query in rotated { if case .match = resolver.exactLookup(query) { found += 1 } }
            }
            precondition(found > 0)
        }
        times.append(now() - t)
    }
    return Int(Double(queries.count * repeats * workers) / median(times))
}
print("exactLookup: \(lookupRate(exactQueries, workers: 1)) queries/s (1 core); "
      + "\(lookupRate(exactQueries, workers: ProcessInfo.processInfo.activeProcessorCount)) queries/s (all cores)")
let exactBatch = Array(repeating: exactQueries, count: 20).flatMap { $0 }
var times: [Double] = []
for _ in 0..<5 {
    let t = now()
    _ = resolver.resolve(exactBatch)
    times.append(now() - t)
}
print("exact batch: \(Int(Double(exactBatch.count) / median(times))) queries/s (all cores, median of 5)")

// Fuzzy latency, one core.
var latencies: [Double] = []
for query in fuzzyQueries {
    let t = now()
    _ = resolver.resolve(query)
    latencies.append((now() - t) * 1e6)
}
print("fuzzy: median \(Int(median(latencies))) µs, p99 \(Int(percentile(latencies, 0.99))) µs (1 core, \(fuzzyQueries.count) queries)")

// Batch, two cores.
let batch = Array(repeating: exactQueries + fuzzyQueries, count: 2).flatMap { $0 }
times = []
for _ in 0..<3 {
    let t = now()
    _ = resolver.resolve(batch)
    times.append(now() - t)
}
print("batch: \(Int(Double(batch.count) / median(times))) queries/s (all cores, median of 3)")

// The compiled index: written once, then loaded as `nomina normalize --index` does
// (resolver, extractor, one line), median of 7 loads; the loaded resolver must answer as
// the built one.
start = now()
let indexPath = output + "/geonames.nomina"
try resolver.writeIndex(to: indexPath)
let writeTime = now() - start
let indexBytes = (try FileManager.default.attributesOfItem(atPath: indexPath)[.size] as? Int) ?? 0
var loadTimes: [Double] = []
var loaded: Resolver?
for _ in 0..<7 {
    let t = now()
    let mapped = try Resolver(index: indexPath)
    let extractor = MentionExtractor(resolver: mapped)
    precondition(!extractor.mentions(in: "Fighting near Stepanakert, says Lavrov.").isEmpty)
    loadTimes.append(now() - t)
    loaded = mapped
}
precondition((exactQueries + fuzzyQueries).allSatisfy { loaded!.resolve($0) == resolver.resolve($0) })
// Fuzzy latency over the compiled index (mapped), one core: three rounds over the same
// queries; the first touches the file's pages, the median is over all three.
var mappedLatencies: [Double] = []
for _ in 0..<3 {
    for query in fuzzyQueries {
        let t = now()
        _ = loaded!.resolve(query)
        mappedLatencies.append((now() - t) * 1e6)
    }
}
print("fuzzy over the compiled index: median \(String(format: "%.1f", median(mappedLatencies))) µs, "
      + "p99 \(Int(percentile(mappedLatencies, 0.99))) µs (1 core, \(fuzzyQueries.count) queries, 3 rounds); "
      + "built: median \(String(format: "%.1f", median(latencies))) µs")
print("compiled index: written in \(String(format: "%.1f", writeTime)) s, \(indexBytes / 1_000_000) MB; "
      + "load + extractor + first line: median \(String(format: "%.1f", median(loadTimes) * 1000)) ms (7 loads); "
      + "the loaded resolver answers the \(exactQueries.count + fuzzyQueries.count) queries as the built one")

// Files for the RapidFuzz comparison: distinct folded keys, and the fuzzy queries' keys.
let normalizer = NameNormalizer.shared
var keys = Set<String>()
for entity in gazetteer.entities {
    for name in [entity.name] + entity.aliases.map(\.name) {
        let key = normalizer.key(name)
        if !key.isEmpty { keys.insert(key) }
    }
}
try keys.sorted().joined(separator: "\n").write(toFile: output + "/keys.txt", atomically: true, encoding: .utf8)
try fuzzyQueries.map { normalizer.key($0) }.joined(separator: "\n")
    .write(toFile: output + "/queries.txt", atomically: true, encoding: .utf8)
let ours = fuzzyQueries.map { resolver.resolve($0) }
print("wrote \(keys.count) keys and \(fuzzyQueries.count) queries to \(output); resolved: "
      + "\(ours.filter { $0.outcome == .match }.count) match, \(ours.filter { $0.outcome == .ambiguous }.count) ambiguous")
try "\(median(latencies))\n".write(toFile: output + "/nomina-fuzzy-median-us.txt", atomically: true, encoding: .utf8)

// RapidFuzz, in the same run.
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scripts/rapidfuzz_extractone.py").path
let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = ["python3", script, output]
fflush(nil)  // our lines first, then the script's
do {
    try python.run()
    python.waitUntilExit()
    if python.terminationStatus != 0 { print("(RapidFuzz comparison failed: is rapidfuzz installed? pip install rapidfuzz)") }
} catch {
    print("(RapidFuzz comparison not run: \(error))")
}
