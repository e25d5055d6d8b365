import Foundation
import Testing
import NominaTestSupport
@testable @_spi(Testing) import Nomina

/// The codecs of the compact index (format 5): varints, sorted front-coded key tables, the
/// order of one-edit candidates, and a built resolver against a mapped one on noisy queries.
@Suite("Compact index")
struct CompactIndexTests {
    // MARK: - Varints

    static let boundaries: [(value: UInt32, bytes: Int)] = [
        (0, 1), (1, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (2_097_151, 3), (2_097_152, 4),
        (268_435_455, 4), (268_435_456, 5), (UInt32(Int32.max), 5), (UInt32.max - 1, 5), (UInt32.max, 5),
    ]

    @Test("varints round-trip at every length boundary", arguments: boundaries)
    func varintRoundTrip(_ boundary: (value: UInt32, bytes: Int)) {
        var bytes: [UInt8] = []
        Varint.append(boundary.value, to: &bytes)
        #expect(bytes.count == boundary.bytes)
        #expect(Varint.size(boundary.value) == boundary.bytes)
        // Followed by another value: each read stops at its own end.
        Varint.append(7, to: &bytes)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            #expect(Varint.read(buffer.baseAddress!, &offset, end: buffer.count) == boundary.value)
            #expect(offset == boundary.bytes)
            #expect(Varint.read(buffer.baseAddress!, &offset, end: buffer.count) == 7)
            #expect(offset == buffer.count)
        }
    }

    @Test("a varint cut off by its bound reads as nothing", arguments: boundaries.filter { $0.bytes > 1 })
    func truncatedVarint(_ boundary: (value: UInt32, bytes: Int)) {
        var bytes: [UInt8] = []
        Varint.append(boundary.value, to: &bytes)
        bytes.withUnsafeBufferPointer { buffer in
            for end in 0..<buffer.count {
                var offset = 0
                #expect(Varint.read(buffer.baseAddress!, &offset, end: end) == nil, "cut at \(end)")
                #expect(offset <= end)
            }
        }
    }

