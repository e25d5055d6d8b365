import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// Cities, prominence (curated before bulk, the clearly more populous place first) and the
/// fields that carry it.
@Suite("Prominence and the bundled cities")
struct ProminenceTests {
    static let resolver = ResolverTests.resolver

    struct Expected: Sendable, CustomTestStringConvertible {
        let query: String
        /// The id, or "?" for ambiguous, "-" for none.
        let id: String
        /// The name that matched, when it matters (a historical name kept visible).
        var matched: String? = nil
        var testDescription: String { query }
    }

    static let bundledCases: [Expected] = [
        .init(query: "Paris", id: "geonames-2988507"),
        .init(query: "Moscow", id: "geonames-524901"),
        .init(query: "Москва", id: "geonames-524901"),
        .init(query: "London", id: "geonames-2643743"),
        .init(query: "Springfield", id: "?"),
        .init(query: "Naqqa", id: "nagorno-karabakh"),
        .init(query: "Naka", id: "nagorno-karabakh"),
        .init(query: "Stepanakert", id: "geonames-146970", matched: "Stepanakert"),
        .init(query: "Baku", id: "geonames-587084"),
        .init(query: "Bakou", id: "geonames-587084", matched: "Bakou"),
        .init(query: "Yerevan", id: "geonames-616052"),
        .init(query: "Tbilisi", id: "geonames-611717"),
        .init(query: "Geneva", id: "geonames-2660646"),
        .init(query: "Genève", id: "geonames-2660646"),
        .init(query: "Kyiv", id: "geonames-703448"),
        // A far larger place known by the name outranks the one whose own name it is.
        .init(query: "Odessa", id: "geonames-698740", matched: "Odessa"),
        .init(query: "ПЕКИН", id: "geonames-1816670"),
        .init(query: "北京", id: "geonames-1816670"),
        // A country and a city of the same name: the country (curated) wins.
        .init(query: "Mexico", id: "MEX"),
        .init(query: "Kuwait", id: "KWT"),
        .init(query: "Azerbaijan", id: "AZE"),
        // US states: before smaller cities of their name, after a country of it and after a
        // city of 500,000 people or more that has it.
        .init(query: "California", id: "california-us"), .init(query: "Texas", id: "texas-us"),
        .init(query: "Delaware", id: "delaware-us"), .init(query: "Montana", id: "montana-us"),
        .init(query: "Kalifornien", id: "california-us"), .init(query: "Северная Каролина", id: "north-carolina-us"),
        .init(query: "加州", id: "california-us"), .init(query: "Georgia", id: "GEO"), .init(query: "Géorgie", id: "GEO"),
        .init(query: "State of Georgia", id: "georgia-us"), .init(query: "Washington", id: "geonames-4140963"),
        .init(query: "Вашингтон", id: "geonames-4140963"), .init(query: "Washington State", id: "washington-us"),
        .init(query: "New York", id: "geonames-5128581"), .init(query: "New York State", id: "new-york-us"),
        // A name, a comma and a country: the name's entities in that country.
        .init(query: "Georgia, USA", id: "georgia-us"), .init(query: "GEORGIA, U.S.A.", id: "georgia-us"),
        .init(query: "Tripoli, Lebanon", id: "geonames-266826"), .init(query: "Tripoli, Libya", id: "geonames-2210247"),
        .init(query: "Massachusetts, United States", id: "massachusetts-us"), .init(query: "Paris, France", id: "geonames-2988507"),
        // A city outranks a state with its own name or a fifth of the state's people only:
        // "Oklahoma" is an alias of Oklahoma City (0.65 M, in a state of 4 M).
        .init(query: "Oklahoma", id: "oklahoma-us"), .init(query: "State of New York", id: "new-york-us"),
        .init(query: "Estado de Nueva York", id: "new-york-us"), .init(query: "Bundesstaat Washington", id: "washington-us"),
        .init(query: "штат Техас", id: "texas-us"), .init(query: "Вирджиния", id: "virginia-us"),
        // A two-letter code is no country after a comma; a claimant country counts.
        .init(query: "Richmond, CA", id: "-"), .init(query: "Crimea, Russia", id: "crimea"),
        // A state is no stem of another name ("Virgin Islands" is not Virginia).
        .init(query: "The Virgin Islands", id: "-"),
        // One-edit typos of large cities.
        .init(query: "Tbilissi", id: "geonames-611717"),
        .init(query: "Yerevann", id: "geonames-616052"),
    ]

