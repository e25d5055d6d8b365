import CICU

/// A Unicode script (ICU's `UScriptCode`), named by its ISO 15924 code.
///
/// ```swift
/// Script.of("Б")            // .cyrillic
/// Script.cyrillic.code      // "Cyrl"
/// Script.scripts(in: "Аrmenia")  // [.latin, .cyrillic]
/// ```
public struct Script: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// ICU's `UScriptCode` value.
    public let rawValue: Int32

    /// Wraps an ICU `UScriptCode`.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The script with this ISO 15924 code or Unicode name ("Cyrl", "Cyrillic"), if ICU knows it.
    public init?(code: String) {
        let value = nomina_uscript_code_for_name(code)
        guard value >= 0 else { return nil }
        self.rawValue = value
    }

    /// The ISO 15924 code, e.g. "Latn", "Cyrl", "Hani" ("Zyyy" for Common).
    public var code: String {
        nomina_uscript_short_name(rawValue).map { String(cString: $0) } ?? "Zzzz"
    }

    /// The Unicode name, e.g. "Latin", "Cyrillic", "Han".
    public var name: String {
        nomina_uscript_name(rawValue).map { String(cString: $0) } ?? "Unknown"
    }

    /// The ISO 15924 code, as ``code``.
    public var description: String { code }

    /// Orders scripts by their ICU `UScriptCode` values, not by name.
    public static func < (lhs: Script, rhs: Script) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Common and Inherited: characters shared by many scripts (digits, punctuation,
    /// combining marks), which take the script of the text around them.
    public var isShared: Bool { rawValue == 0 || rawValue == 1 }

    /// The script of one code point (ICU's `uscript_getScript`).
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        var status: Int32 = 0
        let value = nomina_uscript_get_script(Int32(bitPattern: scalar.value), &status)
        return Script(rawValue: ICUStatus.isFailure(status) ? 103 /* USCRIPT_UNKNOWN */ : value)
    }

    /// The distinct non-shared scripts of `text`, in order of first appearance.
    public static func scripts(in text: String) -> [Script] {
        var seen: [Script] = []
        for scalar in text.unicodeScalars where scalar.value >= 0x80 || scalar.properties.isAlphabetic {
            let script = scalar.isASCII ? .latin : of(scalar)
            if !script.isShared, !seen.contains(script) { seen.append(script) }
        }
        return seen
    }

    // ISO 15924 codes resolved through ICU, so the raw numbers live in ICU only.
    /// Common (`Zyyy`): digits, punctuation and symbols that many scripts share.
    public static let common = Script(code: "Zyyy")!
    /// Inherited (`Zinh`): combining marks, which take the script of the letter they follow.
    public static let inherited = Script(code: "Zinh")!
    /// Latin (`Latn`).
    public static let latin = Script(code: "Latn")!
    /// Cyrillic (`Cyrl`).
    public static let cyrillic = Script(code: "Cyrl")!
    /// Greek (`Grek`).
    public static let greek = Script(code: "Grek")!
    /// Armenian (`Armn`).
    public static let armenian = Script(code: "Armn")!
    /// Georgian (`Geor`).
    public static let georgian = Script(code: "Geor")!
    /// Arabic (`Arab`).
    public static let arabic = Script(code: "Arab")!
    /// Hebrew (`Hebr`).
    public static let hebrew = Script(code: "Hebr")!
    /// Syriac (`Syrc`).
    public static let syriac = Script(code: "Syrc")!
    /// Thaana (`Thaa`), the script of Dhivehi.
    public static let thaana = Script(code: "Thaa")!
    /// Devanagari (`Deva`).
    public static let devanagari = Script(code: "Deva")!
    /// Bengali (`Beng`).
    public static let bengali = Script(code: "Beng")!
    /// Gurmukhi (`Guru`).
    public static let gurmukhi = Script(code: "Guru")!
    /// Gujarati (`Gujr`).
    public static let gujarati = Script(code: "Gujr")!
    /// Oriya, or Odia (`Orya`).
    public static let oriya = Script(code: "Orya")!
    /// Tamil (`Taml`).
    public static let tamil = Script(code: "Taml")!
    /// Telugu (`Telu`).
    public static let telugu = Script(code: "Telu")!
    /// Kannada (`Knda`).
    public static let kannada = Script(code: "Knda")!
    /// Malayalam (`Mlym`).
    public static let malayalam = Script(code: "Mlym")!
    /// Sinhala (`Sinh`).
    public static let sinhala = Script(code: "Sinh")!
    /// Thai (`Thai`).
    public static let thai = Script(code: "Thai")!
    /// Lao (`Laoo`).
    public static let lao = Script(code: "Laoo")!
    /// Myanmar, or Burmese (`Mymr`).
    public static let myanmar = Script(code: "Mymr")!
    /// Khmer (`Khmr`).
    public static let khmer = Script(code: "Khmr")!
    /// Tibetan (`Tibt`).
    public static let tibetan = Script(code: "Tibt")!
    /// Ethiopic (`Ethi`).
    public static let ethiopic = Script(code: "Ethi")!
    /// Hangul (`Hang`), Korean.
    public static let hangul = Script(code: "Hang")!
    /// Hiragana (`Hira`), Japanese.
    public static let hiragana = Script(code: "Hira")!
    /// Katakana (`Kana`), Japanese.
    public static let katakana = Script(code: "Kana")!
    /// Han (`Hani`): Chinese characters, Japanese kanji, Korean hanja.
    public static let han = Script(code: "Hani")!
    /// Mongolian (`Mong`).
    public static let mongolian = Script(code: "Mong")!
    /// Unknown (`Zzzz`): unassigned code points, and what ICU cannot place.
    public static let unknown = Script(code: "Zzzz")!

    /// Decodes a script from its ISO 15924 code or Unicode name (`"Cyrl"`, `"Cyrillic"`).
    ///
    /// - Throws: `DecodingError.dataCorrupted` when ICU knows no such script.
    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let script = Script(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown ISO 15924 script code \"\(code)\""))
        }
        self = script
    }

    /// Encodes the script as its ISO 15924 code (`"Cyrl"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
