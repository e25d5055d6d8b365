/// An immutable, thread-safe set of entities loaded from dictionary files.
///
/// ```swift
/// let gazetteer = try Gazetteer.bundled()            // the dictionaries shipped with Nomina
/// gazetteer.entity(id: "AZE")?.name                   // "Azerbaijan"
/// gazetteer.entities(named: "Азербайджан").map(\.id)  // ["AZE"]
/// gazetteer.members(of: "azerbaijan-armenia").map(\.id)  // ["AZE", "ARM"]
///
/// let mine = try Gazetteer.load(paths: ["my-dictionaries/"], includeBundled: true)
/// ```
///
/// Loading checks structure (syntax, fields, ids, references, parent cycles) and throws
/// ``GazetteerError`` with every error found. The slower checks (confusable names, key
/// collisions, common words) are ``DictionaryValidator``'s. Entities made in code become
/// a gazetteer through ``init(entities:)``, with the same checks.
public struct Gazetteer: Sendable {
    /// Every entity, in file order. Loaded from a compiled index
    /// (``Resolver/init(index:options:normalizer:verify:)``), each entity is decoded when it is read.
    public let entities: EntityList
    /// The files the entities came from, in load order.
    public let files: [String]
    /// Ids → positions in ``entities`` (the first entity of an id).
    private let indexByID: SortedKeyTable
    /// Exact names (canonical names and aliases, compared as Swift strings, i.e. up to
    /// canonical equivalence) → entity indices. Built on first use: hashing a million
    /// non-ASCII strings costs most of a second, and a resolver builds its own index.
    private let exactIndex: LazyValue<[String: [Int]]>
    /// Parent ids → children's positions, built on first use.
    private let childrenIndex: LazyValue<[String: [Int]]>

    /// A gazetteer of entities made in code, checked as loading checks dictionary files:
    /// ids well formed and unique, references (members, parents, claimants, negatives'
    /// `instead`) to ids among `entities`, no parent cycles, no empty names, language tags
    /// well formed.
    ///
    /// ```swift
    /// let here = SourceLocation(file: "code", line: 1, column: 1)
    /// let gazetteer = try Gazetteer(entities: [
    ///     Entity(id: "ARM", name: "Armenia", kind: .country, location: here),
    ///     Entity(id: "syunik", name: "Syunik", kind: .region, parent: "ARM", location: here),
    /// ])
    /// ```
    ///
    /// - Throws: ``GazetteerError`` with every error found.
    public init(entities: [Entity]) throws(GazetteerError) {
        var errors = StructureCheck.run(entities).filter { $0.severity == .error }
        var tags = LanguageTagCheck()
        for entity in entities {
            for alias in entity.aliases + entity.demonyms {
                if let tag = alias.language, let problem = tags.check(tag, at: alias.location) { errors.append(problem) }
            }
        }
        if !errors.isEmpty { throw GazetteerError(diagnostics: errors) }
        var files: [String] = []
        for entity in entities where files.last != entity.location.file && !files.contains(entity.location.file) {
            files.append(entity.location.file)
        }
        self.init(entities: entities, files: files)
    }

    init(entities: [Entity], files: [String]) {
        var byID: [String: Int32] = [:]
        byID.reserveCapacity(entities.count)
        for (index, entity) in entities.enumerated() where byID[entity.id] == nil { byID[entity.id] = Int32(index) }
        self.init(entities: EntityList(entities), files: files, indexByID: SortedKeyTable(byID.mapValues { [$0] }))
    }

    private init(entities: EntityList, files: [String], indexByID: SortedKeyTable) {
        self.entities = entities
        self.files = files
        self.indexByID = indexByID
        self.exactIndex = LazyValue {
            var exact: [String: [Int]] = [:]
            for (position, entity) in entities.enumerated() {
                for name in entity.allNames where exact[name]?.last != position {
                    exact[name, default: []].append(position)
                }
            }
            return exact
        }
        self.childrenIndex = LazyValue {
            var children: [String: [Int]] = [:]
            for (index, entity) in entities.enumerated() {
                if let parent = entity.parent { children[parent, default: []].append(index) }
            }
            return children
        }
    }

    /// The entity with this id.
    public func entity(id: String) -> Entity? { position(of: id).map { entities[$0] } }

    /// The position in ``entities`` of the entity with this id.
    public func position(of id: String) -> Int? { indexByID.values(of: id).first.map(Int.init) }

    /// Entities that have `name` as their canonical name or an alias, exactly.
    public func entities(named name: String) -> [Entity] {
        (exactIndex.value[name] ?? []).map { entities[$0] }
    }

    /// The members of a pair or group, in order (unknown ids are skipped).
    public func members(of id: String) -> [Entity] {
        (entity(id: id)?.members ?? []).compactMap { entity(id: $0) }
    }

    /// The parent of an entity.
    public func parent(of id: String) -> Entity? { entity(id: id)?.parent.flatMap { entity(id: $0) } }

    /// Entities whose parent is `id`.
    public func children(of id: String) -> [Entity] { (childrenIndex.value[id] ?? []).map { entities[$0] } }

    /// The number of aliases, canonical names not counted.
    public var aliasCount: Int { entities.reduce(0) { $0 + $1.aliases.count } }

    /// Every (entity, alias) pair, in order.
    public var allAliases: some Sequence<(entity: Entity, alias: Alias)> {
        entities.lazy.flatMap { entity in entity.aliases.lazy.map { (entity: entity, alias: $0) } }
    }

    // MARK: - Snapshot

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("GAZETTER")
        try writer.strings(StringTable(files))
        let encoded = EncodedEntities(entities)
        try writer.strings(encoded.files)
        try writer.strings(encoded.blobs)
        try indexByID.write(to: &writer)
    }

    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("GAZETTER")
        let files = try reader.strings()
        let locationFiles = try reader.strings()
        let blobs = try reader.strings()
        let byID = try SortedKeyTable(reading: &reader, limit: blobs.count)
        self.init(entities: EntityList(EncodedEntities(files: locationFiles, blobs: blobs, path: reader.path)),
                  files: files.indices.map { files.string($0) }, indexByID: byID)
    }
}

/// A value computed once, on first use, by whichever thread asks first.
final class LazyValue<Value: Sendable>: Sendable {
    private let state: Locked<Value?>
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
        self.state = Locked(nil)
    }

    var value: Value {
        state.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
