import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The Sentinel flags as an operator meets them: the sentinels' password in a file of its own,
/// the data node's in `--redis-password-file`, and combinations that cannot work refused.
@Suite(.timeLimit(.minutes(2)))
struct RedisSentinelOptionsTests {
    @Test func aCommandReachesTheMasterWithSentinelAndDataPasswordsInFiles() async throws {
        let topology = try await SentinelTopology.start(
            nodeArguments: ["--requirepass", "data-pw-K2"], sentinelArguments: ["--requirepass", "sentinel-pw-J7"])
        defer { topology.stop() }
        let dataFile = try PrivateFile("data-pw-K2\n")
        let sentinelFile = try PrivateFile("sentinel-pw-J7\n")
        defer {
            dataFile.remove()
            sentinelFile.remove()
        }
        let process = try ScriptRun.paylink(
            ["status", "--queue", "sentinel-flags", "--redis-url", topology.url(), "--redis-password-file", dataFile.path,
             "--log-level", "trace"],
            environment: ["PAYLINK_REDIS_SENTINEL_PASSWORD_FILE": sentinelFile.path])
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 0, "\(process.output)")
        #expect(!process.output.contains("data-pw-K2") && !process.output.contains("sentinel-pw-J7"))
    }

    /// `rediss-sentinel://` with `--redis-ca-file`: the flags reach the sentinels' and the
    /// master's TLS connections; without the CA, the system's store refuses the test CA by name.
    @Test func aCommandReachesTheMasterOverTLSWithARedissSentinelURL() async throws {
        let topology = try await TLSSentinelTopology.start(replica: false)
        defer { topology.stop() }
        let hosts = topology.sentinelTLSPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",")
        let url = "rediss-sentinel://\(hosts)/0#\(TLSSentinelTopology.masterName)"
        let process = try ScriptRun.paylink(
            ["status", "--queue", "sentinel-tls", "--redis-url", url, "--redis-ca-file", topology.certificates.ca], environment: [:])
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 0, "\(process.output)")
        let refused = try ScriptRun.paylink(["status", "--queue", "sentinel-tls", "--redis-url", url], environment: [:])
        let exit = try await refused.waitForExit(timeout: .seconds(30))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(refused.output)")
        #expect(refused.output.contains("not signed by a trusted CA"), "\(refused.output)")
    }

    @Test(arguments: [
        (["--redis-url", "redis-sentinel://127.0.0.1:1#m", "--redis-ca-file", "/etc/hostname"], "TLS files need a rediss:// or rediss-sentinel:// URL"),
        (["--redis-url", "redis://127.0.0.1:1/0", "--redis-sentinel-password-file", "/etc/hostname"], "they need a redis-sentinel:// URL"),
        (["--redis-url", "redis-sentinel://127.0.0.1:1#m", "--redis-sentinel-user", "watcher"], "sentinel user 'watcher' has no password"),
        (["--redis-url", "redis-sentinel://127.0.0.1:1"], "missing master name"),
    ])
    func inconsistentSentinelSettingsAreRefusedNamingThem(arguments: [String], expected: String) async throws {
        let process = try ScriptRun.paylink(["status"] + arguments, environment: [:])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(process.output)")
        #expect(process.output.contains(expected), "\(process.output)")
    }

    @Test func aWorldReadableSentinelPasswordFileIsRefused() async throws {
        let file = try PrivateFile("pw\n", mode: 0o644)
        defer { file.remove() }
        let process = try ScriptRun.paylink(
            ["status", "--redis-url", "redis-sentinel://127.0.0.1:1#m"], environment: ["PAYLINK_REDIS_SENTINEL_PASSWORD_FILE": file.path])
        _ = try await process.waitForExit(timeout: .seconds(20))
        #expect(process.output.contains("invalid --redis-sentinel-password-file / PAYLINK_REDIS_SENTINEL_PASSWORD_FILE: \(file.path) is readable by every user"), "\(process.output)")
    }
}
