import Foundation
import PaylinkServer

/// A script, example program or the built `paylink` executable run as a child process
/// (posix_spawn with a clean signal mask), its stdout and stderr captured in a file (or in two,
/// for tests that read machine output on stdout and logs on stderr apart).
final class ScriptRun: Sendable {
    /// The repository's root (where `examples/` and `docs/` live), found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    private let child: ChildProcess
    private let outputPath: String
    private let errorPath: String?

    init(_ path: String, _ arguments: [String], environment: [String: String], separateErrors: Bool = false) throws {
        let name = FileManager.default.temporaryDirectory.appendingPathComponent("script-\(UUID().uuidString)").path
        outputPath = name + ".log"
        errorPath = separateErrors ? name + ".err" : nil
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        child = try ChildProcess(path: path, arguments: arguments, outputPath: outputPath, errorPath: errorPath, environment: env)
    }

    deinit {
        child.terminate(with: SIGKILL)
        try? FileManager.default.removeItem(atPath: outputPath)
        if let errorPath { try? FileManager.default.removeItem(atPath: errorPath) }
    }

    /// The built `paylink` executable, as an operator runs it (`swift build --build-tests` builds
    /// it beside the test bundle).
    /// With `separateErrors`, stderr goes to a file of its own (``standardError``).
    static func paylink(_ arguments: [String], environment: [String: String], separateErrors: Bool = false) throws -> ScriptRun {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("paylink").path
        return try ScriptRun(executable, arguments, environment: environment, separateErrors: separateErrors)
    }

    /// Everything the process wrote to stdout and stderr so far.
    var output: String { standardOutput + standardError }

    /// What it wrote to stdout (and stderr, unless started with `separateErrors`).
    var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// What it wrote to stderr when started with `separateErrors`; empty otherwise.
    var standardError: String { errorPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

    /// The child's process ID.
    var pid: Int32 { child.pid }

    func signal(_ signal: Int32) {
        child.send(signal)
    }

    /// Polls (bounded) for the exit; returns the exit code, or nil on timeout.
    func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = child.exitStatus() {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
