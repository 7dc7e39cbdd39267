internal import CCurl
import Glibc

/// The event thread's wait: an epoll set holding curl's sockets plus an eventfd that other
/// threads write to wake it.
///
/// epoll reports only the sockets that are ready, so a turn costs the same with 10 or 1,000
/// transfers in flight (`curl_multi_poll` rebuilt and scanned a pollfd for every socket).
/// `@unchecked Sendable`: `wakeup()` is safe from any thread (one `write` to the eventfd);
/// everything else runs on the event thread. The descriptors are closed on deinit.
final class SocketPoller: @unchecked Sendable {
    /// A ready socket and what it is ready for, as curl's CURL_CSELECT_* bits.
    struct Readiness {
        var socket: Int32
        var curlEvents: Int32
    }

    private static let maxEventsPerWait = 512

    private let epoll: Int32
    private let wakeFD: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    /// Which descriptors are in the epoll set, indexed by descriptor, so `watch` issues one
    /// `epoll_ctl` (ADD or MOD) instead of trying MOD and falling back.
    private var registered: [Bool] = []

    /// - Throws: `.other` if the OS refuses an epoll set or an eventfd (out of descriptors).
    init() throws(HTTPClientError) {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw Self.systemError("epoll_create1") }
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = Self.systemError("eventfd")
            close(epoll)
            throw error
        }
        self.epoll = epoll
        self.wakeFD = wakeFD
        events = .allocate(capacity: Self.maxEventsPerWait)
        events.initialize(repeating: epoll_event(), count: Self.maxEventsPerWait)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(epoll)
        close(wakeFD)
        events.deallocate()
    }

    /// Interrupts a `wait` in progress, or makes the next one return at once. Any thread.
    func wakeup() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Watches `socket` for what curl asked (CURL_POLL_IN, _OUT, _INOUT), or stops (_REMOVE).
    func watch(_ socket: Int32, curlWhat what: Int32) {
        guard socket >= 0 else { return }
        let index = Int(socket)
        if index >= registered.count { registered += repeatElement(false, count: index + 1 - registered.count) }
        guard what != CURL_POLL_REMOVE else {
            // curl may have closed the socket already; the kernel dropped it from the set then.
            var unused = epoll_event()
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket, &unused)
            registered[index] = false
            return
        }
        var event = epoll_event()
        event.events = (what & CURL_POLL_IN != 0 ? EPOLLIN.rawValue : 0) | (what & CURL_POLL_OUT != 0 ? EPOLLOUT.rawValue : 0)
        event.data.fd = socket
        // A descriptor number can come back for a new socket after curl closed the old one
        // without a REMOVE; each call falls back to the other operation in that case.
        let first = registered[index] ? EPOLL_CTL_MOD : EPOLL_CTL_ADD
        if epoll_ctl(epoll, first, socket, &event) != 0 {
            let fallback = errno == ENOENT ? EPOLL_CTL_ADD : EPOLL_CTL_MOD
            if errno == ENOENT || errno == EEXIST { _ = epoll_ctl(epoll, fallback, socket, &event) }
        }
        registered[index] = true
    }

    /// Waits up to `milliseconds` (-1: no limit) and calls `body` for every ready curl socket.
    /// - Returns: true when another thread called `wakeup()`.
    func wait(milliseconds: Int32, _ body: (Readiness) -> Void) -> Bool {
        let count = epoll_wait(epoll, events, Int32(Self.maxEventsPerWait), milliseconds)
        var woken = false
        for index in 0..<max(0, Int(count)) {
            let event = events[index]
            if event.data.fd == wakeFD {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, MemoryLayout<UInt64>.size)
                woken = true
                continue
            }
            var curlEvents: Int32 = 0
            if event.events & EPOLLIN.rawValue != 0 { curlEvents |= CURL_CSELECT_IN }
            if event.events & EPOLLOUT.rawValue != 0 { curlEvents |= CURL_CSELECT_OUT }
            if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { curlEvents |= CURL_CSELECT_ERR }
            body(Readiness(socket: event.data.fd, curlEvents: curlEvents))
        }
        return woken
    }

    private static func systemError(_ call: String) -> HTTPClientError {
        HTTPClientError(code: .other, requestSent: false, message: "\(call): \(String(cString: strerror(errno)))")
    }
}
