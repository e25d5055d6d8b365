import Foundation
import Testing

/// What the attacker review of 2026-12-05 found about outputs and input framing: files that
/// are replaced must be files, write errors must not exit 0, a byte order mark must not
/// shift CSV framing, and codes must read back as written.
@Suite("Outputs and framing (the built binary)")
struct OutputSafetyTests {
    static func folder() throws -> URL { try HostileInputTests.temporaryFolder() }

    static func smallDictionary(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("small.yaml").path
        try "entities:\n  - {id: x-one, name: Foo, kind: region}\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("compile refuses a FIFO and standard output, follows a link and keeps the replaced file's mode")
    func compileOutputs() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dictionary = try Self.smallDictionary(in: folder)
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let refused = try CLIRunner.run(["compile", "--no-bundled", "-o", fifo, dictionary])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("exists and is not a regular file"), "\(refused.stderr)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        let dash = try CLIRunner.run(["compile", "--no-bundled", "-o", "-", dictionary])
        #expect(dash.status == 1)
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
        // A link is followed: the file it points to is replaced, with its mode.
        let file = folder.appendingPathComponent("index.nomina").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        #expect(chmod(file, 0o600) == 0)
        let link = folder.appendingPathComponent("link.nomina").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "index.nomina")
        let compiled = try CLIRunner.run(["compile", "--no-bundled", "-o", link, dictionary])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600 && info.st_size > 0)
        let resolved = try CLIRunner.run(["resolve", "--index", link, "--format", "tsv", "Foo"])
        #expect(resolved.lines.first?.hasPrefix("Foo\tx-one\t") == true, "\(resolved.output) \(resolved.stderr)")
    }

    @Test("a write error exits 1 with one sentence", arguments: [
        ["export"], ["resolve", "Paris"], ["key", "Naka"], ["generate", "countries", "-o", "-"],
    ])
    func fullDisk(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = arguments.map { "'" + $0 + "'" }.joined(separator: " ")
        process.arguments = ["-c", "'\(CLIRunner.executable.path)' \(quoted) > /dev/full"]
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(arguments): \(message)")
        #expect(message.contains("No space left on device"), "\(message)")
    }

    @Test("a byte order mark before a quoted first CSV field: two records, offsets from the field, the mark kept")
    func byteOrderMarkInCSV() throws {
        let input = Data([0xEF, 0xBB, 0xBF] + Array("\"Naka\nBaku\",x\n\"Lavrov\",y\n".utf8))
        let annotated = try CLIRunner.run(["normalize", "--format", "csv", "--mode", "annotate"], stdin: input)
        #expect(annotated.status == 0, "\(annotated.stderr)")
        #expect(annotated.output.contains("\"\"start\"\":0,\"\"end\"\":4,\"\"text\"\":\"\"Naka\"\""), "\(annotated.output)")
        #expect(annotated.output.filter { $0 == "\n" }.count == 3)  // two records, the first of two lines
        let header = Data([0xEF, 0xBB, 0xBF] + Array("\"text\",\"b\"\r\n\"Naka\",\"x\"\r\n".utf8))
        let replaced = try CLIRunner.run(["normalize", "--format", "csv", "--column", "text"], stdin: header)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(Array(replaced.stdout.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(replaced.output.contains("\"Nagorno-Karabakh\",\"x\"\r\n"), "\(replaced.output)")
    }

    @Test("a header with two columns of the name --column gives is refused in one sentence")
    func duplicateHeaderColumn() throws {
        let result = try CLIRunner.run(["normalize", "--format", "csv", "--column", "text"], stdin: Data("id,text,text\n1,Naka,Baku\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("two columns \"text\" (2 and 3)"), "\(result.stderr)")
        let byNumber = try CLIRunner.run(["normalize", "--format", "csv", "--column", "3"], stdin: Data("id,text,text\n1,Naka,Baku\n".utf8))
        #expect(byNumber.status == 0)
        #expect(byNumber.output == "id,text,text\n1,Naka,Baku\n")
    }

    @Test("a long bad language tag is quoted to 40 characters")
    func longLanguageTag() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tag.tsv").path
        try ("# nomina-bulk 1\nzz-town\tcity\tZedtown\tZed\t" + String(repeating: "x", count: 5_000) + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", "--no-bundled", path])
        #expect(result.status == 1)
        #expect(result.output.contains(String(repeating: "x", count: 40) + "…\""), "\(result.output.prefix(300))")
        #expect(!result.output.contains(String(repeating: "x", count: 41)))
    }

    @Test("a bulk file may start with a byte order mark")
    func byteOrderMarkInBulk() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bom.tsv").path
        try Data([0xEF, 0xBB, 0xBF] + Array("# nomina-bulk 1\nzz-town\tcity\tZedtown\n".utf8)).write(to: URL(fileURLWithPath: path))
        let result = try CLIRunner.run(["validate", "--no-bundled", path])
        #expect(result.status == 0, "\(result.output) \(result.stderr)")
    }

    @Test("a code holding ';', '=' or a tab is refused at its line and column (it would read back as other codes)",
          arguments: ["\"12;alpha3=ZZZ\"", "\"a=b\"", "\"x\\ty\""])
    func codesReadBack(_ code: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("codes.yaml").path
        try "entities:\n  - id: rt-a\n    name: Foo\n    kind: region\n    codes: {geonames: \(code)}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", "--no-bundled", path])
        #expect(result.status == 1)
        #expect(result.output.contains("codes.yaml:5:"), "\(result.output)")
        #expect(result.output.contains("may not contain"), "\(result.output)")
    }
}
