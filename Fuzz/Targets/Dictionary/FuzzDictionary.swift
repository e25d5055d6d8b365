import Nomina

/// The dictionary parsers on arbitrary bytes: the first byte picks the format (even: the
/// YAML format, odd: the bulk TSV format), the rest is the file. Every problem must be a
/// diagnostic with a location inside the file; then the structural and semantic checks
/// that `nomina validate` runs go over whatever entities were read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDictionary(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let body = UnsafeBufferPointer(start: data + 1, count: count - 1)
    var entities: [Entity] = []
    var diagnostics: [Diagnostic] = []
    if data[0] % 2 == 0 {
        guard let text = String(validating: body, as: UTF8.self) else { return 0 }  // the loader refuses it before parsing
        var parser = YAMLDictionaryParser(file: "fuzz.yaml")
        parser.parse(text)
        entities = parser.entities
        diagnostics = parser.diagnostics
    } else {
        var parser = BulkDictionaryParser(file: "fuzz.tsv")
        parser.parse(body)
        entities = parser.entities
        diagnostics = parser.diagnostics
    }
    // Lines as editors count them: a line feed, a carriage return, or both together.
    var lines = 1
    for index in body.indices where body[index] == 0x0A || (body[index] == 0x0D && (index + 1 == body.count || body[index + 1] != 0x0A)) {
        lines += 1
    }
    for diagnostic in diagnostics where diagnostic.location.line < 1 || diagnostic.location.line > lines + 1 {
        fatalError("diagnostic outside the file (\(lines) lines): \(diagnostic)")
    }
    if entities.count <= 2_000 {
        _ = StructureCheck.run(entities)
        _ = DictionaryValidator.semanticChecks(entities, normalizer: .shared)
    }
    return 0
}
