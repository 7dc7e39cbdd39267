import Logging
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// `rediss://` against real redis-servers with `--tls-port` and a CA made for the test: commands,
/// pipelines, large replies, timeouts and reconnects over TLS, and each refusal with its own
/// message.
@Suite(.timeLimit(.minutes(2)))
struct RedisTLSTests {
    @Test(arguments: ["localhost", "127.0.0.1"])
    func commandsPipelinesAndLargeRepliesFlowOverTLS(host: String) async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.server, certificates: certificates)
        defer { server.stop() }
        let client = try tlsClient(server.tlsURL(host: host), RedisTLSContext(caFile: certificates.ca))
        defer { client.shutdown() }
        let key = uniqueKey()
        // 1 MiB: many TLS records, and replies that arrive in many reads.
        let large = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        _ = try await client.send(RedisCommand("SET", key, large))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(large))
        let replies = try await client.pipeline((0..<1000).map { RedisCommand("INCR", key + ":n\($0 % 10)") })
        #expect(replies.count == 1000 && replies.last == .integer(100))
        #expect(try await client.send(RedisCommand("EVAL", "return ARGV[1]", 0, "over tls")) == .bulk(Array("over tls".utf8)))
    }

    @Test func aBlockingCommandOutlastsTheCommandTimeoutAndAStalledServerTimesOut() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.server, certificates: certificates)
        defer { server.stop() }
        let tls = try RedisTLSContext(caFile: certificates.ca)
        let client = try tlsClient(server.tlsURL(), tls, commandTimeout: .milliseconds(300))
        defer { client.shutdown() }
        let key = uniqueKey()
        // The socket timeout is raised for the blocking command alone, as on the plain path.
        let started = ContinuousClock.now
        #expect(try await client.send(RedisCommand("BLPOP", key, 1), blockingFor: .seconds(1)) == .null)
        #expect(ContinuousClock.now - started >= .milliseconds(900))

        let admin = makeClient(server.server.url)
        defer { admin.shutdown() }
        _ = try await admin.send(RedisCommand("CLIENT", "PAUSE", 1500, "ALL"))
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("INCR", key)) }
        #expect(error?.code == .timedOut, "\(String(describing: error))")
        #expect(error?.command == "INCR")
        #expect(error?.mayHaveExecuted == true)
        let recovered = await eventually(within: .seconds(10)) {
            (try? await client.send(RedisCommand("PING"))) == .status("PONG")
        }
        #expect(recovered)
    }

    @Test func reconnectsAfterTheServerIsKilledAndAuthenticatesAndSelectsOverTLS() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(
            certificate: certificates.server, certificates: certificates, extraArguments: ["--requirepass", "tls-pw-1"])
        defer { server.stop() }
        var url = server.tlsURL(password: "tls-pw-1")
        url.database = 2
        let client = try tlsClient(url, RedisTLSContext(caFile: certificates.ca), commandTimeout: .seconds(10))
        defer { client.shutdown() }
        let key = uniqueKey()
        _ = try await client.send(RedisCommand("SET", key, "before"))
        server.server.kill()
        _ = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        try await server.server.restart()
        let back = await eventually(within: .seconds(10)) {
            (try? await client.send(RedisCommand("SET", key, "after"))) == .status("OK")
        }
        #expect(back)
        #expect(try await client.send(RedisCommand("CLIENT", "INFO")).string?.contains("db=2") == true)
    }

    @Test func aServerSignedByAnotherCAIsRefusedAsUnknownCA() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.server, certificates: certificates)
        defer { server.stop() }
        let error = try await firstError(server.tlsURL(), RedisTLSContext(caFile: certificates.otherCA))
        #expect(error?.code == .tlsFailed)
        #expect(error?.mayHaveExecuted == false)
        #expect(error?.message.contains("the server's certificate is not signed by a trusted CA") == true, "\(String(describing: error))")
    }

    @Test func verificationIsOnByDefaultAgainstTheSystemStore() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.server, certificates: certificates)
        defer { server.stop() }
        // No context given: the client makes one trusting the system's store, which lacks the test CA.
        let client = makeClient(server.tlsURL(), commandTimeout: .seconds(2))
        defer { client.shutdown() }
        let error = await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
        #expect(error?.code == .tlsFailed)
        #expect(error?.message.contains("not signed by a trusted CA") == true, "\(String(describing: error))")
    }

    @Test(arguments: [("localhost", "DNS:redis.example.test, not localhost"), ("127.0.0.1", "DNS:redis.example.test, not 127.0.0.1")])
    func aCertificateForAnotherNameIsRefusedAsNameMismatch(host: String, expected: String) async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.wrongName, certificates: certificates)
        defer { server.stop() }
        let error = try await firstError(server.tlsURL(host: host), RedisTLSContext(caFile: certificates.ca))
        #expect(error?.code == .tlsFailed)
        #expect(error?.message.contains("the server's certificate is for \(expected)") == true, "\(String(describing: error))")
    }

    @Test func anExpiredCertificateIsRefusedAsExpired() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(certificate: certificates.expired, certificates: certificates)
        defer { server.stop() }
        let error = try await firstError(server.tlsURL(), RedisTLSContext(caFile: certificates.ca))
        #expect(error?.code == .tlsFailed)
        #expect(error?.message.contains("the server's certificate expired on ") == true && error?.message.contains(" GMT") == true, "\(String(describing: error))")
    }

    @Test func mutualTLSWorksWithAClientCertificateAndRefusesNoneClearly() async throws {
        let certificates = try await TestCertificates.get()
        let server = try await TLSTestServer.start(
            certificate: certificates.server, certificates: certificates, requireClientCertificate: true)
        defer { server.stop() }
        let withCertificate = try tlsClient(
            server.tlsURL(),
            RedisTLSContext(caFile: certificates.ca, certificateFile: certificates.client.certificate, keyFile: certificates.client.key))
        defer { withCertificate.shutdown() }
        #expect(try await withCertificate.send(RedisCommand("PING")) == .status("PONG"))

        let error = try await firstError(server.tlsURL(), RedisTLSContext(caFile: certificates.ca))
        #expect(error?.code == .tlsFailed)
        #expect(error?.message.contains("the server requires a client certificate") == true, "\(String(describing: error))")
        #expect(error?.message.contains("none is configured") == true, "\(String(describing: error))")
    }

    @Test func aPlainPortIsNamedAsNotTLS() async throws {
        let certificates = try await TestCertificates.get()
        let plain = try await TestRedis.url()
        let url = RedisURL(host: "127.0.0.1", port: plain.port, usesTLS: true)
        let error = try await firstError(url, RedisTLSContext(caFile: certificates.ca))
        // Redis reads the ClientHello as the start of a command and waits for the rest.
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("did not complete it in time (is this a plain redis:// port?)") == true, "\(String(describing: error))")
    }

    @Test func unusableFilesAreNamed() async throws {
        let certificates = try await TestCertificates.get()
        let missing = #expect(throws: RedisError.self) { try RedisTLSContext(caFile: "/nonexistent/ca.pem") }
        #expect(missing?.code == .tlsFailed)
        #expect(missing?.message.contains("cannot load the CA file /nonexistent/ca.pem") == true, "\(String(describing: missing))")
        let mismatched = #expect(throws: RedisError.self) {
            try RedisTLSContext(caFile: certificates.ca, certificateFile: certificates.client.certificate, keyFile: certificates.server.key)
        }
        #expect(mismatched?.message.contains("the client key \(certificates.server.key) does not belong to the client certificate") == true, "\(String(describing: mismatched))")
        let keyAlone = #expect(throws: RedisError.self) { try RedisTLSContext(keyFile: certificates.client.key) }
        #expect(keyAlone?.message.contains("needs its client certificate") == true)
    }

    private func tlsClient(_ url: RedisURL, _ tls: RedisTLSContext, commandTimeout: Duration = .seconds(5)) -> RedisClient {
        var configuration = RedisConfiguration(
            url: url, connectTimeout: .seconds(1), commandTimeout: commandTimeout,
            reconnectBackoffBase: .milliseconds(10), reconnectBackoffCap: .milliseconds(100), name: "test-tls")
        configuration.tls = tls
        var logger = TestRedis.logger
        logger.logLevel = .error
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// What the first command of a new client fails with.
    private func firstError(_ url: RedisURL, _ tls: RedisTLSContext) async -> RedisError? {
        let client = tlsClient(url, tls, commandTimeout: .seconds(2))
        defer { client.shutdown() }
        return await redisError { () async throws(RedisError) in try await client.send(RedisCommand("PING")) }
    }
}
