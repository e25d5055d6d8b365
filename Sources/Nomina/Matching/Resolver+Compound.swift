/// Compounds: names joined by "and", hyphens or dashes, read as pairs of their parts.
extension Resolver {
    func compound(_ query: String, into context: inout Context) -> Bool {
        var atoms = Self.compoundAtoms(query)
        guard atoms.count >= 2, atoms.count <= Self.maximumCompoundAtoms else { return false }
        context.steps.append(.split(parts: atoms.map(\.text)))
        // Drop echoes: a part whose phonetic key repeats the end of the part before
        // ("Aya-Yaah": "yaah" → "ia" ends "aia"), a garbling of machine translation.
        var kept = [atoms[0]]
        for atom in atoms.dropFirst() {
            let previous = index.normalizer.normalize(kept.last!.text).phonetic.filter { $0 != " " }
            let current = index.normalizer.normalize(atom.text).phonetic.filter { $0 != " " }
            if !current.isEmpty && current.count < previous.count && previous.hasSuffix(current) {
                context.steps.append(.droppedEcho(atom.text))
            } else {
                kept.append(atom)
            }
        }
        atoms = kept
        if atoms.count == 1 {
            // What is left is one name; a garbled query earns less trust than a clean one.
            let normalized = index.normalizer.normalize(atoms[0].text)
            // A part is not the whole query: the options' languages apply to it as written too.
            context.wholeQuery = false
            defer { context.wholeQuery = true }
            guard resolveSingle(atoms[0].text, normalized, into: &context, allowCompound: false),
                  let chosen = context.chosen else { return false }
            // The compound stage decided (the part's own stage is in the explanation).
            let discounted = Candidate(id: chosen.id, name: chosen.name, kind: chosen.kind, score: chosen.score * Scores.echoFactor,
                                       method: .compound, matchedName: chosen.matchedName, edits: chosen.edits,
                                       members: chosen.members, prominence: chosen.prominence)
            context.candidates = context.candidates.map { $0.id == chosen.id ? discounted : $0 }
            context.chosen = discounted
            if discounted.score < options.threshold { context.outcome = .noMatch }
            return context.outcome != .noMatch
        }
        // Names may contain the separators themselves ("Trinidad and Tobago", "Guinea-Bissau"):
        // group consecutive atoms into parts, fewest parts first, until every part resolves.
        var partCache: [String: (entity: Int, score: Double, steps: [ExplanationStep])?] = [:]
        func resolvePart(_ text: String) -> (entity: Int, score: Double, steps: [ExplanationStep])? {
            if let cached = partCache[text] { return cached }
            var inner = Context(query: text)
            inner.blocked = context.blocked
            inner.wholeQuery = false
            let normalized = index.normalizer.normalize(text)
            var result: (entity: Int, score: Double, steps: [ExplanationStep])?
            // Parts are curated entities: a compound of places is not a pair ("Zhong-E" is
            // China–Russia, not a town named Zhong and a country).
            // Nor codes: "CC-BY-SA" is a licence, not the Cocos Islands, Belarus and Saudi Arabia.
            if !normalized.key.isEmpty, resolveSingle(text, normalized, into: &inner, allowCompound: false),
               inner.outcome == .match, let best = inner.chosen, best.score >= options.threshold, best.method != .code,
               let entity = index.gazetteer.position(of: best.id), index.summaries[entity].tier == .curated {
                result = (entity, best.score, inner.steps.filter { if case .matched = $0 { return true } else { return false } })
            }
            partCache[text] = result
            return result
        }
        for partCount in 2...max(2, min(atoms.count, 4)) {
            for ranges in Self.segmentations(atoms.count, into: partCount) {
                var found: [(entity: Int, score: Double, steps: [ExplanationStep])] = []
                for range in ranges {
                    guard let part = resolvePart(Self.join(atoms, range)) else { break }
                    found.append(part)
                }
                guard found.count == ranges.count else { continue }
                context.steps.append(contentsOf: found.flatMap(\.steps))
                let score = (found.map(\.score).min() ?? 0) * Scores.compoundFactor
                return acceptComposite(found.map(\.entity), score: score, method: .compound, matchedName: query, into: &context)
            }
        }
        return false
    }

