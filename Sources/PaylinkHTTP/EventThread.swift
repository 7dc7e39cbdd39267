import Foundation

/// A named OS thread that runs one closure and can be joined exactly once.
///
/// The curl event loop blocks in `epoll_wait`, so it needs a thread of its own rather than
/// a task on Swift's cooperative pool. `@unchecked Sendable`: `thread` and `joined` are guarded
/// by `lock`.
final class EventThread: @unchecked Sendable {
    private let lock = NSLock()
    private var thread: pthread_t?
    private var joined = false

    /// Starts the thread.
    /// - Parameters:
    ///   - name: The thread's name (the OS shows its first 15 bytes), for `top -H` and debuggers.
    ///   - body: The thread's whole work; the thread ends when it returns.
    /// - Throws: `.other` if the OS refuses a new thread.
    init(name: String, body: @escaping @Sendable () -> Void) throws(HTTPClientError) {
        let context = Unmanaged.passRetained(Context(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            let work = Unmanaged<Context>.fromOpaque(context).takeRetainedValue()
            Thread.current.name = work.name
            work.body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            throw HTTPClientError(code: .other, requestSent: false, message: "pthread_create: \(String(cString: strerror(status)))")
        }
        thread = handle
    }

    /// Waits for the thread to end; later and concurrent calls wait for the first one.
    func join() {
        lock.lock()
        defer { lock.unlock() }
        guard !joined, let thread else { return }
        joined = true
        pthread_join(thread, nil)
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
