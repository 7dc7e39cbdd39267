import Foundation
import Paylink
import Testing

/// `--log-format json` as an operator's log collector sees it: nothing on stderr but records.
@Suite(.timeLimit(.minutes(1)))
struct LogFormatTests {
    @Test func aCommandThatFailsEndsWithAJSONRecordNotABareErrorLine() async throws {
        let process = try ScriptRun.paylink(
            ["result", "x-1", "--redis-url", "redis://127.0.0.1:1/0", "--log-format", "json"], environment: [:],
            separateErrors: true)
        let exit = try await process.waitForExit(timeout: .seconds(30))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(String(describing: exit)) \(process.output)")
        let records = JSONLogRecords.parse(process.standardError)
        let last = try #require(records.last, "\(process.standardError)")
        #expect(last["level"]?.stringValue == "error")
        #expect(last["label"]?.stringValue == "paylink")
        #expect(last["msg"]?.stringValue?.contains("connection failed") == true, "\(last)")
        #expect(!process.standardError.contains("Error: "), "\(process.standardError)")
    }

    @Test func aUsageErrorStaysArgumentParsersText() async throws {
        let process = try ScriptRun.paylink(["result", "--log-format", "json", "--no-such-flag"], environment: [:])
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 64)
        #expect(process.output.contains("Usage:"), "\(process.output)")
    }
}
