import Foundation

/// Finds dictionary files and turns them into a ``Gazetteer``.
public enum GazetteerLoader {
    /// File name endings read as curated (YAML) dictionaries, in any case; files in folders
    /// with other endings than these and ``bulkExtensions`` (README.md) are ignored.
    public static let yamlExtensions: Set<String> = ["yaml", "yml"]
    /// File name endings read as bulk (TSV) dictionaries, in any case.
    public static let bulkExtensions: Set<String> = ["tsv"]

    /// The dictionary files of `paths` (files as given; folders searched recursively,
    /// sorted by path so that loading is deterministic).
    public static func dictionaryFiles(in paths: [String]) throws(GazetteerError) -> [String] {
        var files: [String] = []
        var problems: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(.error, .unreadable, at: SourceLocation(file: path, line: 1, column: 1),
                                           "no such file or folder: \(path)"))
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            // Enumerate the folder a symbolic link points to, but report paths as given.
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let enumerator = manager.enumerator(atPath: resolved) else { continue }
            var found: [String] = []
            for case let relative as String in enumerator {
                let ext = (relative as NSString).pathExtension.lowercased()
                if yamlExtensions.contains(ext) || bulkExtensions.contains(ext) {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            if found.isEmpty {
                problems.append(Diagnostic(.error, .unreadable, at: SourceLocation(file: path, line: 1, column: 1),
                                           "\(path) holds no dictionary files (.yaml, .yml or .tsv)"))
            }
            files += found.sorted()
        }
        if !problems.isEmpty { throw GazetteerError(diagnostics: problems) }
        return files
    }

    /// Parses files into entities, collecting every problem (no exception), and applies
    /// `extend` entries to the entities they name.
    public static func parse(files: [String]) -> (entities: [Entity], diagnostics: [Diagnostic]) {
        let parsed = parseDictionaries(files: files)
        return (parsed.entities, parsed.diagnostics)
    }

    /// What ``parse(files:)`` reads, with where each reference was written.
    package struct ParsedDictionaries {
        package var entities: [Entity] = []
        package var diagnostics: [Diagnostic] = []
        /// By entity location: `parent`, `member:ID`, `claimant:ID` → where it was written.
        package var referenceSites: [SourceLocation: [String: SourceLocation]] = [:]
    }

