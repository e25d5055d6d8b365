/// Abbreviations derived from the names of pairs' members (阿亚, "Aya"), and initialisms.
extension Resolver {
    func abbreviation(_ query: String, _ normalized: NormalizedName, into context: inout Context) -> Bool {
        let trimmed = query.trimmingWhitespace
        // Han: a derived abbreviation, or one character per member.
        if ResolverIndex.isHan(trimmed) {
            if let hits = index.hanAbbreviations[trimmed] {
                context.steps.append(.derivedAbbreviation(abbreviation: trimmed, romanized: nil, from: sources(of: hits)))
                if decide(hits, method: .abbreviation, score: Scores.abbreviation, into: &context) { return true }
            }
            if (2...4).contains(trimmed.count) {
                let units = trimmed.compactMap { index.hanUnits[$0] }
                if units.count == trimmed.count, Set(units).count == units.count {
                    let entities = units.map(Int.init)
                    context.steps.append(.derivedAbbreviation(abbreviation: trimmed, romanized: nil,
                                                              from: entities.map { index.summaries[$0].id }))
                    return acceptComposite(entities, score: Scores.hanComposite, method: .abbreviation, matchedName: trimmed, into: &context)
                }
            }
        }
        // Romanised Han abbreviations ("Naka", "A-Ya", "Aya"): syllables joined.
        let joined = normalized.key.utf8.contains(0x20) ? normalized.key.filter { $0 != " " } : normalized.key
        if joined.utf8.count >= 3, let hits = index.romanizedAbbreviations[joined] {
            let han = index.entries[Int(hits[0])].name
            context.steps.append(.derivedAbbreviation(abbreviation: han, romanized: joined, from: sources(of: hits)))
            if decide(hits, method: .abbreviation, score: Scores.abbreviation, into: &context) { return true }
        }
        // Latin initialisms ("OSCE"), exact only.
        if let hits = index.initialisms[joined] {
            if decide(hits, method: .abbreviation, score: Scores.abbreviation, into: &context) { return true }
        }
        // A romanised abbreviation spelled by ear ("Naqqa" for "naka"), of one word.
        if joined.utf8.count >= 4, joined.utf8.count <= 12, !normalized.key.utf8.contains(0x20),
           let hits = tables.romanizedByPhonetic[PhoneticKey.of(foldedKey: joined)] {
            let han = index.entries[Int(hits[0])].name
            context.steps.append(.derivedAbbreviation(abbreviation: han, romanized: joined, from: sources(of: hits)))
            if decide(hits, method: .abbreviation, score: Scores.abbreviationByEar, into: &context) { return true }
        }
        return romanizedComposite(query, normalized, into: &context)
    }

    /// Endings that make a demonym or an adjective of a place name, in English and in the
    /// folded keys of the other major languages ("armenia" + "n", "iraq" + "i", "sudan" +
    /// "ese", "armeni" + "sch"…). A word is one only when what is left is a name's key.
    static let adjectivalEndings: [String] = ["ians", "eans", "ans", "ian", "ean", "ese", "ish", "an", "n", "is",
                                               "i", "ic", "ers", "er", "oise", "ois", "aise", "ais", "ienne", "ien",
                                               "ischen", "ische", "isch", "sche", "sch", "iska", "isk"]

    static let adjectivalEndingBytes: [(String, [UInt8])] = adjectivalEndings.map { ($0, Array($0.utf8)) }
}
