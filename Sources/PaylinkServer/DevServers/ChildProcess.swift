public import Foundation

/// A child process spawned with a clean signal mask, for local servers (demo, tests, benchmarks).
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and Swift's concurrency
/// threads block SIGTERM, so a server started from a test could never be stopped politely.
/// `posix_spawn` with `POSIX_SPAWN_SETSIGMASK` fixes that. Delete this type if
/// `Process` starts resetting the mask on Linux.
public final class ChildProcess: @unchecked Sendable {  // `exited` is guarded by `lock`.
    public let pid: pid_t
    private let lock = NSLock()
    private var exited: Int32?

    /// Spawns `path` with `arguments`; stdin on /dev/null, stdout and stderr appended to
    /// `outputPath` (or /dev/null), stderr to `errorPath` instead when given.
    /// `environment` replaces the parent's environment when given.
    public init(
        path: String, arguments: [String], outputPath: String? = nil, errorPath: String? = nil, environment: [String: String]? = nil
    ) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGTERM)
        sigaddset(&defaultSignals, SIGINT)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&fileActions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        }

        let cArguments = ([path] + arguments).map { strdup($0) }
        defer {
            for argument in cArguments { free(argument) }
        }
        var argv = cArguments + [nil]
        var pid: pid_t = 0
        let cEnvironment = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
        defer { cEnvironment?.forEach { free($0) } }
        var envp = cEnvironment.map { $0 + [nil] }
        let result: Int32
        if envp != nil {
            result = posix_spawn(&pid, path, &fileActions, &attributes, &argv, &envp!)
        } else {
            result = posix_spawn(&pid, path, &fileActions, &attributes, &argv, environ)
        }
        guard result == 0 else { throw LocalServerError("posix_spawn \(path) failed: errno \(result)") }
        self.pid = pid
    }

    deinit {
        terminate(with: SIGKILL)
    }

    /// The exit status if the process has ended, without blocking.
    public func exitStatus() -> Int32? {
        lock.withLock {
            if exited == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exited = status }
            }
            return exited
        }
    }

    /// Sends a signal without waiting (e.g. SIGTERM to start a graceful shutdown).
    public func send(_ signal: Int32) {
        lock.withLock {
            if exited == nil { _ = kill(pid, signal) }
        }
    }

    /// Sends `signal` and waits for the process to exit. Idempotent.
    public func terminate(with signal: Int32) {
        lock.withLock {
            guard exited == nil else { return }
            kill(pid, signal)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exited = status
        }
    }
}
