/// What a candidate needs of each entity (id, name, kind, members, parent), in flat
/// columns: the resolver never copies a whole ``Entity`` (its codes, aliases and notes).
final class SummaryTable: Sendable {
    /// A view of one entity's summary, valid while its table lives (never stored).
    struct Summary {
        unowned(unsafe) let table: SummaryTable
        let position: Int

        var id: String { table.idStrings?[position] ?? table.ids.string(position) }
        var name: String { table.nameStrings?[position] ?? table.names.string(position) }
        var kind: EntityKind { SummaryTable.kindsByCode[Int(table.kinds[position])] ?? .other }
        var members: [String] {
            let bytes = table.members[position]
            guard !bytes.isEmpty else { return [] }
            return bytes.split(separator: SummaryTable.memberSeparator).map { String(decoding: $0, as: UTF8.self) }
        }
        var parent: String? {
            let bytes = table.parents[position]
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        var tier: Entity.Tier { table.tiers[position] == Entity.Tier.curated.storedCode ? .curated : .bulk }
        /// The population, saturated at UInt32.max; 0 when unknown.
        var population: UInt32 { table.populations[position] }
    }

    /// Kinds by their stored code (``EntityKind/storedCode``); nil for codes no kind has.
    static let kindsByCode: [EntityKind?] = {
        var table = [EntityKind?](repeating: nil, count: 256)
        for kind in EntityKind.allCases { table[Int(kind.storedCode)] = kind }
        return table
    }()
    static let memberSeparator: UInt8 = 0x1F

    let ids: StringTable
    let names: StringTable
    let kinds: FlatArray<UInt8>
    /// Member ids joined by U+001F.
    let members: StringTable
    /// Parent ids; empty for none.
    let parents: StringTable
    /// Tiers by stored code (``Entity/Tier``: 0 curated, 1 bulk).
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
        kinds = FlatArray(entities.map { $0.kind.storedCode })
        members = StringTable(entities.map { $0.members.joined(separator: "\u{1F}") })
        parents = StringTable(entities.map { $0.parent ?? "" })
        tiers = FlatArray(entities.map { $0.tier.storedCode })
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
        (tiers[position] == Entity.Tier.curated.storedCode ? 1 << 41 : 0) | (ownName ? 1 << 40 : 0) | UInt64(populations[position])
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
              tiers.count == ids.count, populations.count == ids.count, !tiers.contains(where: { Entity.Tier(storedCode: Int($0)) == nil }),
              !kinds.contains(where: { Self.kindsByCode[Int($0)] == nil }) else {
            throw reader.corrupt("the entity summaries disagree")
        }
    }

    var memory: Int {
        ids.memory + names.memory + kinds.byteCount + members.memory + parents.memory + tiers.byteCount + populations.byteCount
    }
}
