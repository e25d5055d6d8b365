import Foundation
@_spi(Testing) import Nomina

/// Opening and querying a damaged compiled index. The fuzz input is not the file itself
/// (a file of another version would stop at the header): it is a list of edits applied to
/// a valid index compiled at start-up from the test fixture
/// (Tests/NominaTests/Fixtures/small-index.yaml, or NOMINA_FUZZ_FIXTURE): groups of five
/// bytes, a 24-bit offset, an operation (set, xor, add, truncate) and a value. The first
/// byte picks the checks: structural only (most inputs, so that damage gets past the
/// checksums and into the tables) or the default ones. Opening must throw or give a
/// resolver whose lookups and extraction return; a crash or a hang is a finding.
let base: [UInt8] = {
    let fixture = ProcessInfo.processInfo.environment["NOMINA_FUZZ_FIXTURE"] ?? "Tests/NominaTests/Fixtures/small-index.yaml"
    let gazetteer = try! Gazetteer.load(paths: [fixture], includeBundled: false)
    let path = NSTemporaryDirectory() + "nomina-fuzz-base-\(getpid()).nomina"
    try! Resolver(gazetteer: gazetteer).writeIndex(to: path)
    defer { unlink(path) }
    return Array(FileManager.default.contents(atPath: path)!)
}()
let scratch = (access("/dev/shm", W_OK) == 0 ? "/dev/shm/" : NSTemporaryDirectory()) + "nomina-fuzz-index-\(getpid()).nomina"
let queries = ["Azerbaijan", "Азербайджан", "Azerbaijn", "阿亚", "Naka", "AZ", "Republic of Armenia", "Georgia, USA", "x"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    var file = base
    var position = 1
    while position + 5 <= count {
        let offset = (Int(data[position]) | Int(data[position + 1]) << 8 | Int(data[position + 2]) << 16) % max(file.count, 1)
        let value = data[position + 4]
        switch data[position + 3] % 8 {
        case 0, 1, 2: file[offset] = value
        case 3, 4: file[offset] ^= value
        case 5, 6: file[offset] &+= value
        default: file.removeSubrange(offset...)
        }
        position += 5
        if file.isEmpty { break }
    }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(file)) else { fatalError("cannot write \(scratch)") }
    let checks: IndexChecks = data[0] % 4 == 0 ? .standard : .structureOnly
    guard let resolver = try? Resolver(index: scratch, checks: checks) else { return 0 }
    for query in queries {
        _ = resolver.resolve(query)
        _ = resolver.exactLookup(query)
    }
    let extractor = MentionExtractor(resolver: resolver)
    _ = extractor.rewrite("Talks between Azerbaijan and Armenia (阿亚) in Naka, not Georgia, USA.")
    _ = resolver.gazetteer.entities.map(\.id)
    return 0
}
