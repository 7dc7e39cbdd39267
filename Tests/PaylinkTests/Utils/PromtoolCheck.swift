import Foundation

/// Runs Prometheus's own linter on a scrape: `promtool check metrics` must print nothing at all
/// (it reports lint problems on its output and may still exit 0). CI installs Debian's
/// `prometheus` package for it; where promtool is missing the check is skipped locally,
/// and `PAYLINK_REQUIRE_PROMTOOL=1` (set by CI) turns that into a failure.
enum PromtoolCheck {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func metrics(_ text: String) throws {
        let candidates = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        guard let promtool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            if ProcessInfo.processInfo.environment["PAYLINK_REQUIRE_PROMTOOL"] == "1" {
                throw Failure(description: "promtool is not installed (apt-get install prometheus)")
            }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, printed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Failure(description: "promtool check metrics (exit \(process.terminationStatus)): \(printed)")
        }
    }
}
