import Foundation
import Testing

/// The library's folders are layers, each using only the ones below it:
///
///     Support < Storage < Normalization < Gazetteer < Matching < Extraction < Snapshot
///
/// Support holds locks and UTF-8 helpers; Storage the flat arrays, string and key tables
/// and the binary file reader and writer; Snapshot the compiled and bundled indexes, which
/// assemble everything. The test reads the sources: a name declared at the top level of a
/// file belongs to its folder, and a folder that mentions a name of a folder above it (in
/// code, not in comments or strings) breaks the layering.
@Suite("Layers")
struct LayeringTests {
    static let layers = ["Support", "Storage", "Normalization", "Gazetteer", "Matching", "Extraction", "Snapshot"]
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Nomina")

    /// The code of a Swift file without comments and string literals (closely enough for
    /// finding names: a `//` inside a string cuts the rest of its line, which only hides names).
    static func code(_ text: String) -> String {
        var out = ""
        var inBlockComment = 0
        var inMultilineString = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // A multi-line string literal: its lines are text, not code.
            if line.components(separatedBy: "\"\"\"").count % 2 == 0 {
                inMultilineString.toggle()
                out += "\n"
                continue
            }
            if inMultilineString { out += "\n"; continue }
            var kept = ""
            var scalars = Array(line.unicodeScalars)[...]
            var inString = false
            while let scalar = scalars.first {
                scalars = scalars.dropFirst()
                let next = scalars.first
                if inBlockComment > 0 {
                    if scalar == "*" && next == "/" { inBlockComment -= 1; scalars = scalars.dropFirst() }
                    continue
                }
                if inString {
                    if scalar == "\\" { scalars = scalars.dropFirst() } else if scalar == "\"" { inString = false }
                    continue
                }
                if scalar == "/" && next == "/" { break }
                if scalar == "/" && next == "*" { inBlockComment += 1; scalars = scalars.dropFirst(); continue }
                if scalar == "\"" { inString = true; kept += " "; continue }
                kept.unicodeScalars.append(scalar)
            }
            out += kept + "\n"
        }
        return out
    }

    static func identifiers(_ code: String) -> Set<String> {
        var names: Set<String> = []
        var current = ""
        for scalar in code.unicodeScalars {
            if scalar == "_" || scalar.properties.isAlphabetic || (!current.isEmpty && ("0"..."9").contains(scalar)) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                names.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { names.insert(current) }
        return names
    }

    static let declarationWords: Set<String> = ["struct", "enum", "class", "protocol", "actor", "typealias", "func"]
    static let modifiers: Set<String> = ["public", "package", "internal", "private", "fileprivate", "final", "indirect", "static"]

    /// Names declared at the top level of `code` (lines starting in the first column).
    static func declarations(_ code: String) -> [String] {
        var names: [String] = []
        for line in code.split(separator: "\n") where !(line.first?.isWhitespace ?? true) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == ":" || $0 == "(" || $0 == "{" })
            var position = 0
            while position < words.count && (words[position].hasPrefix("@") || modifiers.contains(String(words[position]))) {
                position += 1
            }
            if position + 1 < words.count, declarationWords.contains(String(words[position])) {
                names.append(String(words[position + 1]))
            }
        }
        return names
    }

    /// Folder → the code of its files.
    static func folders() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let manager = FileManager.default
        for folder in try manager.contentsOfDirectory(atPath: sources.path) {
            let path = sources.appendingPathComponent(folder).path
            guard let files = manager.enumerator(atPath: path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                result[folder, default: []].append(code(try String(contentsOfFile: path + "/" + file, encoding: .utf8)))
            }
        }
        return result
    }

    @Test("every folder is a layer, and uses only the layers below it")
    func layering() throws {
        let folders = try Self.folders()
        #expect(Set(folders.keys) == Set(Self.layers), "a new folder needs a place in LayeringTests.layers")
        var owner: [String: String] = [:]
        for (folder, files) in folders {
            for name in files.flatMap(Self.declarations) where owner[name] == nil { owner[name] = folder }
        }
        #expect(owner.count > 100, "the declarations were not found")
        var violations: [String] = []
        for (folder, files) in folders {
            guard let level = Self.layers.firstIndex(of: folder) else { continue }
            var above: [String: Set<String>] = [:]
            for name in files.map(Self.identifiers).reduce(into: Set<String>(), { $0.formUnion($1) }) {
                guard let other = owner[name], let otherLevel = Self.layers.firstIndex(of: other), otherLevel > level else { continue }
                above[other, default: []].insert(name)
            }
            for (other, names) in above.sorted(by: { $0.key < $1.key }) {
                violations.append("\(folder) uses \(other): \(names.sorted().joined(separator: ", "))")
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test("the reader of sources finds declarations and skips comments and strings", arguments: [
        ("public final class A: B {}\n  struct Nested {}\n@usableFromInline package func f() {}", ["A", "f"]),
        ("// struct Hidden\nlet x = \"struct Quoted\"\n/* enum Block */\nenum Shown {}\nlet y = \"\"\"\nstruct InText\n\"\"\"", ["Shown"]),
    ])
    func reader(_ text: String, _ expected: [String]) {
        #expect(Self.declarations(Self.code(text)) == expected)
    }
}
