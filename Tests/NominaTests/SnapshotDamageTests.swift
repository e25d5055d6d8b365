import Foundation
import Testing
import NominaTestSupport
@testable @_spi(Testing) import Nomina

/// Damaged compiled indexes, in the library: each structure read from a file checks what
/// it follows (offsets, runs, child and key indexes, entity indexes) and refuses what does
/// not fit, or reads it as "not found"; a probe never runs forever. (The tests that flip
/// every byte run the built binary: CompileCommandTests.)
extension SnapshotTests {
    /// A file of `build`'s structures alone (no header), read back by `read` with the
    /// structural checks only (no checksums), as a damaged file that kept its checksums
    /// would be.
    static func readBack<T>(_ name: String, _ build: (inout SnapshotWriter) throws(SnapshotError) -> Void,
                            _ read: (inout SnapshotReader) throws(SnapshotError) -> T) throws(SnapshotError) -> T {
        let path = directory.appendingPathComponent(name).path
        var writer = try SnapshotWriter(path: path)
        try build(&writer)
        for _ in 0..<8 { try writer.integer(0) }  // a mapped file has at least 64 bytes
        writer.abandon()
        var reader = try SnapshotReader(path: path, checks: .structureOnly)
        return try read(&reader)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        /// What the refusal says.
        let message: String
        let build: @Sendable (inout SnapshotWriter) throws(SnapshotError) -> Void
        let read: @Sendable (inout SnapshotReader) throws(SnapshotError) -> Void
        var testDescription: String { name }
    }

    /// Writes a byte-key table's parts as they are.
    static func keyTable(count: Int = 1, slots: [ByteKeyTable.Slot], arena: [UInt8] = [], lists: [Int32] = [],
                         into writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("BYTEKEYS")
        try writer.integer(count)
        try writer.array(FlatArray(slots))
        try writer.array(FlatArray(arena))
        try writer.array(FlatArray(lists))
    }

    static let emptySlot = ByteKeyTable.Slot(fingerprint: 0, length: 0, offset: 0, value: 0)
    static let slots16 = [ByteKeyTable.Slot](repeating: emptySlot, count: 16)

    /// Writes a trie's parts as they are; the key counts before every 64th node are those
    /// of the nodes unless `ranks` says otherwise.
    static func trie(_ nodes: [KeyTrie.Node], keys: Int = 0, ranks: [UInt32]? = nil,
                     into writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("KEYTRIE")
        try writer.integer(keys)
        try writer.array(FlatArray(nodes))
        try writer.array(FlatArray(ranks ?? stride(from: 0, to: nodes.count, by: 64).map { start in
            UInt32(nodes[..<start].filter(\.terminal).count)
        }))
    }

    static func node(first: Int = 0, count: Int = 0, key: Bool = false) -> KeyTrie.Node {
        KeyTrie.Node(firstChild: first, childCount: count, byte: 0x61, terminal: key)
    }

