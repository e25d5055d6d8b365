/// Which ICU transform turns each script into Latin, and Nomina's own ASCII rules.
///
/// Every chain ends with ``asciiRules``, so one ICU call takes a token from its script
/// all the way to (almost always) ASCII; ``NameNormalizer`` then makes sure of the rest.
enum ScriptTransforms {
    /// Nomina's rules for what ICU's Latin-ASCII leaves behind, then Latin-ASCII itself.
    ///
    /// - ʿ ʾ ʻ ʼ ˀ ˁ (ayin, hamza and okina marks of romanised Arabic, Hebrew, Hawaiian,
    ///   Uzbek, and ICU's own Hebrew-Latin aleph) and ʹ ʺ (the soft and hard signs of
    ///   BGN/PCGN Cyrillic) are dropped, not turned into apostrophes:
    ///   Sanʿāʾ → sana, Oʻzbekiston → ozbekiston, Kazanʹ → kazan.
    /// - ə → a, the usual English rendering (Gəncə → ganca, cf. Ganja).
    /// - ɔ → o, ʃ → sh, ʒ → zh, ɣ → gh, ʔ dropped, ɨ → i, ʉ → u.
    static let asciiRules = """
        [\\u02B9\\u02BA\\u02BB\\u02BC\\u02BD\\u02BE\\u02BF\\u02C0\\u02C1\\u05F3\\u05F4] > ;
        [əƏ] > a;
        [ɔƆ] > o;
        [ʃƩ] > sh;
        [ʒƷ] > zh;
        [ɣƔ] > gh;
        [ʔ] > ;
        [ɨ] > i;
        [ʉ] > u;
        ::Latin-ASCII;
        """

    /// The ICU IDs that take a run of `script` to Latin, before ``asciiRules``.
    /// `sample` lets Cyrillic pick the national BGN/PCGN system from its letters.
    static func latinTransforms(for script: Script, sample: some Sequence<Unicode.Scalar>) -> [String] {
        switch script {
        case .latin: return []
        case .cyrillic: return [cyrillicSystem(for: sample), "Cyrillic-Latin"]
        case .greek: return ["Greek-Latin/UNGEGN"]
        case .armenian: return ["Armenian-Latin/BGN"]
        case .georgian: return ["Georgian-Latin/BGN"]
        case .arabic: return ["Arabic-Latin"]
        case .hebrew: return ["Hebrew-Latin"]
        case .syriac: return ["Syriac-Latin"]
        case .thaana: return ["Thaana-Latin"]
        case .devanagari: return ["Devanagari-Latin"]
        case .bengali: return ["Bengali-Latin"]
        case .gurmukhi: return ["Gurmukhi-Latin"]
        case .gujarati: return ["Gujarati-Latin"]
        case .oriya: return ["Oriya-Latin"]
        case .tamil: return ["Tamil-Latin"]
        case .telugu: return ["Telugu-Latin"]
        case .kannada: return ["Kannada-Latin"]
        case .malayalam: return ["Malayalam-Latin"]
        case .thai: return ["Thai-Latin"]
        case .myanmar: return ["Myanmar-Latin"]
        case .ethiopic: return ["Ethiopic-Latin"]
        case .hangul: return ["Hangul-Latin"]
        case .hiragana: return ["Hiragana-Latin"]
        case .katakana: return ["Katakana-Latin"]
        case .han: return ["Han-Latin"]
        default: return ["Any-Latin"]
        }
    }

    /// Letters that ICU's transform of their script leaves as they are, in Latin: those of
    /// Urdu, Pashto, Sindhi, Kurdish and Uyghur in the Arabic script (ICU's Arabic-Latin
    /// reads Arabic and Persian letters), and Cyrillic letters of Church Slavonic and the
    /// Caucasian languages. Without them a name's key held the code point ("کانەدا" keyed
    /// as "kan" + "u6d5" + "da") and no spelling of it could come near another. Written
    /// from the letters' usual romanisations (Unicode names them; ALA-LC for Urdu and Pashto;
    /// Tajik ҷ ӣ ӯ ҳ, Azerbaijani ҹ, Chuvash ӑ ӗ ҫ ӳ, Abkhaz ҧ ԥ; Sindhi ڪ ڃ ڄ ڌ ڇ ڦ ڽ; Kashmiri ؠ).
    static let extraLetters: [Script: [Unicode.Scalar: String]] = [
        .arabic: [
            "\u{066E}": "b", "\u{0679}": "t", "\u{067C}": "t", "\u{067A}": "t", "\u{067B}": "b",
            "\u{0681}": "dz", "\u{0685}": "ts", "\u{0688}": "d", "\u{0689}": "d", "\u{068A}": "d",
            "\u{068D}": "d", "\u{068E}": "d", "\u{0691}": "r", "\u{0693}": "r", "\u{0695}": "r", "\u{0696}": "zh",
            "\u{069A}": "sh", "\u{06A4}": "v", "\u{06AB}": "g",
            "\u{06AD}": "ng", "\u{06B1}": "ng", "\u{06B3}": "g", "\u{06B5}": "l", "\u{06BA}": "n", "\u{06BB}": "r",
            "\u{06BC}": "n", "\u{06BE}": "h", "\u{06C1}": "h", "\u{06C2}": "h", "\u{06C3}": "t", "\u{06C5}": "o",
            "\u{06C6}": "o", "\u{06C7}": "u", "\u{06C8}": "u", "\u{06C9}": "u", "\u{06CB}": "v",
            "\u{06AA}": "k", "\u{06C0}": "h", "\u{0683}": "n", "\u{0684}": "j", "\u{068C}": "d", "\u{0687}": "ch",
            "\u{06A6}": "ph", "\u{06BD}": "n", "\u{06CD}": "y", "\u{06CE}": "e", "\u{06D0}": "e", "\u{06D2}": "e", "\u{06D3}": "e", "\u{06D5}": "e",
            "\u{0620}": "y",
        ],
        .cyrillic: [
            "\u{0460}": "o", "\u{0461}": "o", "\u{0462}": "e", "\u{0463}": "e", "\u{0466}": "ya", "\u{0467}": "ya",
            "\u{046E}": "ks", "\u{046F}": "ks", "\u{0470}": "ps", "\u{0471}": "ps", "\u{0472}": "f", "\u{0473}": "f",
            "\u{0474}": "i", "\u{0475}": "i", "\u{0478}": "u", "\u{0479}": "u", "\u{A64A}": "u", "\u{A64B}": "u",
            "\u{04C0}": "", "\u{04CF}": "", "\u{04C9}": "n", "\u{04CA}": "n", "\u{04C7}": "n", "\u{04C8}": "n",
            "\u{04A2}": "ng", "\u{04A3}": "ng", "\u{04B6}": "j", "\u{04B7}": "j", "\u{04E2}": "i", "\u{04E3}": "i",
            "\u{04EE}": "u", "\u{04EF}": "u", "\u{04B2}": "h", "\u{04B3}": "h", "\u{04B8}": "j", "\u{04B9}": "j",
            "\u{04D0}": "a", "\u{04D1}": "a", "\u{04D6}": "e", "\u{04D7}": "e", "\u{04AA}": "s", "\u{04AB}": "s",
            "\u{04F2}": "u", "\u{04F3}": "u", "\u{04A6}": "p", "\u{04A7}": "p", "\u{0524}": "p", "\u{0525}": "p",
        ],
    ]

