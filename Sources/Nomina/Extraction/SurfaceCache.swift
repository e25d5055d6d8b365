import Dispatch
import Foundation

/// A mention and the tokens it spans.
struct FoundMention {
    let mention: Mention
    let tokens: Range<Int>
}

/// Resolutions by surface, shared by all threads: 16 shards behind mutexes, each cleared
/// when it outgrows its share of the capacity. Keyed by the surface's bytes: `String`
/// equality is canonical equivalence, under which "Me\u{301}xico" and "México" are one
/// key, so the form met first decided the other's result (exact or folded), and with
/// several workers the output depended on which got there first (found by the attacker
/// review).
final class SurfaceCache: Sendable {
    private final class Shard: Sendable {
        let entries = Locked<[[UInt8]: KnownSurface]>([:])
    }

    private let shards: [Shard]
    private let limit: Int

    init(capacity: Int) {
        shards = (0..<16).map { _ in Shard() }
        limit = max(1, capacity / 16)
    }

    /// What is known of `surface`, from the cache or worked out now.
    func known(_ surface: String, _ extractor: MentionExtractor) -> KnownSurface {
        let key = Array(surface.utf8)
        let shard = shards[key.hashValue & 15]
        if let cached = shard.entries.withLock({ $0[key] }) { return cached }
        var resolution: Resolution? = extractor.textResolver.resolve(surface)
        if resolution?.outcome == .noMatch { resolution = nil }
        let known = KnownSurface(surface: key, resolution: resolution, extractor: extractor)
        shard.entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = known
        }
        return known
    }
}

/// A surface's resolution (nil: no match) and what ``MentionScanner`` asks of it, worked out
/// once; a class, so that a cache hit costs one reference count, not a copy of the
/// resolution's strings and arrays. Immutable.
final class KnownSurface: Sendable {
    let surface: [UInt8]
    let resolution: Resolution?
    let outcome: Resolution.Outcome
    let method: ResolutionMethod
    /// The method of the best candidate (of the first, when ambiguous).
    let bestMethod: ResolutionMethod
    /// Whether the name matched is one the scanner looks for.
    let reliable: Bool
    /// Whether the name matched starts with a small letter ("iPhone").
    let lowercaseName: Bool
    /// A fuzzy match whose written form extends the name ("Russian" → "Russia") or changes
    /// only its ending ("Spanier" → "Spanien").
    let extendsName: Bool
    /// A short form, which a capitalised word beside it makes part of a longer name
    /// ("Aya Nakamura"): an approximate match of at most seven letters ("Naqqa"), an
    /// abbreviation, an exact-only or derived name ("Aya", "Naka"), or a name of at most five
    /// letters of an entity other than a country or territory ("Gaza", a city "Paris").
    /// Designator matches go by the name left ("Fédération de Russie": Russie, a country).
    let shortForm: Bool
    /// A country, territory or region whose name, written so, is also a given name ("Jordan",
    /// "Virginia").
    let givenName: Bool
    /// The best candidate is a bulk place (``Entity/Tier/bulk``), and its population (0:
    /// unknown); ``PlaceMentionRules`` decide whether it is a mention.
    let bulk: Bool
    let population: UInt32
    /// The name matched is an acronym in capitals ("UN", "IRENA", "ООН"): text that writes
    /// it otherwise ("Un accord", "Irena") writes another word.
    let acronym: Bool
    /// The surface and the name matched are written in the same scripts.
    let sameScript: Bool
    /// The name matched is a person's one-word name: a surname ("Cameron").
    let surname: Bool
    /// The name matched is a former name of the entity ("Burma", "Ceylon", "Swaziland").
    let historical: Bool
    /// The name matched is the entity's canonical name.
    let canonicalName: Bool
    /// The surface is one word that is a common given name ("Nadia", "Вера"): a bulk place
    /// named so is a person more often than the place (``PlaceMentionRules``).
    let givenNameWord: Bool
    /// The surface has a space where the name matched has none: "Modi in" folded to
    /// "Modi‘in" joins a name and a preposition.
    let joinsWords: Bool
    /// For a surname: the folded words of the person's names ("vladimir", "putin"), which
    /// may stand before it in text (worked out once per surface, not per mention).
    let personWords: Set<String>

