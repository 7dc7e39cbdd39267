import Foundation
import PaylinkRedis
import PaylinkServer
import Testing

/// Review M9: a Redis password on the command line is readable by every local user (`ps`), so
/// paylink says so, and never repeats the password itself.
@Suite(.timeLimit(.minutes(1)))
struct RedisPasswordWarningTests {
    @Test func aPasswordInRedisURLIsWarnedAboutAndOneInTheEnvironmentIsNot() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--requirepass", "s3cret-Xy7"])
        defer { server.stop() }
        let url = "redis://:s3cret-Xy7@127.0.0.1:\(server.url.port)/0"

        let flagged = try ScriptRun.paylink(["status", "--queue", "pw-warning", "--redis-url", url], environment: [:])
        #expect(try await flagged.waitForExit(timeout: .seconds(30)) == 0, "\(flagged.output)")
        #expect(flagged.output.contains("The Redis password is on the command line"))
        #expect(!flagged.output.contains("s3cret-Xy7"))

        let quiet = try ScriptRun.paylink(["status", "--queue", "pw-warning"], environment: ["PAYLINK_REDIS_URL": url])
        #expect(try await quiet.waitForExit(timeout: .seconds(30)) == 0, "\(quiet.output)")
        #expect(!quiet.output.contains("password is on the command line"))
    }
}
