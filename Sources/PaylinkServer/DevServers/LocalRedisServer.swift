public import Foundation
import Logging
public import PaylinkRedis

/// A private `redis-server` on a free loopback port, for `paylink demo`, tests and benchmarks.
/// Not for production: there Redis is run by the operator (see Deploy/redis.conf).
public final class LocalRedisServer: @unchecked Sendable {  // `child` is guarded by `lock`.
    /// The server's TCP port on 127.0.0.1.
    public let port: Int
    /// Where the server keeps its files (AOF, RDB, log).
    public let directory: URL
    private let extraArguments: [String]
    /// Written to `redis.conf` in ``directory`` at the first start and passed first: a sentinel
    /// needs a writable file (it records what it learns there, and reads it back on a restart).
    private let configurationFile: String?
    private let lock = NSLock()
    private var child: ChildProcess?

    private init(port: Int, directory: URL, extraArguments: [String], configurationFile: String?) {
        self.port = port
        self.directory = directory
        self.extraArguments = extraArguments
        self.configurationFile = configurationFile
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's URL (without credentials).
    public var url: RedisURL { RedisURL(host: "127.0.0.1", port: port) }

    /// Starts `redis-server` (on `port`, or a free one) and waits until it answers `PING`.
    /// - Parameters:
    ///   - extraArguments: more `redis-server` options, such as `["--requirepass", "pw"]`.
    ///   - configurationFile: the text of a configuration file to start from (a sentinel's
    ///     `sentinel monitor` lines, with `--sentinel` in `extraArguments`).
    public static func start(
        port: Int? = nil, extraArguments: [String] = [], configurationFile: String? = nil
    ) async throws -> LocalRedisServer {
        // A free port can be taken by someone else before redis binds it: try a few.
        var lastError: any Error = LocalServerError("no attempt made")
        for _ in 0..<(port == nil ? 5 : 1) {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("paylink-redis-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let server = LocalRedisServer(
                port: try port ?? LocalPorts.free(), directory: directory, extraArguments: extraArguments,
                configurationFile: configurationFile)
            do {
                try await server.launchAndWait()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Stops the server with SIGTERM and waits for it to exit. Idempotent.
    public func stop() {
        signal(SIGTERM)
    }

    /// Kills the server with SIGKILL (no clean shutdown) and waits for it to exit.
    public func kill() {
        signal(SIGKILL)
    }

    /// Sends `signal` without waiting: SIGSTOP freezes the server (a hung or cut-off master whose
    /// clients get no error, only silence), SIGCONT resumes it.
    public func send(_ signal: Int32) {
        let running = lock.withLock { child }
        running?.send(signal)
    }

    /// Starts the server again on the same port and directory and waits for `PING`.
    public func restart() async throws {
        try await launchAndWait()
    }

    private var pid: Int32? {
        lock.withLock { child?.pid }
    }

    private func signal(_ signal: Int32) {
        lock.lock()
        let running = child
        child = nil
        lock.unlock()
        running?.terminate(with: signal)
    }

    private func launchAndWait() async throws {
        var configuration: [String] = []
        if let configurationFile {
            let path = directory.appendingPathComponent("redis.conf")
            if !FileManager.default.fileExists(atPath: path.path) {
                try configurationFile.write(to: path, atomically: true, encoding: .utf8)
            }
            configuration = [path.path]
        }
        let arguments =
            configuration + [
                "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no",
                "--dir", directory.path, "--logfile", directory.appendingPathComponent("redis.log").path,
            ] + extraArguments
        let process = try ChildProcess(path: try Self.executable(), arguments: arguments)
        lock.withLock { child = process }
        do {
            try await waitForPing(process)
        } catch {
            stop()
            throw error
        }
    }

    /// Polls with `PING` (bounded); any reply, even `NOAUTH`, shows the server is up.
    private func waitForPing(_ process: ChildProcess) async throws {
        let configuration = RedisConfiguration(
            url: url, connectTimeout: .milliseconds(200), commandTimeout: .milliseconds(300),
            reconnectBackoffBase: .milliseconds(10), reconnectBackoffCap: .milliseconds(50), name: "test-ping")
        let client = RedisClient(
            configuration: configuration,
            logger: Logger(label: "LocalRedisServer", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus() {
                throw LocalServerError("redis-server on port \(port) exited with status \(status)")
            }
            var answered = true
            do throws(RedisError) {
                _ = try await client.send(RedisCommand("PING"))
            } catch {
                answered = error.code == .commandFailed || error.code == .authenticationFailed
            }
            if answered {
                try await confirmOwnServer(process, client: client)
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LocalServerError("redis-server on port \(port) did not answer PING within 10 s")
    }

    /// Throws when the server that answered on `port` is not `process`: another test took the
    /// "free" port between ``LocalPorts/free()`` and this server's bind, and this server is
    /// exiting on its failed bind. (Parallel cluster tests once formed a cluster out of another
    /// test's node this way.) A server that wants a password does not say its pid; it counts as
    /// this one if it is still running a moment later.
    private func confirmOwnServer(_ process: ChildProcess, client: RedisClient) async throws {
        if let info = try? await client.send(RedisCommand("INFO", "server")).string,
            let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("process_id:") })
        {
            let pid = line.dropFirst("process_id:".count).trimmingCharacters(in: .whitespaces)
            guard pid == String(process.pid) else {
                throw LocalServerError("port \(port) is served by another redis-server (pid \(pid)), not this one")
            }
            return
        }
        try await Task.sleep(for: .milliseconds(200))
        if let status = process.exitStatus() {
            throw LocalServerError("redis-server on port \(port) exited with status \(status)")
        }
    }

    /// `redis-server` from PATH, /usr/bin or /usr/sbin.
    private static func executable() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"] {
            let candidate = directory + "/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LocalServerError("redis-server not found on PATH; install it (Debian: apt-get install redis-server)")
    }
}
