import CICU

/// Locale data from ICU's copy of CLDR: available locales, ISO 3166 region codes,
/// localised country names, and BCP 47 language tag checks.
///
/// ```swift
/// LocaleData.countryName("AZ", in: "ru")   // "Азербайджан"
/// LocaleData.isWellFormedLanguageTag("zh-Hant")   // true
/// ```
@_spi(Internals) public enum LocaleData {
    /// The IDs of every locale ICU has data for ("de", "de_CH", "zh_Hant_TW", ...).
    public static var availableLocales: [String] {
        (0..<nomina_uloc_count_available()).compactMap { index in
            nomina_uloc_get_available(index).map { cString($0) }
        }
    }

    /// The ISO 3166-1 alpha-2 codes ICU knows, in ICU's order.
    public static var regionCodes: [String] {
        guard let list = nomina_uloc_iso_countries() else { return [] }
        var codes: [String] = []
        var index = 0
        while let code = list[index] {
            codes.append(cString(code))
            index += 1
        }
        return codes
    }

    /// The name of region `code` (ISO 3166-1 alpha-2) in `locale`, or nil when the
    /// locale has no name of its own for it (ICU would fall back to another language
    /// or to the code).
    public static func countryName(_ code: String, in locale: String) -> String? {
        var status: Int32 = 0
        let name: String? = try? icuUTF16Result(operation: "display country", initialCapacity: 64) { buffer, capacity, s in
            let n = nomina_uloc_display_country("und_" + code, locale, buffer, capacity, &s)
            status = s
            return n
        }
        // U_USING_DEFAULT_WARNING (-127): the root locale's data (usually the code itself).
        guard let name, !name.isEmpty, status != -127, name != code else { return nil }
        return name
    }

    /// The ISO 3166-1 alpha-3 code of an alpha-2 code ("AZ" → "AZE"), or nil.
    public static func alpha3(_ alpha2: String) -> String? {
        guard let code = nomina_uloc_iso3_country("und_" + alpha2) else { return nil }
        let text = cString(code)
        return text.isEmpty ? nil : text
    }

    /// Which alternative form of a country name to read from ICU's region data.
    public enum AlternativeName: String, Sendable, CaseIterable {
        /// A shorter form ("US", "UK", "Hong Kong").
        case short = "Countries%short"
        /// A variant in common use ("Ivory Coast", "Czech Republic", "Turkey", "Burma").
        case variant = "Countries%variant"
    }

    /// An alternative name of region `code` in `locale` itself (not inherited), or nil.
    public static func countryName(_ code: String, in locale: String, alternative: AlternativeName) -> String? {
        let name: String? = try? icuUTF16Result(operation: "alternative country name", initialCapacity: 64) { buffer, capacity, status in
            nomina_ures_country_alt(locale, alternative.rawValue, code, buffer, capacity, &status)
        }
        guard let name, !name.isEmpty else { return nil }
        return name
    }

    /// Whether `tag` is a well-formed BCP 47 language tag that ICU understands whole, with
    /// an ISO 639 language ("en", "zh-Hant", "sr-Latn-RS", "und"; not "english", "en_US"
    /// or a private-use tag alone).
    public static func isWellFormedLanguageTag(_ tag: String) -> Bool {
        guard !tag.isEmpty, tag.utf8.allSatisfy({ $0 < 0x80 }), !tag.contains("_") else { return false }
        var buffer = [CChar](repeating: 0, count: 158)
        var parsed: Int32 = 0
        var status: Int32 = 0
        let length = nomina_uloc_for_language_tag(tag, &buffer, Int32(buffer.count), &parsed, &status)
        guard !ICUStatus.isFailure(status), Int(parsed) == tag.utf8.count, length >= 0 else { return false }
        // The language subtag must be an ISO 639 code of 2–3 letters, or "und"
        // (undetermined), which ICU maps to the root locale.
        var language = [CChar](repeating: 0, count: 16)
        _ = nomina_uloc_get_language(buffer, &language, 16, &status)
        let code = cString(language)
        let lower = tag.lowercased()
        if code.isEmpty { return lower == "und" || lower.hasPrefix("und-") }
        return !ICUStatus.isFailure(status) && (2...3).contains(code.count)
    }

    /// The canonical BCP 47 form of a language tag ("zh-hant" → "zh-Hant"), or nil.
    public static func canonicalLanguageTag(_ tag: String) -> String? {
        guard isWellFormedLanguageTag(tag) else { return nil }
        var id = [CChar](repeating: 0, count: 158)
        var parsed: Int32 = 0
        var status: Int32 = 0
        _ = nomina_uloc_for_language_tag(tag, &id, Int32(id.count), &parsed, &status)
        var out = [CChar](repeating: 0, count: 158)
        status = 0
        _ = nomina_uloc_to_language_tag(id, &out, Int32(out.count), &status)
        return ICUStatus.isFailure(status) ? nil : cString(out)
    }

    private static func cString(_ pointer: UnsafePointer<CChar>) -> String {
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    private static func cString(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { cString($0.baseAddress!) }
    }
}
