/// Builds the multilingual country dictionary (`Dictionaries/countries.tsv`) from ICU's
/// CLDR data and the curated facts in `Curation/countries.yaml`.
///
/// - The curated file decides which entities exist (the 249 ISO 3166-1 entries), their
///   kind, canonical English name, and English official, short and historical names.
/// - ICU adds the alpha-2 and alpha-3 codes, and every localised name CLDR has for the
///   region in every available locale (`uloc_getDisplayCountry`), plus CLDR's short and
///   variant forms ("UK", "Ivory Coast"). Each distinct spelling is kept once, with the
///   language tag of the first locale (in sorted order) that gives it.
/// - Aliases whose key is shorter than 3 characters are marked exact-only.
///
/// The output is deterministic for a given ICU version and curated file, and its header
/// records both, so the file can be rebuilt and diffed: `nomina generate countries`.
package struct CountryDictionaryGenerator {
    package struct Output: Sendable {
        package let text: String
        package let entityCount: Int
        package let aliasCount: Int
    }

    package let curationFile: String
    package var normalizer = NameNormalizer.shared

    package init(curationFile: String) { self.curationFile = curationFile }

    package func generate() throws(GazetteerError) -> Output {
        let (curated, problems) = GazetteerLoader.parse(file: curationFile)
        let errors = (problems + StructureCheck.run(curated)).filter { $0.severity == .error }
        if !errors.isEmpty { throw GazetteerError(diagnostics: errors) }

        var alpha2ByAlpha3: [String: String] = [:]
        for code in LocaleData.regionCodes {
            if let alpha3 = LocaleData.alpha3(code) { alpha2ByAlpha3[alpha3] = code }
        }
        var missing: [Diagnostic] = []
        for entity in curated where alpha2ByAlpha3[entity.id] == nil {
            missing.append(Diagnostic(.error, .invalidID, at: entity.location,
                "\(entity.id) is not an ISO 3166-1 alpha-3 code that ICU \(ICUInfo.version) knows"))
        }
        if !missing.isEmpty { throw GazetteerError(diagnostics: missing) }

        // Locales in sorted order, so that base languages ("de") come before regional
        // ones ("de_AT") and the first language giving a spelling is stable.
        let locales = LocaleData.availableLocales.sorted()
        let spoof = try? SpoofChecker()
        // Rows per entity first, so that names two entities share can be noted below.
        struct Row {
            let alias: String, lang: String, type: String, exact: Bool
            var note: String?
            let generated: Bool
        }
        var rowsByEntity: [(entity: Entity, codeText: String, rows: [Row])] = []
        var owners: [String: [String]] = [:]  // key → ids whose names have it, in order
        func own(_ name: String, _ id: String) {
            let key = normalizer.key(name)
            if !key.isEmpty && owners[key]?.last != id { owners[key, default: []].append(id) }
        }
        var aliasCount = 0
        var skipped: [String] = []
        for entity in curated.sorted(by: { $0.id < $1.id }) {
            let alpha2 = alpha2ByAlpha3[entity.id]!
            var codes = entity.codes
            codes["alpha2"] = alpha2
            codes["alpha3"] = entity.id
            // Not an alias (中 alone must not match China in running text): a code.
            if let han = entity.hanAbbreviation { codes[BulkDictionaryParser.hanAbbreviationScheme] = han }
            let codeText = codes.keys.sorted().map { "\($0)=\(codes[$0]!)" }.joined(separator: ";")
            /// Short keys and common English words only ever match exactly.
            func mustBeExact(_ name: String) -> Bool {
                let key = normalizer.key(name)
                return key.utf8.count < 3 || (name.utf8.allSatisfy { $0 < 0x80 } && DictionaryValidator.commonWords.contains(key))
            }
            var seen: Set<String> = [entity.name]
            own(entity.name, entity.id)
            // The entity line, then curated aliases, then CLDR's names.
            var rows = [Row(alias: "", lang: "", type: "", exact: false, note: entity.note, generated: false)]
            for alias in entity.aliases where seen.insert(alias.name).inserted {
                let exact = alias.exactOnly || (alias.note == nil && mustBeExact(alias.name))
                rows.append(Row(alias: alias.name, lang: alias.language ?? "en", type: alias.type?.rawValue ?? "",
                                exact: exact, note: alias.note, generated: false))
                own(alias.name, entity.id)
                aliasCount += 1
            }
            // CLDR's names: each spelling once, in order of first appearance over the sorted
            // locales, with the most widely used language that gives it.
            var order: [String] = []
            var best: [String: (tag: String, rank: Int, type: String)] = [:]
            // Names the curated file refuses ("England", CLDR's Walloon name of the United
            // Kingdom, is the name of a part of it).
            let refused = Set(entity.negatives.map { normalizer.key($0.name) })
            for locale in locales {
                let tag = LocaleData.canonicalLanguageTag(locale.replacingOccurrences(of: "_", with: "-")) ?? ""
                guard !tag.isEmpty else { continue }
                let rank = Self.languageRank(tag)
                var names: [(String, String)] = []
                if let name = LocaleData.countryName(alpha2, in: locale) { names.append((name, "")) }
                if let short = LocaleData.countryName(alpha2, in: locale, alternative: .short) { names.append((short, "short")) }
                if let variant = LocaleData.countryName(alpha2, in: locale, alternative: .variant) { names.append((variant, "")) }
                for (name, type) in names where !seen.contains(name) {
                    if let known = best[name] {
                        if rank < known.rank { best[name] = (tag, rank, known.type) }
                        continue
                    }
                    let key = normalizer.key(name)
                    if key.isEmpty || refused.contains(key) { continue }
                    // CLDR has a few names that mix look-alike letters of two scripts
                    // (Kabyle with Greek ε); the validator rejects those, so leave them out.
                    if Script.scripts(in: name).count > 1, let spoof, let result = try? spoof.check(name), result & 0x10 != 0 {
                        skipped.append("\(entity.id) \(tag) \(name)")
                        seen.insert(name)
                        continue
                    }
                    best[name] = (tag, rank, type)
                    order.append(name)
                }
            }
            for name in order {
                let choice = best[name]!
                rows.append(Row(alias: name, lang: choice.tag, type: choice.type, exact: mustBeExact(name),
                                note: nil, generated: true))
                own(name, entity.id)
                aliasCount += 1
            }
            rowsByEntity.append((entity, codeText, rows))
        }

        // A CLDR name that normalises like a name of another entity ("Тога" of Togo and
        // "Tõga" of Tonga both give "toga") is left in: each is right in its language, and
        // the resolver calls the key ambiguous. The note says so, for readers and for
        // `nomina validate`, which takes two noted names as an explained collision.
        var lines: [String] = []
        for (entity, codeText, rows) in rowsByEntity {
            for var row in rows {
                if row.generated, row.note == nil {
                    let others = (owners[normalizer.key(row.alias)] ?? []).filter { $0 != entity.id }
                    if !others.isEmpty {
                        row.note = "normalises like a name of \(others.joined(separator: ", ")); ambiguous on its own"
                    }
                }
                lines.append([entity.id, entity.kind.rawValue, entity.name, row.alias, row.lang, row.type,
                              row.exact ? "1" : "", entity.parent ?? "", codeText, row.note ?? ""]
                    .map(Self.clean).joined(separator: "\t"))
            }
        }
        let header = [
            BulkDictionaryParser.header,
            "# Countries and territories: the 249 ISO 3166-1 entries with their names in every language",
            "# of ICU's CLDR data. Generated by `nomina generate countries` from \(Self.fileName(curationFile))",
            "# (curated: kinds, canonical and official English names) and ICU \(ICUInfo.version)",
            "# (Unicode \(ICUInfo.unicodeVersion)): uloc_getDisplayCountry over \(locales.count) locales, plus CLDR's",
            "# short and variant forms. Do not edit by hand; edit the curated file and regenerate.",
            "# lang: of the locales whose CLDR data gives a spelling, the most widely used language",
            "# (\(Self.majorLanguages.joined(separator: " ")), else the first in sorted order.",
            "# Left out, for mixing look-alike letters of two scripts (UTS #39): \(skipped.isEmpty ? "none" : skipped.joined(separator: "; ")).",
            "# " + BulkDictionaryParser.columns.joined(separator: "\t"),
        ]
        return Output(text: (header + lines).joined(separator: "\n") + "\n", entityCount: curated.count, aliasCount: aliasCount)
    }

    /// ``MajorLanguages/tags``, by which a spelling that several locales share is labelled.
    static var majorLanguages: [String] { MajorLanguages.tags }

    static func languageRank(_ tag: String) -> Int {
        let base = tag.split(separator: "-").first.map(String.init) ?? tag
        let rank = majorLanguages.firstIndex(of: base) ?? majorLanguages.count
        // The plain language before its regional and script variants.
        return rank * 2 + (base == tag ? 0 : 1)
    }

    /// Tabs and line breaks cannot appear inside a field.
    static func clean(_ field: String) -> String {
        field.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    static func fileName(_ path: String) -> String {
        // In a comment line: a line break or tab in the name would start a data line.
        String(path.split(separator: "/").suffix(2).joined(separator: "/").unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? "?" : Character(scalar)
        })
    }
}
