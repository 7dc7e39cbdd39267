import Glibc

/// A named OS thread that runs one closure and can be joined once.
///
/// hiredis and curl block in their calls, so each client gets a thread of its own rather than
/// tasks on Swift's cooperative pool.
public final class OSThread: @unchecked Sendable {  // `joined` is guarded by `lock`.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private let lock = Lock()
    private let thread: pthread_t
    private var joined = false

    /// Starts the thread.
    /// - Parameters:
    ///   - name: The thread's name (the OS keeps its first 15 bytes), for `top -H` and debuggers.
    ///   - body: The thread's whole work; the thread ends when it returns.
    /// - Throws: `StartError` if the OS refuses a new thread.
    public init(name: String, body: @escaping @Sendable () -> Void) throws(StartError) {
        let context = Unmanaged.passRetained(Context(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let work = Unmanaged<Context>.fromOpaque(context).takeRetainedValue()
            OSThread.nameCurrentThread(work.name)
            work.body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            throw StartError(description: "pthread_create: \(String(cString: strerror(status)))")
        }
        thread = handle
    }

    /// Starts a thread nobody joins; the OS frees it when `body` returns.
    public static func detached(name: String, body: @escaping @Sendable () -> Void) throws(StartError) {
        let thread = try OSThread(name: name, body: body)
        thread.lock.withLock {
            thread.joined = true
            pthread_detach(thread.thread)
        }
    }

    /// Waits for the thread to end; later and concurrent calls wait for the first one.
    public func join() {
        lock.lock()
        defer { lock.unlock() }
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    /// Gives the calling thread its OS-visible name.
    ///
    /// The Glibc module does not export `pthread_setname_np` (it needs `_GNU_SOURCE`); writing
    /// the kernel's comm file does the same.
    private static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private final class Context {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
