import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// Compiled indexes: a resolver loaded from one must answer exactly as the resolver that
/// wrote it, and a file that does not fit must be refused with a reason.
@Suite("Compiled index")
struct SnapshotTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-snapshot-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The bundled resolver, written once and loaded back.
    static let bundledPath: String = {
        let path = directory.appendingPathComponent("bundled.nomina").path
        try! ResolverTests.resolver.writeIndex(to: path)
        return path
    }()
    static let loaded = try! Resolver(index: bundledPath)

    /// Queries: every bundled name and demonym as written, the development set's noisy forms, and the
    /// extraction cases' texts cut into words.
    static let queries: [String] = {
        let gazetteer = ResolverTests.resolver.gazetteer
        var queries = gazetteer.entities.flatMap(\.allNames)
        queries += gazetteer.entities.flatMap { $0.demonyms.map(\.name) }
        let devset = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Evaluation/devset.tsv")
        let examples = Evaluation.parse((try? String(contentsOf: devset, encoding: .utf8)) ?? "")
        queries += examples.map(\.query)
        queries += ExtractionTests.cases.flatMap { $0.text.split(separator: " ").map(String.init) }
        return queries
    }()

    @Test("the loaded gazetteer holds the same entities, ids, children and names")
    func gazetteerRoundTrip() {
        let original = ResolverTests.resolver.gazetteer, loaded = Self.loaded.gazetteer
        #expect(Array(loaded.entities) == Array(original.entities))
        #expect(loaded.files == original.files)
        for entity in original.entities {
            #expect(loaded.position(of: entity.id) == original.position(of: entity.id))
            #expect(loaded.children(of: entity.id) == original.children(of: entity.id))
        }
        #expect(loaded.entities(named: "Азербайджан").map(\.id) == ["AZE"])
        #expect(loaded.position(of: "no-such-id") == nil)
    }

    @Test("the loaded resolver resolves every query exactly as the one that wrote it")
    func resolverRoundTrip() {
        #expect(Self.queries.count > 10_000)
        let original = ResolverTests.resolver.resolve(Self.queries)
        let loaded = Self.loaded.resolve(Self.queries)
        var differences = 0
        for (position, query) in Self.queries.enumerated() where original[position] != loaded[position] {
            differences += 1
            if differences <= 5 { Issue.record("\(query): \(original[position].method) vs \(loaded[position].method)") }
        }
        #expect(differences == 0)
        for query in Self.queries.prefix(2_000) {
            #expect(Self.loaded.exactLookup(query) == ResolverTests.resolver.exactLookup(query))
        }
        #expect(Self.loaded.indexStatistics.names == ResolverTests.resolver.indexStatistics.names)
    }

    @Test("options apply to a loaded index as to a built one", arguments: [
        ResolverOptions(kinds: [.region]), ResolverOptions(threshold: 0.99), ResolverOptions(top: 1),
    ])
    func options(_ options: ResolverOptions) throws {
        let built = Resolver(gazetteer: ResolverTests.resolver.gazetteer, options: options)
        let loaded = try Resolver(index: Self.bundledPath, options: options)
        for query in ["Azerbaijan", "Karabakh", "Naqqa", "Congo", "Aya-Yaah", "纳卡", "Республика Армения"] {
            #expect(loaded.resolve(query) == built.resolve(query), "\(query)")
        }
    }

    @Test("mentions found through a loaded index equal those of the built one")
    func extractionRoundTrip() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/naka-news.txt")
        let lines = try String(contentsOf: example, encoding: .utf8).split(separator: "\n").map(String.init)
            + ExtractionTests.cases.map(\.text)
        for options in [ExtractorOptions(), ExtractorOptions(requireCapitals: false, approximate: false)] {
            let built = MentionExtractor(resolver: ResolverTests.resolver, options: options)
            let loaded = MentionExtractor(resolver: Self.loaded, options: options)
            #expect(loaded.mentions(in: lines) == built.mentions(in: lines))
        }
        var all = ExtractorOptions()
        all.allLanguages = true  // not stored: built from the loaded index on demand
        #expect(MentionExtractor(resolver: Self.loaded, options: all).mentions(in: lines)
                == MentionExtractor(resolver: ResolverTests.resolver, options: all).mentions(in: lines))
    }

    @Test("a gazetteer of shared names, parents, negatives and codes survives the round trip")
    func sharedNames() throws {
        let here = SourceLocation(file: "shared.yaml", line: 3, column: 5)
        var entities = Array(ResolverTests.sharedNames.entities)
        entities.append(Entity(id: "CHX", name: "Chadia", kind: .country, codes: ["iso2": "CX", "iso3": "CHX"],
                               aliases: [Alias(name: "Tchadie", language: "fr", type: .short, note: "a note", exactOnly: true,
                                               location: here)],
                               negatives: [NegativeName(name: "Chadia Smith", note: "a person", instead: "p:1", location: here)],
                               hanAbbreviation: "查", note: "invented", location: here))
        let gazetteer = Gazetteer(entities: entities, files: ["test", "shared.yaml"])
        let built = Resolver(gazetteer: gazetteer)
        let path = Self.directory.appendingPathComponent("shared.nomina").path
        try built.writeIndex(to: path)
        let loaded = try Resolver(index: path)
        #expect(Array(loaded.gazetteer.entities) == entities)
        for query in ["Springfield", "Springfield 1", "Chad", "Tchad", "Chadia", "Tchadie", "Chadia Smith", "Springfeld", "查"] {
            #expect(loaded.resolve(query) == built.resolve(query), "\(query)")
            #expect(loaded.exactLookup(query) == built.exactLookup(query), "\(query)")
        }
    }

    /// A copy of the bundled index with `edit` applied to its bytes.
    static func damaged(_ name: String, _ edit: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bundledPath)))
        edit(&bytes)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Replaces the first occurrence of `old` (after the signature) by `new`, of equal length.
    static func replace(_ old: String, with new: String, in bytes: inout [UInt8]) {
        let (a, b) = (Array(old.utf8), Array(new.utf8))
        precondition(a.count == b.count)
        guard let start = (24..<bytes.count - a.count).first(where: { bytes[$0..<$0 + a.count].elementsEqual(a) }) else {
            preconditionFailure("\(old) not in the header")
        }
        bytes.replaceSubrange(start..<start + a.count, with: b)
    }

    enum Expected: Sendable { case notAnIndex, format, nomina, icu, corrupt, io }

    struct Damage: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: Expected
        let edit: @Sendable (inout [UInt8]) -> Void
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "text", expected: .notAnIndex) { $0 = Array(String(repeating: "# nomina-bulk 1\n", count: 10).utf8) },
        Damage(name: "format", expected: .format) { $0[24] = 99 },
        Damage(name: "nomina", expected: .nomina) { replace(NominaInfo.version, with: "9.9.9", in: &$0) },
        Damage(name: "icu", expected: .icu) { replace(ICUInfo.version, with: String(repeating: "0", count: ICUInfo.version.utf8.count), in: &$0) },
        Damage(name: "truncated", expected: .corrupt) { $0.removeLast($0.count / 2) },
        Damage(name: "unfinished", expected: .corrupt) { for offset in 32..<40 { $0[offset] = 0 } },
        Damage(name: "extended", expected: .corrupt) { $0 += [UInt8](repeating: 0, count: 64) },
        Damage(name: "empty", expected: .corrupt) { $0 = [] },
    ]

    @Test("a damaged or foreign index is refused with its reason", arguments: damages)
    func refused(_ damage: Damage) throws {
        let path = try Self.damaged(damage.name + ".nomina", damage.edit)
        do {
            _ = try Resolver(index: path)
            Issue.record("\(damage.name) was accepted")
        } catch {
            let matches: Bool
            switch (damage.expected, error.reason) {
            case (.notAnIndex, .notAnIndex), (.format, .formatVersion), (.nomina, .nominaVersion), (.icu, .icuVersion),
                 (.corrupt, .corrupt), (.io, .io): matches = true
            default: matches = false
            }
            #expect(matches, "\(error.reason)")
            #expect(error.description.hasPrefix(path + ": "))
            #expect(error.description.contains("nomina compile"))
        }
    }

    @Test("with verify, damage anywhere is caught by the checksum; an intact file verifies",
          arguments: [("middle", 0.5), ("early", 0.02), ("end", 0.999), ("checksum", -1.0)])
    func checksum(name: String, at fraction: Double) throws {
        #expect(throws: Never.self) { try Resolver(index: Self.bundledPath, verify: true) }
        let path = try Self.damaged("bit-\(name).nomina") { bytes in
            // One flipped bit: in the data (structures keep their sizes), or in the
            // stored checksum itself.
            let position = fraction < 0 ? 40 : SnapshotHeader.checksumStart
                + Int(Double(bytes.count - SnapshotHeader.checksumStart - 16) * fraction)
            bytes[position] ^= 0x10
        }
        do {
            _ = try Resolver(index: path, verify: true)
            Issue.record("a damaged file (\(name)) verified")
        } catch {
            #expect(error.reason == .corrupt("its checksum does not match its contents"))
            #expect(error.description.hasPrefix(path + ": damaged index"))
        }
    }

    @Test("a missing file and another profile are refused")
    func missingAndProfile() throws {
        #expect(throws: SnapshotError.self) { try Resolver(index: Self.directory.appendingPathComponent("absent").path) }
        do {
            _ = try Resolver(index: Self.bundledPath, normalizer: NameNormalizer(profile: .loose))
            Issue.record("another profile was accepted")
        } catch {
            #expect(error.reason == .profile(found: NormalizationProfile.default.fingerprint,
                                             expected: NormalizationProfile.loose.fingerprint))
        }
    }

    @Test("writing is atomic: a failed write leaves no file behind")
    func atomicWrite() throws {
        let path = Self.directory.appendingPathComponent("no-such-directory/index.nomina").path
        #expect(throws: SnapshotError.self) { try ResolverTests.resolver.writeIndex(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("flat tables agree with their in-memory sources", arguments: [1, 7, 1_000])
    func flatTables(_ count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        let strings = (0..<count).map { _ in
            String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "aé中ж -".randomElement(using: &generator)! })
        }
        let table = StringTable(strings)
        #expect(table.count == strings.count)
        #expect(table.indices.map { table.string($0) } == strings)
        let lists = (0..<count).map { _ in (0..<Int.random(in: 0...5, using: &generator)).map { _ in Int32.random(in: -9...9, using: &generator) } }
        let listTable = ListTable(lists)
        #expect(listTable.indices.map { Array(listTable[$0]) } == lists)
        var dictionary: [String: [Int32]] = [:]
        for (position, string) in strings.enumerated() { dictionary[string, default: []].append(Int32(position) - 3) }
        let keys = ByteKeyTable(dictionary)
        var seen: [String: [Int32]] = [:]
        keys.forEach { key, values in seen[String(decoding: key, as: UTF8.self)] = Array(values) }
        #expect(seen == dictionary)
        #expect(Set(keys.keys) == Set(dictionary.keys))
    }

    @Test("an index stores the pinyin of every Han character of its names as ICU reads it, and a loaded index keeps it")
    func hanReadings() throws {
        let original = ResolverTests.resolver.index, loaded = Self.loaded.index
        #expect(original.hanCharacterReadings.count > 500)
        #expect(loaded.hanCharacterReadings.map(\.character) == original.hanCharacterReadings.map(\.character))
        #expect(loaded.hanCharacterReadings.map(\.reading) == original.hanCharacterReadings.map(\.reading))
        // ICU's own reading, through a normaliser that has read no index.
        let fresh = NameNormalizer(profile: .default, cacheCapacity: 64)
        var generator = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let (character, reading) = original.hanCharacterReadings.randomElement(using: &generator)!
            let icu = try fresh.workspaces.withResource { fresh.hanReadings.reading(of: character, workspace: $0) }
            #expect(reading == icu.joined(separator: " "), "\(character)")
        }
        // Every Han character of every name has its reading.
        let characters = Set(original.hanCharacterReadings.map(\.character))
        for name in ResolverTests.resolver.gazetteer.entities.flatMap(\.allNames) {
            for scalar in name.unicodeScalars where scalar.value >= 0x2E80 && Script.of(scalar) == .han {
                #expect(characters.contains(scalar), "\(name)")
            }
        }
        #expect(HanReadings.contextual == HanReadings.contextualFromICU())
    }

    @Test("the romanised-abbreviation tables of a loaded index read each Han unit as ICU does")
    func derivedHanTables() {
        // The reference: each unit keyed through a normaliser that has read no index, so a
        // context-sensitive unit (朝, 重) goes through ICU's Han-Latin.
        let fresh = NameNormalizer(profile: .default, cacheCapacity: 64)
        var expected: [String: [Character]] = [:]
        for (character, _) in Self.loaded.index.hanUnits {
            let reading = fresh.key(String(character))
            if !reading.isEmpty, !reading.contains(" ") { expected[reading, default: []].append(character) }
        }
        for key in expected.keys { expected[key]!.sort() }
        #expect(expected.count > 50)
        #expect(Self.loaded.tables.unitsByReading == expected)
        #expect(ResolverTests.resolver.tables.unitsByReading == expected)
        // Some units are context-sensitive: the case the stored readings stand in for.
        #expect(Self.loaded.index.hanUnits.keys.contains { $0.unicodeScalars.count == 1 && HanReadings.contextual.contains($0.unicodeScalars.first!) })
    }
}