    /// ``parse(files:)`` with the reference sites, for diagnostics at the line of the field.
    package static func parseDictionaries(files: [String]) -> ParsedDictionaries {
        var result = ParsedDictionaries()
        var extensions: [EntityExtension] = []
        for file in files {
            let (parsed, extra, problems, sites) = parseWithExtensions(file: file)
            result.entities += parsed
            extensions += extra
            result.diagnostics += problems
            result.referenceSites.merge(sites) { first, _ in first }
        }
        guard !extensions.isEmpty else { return result }
        var byTarget: [String: [EntityExtension]] = [:]
        for extension_ in extensions { byTarget[extension_.target, default: []].append(extension_) }
        let ids = Set(result.entities.map(\.id))
        // "Did you mean" once per distinct unknown target, among curated ids (200 unknown
        // targets took 11 s when each sorted and scanned the 34,000 bundled ids).
        var suggestions = ReferenceSuggestions()
        var byID: [String: Entity]?
        for extension_ in extensions where !ids.contains(extension_.target) {
            if byID == nil { byID = Dictionary(result.entities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
            let near = suggestions.suggestion(for: extension_.target, among: byID!)
            result.diagnostics.append(Diagnostic(.error, .unknownReference, at: extension_.location,
                "'extend' names \"\(extension_.target)\", which is not the id of any entity\(near)"))
        }
        result.entities = result.entities.map { $0.extended(with: byTarget[$0.id] ?? []) }
        return result
    }

    /// Parses one file (its `extend` entries are not applied).
    public static func parse(file: String) -> (entities: [Entity], diagnostics: [Diagnostic]) {
        let (entities, _, diagnostics, _) = parseWithExtensions(file: file)
        return (entities, diagnostics)
    }

    /// The largest YAML dictionary read: the YAML library holds the whole document as nodes,
    /// about 32 bytes per byte of the file (a 10 MB file: 317 MB). Long lists belong in the
    /// bulk format, which has no such limit.
    public static let maximumYAMLBytes = 64 << 20

    static func parseWithExtensions(file: String)
        -> ([Entity], [EntityExtension], [Diagnostic], [SourceLocation: [String: SourceLocation]]) {
        let ext = (file as NSString).pathExtension.lowercased()
        if !bulkExtensions.contains(ext), let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
           size > maximumYAMLBytes {
            return ([], [], [Diagnostic(.error, .tooLarge, at: SourceLocation(file: file, line: 1, column: 1),
                                        "the file is \(size) bytes; a YAML dictionary is at most \(maximumYAMLBytes) bytes (64 MiB): write long lists in the bulk TSV format (docs/dictionary-format.md)")], [:])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return ([], [], [Diagnostic(.error, .unreadable, at: SourceLocation(file: file, line: 1, column: 1),
                                        "cannot read \(file); check that it exists and is readable")], [:])
        }
        return data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if bulkExtensions.contains(ext) {
                var parser = BulkDictionaryParser(file: file)
                parser.parse(bytes)
                return (parser.entities, [], parser.diagnostics, parser.referenceSites)
            }
            if let bad = BulkDictionaryParser.firstInvalidUTF8(bytes) {
                let (line, column) = position(ofByte: bad, in: bytes)
                return ([], [], [Diagnostic(.error, .notUTF8, at: SourceLocation(file: file, line: line, column: column),
                                        "the file is not valid UTF-8 at byte \(bad + 1); save it as UTF-8")], [:])
            }
            var parser = YAMLDictionaryParser(file: file)
            parser.parse(String(decoding: bytes, as: UTF8.self))
            return (parser.entities, parser.extensions, parser.diagnostics, parser.referenceSites)
        }
    }

    static func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The folder of the dictionaries bundled with Nomina.
    public static var bundledDictionaryFolder: String? {
        Bundle.module.url(forResource: "Dictionaries", withExtension: nil)?.path
    }
}

extension Gazetteer {
    /// Loads dictionary files and folders, optionally on top of the bundled dictionaries.
    ///
    /// - Throws: ``GazetteerError`` with every structural error found (syntax, unknown
    ///   fields, missing fields, bad ids, duplicate ids or aliases, unknown references,
    ///   parent cycles, bad language tags, empty names).
    public static func load(paths: [String], includeBundled: Bool = false) throws(GazetteerError) -> Gazetteer {
        var all: [String] = []
        var bundledFiles: Set<String> = []
        if includeBundled {
            guard let folder = GazetteerLoader.bundledDictionaryFolder else {
                throw GazetteerError(diagnostics: [Diagnostic(.error, .unreadable, at: SourceLocation(file: "Nomina", line: 1, column: 1),
                    "the bundled dictionaries are missing from this build (resource bundle Nomina_Nomina); pass --no-bundled or a dictionary path")])
            }
            all += [folder]
            bundledFiles = Set(try GazetteerLoader.dictionaryFiles(in: [folder]))
        }
        all += paths
        let files = try GazetteerLoader.dictionaryFiles(in: all)
        let parsed = GazetteerLoader.parseDictionaries(files: files)
        let structural = StructureCheck.run(parsed.entities, sites: parsed.referenceSites, bundledFiles: bundledFiles)
        let errors = (parsed.diagnostics + structural).filter { $0.severity == .error }
        if !errors.isEmpty { throw GazetteerError(diagnostics: errors) }
        return Gazetteer(entities: parsed.entities, files: files)
    }

    /// The dictionaries bundled with Nomina: countries and territories (generated from
    /// ICU's CLDR data), disputed regions, country pairs, organisations and people.
    public static func bundled() throws(GazetteerError) -> Gazetteer {
        try load(paths: [], includeBundled: true)
    }
}
