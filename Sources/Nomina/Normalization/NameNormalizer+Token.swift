/// The ICU stages for one raw token (a run of token characters between boundaries).
///
/// The cold path was profiled with callgrind (`Normalization/cold/cyrillic`): the
/// script of each scalar is looked up once, into `ScriptedScalars`, and reused by the
/// homoglyph and transliteration stages, because the standard library's Unicode
/// property lookups cost as much as a short ICU call.
extension NameNormalizer {
    /// What each stage made of one raw token, for ``NameNormalizer/explain(_:)``.
    final class TokenTrace {
        var cleaned = ""
        var punctuated = ""
        var homoglyphs = ""
        var transliterated = ""
        var folded = ""
    }

    /// Scalars of one piece of a token, each with its script.
    struct ScriptedScalars {
        var scalars: [Unicode.Scalar] = []
        var scripts: [Script] = []
        var isEmpty: Bool { scalars.isEmpty }
        var string: String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
    }

    func processToken(_ raw: String, trace: TokenTrace?) -> TokenResult {
        // Clean-up: NFKC_Casefold also drops default-ignorable code points.
        let cleaned = profile.caseFold ? ((try? UnicodeNormalizer.nfkcCasefold.normalize(raw)) ?? raw) : raw
        trace?.cleaned = cleaned

        // Punctuation: NFKC can produce new punctuation or spaces ("㈱" → "(株)").
        var pieces: [ScriptedScalars] = []
        var current = ScriptedScalars()
        var seen: [Script] = []
        for scalar in cleaned.unicodeScalars {
            switch classify(scalar) {
            case .token:
                let script: Script
                if scalar.isASCII {
                    let v = scalar.value | 0x20
                    script = v >= 0x61 && v <= 0x7A ? .latin : .common
                } else {
                    script = Script.of(scalar)
                }
                if !script.isShared, !seen.contains(script) { seen.append(script) }
                current.scalars.append(scalar)
                current.scripts.append(script)
            case .removed:
                continue
            default:
                if !current.isEmpty { pieces.append(current); current = ScriptedScalars() }
            }
        }
        if !current.isEmpty { pieces.append(current) }
        if trace != nil { trace?.punctuated = pieces.map(\.string).joined(separator: " ") }

        var tokens: [String] = []
        var homoglyphTrace: [String] = []
        var transliteratedTrace: [String] = []
        do {
            try workspaces.withResource { workspace in
                for var piece in pieces {
                    if profile.repairHomoglyphs { repairHomoglyphs(&piece, workspace: workspace) }
                    let latin = transliterateRuns(piece, workspace: workspace)
                    if trace != nil {
                        homoglyphTrace.append(piece.string)
                        transliteratedTrace.append(latin)
                    }
                    finalFold(latin, into: &tokens)
                }
            }
        } catch {
            // Only reachable if an ICU workspace cannot be made; fall back to the final
            // fold alone, which still yields a defined (code-point escaped) key.
            tokens.removeAll()
            for piece in pieces { finalFold(piece.string, into: &tokens) }
        }
        if let trace {
            trace.homoglyphs = homoglyphTrace.joined(separator: " ")
            trace.transliterated = transliteratedTrace.joined(separator: " ")
            trace.folded = tokens.joined(separator: " ")
        }
        return TokenResult(tokens: tokens, scripts: ScriptSet(seen))
    }

    /// In a piece that is mostly Latin, replaces letters of other scripts whose UTS #39
    /// skeleton is a single ASCII letter ("Аrmenia" with a Cyrillic А → "armenia").
    /// Pieces that are mostly of another script are left to transliteration, which
    /// reads a stray Latin letter correctly anyway ("Mосква" → "moskva").
    func repairHomoglyphs(_ piece: inout ScriptedScalars, workspace: ICUWorkspace) {
        var latin = 0
        var other = 0
        for script in piece.scripts where !script.isShared {
            if script == .latin { latin += 1 } else { other += 1 }
        }
        guard latin > 0, other > 0, latin >= other else { return }
        for index in piece.scalars.indices {
            let script = piece.scripts[index]
            guard !script.isShared, script != .latin,
                  let replacement = workspace.asciiSkeletonLetter(piece.scalars[index]) else { continue }
            piece.scalars[index] = profile.caseFold ? replacement.lowercased : replacement
            piece.scripts[index] = .latin
        }
    }