    /// The parts of a compound and the separator text after each.
    ///
    /// Word separators ("and", "и", "和"…) are marked with U+001F on both sides, one word
    /// after another in the order of ``compoundWords`` (as a chain of literal
    /// replacements would), then the text is cut at marks and separator characters.
    static func compoundAtoms(_ query: String) -> [(text: String, separator: String)] {
        // Most queries hold no separator at all: one atom, found without making Characters.
        guard mayHoldSeparator(query) else {
            let trimmed = query.trimmingWhitespace
            return trimmed.isEmpty ? [] : [(trimmed, "")]
        }
        var marked = Array(query)
        if marked.contains(where: { $0 == " " || compoundSpacelessWords.contains($0) }) {
            for word in compoundWords { marked = markingOccurrences(of: word, in: marked) }
        }
        let separators = compoundSeparators
        var atoms: [(text: String, separator: String)] = []
        var current = ""
        var separator = ""
        var inWord = false  // inside a marked word separator
        for character in marked {
            if character == "\u{1F}" {
                if inWord {
                    inWord = false
                } else {
                    inWord = true
                    if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")); current = "" }
                }
                continue
            }
            if inWord || separators.contains(character) {
                if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")); current = "" }
                separator.append(character)
                if !atoms.isEmpty { atoms[atoms.count - 1].separator = separator }
                continue
            }
            if !separator.isEmpty && !inWord { separator = "" }
            current.append(character)
        }
        if !current.trimmingWhitespace.isEmpty { atoms.append((current.trimmingWhitespace, "")) }
        return atoms
    }

    /// Words that join the parts of a compound; all but the last three need spaces around them.
    static let compoundWords: [[Character]] = [" and ", " & ", " и ", " та ", " et ", " und ", " y ", " vs. ", " vs ",
                                                " versus ", "和", "与", "、"].map { Array($0) }
    static let compoundSpacelessWords = Set(compoundWords.filter { $0.first != " " }.joined())
    /// Dashes and hyphens (those the normaliser reads as hyphens: the minus sign, the small
    /// and fullwidth hyphen-minus too, as machine translation and CJK text write them), the
    /// slash and the plus sign.
    static let compoundSeparators: Set<Character> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "–", "—", "\u{2015}",
                                                     "\u{2212}", "\u{2043}", "\u{2796}", "\u{FE58}", "\u{FE63}", "\u{FF0D}",
                                                     "/", "+"]

    /// The UTF-8 of every separator word and character: a query without any of them as
    /// bytes has none as characters either.
    static let separatorBytes: [[UInt8]] = (compoundWords.map { String($0) } + compoundSeparators.map { String($0) })
        .map { Array($0.utf8) }
    /// Whether a byte starts one of `separatorBytes`.
    static let separatorStarts: [Bool] = {
        var starts = [Bool](repeating: false, count: 256)
        for pattern in separatorBytes { starts[Int(pattern[0])] = true }
        return starts
    }()

    /// False when `query` certainly holds no separator (checked on its bytes).
    static func mayHoldSeparator(_ query: String) -> Bool {
        var query = query
        let patterns = separatorBytes, starts = separatorStarts
        return query.withUTF8 { bytes in
            for start in bytes.indices {
                let byte = bytes[start]
                guard starts[Int(byte)] else { continue }
                for pattern in patterns where pattern[0] == byte && start + pattern.count <= bytes.count
                    && pattern.indices.allSatisfy({ bytes[start + $0] == pattern[$0] }) {
                    return true
                }
            }
            return false
        }
    }

    /// `text` with every occurrence of `word`, left to right and not overlapping, put
    /// between two U+001F marks.
    static func markingOccurrences(of word: [Character], in text: [Character]) -> [Character] {
        guard let first = word.first, text.count >= word.count else { return text }
        var result: [Character] = []
        var position = 0
        var copied = 0  // text[..<copied] is in result
        while position + word.count <= text.count {
            if text[position] == first, text[position..<(position + word.count)].elementsEqual(word) {
                if result.isEmpty { result.reserveCapacity(text.count + 8) }
                result.append(contentsOf: text[copied..<position])
                result.append("\u{1F}")
                result.append(contentsOf: word)
                result.append("\u{1F}")
                position += word.count
                copied = position
            } else {
                position += 1
            }
        }
        guard copied > 0 else { return text }
        result.append(contentsOf: text[copied...])
        return result
    }

    /// The text of atoms `range`, joined by the separators that stood between them.
    static func join(_ atoms: [(text: String, separator: String)], _ range: Range<Int>) -> String {
        var text = ""
        for position in range {
            text += atoms[position].text
            if position < range.upperBound - 1 { text += atoms[position].separator }
        }
        return text
    }

    /// Every way to cut `count` atoms into `parts` consecutive non-empty ranges.
    static func segmentations(_ count: Int, into parts: Int) -> [[Range<Int>]] {
        guard parts >= 1, parts <= count else { return [] }
        if parts == 1 { return [[0..<count]] }
        var result: [[Range<Int>]] = []
        for firstEnd in 1...(count - parts + 1) {
            for rest in segmentations(count - firstEnd, into: parts - 1) {
                result.append([0..<firstEnd] + rest.map { ($0.lowerBound + firstEnd)..<($0.upperBound + firstEnd) })
            }
        }
        return result
    }
}

extension Resolver {
    /// Splits "Azerbaijan–Armenia", "Armenia and Azerbaijan", "US/China", "Россия и Украина".
    static func splitCompound(_ query: String) -> [String] { compoundAtoms(query).map(\.text) }
}
