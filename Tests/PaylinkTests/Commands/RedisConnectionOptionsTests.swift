import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// The Redis connection flags as an operator meets them: the password file's rules, TLS files
/// that need a rediss:// URL, and a refused certificate named by the command that met it.
@Suite(.timeLimit(.minutes(2)))
struct RedisConnectionOptionsTests {
    @Test func aPasswordFileAuthenticatesAndIsNeverShown() async throws {
        let server = try await LocalRedisServer.start(extraArguments: ["--requirepass", "file-pw-Q4z"])
        defer { server.stop() }
        let file = try PrivateFile("file-pw-Q4z\r\n")
        defer { file.remove() }
        let url = "redis://127.0.0.1:\(server.port)/0"
        let status = try ScriptRun.paylink(
            ["status", "--queue", "pw-file", "--redis-url", url, "--redis-password-file", file.path, "--log-level", "trace"], environment: [:])
        #expect(try await status.waitForExit(timeout: .seconds(30)) == 0, "\(status.output)")
        #expect(!status.output.contains("file-pw-Q4z"))
        #expect(!status.output.contains("password is on the command line"))
    }

    @Test(arguments: [
        (0o644, "file-pw", "is readable by every user of this host (mode 644); make it private first: chmod o-rwx"),
        (0o600, "\n", "is empty"),
        (0o600, "one\ntwo\n", "holds more than one line"),
        (0o640, String(repeating: "p", count: 5000), "is larger than 4096 bytes"),
    ] as [(mode_t, String, String)])
    func aBadPasswordFileIsRefusedNamingWhy(mode: mode_t, contents: String, expected: String) async throws {
        let file = try PrivateFile(contents, mode: mode)
        defer { file.remove() }
        let process = try ScriptRun.paylink(["status", "--redis-url", "redis://127.0.0.1:1/0"], environment: ["PAYLINK_REDIS_PASSWORD_FILE": file.path])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(process.output)")
        #expect(process.output.contains("invalid --redis-password-file / PAYLINK_REDIS_PASSWORD_FILE: \(file.path) \(expected)"), "\(process.output)")
        #expect(!process.output.contains("file-pw"))
    }

    @Test(arguments: [
        (["--redis-url", "redis://:in-url@127.0.0.1:1/0", "--redis-password-file", "/etc/hostname"], "the Redis URL has a password too"),
        (["--redis-url", "redis://paylink@127.0.0.1:1/0"], "user 'paylink' has no password; give it with --redis-password-file"),
        (["--redis-url", "redis://127.0.0.1:1/0", "--redis-ca-file", "/etc/hostname"], "TLS files need a rediss:// or rediss-sentinel:// URL"),
        (["--redis-url", "rediss://127.0.0.1:1/0", "--redis-key-file", "/etc/hostname"], "--redis-key-file / PAYLINK_REDIS_KEY_FILE: it needs --redis-cert-file"),
        (["--redis-url", "rediss://127.0.0.1:1/0", "--redis-ca-file", "/nonexistent.pem"], "invalid --redis-ca-file / PAYLINK_REDIS_CA_FILE: cannot load the CA file /nonexistent.pem"),
        (["--redis-url", "rediss://127.0.0.1:1/0", "--redis-cert-file", "/nonexistent.pem"], "invalid --redis-cert-file / PAYLINK_REDIS_CERT_FILE: cannot load the client certificate file /nonexistent.pem"),
        (["--redis-url", "http://127.0.0.1:1/0"], "expected redis:// or rediss://"),
    ])
    func inconsistentConnectionSettingsAreRefusedNamingThem(arguments: [String], expected: String) async throws {
        let process = try ScriptRun.paylink(["status"] + arguments, environment: [:])
        let exit = try await process.waitForExit(timeout: .seconds(20))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(process.output)")
        #expect(process.output.contains(expected), "\(process.output)")
        #expect(!process.output.contains("in-url"))
    }

    @Test func aCommandNamesTheCertificateProblemItMet() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.expired, certificates: certificates)
        defer { server.stop() }
        let process = try ScriptRun.paylink(
            ["status", "--redis-url", "rediss://localhost:\(server.tlsPort)/0"], environment: ["PAYLINK_REDIS_CA_FILE": certificates.ca])
        let exit = try await process.waitForExit(timeout: .seconds(30))
        #expect(exit.map { $0 != 0 && $0 < 128 } == true, "\(process.output)")
        #expect(process.output.contains("TLS failed (TLS handshake with localhost:\(server.tlsPort) failed: the server's certificate expired on"), "\(process.output)")
    }
}
