/// The numbers a compiled index stores for enums. They are fixed here, case by case, and
/// never derived from the order of the cases: adding or reordering a case cannot change
/// what an existing index file means. A new case takes a new number, and a number is never
/// given to another case; a change here is a change of the index format
/// (`SnapshotHeader.formatVersion`). `StoredCodeTests` holds the table.
protocol StoredCode: CaseIterable, Equatable {
    /// The case's number in index files.
    var storedCode: UInt8 { get }
}

extension StoredCode {
    /// The case stored as `code`; nil for a number no case has (a damaged or newer file).
    init?(storedCode code: Int) {
        guard let found = Self.allCases.first(where: { Int($0.storedCode) == code }) else { return nil }
        self = found
    }
}

extension EntityKind: StoredCode {
    var storedCode: UInt8 {
        switch self {
        case .country: 0
        case .territory: 1
        case .region: 2
        case .pair: 3
        case .group: 4
        case .organisation: 5
        case .person: 6
        case .city: 7
        case .other: 8
        }
    }
}

extension AliasType: StoredCode {
    /// From 1: 0 stands for an alias without a type.
    var storedCode: UInt8 {
        switch self {
        case .official: 1
        case .short: 2
        case .abbreviation: 3
        case .historical: 4
        case .misspelling: 5
        case .transliteration: 6
        case .demonym: 7
        }
    }
}

extension Entity.Tier: StoredCode {
    var storedCode: UInt8 {
        switch self {
        case .curated: 0
        case .bulk: 1
        }
    }
}
