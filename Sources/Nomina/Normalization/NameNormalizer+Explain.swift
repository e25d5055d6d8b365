/// One stage of the normalisation pipeline, as shown by ``NameNormalizer/explain(_:)``.
public struct NormalizationStage: Sendable, Hashable, Codable {
    /// The stage's stable name: `input`, `clean-up`, `punctuation`, `homoglyphs`,
    /// `transliteration`, `ascii`, `particles` (when the profile removes them), `key`, `phonetic`.
    public let name: String
    /// The text after the stage.
    public let output: String

    /// A stage named `name` whose text after it is `output`.
    public init(name: String, output: String) {
        self.name = name
        self.output = output
    }
}

extension NameNormalizer {
    /// The output of every stage for one name, ending with the same key and phonetic key
    /// as ``normalize(_:)``. Runs without the cache; meant for people, not for speed.
    ///
    /// ```swift
    /// NameNormalizer.shared.explain("Нагорный  Карабах").map(\.output)
    /// // ["Нагорный  Карабах", "нагорный  карабах", "нагорный карабах", "нагорный карабах",
    /// //  "nagornyy karabakh", "nagornyy karabakh", "nagornyy karabakh", "nagorni karaba"]
    /// ```
    public func explain(_ name: String) -> [NormalizationStage] {
        var cleaned = ""       // raw tokens cleaned, original boundaries kept
        var punctuated = ""    // boundaries folded
        var homoglyphs = ""
        var transliterated = ""
        var folded = ""
        var raw = String.UnicodeScalarView()
        var boundaryText = String.UnicodeScalarView()
        var foldedBoundary = ""

        func appendBoundary() {
            guard !boundaryText.isEmpty else { return }
            cleaned.unicodeScalars.append(contentsOf: boundaryText)
            let separator = foldedBoundary.isEmpty ? " " : foldedBoundary
            punctuated += separator
            homoglyphs += separator
            transliterated += separator
            folded += " "
            boundaryText = String.UnicodeScalarView()
            foldedBoundary = ""
        }

        func flushToken() {
            guard !raw.isEmpty else { return }
            defer { raw = String.UnicodeScalarView() }
            let text = String(raw)
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                let lower = profile.caseFold ? text.lowercased() : text
                cleaned += lower
                punctuated += lower
                homoglyphs += lower
                transliterated += lower
                folded += lower
                return
            }
            let trace = TokenTrace()
            _ = processToken(text, trace: trace)
            cleaned += trace.cleaned
            punctuated += trace.punctuated
            homoglyphs += trace.homoglyphs
            transliterated += trace.transliterated
            folded += trace.folded
        }

        for scalar in name.unicodeScalars {
            let cls = classify(scalar)
            switch cls {
            case .token:
                appendBoundary()
                raw.append(scalar)
            case .removed:
                continue
            default:
                flushToken()
                boundaryText.append(scalar)
                let shown: String = switch cls {
                case .hyphen: "-"
                case .apostrophe: "'"
                case .quote: "\""
                case .dot: "."
                default: " "
                }
                // A run of boundaries shows as its strongest mark, white space collapsed.
                if foldedBoundary.isEmpty || foldedBoundary == " " { foldedBoundary = shown }
            }
        }
        flushToken()
        appendBoundary()

        let result = normalize(name)
        var stages = [
            NormalizationStage(name: "input", output: name),
            NormalizationStage(name: "clean-up", output: cleaned),
            NormalizationStage(name: "punctuation", output: collapse(punctuated)),
            NormalizationStage(name: "homoglyphs", output: collapse(homoglyphs)),
            NormalizationStage(name: "transliteration", output: collapse(transliterated)),
            NormalizationStage(name: "ascii", output: collapse(folded)),
        ]
        if profile.removeParticles {
            stages.append(NormalizationStage(name: "particles", output: result.key))
        }
        stages.append(NormalizationStage(name: "key", output: result.key))
        stages.append(NormalizationStage(name: "phonetic", output: result.phonetic))
        return stages
    }

    /// Trims and collapses runs of spaces.
    private func collapse(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
