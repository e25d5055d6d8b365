/// The entities of a ``Gazetteer``, in file order: an array, or for a gazetteer loaded
/// from a compiled index, compact encodings in the mapped file that are decoded when read
/// (a million entities load in no time; each read builds one ``Entity``).
public struct EntityList: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case array([Entity])
        case encoded(EncodedEntities)
    }

    private let storage: Storage

    init(_ entities: [Entity]) { storage = .array(entities) }
    init(_ encoded: EncodedEntities) { storage = .encoded(encoded) }

    /// 0.
    public var startIndex: Int { 0 }
    /// The number of entities.
    public var endIndex: Int {
        switch storage {
        case .array(let entities): return entities.count
        case .encoded(let encoded): return encoded.count
        }
    }

    /// The entity at `position` (decoded when it comes from a compiled index).
    public subscript(position: Int) -> Entity {
        switch storage {
        case .array(let entities): return entities[position]
        case .encoded(let encoded): return encoded.entity(at: position)
        }
    }
}

/// Entities encoded one after another (lengths as LEB128 varints, strings as UTF-8), with
/// the source files of their locations in a separate table.
final class EncodedEntities: Sendable {
    let files: StringTable
    let blobs: StringTable
    private let fileNames: [String]
    private let path: String

    var count: Int { blobs.count }

    init(files: StringTable, blobs: StringTable, path: String) {
        self.files = files
        self.blobs = blobs
        self.fileNames = files.indices.map { files.string($0) }
        self.path = path
    }

    /// Encodes `entities` (for writing a snapshot).
    convenience init(_ entities: some Collection<Entity>) {
        var fileOrder: [String: Int] = [:]
        var fileList: [String] = []
        func file(_ location: SourceLocation) -> Int {
            if let known = fileOrder[location.file] { return known }
            fileOrder[location.file] = fileList.count
            fileList.append(location.file)
            return fileList.count - 1
        }
        var blobs: [[UInt8]] = []
        blobs.reserveCapacity(entities.count)
        for entity in entities {
            var writer = EntityWriter()
            writer.encode(entity, file: file)
            blobs.append(writer.bytes)
        }
        self.init(files: StringTable(fileList), blobs: StringTable(blobs), path: "")
    }

    /// The entity at `position`. Bytes that do not decode (a damaged index, read without
    /// `--verify-index`) give a stand-in rather than a crash: the id, name and kind as far
    /// as they decode, no aliases, and a note that says so.
    func entity(at position: Int) -> Entity {
        var reader = EntityReader(bytes: blobs[position], files: fileNames)
        if let entity = reader.entity() { return entity }
        var partial = EntityReader(bytes: blobs[position], files: fileNames)
        let id = partial.string() ?? "", name = partial.string() ?? ""
        let kind = partial.number().flatMap { EntityKind(storedCode: $0) } ?? .other
        return Entity(id: id, name: name, kind: kind,
                      note: "entity \(position) of the compiled index \(path) is damaged; rebuild it with `nomina compile`",
                      location: SourceLocation(file: path, line: 0, column: 0))
    }
}

private struct EntityWriter {
    var bytes: [UInt8] = []