    /// BGN/PCGN romanisation matches English-language news better than ISO 9 (Азербайджан
    /// → Azerbaydzhan, not Azerbajdžan). The national system is chosen by letters that
    /// only some Cyrillic alphabets use; Russian otherwise.
    static func cyrillicSystem(for sample: some Sequence<Unicode.Scalar>) -> String {
        var system = "Russian-Latin/BGN"
        for scalar in sample {
            switch scalar {
            case "ї", "є", "ґ", "Ї", "Є", "Ґ": return "Ukrainian-Latin/BGN"
            case "ў", "Ў": return "Belarusian-Latin/BGN"
            case "ђ", "ћ", "џ", "љ", "њ", "Ђ", "Ћ", "Џ", "Љ", "Њ": return "Serbian-Latin/BGN"
            case "ѓ", "ќ", "ѕ", "Ѓ", "Ќ", "Ѕ": return "Macedonian-Latin/BGN"
            case "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ":
                return "Kazakh-Latin/BGN"
            case "і", "І": system = "Ukrainian-Latin/BGN"  // also Belarusian and Kazakh: keep looking
            default: continue
            }
        }
        return system
    }

    /// The full rule text of a chain: `::ID;` lines, then Nomina's ASCII rules.
    static func rules(for ids: [String], asciiFold: Bool) -> String {
        var text = ids.map { "::\($0);\n" }.joined()
        if asciiFold { text += asciiRules }
        return text
    }
}

extension ScriptTransforms {
    /// Every ICU transform ID the pipeline may open.
    static var allTransformIDs: [String] {
        let cyrillicSystems = ["Russian-Latin/BGN", "Ukrainian-Latin/BGN", "Belarusian-Latin/BGN", "Serbian-Latin/BGN",
                               "Macedonian-Latin/BGN", "Kazakh-Latin/BGN"]
        var ids = cyrillicSystems
        let scripts: [Script] = [.latin, .cyrillic, .greek, .armenian, .georgian, .arabic, .hebrew, .syriac, .thaana,
                                 .devanagari, .bengali, .gurmukhi, .gujarati, .oriya, .tamil, .telugu, .kannada, .malayalam,
                                 .sinhala, .thai, .lao, .myanmar, .khmer, .tibetan, .ethiopic, .hangul, .hiragana,
                                 .katakana, .han, .mongolian]
        for script in scripts {
            for id in latinTransforms(for: script, sample: []) where !ids.contains(id) { ids.append(id) }
        }
        if !ids.contains("Any-Latin") { ids.append("Any-Latin") }
        return ids
    }
}

extension NameNormalizer {
    /// Opens every ICU object the normalisation pipeline uses (each script's transforms,
    /// Nomina's ASCII rules, the confusable checker and the word breaker) and throws the
    /// first that ICU cannot open: the system ICU lacks data it needs (a reduced `libicu`
    /// build), or it is a version whose rules do not compile.
    ///
    /// The pipeline itself does not stop on such a failure: a transform that does not open
    /// leaves its text to the final ASCII fold, and without a confusable checker look-alike
    /// letters are not repaired. This is how a program finds out before it relies on it;
    /// ``icuProblems`` says afterwards what failed during a run (`nomina` prints it as a
    /// warning).
    ///
    /// - Throws: ``ICUError`` naming the object that failed.
    /// - SeeAlso: ``icuProblems``, what failed to open while normalising so far.
    public static func checkICU() throws(ICUError) {
        for id in ScriptTransforms.allTransformIDs { _ = try Transliterator(id: id) }
        _ = try Transliterator(rules: ScriptTransforms.asciiRules, name: "Nomina-ASCII")
        _ = try SpoofChecker()
        _ = try WordBreaker()
    }
}

extension NameNormalizer {
    /// The ICU objects that could not be opened while normalising, in this process so far,
    /// each once: names of the scripts they serve were folded without them. Empty on a
    /// healthy ICU.
    public static var icuProblems: [ICUError] { ICUProblems.all }
}
