// Mention extraction throughput (MB/s), one core and all cores, on a generated English
// corpus and a mixed-script corpus, with the bundled dictionaries and optionally GeoNames;
// then pyahocorasick and FlashText on the same corpora and the same alias lists, in the
// same run (Scripts/aho_flashtext.py; needs python3 with pyahocorasick and flashtext).
//
//   swift run -c release Extraction /tmp/extraction [/tmp/geonames.tsv]
//
// The corpora: sentences of 12–22 words drawn from a list of common English words, with
// 0–2 capitalised words that name nothing (John, Reuters, Monday...), 30% of them with one
// mention (a name of the gazetteer as written, or a noisy form: Naqqa, Aya-Yaah,
// Azerbaidzhan); 1–3 sentences a line. The mixed corpus alternates such lines with lines
// in Russian, Chinese, Arabic and German that hold names in their scripts. Then a cold
// measure: English lines whose capitalised words are pseudo-names from a new pool of
// 50,000 each round, so that every round resolves tens of thousands of unknown spans
// for the first time, as a real corpus full of people and places would.
import BenchmarkSupport
import Dispatch
import Foundation
import Nomina

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: Extraction OUTPUT-FOLDER [GEONAMES-BULK.tsv]")
    exit(2)
}
let output = arguments[1]
try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

// MARK: - Corpora

let common = """
    the of and to in a is that for on was with he it as at by from his an were are which this be has had not have but its \
    they after their been also one two new first who more other over into year years people government said would could \
    between during while where when state police since talks officials ceasefire agreement troops border region city \
    capital minister president week month percent economy market prices rose fell data report reported according \
    statement meeting leaders security forces army attack killed injured local media sources
    """.split(separator: " ").map(String.init)
let fillers = ["John", "Smith", "Monday", "Tuesday", "Reuters", "Ministry", "Council", "Maria", "Garcia", "Daily", "Times",
               "European", "Central", "Bank", "Street", "Airport", "River", "University", "Hospital", "Committee"]
let noisy = ["Naka", "Naqqa", "Aya-Yaah", "Azerbaidzhan", "Aserbaidschan", "Nagorno Karabakh", "Lavrov", "the OSCE"]

/// Pseudo-names that name nothing ("Ronoko", "Lerovizon"): capitalised runs of 2–4
/// consonant-vowel syllables, as unknown people and places look to the scanner.
func pseudoNames(_ count: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    let consonants = Array("bcdfghjklmnprstvwz"), vowels = Array("aeiou")
    return (0..<count).map { _ in
        var name = ""
        for _ in 0..<Int.random(in: 2...4, using: &random) {
            name.append(consonants.randomElement(using: &random)!)
            name.append(vowels.randomElement(using: &random)!)
        }
        name += ["", "n", "s", "r"].randomElement(using: &random)!
        return name.prefix(1).uppercased() + name.dropFirst()
    }
}

func englishCorpus(names: [String], bytes target: Int, seed: UInt64, fillers: [String] = fillers) -> [String] {
    var random = SplitMix64(seed: seed)
    var lines: [String] = []
    var size = 0
    while size < target {
        var sentences: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            var words = (0..<Int.random(in: 12...22, using: &random)).map { _ in common.randomElement(using: &random)! }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                words[Int.random(in: 0..<words.count, using: &random)] = fillers.randomElement(using: &random)!
            }
            if Double.random(in: 0..<1, using: &random) < 0.3 {
                let mention = Bool.random(using: &random) ? noisy.randomElement(using: &random)! : names.randomElement(using: &random)!
                words[Int.random(in: 1..<words.count, using: &random)] = mention
            }
            var sentence = words.joined(separator: " ")
            sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
            sentences.append(sentence)
        }
        let line = sentences.joined(separator: " ")
        size += line.utf8.count + 1
        lines.append(line)
    }
    return lines
}

let foreign = [
    "Министр иностранных дел заявил, что переговоры между %@ и %@ продолжатся в понедельник.",
    "外交部发言人表示，%@和%@的谈判将于下周继续举行。",
    "قال وزير الخارجية إن المحادثات بين %@ و%@ ستستمر الأسبوع المقبل.",
    "Der Außenminister sagte, die Gespräche zwischen %@ und %@ würden am Montag fortgesetzt.",
]

func mixedCorpus(gazetteer: Gazetteer, english: [String], bytes target: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    let languages = ["ru", "zh", "ar", "de"]
    var byLanguage: [String: [String]] = [:]
    for entity in gazetteer.entities where entity.kind == .country {
        for alias in entity.aliases where languages.contains(alias.language ?? "") {
            byLanguage[alias.language!, default: []].append(alias.name)
        }
    }
    var lines: [String] = []
    var size = 0
    var englishIndex = 0
    while size < target {
        let line: String
        if Bool.random(using: &random) {
            line = english[englishIndex % english.count]
            englishIndex += 1
        } else {
            let which = Int.random(in: 0..<languages.count, using: &random)
            let names = byLanguage[languages[which]] ?? ["—"]
            line = String(format: foreign[which], names.randomElement(using: &random)!, names.randomElement(using: &random)!)
        }
        size += line.utf8.count + 1
        lines.append(line)
    }
    return lines
}

// MARK: - Measuring

