import Foundation

/// Demonyms and adjectives ("Armenian", "arménien"): read as the country only where a
/// name allows it, never in running text.
extension Resolver {
    /// The country, territory or region whose name (a key of the index, in a major
    /// language or curated) `key` is with an adjectival ending ("north korea" + "n"), and
    /// that name's key; nil otherwise.
    func demonymBase(_ key: String) -> (entity: String, name: String)? {
        let bytes = Array(key.utf8)
        guard bytes.count >= 5 else { return nil }
        // Compared as bytes (String's suffix test goes by Characters: slow for every query).
        for (ending, endingBytes) in Self.adjectivalEndingBytes where bytes.count - endingBytes.count >= 4
            && bytes.suffix(endingBytes.count).elementsEqual(endingBytes) {
            let base = String(decoding: bytes[..<(bytes.count - endingBytes.count)], as: UTF8.self)
            // The name may be a plural the demonym is not ("netherland-er", "islander").
            for name in [base, base + "s"] {
            for hit in index.byKey.values(of: name) {
                let entry = index.entries[Int(hit)]
                // Demonyms are made from English names ("Egypt-ian"), or in other major
                // languages with longer endings ("Luxemburg-er"): the Danish "Egypten" is not
                // the French "Égypte" + "n", nor the Estonian "Ungari" the German "Ungar" + "i".
                // Not a name in a script Nomina romanises itself: its key is a simplified
                // reading, and "ກາຕາ" (kata) is no base of "Kataer".
                guard entry.reliable, !ScriptRomanizer.coversUTF8(entry.nameBytes),
                      !Self.nameLikeEndings.contains(ending) || isEnglishOrCuratedName(entry) else { continue }
                let summary = index.summaries[Int(entry.entity)]
                if summary.kind == .country || summary.kind == .territory || summary.kind == .region { return (summary.id, name) }
            }
            }
        }
        return nil
    }

    /// A demonym the dictionary lists under a key (``Entity/demonyms``).
    struct ListedDemonym {
        /// The entity it is a demonym of, and the demonym as written: one written as the
        /// query (case aside) if there is one ("монгол", not the English "Mongol").
        let entity: String
        let name: String
        /// The languages of the demonyms written as the query, case aside (empty: the
        /// query only folds to them).
        let languages: Set<String>
        /// Whether one is written exactly as the query, capitals included.
        let exactCase: Bool
    }

    /// The demonym listed under `key`, read against `query`; nil when none has the key.
    func listedDemonym(_ key: String, query: String) -> ListedDemonym? {
        var first: (entity: Int32, name: String)?
        var written: (entity: Int32, name: String)?
        var languages: Set<String> = []
        var exactCase = false
        // (At most 256 records a key: a dictionary may list one word in thousands of
        // language tags; the first of them decide.)
        for record in index.demonyms.values(of: key).prefix(256) {
            let position = Int(record)
            let entity = index.demonymEntities[position]
            let name = index.demonymNames.string(position)
            if first == nil { first = (entity, name) }
            guard name.compare(query, options: .caseInsensitive) == .orderedSame else { continue }
            if name == query {
                if !exactCase { written = (entity, name) }
                exactCase = true
            } else if written == nil {
                written = (entity, name)
            }
            let language = index.demonymLanguages.string(position)
            if !language.isEmpty { languages.insert(Self.baseLanguage(language)) }
        }
        guard let chosen = written ?? first else { return nil }
        return ListedDemonym(entity: index.summaries[Int(chosen.entity)].id, name: chosen.name, languages: languages,
                             exactCase: exactCase)
    }

    /// The entity indices `key` is a listed demonym of, each once, in the table's order.
    func demonymEntities(_ key: String) -> [Int32] {
        var entities: [Int32] = []
        for record in index.demonyms.values(of: key).prefix(256) {
            let entity = index.demonymEntities[Int(record)]
            if !entities.contains(entity) { entities.append(entity) }
            if entities.count > 8 { break }
        }
        return entities
    }

