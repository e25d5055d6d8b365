/// The names a resolver indexes, in flat columns (entity, flags, name), so that
/// a million of them load from a snapshot without building a million strings.
final class EntryTable: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        static let exactOnly = Flags(rawValue: 1)
        /// Derived by Nomina (abbreviation, initialism), not curated: scored lower.
        static let derived = Flags(rawValue: 2)
        /// Approximate stages (phonetic, fuzzy) may match it: canonical names, aliases
        /// without a language (curated), and names in the major languages. A name CLDR
        /// gives only for a small language ("Shile", "Soome") is matched exactly, never
        /// approximately: near misses of such names are mostly ordinary words.
        static let approximate = Flags(rawValue: 4)
        /// Curated (no language), in a major language, or written without Latin letters,
        /// whether exact-only or derived: mention extraction looks only for reliable names,
        /// as a Latin-script name in a smaller language is often an English word ("DU",
        /// Welsh for the UK; "Azerbaijani", Swahili for Azerbaijan).
        static let reliable = Flags(rawValue: 8)
        /// The folded key is a negative name's: the exact hot path leaves the name to the
        /// stages (which block the entities the negative name names).
        static let negativeKey = Flags(rawValue: 16)
        /// The key is a romanisation of the name that its own key does not give (the joined
        /// pinyin "eluosi" of 俄罗斯, whose key is "e luo si"): listed under that key, not as
        /// a name written exactly.
        static let romanized = Flags(rawValue: 32)
    }

    /// A view of one entry, valid while its table lives (never stored).
    struct Entry {
        unowned(unsafe) let table: EntryTable
        let position: Int

        var entity: Int32 { table.entities[position] }
        var flags: Flags { Flags(rawValue: table.flags[position]) }
        var exactOnly: Bool { flags.contains(.exactOnly) }
        var derived: Bool { flags.contains(.derived) }
        var approximate: Bool { flags.contains(.approximate) }
        var reliable: Bool { flags.contains(.reliable) }
        /// The name as written.
        var name: String { table.nameStrings?[position] ?? table.names.string(position) }
        var nameBytes: UnsafeBufferPointer<UInt8> { table.names[position] }
        var negativeKey: Bool { flags.contains(.negativeKey) }
        var romanized: Bool { flags.contains(.romanized) }
    }

    let entities: FlatArray<Int32>
    let flags: FlatArray<UInt8>
    let names: StringTable
    /// The names as strings, kept when the table is built in memory (they exist already):
    /// a candidate then copies a reference instead of decoding bytes. Nil when mapped.
    let nameStrings: [String]?

    var count: Int { entities.count }

    @inline(__always)
    subscript(position: Int) -> Entry { Entry(table: self, position: position) }

    init(_ records: [ResolverIndex.EntryRecord]) {
        entities = FlatArray(records.map(\.entity))
        flags = FlatArray(records.map(\.flags.rawValue))
        nameStrings = records.map(\.name)
        names = StringTable(nameStrings!)
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("ENTRIES")
        try writer.array(entities)
        try writer.array(flags)
        try writer.strings(names)
    }

    /// The entries read from a compiled index, checked to name entities in
    /// `0..<entityCount` (one pass over the column), so that `entity` needs no check.
    init(reading reader: inout SnapshotReader, entityCount: Int) throws(SnapshotError) {
        try reader.tag("ENTRIES")
        entities = try reader.array()
        flags = try reader.array()
        names = try reader.strings()
        nameStrings = nil
        guard flags.count == entities.count, names.count == entities.count else {
            throw reader.corrupt("the entry columns disagree in length")
        }
        guard SnapshotReader.allBelow(entities, entityCount) else { throw reader.corrupt("an entry names no entity") }
    }

    var memory: Int { entities.byteCount + flags.byteCount + names.memory }
}

/// What a candidate needs of each entity (id, name, kind, members, parent), in flat
/// columns: the resolver never copies a whole ``Entity`` (its codes, aliases and notes).
final class SummaryTable: Sendable {
    /// A view of one entity's summary, valid while its table lives (never stored).
    struct Summary {
        unowned(unsafe) let table: SummaryTable
        let position: Int

        var id: String { table.idStrings?[position] ?? table.ids.string(position) }
        var name: String { table.nameStrings?[position] ?? table.names.string(position) }
        var kind: EntityKind { SummaryTable.kinds[Int(table.kinds[position])] }
        var members: [String] {
            let bytes = table.members[position]
            guard !bytes.isEmpty else { return [] }
            return bytes.split(separator: SummaryTable.memberSeparator).map { String(decoding: $0, as: UTF8.self) }
        }
        var parent: String? {
            let bytes = table.parents[position]
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        var tier: Entity.Tier { table.tiers[position] == 0 ? .curated : .bulk }
        /// The population, saturated at UInt32.max; 0 when unknown.
        var population: UInt32 { table.populations[position] }
    }