/// MB/s of extracting every line, with `workers` scanners on as many threads, one per
/// round (`rounds` rounds, after a warm-up).
func throughput(_ extractor: MentionExtractor, _ lines: [String], workers: Int, rounds: Int = 3,
                warmUp: Bool = true) -> [Double] {
    let bytes = lines.reduce(0) { $0 + $1.utf8.count + 1 }
    if warmUp {
        var warm = extractor.scanner()
        for line in lines.prefix(2_000) { _ = warm.mentions(in: line) }
    }
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = now()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scanner = extractor.scanner()
            var found = 0
            let share = lines.count / workers
            let end = worker == workers - 1 ? lines.count : (worker + 1) * share
            for line in lines[(worker * share)..<end] { found += scanner.mentions(in: line).count }
            precondition(found > 0)
        }
        times.append(now() - start)
    }
    return times.map { Double(bytes) / $0 / 1e6 }
}

func report(_ label: String, _ gazetteer: Gazetteer, folder: String) throws {
    var start = now()
    let resolver = Resolver(gazetteer: gazetteer)
    let full = MentionExtractor(resolver: resolver)
    let exact = MentionExtractor(resolver: resolver, options: ExtractorOptions(approximate: false))
    print("\(label): resolver and extractors built in \(String(format: "%.1f", now() - start)) s")
    let names = gazetteer.entities.filter { $0.kind != .city || $0.name.count > 6 }.map(\.name)
    start = now()
    let english = englishCorpus(names: names, bytes: 20_000_000, seed: 1)
    let mixed = mixedCorpus(gazetteer: gazetteer, english: english, bytes: 10_000_000, seed: 2)
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try (english.joined(separator: "\n") + "\n").write(toFile: folder + "/english.txt", atomically: true, encoding: .utf8)
    try (mixed.joined(separator: "\n") + "\n").write(toFile: folder + "/mixed.txt", atomically: true, encoding: .utf8)
    // The alias list for the exact-string scanners: every name as written.
    let aliases = Set(gazetteer.entities.flatMap { [$0.name] + $0.aliases.map(\.name) })
    try aliases.sorted().joined(separator: "\n").write(toFile: folder + "/aliases.txt", atomically: true, encoding: .utf8)
    var results: [String: Double] = [:]
    let cores = ProcessInfo.processInfo.activeProcessorCount
    // The machine is shared: every configuration is measured in each of `passes` passes,
    // interleaved, so that a slow spell touches all of them; figures are medians of all
    // rounds, with the spread.
    let passes = 3
    let configurations = [("english", english), ("mixed", mixed)].flatMap { corpus, lines in
        [("full", full), ("exact-only", exact)].map { (corpus: corpus, lines: lines, mode: $0.0, extractor: $0.1) }
    }
    var rates: [String: (one: [Double], all: [Double])] = [:]
    for _ in 0..<passes {
        for configuration in configurations {
            let key = "\(configuration.corpus) \(configuration.mode)"
            rates[key, default: ([], [])].one += throughput(configuration.extractor, configuration.lines, workers: 1)
            rates[key, default: ([], [])].all += throughput(configuration.extractor, configuration.lines, workers: cores)
        }
    }
    func spread(_ values: [Double]) -> String {
        String(format: "%.1f (%.1f–%.1f)", median(values), values.min()!, values.max()!)
    }
    for configuration in configurations {
        let key = "\(configuration.corpus) \(configuration.mode)"
        let (one, all) = rates[key]!
        results[key] = median(one)
        print("\(label) \(key): \(spread(one)) MB/s on 1 core, \(spread(all)) MB/s on \(cores) cores "
              + "(\(String(format: "%.2f", median(all) / median(one)))×; medians of \(one.count) rounds, range)")
    }
    // Many unknown names, cold: the capitalised words that name nothing are drawn from
    // 50,000 pseudo-names, a new set for every round, so that each round resolves its
    // ~30,000 distinct unknown spans for the first time (the steady-state corpus above has
    // 20 such words, whose resolutions every round after the first finds in the caches).
    var cold: (one: [Double], all: [Double]) = ([], [])
    var round: UInt64 = 0
    func coldRound(workers: Int) -> Double {
        round += 1
        let lines = englishCorpus(names: names, bytes: 5_000_000, seed: 100 + round,
                                  fillers: pseudoNames(50_000, seed: 1_000 + round))
        return throughput(full, lines, workers: workers, rounds: 1, warmUp: false)[0]
    }
    for _ in 0..<6 {
        cold.one.append(coldRound(workers: 1))
        cold.all.append(coldRound(workers: cores))
    }
    print("\(label) english, many unknown names, cold, full: \(spread(cold.one)) MB/s on 1 core, \(spread(cold.all)) MB/s "
          + "on \(cores) cores (\(String(format: "%.2f", median(cold.all) / median(cold.one)))×; medians of 6 rounds, range)")
    fflush(nil)
    // pyahocorasick and FlashText, in the same run.
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/aho_flashtext.py").path
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", script, folder]
    let pipe = Pipe()
    python.standardOutput = pipe
    do {
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            print("\(label) " + line)
            // "english pyahocorasick 123.4 MB/s"
            let parts = line.split(separator: " ")
            if parts.count >= 3, let rate = Double(parts[2]), let ours = results["\(parts[0]) full"] {
                print("\(label)   Nomina (full) / \(parts[1]) on \(parts[0]): \(String(format: "%.2f", ours / rate))×")
            }
        }
    } catch {
        print("(pyahocorasick/FlashText comparison not run: \(error); pip install pyahocorasick flashtext)")
    }
}

let bundled = try Gazetteer.bundled()
try report("bundled", bundled, folder: output + "/bundled")
if arguments.count >= 3 {
    let start = now()
    let geonames = try Gazetteer.load(paths: [arguments[2]], includeBundled: true)
    print("GeoNames loaded in \(String(format: "%.1f", now() - start)) s")
    try report("geonames", geonames, folder: output + "/geonames")
}