    static let malformed: [Malformed] = [
        Malformed(name: "string offsets that decrease", message: "a string table's offsets do not match its text",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt32>([0, 5, 3, 6])); try w.array(FlatArray<UInt8>(Array("abcdef".utf8))) },
                  read: { (r) throws(SnapshotError) in _ = try r.strings() }),
        Malformed(name: "string offsets past the text", message: "a string table's offsets do not match its text",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt32>([0, 9, 6])); try w.array(FlatArray<UInt8>(Array("abcdef".utf8))) },
                  read: { (r) throws(SnapshotError) in _ = try r.strings() }),
        Malformed(name: "list offsets that decrease", message: "a list table's offsets do not match its values",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt32>([0, 2, 1, 2])); try w.array(FlatArray<Int32>([0, 1])) },
                  read: { (r) throws(SnapshotError) in _ = try r.lists(limit: 5) }),
        Malformed(name: "a list value past its table", message: "points past its table",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt32>([0, 2])); try w.array(FlatArray<Int32>([0, 5])) },
                  read: { (r) throws(SnapshotError) in _ = try r.lists(limit: 5) }),
        Malformed(name: "a negative list value", message: "points past its table",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt32>([0, 1])); try w.array(FlatArray<Int32>([-1])) },
                  read: { (r) throws(SnapshotError) in _ = try r.lists(limit: 5) }),
        Malformed(name: "a key-table run longer than the lists", message: "a key table has a list that does not fit",
                  build: { (w) throws(SnapshotError) in try keyTable(slots: slots16, lists: [-3, 0, 1], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a key-table run value past the limit", message: "a key table has a list that does not fit",
                  build: { (w) throws(SnapshotError) in try keyTable(slots: slots16, lists: [-2, 0, 7], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a count inside a key-table run", message: "a key table has a list that does not fit",
                  build: { (w) throws(SnapshotError) in try keyTable(slots: slots16, lists: [-2, 0, -1, 1], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a key-table list that starts with a value", message: "a key table has a list that does not fit",
                  build: { (w) throws(SnapshotError) in try keyTable(slots: slots16, lists: [1, -1, 0], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a key table without an empty slot", message: "a key table has no empty slot",
                  build: { (w) throws(SnapshotError) in
                      try keyTable(count: 8, slots: [ByteKeyTable.Slot](repeating: .init(fingerprint: 3, length: 0, offset: 0, value: 0), count: 16), into: &w)
                  },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a key table fuller than half", message: "a power of two at least twice its count",
                  build: { (w) throws(SnapshotError) in try keyTable(count: 9, slots: slots16, into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a key table of 24 slots", message: "a power of two at least twice its count",
                  build: { (w) throws(SnapshotError) in try keyTable(slots: Array(repeating: emptySlot, count: 24), into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try ByteKeyTable(reading: &r, limit: 5) }),
        Malformed(name: "a trie child past the nodes", message: "the key trie has children past its nodes",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 3), node()], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "a trie node that is its own child", message: "the key trie has children out of place",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 1), node(first: 1, count: 1)], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "a trie child before its parent", message: "the key trie has children out of place",
                  build: { (w) throws(SnapshotError) in
                      try trie([node(first: 1, count: 1), node(first: 0, count: 1), node()], into: &w)
                  },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "a trie node nobody points to", message: "the key trie has nodes that belong to no parent",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 1), node(), node()], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "a trie leaf with a child index", message: "the key trie has a leaf with children",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 1), node(first: 2)], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "more trie keys than the count", message: "the key trie has 2 keys where 1 were expected",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 1, key: true), node(key: true)], keys: 1, into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "trie key counts that disagree with the nodes", message: "the key trie has key counts that do not match its nodes",
                  build: { (w) throws(SnapshotError) in
                      let nodes = [node(first: 1, count: 1)] + (1..<65).map { $0 < 64 ? node(first: $0 + 1, count: 1, key: true) : node(key: true) }
                      try trie(nodes, keys: 64, ranks: [0, 60], into: &w)
                  },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "trie key counts missing", message: "the key trie has key counts that do not match its nodes",
                  build: { (w) throws(SnapshotError) in try trie([node(first: 1, count: 1), node(key: true)], keys: 1, ranks: [], into: &w) },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "a trie node with unknown bits", message: "the key trie has a node with unknown bits",
                  build: { (w) throws(SnapshotError) in
                      try trie([node(first: 1, count: 1), KeyTrie.Node(bits: node(key: true).bits | 1 << 63)], keys: 1, into: &w)
                  },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "trie key lengths that do not follow from the subtree",
                  message: "the key trie has a node whose key lengths do not match its subtree",
                  build: { (w) throws(SnapshotError) in
                      // The root claims keys of at most one byte; its child's key has two.
                      let leaf = node(key: true)
                      let middle = node(first: 2, count: 1).withLengths(shallowest: 1, deepest: 1)
                      try trie([node(first: 1, count: 1).withLengths(shallowest: 1, deepest: 1), middle, leaf], keys: 1, into: &w)
                  },
                  read: { (r) throws(SnapshotError) in _ = try KeyTrie(reading: &r) }),
        Malformed(name: "an entry of no entity", message: "an entry names no entity",
                  build: { (w) throws(SnapshotError) in
                      try w.tag("ENTRIES")
                      try w.array(FlatArray<Int32>([0, 9]))
                      try w.array(FlatArray<UInt8>([0, 0]))
                      try w.strings(StringTable(["a", "b"]))
                  },
                  read: { (r) throws(SnapshotError) in _ = try EntryTable(reading: &r, entityCount: 3) }),
        Malformed(name: "an integer table without an empty slot", message: "an integer table has no empty slot",
                  build: { (w) throws(SnapshotError) in
                      try w.tag("INTTABLE")
                      try w.array(FlatArray<UInt64>((0..<16).map { UInt64($0) }))
                      try w.array(FlatArray<Int32>([Int32](repeating: 0, count: 16)))
                  },
                  read: { (r) throws(SnapshotError) in _ = try IntegerTable(reading: &r) }),
        Malformed(name: "an element size that does not match", message: "element size 8 where 4 was expected",
                  build: { (w) throws(SnapshotError) in try w.array(FlatArray<UInt64>([1, 2])) },
                  read: { (r) throws(SnapshotError) in let _: FlatArray<UInt32> = try r.array() }),
        Malformed(name: "an array longer than the file", message: "runs past the end",
                  build: { (w) throws(SnapshotError) in try w.integer(1 << 40); try w.integer(1); try w.integer(0) },
                  read: { (r) throws(SnapshotError) in let _: FlatArray<UInt8> = try r.array() }),
    ]

    @Test("a structure that does not fit is refused at open, with what is wrong", arguments: malformed)
    func malformedStructure(_ malformed: Malformed) throws {
        let name = malformed.name.replacingOccurrences(of: " ", with: "-")
        do {
            try Self.readBack(name, malformed.build, malformed.read)
            Issue.record("\(malformed.name) was accepted")
        } catch {
            guard case .corrupt(let detail) = error.reason else { Issue.record("\(error)"); return }
            #expect(detail.contains(malformed.message), "\(detail)")
        }
    }

    /// A slot for `key` in a table of `capacity` slots, at the position the key hashes to.
    static func slot(for key: String, capacity: Int, length: Int? = nil, offset: UInt32, value: UInt32)
        -> (position: Int, slot: ByteKeyTable.Slot) {
        var key = key
        let hash = key.withUTF8 { UTF8Decoding.hash($0) }
        return (Int(truncatingIfNeeded: hash) & (capacity - 1),
                ByteKeyTable.Slot(fingerprint: ByteKeyTable.fingerprint(hash), length: UInt32(length ?? key.utf8.count),
                                  offset: offset, value: value))
    }

    static func table(_ slots: [(position: Int, slot: ByteKeyTable.Slot)], capacity: Int = 16,
                      arena: String = "abc", lists: [Int32] = [], limit: UInt32 = 5) -> ByteKeyTable {
        var all = [ByteKeyTable.Slot](repeating: emptySlot, count: capacity)
        for (position, slot) in slots { all[position] = slot }
        return ByteKeyTable(slots: FlatArray(all), arena: FlatArray(Array(arena.utf8)), lists: FlatArray(lists),
                            count: slots.count, limit: limit)
    }

    @Test("a key-table slot that points outside its table reads as not found")
    func damagedSlots() {
        // As built, the slot reads back.
        #expect(Array(Self.table([Self.slot(for: "abc", capacity: 16, offset: 0, value: 3)]).values(of: "abc")) == [3])
        let cases: [(String, ByteKeyTable)] = [
            ("key past the arena", Self.table([Self.slot(for: "abc", capacity: 16, offset: 1, value: 3)])),
            ("key far past the arena", Self.table([Self.slot(for: "abc", capacity: 16, offset: 0xFFFF_FFF0, value: 3)])),
            ("value past the limit", Self.table([Self.slot(for: "abc", capacity: 16, offset: 0, value: 5)])),
            ("run past the lists", Self.table([Self.slot(for: "abc", capacity: 16, offset: 0, value: 0x8000_0000 | 7)],
                                              lists: [-2, 0, 1])),
            ("run that starts inside another", Self.table([Self.slot(for: "abc", capacity: 16, offset: 0, value: 0x8000_0001)],
                                                          lists: [-2, 4, 1])),
        ]
        for (name, table) in cases {
            #expect(table.values(of: "abc").isEmpty, "\(name)")
            var seen = 0
            table.forEach { _, _ in seen += 1 }
            #expect(seen == 0, "\(name)")
        }
        // A whole run reads as its values.
        let run = Self.table([Self.slot(for: "abc", capacity: 16, offset: 0, value: 0x8000_0000 | 3)], lists: [-2, 4, 1, -1, 2])
        #expect(Array(run.values(of: "abc")) == [2])
    }

    @Test("a probe of a table with no empty slot ends after one pass", .timeLimit(.minutes(1)))
    func fullTables() {
        let capacity = 1 << 16
        let full = ByteKeyTable(slots: FlatArray([ByteKeyTable.Slot](repeating: .init(fingerprint: 3, length: 9, offset: 0, value: 0),
                                                                     count: capacity)),
                                arena: FlatArray([UInt8]()), lists: FlatArray([Int32]()), count: 0, limit: 5)
        for key in ["abc", "", "Azerbaijan", String(repeating: "x", count: 40)] {
            #expect(full.values(of: key).isEmpty)
        }
        let integers = IntegerTable(keys: FlatArray((0..<UInt64(capacity)).map { $0 * 2 + 1 }),
                                    values: FlatArray([Int32](repeating: 9, count: capacity)), mask: capacity - 1, limit: 5)
        #expect(integers[2] == nil)
        #expect(integers[1] == nil)  // present, but its value (9) is past the limit
    }

    @Test("an entity whose bytes do not decode reads as a stand-in that says so")
    func damagedEntity() {
        let entity = Entity(id: "AZE", name: "Azerbaijan", kind: .country, aliases: [Alias(name: "Baku", location: .init(file: "f", line: 1, column: 1))],
                            location: SourceLocation(file: "f", line: 2, column: 3))
        let intact = EncodedEntities([entity])
        #expect(intact.entity(at: 0) == entity)
        var bytes = Array(intact.blobs[0])
        var cases: [[UInt8]] = []
        // A length of 2⁶³ − 1 and more (once read as a negative length: a trap), a truncated
        // entity, and one byte flipped everywhere.
        cases.append([3] + Array("AZE".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        cases.append([3] + Array("AZE".utf8) + [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
        cases.append(Array(bytes.dropLast(3)))
        for position in bytes.indices {
            bytes[position] ^= 0xA5
            cases.append(bytes)
            bytes[position] ^= 0xA5
        }
        for blob in cases {
            let table = EncodedEntities(files: StringTable(["f"]), blobs: StringTable([blob]), path: "x.nomina")
            let decoded = table.entity(at: 0)
            if decoded.note?.contains("is damaged") == true {
                #expect(decoded.aliases.isEmpty)
                #expect(decoded.location.file == "x.nomina")
            }
        }
        let stand = EncodedEntities(files: StringTable(["f"]), blobs: StringTable([cases[0]]), path: "x.nomina").entity(at: 0)
        #expect(stand.id == "AZE")
        #expect(stand.note == "entity 0 of the compiled index x.nomina is damaged; rebuild it with `nomina compile`")
    }

    @Test("a directory, a FIFO or a device is refused at once, as not a regular file", .timeLimit(.minutes(1)))
    func notRegularFiles() throws {
        let fifo = Self.directory.appendingPathComponent("fifo").path
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [(Self.directory.path, "directory"), (fifo, "FIFO"), ("/dev/null", "character device")] {
            do {
                _ = try Resolver(index: path)
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.reason == .notARegularFile(kind))
                #expect(error.description.hasPrefix("\(path): not a regular file but a \(kind)"))
            }
        }
    }

    @Test("an index of the previous format (or a later one) is refused by its version, with what to do", arguments: [-1, 1])
    func otherFormat(offset: Int) throws {
        let version = SnapshotHeader.formatVersion + offset
        let path = try Self.damaged("format-\(version).nomina") { $0[24] = UInt8(version) }
        do {
            _ = try Resolver(index: path)
            Issue.record("an index of format \(version) was accepted")
        } catch {
            #expect(error.reason == .formatVersion(found: version, expected: SnapshotHeader.formatVersion))
            #expect(error.description.contains("compile"), "\(error.description)")
        }
    }

    @Test("the checksum of an array catches a changed count, size or byte; structure-only reads it unchecked")
    func sectionChecksums() throws {
        // An array of 3 bytes after a plain integer; damage each field in turn.
        let path = Self.directory.appendingPathComponent("section.nomina").path
        var writer = try SnapshotWriter(path: path)
        try writer.integer(42)
        try writer.array(FlatArray<UInt8>([1, 2, 3]))
        for _ in 0..<8 { try writer.integer(0) }
        writer.abandon()
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for (position, checks) in [(0, IndexChecks.standard), (8, .standard), (16, .standard), (24, .standard), (32, .standard),
                                   (0, .structureOnly), (32, .structureOnly)] {
            var bytes = original
            bytes[position] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
            var reader = try SnapshotReader(path: path, checks: checks)
            do {
                _ = try reader.integer()
                let array: FlatArray<UInt8> = try reader.array()
                #expect(checks == .structureOnly, "damage at \(position) was not caught")
                #expect(Array(array.buffer) == (position == 32 ? [0, 2, 3] : [1, 2, 3]))
            } catch {
                #expect(checks == .standard)
                guard case .corrupt(let detail) = error.reason else { Issue.record("\(error)"); continue }
                #expect(detail.contains("a checksum does not match") || detail.contains("runs past the end")
                        || detail.contains("element size"), "\(detail)")
            }
        }
    }

    @Test("the checksum gives the same value however the bytes are split, and sees one flipped bit", arguments: [0, 1, 7, 31, 32, 33, 100, 1_000])
    func checksumStreaming(_ length: Int) {
        var generator = SplitMix64(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        func hash(_ bytes: [UInt8], cuts: [Int]) -> UInt64 {
            var checksum = Checksum()
            var start = 0
            bytes.withUnsafeBytes { buffer in
                for cut in cuts + [bytes.count] where cut >= start && cut <= bytes.count {
                    checksum.add(UnsafeRawBufferPointer(rebasing: buffer[start..<cut]))
                    start = cut
                }
            }
            return checksum.value
        }
        let whole = hash(bytes, cuts: [])
        for cuts in [[1], [3, 9], [8, 16, 24], [31], [5, 6, 7, 40, 41], Array(stride(from: 0, to: length, by: 3))] {
            #expect(hash(bytes, cuts: cuts) == whole)
        }
        for position in bytes.indices {
            var flipped = bytes
            flipped[position] ^= 1 << UInt8(position % 8)
            #expect(hash(flipped, cuts: []) != whole)
        }
        #expect(hash(bytes + [0], cuts: []) != whole)
    }
}