    /// Whether a name written as the query (case aside) outranks the listed demonym written
    /// so: a curated entity's canonical name, its alias without a language or in a
    /// language of the demonym (the German name and plural "Polen"; the Spanish name and
    /// feminine plural "Filipinas"), or — when no demonym has the query's capitals — its
    /// alias in a major language (the German "Syrien" beside the French "syrien"). A bulk
    /// place's alias never does ("Thai", an alias of Alor Setar; "Russe", of Ruse), its
    /// own name only when written with the query's capitals ("Chino").
    func outranksDemonym(_ entry: EntryTable.Entry, query: String, _ demonym: ListedDemonym) -> Bool {
        let entity = index.gazetteer.entities[Int(entry.entity)]
        let name = entry.name
        if entity.tier == .bulk { return entity.name == name && name == query }
        if entity.name == name { return true }
        return entity.aliases.contains { alias in
            guard alias.name == name else { return false }
            guard let language = alias.language else { return true }
            let base = Self.baseLanguage(language)
            return demonym.languages.contains(base) || (!demonym.exactCase && ResolverIndex.isMajorLanguage(base))
        }
    }

    static func baseLanguage(_ tag: String) -> String {
        tag.split(separator: "-", maxSplits: 1).first.map(String.init) ?? tag
    }

    /// The designator stage's reading of a core that is a listed demonym: the one entity
    /// (the options' kinds, not blocked by a negative name) it is a demonym of, matched
    /// with the designator score of a stem. False when none or several ("Korean": both
    /// Koreas).
    func acceptDemonymCore(_ core: String, into context: inout Context) -> Bool {
        // Not a state or province: "Kansan tasavalta" is a people's republic, not Kansas.
        let listed = demonymEntities(core).map(Int.init).filter { !isSubdivision($0) }
        guard !listed.isEmpty else { return false }
        return acceptOne(listed, matched: { position in
            index.demonyms.values(of: core).prefix(256).first { index.demonymEntities[Int($0)] == Int32(position) }
                .map { index.demonymNames.string(Int($0)) } ?? core
        }, method: .designator, score: Scores.designatorStem, note: { .demonymCore(core: core, entity: $0) }, into: &context)
    }

