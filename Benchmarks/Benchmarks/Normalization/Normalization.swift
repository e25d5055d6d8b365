import Benchmark
import BenchmarkSupport
import Dispatch
@_spi(Internals) import Nomina

// Normalisation throughput on real names: the country names of ICU's CLDR data in
// several languages (the same data the gazetteer is generated from).
//
// Naming: Area/operation/input. "warm" runs against a normaliser that has seen the
// names (the steady state of a batch job); "cold" builds a new normaliser each
// iteration (ICU transforms already open, caches empty), so every distinct token goes
// through ICU. "ICU/raw" is plain ICU on the same names, for the ratio.

extension Corpus {
    static let english = names("en")
    static let russian = names("ru")
    static let chinese = names("zh")
}

let batchSize = 10_000

@inline(never)
func normalizeAll(_ names: [String], with normalizer: NameNormalizer) -> Int {
    var total = 0
    for name in names { total &+= normalizer.normalize(name).key.utf8.count }
    return total
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(4),
        maxIterations: 1_000
    )

    for (label, names) in [("english", Corpus.english), ("russian", Corpus.russian), ("chinese", Corpus.chinese), ("mixed", Corpus.mixed)] {
        let batch = Corpus.batch(names, count: batchSize)

        // Warm: the normaliser has seen every token.
        Benchmark("Normalization/warm/\(label)-10k") { benchmark in
            let normalizer = NameNormalizer()
            _ = normalizeAll(batch, with: normalizer)
            benchmark.startMeasurement()
            blackHole(normalizeAll(batch, with: normalizer))
        }

        guard label != "english" else { continue }  // ASCII never reaches ICU: no cold case

        // Cold: each distinct name once, with empty caches.
        Benchmark("Normalization/cold/\(label)-\(names.count)") { benchmark in
            let normalizer = coldNormalizer()
            benchmark.startMeasurement()
            blackHole(normalizeAll(names, with: normalizer))
        }

        // Raw ICU on the same names, one reused transliterator (the baseline).
        Benchmark("ICU/raw/\(label)-\(names.count)") { benchmark in
            let transliterator = try Transliterator(id: "Any-Latin; Latin-ASCII; Lower")
            _ = try transliterator.transliterate("Пример 例子")
            benchmark.startMeasurement()
            var total = 0
            for name in names { total &+= try transliterator.transliterate(name).utf8.count }
            blackHole(total)
        }
    }

    // Batch scaling: the same mixed batch split over 1 or 2 threads, warm and cold.
    // Plain threads (Dispatch), not a task group: inside the benchmark harness a task
    // group did not run its child tasks in parallel, while it did in a plain program.
    let mixedBatch = Corpus.batch(Corpus.mixed, count: 40_000)
    // No malloc metric here: counting allocations makes every thread update shared
    // counters, which is itself a scaling bottleneck.
    let scaling = Benchmark.Configuration(metrics: [.wallClock, .throughput], timeUnits: .microseconds,
                                          warmupIterations: 3, maxDuration: .seconds(4), maxIterations: 1_000)
    for threads in [1, 2] {
        Benchmark("Normalization/batch-warm/mixed-40k/\(threads)-thread", configuration: scaling) { benchmark in
            let normalizer = NameNormalizer()
            _ = normalizeAll(Corpus.mixed, with: normalizer)
            benchmark.startMeasurement()
            blackHole(normalizeInThreads(mixedBatch, threads: threads, normalizer: normalizer))
        }
        Benchmark("Normalization/batch-cold/mixed-40k/\(threads)-thread", configuration: scaling) { benchmark in
            let normalizer = coldNormalizer()
            benchmark.startMeasurement()
            blackHole(normalizeInThreads(mixedBatch, threads: threads, normalizer: normalizer))
        }
    }
}

/// Splits `names` into `threads` contiguous slices normalised concurrently.
func normalizeInThreads(_ names: [String], threads: Int, normalizer: NameNormalizer) -> Int {
    let chunk = (names.count + threads - 1) / threads
    let totals = Totals(count: threads)
    DispatchQueue.concurrentPerform(iterations: threads) { index in
        let slice = names[(index * chunk)..<min((index + 1) * chunk, names.count)]
        var total = 0
        for name in slice { total &+= normalizer.normalize(name).key.utf8.count }
        totals.set(index, total)
    }
    return totals.sum
}

/// Per-thread results; each thread writes only its own slot of a fixed buffer.
final class Totals: @unchecked Sendable {
    private let values: UnsafeMutableBufferPointer<Int>
    init(count: Int) { values = .allocate(capacity: count); values.initialize(repeating: 0) }
    deinit { values.deallocate() }
    func set(_ index: Int, _ value: Int) { values[index] = value }
    var sum: Int { values.reduce(0, &+) }
}
