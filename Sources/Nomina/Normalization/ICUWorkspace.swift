/// The ICU objects one thread uses while normalising: transliterator chains opened on
/// first use, and a spoof checker. Never shared: ``NameNormalizer`` hands each caller
/// its own through a ``ResourcePool``.
final class ICUWorkspace {
    private let asciiFold: Bool
    private var chains: [[String]: Transliterator?] = [:]
    private var spoofChecker: SpoofChecker??
    private var skeletonLetters: [Unicode.Scalar: Unicode.Scalar?] = [:]

    init(asciiFold: Bool) { self.asciiFold = asciiFold }

    /// Runs the chain `ids` (then Nomina's ASCII rules, when folding) over `text`.
    /// When ICU cannot open or run the chain, the text comes back unchanged and the
    /// normaliser's final fold escapes what is left.
    func transliterate(_ text: String, ids: [String]) -> String {
        let chain: Transliterator?
        if let opened = chains[ids] {
            chain = opened
        } else {
            let rules = ScriptTransforms.rules(for: ids, asciiFold: asciiFold)
            chain = rules.isEmpty ? nil : try? Transliterator(rules: rules, name: "Nomina-" + (ids.first ?? "ASCII"))
            chains[ids] = .some(chain)
        }
        guard let chain else { return text }
        return (try? chain.transliterate(text)) ?? text
    }

    /// The single ASCII letter that `scalar` is confusable with, if any (UTS #39).
    func asciiSkeletonLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if let known = skeletonLetters[scalar] { return known }
        if spoofChecker == nil { spoofChecker = .some(try? SpoofChecker()) }
        var letter: Unicode.Scalar?
        if let checker = spoofChecker ?? nil, let skeleton = try? checker.skeleton(String(scalar)) {
            let scalars = Array(skeleton.unicodeScalars)
            if scalars.count == 1, scalars[0].isASCII, scalars[0].properties.isAlphabetic { letter = scalars[0] }
        }
        skeletonLetters[scalar] = .some(letter)
        return letter
    }
}
