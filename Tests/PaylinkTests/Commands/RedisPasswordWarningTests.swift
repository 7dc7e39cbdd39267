import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import Testing

/// Review M9: a Redis password on the command line is readable by every local user (`ps`), so
/// paylink says so, and never repeats the password itself.
@Suite(.timeLimit(.minutes(1)))
struct RedisPasswordWarningTests {
    @Test(arguments: ["text", "json"])
    func aPasswordInRedisURLIsWarnedAboutAndOneInTheEnvironmentIsNot(format: String) async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--requirepass", "s3cret-Xy7"])
        defer { server.stop() }
        let url = "redis://:s3cret-Xy7@127.0.0.1:\(server.url.port)/0"
        let logging = ["--log-format", format, "--log-level", "trace"]

        let flagged = try ScriptRun.paylink(["status", "--queue", "pw-warning", "--redis-url", url] + logging, environment: [:], separateErrors: true)
        #expect(try await flagged.waitForExit(timeout: .seconds(30)) == 0, "\(flagged.output)")
        #expect(flagged.standardError.contains("The Redis password is on the command line"), "\(flagged.standardError)")
        #expect(!flagged.output.contains("s3cret-Xy7"))
        if format == "json" {
            let warning = JSONLogRecords.parse(flagged.standardError).first { $0["msg"]?.stringValue?.contains("password") == true }
            #expect(warning?["level"]?.stringValue == "warning", "\(flagged.standardError)")
        }

        let wrong = "redis://:wr0ng-Pw9@127.0.0.1:\(server.url.port)/0"
        let refused = try ScriptRun.paylink(["status", "--queue", "pw-warning"] + logging, environment: ["PAYLINK_REDIS_URL": wrong])
        #expect(try await refused.waitForExit(timeout: .seconds(30)) != 0, "\(refused.output)")
        #expect(!refused.output.contains("wr0ng-Pw9"), "a refused password is not echoed either: \(refused.output)")

        let quiet = try ScriptRun.paylink(["status", "--queue", "pw-warning"] + logging, environment: ["PAYLINK_REDIS_URL": url])
        #expect(try await quiet.waitForExit(timeout: .seconds(30)) == 0, "\(quiet.output)")
        #expect(!quiet.output.contains("password is on the command line"))
    }
}
