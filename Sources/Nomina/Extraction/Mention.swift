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
}
