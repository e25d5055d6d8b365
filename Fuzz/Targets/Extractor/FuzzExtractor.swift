import Nomina

/// The mention extractor over the bundled dictionaries, on arbitrary text: mentions are in
/// order, do not overlap, lie inside the text and are the text they say they are; a rewrite
/// keeps every byte outside them (and a leading article it keeps is the text's own);
/// resolving each surface on its own does not crash.
let extractor = MentionExtractor(resolver: Resolver(gazetteer: try! Gazetteer.bundled()))
nonisolated(unsafe) var scanner = extractor.scanner()

/// Builds the extractor before the first input: with the bundled cities the build takes
/// longer than libFuzzer's per-input timeout in an instrumented binary.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzExtractorInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = scanner.mentions(in: "Naka")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractor(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let mentions = scanner.mentions(in: text)
    let utf8 = Array(text.utf8)
    var end = 0
    var rebuilt: [UInt8] = []
    for mention in mentions {
        let range = mention.utf8Range
        guard range.lowerBound >= end, range.upperBound <= utf8.count, range.lowerBound < range.upperBound else {
            fatalError("mention \(range) out of order or outside the text (\(utf8.count) bytes)")
        }
        if !utf8[range].elementsEqual(mention.surface.utf8) { fatalError("mention surface is not the text at its offsets") }
        if mention.outcome == .match, let entity = mention.entity {
            // A leading article the name lacks stays as written ("The Kremlin"): the bytes
            // kept are the mention's own, and fewer than all of them.
            let name = MentionExtractor.replacement(entity.name)
            let kept = mention.keptArticle(for: name).bytes
            if kept >= range.count { fatalError("a kept article covers the whole mention") }
            rebuilt += utf8[end..<(range.lowerBound + kept)]
            rebuilt += Array(name.utf8)
            end = range.upperBound
        }
        _ = extractor.resolver.resolve(mention.surface)
    }
    rebuilt += utf8[end...]
    if Array(MentionExtractor.rewrite(text, mentions).utf8) != rebuilt { fatalError("rewrite changed bytes outside mentions") }
    _ = extractor.resolver.resolve(text)
    return 0
}
