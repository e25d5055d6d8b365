import Foundation

/// Runs the built `nomina` binary, the way users do.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        /// Whether the process died of a signal (`status` is then the signal's number).
        var signalled = false
        /// Whether it was killed for running past the timeout.
        var timedOut = false
        var output: String { String(decoding: stdout, as: UTF8.self) }
        var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// The `nomina` executable built next to the test bundle.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("nomina")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        // `swift test` puts the test bundle beside the products of the same build.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nomina")
    }()

    /// Runs `nomina` with `arguments`; with a `timeout`, a process still running after it
    /// is killed (and the result says so). `environment` adds to (or, with a nil value,
    /// removes from) the test process's environment.
    static func run(_ arguments: [String], stdin: Data? = nil, timeout: TimeInterval? = nil,
                    environment: [String: String?] = [:]) throws -> Result {
        if environment["NOMINA_CACHE_DIR"] == nil { _ = warmCache }
        return try launch(arguments, stdin: stdin, timeout: timeout, environment: environment)
    }

    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The bundled index in the user's cache, built once before the first test that uses
    /// it: tests run in parallel, and each would otherwise build it (seconds in a debug
    /// build) until one had written it.
    private static let warmCache: Void = { _ = try? launch(["cache", "--build"]) }()

    private static func launch(_ arguments: [String], stdin: Data? = nil, timeout: TimeInterval? = nil,
                               environment: [String: String?] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (name, value) in environment { merged[name] = value }
            process.environment = merged
        }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        let killed = LockedData()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard process.isRunning else { return }
                killed.set(Data())
                kill(process.processIdentifier, SIGKILL)
            }
        }
        // Feed stdin on another thread so a large input cannot deadlock on a full pipe. A
        // command that stops early (a usage error, a bad header) closes its end first: the
        // write then fails with EPIPE, which must not kill the test process (SIGPIPE is
        // ignored, once, and the error dropped: the command's own result is what counts).
        _ = ignoreBrokenPipes
        let writer = Thread {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { Thread.sleep(forTimeInterval: 0.005) }
        return Result(status: process.terminationStatus, stdout: stdout,
                      stderr: String(decoding: errorData.value, as: UTF8.self),
                      signalled: process.terminationReason == .uncaughtSignal, timedOut: killed.isSet)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) { lock.lock(); data = value; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
