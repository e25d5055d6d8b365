import Nomina

/// The mention extractor over the bundled dictionaries, on arbitrary text: mentions are in
/// order, do not overlap, lie inside the text and are the text they say they are; a rewrite
/// keeps every byte outside them; resolving each surface on its own does not crash.
nonisolated(unsafe) let extractor = MentionExtractor(resolver: Resolver(gazetteer: try! Gazetteer.bundled()))
nonisolated(unsafe) var scanner = extractor.scanner()

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
            rebuilt += utf8[end..<range.lowerBound]
            rebuilt += Array(entity.name.utf8)
            end = range.upperBound
        }
        _ = extractor.resolver.resolve(mention.surface)
    }
    rebuilt += utf8[end...]
    if Array(MentionExtractor.rewrite(text, mentions).utf8) != rebuilt { fatalError("rewrite changed bytes outside mentions") }
    _ = extractor.resolver.resolve(text)
    return 0
}
