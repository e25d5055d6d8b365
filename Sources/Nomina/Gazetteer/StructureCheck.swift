import Foundation

/// The checks every load runs: cheap, structural, and fatal when they fail.
package enum StructureCheck {
    /// - Parameter sites: where each entity's references were written
    ///   (``GazetteerLoader/ParsedDictionaries/referenceSites``); an unknown id is reported
    ///   there, else at the entity.
    /// - Parameter bundledFiles: files that are the bundled dictionaries, so that an id
    ///   taken by one of their entities is explained as such.
    /// - Parameter bundledIDs: ids of the bundled dictionaries when they are not loaded
    ///   (`--no-bundled`): a reference to one says so.
    package static func run(_ entities: [Entity], sites: [SourceLocation: [String: SourceLocation]] = [:],
                            bundledFiles: Set<String> = [], bundledIDs: Set<String> = []) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ kind: Diagnostic.Kind, _ location: SourceLocation, _ message: String) {
            diagnostics.append(Diagnostic(.error, kind, at: location, message))
        }

        // Ids: format and uniqueness.
        var firstByID: [String: Entity] = [:]
        for entity in entities {
            if let problem = idProblem(entity) { error(.invalidID, entity.location, problem) }
            if let first = firstByID[entity.id] {
                if bundledFiles.contains(first.location.file) {
                    error(.duplicateID, entity.location,
                          "id \"\(entity.id)\" is already used by the bundled entity \"\(first.name)\" (\((first.location.file as NSString).lastPathComponent)); add names to it with 'extend: \(entity.id)', choose another id, or validate with --no-bundled if you load your files without the bundled dictionaries")
                } else {
                    error(.duplicateID, entity.location,
                          "id \"\(entity.id)\" is already used by \"\(first.name)\" at \(first.location); ids must be unique across all dictionaries")
                }
            } else {
                firstByID[entity.id] = entity
            }
        }

        var suggestions = ReferenceSuggestions()
        for entity in entities {
            // Names.
            nameProblems(entity.name, what: "the name of \(entity.id)", at: entity.location, into: &diagnostics)
            // Duplicates by UTF-8 bytes: hashing Swift strings normalises non-ASCII text,
            // which cost over a second on a 1M-alias file.
            var seen: [UInt64: [(String, SourceLocation)]] = [byteHash(entity.name): [(entity.name, entity.location)]]
            for alias in entity.aliases {
                nameProblems(alias.name, what: "an alias of \(entity.id)", at: alias.location, into: &diagnostics)
                let hash = byteHash(alias.name)
                if let first = seen[hash]?.first(where: { $0.0.utf8.elementsEqual(alias.name.utf8) }) {
                    error(.duplicateAlias, alias.location,
                          "alias \"\(alias.name)\" of \(entity.id) already appears at \(first.1); remove one")
                } else {
                    seen[hash, default: []].append((alias.name, alias.location))
                }
            }
            // Demonyms apart: "Filipino" may be a name in one language and a demonym in
            // another, and one word a demonym in several ("vietnamita"): a duplicate is the
            // same word twice in one language, in one file (one's own dictionary may list a
            // demonym that a later bundled list adds too).
            var seenDemonyms: [UInt64: [(String, String?, SourceLocation)]] = [:]
            for demonym in entity.demonyms {
                nameProblems(demonym.name, what: "a demonym of \(entity.id)", at: demonym.location, into: &diagnostics)
                // Hashed with its language and file: one word in thousands of language
                // tags must not make each check scan the others.
                let hash = byteHash(demonym.name) ^ (byteHash(demonym.language ?? "") &* 31) ^ (byteHash(demonym.location.file) &* 1_000_003)
                if let first = seenDemonyms[hash]?.first(where: {
                    $0.0.utf8.elementsEqual(demonym.name.utf8) && $0.1 == demonym.language && $0.2.file == demonym.location.file
                }) {
                    error(.duplicateAlias, demonym.location,
                          "demonym \"\(demonym.name)\" of \(entity.id) already appears at \(first.2); remove one")
                } else {
                    seenDemonyms[hash, default: []].append((demonym.name, demonym.language, demonym.location))
                }
            }
            for negative in entity.negatives {
                nameProblems(negative.name, what: "a negative name of \(entity.id)", at: negative.location, into: &diagnostics)
            }

            // References.
            let written = sites[entity.location] ?? [:]
            func reference(_ id: String, _ field: String, _ location: SourceLocation) {
                guard firstByID[id] == nil else { return }
                let near = bundledIDs.contains(id)
                    ? " (it is a bundled id: validate without --no-bundled if you load the bundled dictionaries)"
                    : suggestions.suggestion(for: id, among: firstByID)
                error(.unknownReference, location, "\(field) \"\(id)\" of \(entity.id) is not the id of any entity\(near)")
            }
            for member in entity.members { reference(member, "member", written["member:\(member)"] ?? entity.location) }
            for claimant in entity.claimants {
                reference(claimant, "claimant", written["claimant:\(claimant)"] ?? entity.location)
            }
            if let parent = entity.parent { reference(parent, "parent", written["parent"] ?? entity.location) }
            for negative in entity.negatives {
                if let instead = negative.instead { reference(instead, "'instead'", negative.location) }
            }

            // Members belong to pairs and groups.
            switch entity.kind {
            case .pair where entity.members.count != 2:
                error(entity.members.isEmpty ? .missingField : .invalidValue, entity.location,
                      "pair \(entity.id) must list exactly 2 members; it lists \(entity.members.count)")
            case .group where entity.members.count < 2:
                error(entity.members.isEmpty ? .missingField : .invalidValue, entity.location,
                      "group \(entity.id) must list at least 2 members; it lists \(entity.members.count)")
            case .pair, .group:
                break
            default:
                if !entity.members.isEmpty {
                    error(.invalidValue, entity.location,
                          "\(entity.id) is a \(entity.kind.rawValue) and cannot have members; only pairs and groups do")
                }
            }
            if let han = entity.hanAbbreviation,
               han.unicodeScalars.count != 1 || Script.of(han.unicodeScalars.first!) != .han {
                error(.invalidValue, entity.location, "han_abbreviation of \(entity.id) must be a single Han character, such as 美")
            }
            if entity.kind.usesISOIdentifier, let alpha3 = entity.codes["alpha3"], alpha3 != entity.id {
                error(.invalidValue, entity.location, "\(entity.id) has alpha3 code \(alpha3); the id of a \(entity.kind.rawValue) is its alpha-3 code")
            }
        }

        // Parent cycles: walk each chain once.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        for entity in entities where state[entity.id] == nil {
            var chain: [String] = []
            var current: String? = entity.id
            while let id = current, state[id] == nil {
                state[id] = 1
                chain.append(id)
                current = firstByID[id]?.parent
            }
            if let id = current, state[id] == 1, let start = chain.firstIndex(of: id) {
                let cycle = chain[start...] + [id]
                let location = firstByID[id]?.location ?? entity.location
                error(.parentCycle, location, "parent links form a cycle: \(cycle.joined(separator: " → ")); remove one of these parents")
            }
            for id in chain { state[id] = 2 }
        }
        return diagnostics
    }

    static func byteHash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { UTF8Decoding.hash($0) }
    }

    static func idProblem(_ entity: Entity) -> String? {
        let id = entity.id
        if entity.kind.usesISOIdentifier {
            let ok = id.utf8.count == 3 && id.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            return ok ? nil : "the id of a \(entity.kind.rawValue) must be its ISO 3166-1 alpha-3 code in capitals, such as AZE; found \"\(id)\""
        }
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        let ok = !id.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
        }
        if ok { return nil }
        let slug = NameNormalizer.shared.key(id).replacingOccurrences(of: " ", with: "-")
        return "the id of a \(entity.kind.rawValue) must be a lowercase kebab-case slug\(slug.isEmpty ? "" : ", such as \"\(slug)\""); found \"\(id)\""
    }

    /// The longest name, in UTF-8 bytes: the longest query the resolver reads through every
    /// stage (`Resolver.maximumQueryBytes`); text longer than that is never a name, and a
    /// longer alias cost index building time in the square of its length.
    static let maximumNameBytes = 1_024

    static func nameProblems(_ name: String, what: String, at location: SourceLocation, into diagnostics: inout [Diagnostic]) {
        if name.utf8.count > maximumNameBytes {
            diagnostics.append(Diagnostic(.error, .invalidValue, at: location,
                "\(what) is \(name.utf8.count) bytes long; a name is at most \(maximumNameBytes) bytes (longer text is never looked up as a name)"))
            return
        }
        // A line break, tab or other control character: text splits words there, so such a
        // name can never be found in running text (C0 controls, DEL, and C1 controls).
        if let control = name.unicodeScalars.firstIndex(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            let position = name.unicodeScalars.distance(from: name.unicodeScalars.startIndex, to: control) + 1
            diagnostics.append(Diagnostic(.error, .invalidValue, at: location,
                "\(what) has a control character (\(name.unicodeScalars[control].codePointLabel)) at character \(position); a name is one line of text without tabs"))
            return
        }
        // Fast path: an ASCII letter or digit settles it without Unicode property look-ups
        // (a 1M-alias bulk file spent most of its check time here).
        if name.utf8.contains(where: { ($0 | 0x20) &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 }) { return }
        if name.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }) {
            diagnostics.append(Diagnostic(.error, .emptyName, at: location, "\(what) is empty; give a name or remove the entry"))
        } else if !name.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
            diagnostics.append(Diagnostic(.error, .punctuationOnlyName, at: location,
                                          "\(what), \"\(name)\", has no letters or digits; a name made of punctuation can never be matched"))
        }
    }
}

