internal import CRedisTLS

/// What a `rediss://` connection trusts and presents: the CA certificates that verify the
/// server (a PEM file, or the system's store), and an optional client certificate and key for
/// servers that require mutual TLS (`tls-auth-clients yes`).
///
/// The files are read once, when it is created, so a bad file stops a program at start rather
/// than at its first connect. One context serves every client and reconnect of a process.
/// Verification is always on: the server's chain must reach a trusted CA and its certificate must
/// name the host of the URL (a DNS name, or an IP address SAN for an address).
///
/// ```swift
/// let tls = try RedisTLSContext(caFile: "/etc/paylink/redis-ca.pem")
/// var configuration = RedisConfiguration(url: try RedisURL("rediss://redis.internal:6380/0"))
/// configuration.tls = tls
/// ```
public final class RedisTLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is only read once set up here (every session takes its own
    // reference with SSL_new), which OpenSSL allows from any number of threads.
    let context: OpaquePointer
    /// Whether a client certificate is loaded (errors say so when a server asks for one).
    public let hasClientCertificate: Bool

    /// Loads the trust store and the client certificate.
    /// - Parameters:
    ///   - caFile: PEM file of the CA certificates to trust; `nil` trusts the system's store.
    ///   - certificateFile: PEM client certificate (chain) for mutual TLS, or `nil`.
    ///   - keyFile: PEM private key of the client certificate (without a passphrase); `nil` when
    ///     it is in `certificateFile`.
    /// - Throws: `.tlsFailed` naming the file that cannot be used and why.
    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) throws(RedisError) {
        var error = CRedisTLS_error()
        guard keyFile == nil || certificateFile != nil else {
            throw RedisError(code: .tlsFailed, message: "a client key needs its client certificate")
        }
        guard let context = CRedisTLS_context_create(caFile, certificateFile, keyFile, &error) else {
            throw RedisError(code: .tlsFailed, message: cString(error.message))
        }
        self.context = context
        hasClientCertificate = certificateFile != nil
    }

    deinit {
        CRedisTLS_context_free(context)
    }
}
