import Dispatch
import Foundation

/// One mention of an entity in a text.
public struct Mention: Sendable, Hashable {
    /// The text of the mention, as written.
    public let surface: String
    /// Where the mention starts, in Unicode code points of the text (as Python indexes a
    /// `str`: `text[start:end]` is the mention).
    public let start: Int
    /// Where it ends (exclusive), in code points.
    public let end: Int
    /// Start and end in UTF-8 bytes.
    public let utf8Range: Range<Int>
    /// The worked-out surface, shared by every mention written the same way: copying a
    /// mention copies a reference, not the resolution's strings and arrays.
    let known: KnownSurface

    init(surface: String, start: Int, end: Int, utf8Range: Range<Int>, known: KnownSurface) {
        precondition(known.resolution != nil)
        self.surface = surface
        self.start = start
        self.end = end
        self.utf8Range = utf8Range
        self.known = known
    }

    /// What the resolver made of the surface: a match, or ambiguous (with candidates).
    public var resolution: Resolution { known.resolution! }

    /// Mentions are equal when they have the same surface, offsets and resolution.
    public static func == (left: Mention, right: Mention) -> Bool {
        left.surface == right.surface && left.start == right.start && left.end == right.end
            && left.utf8Range == right.utf8Range && (left.known === right.known || left.resolution == right.resolution)
    }

    /// Hashes the surface, offsets and resolution.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(surface)
        hasher.combine(start)
        hasher.combine(utf8Range)
        hasher.combine(resolution)
    }

    /// The entity, for a match.
    public var entity: Candidate? { known.resolution?.best }
    /// A match, or ambiguous (a mention is never "no match": those are not reported).
    public var outcome: Resolution.Outcome { known.outcome }
    /// How the surface was resolved (``ResolutionMethod/ambiguous`` when it was).
    public var method: ResolutionMethod { known.method }
    /// The resolution's score, 0 to 1 (``Resolution/score``).
    public var score: Double { known.resolution?.score ?? 0 }

    /// Articles a mention may start with ("The Kremlin", "la Corée du Sud"), folded.
    static var articles: Set<String> { ResolverIndex.articles }

    /// The first letters of ``articles``, in small letters.
    static let articleInitials: Set<UInt8> = Set(articles.compactMap { $0.utf8.first })

    /// How much of the start of the surface a rewrite to `name` keeps, in UTF-8 bytes and
    /// in code points: a leading article ("The Kremlin" → "The Kremlin", not "Kremlin";
    /// "La Corée du Sud" → "La Corée du Sud" with French names), when the name does not
    /// start with an article of its own and the article is all the resolver set aside
    /// (it stays part of "The Republic of Azerbaijan", which is "Azerbaijan" whole).
    package func keptArticle(for name: String) -> (bytes: Int, scalars: Int) {
        // Most mentions start with no article: one byte decides, before any string is made.
        guard let first = surface.utf8.first, Self.articleInitials.contains(first | 0x20) else { return (0, 0) }
        let scalars = Array(surface.unicodeScalars.prefix(5))
        guard let space = scalars.firstIndex(of: " "), space > 0, space < scalars.count else { return (0, 0) }
        let article = String(String.UnicodeScalarView(scalars[..<space])).lowercased()
        guard Self.articles.contains(article) else { return (0, 0) }
        let nameFirst = name.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if Self.articles.contains(nameFirst) || nameFirst.hasPrefix("l'") || nameFirst.hasPrefix("l\u{2019}") { return (0, 0) }
        // The article is part of the name matched ("Le Caire", "La Mecque", "La Habana" are
        // names of Cairo, Mecca, Havana): the whole is the name ("the" aside: "The Kremlin").
        if article != "the", let matched = entity?.matchedName.lowercased(), matched.hasPrefix(article + " ") { return (0, 0) }
        // Designators besides the article were stripped: the whole is the name.
        let stripped = resolution.explanation.contains { step in
            if case .strippedDesignators(let removed, _) = step {
                return !removed.allSatisfy { Self.articles.contains($0) }
            }
            return false
        }
        if stripped { return (0, 0) }
        // "The Russian Federation" → "Russia", "the Czech Republic" → "Czechia": an official
        // form takes the article, the short name it becomes does not ("the UK" → "the United
        // Kingdom" keeps it: that name takes one too).
        let restWords = surface.unicodeScalars.dropFirst(space + 1).split(whereSeparator: { $0 == " " })
            .map { String(String.UnicodeScalarView($0)).lowercased() }
        let nameWords = name.lowercased().split(separator: " ").map(String.init)
        if restWords.contains(where: Self.formWords.contains) && !nameWords.contains(where: Self.formWords.contains) {
            return (0, 0)
        }
        return (article.utf8.count + 1, space + 1)
    }

    /// Words of official and plural forms of English names, which take "the": a rewrite to
    /// a name without them drops the article too.
    static let formWords: Set<String> = ["republic", "federation", "kingdom", "states", "union", "emirates", "islands",
                                         "commonwealth", "principality", "sultanate", "confederation", "federal",
                                         "democratic", "people's", "people’s", "socialist", "islamic", "arab",
                                         "united", "grand", "duchy", "state", "territory", "territories", "nations",
                                         "strip", "bank", "region", "province",
                                         // Official forms quoted in another language after "the".
                                         "république", "republique", "fédération", "federation", "royaume",
                                         "república", "republica", "reino", "federación", "federacion", "estados",
                                         "états", "etats", "republik", "bundesrepublik", "königreich", "repubblica",
                                         "regno", "federazione"]
}
