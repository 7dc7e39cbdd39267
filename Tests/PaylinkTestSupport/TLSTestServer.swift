public import PaylinkRedis
public import PaylinkServer

/// A private `redis-server` that also listens with TLS on a second loopback port, serving one of
/// the ``TestCertificates``. Its plain port stays open for the test's own setup and checks; what
/// a test means to run over TLS is given ``tlsURL``, which reaches only the TLS port.
public struct TLSTestServer: Sendable {
    public let server: LocalRedisServer
    public let tlsPort: Int

    /// `rediss://<host>:<tlsPort>/0`; `host` is what the client verifies the certificate for.
    public func tlsURL(host: String = "localhost", user: String? = nil, password: String? = nil) -> RedisURL {
        RedisURL(host: host, port: tlsPort, username: user, password: password, database: 0, usesTLS: true)
    }

    public func stop() { server.stop() }

    /// Starts a server with `certificate`.
    /// - Parameters:
    ///   - requireClientCertificate: `tls-auth-clients yes` (mutual TLS) instead of `no`.
    ///   - extraArguments: more `redis-server` options (`--requirepass`, ...).
    public static func start(
        certificate: (certificate: String, key: String), certificates: TestCertificates,
        requireClientCertificate: Bool = false, extraArguments: [String] = []
    ) async throws -> TLSTestServer {
        let tlsPort = try LocalPorts.free()
        let arguments = [
            "--tls-port", String(tlsPort), "--tls-cert-file", certificate.certificate, "--tls-key-file", certificate.key,
            "--tls-ca-cert-file", certificates.ca, "--tls-auth-clients", requireClientCertificate ? "yes" : "no",
        ]
        let server = try await LocalRedisServer.start(extraArguments: arguments + extraArguments)
        return TLSTestServer(server: server, tlsPort: tlsPort)
    }
}
