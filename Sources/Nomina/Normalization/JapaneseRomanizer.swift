import Foundation

/// Romanises Japanese names into Hepburn for the romaji stage, in the ways people write them.
///
/// ICU reads kana only, and kanji as Chinese: 南アフリカ comes out as "nan afurika", and a
/// Japanese reader writes "Minami Afurika". This reads kana by rule and kanji from a listed
/// table of words and characters (`japanese-readings.tsv`), and gives every reading a name
/// is commonly written in:
/// - Hepburn ("Anteigua" aside: ティ is "ti", シェ "she", ヴァ "va", ー a repeated vowel);
/// - small kana read as full ones (ティ "tei", シェ "shie", キャ "kiya"), as naive
///   romanisers write them;
/// - each listed other reading of a kanji in place of its first one (米 "bei" or "kome"),
///   and every kanji in its second reading at once (kakasi's "Kome Ryō Vājin Sho Shima").
///
/// The results are lowercase a–z only (no spaces), for ``ResolverIndex/romajiSkeleton(_:)``.
/// A name with a kanji that the table does not list, with any letter that is neither
/// kana nor kanji, or longer than ``maximumNameScalars``, gives none.
struct JapaneseRomanizer: Sendable {
    /// Kanji word → readings, the first one most common.
    let readings: [String: [String]]
    /// The longest word of the table, in characters.
    let longestWord: Int

    /// At most this many readings of one name (a name has few kanji; this bounds a hostile one).
    static let maximumReadings = 32
    /// The longest name read, in scalars ("中華人民共和国マカオ特別行政区" has 15).
    static let maximumNameScalars = 64

    init(readings: [String: [String]]) {
        self.readings = readings
        longestWord = readings.keys.map(\.count).max() ?? 0
    }

    /// The bundled table, or an empty one when the resource is missing.
    static let bundled: JapaneseRomanizer = {
        guard let url = Bundle.module.url(forResource: "japanese-readings", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return JapaneseRomanizer(readings: [:]) }
        return JapaneseRomanizer(table: text)
    }()

