import Nomina

/// The name normaliser on arbitrary bytes (decoded as UTF-8 with replacement): no crash,
/// keys in [a-z0-9 ], and normalising a key gives the key back (the property test's
/// invariant, here on inputs the fuzzer finds).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNormalizer(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let normalizer = NameNormalizer.shared
    let name = normalizer.normalize(text)
    for byte in name.key.utf8 where !(byte == 0x20 || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)) {
        fatalError("key \(name.key.debugDescription) of \(text.debugDescription) has byte \(byte)")
    }
    let again = normalizer.normalize(name.key).key
    if again != name.key { fatalError("normalising the key \(name.key.debugDescription) gives \(again.debugDescription)") }
    _ = normalizer.explain(text)
    return 0
}
