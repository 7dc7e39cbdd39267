import ArgumentParser
import Foundation
import Logging
import Paylink
import PaylinkCLI
import PaylinkDashboard
import PaylinkRedis
import ServiceLifecycle
import UnixSignals

/// `paylink dashboard [serve]`: the operators' web dashboard and its JSON API over the fleet's
/// Redis; `paylink dashboard hash-password` makes a users file's hash.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve the operators' web dashboard and its JSON API (/api/) over the queues' Redis.",
        subcommands: [DashboardServeCommand.self, DashboardHashPasswordCommand.self], defaultSubcommand: DashboardServeCommand.self)
}

/// `paylink dashboard serve` (the default).
struct DashboardServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the dashboard (the default: paylink dashboard --address ...).",
        discussion: """
            Off loopback it needs credentials: PAYLINK_DASHBOARD_USERS_FILE (one user a line: name, bcrypt hash, \
            admin or viewer) and/or PAYLINK_DASHBOARD_TOKEN_FILE (one line, a bearer token of at least 24 \
            characters with the admin role). Both files must not be readable by other users. Without either, \
            it listens only on loopback and every local browser is admin (unless --read-only). Serve it \
            behind a TLS proxy when others reach it. The API is described in docs/dashboard-api.md.
            """)

    @Option(help: "HOST:PORT to listen on (env PAYLINK_DASHBOARD_ADDRESS; default 127.0.0.1:8080; port 0 picks one).")
    var address: String?

    @Option(help: "Comma-separated queues to show, each with --shards (env PAYLINK_DASHBOARD_QUEUES; default: PAYLINK_QUEUE or \"default\", and every queue the live workers serve).")
    var queues: String?

    @Option(help: "Shards each queue of --queues is split into (env PAYLINK_SHARDS; default 1).")
    var shards: Int?

    @Flag(name: .customLong("read-only"), help: "Refuse every action (retry, resolve, purge, pause, resume).")
    var readOnly = false

    @Option(name: .customLong("secure-cookies"), help: "auto (Secure when X-Forwarded-Proto is https) or always (default auto).")
    var secureCookies: String = "auto"

    @OptionGroup var redisConnection: RedisConnectionOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "paylink.dashboard")
        let configuration = try dashboardConfiguration()
        let redisConfiguration = try redisConnection.configuration(logger: logger)
        var clientConfiguration = redisConfiguration
        clientConfiguration.name = "redis-dashboard"
        let redis = RedisClient(configuration: clientConfiguration, logger: logger)
        defer { redis.shutdown() }
        let dashboard: Dashboard
        do {
            dashboard = try Dashboard(configuration: configuration, redis: redis, logger: logger)
        } catch {
            throw ValidationError(error.description)
        }
        let host = configuration.address.host
        let server = DashboardServer(dashboard: dashboard) { port in
            // Unbuffered, so a script waiting for this line sees it at once.
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("dashboard listening on http://\(shown):\(port)\n".utf8))
        }
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The flags and environment, read and checked; the credential files read once.
    func dashboardConfiguration() throws -> DashboardConfiguration {
        do {
            var configuration = DashboardConfiguration()
            configuration.address = try DashboardAddress(parsing: address ?? Environment.value("PAYLINK_DASHBOARD_ADDRESS") ?? "127.0.0.1:8080")
            configuration.readOnly = readOnly
            guard let cookies = DashboardConfiguration.SecureCookies(rawValue: secureCookies) else {
                throw ValidationError("invalid --secure-cookies: \"\(secureCookies)\" must be auto or always")
            }
            configuration.secureCookies = cookies
            let count = try shardCount()
            let named = queues ?? Environment.value("PAYLINK_DASHBOARD_QUEUES")
            let names = (named ?? Environment.value("PAYLINK_QUEUE") ?? "default").split(separator: ",").map(String.init)
            guard !names.isEmpty, names.count <= 256 else { throw ValidationError("invalid --queues: give 1-256 comma-separated names") }
            configuration.queues = try names.map { name in
                do {
                    return try QueueShards(queue: name, count: count)
                } catch {
                    throw ValidationError("invalid --queues: \(error)")
                }
            }
            configuration.discovers = named == nil
            if let path = Environment.value("PAYLINK_DASHBOARD_USERS_FILE") {
                let text: String
                do {
                    // A MiB holds thousands of users; past it the file is not a users file.
                    text = try SecretFile.readText(path, maxBytes: 1 << 20)
                } catch {
                    throw ValidationError("invalid PAYLINK_DASHBOARD_USERS_FILE: \(error.description)")
                }
                configuration.users = try DashboardUsers(parsing: text)
            }
            if let path = Environment.value("PAYLINK_DASHBOARD_TOKEN_FILE") {
                do {
                    configuration.token = Secret(try SecretFile.read(path))
                } catch {
                    throw ValidationError("invalid PAYLINK_DASHBOARD_TOKEN_FILE: \(error.description)")
                }
            }
            try configuration.validate()
            return configuration
        } catch let error as DashboardSetupError {
            throw ValidationError(error.description)
        }
    }

    private func shardCount() throws -> Int {
        let text = Environment.value("PAYLINK_SHARDS")
        let count = shards ?? text.map { Int($0) ?? -1 } ?? 1
        guard (1...1024).contains(count) else {
            throw ValidationError("invalid --shards / PAYLINK_SHARDS: must be a whole number from 1 to 1024")
        }
        return count
    }
}
