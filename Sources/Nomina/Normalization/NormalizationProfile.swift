/// Which stages of the ``NameNormalizer`` pipeline run, and with which settings.
///
/// Gazetteer entries and queries must be normalised with the same profile; an index
/// records ``fingerprint`` and refuses queries made with another.
///
/// ```swift
/// var profile = NormalizationProfile.default
/// profile.removeParticles = true          // "the Gambia" → "gambia"
/// let normalizer = NameNormalizer(profile: profile)
/// ```
public struct NormalizationProfile: Sendable, Hashable, Codable {
    /// The version of the pipeline's rules. It changes whenever a change to Nomina
    /// changes the key of some input, so stored keys can be detected as stale. 2: Arabic
    /// harakat, tatweel and Hebrew niqqud are removed. 3: letters of Urdu, Pashto, Kurdish,
    /// Uyghur and Church Slavonic that ICU leaves alone are romanised. 4: Tibetan, Khmer,
    /// Lao, Sinhala and Cherokee, which ICU has no transform for, are romanised. 5: the
    /// middle dot BGN/PCGN writes between letters (Братск "Brat·sk", Нэгдсэн "N·egds·en")
    /// joins them, as English spells the names, instead of parting words (so does one in
    /// the input: Catalan "Paral·lel"); Kashmiri ؠ is
    /// read as "y" (it was keyed by its code point).
    public static let pipelineVersion = 5

    /// NFKC_Casefold: compatibility forms (ﬁ, ｆｕｌｌｗｉｄｔｈ, Ⅻ) and case folding.
    public var caseFold = true
    /// Remove format characters (ZWJ, ZWNJ, bidi controls, soft hyphen, BOM) and
    /// control characters other than white space.
    public var removeFormatCharacters = true
    /// Fold dashes to a hyphen, unify apostrophes and quotes, and make punctuation a
    /// token boundary. When off, punctuation stays inside tokens.
    public var foldPunctuation = true
    /// In tokens that are mostly Latin, replace letters of other scripts whose UTS #39
    /// confusable skeleton is a single Latin letter (Cyrillic "А" in "Аrmenia").
    public var repairHomoglyphs = true
    /// Transliterate every non-Latin script to Latin with a per-script ICU transform.
    public var transliterate = true
    /// Fold Latin to ASCII (Latin-ASCII plus Nomina's own rules), so keys are pure ASCII.
    public var asciiFold = true
    /// Drop particles (``particles``) from keys. Off by default in stored keys.
    public var removeParticles = false
    /// The particles dropped when ``removeParticles`` is on (as folded tokens).
    public var particles: [String] = NormalizationProfile.defaultParticles

    /// Articles and particles of common languages that are not part of a name's identity.
    public static let defaultParticles: [String] = [
        "the", "a", "an",                                // English
        "al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "ath", "adh",  // Arabic al- and assimilated forms
        "de", "d", "du", "des", "la", "le", "les", "l",  // French
        "del", "los", "las", "da", "do", "dos", "das",   // Spanish, Portuguese
        "di", "della", "dello",                          // Italian
        "der", "die", "den", "von", "van", "het", // German, Dutch
    ]

    /// The default profile: every stage on except particle removal.
    public static let `default` = NormalizationProfile()

    /// Everything on, particles removed: for matching queries loosely.
    public static let loose: NormalizationProfile = {
        var profile = NormalizationProfile()
        profile.removeParticles = true
        return profile
    }()

    /// The default profile: every stage on except particle removal, as ``default``.
    public init() {}

    /// A short, stable string that identifies the profile and pipeline version, e.g.
    /// `"v1:cf,fmt,punct,homo,translit,ascii"`. Equal fingerprints mean equal keys.
    public var fingerprint: String {
        var flags: [String] = []
        if caseFold { flags.append("cf") }
        if removeFormatCharacters { flags.append("fmt") }
        if foldPunctuation { flags.append("punct") }
        if repairHomoglyphs { flags.append("homo") }
        if transliterate { flags.append("translit") }
        if asciiFold { flags.append("ascii") }
        if removeParticles {
            var hasher = FNV1a()
            for particle in particles.sorted() { hasher.add(particle); hasher.add(",") }
            flags.append("particles=\(String(hasher.value, radix: 16))")
        }
        return "v\(Self.pipelineVersion):" + flags.joined(separator: ",")
    }

    /// Whether this profile is guaranteed to produce pure-ASCII keys.
    public var producesASCIIKeys: Bool { asciiFold && transliterate }
}

/// 64-bit FNV-1a, for stable fingerprints (Swift's Hasher is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }
}