    @Test("bundled cities and prominence", arguments: bundledCases)
    func bundled(_ expected: Expected) {
        let resolution = Self.resolver.resolve(expected.query)
        switch expected.id {
        case "?": #expect(resolution.outcome == .ambiguous, "\(resolution.explanation.map(\.description))")
        case "-": #expect(resolution.outcome == .noMatch)
        default:
            #expect(resolution.best?.id == expected.id, "\(resolution.candidates.map(\.id)) \(resolution.explanation.map(\.description))")
            if let matched = expected.matched { #expect(resolution.best?.matchedName == matched) }
        }
    }

    @Test("a place preferred for its population says so, with both populations")
    func explainsPopulation() throws {
        let resolution = Self.resolver.resolve("Paris")
        let step = try #require(resolution.explanation.first { if case .preferred = $0 { return true } else { return false } })
        guard case .preferred(let entity, let over, let population, let largest) = step else { return }
        #expect(entity == "geonames-2988507")
        #expect(over.contains("geonames-4717560"))
        #expect(population == 2_138_551 && (largest ?? 0) < 2_138_551 / 5)
        #expect(step.description.contains("2,138,551"))
    }

    // MARK: - Prominence on a small gazetteer

    static func place(_ id: String, _ name: String, population: Int?, tier: Entity.Tier = .bulk,
                      kind: EntityKind = .city) -> Entity {
        Entity(id: id, name: name, kind: kind, population: population, tier: tier,
               location: SourceLocation(file: "test", line: 1, column: 1))
    }

    struct Pair: Sendable, CustomTestStringConvertible {
        let larger: Int?
        let smaller: Int?
        /// Whether the larger place is chosen (else: ambiguous).
        let chosen: Bool
        var testDescription: String { "\(larger.map(String.init) ?? "nil") vs \(smaller.map(String.init) ?? "nil")" }
    }

    static let pairs: [Pair] = [
        .init(larger: 2_138_551, smaller: 24_782, chosen: true),    // Paris, Paris (Texas)
        .init(larger: 500_000, smaller: 100_000, chosen: true),     // exactly 5×
        .init(larger: 499_999, smaller: 100_000, chosen: false),    // just under 5×
        .init(larger: 170_188, smaller: 154_341, chosen: false),    // Springfields
        .init(larger: 1_000_000, smaller: nil, chosen: false),      // unknown population decides nothing
        .init(larger: nil, smaller: nil, chosen: false),
    ]

    @Test("the clearly more populous of two places of one name is chosen", arguments: pairs)
    func population(_ pair: Pair) {
        // In both orders of the file: the answer must not depend on it.
        for entities in [[Self.place("big", "Cityname", population: pair.larger), Self.place("small", "Cityname", population: pair.smaller)],
                         [Self.place("small", "Cityname", population: pair.smaller), Self.place("big", "Cityname", population: pair.larger)]] {
            let resolver = Resolver(gazetteer: Gazetteer(entities: entities, files: ["test"]))
            // As written and folded (places under 100,000 people are not matched fuzzily).
            for query in ["Cityname", "cityname"] {
                let resolution = resolver.resolve(query)
                if pair.chosen {
                    #expect(resolution.outcome == .match && resolution.best?.id == "big", "\(query): \(resolution.explanation.map(\.description))")
                } else {
                    #expect(resolution.outcome == .ambiguous, "\(query): \(resolution.explanation.map(\.description))")
                }
                // The hot path decides clear matches; an ambiguous name is left to the stages.
                #expect(resolver.exactLookup("Cityname") == (pair.chosen ? .match(entity: entities.firstIndex { $0.id == "big" }!, score: 1) : .notFound))
            }
        }
    }

    @Test("a curated entity outranks any bulk place of the same name, however populous")
    func curatedFirst() {
        let entities = [Self.place("huge", "Samename", population: 20_000_000),
                        Self.place("curated", "Samename", population: nil, tier: .curated, kind: .region)]
        let resolver = Resolver(gazetteer: Gazetteer(entities: entities, files: ["test"]))
        for query in ["Samename", "samename", "Sameneme"] {
            let resolution = resolver.resolve(query)
            #expect(resolution.best?.id == "curated", "\(query): \(resolution.explanation.map(\.description))")
            #expect(resolution.explanation.contains { $0.description.contains("curated entries rank above bulk lists") })
        }
    }

    /// Property: for random populations, the choice agrees with a direct reading of the rule
    /// (the most populous is chosen iff it is at least 5× every other), whatever the order.
    @Test("the choice agrees with the rule for random populations and orders")
    func randomPopulations() {
        var random = SplitMix64(seed: 0x5EED_C171)
        for _ in 0..<60 {
            let count = Int(random.next() % 3) + 2
            let populations = (0..<count).map { _ in Int(random.next() % 1_000_000) + 1 }
            var entities = populations.enumerated().map { Self.place("p\($0.offset)", "Samename", population: $0.element) }
            entities.shuffle(using: &random)
            let resolver = Resolver(gazetteer: Gazetteer(entities: entities, files: ["test"]))
            let sorted = populations.enumerated().sorted { $0.element > $1.element }
            let expectChosen = sorted.dropFirst().allSatisfy { sorted[0].element >= $0.element * 5 }
            let resolution = resolver.resolve("Samename")
            if expectChosen {
                #expect(resolution.best?.id == "p\(sorted[0].offset)", "\(populations)")
            } else {
                #expect(resolution.outcome == .ambiguous, "\(populations)")
            }
        }
    }

    /// Property: a place whose own name is asked for outranks one that has it as another
    /// name, unless that one is at least 8× as populous and the place has fewer than 200,000
    /// people (Odesa, "Odessa", over Odessa, Texas; not Delhi over New Delhi), whichever
    /// order the dictionary lists them in; through the index and through the stages (bulk
    /// places this small are not matched approximately).
    @Test("a place's own name outranks another place's other name unless that place is 8× as populous and it is small")
    func ownNameAgainstPopulation() {
        var random = SplitMix64(seed: 0x0DE5_5A00)
        let here = SourceLocation(file: "test", line: 1, column: 1)
        for round in 0..<60 {
            let own = Int(random.next() % 400_000) + 1
            let other = round % 3 == 0 ? own * 8 + Int(random.next() % 3) - 1 : Int(random.next() % 8_000_000) + 1
            var entities = [
                Self.place("own", "Samename", population: own),
                Entity(id: "other", name: "Othername", kind: .city, aliases: [Alias(name: "Samename", location: here)],
                       population: other, tier: .bulk, location: here),
            ]
            if round % 2 == 1 { entities.reverse() }
            let resolver = Resolver(gazetteer: Gazetteer(entities: entities, files: ["test"]))
            let expected = other >= own * 8 && own < 200_000 ? "other" : "own"
            for query in ["Samename", "samename", "SAMENAME"] {
                let resolution = resolver.resolve(query)
                #expect(resolution.outcome == .match && resolution.best?.id == expected, "\(query) \(own) \(other): \(resolution.explanation.map(\.description))")
            }
        }
    }

    // MARK: - The fields

    @Test("population, since and until survive a compiled index")
    func fieldsRoundTrip() throws {
        let person = Entity(id: "someone", name: "Some One", kind: .person, since: "2018-05", until: "2024",
                            location: SourceLocation(file: "test", line: 3, column: 5))
        let entities = [Self.place("big", "Cityname", population: 2_000_000), person]
        let encoded = EncodedEntities(entities)
        for position in entities.indices {
            let decoded = encoded.entity(at: position)
            #expect(decoded.population == entities[position].population)
            #expect(decoded.since == entities[position].since && decoded.until == entities[position].until)
            #expect(decoded.tier == entities[position].tier)
        }
    }

    struct Dated: Sendable, CustomTestStringConvertible {
        let value: String
        let valid: Bool
        var testDescription: String { value }
    }

    @Test("dates are YYYY, YYYY-MM or YYYY-MM-DD", arguments: [
        Dated(value: "2018", valid: true), Dated(value: "2018-05", valid: true), Dated(value: "2018-05-08", valid: true),
        Dated(value: "2018-13", valid: false), Dated(value: "2018-00-10", valid: false), Dated(value: "2018-05-32", valid: false),
        Dated(value: "2023-02-29", valid: false), Dated(value: "2024-02-29", valid: true), Dated(value: "2023-04-31", valid: false),
        Dated(value: "1900-02-29", valid: false), Dated(value: "2000-02-29", valid: true),
        Dated(value: "18", valid: false), Dated(value: "2018/05", valid: false), Dated(value: "2018-5", valid: false),
        Dated(value: "", valid: false), Dated(value: "２０１８", valid: false), Dated(value: "2018-05-08T10", valid: false),
    ])
    func dates(_ dated: Dated) {
        #expect(YAMLDictionaryParser.isDate(dated.value) == dated.valid)
    }

    @Test("populations are whole numbers up to 4,294,967,295 (what the index stores)", arguments: [
        ("2148000", 2_148_000), ("0", 0), ("4294967295", 4_294_967_295), ("4294967296", nil), ("999999999999", nil),
        ("1000000000000", nil), ("-5", nil), ("2,148,000", nil), ("2e6", nil), ("", nil), ("٣", nil),
    ] as [(String, Int?)])
    func populations(_ text: String, _ value: Int?) {
        #expect(BulkDictionaryParser.population(text) == value)
    }

    /// "X, Country" finds the country whatever kinds the options keep.
    @Test("a qualifying country is found under a kind filter", arguments: [
        ("Moscow, Russia", EntityKind.city, "geonames-524901"), ("Tripoli, Lebanon", .city, "geonames-266826"),
        ("Georgia, USA", .region, "georgia-us"),
    ])
    func qualifiedUnderKindFilter(_ test: (String, EntityKind, String)) {
        let resolver = Resolver(sharing: Self.resolver, options: ResolverOptions(kinds: [test.1]))
        #expect(resolver.resolve(test.0).best?.id == test.2)
    }

    /// With only countries and territories asked for, "place, country" is the country when
    /// the place is in it or unknown; a list of countries, a place of an asked kind
    /// elsewhere and a two-letter code are not; without a kind filter the place decides.
    @Test("a place, a comma and a country under a country filter", arguments: [
        ("London, United Kingdom", [EntityKind.country, .territory], "GBR"),
        ("ALBERTA, CANADA", [.country, .territory], "CAN"),
        ("Dubai, UAE", [.country], "ARE"),
        ("Могадишу, Сомалия", [.country, .territory], "SOM"),
        ("Delaware, Usa", [.country, .territory], "USA"),
        ("Delaware, Usa", [.country, .region], "delaware-us"),
        ("Massachusetts, United States", [.country, .region], "massachusetts-us"),
        ("Hong Kong, China", [.country, .territory], "HKG"),
        ("Hong Kong, China", [.country], "CHN"),
        ("Georgia, Armenia", [.country, .territory], "-"),
        ("Armenia, Azerbaijan", [.country, .territory], "-"),
        ("Richmond, CA", [.country, .territory], "-"),
        ("London, United Kingdom", [.city], "geonames-2643743"),
        ("London, United Kingdom", [.organisation], "-"),
        ("Alberta (Canada)", [.country, .territory], "CAN"), ("Paris (Texas)", [.country], "-"),
    ] as [(String, [EntityKind], String)])
    func countryOfPlace(_ test: (String, [EntityKind], String)) {
        let resolution = Resolver(sharing: Self.resolver, options: ResolverOptions(kinds: Set(test.1))).resolve(test.0)
        expect(resolution, test.2, none: .notMatched)
    }

    /// A name of a curated entity of a kind left out is that entity's, not read another
    /// way; a town's name does not stop the other readings.
    @Test("a curated name of a kind left out is no other entity", arguments: [
        ("European Union", [EntityKind.country, .territory, .region], "-"),
        ("Union européenne", [.country, .territory, .region], "-"),
        ("African Union", [.country, .region], "-"),
        ("European Union", [.organisation], "european-union"),
        ("Europe", [.country, .region], "europe"),
        ("Paris", [.country], "-"),
    ] as [(String, [EntityKind], String)])
    func kindLeftOut(_ test: (String, [EntityKind], String)) {
        let resolution = Resolver(sharing: Self.resolver, options: ResolverOptions(kinds: Set(test.1))).resolve(test.0)
        expect(resolution, test.2, none: .noMatch)
    }

    /// Two countries side by side are a list, not a town in one of them that has the
    /// other's name as an alias; a place must lie in the region named, and the country is
    /// three letters or more. A curated entity inside, or (after a comma) a place whose own
    /// name it is, is still read.
    @Test("a list of two countries is no town", arguments: [
        ("Iran Iraq", "-"), ("Iran, Iraq", "-"), ("Egypt United States", "-"), ("Mali China", "-"),
        ("Albania, France", "-"), ("Panama Texas", "-"), ("Birmingham ч", "-"), ("テュルキエ アンゴラ", "-"),
        ("Georgia USA", "georgia-us"), ("Georgia, USA", "georgia-us"), ("Armenia, Colombia", "geonames-3689560"),
        ("Hong Kong China", "HKG"),
    ])
    func listOfCountries(_ test: (String, String)) {
        let resolution = Self.resolver.resolve(test.0)
        expect(resolution, test.1, none: .noMatch)
    }

    /// A pair or group only when the options ask for its kind.
    @Test("composites follow the kind filter", arguments: [
        ("中俄", [EntityKind.city], "-"), ("UK & Ireland", [.country], "-"), ("Zhong-E", [.country], "-"),
        ("中俄", [.pair], "CHN+RUS"), ("Europian Union", [.country, .region], "-"),
    ] as [(String, [EntityKind], String)])
    func compositeKinds(_ test: (String, [EntityKind], String)) {
        let resolution = Resolver(sharing: Self.resolver, options: ResolverOptions(kinds: Set(test.1))).resolve(test.0)
        expect(resolution, test.2, none: .notMatched)
    }

    /// What a "-" in the tables above asks for: no answer at all, or no match (an
    /// ambiguity is allowed).
    enum NoAnswer { case noMatch, notMatched }

    /// `resolution` answers `expected`, or for "-" has no answer as `none` says.
    func expect(_ resolution: Resolution, _ expected: String, none: NoAnswer,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if expected == "-" {
            let outcome = resolution.outcome
            #expect(none == .noMatch ? outcome == .noMatch : outcome != .match, "\(resolution.best?.id ?? "")",
                    sourceLocation: sourceLocation)
        } else {
            #expect(resolution.best?.id == expected, "\(resolution.explanation.map(\.description))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("without a kind filter, an unknown place before a country is no answer")
    func unknownPlaceWithoutFilter() {
        #expect(Self.resolver.resolve("ALBERTA, CANADA").outcome == .noMatch)
        #expect(Self.resolver.resolve("London, United Kingdom").best?.id == "geonames-2643743")
    }
}
