/// Romanisation of the scripts that ICU has no transform to Latin for: Tibetan, Khmer,
/// Lao, Sinhala and Cherokee.
///
/// ICU's Any-Latin leaves them as they are, and the final fold then wrote each letter as
/// its code point ("ການາດາ" keyed as "ue81ueb2…"): a name matched only when spelled
/// exactly as the dictionary spells it, and one letter written otherwise was four or more
/// edits away. Romanised, two spellings of a name are as near as they sound
/// ("ການາດາ" kanada, "ແຄນາດາ" khaenada; the Tibetan "ཨཕ་ག་ནི་སྟཱན" aph ga ni stan and
/// "ཨཕ་གྷ་ནི་སཏཱན" aph gha ni stan), and a transcription of a foreign name comes near its
/// Latin spelling (កាណាដា kanada, Canada).
///
/// The systems are simplified phonetic readings, written from the scripts' letter names
/// in the Unicode Standard and the usual national romanisations (ALA-LC for Lao, Khmer and
/// Sinhala; Wylie for Tibetan, without its prefix rules; the Cherokee syllabary's standard
/// syllable values). They are for matching, not display: no tones, no vowel length.
enum ScriptRomanizer {
    /// Whether a name (its UTF-8 bytes) is written in a script romanised here, by the lead
    /// bytes of the blocks' code points, no string decoded: Tibetan E0 BC–BF, Lao E0 BA–BB,
    /// Sinhala E0 B6–B7, Khmer E1 9E–9F, Cherokee E1 8E–8F and EA AD–AE. The first byte
    /// that is not ASCII decides.
    static func coversUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.firstIndex(where: { $0 >= 0x80 }), start + 2 < bytes.count else { return false }
        let lead = bytes[start], second = bytes[start + 1], third = bytes[start + 2]
        switch lead {
        case 0xE0: return (0xBC...0xBF).contains(second) || (0xBA...0xBB).contains(second) || (0xB6...0xB7).contains(second)
        case 0xE1: return (0x9E...0x9F).contains(second) || (second == 0x8E && third >= 0xA0) || second == 0x8F
        case 0xEA: return (second == 0xAD && third >= 0xB0) || second == 0xAE
        default: return false
        }
    }

    /// `run` in Latin letters, or nil when its first letter is of none of these scripts.
    static func romanize(_ run: some Collection<Unicode.Scalar>) -> String? {
        // A letter decides; a run of Tibetan marks alone (a tsheg after a Latin word) is
        // Tibetan too, and reads as nothing.
        guard let first = run.first(where: { $0.properties.isAlphabetic || (0x0F00...0x0FFF).contains($0.value) }) else {
            return nil
        }
        switch first.value {
        case 0x0F00...0x0FFF: return tibetan(Array(run))
        case 0x1780...0x17FF, 0x19E0...0x19FF: return khmer(Array(run))
        case 0x0E80...0x0EFF: return lao(Array(run))
        case 0x0D80...0x0DFF, 0x111E0...0x111FF: return sinhala(Array(run))
        case 0x13A0...0x13FF, 0xAB70...0xABBF: return cherokee(run)
        default: return nil
        }
    }

    // MARK: Cherokee

    /// The syllables of U+13A0…U+13F5 in order (v is the nasal vowel ə̃, written "a").
    private static let cherokeeSyllables: [String] = {
        let groups: [[String]] = [
            ["a", "e", "i", "o", "u", "a"],
            ["ga", "ka", "ge", "gi", "go", "gu", "ga"],
            ["ha", "he", "hi", "ho", "hu", "ha"],
            ["la", "le", "li", "lo", "lu", "la"],
            ["ma", "me", "mi", "mo", "mu"],
            ["na", "hna", "nah", "ne", "ni", "no", "nu", "na"],
            ["kwa", "kwe", "kwi", "kwo", "kwu", "kwa"],
            ["sa", "s", "se", "si", "so", "su", "sa"],
            ["da", "ta", "de", "te", "di", "ti", "do", "du", "da"],
            ["dla", "tla", "tle", "tli", "tlo", "tlu", "tla"],
            ["tsa", "tse", "tsi", "tso", "tsu", "tsa"],
            ["wa", "we", "wi", "wo", "wu", "wa"],
            ["ya", "ye", "yi", "yo", "yu", "ya"],
            ["ma"],
        ]
        return groups.flatMap { $0 }
    }()

    private static func cherokee(_ run: some Collection<Unicode.Scalar>) -> String {
        var output = ""
        for scalar in run {
            var value = scalar.value
            // The lowercase letters (U+AB70…, U+13F8…) read as their capitals.
            if (0xAB70...0xABBF).contains(value) { value = value - 0xAB70 + 0x13A0 }
            if (0x13F8...0x13FD).contains(value) { value = value - 0x13F8 + 0x13F0 }
            if (0x13A0...0x13F5).contains(value) {
                output += cherokeeSyllables[Int(value - 0x13A0)]
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    // MARK: Lao

    private static let laoConsonants: [UInt32: String] = [
        0x0E81: "k", 0x0E82: "kh", 0x0E84: "kh", 0x0E86: "kh", 0x0E87: "ng", 0x0E88: "ch", 0x0E89: "ch", 0x0E8A: "s",
        0x0E8C: "ch", 0x0E8D: "ny", 0x0E8E: "d", 0x0E8F: "t", 0x0E90: "th", 0x0E91: "th", 0x0E92: "th", 0x0E93: "n",
        0x0E94: "d", 0x0E95: "t", 0x0E96: "th", 0x0E97: "th", 0x0E98: "th", 0x0E99: "n", 0x0E9A: "b", 0x0E9B: "p",
        0x0E9C: "ph", 0x0E9D: "f", 0x0E9E: "ph", 0x0E9F: "f", 0x0EA0: "ph", 0x0EA1: "m", 0x0EA2: "y", 0x0EA3: "r",
        0x0EA5: "l", 0x0EA7: "v", 0x0EA8: "s", 0x0EA9: "s", 0x0EAA: "s", 0x0EAB: "h", 0x0EAC: "l", 0x0EAE: "h",
        0x0EDC: "n", 0x0EDD: "m", 0x0EDE: "k", 0x0EDF: "ny",
    ]
    private static let laoVowels: [UInt32: String] = [
        0x0EB0: "a", 0x0EB1: "a", 0x0EB2: "a", 0x0EB3: "am", 0x0EB4: "i", 0x0EB5: "i", 0x0EB6: "ue", 0x0EB7: "ue",
        0x0EB8: "u", 0x0EB9: "u", 0x0EBB: "o", 0x0EBC: "l", 0x0EBD: "ia", 0x0ECD: "o",
    ]
    /// Vowels written before the consonant they follow in speech.
    private static let laoLeadingVowels: [UInt32: String] = [0x0EC0: "e", 0x0EC1: "ae", 0x0EC2: "o", 0x0EC3: "ai", 0x0EC4: "ai"]
    /// Consonants that a silent ຫ before them marks for tone only (ຫລ is l).
    private static let laoSonorants: Set<UInt32> = [0x0E87, 0x0E8D, 0x0E99, 0x0EA1, 0x0EA5, 0x0EA7, 0x0EA3]

    private static func lao(_ scalars: [Unicode.Scalar]) -> String {
        var output = ""
        var pending: String?  // a leading vowel, written after the next consonant
        var afterConsonant = false
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            if let vowel = laoLeadingVowels[value] {
                if let pending { output += pending }
                pending = vowel
                afterConsonant = false
            } else if value == 0x0EAB, index + 1 < scalars.count, laoSonorants.contains(scalars[index + 1].value) {
                continue  // the tone-marking ຫ
            } else if value == 0x0EAD {
                // ອ: the silent carrier of a vowel at a syllable's start, "o" after a consonant.
                if let vowel = pending {
                    output += vowel
                    pending = nil
                } else if afterConsonant {
                    output += "o"
                }
                afterConsonant = false
            } else if let consonant = laoConsonants[value] {
                // ຍ and ວ after a vowel close it: y and o ("ກຸຍບາ" kuyba, "ກົວ" koo), not ny and v.
                let closing = !afterConsonant && pending == nil && !output.isEmpty
                output += closing && value == 0x0E8D ? "y" : closing && value == 0x0EA7 ? "o" : consonant
                if let vowel = pending {
                    output += vowel
                    pending = nil
                    afterConsonant = false
                } else {
                    // A consonant after a vowel ends its syllable: a ອ after it starts the
                    // next ("ລັດອາ" ladaa), one after a syllable's first consonant is "o".
                    afterConsonant = !closing
                }
            } else if let vowel = laoVowels[value] {
                output += vowel
                afterConsonant = false
            } else if (0x0EC8...0x0ECC).contains(value) || value == 0x0EC6 || value == 0x0EBA {
                continue  // tone marks, the repetition and cancellation signs
            } else {
                if let vowel = pending { output += vowel; pending = nil }
                output.unicodeScalars.append(scalar)
                afterConsonant = false
            }
        }
        if let pending { output += pending }
        return output
    }

    // MARK: Khmer

    private static let khmerConsonants: [String] = [
        "k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t",
        "th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "s", "s", "s", "h", "l", "",
    ]  // U+1780…U+17A2 (អ, the last, carries a vowel)
    private static let khmerIndependentVowels: [String] = [
        "a", "aa", "i", "i", "u", "uk", "u", "ov", "ry", "ry", "ly", "ly", "ae", "ai", "ao", "ao", "au",
    ]  // U+17A3…U+17B3
    private static let khmerVowels: [String] = [
        "a", "i", "i", "e", "e", "o", "u", "uo", "ae", "oea", "ie", "e", "ae", "ai", "ao", "au",
    ]  // U+17B6…U+17C5

    private static func khmer(_ scalars: [Unicode.Scalar]) -> String {
        var output = ""
        var index = 0
        while index < scalars.count {
            let value = scalars[index].value
            switch value {
            case 0x17A0:
                // ហ with a subscript writes a sound Khmer has no letter for: ហ្វ f, ហ្ក and
                // ហ្គ g, ហ្ស z (a register sign may stand between).
                var next = index + 1
                while next < scalars.count, scalars[next].value == 0x17C9 || scalars[next].value == 0x17CA { next += 1 }
                if next + 1 < scalars.count, scalars[next].value == 0x17D2 {
                    switch scalars[next + 1].value {
                    case 0x179C: output += "f"
                    case 0x1780, 0x1782: output += "g"
                    case 0x179F: output += "z"
                    default: output += khmerLetter(scalars[next + 1].value)
                    }
                    index = next + 2
                    continue
                }
                output += "h"
            case 0x1780...0x17A2:
                output += khmerConsonants[Int(value - 0x1780)]
                // The inherent vowel, where the spelling shows one: អ with no vowel sign
                // ("អង់" ang), and a consonant before a final that ់ shortens ("សង់" sang).
                let next = index + 1 < scalars.count ? scalars[index + 1].value : 0
                let afterNext = index + 2 < scalars.count ? scalars[index + 2].value : 0
                if (0x1780...0x17A2).contains(next) && (afterNext == 0x17CB || value == 0x17A2) {
                    output += "a"
                }
            case 0x17A3...0x17B3: output += khmerIndependentVowels[Int(value - 0x17A3)]
            case 0x17B6...0x17C5: output += khmerVowels[Int(value - 0x17B6)]
            case 0x17C6: output += "m"
            case 0x17C7: output += "h"
            case 0x17CC: output += "r"
            case 0x17C8...0x17D3, 0x17DD, 0x17B4, 0x17B5: break  // signs, the subscript mark
            case 0x17D4...0x17DC: output += " "  // punctuation
            default: output.unicodeScalars.append(scalars[index])
            }
            index += 1
        }
        return output
    }

    private static func khmerLetter(_ value: UInt32) -> String {
        (0x1780...0x17A2).contains(value) ? khmerConsonants[Int(value - 0x1780)] : ""
    }

    // MARK: Tibetan

    /// U+0F40…U+0F6C; the subjoined letters U+0F90…U+0FBC are these less 0x50.
    private static let tibetanLetters: [String] = [
        "k", "kh", "g", "gh", "ng", "c", "ch", "j", "", "ny", "t", "th", "d", "dh", "n", "t",
        "th", "d", "dh", "n", "p", "ph", "b", "bh", "m", "ts", "tsh", "dz", "dzh", "w", "zh", "z",
        "", "y", "r", "l", "sh", "sh", "s", "h", "", "ksh", "r", "k", "r",
    ]

    private static func tibetanConsonant(_ value: UInt32) -> String? {
        switch value {
        case 0x0F40...0x0F6C: return tibetanLetters[Int(value - 0x0F40)]
        case 0x0F90...0x0FBC:
            switch value {
            case 0x0FBA: return "w"
            case 0x0FBB: return "y"
            case 0x0FBC: return "r"
            default: return tibetanLetters[Int(value - 0x0F90)]
            }
        default: return nil
        }
    }

    private static func tibetanVowel(_ value: UInt32) -> String? {
        switch value {
        case 0x0F71: return "a"
        case 0x0F72, 0x0F73, 0x0F80, 0x0F81: return "i"
        case 0x0F74, 0x0F75: return "u"
        case 0x0F76, 0x0F77: return "ri"
        case 0x0F78, 0x0F79: return "li"
        case 0x0F7A: return "e"
        case 0x0F7B: return "ai"
        case 0x0F7C: return "o"
        case 0x0F7D: return "au"
        default: return nil
        }
    }

    /// Syllable by syllable (the tsheg ་ and the shad ། are token boundaries before this,
    /// so a run is mostly one syllable; both end one here too): consonant stacks, the one
    /// with a vowel sign reading it and, when none has, the first reading "a"; the others
    /// are a cluster before it or final after it.
    private static func tibetan(_ scalars: [Unicode.Scalar]) -> String {
        var output = ""
        var syllable: [(consonants: String, vowel: String?, killed: Bool)] = []

        func flushSyllable() {
            guard !syllable.isEmpty else { return }
            let carrier = syllable.firstIndex { $0.vowel != nil && !$0.killed }
            for (position, stack) in syllable.enumerated() {
                output += stack.consonants
                if position == carrier {
                    output += stack.vowel ?? ""
                } else if carrier == nil && position == 0 && !stack.killed {
                    output += "a"
                } else if position == 0 && stack.consonants.isEmpty {
                    output += "a"  // ཨ or འ before the stack with the vowel: "ཨསྟྲེ" astre
                }
            }
            syllable.removeAll()
        }

        for scalar in scalars {
            let value = scalar.value
            if (0x0F40...0x0F6C).contains(value), let consonant = tibetanConsonant(value) {
                syllable.append((consonant, nil, false))
            } else if (0x0F90...0x0FBC).contains(value), let consonant = tibetanConsonant(value) {
                if syllable.isEmpty { syllable.append(("", nil, false)) }
                syllable[syllable.count - 1].consonants += consonant
            } else if let vowel = tibetanVowel(value) {
                if syllable.isEmpty { syllable.append(("", nil, false)) }
                let previous = syllable[syllable.count - 1].vowel
                // ཱ with ི or ུ is one long vowel; ཱ alone is "a".
                syllable[syllable.count - 1].vowel = previous == "a" || previous == nil ? vowel : (previous ?? "") + vowel
            } else if value == 0x0F7E || value == 0x0F82 || value == 0x0F83 {
                if syllable.isEmpty { syllable.append(("", nil, false)) }
                if syllable[syllable.count - 1].vowel == nil { syllable[syllable.count - 1].vowel = "a" }
                syllable[syllable.count - 1].vowel! += "m"
            } else if value == 0x0F7F {
                if !syllable.isEmpty { syllable[syllable.count - 1].consonants += "h" }
            } else if value == 0x0F84 {
                if !syllable.isEmpty { syllable[syllable.count - 1].killed = true }
            } else if value == 0x0F0B || value == 0x0F0C {
                flushSyllable()  // tsheg: the next syllable
            } else if (0x0F0D...0x0F14).contains(value) {
                flushSyllable()
                output += " "  // shad and other phrase marks
            } else if (0x0F35...0x0F39).contains(value) || (0x0F86...0x0F87).contains(value) {
                continue  // marks of emphasis and cantillation
            } else {
                flushSyllable()
                output.unicodeScalars.append(scalar)
            }
        }
        flushSyllable()
        return output
    }

    // MARK: Sinhala

    private static let sinhalaConsonants: [UInt32: String] = [
        0x0D9A: "k", 0x0D9B: "kh", 0x0D9C: "g", 0x0D9D: "gh", 0x0D9E: "ng", 0x0D9F: "ng", 0x0DA0: "ch", 0x0DA1: "chh",
        0x0DA2: "j", 0x0DA3: "jh", 0x0DA4: "ny", 0x0DA5: "gn", 0x0DA6: "nj", 0x0DA7: "t", 0x0DA8: "th", 0x0DA9: "d",
        0x0DAA: "dh", 0x0DAB: "n", 0x0DAC: "nd", 0x0DAD: "t", 0x0DAE: "th", 0x0DAF: "d", 0x0DB0: "dh", 0x0DB1: "n",
        0x0DB3: "nd", 0x0DB4: "p", 0x0DB5: "ph", 0x0DB6: "b", 0x0DB7: "bh", 0x0DB8: "m", 0x0DB9: "mb", 0x0DBA: "y",
        0x0DBB: "r", 0x0DBD: "l", 0x0DC0: "v", 0x0DC1: "sh", 0x0DC2: "sh", 0x0DC3: "s", 0x0DC4: "h", 0x0DC5: "l",
        0x0DC6: "f",
    ]
    private static let sinhalaIndependentVowels: [UInt32: String] = [
        0x0D85: "a", 0x0D86: "a", 0x0D87: "ae", 0x0D88: "ae", 0x0D89: "i", 0x0D8A: "i", 0x0D8B: "u", 0x0D8C: "u",
        0x0D8D: "ri", 0x0D8E: "ri", 0x0D8F: "li", 0x0D90: "li", 0x0D91: "e", 0x0D92: "e", 0x0D93: "ai", 0x0D94: "o",
        0x0D95: "o", 0x0D96: "au",
    ]
    private static let sinhalaVowelSigns: [UInt32: String] = [
        0x0DCF: "a", 0x0DD0: "ae", 0x0DD1: "ae", 0x0DD2: "i", 0x0DD3: "i", 0x0DD4: "u", 0x0DD6: "u", 0x0DD8: "ru",
        0x0DD9: "e", 0x0DDA: "e", 0x0DDB: "ai", 0x0DDC: "o", 0x0DDD: "o", 0x0DDE: "au", 0x0DDF: "lu", 0x0DF2: "ru",
        0x0DF3: "lu",
    ]

    /// An abugida: a consonant reads "a" unless a vowel sign or the al-lakuna (්) follows.
    private static func sinhala(_ scalars: [Unicode.Scalar]) -> String {
        var output = ""
        var vowelOwed = false
        for scalar in scalars {
            let value = scalar.value
            if value == 0x200D || value == 0x200C { continue }  // joiners shape, they do not read
            if let vowel = sinhalaVowelSigns[value] {
                output += vowel
                vowelOwed = false
                continue
            }
            if value == 0x0DCA {
                vowelOwed = false
                continue
            }
            if vowelOwed { output += "a"; vowelOwed = false }
            if let consonant = sinhalaConsonants[value] {
                output += consonant
                vowelOwed = true
            } else if let vowel = sinhalaIndependentVowels[value] {
                output += vowel
            } else if value == 0x0D82 {
                output += "m"
            } else if value == 0x0D83 {
                output += "h"
            } else if value == 0x0D81 {
                output += "n"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        if vowelOwed { output += "a" }
        return output
    }
}