    /// Whether a name as written may be an adjective of a place (``demonymBase(_:)``): for
    /// a word of ASCII letters, its lowercase is its key and is checked; any other word
    /// with Latin letters is left to the stages.
    func mayBeAdjective(_ name: String) -> Bool {
        var ascii = true, latin = false
        for byte in name.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { latin = true }
        }
        guard ascii else {
            guard ResolverIndex.hasLatinLetters(name) else { return false }
            let key = index.normalizer.key(name)
            return !index.demonyms.values(of: key).isEmpty || demonymBase(key) != nil
        }
        guard latin, name.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x20 }) else { return latin }
        let key = name.lowercased()
        return !index.demonyms.values(of: key).isEmpty || demonymBase(key) != nil
    }

    /// Whether an entry's name is its entity's canonical name or an alias in English or
    /// without a language.
    func isEnglishOrCuratedName(_ entry: EntryTable.Entry) -> Bool {
        let entity = index.gazetteer.entities[Int(entry.entity)]
        let name = entry.name
        return entity.name == name || entity.aliases.contains { $0.name == name && ($0.language == nil || $0.language == "en") }
    }

    /// Endings that names in other languages have as often as demonyms do.
    static let nameLikeEndings: Set<String> = ["n", "en", "ien", "i", "is", "an"]

    /// Adjective endings of the Romance and Germanic languages, and the name endings they
    /// replace: "armen-ien" of "armen-ia", "hungar-ese" of "hungar-y", "aleman" of
    /// "aleman-ia". (Not a lone "-o" or "-a" in place of "-ia": "Boliva" is a typo of
    /// Bolivia more often than an adjective, and the listed demonyms hold "armenio".)
    static let adjectiveEndings = ["an", "ano", "ana", "ais", "aise", "ois", "oise", "ien", "ienne",
                                   "isch", "ische", "ese", "ets", "yets", "ka", "skiy", "skaya", "skoye", "skiye", ""]
    static let placeEndings = ["ia", "ie", "a", "e", "y", "as", "ija", "iya", "en", "ien", "land"]

    /// Like ``demonymBase(_:)`` for one word whose stem (five letters or more) is a name's
    /// with another ending; only before the approximate stages, which would take the
    /// adjective for a misspelling of the name.
    func adjectivalStem(_ key: String) -> (entity: String, name: String)? {
        guard key.utf8.count >= 5, key.utf8.count <= 40, !key.utf8.contains(0x20) else { return nil }
        for ending in Self.adjectiveEndings where key.utf8.count - ending.utf8.count >= 5 && key.hasSuffix(ending) {
            let stem = key.dropLast(ending.count)
            // No ending at all only against "-ia" ("aleman" of "alemania"): a name cut short
            // otherwise is as often a typo.
            for place in Self.placeEndings where place != ending && (!ending.isEmpty || place == "ia") {
                let name = String(stem) + place
                for hit in index.byKey.values(of: name) {
                    let entry = index.entries[Int(hit)]
                    guard entry.reliable, !ScriptRomanizer.coversUTF8(entry.nameBytes) else { continue }
                    let summary = index.summaries[Int(entry.entity)]
                    if summary.kind == .country || summary.kind == .territory || summary.kind == .region { return (summary.id, name) }
                }
            }
        }
        return nil
    }
}

/// Ordinary words of the major European languages that the approximate stages would take
/// for near misses of names (`Resources/ordinary-words.tsv`, generated by
/// `nomina generate ordinary-words`): folded key → the languages whose word lists hold it.
enum OrdinaryWords {
    /// The list as read from the resource; empty when the resource is missing.
    static let list = List(resource: Bundle.module.url(forResource: "ordinary-words", withExtension: "tsv"))

    /// The languages that list `key`, if any.
    static func languages(of key: String) -> String? { list.languages(of: key) }

    /// The words of a list file kept as its bytes, with the lines' offsets in the order of
    /// their keys: a look-up is a binary search. Parsing the 10,000 lines into a dictionary
    /// of strings took ~20 ms, paid by every run that reached the approximate stages.
    struct List: Sendable {
        private let bytes: [UInt8]
        /// (start of the key, end of the key, end of the languages) of each word, by key.
        private let lines: [(key: Range<Int32>, languagesEnd: Int32)]

        init(resource url: URL?) {
            guard let url, let data = try? Data(contentsOf: url), data.count < Int(Int32.max) else {
                self.init(bytes: [])
                return
            }
            self.init(bytes: [UInt8](data))
        }

        /// A list from a file's bytes: `key <TAB> languages [<TAB> …]` per line, `#` comments.
        init(bytes: [UInt8]) {
            self.bytes = bytes
            var lines: [(key: Range<Int32>, languagesEnd: Int32)] = []
            var sorted = true
            bytes.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                while lineStart < buffer.count {
                    var lineEnd = lineStart
                    while lineEnd < buffer.count && buffer[lineEnd] != 0x0A { lineEnd += 1 }
                    defer { lineStart = lineEnd + 1 }
                    guard lineEnd > lineStart, buffer[lineStart] != UInt8(ascii: "#") else { continue }
                    var tab = lineStart
                    while tab < lineEnd && buffer[tab] != 0x09 { tab += 1 }
                    guard tab > lineStart, tab < lineEnd else { continue }
                    var languagesEnd = tab + 1
                    while languagesEnd < lineEnd && buffer[languagesEnd] != 0x09 { languagesEnd += 1 }
                    let line = (key: Int32(lineStart)..<Int32(tab), languagesEnd: Int32(languagesEnd))
                    if let previous = lines.last, Self.compare(buffer, previous.key, buffer, line.key) >= 0 { sorted = false }
                    lines.append(line)
                }
                // A file not in byte order of its keys (edited by hand): sorted here, the last
                // line of a repeated key kept, as a dictionary filled in file order would.
                if !sorted {
                    let order = lines.indices.sorted { left, right in
                        let comparison = Self.compare(buffer, lines[left].key, buffer, lines[right].key)
                        return comparison != 0 ? comparison < 0 : left < right
                    }
                    var unique: [(key: Range<Int32>, languagesEnd: Int32)] = []
                    for position in order {
                        if let last = unique.last, Self.compare(buffer, last.key, buffer, lines[position].key) == 0 {
                            unique[unique.count - 1] = lines[position]
                        } else {
                            unique.append(lines[position])
                        }
                    }
                    lines = unique
                }
            }
            self.lines = lines
        }

