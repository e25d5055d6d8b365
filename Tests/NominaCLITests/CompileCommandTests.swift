import Foundation
import Testing

@Suite("nomina compile and --index (the built binary)")
struct CompileCommandTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-compile-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The bundled dictionaries plus a small bulk file, compiled once.
    static let extra: String = {
        let path = directory.appendingPathComponent("extra.tsv").path
        let text = """
            # nomina-bulk 1
            x-springfield-1\tcity\tSpringfield\t\t\t\t\t\t\t
            x-springfield-2\tcity\tSpringfield\t\t\t\t\t\t\t
            x-vila\tcity\tVila Nova de Teste\tVilanova\t\t\t\t\t\t

            """
        precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write \(path)")
        return path
    }()

    /// Compiled once for every test (the compile command's own output is checked here).
    static let compiled: (path: String, result: CLIRunner.Result) = {
        let path = directory.appendingPathComponent("index.nomina").path
        return (path, try! CLIRunner.run(["compile", extra, "-o", path]))
    }()

    static let text = """
        Talks on Naqqa resumed in Baku while the Aya-Yaah parties met in Springfield.
        纳卡地区局势紧张。Лавров встретился с министрами; Vilanova and Vila Nova de Teste.
        Nothing to see here.

        """

    @Test("normalize and resolve give the same output with --index as with the dictionaries")
    func sameOutput() throws {
        #expect(Self.compiled.result.status == 0, "\(Self.compiled.result.stderr)")
        // The bundled set (34,000 cities and the curated files) and the test dictionary.
        let count = Self.compiled.result.stderr.split(separator: " ").drop { $0 != "compiled" }.dropFirst().first.flatMap { Int($0) }
        #expect((count ?? 0) > 34_000, "\(Self.compiled.result.stderr)")
        #expect(Self.compiled.result.stdout.isEmpty)
        let index = Self.compiled.path
        for mode in ["replace", "annotate"] {
            let plain = try CLIRunner.run(["normalize", "--dictionary", Self.extra, "--mode", mode], stdin: Data(Self.text.utf8))
            let mapped = try CLIRunner.run(["normalize", "--index", index, "--mode", mode], stdin: Data(Self.text.utf8))
            #expect(plain.status == 0 && mapped.status == 0, "\(mapped.stderr)")
            #expect(mapped.output == plain.output)
            #expect(mapped.lines.count == 3)
        }
        #expect(try CLIRunner.run(["normalize", "--index", index], stdin: Data(Self.text.utf8)).output.contains("Nagorno-Karabakh resumed"))
        let queries = ["Naqqa", "Springfield", "Vilanova", "Azerbaidzhan", "chair", "中俄"]
        let plain = try CLIRunner.run(["resolve", "--format", "jsonl", "--dictionary", Self.extra] + queries)
        let mapped = try CLIRunner.run(["resolve", "--format", "jsonl", "--index", index] + queries)
        #expect(mapped.status == 0)
        #expect(mapped.output == plain.output)
        #expect(mapped.lines[1].contains("\"outcome\":\"ambiguous\""))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let refusals: [Refusal] = [
        Refusal(arguments: ["normalize", "--index", "/nonexistent/x.nomina"], status: 1, message: "/nonexistent/x.nomina: No such file"),
        Refusal(arguments: ["normalize", "--index", "@TEXT"], status: 1, message: "not a compiled Nomina index"),
        Refusal(arguments: ["resolve", "--index", "@TEXT", "Baku"], status: 1, message: "not a compiled Nomina index"),
        Refusal(arguments: ["normalize", "--index", "@INDEX", "--dictionary", "@TEXT"], status: 2, message: "not both"),
        Refusal(arguments: ["normalize", "--index", "@INDEX", "--no-bundled"], status: 2, message: "not both"),
        Refusal(arguments: ["compile", "--no-bundled", "-o", "@OUT"], status: 2, message: "nothing to compile"),
        Refusal(arguments: ["compile", "-o", "/nonexistent/dir/x.nomina"], status: 1, message: "/nonexistent/dir/x.nomina"),
        Refusal(arguments: ["compile"], status: 2, message: "--output"),
        Refusal(arguments: ["normalize", "--verify-index"], status: 2, message: "--verify-index needs --index"),
        Refusal(arguments: ["normalize", "--index", "@DAMAGED", "--verify-index"], status: 1,
                message: "damaged index (its checksum does not match its contents); rebuild it with `nomina compile`"),
        // Without --verify-index, the checksums of the arrays catch the same flip at open.
        Refusal(arguments: ["normalize", "--index", "@DAMAGED"], status: 1, message: "damaged index (a checksum does not match"),
        Refusal(arguments: ["resolve", "--index", "@OLDFORMAT", "Baku"], status: 1,
                message: "index format version 2, but this Nomina reads version 14; rebuild it with `nomina compile`"),
        // A newer index: this Nomina is the one to replace (found by the new-user review).
        Refusal(arguments: ["resolve", "--index", "@NEWFORMAT", "Baku"], status: 1,
                message: "index format version 99, but this Nomina reads version 14; it was made by a newer Nomina"),
        // Not files: refused at once (a FIFO is not read, so nothing waits for a writer).
        Refusal(arguments: ["normalize", "--index", "@FIFO"], status: 1, message: "@FIFO: not a regular file but a FIFO"),
        Refusal(arguments: ["resolve", "--index", "@DIRECTORY", "Baku"], status: 1, message: "@DIRECTORY: not a regular file but a directory"),
        Refusal(arguments: ["normalize", "--index", "/dev/null"], status: 1, message: "/dev/null: not a regular file but a character device"),
        // A socket cannot be opened at all (found by the attacker review: "No such device or address").
        Refusal(arguments: ["resolve", "--index", "@SOCKET", "Baku"], status: 1, message: "@SOCKET: not a regular file but a socket"),
    ]

    /// A Unix socket bound to a path (and never listened on).
    static let socketPath: String = {
        let path = directory.appendingPathComponent("socket.nomina").path
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        precondition(descriptor >= 0, "cannot make a socket")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        precondition(path.utf8.count < capacity, "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        precondition(bound == 0, "cannot bind \(path)")
        return path
    }()

    /// A FIFO with no writer: reading it would wait forever.
    static let fifo: String = {
        let path = directory.appendingPathComponent("fifo.nomina").path
        unlink(path)
        precondition(mkfifo(path, 0o600) == 0, "cannot make \(path)")
        return path
    }()

    /// A copy of the compiled index that says it is of format 2.
    static let oldFormat: String = withFormat(2)
    static let newFormat: String = withFormat(99)

    /// A copy of the compiled index whose header names another format version.
    static func withFormat(_ version: UInt8) -> String {
        var bytes = [UInt8](try! Data(contentsOf: URL(fileURLWithPath: compiled.path)))
        bytes[24] = version
        let path = directory.appendingPathComponent("format-\(version).nomina").path
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A copy of the small fixture index (under `IndexChecks.smallFile`, so every byte is
    /// checked when it is opened) with one bit flipped in its middle.
    static let damaged: String = {
        var bytes = [UInt8](try! Data(contentsOf: URL(fileURLWithPath: small)))
        bytes[bytes.count / 2] ^= 0x10
        let path = directory.appendingPathComponent("damaged.nomina").path
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }()

    @Test("--verify-index accepts an intact index")
    func verifies() throws {
        let result = try CLIRunner.run(["normalize", "--index", Self.compiled.path, "--verify-index"], stdin: Data("Naqqa\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == "Nagorno-Karabakh\n")
    }

    @Test("unusable indexes and arguments are refused in one sentence", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let index = Self.compiled.path
        let places = ["@TEXT": Self.extra, "@INDEX": index, "@DAMAGED": Self.damaged, "@OLDFORMAT": Self.oldFormat, "@NEWFORMAT": Self.newFormat,
                      "@FIFO": Self.fifo, "@SOCKET": Self.socketPath, "@DIRECTORY": Self.directory.path, "@OUT": Self.directory.appendingPathComponent("out").path]
        let arguments = refusal.arguments.map { places[$0] ?? $0 }
        let message = places.reduce(refusal.message) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        let result = try CLIRunner.run(arguments, stdin: Data("Baku\n".utf8), timeout: 120)
        #expect(!result.timedOut)
        #expect(result.status == refusal.status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        if refusal.status == 1 {
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }
}
