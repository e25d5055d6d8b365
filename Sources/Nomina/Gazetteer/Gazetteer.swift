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
/// collisions, common words) are ``DictionaryValidator``'s.
import Synchronization

public struct Gazetteer: Sendable {
    /// Every entity, in file order.
    public let entities: [Entity]
    /// The files the entities came from, in load order.
    public let files: [String]
    private let indexByID: [String: Int]
    /// Exact names (canonical names and aliases, compared as Swift strings, i.e. up to
    /// canonical equivalence) → entity indices. Built on first use: hashing a million
    /// non-ASCII strings costs most of a second, and a resolver builds its own index.
    private let exactIndex: LazyIndex
    private let childrenIndex: [String: [Int]]

    init(entities: [Entity], files: [String]) {
        self.entities = entities
        self.files = files
        var byID: [String: Int] = [:]
        var children: [String: [Int]] = [:]
        byID.reserveCapacity(entities.count)
        for (index, entity) in entities.enumerated() {
            if byID[entity.id] == nil { byID[entity.id] = index }
            if let parent = entity.parent { children[parent, default: []].append(index) }
        }
        self.indexByID = byID
        self.exactIndex = LazyIndex(entities: entities)
        self.childrenIndex = children
    }

    /// The entity with this id.
    public func entity(id: String) -> Entity? { indexByID[id].map { entities[$0] } }

    /// The position in ``entities`` of the entity with this id.
    public func position(of id: String) -> Int? { indexByID[id] }

    /// Entities that have `name` as their canonical name or an alias, exactly.
    public func entities(named name: String) -> [Entity] {
        exactIndex.indices(of: name).map { entities[$0] }
    }

    /// The members of a pair or group, in order (unknown ids are skipped).
    public func members(of id: String) -> [Entity] {
        (entity(id: id)?.members ?? []).compactMap { entity(id: $0) }
    }

    /// The parent of an entity.
    public func parent(of id: String) -> Entity? { entity(id: id)?.parent.flatMap { entity(id: $0) } }

    /// Entities whose parent is `id`.
    public func children(of id: String) -> [Entity] { (childrenIndex[id] ?? []).map { entities[$0] } }

    /// The number of aliases, canonical names not counted.
    public var aliasCount: Int { entities.reduce(0) { $0 + $1.aliases.count } }

    /// Every (entity, alias) pair, in order.
    public var allAliases: some Sequence<(entity: Entity, alias: Alias)> {
        entities.lazy.flatMap { entity in entity.aliases.lazy.map { (entity: entity, alias: $0) } }
    }
}

/// The exact-name index, built once on first use by whichever thread asks first.
final class LazyIndex: Sendable {
    private let entities: [Entity]
    private let index = Mutex<[String: [Int]]?>(nil)

    init(entities: [Entity]) { self.entities = entities }

    func indices(of name: String) -> [Int] {
        index.withLock { built in
            if built == nil {
                var exact: [String: [Int]] = [:]
                for (position, entity) in entities.enumerated() {
                    for name in entity.allNames where exact[name]?.last != position {
                        exact[name, default: []].append(position)
                    }
                }
                built = exact
            }
            return built![name] ?? []
        }
    }
}