        /// The words listed, in byte order.
        var words: [String] {
            lines.map { line in String(decoding: bytes[Int(line.key.lowerBound)..<Int(line.key.upperBound)], as: UTF8.self) }
        }

        /// The languages listed for `key`, if it is listed.
        func languages(of key: String) -> String? {
            var key = key
            return key.withUTF8 { query in
                bytes.withUnsafeBufferPointer { buffer in
                    let whole = Int32(0)..<Int32(query.count)
                    var low = 0, high = lines.count
                    while low < high {
                        let middle = (low + high) / 2
                        let comparison = Self.compare(buffer, lines[middle].key, query, whole)
                        if comparison == 0 {
                            let start = Int(lines[middle].key.upperBound) + 1
                            return String(decoding: buffer[start..<Int(lines[middle].languagesEnd)], as: UTF8.self)
                        }
                        if comparison < 0 { low = middle + 1 } else { high = middle }
                    }
                    return nil
                }
            }
        }

        /// Byte order of two ranges of bytes: negative, zero or positive.
        private static func compare(_ left: UnsafeBufferPointer<UInt8>, _ leftRange: Range<Int32>,
                                    _ right: UnsafeBufferPointer<UInt8>, _ rightRange: Range<Int32>) -> Int {
            let leftCount = leftRange.count, rightCount = rightRange.count
            let shared = min(leftCount, rightCount)
            if shared > 0 {
                let order = memcmp(left.baseAddress! + Int(leftRange.lowerBound), right.baseAddress! + Int(rightRange.lowerBound), shared)
                if order != 0 { return Int(order) }
            }
            return leftCount - rightCount
        }
    }
}


extension Resolver {
    /// The most entities whose demonyms are compared with an approximate query.
    static let misspeltDemonymEntities = 4
    /// The most demonyms of one entity compared (the bundled ones have up to ~90, with the
    /// Russian case forms).
    static let misspeltDemonymForms = 160

    /// The first demonym record of `entity`, if it has any (records are stored in the order
    /// of their entities).
    func firstDemonymRecord(of entity: Int32) -> Int? {
        var low = 0, high = index.demonymEntities.count
        while low < high {
            let middle = (low + high) / 2
            if index.demonymEntities[middle] < entity { low = middle + 1 } else { high = middle }
        }
        return low < index.demonymEntities.count && index.demonymEntities[low] == entity ? low : nil
    }

