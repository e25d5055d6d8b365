import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

@Suite("Resolver")
struct ResolverTests {
    /// The bundled resolver, built from the dictionaries; or mapped from an index compiled
    /// from them when `NOMINA_TEST_RESOLVER_INDEX` names one (`.ci/run` does so for the
    /// AddressSanitizer run, where a build of the bundled set takes many minutes; the
    /// other runs build it, and SnapshotTests check that both answer alike).
    static let resolver: Resolver = {
        if let path = resolverIndex { return try! Resolver(index: path) }
        return Resolver(gazetteer: try! Gazetteer.bundled())
    }()

    static let resolverIndex: String? = ProcessInfo.processInfo.environment["NOMINA_TEST_RESOLVER_INDEX"].flatMap { $0.isEmpty ? nil : $0 }

    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        let outcome: Resolution.Outcome
        let id: String?
        let members: [String]
        var testDescription: String { query }
    }

    static let cases: [Case] = [
        // nagorno-karabakh in every form of the seed article.
        .init(query: "Naka", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "Naqqa", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "NAKA", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "Nagorno-Karabakh", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "Nagorno Karabakh", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "Нагорный Карабах", outcome: .match, id: "nagorno-karabakh", members: []),
        .init(query: "纳卡", outcome: .match, id: "nagorno-karabakh", members: []),
        // The pair, however garbled.
        .init(query: "Aya-Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        // With the minus sign, the fullwidth or small hyphen-minus, a figure dash.
        .init(query: "Aya\u{2212}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Aya\u{FF0D}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Aya\u{FE63}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Aya\u{2012}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Aya", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "A-Ya", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "阿亚", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Azerbaijan–Armenia", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Armenia-Azerbaijan", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Armenia and Azerbaijan", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        // Any dash splits a compound: U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, the en dash.
        .init(query: "Aya\u{2010}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Aya\u{2011}Yaah", outcome: .match, id: "azerbaijan-armenia", members: ["AZE", "ARM"]),
        .init(query: "Armenia\u{2010}Georgia", outcome: .match, id: "ARM+GEO", members: ["ARM", "GEO"]),
        // Azerbaijan across romanisations, languages and official forms.
        .init(query: "Azerbaidzhan", outcome: .match, id: "AZE", members: []),
        .init(query: "Aserbaidschan", outcome: .match, id: "AZE", members: []),
        .init(query: "République d'Azerbaïdjan", outcome: .match, id: "AZE", members: []),
        .init(query: "Азербайджан", outcome: .match, id: "AZE", members: []),
        .init(query: "Azerbaijn", outcome: .match, id: "AZE", members: []),
        .init(query: "Lavrov", outcome: .match, id: "sergey-lavrov", members: []),
        // Composites: no curated pair, members in the order written.
        .init(query: "Russia-Ukraine", outcome: .match, id: "russia-ukraine", members: ["RUS", "UKR"]),
        .init(query: "US–China", outcome: .match, id: "china-us", members: ["CHN", "USA"]),
        .init(query: "Armenia–Georgia", outcome: .match, id: "ARM+GEO", members: ["ARM", "GEO"]),
        .init(query: "中俄", outcome: .match, id: "CHN+RUS", members: ["CHN", "RUS"]),
        .init(query: "OSCE", outcome: .match, id: "osce", members: []),
        // Must never be confused.
        .init(query: "Congo", outcome: .ambiguous, id: nil, members: []),
        .init(query: "Niger", outcome: .match, id: "NER", members: []),
        .init(query: "Nigeria", outcome: .match, id: "NGA", members: []),
        .init(query: "Sudan", outcome: .match, id: "SDN", members: []),
        .init(query: "South Sudan", outcome: .match, id: "SSD", members: []),
        .init(query: "Guinea", outcome: .match, id: "GIN", members: []),
        .init(query: "Guinea-Bissau", outcome: .match, id: "GNB", members: []),
        .init(query: "Equatorial Guinea", outcome: .match, id: "GNQ", members: []),
        // No match.
        .init(query: "chairs", outcome: .noMatch, id: nil, members: []),
        // A word folded to a town's name is the town (Čair, North Macedonia): bulk places
        // are matched as written or folded.
        .init(query: "chair", outcome: .match, id: "geonames-833262", members: []),
        .init(query: "Paris Hilton", outcome: .noMatch, id: nil, members: []),
        // Five Springfields of 59,000–170,000 people: none 5× the others.
        .init(query: "Springfield", outcome: .ambiguous, id: nil, members: []),
        .init(query: "Chad Smith", outcome: .noMatch, id: nil, members: []),
        .init(query: "", outcome: .noMatch, id: nil, members: []),
        .init(query: "!!!", outcome: .noMatch, id: nil, members: []),
    ]

    @Test("resolutions", arguments: cases)
    func resolves(_ testCase: Case) {
        let resolution = Self.resolver.resolve(testCase.query)
        #expect(resolution.outcome == testCase.outcome, "\(resolution.explanation.map(\.description))")
        #expect(resolution.best?.id == testCase.id)
        if !testCase.members.isEmpty { #expect(resolution.members == testCase.members) }
        #expect(!resolution.explanation.isEmpty)
        if testCase.outcome == .ambiguous { #expect(resolution.candidates.count >= 2) }
        #expect((0...1).contains(resolution.score))
    }

    @Test("punctuation around a name and a possessive ending are left out, as in mentions", arguments: [
        ("Russia's", "Russia", "RUS"), ("RUSSIA'S", "RUSSIA", "RUS"), ("Azerbaijan\u{2019}s", "Azerbaijan", "AZE"),
        ("Philippines'", "Philippines", "PHL"), ("(Naka)", "Naka", "nagorno-karabakh"), ("\u{201C}Baku\u{201D},", "Baku", "geonames-587084"),
        ("Naka.", "Naka", "nagorno-karabakh"), ("\u{AB}Arménie\u{BB}", "Arménie", "ARM"), ("「纳卡」", "纳卡", "nagorno-karabakh"),
        ("(Naka", "Naka", "nagorno-karabakh"), ("Naka),", "Naka", "nagorno-karabakh"), ("\"Naka", "Naka", "nagorno-karabakh"),
    ])
    func trimmed(query: String, core: String, id: String) {
        let resolution = Self.resolver.resolve(query)
        #expect(resolution.query == query)
        #expect(resolution.best?.id == id)
        #expect(resolution.explanation.first == .trimmed(from: query, to: core), "\(resolution.explanation)")
        // The same answer and score as the name alone.
        #expect(resolution.best == Self.resolver.resolve(core).best)
    }

    @Test("padding around a query does not change its answer, whatever punctuation it ends in", arguments: [
        "Kamen'", "Neapal'", "St John's", "Hamilton!", "U.S.", "Russia's", "(Naka)", "Armenia", "Naqqa", "Azerbaijna",
        "\u{2018}\u{0100}nah", "Congo, Dem. Rep.", "Georgia (U.S. state)",
    ])
    func padding(query: String) {
        let bare = Self.resolver.resolve(query)
        for padded in [query + " ", " " + query, "\t" + query + "\u{A0}", "  " + query + "  "] {
            let resolution = Self.resolver.resolve(padded)
            #expect(resolution.query == padded)
            #expect(resolution.outcome == bare.outcome, "\(padded.debugDescription): \(resolution.explanation.map(\.description))")
            #expect(resolution.best == bare.best, "\(padded.debugDescription)")
        }
    }

    @Test("padding does not change the answer of names that end in punctuation (bundled names, sampled)")
    func paddingProperty() {
        var rng = SplitMix64(seed: 0xFADE)
        let names = Self.resolver.gazetteer.entities.flatMap { [$0.name] + $0.aliases.map(\.name) }
            .filter { name in name.unicodeScalars.last.map { !$0.properties.isAlphabetic && !("0"..."9").contains($0) } ?? false }
        let sample = (0..<min(3_000, names.count)).map { _ in names.randomElement(using: &rng)! }
        var differences: [String] = []
        for name in sample {
            let bare = Self.resolver.resolve(name), padded = Self.resolver.resolve(name + " ")
            if bare.outcome != padded.outcome || bare.best != padded.best { differences.append(name) }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    @Test("a query of possessives upon possessives is trimmed a few times at most")
    func possessiveChain() {
        let query = "Kamen" + String(repeating: "'s", count: 1_000)
        let resolution = Self.resolver.resolve(query)
        let trims = resolution.explanation.count { if case .trimmed = $0 { true } else { false } }
        #expect(trims <= Resolver.maximumTrims)
        #expect(resolution.explanation.count < 20)
        // Natural nesting still reads: quotes around a possessive, padded.
        #expect(Self.resolver.resolve(" \u{201C}Russia's\u{201D} ").best?.id == "RUS")
    }

    @Test("a name written with its punctuation is found as written; punctuation alone is nothing", arguments: ["U.S.", "'s", "((", "\u{201C}\u{201D}", "Falkland Islands (Las Malvinas)"])
    func untrimmed(query: String) {
        let resolution = Self.resolver.resolve(query)
        #expect(!resolution.explanation.contains { if case .trimmed = $0 { true } else { false } })
    }

    @Test("a long query is not trimmed (linear time): over twice the query limit it is only looked up as written")
    func longTrimmedQuery() {
        let query = String(repeating: "(", count: 50_000) + "Naka" + String(repeating: ")", count: 50_000)
        let resolution = Self.resolver.resolve(query)
        #expect(resolution.outcome == .noMatch)
        #expect(resolution.explanation.contains { if case .tooLong = $0 { true } else { false } })
        // Within the limit, brackets around a name are trimmed however many.
        let short = String(repeating: "(", count: 400) + "Naka" + String(repeating: ")", count: 400)
        #expect(Self.resolver.resolve(short).best?.id == "nagorno-karabakh")
    }

    @Test("methods and explanations are data")
    func explanations() throws {
        let naqqa = Self.resolver.resolve("Naqqa")
        #expect(naqqa.method == .phonetic)
        #expect(naqqa.explanation.contains(.phoneticKey("naka")))
        #expect(naqqa.explanation.contains(.matched(name: "Naka", entity: "nagorno-karabakh", method: .phonetic, edits: 0)))
        // ("République d'Azerbaïdjan" is now a listed official name: exact.)
        let official = Self.resolver.resolve("République du Tadjikistan")
        #expect(official.method == .designator)
        #expect(official.explanation.contains(.strippedDesignators(removed: ["republique", "du"], remaining: "tadjikistan")))
        let typo = Self.resolver.resolve("Azerbaijn")
        #expect(typo.method == .fuzzy)
        #expect(typo.best?.edits == 1)
        let echo = Self.resolver.resolve("Aya-Yaah")
        #expect(echo.explanation.contains(.droppedEcho("Yaah")))
        #expect(echo.method == .compound)
        #expect(echo.score < 1)
        let blocked = Self.resolver.resolve("Chad Smith")
        #expect(blocked.explanation.contains(.blockedByNegative(entity: "TCD", name: "Chad Smith")))
    }

    @Test("scores order the stages: exact > folded > phonetic > abbreviation")
    func scoreOrder() {
        let exact = Self.resolver.resolve("Naka").score
        let folded = Self.resolver.resolve("NAKA").score
        let phonetic = Self.resolver.resolve("Naqqa").score
        let derived = Self.resolver.resolve("中俄").score
        #expect(exact > folded && folded > phonetic && phonetic > derived)
    }

    @Test("options: kinds, threshold, top")
    func options() {
        let gazetteer = Self.resolver.gazetteer
        let onlyRegions = Resolver(gazetteer: gazetteer, options: ResolverOptions(kinds: [.region]))
        #expect(onlyRegions.resolve("Azerbaijan").outcome == .noMatch)
        #expect(onlyRegions.resolve("Karabakh").best?.id == "nagorno-karabakh")
        let strict = Resolver(gazetteer: gazetteer, options: ResolverOptions(threshold: 0.99))
        #expect(strict.resolve("Naqqa").outcome == .noMatch)
        #expect(strict.resolve("Naqqa").candidates.first?.id == "nagorno-karabakh")
        let one = Resolver(gazetteer: gazetteer, options: ResolverOptions(top: 1))
        #expect(one.resolve("Congo").candidates.count <= 2)
    }

    @Test("the async batch call equals the blocking one, for any size; a cancelled task throws", arguments: [0, 1, 63, 64, 65, 700])
    func asyncBatch(count: Int) async throws {
        let queries = (0..<count).map { Self.cases[$0 % Self.cases.count].query + ($0 % 3 == 0 ? "" : " ") }
        let batch = try await Self.resolver.resolve(batch: queries)
        #expect(batch == Self.resolver.resolve(queries))
        let task = Task { [queries] in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Self.resolver.resolve(batch: queries)
        }
        let result = await task.result
        if count > 0 {
            #expect(throws: CancellationError.self) { try result.get() }
        }
    }

    @Test("the batch call keeps input order and equals one-by-one resolution")
    func batch() {
        let queries = (0..<500).map { Self.cases[$0 % Self.cases.count].query }
        let batch = Self.resolver.resolve(queries)
        #expect(batch.count == queries.count)
        for (query, resolution) in zip(queries, batch) {
            #expect(resolution == Self.resolver.resolve(query))
        }
    }

    /// A gazetteer where names are shared: twelve Springfields (one inside a region called
    /// Springfield, so not a rival of it), a name shared by a city and a country.
    static let sharedNames: Gazetteer = {
        let here = SourceLocation(file: "test", line: 1, column: 1)
        var entities = [Entity(id: "region:sf", name: "Springfield", kind: .region, location: here),
                        Entity(id: "CHD", name: "Chad", kind: .country, location: here),
                        Entity(id: "city:chad", name: "Chad", kind: .city, aliases: [Alias(name: "Tchad", language: "fr", location: here)],
                               location: here)]
        var generator = SplitMix64(seed: 3)
        for number in (1...12).shuffled(using: &generator) {
            entities.append(Entity(id: "city:\(number)", name: "Springfield", kind: .city,
                                   aliases: [Alias(name: "Springfield \(number % 3)", location: here)],
                                   parent: number == 5 ? "region:sf" : nil, location: here))
        }
        return Gazetteer(entities: entities, files: ["test"])
    }()

    @Test("the exact hot path decides as every stage would", arguments: [
        ResolverOptions(), ResolverOptions(top: 1), ResolverOptions(kinds: [.city]),
        ResolverOptions(kinds: [.country, .region], top: 3), ResolverOptions(threshold: 0.99),
    ])
    func exactHotPath(options: ResolverOptions) {
        for resolver in [Resolver(gazetteer: Self.sharedNames, options: options), Self.resolver.with(options: options)] {
            let gazetteer = resolver.gazetteer
            // Every name of the small gazetteer; of the bundled one, every 5th curated name and
            // every 40th name of a bulk place (there are 240,000), which keeps the test quick.
            let curated = Set(gazetteer.entities.filter { $0.tier == .curated }.flatMap { [$0.name] + $0.aliases.map(\.name) })
            let bulk = Set(gazetteer.entities.filter { $0.tier == .bulk }.flatMap { [$0.name] + $0.aliases.map(\.name) })
            let names = curated.sorted().enumerated().filter { gazetteer.entities.count < 100 || $0.offset % 5 == 0 }.map(\.element)
                + bulk.subtracting(curated).sorted().enumerated().filter { $0.offset % 40 == 0 }.map(\.element)
            var answered = 0
            for name in names {
                let lookup = resolver.exactLookup(name)
                guard let fast = resolver.exactHit(name) else {
                    #expect(lookup == .notFound, "\(name)")
                    continue
                }
                answered += 1
                let full = resolver.resolveThroughStages(name)
                switch lookup {
                case .match(let entity, let score):
                    #expect(full.outcome == .match && full.best?.id == gazetteer.entities[entity].id
                            && full.best?.score == score, "\(name)")
                case .ambiguous: #expect(full.outcome == .ambiguous, "\(name)")
                case .notFound: Issue.record("exactLookup found nothing where the hot path decided: \(name)")
                }
                #expect(fast.outcome == full.outcome, "\(name)")
                #expect(fast.best == full.best, "\(name)")
                #expect(fast.candidates == full.candidates, "\(name)")
                let steps = full.explanation.filter { if case .normalized = $0 { return false } else { return true } }
                #expect(fast.explanation == steps, "\(name)")
            }
            #expect(answered > 0)
        }
        let springfield = Resolver(gazetteer: Self.sharedNames, options: options).resolve("Springfield")
        #expect(springfield.outcome == (options.kinds == [.country, .region] ? .match : .ambiguous))
    }

    @Test("designator stripping keeps at least one token")
    func designators() {
        #expect(Self.resolver.stripDesignators(["republique", "d", "azerbaidjan"]) == ["azerbaidjan"])
        #expect(Self.resolver.stripDesignators(["republic", "of", "armenia"]) == ["armenia"])
        #expect(Self.resolver.stripDesignators(["a", "sai", "bai", "jiang", "gong", "he", "guo"]) == ["a", "sai", "bai", "jiang"])
        #expect(Self.resolver.stripDesignators(["republic"]) == ["republic"])
    }

    @Test("compound splitting")
    func splitting() {
        #expect(Resolver.splitCompound("Azerbaijan–Armenia") == ["Azerbaijan", "Armenia"])
        #expect(Resolver.splitCompound("Armenia and Azerbaijan") == ["Armenia", "Azerbaijan"])
        #expect(Resolver.splitCompound("Россия и Украина") == ["Россия", "Украина"])
        #expect(Resolver.splitCompound("US/China") == ["US", "China"])
        #expect(Resolver.splitCompound("Georgia") == ["Georgia"])
        #expect(Resolver.splitCompound("Bosnia and Herzegovina y Serbia") == ["Bosnia", "Herzegovina", "Serbia"])
        #expect(Resolver.splitCompound("阿塞拜疆和亚美尼亚") == ["阿塞拜疆", "亚美尼亚"])
    }

    /// The compound splitter before it was rewritten for speed: a chain of Foundation
    /// literal replacements, one separator word after another.
    static func referenceAtoms(_ query: String) -> [(text: String, separator: String)] {
        var marked = query
        for word in [" and ", " & ", " и ", " та ", " et ", " und ", " y ", " vs. ", " vs ", " versus ", "和", "与", "、"] {
            marked = marked.replacingOccurrences(of: word, with: "\u{1F}" + word + "\u{1F}")
        }
        let separators: Set<Character> = ["-", "–", "—", "‑", "/", "+"]
        var atoms: [(text: String, separator: String)] = []
        var current = "", separator = "", inWord = false
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { atoms.append((trimmed, "")) }
            current = ""
        }
        for character in marked {
            if character == "\u{1F}" {
                if inWord { inWord = false } else { inWord = true; flush() }
                continue
            }
            if inWord || separators.contains(character) {
                flush()
                separator.append(character)
                if !atoms.isEmpty { atoms[atoms.count - 1].separator = separator }
                continue
            }
            if !separator.isEmpty && !inWord { separator = "" }
            current.append(character)
        }
        flush()
        return atoms
    }

    @Test("trimming white space agrees with a scalar-by-scalar reference")
    func trimming() {
        func reference(_ text: String) -> String {
            var scalars = Array(text.unicodeScalars)
            while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        let pieces = [" ", "\u{A0}", "\n", "\u{3000}", "\u{2009}", "a", "Naka", "\u{301}", "e\u{301}", "阿", "\u{200B}", "-"]
        var rng = SplitMix64(seed: 41)
        for index in 0..<2_000 {
            let text = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(text.trimmingWhitespace.unicodeScalars.elementsEqual(reference(text).unicodeScalars),
                    "case \(index): \(text.debugDescription)")
        }
    }

    @Test("compound splitting agrees with the chain of literal replacements", arguments: 0..<4)
    func splittingAgreesWithReference(seed: Int) {
        // Pieces that make separator words overlap, touch and nest ("x y and z", " vs. ").
        let pieces = [" and ", " & ", " и ", " y ", " vs", ".", " vs. ", " versus ", "和", "与", "、", "-", "–", "/", "+",
                      " ", "  ", "a", "y", "and", "Azerbaijan", "Армения", "阿塞拜疆", "Ç", "e\u{301}"]
        var rng = SplitMix64(seed: UInt64(seed) + 40)
        for index in 0..<500 {
            let text = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let fast = Resolver.compoundAtoms(text), reference = Self.referenceAtoms(text)
            #expect(fast.map(\.text) == reference.map(\.text) && fast.map(\.separator) == reference.map(\.separator),
                    "seed \(seed) index \(index): \(text.debugDescription)")
        }
    }

    @Test("the byte-key table (the mention vocabulary) answers as a dictionary does", arguments: [0, 1, 7, 3_000])
    func byteKeyTable(size: Int) {
        var rng = SplitMix64(seed: UInt64(size) + 5)
        // Random keys of all lengths and scripts (and the empty key), one to four values each.
        var reference: [String: [Int32]] = [:]
        for key in RandomCorpus.strings(count: size, maxLength: 40, seed: UInt64(size)) + (size > 0 ? [""] : []) {
            reference[key] = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int32.random(in: 0..<1_000_000, using: &rng) }
        }
        let table = ByteKeyTable(reference.map { (key: Array($0.key.utf8), values: $0.value) })
        #expect(table.count == reference.count)
        for (key, values) in reference {
            #expect(Array(table.values(of: key)) == values, "\(key.debugDescription)")
        }
        // Absent keys: other random strings, and every present key with one byte changed.
        for key in RandomCorpus.strings(count: 500, maxLength: 40, seed: 99) where reference[key] == nil {
            #expect(table.values(of: key).isEmpty)
        }
        for key in reference.keys where !key.isEmpty {
            var bytes = Array(key.utf8)
            bytes[bytes.count / 2] ^= 0x01
            if let changed = String(validating: bytes, as: UTF8.self), reference[changed] == nil {
                #expect(table.values(of: changed).isEmpty)
            }
            #expect(table.values(of: key + "x").isEmpty == (reference[key + "x"] == nil))
        }
    }

    @Test("the fuzzy trie finds exactly the keys a naive OSA scan finds")
    func trieAgreesWithScan() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("abcdeno ")
        let keys = Array(Set((0..<800).map { _ in String((0..<Int.random(in: 1...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) }))
        let (trie, ranks) = KeyTrie.build(keys: keys.map { Array($0.utf8) })
        // Keys are ranked in node order, each once, and found at their rank.
        #expect(Set(ranks).count == keys.count && ranks.allSatisfy { $0 >= 0 && Int($0) < keys.count })
        for (position, key) in keys.enumerated() { #expect(trie.rank(of: Array(key.utf8)) == Int(ranks[position])) }
        for _ in 0..<300 {
            let query = String((0..<Int.random(in: 1...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            for maxEdits in 0...2 {
                for anchored in [false, true] {
                    let found = Set(trie.searchTexts(query, maxEdits: maxEdits, anchored: anchored))
                    let expected = Set(keys.compactMap { key -> String? in
                        if anchored && key.first != query.first { return nil }
                        let distance = ReferenceMetrics.osa(key.scalarValues, query.scalarValues)
                        return distance <= maxEdits ? "\(key):\(distance)" : nil
                    })
                    #expect(found == expected, "\(query) within \(maxEdits), anchored \(anchored)")
                }
            }
        }
    }
}

extension ResolverTests {
    @Test("the bit-parallel trie walk finds what the banded walk finds, in the same order", arguments: [0, 1, 2, 3])
    func bitParallelAgreesWithBanded(maxEdits: Int) {
        var rng = SplitMix64(seed: UInt64(31 + maxEdits))
        let alphabet = Array("abcdeno ")
        // Keys up to 70 bytes, so that queries near the bit-parallel walk's limit (63) have
        // keys within reach.
        var keys = Set<String>()
        while keys.count < 1_500 {
            let length = Int.random(in: 1...(keys.count % 5 == 0 ? 70 : 12), using: &rng)
            keys.insert(String((0..<length).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        let (trie, _) = KeyTrie.build(keys: keys.map { Array($0.utf8) })
        let sample = Array(keys).sorted()
        for round in 0..<400 {
            // Random queries, and keys with a few bytes changed.
            var query: [UInt8]
            if round % 2 == 0 {
                query = (0..<Int.random(in: 1...KeyTrie.longestBitParallelQuery, using: &rng)).map { _ in alphabet.randomElement(using: &rng)!.asciiValue! }
                if round % 8 == 0 { query = Array(query.prefix(Int.random(in: 1...8, using: &rng))) }
            } else {
                query = Array(sample.randomElement(using: &rng)!.utf8.prefix(KeyTrie.longestBitParallelQuery))
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    query[Int.random(in: 0..<query.count, using: &rng)] = alphabet.randomElement(using: &rng)!.asciiValue!
                }
            }
            for anchored in [false, true] {
                var banded: [String] = [], bitParallel: [String] = []
                trie.searchBanded(query, maxEdits: maxEdits, anchored: anchored) { key, edits, bytes in
                    banded.append("\(key):\(edits):\(String(decoding: bytes, as: UTF8.self))")
                }
                trie.searchBitParallel(query, maxEdits: maxEdits, anchored: anchored) { key, edits, bytes in
                    bitParallel.append("\(key):\(edits):\(String(decoding: bytes, as: UTF8.self))")
                }
                #expect(bitParallel == banded, "\(String(decoding: query, as: UTF8.self)) within \(maxEdits), anchored \(anchored)")
                // In byte order of the keys.
                let found = bitParallel.map { Array($0.split(separator: ":", maxSplits: 2)[2].utf8) }
                #expect(zip(found, found.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
            }
        }
    }
}

@Suite("Resolver evaluation")
struct EvaluationTests {
    @Test("on the development set: precision ≥ 99%, ≥ 95% resolved, false positives < 1%")
    func developmentSet() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Evaluation/devset.tsv").path
        let examples = Evaluation.parse(try String(contentsOfFile: path, encoding: .utf8))
        #expect(examples.count > 1_500)
        // The development set is drawn from the curated dictionaries: every kind but the bulk
        // places answers (the cities are measured on the gold mention corpus).
        let kinds = Set(EntityKind.allCases).subtracting([.city])
        let evaluation = Evaluation(resolver: ResolverTests.resolver.with(options: ResolverOptions(kinds: kinds)), examples: examples)
        #expect(evaluation.positives.precision >= 0.99, "\(evaluation.confusions.prefix(10).map { "\($0.0.query) → \($0.1)" })")
        #expect(evaluation.positives.resolved >= 0.95)
        #expect(evaluation.negatives.falsePositiveRate < 0.01, "\(evaluation.confusions.filter { $0.0.isNegative }.map(\.0.query))")
        for category in ["typo", "romanisation", "formatting", "script", "official", "pair"] {
            #expect(evaluation.byCategory[category]?.examples ?? 0 > 0, "no \(category) examples")
        }
    }
}