    @Test("a varint too large for 32 bits reads as nothing", arguments: [
        [0x80, 0x80, 0x80, 0x80, 0x10],        // a fifth byte above 0x0F
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // six bytes
        [0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00],  // a fifth byte with the high bit set
        [UInt8](repeating: 0xFF, count: 64),    // a long run of continuation bytes
    ] as [[UInt8]])
    func oversizedVarint(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            #expect(Varint.read(buffer.baseAddress!, &offset, end: buffer.count) == nil)
            #expect(offset <= Varint.maximumBytes)
        }
    }

    @Test("zigzag maps small differences of either sign to small values", arguments: [
        (Int32(0), UInt32(0)), (-1, 1), (1, 2), (-2, 3), (2, 4), (Int32.max, UInt32.max - 1), (Int32.min, UInt32.max),
    ])
    func zigzag(_ pair: (Int32, UInt32)) {
        #expect(Varint.zigzag(pair.0) == pair.1)
        #expect(Varint.unzigzag(pair.1) == pair.0)
    }

    // MARK: - Sorted key tables

    /// A table and the naive sorted array it must answer as.
    static func pair(_ reference: [String: [Int32]]) -> (SortedKeyTable, [(key: [UInt8], values: [Int32])]) {
        let table = SortedKeyTable(reference)
        let sorted = reference.map { (key: Array($0.key.utf8), values: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return (table, sorted)
    }

    /// The naive lookup: a linear scan of the sorted array.
    static func naive(_ sorted: [(key: [UInt8], values: [Int32])], _ key: [UInt8]) -> [Int32] {
        sorted.first { $0.key == key }?.values ?? []
    }

    /// Keys that share prefixes of every length, at sizes around the block boundaries.
    @Test("keys by prefix are those a filter of the sorted keys gives", arguments: [0, 1, 2, 15, 16, 17, 33, 200])
    func prefixScanAgreesWithFilter(size: Int) {
        var rng = SplitMix64(seed: UInt64(size) + 77)
        // Small alphabets and shared stems, so that tables of few keys have a common start.
        let stems = ["russ", "russi", "ab", "abc", "abcdefgh", "abcdefghij", "é", "阿"]
        var reference: [String: [Int32]] = [:]
        while reference.count < size {
            let tail = String((0..<Int.random(in: 0...4, using: &rng)).map { _ in "aiz".randomElement(using: &rng)! })
            reference[stems.randomElement(using: &rng)! + tail] = [Int32(reference.count)]
        }
        let (table, sorted) = Self.pair(reference)
        var prefixes = stems.map { Array($0.utf8) } + [[], [0x61], [0x72, 0x75], [0xFF], Array("russiaz".utf8)]
        prefixes += sorted.map(\.key)
        for prefix in prefixes {
            for limit in [1, 3, 1_000] {
                var found: [[UInt8]] = []
                table.forEach(prefix: prefix, limit: limit) { key, _ in found.append(Array(key)) }
                let expected = sorted.map(\.key).filter { $0.starts(with: prefix) }.prefix(limit)
                #expect(found == Array(expected), "\(String(decoding: prefix, as: UTF8.self)) limit \(limit)")
            }
        }
    }

    @Test("the front-coded table answers as a sorted array does", arguments: [0, 1, 15, 16, 17, 31, 32, 33, 200])
    func frontCodedAgreesWithSortedArray(size: Int) {
        var rng = SplitMix64(seed: UInt64(size) + 1)
        var reference: [String: [Int32]] = [:]
        let stems = ["", "a", "ab", "abc", "abcdefgh", "abcdefghi", "abcdefgi", "b", "ba", "é", "阿", "zzzzzzzzzzzz"]
        while reference.count < size {
            let stem = stems.randomElement(using: &rng)!
            let tail = String((0..<Int.random(in: 0...3, using: &rng)).map { _ in "abz\u{0}".randomElement(using: &rng)! })
            // Values in any order, of every size: the order given is kept.
            reference[stem + tail] = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                [0, 1, 127, 128, 70_000, Int32.max - 1].randomElement(using: &rng)!
            }
        }
        let (table, sorted) = Self.pair(reference)
        #expect(table.count == reference.count)
        #expect(table.keys == sorted.map { String(decoding: $0.key, as: UTF8.self) })
        var listed: [(key: [UInt8], values: [Int32])] = []
        table.forEach { key, values in listed.append((Array(key), Array(values))) }
        #expect(listed.map(\.key) == sorted.map(\.key))
        #expect(listed.map(\.values) == sorted.map(\.values))
        for (key, values) in sorted {
            let found = key.withUnsafeBufferPointer { table.values(of: $0) }
            #expect(Array(found) == values, "\(key)")
            #expect(found.first == values.first)
        }
        // Absent keys: every key with a byte added, removed or changed, and the stems.
        var probes = stems.map { Array($0.utf8) } + [[0xFF], [0x00], Array(repeating: 0x61, count: 100)]
        for (key, _) in sorted {
            probes.append(key + [0x61])
            probes.append(key + [0x00])
            if !key.isEmpty {
                probes.append(Array(key.dropLast()))
                var changed = key
                changed[changed.count / 2] &+= 1
                probes.append(changed)
            }
        }
        for probe in probes {
            let found = probe.withUnsafeBufferPointer { table.values(of: $0) }
            #expect(Array(found) == Self.naive(sorted, probe), "\(probe)")
        }
    }

    @Test("keys that all share a long prefix (ids) are found past it, and others are not")
    func sharedPrefix() {
        var reference: [String: [Int32]] = [:]
        for number in stride(from: 0, to: 5_000, by: 7) { reference["geonames-\(number)"] = [Int32(number)] }
        let (table, sorted) = Self.pair(reference)
        for (key, values) in sorted { #expect(Array(key.withUnsafeBufferPointer { table.values(of: $0) }) == values) }
        for absent in ["geonames-1", "geonames-", "geonames", "", "geonamet-7", "fr", "geonames-49999", "zz"] {
            #expect(table.values(of: absent).isEmpty, "\(absent)")
        }
    }

    @Test("the front-coded table answers as a dictionary on random keys of every script", arguments: [3_000])
    func frontCodedRandomKeys(size: Int) {
        var rng = SplitMix64(seed: 77)
        var reference: [String: [Int32]] = [:]
        for key in RandomCorpus.strings(count: size, maxLength: 40, seed: 5) + [""] {
            reference[key] = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int32.random(in: 0..<1_000_000, using: &rng) }
        }
        let (table, sorted) = Self.pair(reference)
        for (key, values) in sorted {
            #expect(Array(key.withUnsafeBufferPointer { table.values(of: $0) }) == values)
        }
        for key in RandomCorpus.strings(count: 500, maxLength: 40, seed: 99) where reference[key] == nil {
            #expect(table.values(of: key).isEmpty)
        }
    }

    /// A table of "a" → [1, 2], "ab" → [3], "b" → [4] whose bytes are replaced by `data`.
    static func damaged(_ data: [UInt8], limit: UInt32 = 5) -> SortedKeyTable {
        SortedKeyTable(blocks: FlatArray<UInt32>([0, UInt32(data.count)]), prefixes: FlatArray<UInt64>([0x6100_0000_0000_0000]),
                       data: FlatArray(data), count: 3, limit: limit)
    }

    /// shared, length, bytes, count, values (zigzag deltas).
    static let intact: [UInt8] = [0, 1, 0x61, 2, 2, 2] + [1, 1, 0x62, 1, 6] + [0, 1, 0x62, 1, 8]

    @Test("a damaged front-coded block reads as not found or a shorter list, never out of bounds", arguments: [
        ("a length past the block", [0, 1, 0x61, 2, 2, 2] + [1, 90, 0x62], ["a": [1, 2], "ab": [], "b": []]),
        ("a varint that never ends", [0, 1, 0x61, 2, 2, 2] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], ["a": [1, 2], "ab": [], "b": []]),
        ("a count past the block", [0, 1, 0x61, 200, 2, 2], ["a": [], "ab": [], "b": []]),
        ("a value past the limit", [0, 1, 0x61, 2, 2, 20] + [1, 1, 0x62, 1, 6], ["a": [1], "ab": [3], "b": []]),
        ("a negative value", [0, 1, 0x61, 2, 3, 2] + [1, 1, 0x62, 1, 6], ["a": [], "ab": [3], "b": []]),
        ("a first record that shares bytes", [4, 1, 0x61, 1, 2], ["a": [], "ab": [], "b": []]),
        ("a record that shares more than its key", [0, 1, 0x61, 1, 2] + [9, 1, 0x62, 1, 6], ["a": [1], "ab": [], "b": []]),
        ("values cut off", [0, 1, 0x61, 2, 2, 0x82], ["a": [1], "ab": [], "b": []]),
        ("an empty block", [], ["a": [], "ab": [], "b": []]),
        ("as written", intact, ["a": [1, 2], "ab": [3], "b": [4]]),
    ] as [(String, [UInt8], [String: [Int32]])])
    func damagedBlocks(_ name: String, _ data: [UInt8], _ expected: [String: [Int32]]) {
        let table = Self.damaged(data)
        for (key, values) in expected {
            #expect(Array(table.values(of: key)) == values, "\(name): \(key)")
        }
        var seen = 0
        table.forEach { _, _ in seen += 1 }
        #expect(seen <= 3, "\(name)")
    }

    @Test("block starts that do not fit the bytes are refused at open", arguments: [
        ("starts that decrease", [0, 6, 3, 16] as [UInt32], 3, "a key table's blocks do not match its bytes"),
        ("an end past the bytes", [0, 40], 1, "a key table's blocks do not match its bytes"),
        ("a first start after 0", [2, 16], 1, "a key table's blocks do not match its bytes"),
        ("a count too large for the blocks", [0, 16], 17, "a key table's count does not match its blocks"),
        ("a negative count", [0, 16], -1, "a key table's count does not match its blocks"),
    ] as [(String, [UInt32], Int, String)])
    func malformedBlocks(_ name: String, _ blocks: [UInt32], _ count: Int, _ message: String) {
        do {
            _ = try SnapshotTests.readBack("keyset-\(name.hashValue)", { (w) throws(SnapshotError) in
                try w.tag("KEYSET")
                try w.integer(count)
                try w.array(FlatArray(blocks))
                try w.array(FlatArray([UInt8]()))
                try w.array(FlatArray([UInt64](repeating: 0, count: blocks.count - 1)))
                try w.array(FlatArray(Self.intact))
            }, { (r) throws(SnapshotError) in try SortedKeyTable(reading: &r, limit: 5) })
            Issue.record("\(name): not refused")
        } catch {
            guard case .corrupt(let detail) = error.reason else { Issue.record("\(name): \(error)"); return }
            #expect(detail.contains(message), "\(name): \(detail)")
        }
    }

    @Test("prefixes that disagree with the blocks give wrong answers at worst, in bounds")
    func damagedPrefixes() {
        var builder = SortedKeyTable.Builder()
        let keys = (0..<100).map { String(format: "key%03d", $0) }
        for (position, key) in keys.enumerated() { builder.append(Array(key.utf8), [Int32(position)]) }
        let built = builder.build()
        var prefixes: [UInt64] = []
        var rng = SplitMix64(seed: 3)
        for _ in 0..<7 { prefixes.append(UInt64.random(in: 0...UInt64.max, using: &rng)) }
        var blocks: [UInt32] = []
        var offset: UInt32 = 0
        // The real bytes, with block starts in the middle of records.
        var data: [UInt8] = []
        built.forEach { key, values in
            data.append(contentsOf: [0, UInt8(key.count)] + Array(key) + [1, UInt8(values.first! * 2)])
        }
        for _ in 0..<7 { blocks.append(offset); offset = min(offset + 37, UInt32(data.count)) }
        blocks.append(UInt32(data.count))
        let table = SortedKeyTable(blocks: FlatArray(blocks), prefixes: FlatArray(prefixes), data: FlatArray(data),
                                   count: 100, limit: 100)
        for key in keys + ["", "zzz", "key"] {
            for value in table.values(of: key) { #expect(value >= 0 && value < 100) }
        }
    }

    @Test("the edit filter has every variant it was built with")
    func editFilterHasItsVariants() {
        var rng = SplitMix64(seed: 8)
        let keys = (0..<3_000).map { _ in (0..<Int.random(in: 1...12, using: &rng)).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) } }
        let filter = EditFilter(keys: keys)
        var absent = 0
        for key in keys {
            key.withUnsafeBufferPointer { bytes in
                for skip in -1..<bytes.count {
                    #expect(filter.mayContain(EditFilter.hash(bytes, skipping: skip, tag: skip)))
                    // The same variant under another position's tag is mostly absent.
                    if !filter.mayContain(EditFilter.hash(bytes, skipping: skip, tag: skip + 40)) { absent += 1 }
                }
            }
        }
        #expect(absent > keys.count * 5)
    }

    // MARK: - One-edit order

    /// What the symmetric-deletion index of formats up to 4 gave first for a key: the first
    /// deletion of the query (-1: none) that equals the key or one of its deletions.
    static func naiveFirstSharedDeletion(_ query: [UInt8], _ key: [UInt8]) -> Int {
        func deletions(_ bytes: [UInt8]) -> [(skip: Int, bytes: [UInt8])] {
            [(-1, bytes)] + bytes.indices.map { skip in (skip, Array(bytes[..<skip] + bytes[(skip + 1)...])) }
        }
        let variants = Set(deletions(key).map(\.bytes))
        return deletions(query).first { variants.contains($0.bytes) }?.skip ?? query.count
    }

    @Test("one-edit candidates are ordered as the deletion index found them")
    func firstSharedDeletion() {
        var rng = SplitMix64(seed: 19)
        let alphabet = Array("abn ".utf8)
        for _ in 0..<3_000 {
            let query = (0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let key = (0..<Int.random(in: 0...7, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let found = query.withUnsafeBufferPointer { q in key.withUnsafeBufferPointer { Resolver.firstSharedDeletion(q, $0) } }
            #expect(found == Self.naiveFirstSharedDeletion(query, key), "\(query) \(key)")
        }
    }

    @Test("the one-edit search finds what the banded walk finds within one edit", arguments: [3, 5])
    func oneEditSearch(alphabetSize: Int) {
        var rng = SplitMix64(seed: UInt64(alphabetSize))
        let alphabet = Array("abno e".utf8.prefix(alphabetSize))
        let keys = Array(Set((0..<2_000).map { _ in (0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! } }))
        let trie = KeyTrie(keys: keys)
        let filter = EditFilter(keys: keys)
        for _ in 0..<500 {
            let query = (0..<Int.random(in: 1...9, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var expected: [Int: [UInt8]] = [:]
            trie.search(query, maxEdits: 1, anchored: true) { key, edits, bytes in if edits == 1 { expected[key] = Array(bytes) } }
            var found: [Int: [UInt8]] = [:]
            var twice = false
            trie.searchOneEdit(query) { key, bytes in
                if found[key] != nil { twice = true }
                found[key] = Array(bytes)
            }
            #expect(found == expected, "\(query)")
            #expect(!twice, "\(query)")
            // The filter only spares work: the same keys.
            var filtered: [Int: [UInt8]] = [:]
            trie.searchOneEdit(query, filter: filter) { key, bytes in filtered[key] = Array(bytes) }
            #expect(filtered == expected, "\(query) (filtered)")
        }
    }

    // MARK: - Built against mapped, on noisy queries

    /// A few thousand bundled names with one or two random edits (swaps, deletions,
    /// insertions, substitutions), lower-cased, and cut at a space: what the fuzzy,
    /// phonetic, designator and compound stages see.
    static let noisyQueries: [String] = {
        var rng = SplitMix64(seed: 2026)
        let names = ResolverTests.resolver.gazetteer.entities.flatMap(\.allNames)
        let letters = Array("abcdefghijklmnorstuyzéü -")
        var queries: [String] = []
        for _ in 0..<4_000 {
            var characters = Array(names.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 1...2, using: &rng) where characters.count > 2 {
                let position = Int.random(in: 1..<characters.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where position + 1 < characters.count: characters.swapAt(position, position + 1)
                case 1: characters.remove(at: position)
                case 2: characters.insert(letters.randomElement(using: &rng)!, at: position)
                default: characters[position] = letters.randomElement(using: &rng)!
                }
            }
            let query = String(characters)
            queries.append(query)
            if Bool.random(using: &rng) { queries.append(query.lowercased()) }
            if let cut = query.split(separator: " ").first, cut.count < query.count { queries.append(String(cut)) }
        }
        return queries
    }()

    @Test("a mapped index answers noisy queries exactly as the built resolver")
    func noisyRoundTrip() {
        let built = ResolverTests.resolver.resolve(Self.noisyQueries)
        let mapped = SnapshotTests.loaded.resolve(Self.noisyQueries)
        var differences = 0
        for (position, query) in Self.noisyQueries.enumerated() where built[position] != mapped[position] {
            differences += 1
            if differences <= 5 { Issue.record("\(query): \(built[position]) vs \(mapped[position])") }
        }
        #expect(differences == 0)
        // Enough of them reach the fuzzy stage for the comparison to mean something.
        #expect(built.filter { $0.method == .fuzzy }.count > 300)
    }
}

extension KeyTrie {
    /// Every key within `maxEdits` of `query` as "key:edits" (tests compare with a scan).
    func searchTexts(_ query: String, maxEdits: Int, anchored: Bool = false) -> [String] {
        var found: [String] = []
        search(Array(query.utf8), maxEdits: maxEdits, anchored: anchored) { _, edits, bytes in
            found.append("\(String(decoding: bytes, as: UTF8.self)):\(edits)")
        }
        return found
    }
}