/// BCP 47 checks through ICU, cached per distinct tag (a generated file repeats a few
/// hundred tags tens of thousands of times).
struct LanguageTagCheck {
    private var known: [String: Bool] = [:]

    /// A diagnostic when `tag` is not a well-formed BCP 47 language tag.
    mutating func check(_ tag: String, at location: SourceLocation) -> Diagnostic? {
        let valid = known[tag] ?? LocaleData.isWellFormedLanguageTag(tag)
        known[tag] = valid
        return valid ? nil : Diagnostic(.error, .invalidLanguageTag, at: location,
            "\"\(tag.count > 40 ? tag.prefix(40) + "…" : tag)\" is not a BCP 47 language tag; use a tag such as en, ru, zh-Hant or sr-Latn")
    }
}

/// "Did you mean" for unknown references: worked out once per distinct unknown id, and for
/// the first ``limit`` distinct ones only. Each costs a comparison with every curated id, so a file
/// of thousands of references to ids defined elsewhere would otherwise take minutes (11,000
/// rows with `parent AZE` took 159 s); past the limit the errors come without a suggestion.
struct ReferenceSuggestions {
    static let limit = 100
    private var known: [String: String] = [:]
    private var ids: [String]?

    private var idsByName: [String: String]?

    mutating func suggestion(for id: String, among entities: [String: Entity]) -> String {
        if let near = known[id] { return near }
        guard known.count < Self.limit else { return "" }
        // Among curated ids: tens of thousands of bulk ids ("geonames-524901") made each
        // suggestion cost 80 ms, and a typo in a number is not worth guessing.
        if ids == nil { ids = entities.filter { $0.value.tier == .curated }.map(\.key).sorted() }
        var near = YAMLDictionaryParser.suggestion(id, from: ids!)
        if near.isEmpty {
            // A name written where its id belongs ("Azerbaijan" for AZE).
            if idsByName == nil {
                var byName: [String: String] = [:]
                for (entityID, entity) in entities where entity.tier == .curated {
                    let name = entity.name.lowercased()
                    byName[name] = min(byName[name] ?? entityID, entityID)
                }
                idsByName = byName
            }
            if let named = idsByName?[id.lowercased()] { near = " (did you mean '\(named)', the id of \(entities[named]?.name ?? id)?)" }
        }
        known[id] = near
        return near
    }
}
