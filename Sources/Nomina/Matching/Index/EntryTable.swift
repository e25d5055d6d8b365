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
        /// The folded key is a negative name's or a demonym's: the exact hot path leaves
        /// the name to the stages (which block the entities the negative name names, and
        /// weigh the demonym against the name).
        static let negativeKey = Flags(rawValue: 16)
        /// The key is a romanisation of the name that its own key does not give (the joined
        /// pinyin "eluosi" of 俄罗斯, whose key is "e luo si"): listed under that key, not as
        /// a name written exactly.
        static let romanized = Flags(rawValue: 32)
        /// The key is the name's core: its key with designators stripped ("zhanubiy afrika"
        /// of "Жанубий Африка Республикаси"), listed under it, not as a name written exactly.
        static let core = Flags(rawValue: 64)
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
        var core: Bool { flags.contains(.core) }
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