    /// A listed demonym of an entity that an approximate stage matched (`entries`, the
    /// entries it found) that `key` is nearer than the name matched, by the restricted
    /// Damerau distance (a swap is one edit), or as near and ending as the demonym does:
    /// "Venezualan" is a misspelt "Venezuelan", "Ukrainan" a misspelt "Ukrainian", neither a
    /// near miss of the country's name. As near as the name only counts for an English
    /// demonym: "Armenai" (as near the Italian "armeni") is still Armenia. A name of a smaller language with the demonym's key (the Georgian ისრაელი,
    /// "israeli") does not make "Isreali" the name. Nil when none is.
    func misspeltDemonym(_ key: String, written: String, entries: some Sequence<Int32>) -> (entity: String, demonym: String)? {
        // Queries written in Latin letters only: a key transliterated from another script
        // ("ყატარი", "qatari") is as near the demonyms as a misspelling, and is none.
        guard !index.demonymEntities.isEmpty, key.utf8.allSatisfy({ $0 < 0x80 }),
              written.unicodeScalars.allSatisfy({ !$0.properties.isAlphabetic || Script.of($0) == .latin }) else { return nil }
        // Most approximate matches are of places without demonyms: nothing to compare (no
        // key made).
        let candidates = Array(entries.prefix(4 * Self.misspeltDemonymEntities))
        guard candidates.contains(where: { firstDemonymRecord(of: index.entries[Int($0)].entity) != nil }) else { return nil }
        let query = key.unicodeScalars.map(\.value)
        func sharedEnding(_ other: [UInt32]) -> Int {
            zip(query.reversed(), other.reversed()).prefix { $0 == $1 }.count
        }
        // A name in a major language written in the query's script (not the Georgian
        // ისრაელი, whose key a Latin query meets only transliterated).
        let latinQuery = ResolverIndex.hasLatinLetters(key)
        func trusted(_ entry: EntryTable.Entry) -> Bool {
            entry.reliable && (ResolverIndex.hasLatinLetters(entry.name) || !latinQuery)
        }
        // The nearest name of each entity, the nearest entities only.
        var nearest: [(entity: Int32, name: [UInt32], distance: Int, reliable: Bool)] = []
        for entryIndex in candidates {
            let entry = index.entries[Int(entryIndex)]
            let name = index.normalizer.key(entry.name).unicodeScalars.map(\.value)
            let distance = OSA.distance(query, name, cutoff: 3)
            if let known = nearest.firstIndex(where: { $0.entity == entry.entity }) {
                if distance < nearest[known].distance { nearest[known] = (entry.entity, name, distance, trusted(entry)) }
            } else {
                nearest.append((entry.entity, name, distance, trusted(entry)))
            }
        }
        let fewest = nearest.map(\.distance).min() ?? 0
        guard fewest > 0 else { return nil }
        for (entity, name, nameDistance, reliable) in nearest.prefix(Self.misspeltDemonymEntities) where nameDistance == fewest {
            guard let low = firstDemonymRecord(of: entity) else { continue }
            var record = low
            // At most ``misspeltDemonymForms`` forms an entity: a dictionary with half a
            // million demonyms of one entity made every near miss cost seconds.
            while record < index.demonymEntities.count, record - low < Self.misspeltDemonymForms,
                  index.demonymEntities[record] == entity {
                defer { record += 1 }
                let demonym = index.demonymNames.string(record)
                guard ResolverIndex.hasLatinLetters(demonym) else { continue }
                let demonymKey = index.normalizer.key(demonym)
                let scalars = demonymKey.unicodeScalars.map(\.value)
                guard abs(scalars.count - query.count) <= nameDistance else { continue }
                let distance = OSA.distance(query, scalars, cutoff: nameDistance)
                // As near: an English demonym only (the Italian "armeni" is as near "Armenai").
                let english = ["en", ""].contains(index.demonymLanguages.string(record))
                guard distance < nameDistance || (distance == nameDistance && english
                                                    && (sharedEnding(scalars) > sharedEnding(name) || (scalars == name && !reliable))),
                      // The Spanish adjective "armenia" is also the name.
                      !(index.byKey[demonymKey] ?? []).contains(where: {
                          index.entries[Int($0)].entity == entity && trusted(index.entries[Int($0)])
                      })
                else { continue }
                return (index.summaries[Int(entity)].id, demonym)
            }
        }
        return nil
    }
}
