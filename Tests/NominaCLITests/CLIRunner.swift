import Foundation

/// Runs the built `nomina` binary, the way users do.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        /// The run was stopped after the timeout given to `run`.
        var timedOut = false
        /// Killed by a signal (a crash), rather than exiting.
        var signalled: Bool { reason == .uncaughtSignal }
        var reason: Process.TerminationReason = .exit
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

    /// Runs `nomina` with `arguments`; with a `timeout`, a run still going then is killed
    /// and reported as `timedOut` (a hang guard, far above the expected time).
    static func run(_ arguments: [String], stdin: Data? = nil, timeout: TimeInterval? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // Feed stdin on another thread so a large input cannot deadlock on a full pipe.
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let killed = LockedData()
        if let timeout {
            let pid = process.processIdentifier
            Thread {
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                if process.isRunning { killed.set(Data([1])); kill(pid, SIGKILL) }
            }.start()
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { Thread.sleep(forTimeInterval: 0.005) }
        var result = Result(status: process.terminationStatus, stdout: stdout,
                            stderr: String(decoding: errorData.value, as: UTF8.self))
        result.reason = process.terminationReason
        result.timedOut = killed.isSet
        return result
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