    /// Parses the table: `kanji<TAB>reading reading…`, `#` comments.
    init(table: String) {
        var readings: [String: [String]] = [:]
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }
            let words = fields[1].split(separator: " ").map(String.init).filter { word in
                !word.isEmpty && word.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
            }
            if !words.isEmpty { readings[String(fields[0]), default: []] += words }
        }
        self.init(readings: readings)
    }

    /// The readings of `name`, each lowercase a–z; empty when some letter cannot be read.
    func romanizations(of name: String) -> [String] {
        // Names are short; a long one is not a name to read (and each reading costs its length).
        guard name.unicodeScalars.count <= Self.maximumNameScalars else { return [] }
        // Split into pieces: a kana run read by rule, or a kanji word with its readings.
        enum Piece { case kana([Unicode.Scalar]), kanji([String]) }
        var pieces: [Piece] = []
        var kana: [Unicode.Scalar] = []
        let characters = Array(name)
        var position = 0
        func flushKana() {
            if !kana.isEmpty { pieces.append(.kana(kana)); kana = [] }
        }
        while position < characters.count {
            let character = characters[position]
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first, Self.kanaSyllables[Self.katakana(scalar)] != nil
                || Self.isKanaMark(Self.katakana(scalar)) {
                kana.append(Self.katakana(scalar))
                position += 1
                continue
            }
            if Self.separators.contains(character) {
                flushKana()
                position += 1
                continue
            }
            // The longest listed word here.
            var matched = false
            var length = min(longestWord, characters.count - position)
            while length >= 1 {
                let word = String(characters[position..<position + length])
                if let listed = readings[word] {
                    flushKana()
                    pieces.append(.kanji(listed))
                    position += length
                    matched = true
                    break
                }
                length -= 1
            }
            if !matched { return [] }
        }
        flushKana()
        guard !pieces.isEmpty else { return [] }

        // The kana runs in both conventions; the kanji with their first readings, then with
        // one other reading at a time.
        var results: [String] = []
        var seen: Set<String> = []
        func emit(_ text: String) {
            if text.count >= 2, results.count < Self.maximumReadings, seen.insert(text).inserted { results.append(text) }
        }
        for naive in [false, true] {
            let kanaTexts = pieces.map { piece -> String in
                if case .kana(let run) = piece { return Self.romanize(run, naive: naive) }
                return ""
            }
            func text(replacing replaced: Int?, with reading: String?, second: Bool = false) -> String {
                var out = ""
                for (index, piece) in pieces.enumerated() {
                    switch piece {
                    case .kana: out += kanaTexts[index]
                    case .kanji(let listed):
                        out += index == replaced ? (reading ?? listed[0]) : second && listed.count > 1 ? listed[1] : listed[0]
                    }
                }
                return out
            }
            emit(text(replacing: nil, with: nil))
            emit(text(replacing: nil, with: nil, second: true))
            for (index, piece) in pieces.enumerated() {
                guard case .kanji(let listed) = piece else { continue }
                for other in listed.dropFirst() { emit(text(replacing: index, with: other)) }
            }
        }
        return results
    }

    /// Separators inside Japanese names: the middle dot, brackets, spaces and hyphens.
    static let separators: Set<Character> = ["・", "･", "＝", "=", "(", ")", "（", "）", " ", "　", "-", "‐", "、"]

    /// Hiragana as katakana (the two blocks are parallel).
    static func katakana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x3041...0x3096).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x60)! : scalar
    }

    static func isKanaMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "ー" || scalar == "ッ" || smallVowels[scalar] != nil || smallGlides[scalar] != nil
    }

    static let smallVowels: [Unicode.Scalar: String] = ["ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"]
    static let smallGlides: [Unicode.Scalar: String] = ["ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa"]

    /// Katakana → Hepburn.
    static let kanaSyllables: [Unicode.Scalar: String] = {
        let rows: [(String, [String])] = [
            ("アイウエオ", ["a", "i", "u", "e", "o"]),
            ("カキクケコ", ["ka", "ki", "ku", "ke", "ko"]), ("ガギグゲゴ", ["ga", "gi", "gu", "ge", "go"]),
            ("サシスセソ", ["sa", "shi", "su", "se", "so"]), ("ザジズゼゾ", ["za", "ji", "zu", "ze", "zo"]),
            ("タチツテト", ["ta", "chi", "tsu", "te", "to"]), ("ダヂヅデド", ["da", "ji", "zu", "de", "do"]),
            ("ナニヌネノ", ["na", "ni", "nu", "ne", "no"]),
            ("ハヒフヘホ", ["ha", "hi", "fu", "he", "ho"]), ("バビブベボ", ["ba", "bi", "bu", "be", "bo"]),
            ("パピプペポ", ["pa", "pi", "pu", "pe", "po"]),
            ("マミムメモ", ["ma", "mi", "mu", "me", "mo"]),
            ("ヤユヨ", ["ya", "yu", "yo"]),
            ("ラリルレロ", ["ra", "ri", "ru", "re", "ro"]),
            ("ワヰヱヲ", ["wa", "i", "e", "o"]),
            ("ンヴヵヶ", ["n", "vu", "ka", "ke"]),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (kana, syllables) in rows {
            for (scalar, syllable) in zip(kana.unicodeScalars, syllables) { table[scalar] = syllable }
        }
        return table
    }()

    /// A kana run (katakana) in Hepburn, or with small kana read as full ones (`naive`).
    static func romanize(_ run: [Unicode.Scalar], naive: Bool) -> String {
        var out = ""
        var doubleNext = false
        var index = 0
        while index < run.count {
            let scalar = run[index]
            index += 1
            if scalar == "ッ" { doubleNext = true; continue }
            if scalar == "ー" {
                if let vowel = out.last(where: { "aeiou".contains($0) }) { out.append(vowel) }
                continue
            }
            var syllable: String
            if let base = kanaSyllables[scalar] {
                syllable = base
            } else if let vowel = smallVowels[scalar] {
                syllable = vowel
            } else if let glide = smallGlides[scalar] {
                syllable = glide
            } else {
                continue
            }
            // A small kana after a syllable joins it (Hepburn) or is read as a full one.
            if !naive, index < run.count, kanaSyllables[scalar] != nil, scalar != "ン" {
                let next = run[index]
                if let glide = smallGlides[next], syllable.hasSuffix("i"), syllable.count >= 2 {
                    let stem = syllable.dropLast()
                    // シャ sha, チュ chu, ジョ jo; キャ kya.
                    syllable = (stem.hasSuffix("sh") || stem.hasSuffix("ch") || stem.hasSuffix("j"))
                        ? String(stem) + glide.dropFirst() : String(stem) + glide
                    index += 1
                } else if let vowel = smallVowels[next] {
                    // ティ ti, シェ she, ファ fa, ヴィ vi, ウィ wi, ツァ tsa.
                    let stem = scalar == "ウ" ? "w" : String(syllable.dropLast())
                    syllable = stem + vowel
                    index += 1
                }
            }
            if doubleNext {
                doubleNext = false
                if syllable.hasPrefix("ch") { syllable = "t" + syllable } else if let first = syllable.first,
                    !"aeiou".contains(first) { syllable = String(first) + syllable }
            }
            out += syllable
        }
        return out
    }
}