    mutating func number(_ value: Int) {
        var value = UInt(value)
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func string(_ text: String) {
        number(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func optional(_ text: String?) {
        if let text { number(1); string(text) } else { number(0) }
    }

    mutating func strings(_ list: [String]) {
        number(list.count)
        for text in list { string(text) }
    }

    mutating func location(_ location: SourceLocation, _ file: (SourceLocation) -> Int) {
        number(file(location))
        number(location.line)
        number(location.column)
    }

    mutating func encode(_ entity: Entity, file: (SourceLocation) -> Int) {
        string(entity.id)
        string(entity.name)
        number(Int(entity.kind.storedCode))
        let codes = entity.codes.sorted { $0.key < $1.key }
        number(codes.count)
        for (key, value) in codes { string(key); string(value) }
        // Demonyms after the aliases, in one list: their type sorts them apart again.
        number(entity.aliases.count + entity.demonyms.count)
        for alias in entity.aliases + entity.demonyms {
            string(alias.name)
            optional(alias.language)
            number(alias.type.map { Int($0.storedCode) } ?? 0)
            optional(alias.note)
            number(alias.exactOnly ? 1 : 0)
            location(alias.location, file)
        }
        strings(entity.members)
        optional(entity.parent)
        strings(entity.claimants)
        number(entity.negatives.count)
        for negative in entity.negatives {
            string(negative.name)
            optional(negative.note)
            optional(negative.instead)
            location(negative.location, file)
        }
        optional(entity.hanAbbreviation)
        optional(entity.note)
        number(entity.population.map { max($0, 0) + 1 } ?? 0)
        optional(entity.since)
        optional(entity.until)
        number(Int(entity.tier.storedCode))
        location(entity.location, file)
    }
}

/// Decodes what `EntityWriter` wrote; nil when the bytes do not decode.
private struct EntityReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let files: [String]
    var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>, files: [String]) {
        self.bytes = bytes
        self.files = files
    }

    /// A varint of at most five bytes (below 2³⁵: nothing written is larger), never
    /// negative, so that lengths and counts can be compared with what is left.
    mutating func number() -> Int? {
        var value = 0, shift = 0
        while offset < bytes.count, shift < 35 {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func string() -> String? {
        guard let length = number(), length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    }

    /// `.some(nil)` for an absent value, nil when the bytes do not decode.
    mutating func optional() -> String?? {
        guard let flag = number() else { return nil }
        if flag == 0 { return .some(nil) }
        return string().map { .some($0) }
    }

    mutating func strings() -> [String]? {
        guard let count = number(), count <= bytes.count else { return nil }
        var list: [String] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            guard let text = string() else { return nil }
            list.append(text)
        }
        return list
    }

    mutating func location() -> SourceLocation? {
        guard let file = number(), file < files.count, let line = number(), let column = number() else { return nil }
        return SourceLocation(file: files[file], line: line, column: column)
    }

    mutating func entity() -> Entity? {
        guard let id = string(), let name = string(), let kindCode = number(), let kind = EntityKind(storedCode: kindCode),
              let codeCount = number(), codeCount <= bytes.count else { return nil }
        var codes: [String: String] = [:]
        for _ in 0..<codeCount {
            guard let key = string(), let value = string() else { return nil }
            codes[key] = value
        }
        guard let aliasCount = number(), aliasCount <= bytes.count else { return nil }
        var aliases: [Alias] = []
        aliases.reserveCapacity(aliasCount)
        for _ in 0..<aliasCount {
            guard let aliasName = string(), let language = optional(), let typeCode = number(),
                  typeCode == 0 || AliasType(storedCode: typeCode) != nil, let note = optional(), let exactOnly = number(),
                  let location = location() else { return nil }
            aliases.append(Alias(name: aliasName, language: language, type: typeCode == 0 ? nil : AliasType(storedCode: typeCode),
                                 note: note, exactOnly: exactOnly != 0, location: location))
        }
        guard let members = strings(), let parent = optional(), let claimants = strings(),
              let negativeCount = number(), negativeCount <= bytes.count else { return nil }
        var negatives: [NegativeName] = []
        for _ in 0..<negativeCount {
            guard let negativeName = string(), let note = optional(), let instead = optional(),
                  let location = location() else { return nil }
            negatives.append(NegativeName(name: negativeName, note: note, instead: instead, location: location))
        }
        guard let han = optional(), let note = optional(), let population = number(), let since = optional(),
              let until = optional(), let tierCode = number(), let tier = Entity.Tier(storedCode: tierCode),
              let location = location(), offset == bytes.count else { return nil }
        return Entity(id: id, name: name, kind: kind, codes: codes, aliases: aliases,
                      members: members, parent: parent, claimants: claimants, negatives: negatives,
                      hanAbbreviation: han, note: note, population: population == 0 ? nil : population - 1,
                      since: since, until: until, tier: tier, location: location)
    }
}