    init(surface: [UInt8], resolution: Resolution?, extractor: MentionExtractor) {
        self.surface = surface
        self.resolution = resolution
        outcome = resolution?.outcome ?? .noMatch
        method = resolution?.method ?? .none
        let best = resolution?.best ?? resolution?.candidates.first
        bestMethod = best?.method ?? .none
        reliable = best.map(extractor.isReliable) ?? true
        lowercaseName = best?.matchedName.unicodeScalars.first?.properties.isLowercase ?? false
        surname = best.map { $0.kind == .person && !$0.matchedName.contains(" ") && $0.matchedName != $0.name } ?? false
        historical = best.flatMap { best in
            extractor.resolver.gazetteer.entity(id: best.id).map { entity in
                entity.aliases.contains { $0.name == best.matchedName && $0.type == .historical }
            }
        } ?? false
        canonicalName = best.map { $0.matchedName == $0.name } ?? false
        joinsWords = best.map { best in
            surface.contains(0x20) && !best.matchedName.unicodeScalars.contains(where: \.properties.isWhitespace)
        } ?? false
        let summaries = extractor.resolver.index.summaries
        if let best, let position = extractor.resolver.gazetteer.position(of: best.id) {
            bulk = summaries[position].tier == .bulk
            population = summaries[position].population
        } else {
            bulk = false
            population = 0
        }
        givenNameWord = bulk && !surface.contains(0x20)
            && MentionScanner.givenNameList.contains(extractor.resolver.index.normalizer.key(String(decoding: surface, as: UTF8.self)))
        if surname, let best, let entity = extractor.resolver.gazetteer.entity(id: best.id) {
            let normalizer = extractor.resolver.index.normalizer
            // The words beside a surname that are the person's own are read in the surname's
            // script ("Sergey Lavrov", "Сергей Лавров"): names in other scripts are not keyed
            // (keying the Chinese ones opened ICU's Han-Latin, ~0.1 s, in English text).
            let scripts = Script.scripts(in: String(decoding: surface, as: UTF8.self))
            personWords = Set(entity.allNames.filter { Script.scripts(in: $0) == scripts }
                .flatMap { normalizer.key($0).split(separator: " ").map(String.init) })
        } else {
            personWords = []
        }
        if let best, best.method == .folded {
            // Of the names that fold alike, the one reported may be in another script
            // ("Azerbaydzhan" for "АЗЕРБАЙДЖАН"): any name of the entity written as the surface,
            // but for case, will do.
            let written = String(decoding: surface, as: UTF8.self)
            sameScript = Set(Script.scripts(in: best.matchedName)) == Set(Script.scripts(in: written))
                || extractor.resolver.gazetteer.entity(id: best.id).map { entity in
                    entity.allNames.contains { $0.compare(written, options: [.caseInsensitive]) == .orderedSame }
                } ?? false
        } else {
            sameScript = true
        }
        if let matched = best?.matchedName {
            let letters = matched.unicodeScalars.filter(\.properties.isAlphabetic)
            acronym = (2...6).contains(letters.count) && letters.allSatisfy(\.properties.isUppercase)
                && matched.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "." }
        } else {
            acronym = false
        }
        if resolution?.method == .fuzzy, let best = resolution?.best {
            let normalizer = extractor.resolver.index.normalizer
            let written = normalizer.key(String(decoding: surface, as: UTF8.self)), matched = normalizer.key(best.matchedName)
            // A longer word that starts with the name, or one that differs from it only in
            // its last letters ("Spanier", "Serben", "Armenierin" against the German
            // "Spanien", "Serbien", "Armenien"): another form of the word, an adjective, a
            // demonym or a plural, not a misspelt name (typos fall anywhere in a word).
            let shared = zip(written.utf8, matched.utf8).prefix { $0 == $1 }.count
            let longer = max(written.utf8.count, matched.utf8.count)
            extendsName = (written.count > matched.count && written.hasPrefix(matched))
                || (shared >= 4 && shared >= longer - 3 && !written.contains(" "))
        } else {
            extendsName = false
        }
        if let best {
            let countryLike = best.kind == .country || best.kind == .territory
            givenName = (countryLike || best.kind == .region)
                && MentionScanner.givenNames.contains(extractor.resolver.index.normalizer.key(String(decoding: surface, as: UTF8.self)))
            let short = best.matchedName.unicodeScalars.filter(\.properties.isAlphabetic).count <= 5 && !countryLike
            if best.method == .abbreviation {
                shortForm = true
            } else if best.method != .exact && best.method != .folded && best.method != .designator {
                // An approximate match of a short word ("Naqqa"); a long one is rarely a
                // coincidence ("Azerbaidzhan Foreign Ministry").
                shortForm = String(decoding: surface, as: UTF8.self).unicodeScalars.filter(\.properties.isAlphabetic).count
                    <= MentionScanner.shortApproximateLetters
            } else if let entity = extractor.resolver.gazetteer.entity(id: best.id) {
                if best.matchedName == entity.name {
                    shortForm = short
                } else if let alias = entity.aliases.first(where: { $0.name == best.matchedName }) {
                    // A person's one-word name is a surname, which others share ("James
                    // Cameron", "Magic Johnson", "Costa Coffee").
                    let isSurname = best.kind == .person && !best.matchedName.contains(" ")
                    shortForm = short || alias.type == .abbreviation || alias.exactOnly || isSurname
                } else {
                    shortForm = true  // derived: a Han abbreviation, its romanisation, an initialism
                }
            } else {
                shortForm = true  // a composite ("ARM+GEO")
            }
        } else {
            givenName = false
            shortForm = false
        }
    }
}
