import Dispatch
import Foundation

/// Finds the mentions of gazetteer entities in running text, and rewrites them.
///
/// ```swift
/// let extractor = MentionExtractor(resolver: Resolver(gazetteer: try .bundled()))
/// let (text, mentions) = extractor.rewrite("Talks on Naqqa resumed in Baku.")
/// // text == "Talks on Nagorno-Karabakh resumed in Baku."
/// // mentions[0].method == .phonetic, mentions[0].start == 9
/// ```
///
/// Two passes over the text's tokens (words, with their folded forms):
/// 1. **Names**, leftmost-longest, through a token trie of every folded key the resolver
///    knows ("Nagorno-Karabakh region" is one mention, not "Karabakh"; 纳卡地区 → 纳卡).
///    Each candidate span is resolved (exact or folded; an ambiguous name stays ambiguous);
///    negative names block their entity ("Chad Smith").
/// 2. **Approximate mentions**: runs of capitalised words the first pass left, not common
///    words, at least 4 letters, resolved through every stage of the resolver, which
///    abstains when unsure ("Naqqa" → phonetic; "Aya-Yaah" → compound).
///
/// Resolutions are cached by surface (bounded, shared by all threads). Immutable and
/// `Sendable`: one extractor serves every thread.
public final class MentionExtractor: Sendable {
    /// The resolver whose gazetteer the mentions come from.
    public let resolver: Resolver
    /// What counts as a mention (capitals, approximate matches, languages, rules of context).
    public let options: ExtractorOptions
    /// The resolver that surfaces of text go to: `resolver`'s index, with
    /// ``ExtractorOptions/approximateLanguages``.
    let textResolver: Resolver
    let automaton: MentionAutomaton
    private let cache = SurfaceCache(capacity: 1 << 16)
    static let commonWords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-words", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
    }()

    /// Articles, prepositions and conjunctions of French, Spanish, Italian, Portuguese and
    /// German that are written as acronyms or codes in capitals ("UN" of "SIGNENT UN
    /// ACCORD", "DE", "EL"): shouting, not the acronym, among other words in capitals.
    static let functionWords: Set<String> = [
        "un", "une", "le", "la", "les", "de", "des", "du", "et", "en", "au", "aux", "sur", "par", "pour",
        "el", "los", "las", "y", "del", "al", "con", "por", "il", "di", "e", "per", "o", "os", "as", "do", "da", "em", "ao",
        "der", "die", "das", "und", "ein", "eine", "mit", "von", "zu", "im", "am",
    ]

    /// Builds the token trie of `resolver`'s names (a fraction of the resolver's own build),
    /// or takes it from the resolver's compiled index (``Resolver/init(index:options:normalizer:verify:)``)
    /// unless ``ExtractorOptions/allLanguages`` asks for another.
    public init(resolver: Resolver, options: ExtractorOptions = ExtractorOptions()) {
        self.resolver = resolver
        self.options = options
        if resolver.options.approximateLanguages == options.approximateLanguages {
            self.textResolver = resolver
        } else {
            var textOptions = resolver.options
            textOptions.approximateLanguages = options.approximateLanguages
            self.textResolver = Resolver(sharing: resolver, options: textOptions)
        }
        if !options.allLanguages, let compiled = resolver.compiledExtras as? MentionAutomaton {
            self.automaton = compiled
        } else {
            self.automaton = MentionAutomaton(index: resolver.index, allLanguages: options.allLanguages,
                                              commonWords: Self.commonWords)
        }
    }

    /// The mentions in `text`, in order, never overlapping.
    public func mentions(in text: String) -> [Mention] {
        var scanner = MentionScanner(self)
        return scanner.mentions(in: text)
    }

    /// `text` with every matched mention replaced by its entity's canonical name (a pair as
    /// "Azerbaijan–Armenia"), and the mentions. Ambiguous mentions are left as written.
    public func rewrite(_ text: String) -> (text: String, mentions: [Mention]) {
        let found = mentions(in: text)
        return (Self.rewrite(text, found), found)
    }

    /// A scanner for one thread: it keeps its buffers and recent resolutions between texts.
    public func scanner() -> MentionScanner { MentionScanner(self) }

    /// The mentions of many texts, on all cores, in input order. The calling thread waits;
    /// from async code, use ``mentions(inBatch:)``.
    public func mentions(in texts: [String]) -> [[Mention]] {
        concurrentMap(texts, chunk: 32, state: { MentionScanner(self) }) { scanner, text in scanner.mentions(in: text) }
    }

    /// The mentions of many texts, on all cores, in input order, for async code: the work
    /// runs as child tasks in chunks of 32 texts, and the caller suspends instead of
    /// blocking a thread of the cooperative pool.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (no new chunk starts).
    public func mentions(inBatch texts: [String]) async throws -> [[Mention]] {
        try await concurrentMap(texts, chunk: 32, state: { MentionScanner(self) }) { scanner, text in scanner.mentions(in: text) }
    }

    /// Texts from any asynchronous sequence, with their mentions, in input order; each
    /// batch runs on all cores as child tasks (``mentions(inBatch:)``).
    public func mentions<Texts: AsyncSequence & Sendable>(in texts: Texts, batchSize: Int = 1_024)
        -> AsyncThrowingStream<(text: String, mentions: [Mention]), any Error> where Texts.Element == String {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var batch: [String] = []
                    batch.reserveCapacity(batchSize)
                    func emit() async throws {
                        for (text, found) in zip(batch, try await mentions(inBatch: batch)) { continuation.yield((text, found)) }
                        batch.removeAll(keepingCapacity: true)
                    }
                    for try await text in texts {
                        batch.append(text)
                        if batch.count == batchSize { try await emit() }
                    }
                    try await emit()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A canonical name as it replaces a mention: without quote marks at its ends, which a
    /// mention never spans ("‘Amrān", "Roslavl’" transliterate an ʿayn or a soft sign; the
    /// text keeps its own), so that rewriting twice changes nothing more.
    public static func replacement(_ name: String) -> String {
        let quotes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{02BB}", "\u{02BC}", "\u{02BF}", "`", "\u{00B4}"]
        let scalars = name.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, quotes.contains(first) || quotes.contains(last) else { return name }
        var view = Substring(name).unicodeScalars[...]
        while let head = view.first, quotes.contains(head), view.count > 1 { view = view.dropFirst() }
        while let tail = view.last, quotes.contains(tail), view.count > 1 { view = view.dropLast() }
        return String(view)
    }

    /// `text` with `mentions` (found in it) rewritten to their entities' names.
    public static func rewrite(_ text: String, _ mentions: [Mention]) -> String {
        guard mentions.contains(where: { $0.outcome == .match }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        let utf8 = Array(text.utf8)
        var position = 0
        for mention in mentions where mention.outcome == .match {
            guard let entity = mention.entity, mention.utf8Range.lowerBound >= position else { continue }
            let name = Self.replacement(entity.name)
            let kept = mention.keptArticle(for: name).bytes
            output += String(decoding: utf8[position..<(mention.utf8Range.lowerBound + kept)], as: UTF8.self)
            output += name
            position = mention.utf8Range.upperBound
        }
        output += String(decoding: utf8[position...], as: UTF8.self)
        return output
    }

    /// Whether the name a candidate matched is curated or in a major language.
    func isReliable(_ candidate: Candidate) -> Bool {
        let index = resolver.index
        guard let entity = resolver.gazetteer.position(of: candidate.id) else { return true }  // composites
        return index.exact.values(of: candidate.matchedName).contains {
            index.entries[Int($0)].reliable && index.entries[Int($0)].entity == Int32(entity)
        }
    }

    /// The resolution of a surface: from the shared cache, or computed (nil: no match).
    func known(_ surface: String) -> KnownSurface { cache.known(surface, self) }
}
