import Foundation
import PaylinkServer

/// The built `paylink` executable run as a child process, as an operator would run it, with its
/// output captured in a file.
final class PaylinkProcess: Sendable {
    private let child: ChildProcess
    private let outputPath: String

    /// The executable beside the test bundle (`swift build --build-tests` builds both).
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("paylink").path
    }

    init(_ arguments: [String], environment: [String: String]) throws {
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-\(UUID().uuidString).log").path
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        child = try ChildProcess(path: Self.executable, arguments: arguments, outputPath: outputPath, environment: env)
    }

    deinit {
        child.terminate(with: SIGKILL)
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    /// Everything the process wrote to stdout and stderr so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    func signal(_ signal: Int32) {
        child.send(signal)
    }

    /// Waits (polling, bounded) for the process to exit; returns its exit code, or nil on timeout.
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
