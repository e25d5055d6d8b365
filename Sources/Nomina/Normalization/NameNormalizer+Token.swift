/// The ICU stages for one raw token (a run of token characters between boundaries).
extension NameNormalizer {
    /// What each stage made of one raw token, for ``NameNormalizer/explain(_:)``.
    final class TokenTrace {
        var cleaned = ""
        var punctuated = ""
        var homoglyphs = ""
        var transliterated = ""
        var folded = ""
    }

    func processToken(_ raw: String, trace: TokenTrace?) -> TokenResult {
        let scripts = Script.scripts(in: raw)
        // Clean-up: NFKC_Casefold also drops default-ignorable code points.
        let cleaned = profile.caseFold ? ((try? UnicodeNormalizer.nfkcCasefold.normalize(raw)) ?? raw) : raw
        trace?.cleaned = cleaned

        // Punctuation: NFKC can produce new punctuation or spaces ("㈱" → "(株)").
        var pieces: [String.UnicodeScalarView] = []
        var current = String.UnicodeScalarView()
        for scalar in cleaned.unicodeScalars {
            switch classify(scalar) {
            case .token: current.append(scalar)
            case .removed: continue
            default:
                if !current.isEmpty { pieces.append(current); current = String.UnicodeScalarView() }
            }
        }
        if !current.isEmpty { pieces.append(current) }
        trace?.punctuated = pieces.map { String($0) }.joined(separator: " ")

        var tokens: [String] = []
        var homoglyphTrace: [String] = []
        var transliteratedTrace: [String] = []
        do {
            try workspaces.withResource { workspace in
                for piece in pieces {
                    let repaired = profile.repairHomoglyphs ? repairHomoglyphs(piece, workspace: workspace) : piece
                    let latin = transliterateRuns(repaired, workspace: workspace)
                    if trace != nil {
                        homoglyphTrace.append(String(repaired))
                        transliteratedTrace.append(latin)
                    }
                    finalFold(latin, into: &tokens)
                }
            }
        } catch {
            // Only reachable if an ICU workspace cannot be made; fall back to the final
            // fold alone, which still yields a defined (code-point escaped) key.
            tokens.removeAll()
            for piece in pieces { finalFold(String(piece), into: &tokens) }
        }
        trace?.homoglyphs = homoglyphTrace.joined(separator: " ")
        trace?.transliterated = transliteratedTrace.joined(separator: " ")
        trace?.folded = tokens.joined(separator: " ")
        return TokenResult(tokens: tokens, scripts: scripts)
    }

    /// In a token that is mostly Latin, replaces letters of other scripts whose UTS #39
    /// skeleton is a single ASCII letter ("Аrmenia" with a Cyrillic А → "armenia").
    /// Tokens that are mostly of another script are left to transliteration, which
    /// reads a stray Latin letter correctly anyway ("Mосква" → "moskva").
    func repairHomoglyphs(_ token: String.UnicodeScalarView, workspace: ICUWorkspace) -> String.UnicodeScalarView {
        var latin = 0
        var other = 0
        for scalar in token where scalar.properties.isAlphabetic {
            if scalar.isASCII { latin += 1; continue }
            let script = Script.of(scalar)
            if script == .latin { latin += 1 } else if !script.isShared { other += 1 }
        }
        guard latin > 0, other > 0, latin >= other else { return token }
        var repaired = String.UnicodeScalarView()
        for scalar in token {
            guard !scalar.isASCII, scalar.properties.isAlphabetic, Script.of(scalar) != .latin,
                  let replacement = workspace.asciiSkeletonLetter(scalar) else {
                repaired.append(scalar)
                continue
            }
            repaired.append(profile.caseFold ? replacement.lowercased : replacement)
        }
        return repaired
    }

    /// Splits a token into script runs (Common and Inherited characters join the run
    /// before them) and takes each run to Latin with its script's transform.
    func transliterateRuns(_ token: String.UnicodeScalarView, workspace: ICUWorkspace) -> String {
        var output = ""
        var run = String.UnicodeScalarView()
        var runScript = Script.common

        func flush() {
            guard !run.isEmpty else { return }
            defer { run = String.UnicodeScalarView() }
            if runScript == .latin || runScript.isShared || !profile.transliterate {
                if run.allSatisfy(\.isASCII) || !profile.asciiFold {
                    output.unicodeScalars.append(contentsOf: run)
                } else {
                    output += workspace.transliterate(String(run), ids: [])
                }
                return
            }
            if runScript == .han, let syllables = hanReadings.read(run, workspace: workspace) {
                output += " " + syllables.joined(separator: " ") + " "
                return
            }
            let ids = ScriptTransforms.latinTransforms(for: runScript, sample: run)
            let latin = workspace.transliterate(String(run), ids: ids)
            output += runScript == .han ? " \(latin) " : latin
        }

        for scalar in token {
            let script = scalar.isASCII ? (scalar.properties.isAlphabetic ? Script.latin : .common) : Script.of(scalar)
            if script.isShared || script == runScript {
                run.append(scalar)
                continue
            }
            if runScript.isShared {
                runScript = script
                run.append(scalar)
                continue
            }
            flush()
            runScript = script
            run.append(scalar)
        }
        flush()
        return output
    }

    /// The last stage: lowercase ASCII letters and digits make tokens; other ASCII is a
    /// boundary; non-ASCII decimal digits become ASCII digits; combining marks left
    /// over are dropped; any other letter that is still not ASCII is written as `u`
    /// and its hexadecimal code point, so that keys stay ASCII and distinct names stay
    /// distinct.
    func finalFold(_ text: String, into tokens: inout [String]) {
        var current: [UInt8] = []
        let ascii = profile.asciiFold && profile.transliterate
        func flush() {
            if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                var byte = UInt8(truncatingIfNeeded: scalar.value)
                let cls = asciiClasses[Int(byte)]
                if cls == .token {
                    if profile.caseFold && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                    current.append(byte)
                } else if cls != .removed {
                    flush()
                }
                continue
            }
            let properties = scalar.properties
            if properties.numericType == .decimal, let value = properties.numericValue, value >= 0, value <= 9 {
                current.append(UInt8(ascii: "0") + UInt8(value))
                continue
            }
            switch classify(scalar) {
            case .token:
                if !ascii {
                    current.append(contentsOf: String(scalar).utf8)
                } else if !properties.generalCategory.isMark {
                    current.append(UInt8(ascii: "u"))
                    current.append(contentsOf: String(scalar.value, radix: 16).utf8)
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