    /// Splits a piece into script runs (Common and Inherited characters join the run
    /// before them) and takes each run to Latin with its script's transform.
    func transliterateRuns(_ piece: ScriptedScalars, workspace: ICUWorkspace) -> String {
        var output = ""
        var runStart = 0
        var runScript = Script.common

        func flush(_ end: Int) {
            guard end > runStart else { return }
            let run = piece.scalars[runStart..<end]
            var view = String.UnicodeScalarView()
            if profile.transliterate, let letters = ScriptTransforms.extraLetters[runScript],
               run.contains(where: { letters[$0] != nil }) {
                // Letters of the script's other languages that ICU's transform leaves alone.
                // In those languages (Kurdish, Uyghur), ئ before a vowel letter is a silent
                // carrier: "ئەمریکا" is "emrika", not "yemrika".
                var previous: Unicode.Scalar = " "
                for scalar in run {
                    if let latin = letters[scalar] {
                        view.append(contentsOf: latin.unicodeScalars)
                    } else if scalar == "\u{0626}" && !previous.properties.isAlphabetic {
                        // dropped
                    } else {
                        view.append(scalar)
                    }
                    previous = scalar
                }
            } else {
                view.append(contentsOf: run)
            }
            let text = String(view)
            if runScript == .latin || runScript.isShared || !profile.transliterate {
                output += workspace.foldToASCII(text)
            } else if let latin = ScriptRomanizer.romanize(view) {
                // Tibetan, Khmer, Lao, Sinhala, Cherokee: no ICU transform.
                output += workspace.foldToASCII(latin)
            } else if runScript == .han, let syllables = hanReadings.read(run, workspace: workspace) {
                output += " " + syllables.joined(separator: " ") + " "
            } else {
                let ids = ScriptTransforms.latinTransforms(for: runScript, sample: run)
                let latin = workspace.toLatin(text, script: runScript, ids: ids)
                output += runScript == .han ? " \(latin) " : latin
            }
        }

        for index in piece.scalars.indices {
            let script = piece.scripts[index]
            if script.isShared || script == runScript { continue }
            if runScript.isShared {
                runScript = script
                continue
            }
            flush(index)
            runStart = index
            runScript = script
        }
        flush(piece.scalars.count)
        return output
    }

    /// The last stage: lowercase ASCII letters and digits make tokens; apostrophes and
    /// middle dots left by transforms are dropped; other ASCII is a boundary; non-ASCII decimal digits become ASCII digits; combining marks left
    /// over are dropped; any other letter that is still not ASCII is written as `u`
    /// and its hexadecimal code point, so that keys stay ASCII and distinct names stay
    /// distinct.
    func finalFold(_ text: String, into tokens: inout [String]) {
        var current: [UInt8] = []
        let ascii = profile.asciiFold && profile.transliterate
        // Whether the last thing written to the token was a code-point escape.
        var previousWasEscaped = false
        func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                previousWasEscaped = false
                var byte = UInt8(truncatingIfNeeded: scalar.value)
                let cls = asciiClasses[Int(byte)]
                // An apostrophe here was written by a transform (Indic vowel separators,
                // pinyin syllable marks), not by the input, whose apostrophes were already
                // boundaries: it joins, like the modifier letters ASCII folding drops.
                if cls == .apostrophe { continue }
                if cls == .token {
                    if profile.caseFold && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                    current.append(byte)
                } else if cls != .removed {
                    flush()
                }
                continue
            }
            // A middle dot here was written by a transform (BGN/PCGN's "Brat·sk", which
            // tells т + с from ц), not by the input, whose middle dots were already
            // boundaries ("Paral·lel"): it joins, as English writes the name.
            if scalar == "\u{00B7}" { continue }
            let properties = scalar.properties
            if properties.numericType == .decimal, let value = properties.numericValue, value >= 0, value <= 9 {
                current.append(UInt8(ascii: "0") + UInt8(value))
                previousWasEscaped = false
                continue
            }
            switch classify(scalar) {
            case .token:
                if !ascii {
                    current.append(contentsOf: String(scalar).utf8)
                } else if properties.generalCategory.isMark && !previousWasEscaped {
                    // A diacritic left on a Latin letter (or on nothing): drop it.
                    continue
                } else {
                    // A letter, or a vowel sign of a script ICU cannot transliterate, whose
                    // meaning must survive (Sinhala මාර්ටෙන් and මාර්ටින් differ only in one).
                    current.append(UInt8(ascii: "u"))
                    current.append(contentsOf: String(scalar.value, radix: 16).utf8)
                    previousWasEscaped = true
                    continue
                }
            case .removed:
                continue
            default:
                flush()
            }
        }
        flush()
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool { self == .nonspacingMark || self == .spacingMark || self == .enclosingMark }
}

extension Unicode.Scalar {
    var lowercased: Unicode.Scalar {
        (value >= 0x41 && value <= 0x5A) ? Unicode.Scalar(value | 0x20)! : self
    }
}
