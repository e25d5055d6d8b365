/// The ICU objects one thread uses while normalising: transliterators opened on first
/// use, and a spoof checker. Never shared: ``NameNormalizer`` hands each caller its own
/// through a ``ResourcePool``.
///
/// Each transform runs as its own ICU call, and only when needed: the fallback transform
/// only when letters of the source script are left, ASCII folding only when the text is
/// not ASCII yet. A single compound chain was measured at about half the speed
/// (`Russian-Latin/BGN; Latin-ASCII` ran at 153k names/s against 366k for BGN alone).
final class ICUWorkspace {
    private let asciiFold: Bool
    private var transforms: [String: Transliterator?] = [:]
    private var asciiChain: Transliterator??
    private var spoofChecker: SpoofChecker??
    private var skeletonLetters: [Unicode.Scalar: Unicode.Scalar?] = [:]

    init(asciiFold: Bool) { self.asciiFold = asciiFold }

    /// Takes `text`, written in `script`, to Latin with `ids` (the first always; each
    /// later one only while letters of `script` remain), then folds to ASCII.
    /// When ICU cannot open or run a transform, the text goes on unchanged and the
    /// normaliser's final fold escapes what is left.
    func toLatin(_ text: String, script: Script, ids: [String]) -> String {
        var output = text
        for (position, id) in ids.enumerated() {
            if position > 0, !output.unicodeScalars.contains(where: { !$0.isASCII && Script.of($0) == script }) { break }
            guard let transform = transform(id) else { continue }
            output = Self.inPieces(output) { (try? transform.transliterate($0)) ?? $0 }
        }
        return foldToASCII(output)
    }

    /// Nomina's ASCII rules plus Latin-ASCII, when folding and the text is not ASCII yet.
    /// Text whose only letters beyond ASCII are accented Latin letters (é, ñ, ő) is folded
    /// without ICU: opening the chain costs ~13 ms, most of a typical `nomina resolve`.
    func foldToASCII(_ text: String) -> String {
        guard asciiFold, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        if let folded = Self.foldAccentedLatin(text) { return folded }
        return foldToASCIIThroughICU(text)
    }

    /// ``foldToASCII(_:)`` always through ICU (tests compare the two).
    func foldToASCIIThroughICU(_ text: String) -> String {
        guard asciiFold, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        if asciiChain == nil {
            asciiChain = .some(ICUProblems.recording { () throws(ICUError) in
                try Transliterator(rules: ScriptTransforms.asciiRules, name: "Nomina-ASCII")
            })
        }
        guard let chain = asciiChain ?? nil else { return text }
        return Self.inPieces(text) { (try? chain.transliterate($0)) ?? $0 }
    }

    /// The first and last code points of the letters ``accentedLatinBase`` covers (Latin-1
    /// Supplement, Latin Extended-A and -B).
    static let accentedLatinRange: ClosedRange<UInt32> = 0xC0...0x24F

    /// For each code point of ``accentedLatinRange``, the ASCII letter it folds to when its
    /// canonical decomposition is that letter and non-spacing marks (é → e, Ő → O), else 0.
    /// Latin-ASCII drops such marks without looking at the neighbours (its context rules are
    /// for ligatures and digraphs, which have no canonical decomposition); the test suite
    /// checks each letter, and random text, against the ICU chain.
    static let accentedLatinBase: [UInt8] = accentedLatinRange.map { value -> UInt8 in
        guard let scalar = Unicode.Scalar(value),
              let decomposed = try? UnicodeNormalizer.nfd.normalize(String(scalar)) else { return 0 }
        let scalars = Array(decomposed.unicodeScalars)
        guard scalars.count >= 2, let base = scalars.first, base.isASCII, base.properties.isAlphabetic,
              scalars.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) else { return 0 }
        return UInt8(base.value)
    }

    /// `text` folded to ASCII if every scalar beyond ASCII is an accented Latin letter of
    /// ``accentedLatinBase``; nil otherwise.
    static func foldAccentedLatin(_ text: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII { output.append(UInt8(scalar.value)); continue }
            guard accentedLatinRange.contains(scalar.value) else { return nil }
            let base = accentedLatinBase[Int(scalar.value - accentedLatinRange.lowerBound)]
            guard base != 0 else { return nil }
            output.append(base)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The longest text given to one ICU transliteration, in characters.
    static let pieceCharacters = 256

    /// `transform` applied to `text` in pieces of at most ``pieceCharacters`` characters,
    /// cut after a space where there is one, else between characters: ICU rewrites a
    /// string in place, and each change that alters its length moves everything after it,
    /// so one long word took time in the square of its length (800,000 "é": 21 s). The
    /// transforms look at most a few characters around each, so pieces cut between whole
    /// characters give the same text but at the cuts of a word longer than a piece.
    static func inPieces(_ text: String, _ transform: (String) -> String) -> String {
        guard text.utf8.count > pieceCharacters else { return transform(text) }
        var output = ""
        var start = text.startIndex
        while start < text.endIndex {
            var end = text.index(start, offsetBy: pieceCharacters, limitedBy: text.endIndex) ?? text.endIndex
            if end < text.endIndex, let space = text[start..<end].lastIndex(of: " "), space > start {
                end = text.index(after: space)
            }
            output += transform(String(text[start..<end]))
            start = end
        }
        return output
    }

    private func transform(_ id: String) -> Transliterator? {
        if let known = transforms[id] { return known }
        let opened = ICUProblems.recording { () throws(ICUError) in try Transliterator(id: id) }
        transforms[id] = .some(opened)
        return opened
    }

    /// The single ASCII letter that `scalar` is confusable with, if any (UTS #39).
    func asciiSkeletonLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if let known = skeletonLetters[scalar] { return known }
        if spoofChecker == nil { spoofChecker = .some(ICUProblems.recording { () throws(ICUError) in try SpoofChecker() }) }
        var letter: Unicode.Scalar?
        if let checker = spoofChecker ?? nil, let skeleton = try? checker.skeleton(String(scalar)) {
            let scalars = Array(skeleton.unicodeScalars)
            if scalars.count == 1, scalars[0].isASCII, scalars[0].properties.isAlphabetic { letter = scalars[0] }
        }
        skeletonLetters[scalar] = .some(letter)
        return letter
    }
}

/// ICU objects that could not be opened while normalising (the pipeline goes on without
/// them: see ``NameNormalizer/checkICU()``), each recorded once, for ``NameNormalizer/icuProblems``.
enum ICUProblems {
    private static let seen = Locked<[ICUError]>([])

    /// `open()`'s object, or nil after recording why ICU could not open it.
    static func recording<Value>(_ open: () throws(ICUError) -> Value) -> Value? {
        do {
            return try open()
        } catch {
            seen.withLock { problems in
                if !problems.contains(where: { $0.operation == error.operation }) { problems.append(error) }
            }
            return nil
        }
    }

    static var all: [ICUError] { seen.withLock { $0 } }
}