    static let kinds = EntityKind.allCases
    static let memberSeparator: UInt8 = 0x1F

    let ids: StringTable
    let names: StringTable
    let kinds: FlatArray<UInt8>
    /// Member ids joined by U+001F.
    let members: StringTable
    /// Parent ids; empty for none.
    let parents: StringTable
    /// 0 curated, 1 bulk (``Entity/Tier``).
    let tiers: FlatArray<UInt8>
    /// Populations (0: unknown).
    let populations: FlatArray<UInt32>
    /// Ids and names as strings, kept when built in memory (see ``EntryTable/nameStrings``).
    let idStrings: [String]?
    let nameStrings: [String]?

    var count: Int { ids.count }

    @inline(__always)
    subscript(position: Int) -> Summary { Summary(table: self, position: position) }

    init(_ entities: some Collection<Entity>) {
        idStrings = entities.map(\.id)
        nameStrings = entities.map(\.name)
        ids = StringTable(idStrings!)
        names = StringTable(nameStrings!)
        kinds = FlatArray(entities.map { UInt8(Self.kinds.firstIndex(of: $0.kind)!) })
        members = StringTable(entities.map { $0.members.joined(separator: "\u{1F}") })
        parents = StringTable(entities.map { $0.parent ?? "" })
        tiers = FlatArray(entities.map { $0.tier == .curated ? 0 : 1 })
        populations = FlatArray(entities.map { UInt32(clamping: $0.population ?? 0) })
    }

    /// Whether entity `a` clearly outranks `b` when both match a name equally well: a
    /// curated entity outranks a bulk one, and a place at least
    /// ``prominenceRatio`` times as populous outranks a smaller one of the same tier.
    func outranks(_ a: Int, _ b: Int) -> Bool {
        if tiers[a] != tiers[b] { return tiers[a] < tiers[b] }
        let (left, right) = (UInt64(populations[a]), UInt64(populations[b]))
        return left > 0 && right > 0 && left >= right * Self.prominenceRatio
    }

    /// A sort key: curated entities above bulk ones, then (with `ownName`: the name matched
    /// is the entity's canonical one) own names above other names, then the more populous.
    func prominence(_ position: Int, ownName: Bool = false) -> UInt64 {
        (tiers[position] == 0 ? 1 << 41 : 0) | (ownName ? 1 << 40 : 0) | UInt64(populations[position])
    }

    /// How many times more populous a place must be to be preferred over another of the
    /// same name: Paris, France (2.1 M) over Paris, Texas (25 k), but not one Springfield
    /// over another (170 k and 154 k).
    static let prominenceRatio: UInt64 = 5

    /// The order in which entities that match equally well are ranked: curated first, then
    /// the more populous, then by id (`id` gives the ids).
    func ranksBefore(_ a: Int, _ b: Int) -> Bool? {
        if tiers[a] != tiers[b] { return tiers[a] < tiers[b] }
        if populations[a] != populations[b] { return populations[a] > populations[b] }
        return nil
    }

    /// A region and its parent, or a pair and its member: such names are not rivals.
    /// Compared as bytes (no strings built).
    func related(_ a: Int, _ b: Int) -> Bool {
        func contains(_ list: UnsafeBufferPointer<UInt8>, _ id: UnsafeBufferPointer<UInt8>) -> Bool {
            !list.isEmpty && list.split(separator: Self.memberSeparator).contains { $0.elementsEqual(id) }
        }
        return contains(members[a], ids[b]) || contains(members[b], ids[a])
            || parents[a].elementsEqual(ids[b]) || parents[b].elementsEqual(ids[a])
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("SUMMARY")
        try writer.strings(ids)
        try writer.strings(names)
        try writer.array(kinds)
        try writer.strings(members)
        try writer.strings(parents)
        try writer.array(tiers)
        try writer.array(populations)
    }

    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("SUMMARY")
        ids = try reader.strings()
        names = try reader.strings()
        kinds = try reader.array()
        members = try reader.strings()
        parents = try reader.strings()
        tiers = try reader.array()
        populations = try reader.array()
        idStrings = nil
        nameStrings = nil
        guard names.count == ids.count, kinds.count == ids.count, members.count == ids.count, parents.count == ids.count,
              tiers.count == ids.count, populations.count == ids.count, !tiers.contains(where: { $0 > 1 }),
              !kinds.contains(where: { Int($0) >= Self.kinds.count }) else {
            throw reader.corrupt("the entity summaries disagree")
        }
    }

    var memory: Int {
        ids.memory + names.memory + kinds.byteCount + members.memory + parents.memory + tiers.byteCount + populations.byteCount
    }
}
