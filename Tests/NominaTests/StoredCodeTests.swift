import Testing
@testable import Nomina

/// The numbers compiled indexes store for enums (`StoredCodes.swift`). This table is the
/// format: a change to it is a change of `SnapshotHeader.formatVersion`.
@Suite("Stored codes of enums")
struct StoredCodeTests {
    static let kinds: [(EntityKind, UInt8)] = [
        (.country, 0), (.territory, 1), (.region, 2), (.pair, 3), (.group, 4), (.organisation, 5), (.person, 6),
        (.city, 7), (.other, 8),
    ]
    static let aliasTypes: [(AliasType, UInt8)] = [
        (.official, 1), (.short, 2), (.abbreviation, 3), (.historical, 4), (.misspelling, 5), (.transliteration, 6),
        (.demonym, 7),
    ]
    static let tiers: [(Entity.Tier, UInt8)] = [(.curated, 0), (.bulk, 1)]

    static func check<Value: StoredCode & Hashable>(_ table: [(Value, UInt8)]) {
        // Every case is in the table, with its fixed number…
        #expect(Set(table.map(\.0)) == Set(Value.allCases))
        for (value, code) in table {
            #expect(value.storedCode == code, "\(value)")
            // … which reads back as the case.
            #expect(Value(storedCode: Int(code)) == value)
        }
        // No number serves two cases, and numbers no case has read as nothing.
        #expect(Set(table.map(\.1)).count == table.count)
        for code in [-1, 9, 200, 255, 256, Int.max] where !table.contains(where: { Int($0.1) == code }) {
            #expect(Value(storedCode: code) == nil)
        }
    }

    @Test("entity kinds") func entityKinds() { Self.check(Self.kinds) }
    @Test("alias types (0 is no type)") func aliasTypeCodes() {
        Self.check(Self.aliasTypes)
        #expect(AliasType(storedCode: 0) == nil)
    }
    @Test("tiers (curated sorts first)") func tierCodes() {
        Self.check(Self.tiers)
        #expect(Entity.Tier.curated.storedCode < Entity.Tier.bulk.storedCode)
    }
}
