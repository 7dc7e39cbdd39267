public import ArgumentParser
public import Logging
public import PaylinkRedis

/// How every command reaches Redis: the URL, the password file, the TLS files, and the sentinels'
/// credentials for a `redis-sentinel://` URL. Each flag has
/// an environment variable, so a unit file can hold paths and no secret.
///
/// Both executables use this one struct (`paylink`'s commands through `RedisOptions`, `paylink
/// demo` directly), so the flags cannot drift apart.
public struct RedisConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("redis-url"),
        help: "redis[s]://[user[:pass]@]host:port/db; rediss:// is TLS; redis-sentinel://[user[:pass]@]host:port[,host:port...][/db]#master asks those sentinels for the master (env PAYLINK_REDIS_URL; default redis://127.0.0.1:6379/0).")
    public var redisURL: String?

    @Option(
        name: .customLong("redis-password-file"),
        help: "File holding the Redis password, one line, not readable by other users; the user, if any, goes in the URL (env PAYLINK_REDIS_PASSWORD_FILE).")
    var passwordFile: String?

    @Option(
        name: .customLong("redis-ca-file"),
        help: "PEM file of the CA certificates that verify a rediss:// server, instead of the system's store (env PAYLINK_REDIS_CA_FILE).")
    var caFile: String?

    @Option(
        name: .customLong("redis-cert-file"),
        help: "PEM client certificate for servers that require one (mutual TLS) (env PAYLINK_REDIS_CERT_FILE).")
    var certificateFile: String?

    @Option(
        name: .customLong("redis-key-file"),
        help: "PEM private key of --redis-cert-file, without a passphrase (env PAYLINK_REDIS_KEY_FILE; default: in the certificate file).")
    var keyFile: String?

    @Option(
        name: .customLong("redis-sentinel-user"),
        help: "ACL user for AUTH on the sentinels of a redis-sentinel:// URL; the URL's own user is the data node's (env PAYLINK_REDIS_SENTINEL_USER).")
    var sentinelUser: String?

    @Option(
        name: .customLong("redis-sentinel-password-file"),
        help: "File holding the sentinels' password (their requirepass), one line, not readable by other users; --redis-password-file is the data node's (env PAYLINK_REDIS_SENTINEL_PASSWORD_FILE).")
    var sentinelPasswordFile: String?

    public init() {}

    /// A configuration for this process's clients, read and checked once: the URL with the
    /// password from its file, and the TLS context (its files loaded) for `rediss://`. Give every
    /// client a copy (with its own `name`), so the files are read once.
    /// - Throws: `ValidationError` naming the flag and its environment variable.
    public func configuration(logger: Logger) throws -> RedisConfiguration {
        let text = redisURL ?? Environment.value("PAYLINK_REDIS_URL") ?? "redis://127.0.0.1:6379/0"
        var url: RedisURL
        do {
            url = try RedisURL(text)
        } catch {
            throw ValidationError("invalid --redis-url / PAYLINK_REDIS_URL: \(error.message)")
        }
        if redisURL != nil, url.password != nil {
            // Review M9: argv is readable by every user of the host (ps, /proc/<pid>/cmdline).
            logger.warning("The Redis password is on the command line (--redis-url), where any local user can read it; pass it with --redis-password-file instead")
        }
        if let path = passwordFile ?? Environment.value("PAYLINK_REDIS_PASSWORD_FILE") {
            guard url.password == nil else {
                throw ValidationError("invalid --redis-password-file / PAYLINK_REDIS_PASSWORD_FILE: the Redis URL has a password too; give it in one place")
            }
            do {
                url.password = try SecretFile.read(path)
            } catch {
                throw ValidationError("invalid --redis-password-file / PAYLINK_REDIS_PASSWORD_FILE: \(error.description)")
            }
        } else if let user = url.username, url.password == nil {
            throw ValidationError("invalid --redis-url / PAYLINK_REDIS_URL: user '\(user)' has no password; give it with --redis-password-file / PAYLINK_REDIS_PASSWORD_FILE")
        }
        var configuration = RedisConfiguration(url: url)
        configuration.sentinel = try sentinelSettings(for: url)
        configuration.tls = try tlsContext(for: url)
        return configuration
    }

    /// The sentinels' own credentials, from their flags; refused without a Sentinel URL.
    private func sentinelSettings(for url: RedisURL) throws -> RedisSentinelSettings {
        let user = sentinelUser ?? Environment.value("PAYLINK_REDIS_SENTINEL_USER")
        let path = sentinelPasswordFile ?? Environment.value("PAYLINK_REDIS_SENTINEL_PASSWORD_FILE")
        guard url.usesSentinel else {
            if user != nil || path != nil {
                throw ValidationError("invalid --redis-sentinel-user / --redis-sentinel-password-file (or PAYLINK_REDIS_SENTINEL_USER, PAYLINK_REDIS_SENTINEL_PASSWORD_FILE): they need a redis-sentinel:// URL")
            }
            return RedisSentinelSettings()
        }
        guard let path else {
            if let user {
                throw ValidationError("invalid --redis-sentinel-user / PAYLINK_REDIS_SENTINEL_USER: sentinel user '\(user)' has no password; give it with --redis-sentinel-password-file / PAYLINK_REDIS_SENTINEL_PASSWORD_FILE")
            }
            return RedisSentinelSettings()
        }
        if let user, user.isEmpty || user.contains(where: { $0.isWhitespace }) {
            throw ValidationError("invalid --redis-sentinel-user / PAYLINK_REDIS_SENTINEL_USER: an ACL user name is not empty and has no spaces")
        }
        do {
            return RedisSentinelSettings(username: user, password: try SecretFile.read(path))
        } catch {
            throw ValidationError("invalid --redis-sentinel-password-file / PAYLINK_REDIS_SENTINEL_PASSWORD_FILE: \(error.description)")
        }
    }

    private func tlsContext(for url: RedisURL) throws -> RedisTLSContext? {
        let ca = caFile ?? Environment.value("PAYLINK_REDIS_CA_FILE")
        let certificate = certificateFile ?? Environment.value("PAYLINK_REDIS_CERT_FILE")
        let key = keyFile ?? Environment.value("PAYLINK_REDIS_KEY_FILE")
        guard url.usesTLS else {
            // A CA or certificate with a plain URL would mean a connection the operator believes
            // encrypted and verified, which it is not.
            if ca != nil || certificate != nil || key != nil {
                throw ValidationError("invalid --redis-ca-file / --redis-cert-file / --redis-key-file (or PAYLINK_REDIS_CA_FILE, PAYLINK_REDIS_CERT_FILE, PAYLINK_REDIS_KEY_FILE): TLS files need a rediss:// or rediss-sentinel:// URL")
            }
            return nil
        }
        if key != nil, certificate == nil {
            throw ValidationError("invalid --redis-key-file / PAYLINK_REDIS_KEY_FILE: it needs --redis-cert-file / PAYLINK_REDIS_CERT_FILE")
        }
        do {
            return try RedisTLSContext(caFile: ca, certificateFile: certificate, keyFile: key)
        } catch {
            let flag =
                if error.message.contains(" CA ") {
                    "--redis-ca-file / PAYLINK_REDIS_CA_FILE"
                } else if error.message.contains("key") {
                    "--redis-key-file / PAYLINK_REDIS_KEY_FILE"
                } else {
                    "--redis-cert-file / PAYLINK_REDIS_CERT_FILE"
                }
            throw ValidationError("invalid \(flag): \(error.message)")
        }
    }
}
