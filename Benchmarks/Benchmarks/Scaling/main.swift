// Normalization/batch scaling on 1 and 2 threads, interleaved so that a noisy phase of
// the shared machine hits both equally; prints medians and the speed-up.
//
//   swift run -c release Scaling [rounds]
import BenchmarkSupport
import Dispatch
import Nomina

let locales = Corpus.mixedLocales
let mixed = Corpus.mixed
// Fresh String storage per slot, as the lines of a real corpus have, in a fixed shuffled
// order: with the names in the same order in both halves, both threads would meet each
// new token at the same moment and both send it to ICU.
var generator = SplitMix64(seed: 2026)
let batch = Corpus.batch(mixed, count: 40_000).shuffled(using: &generator)

let rounds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 31

final class Totals: @unchecked Sendable {
    let values = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
}

/// Milliseconds to normalise the batch on `threads` threads.
func run(_ normalizer: NameNormalizer, threads: Int) -> Double {
    let totals = Totals()
    let chunk = batch.count / threads
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: threads) { index in
        var total = 0
        for name in batch[(index * chunk)..<((index + 1) * chunk)] { total &+= normalizer.normalize(name).key.utf8.count }
        totals.values[index] = total
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

print("Normalization/batch/mixed-40k (\(mixed.count) distinct names from \(locales.count) locales), \(rounds) rounds")
for mode in ["warm", "cold"] {
    var one: [Double] = []
    var two: [Double] = []
    let warm = NameNormalizer()
    _ = run(warm, threads: 1)
    for round in 0..<rounds {
        // Alternate which goes first, so that neither always follows the other.
        for threads in round % 2 == 0 ? [1, 2] : [2, 1] {
            let time = run(mode == "warm" ? warm : coldNormalizer(), threads: threads)
            if threads == 1 { one.append(time) } else { two.append(time) }
        }
    }
    let m1 = median(one), m2 = median(two)
    let rate1 = Double(batch.count) / m1 * 1000, rate2 = Double(batch.count) / m2 * 1000
    // The per-round ratio (1-thread time / 2-thread time of the same round) is the most
    // robust figure on a shared machine: a noisy phase slows both runs of a round.
    let ratios = zip(one, two).map { $0 / $1 }
    print("\(mode): median 1 thread \(String(m1.rounded(to: 2))) ms (\(Int(rate1)) names/s), "
          + "2 threads \(String(m2.rounded(to: 2))) ms (\(Int(rate2)) names/s); "
          + "median per-round speed-up \(String(median(ratios).rounded(to: 2)))×, "
          + "best-of speed-up \(String((one.min()! / two.min()!).rounded(to: 2)))×")
}

extension Double {
    func rounded(to places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
