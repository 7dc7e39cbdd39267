import Glibc
import PaylinkSystem

/// A minimal HTTP/1.1 server for the worker's operator endpoint: `GET`/`HEAD` only, one request
/// per connection, answered by one handler.
///
/// It runs on OS threads, never on Swift's cooperative pool: the accept loop has a thread of its
/// own and each connection gets a short-lived one, so a scrape waiting on Redis never delays a
/// liveness probe, and a starved pool cannot hide behind a probe that still answers. Reads and
/// writes time out after two seconds, requests are capped at 8 KiB, and at most 16 connections
/// are served at once (more are closed at once), so a stuck client cannot pile up threads.
public final class EndpointServer: Sendable {
    public typealias Handler = @Sendable (EndpointRequest) -> EndpointResponse

    /// The address asked for.
    public let address: EndpointAddress
    /// The port bound: `address.port`, or the one the OS chose for port 0.
    public let port: Int
    private let listener: Int32
    /// Written once by `shutdown()` to wake the accept loop's `poll`.
    private let wakeWriter: Int32
    private let thread: OSThread

    static let maxConnections = 16
    static let ioTimeoutSeconds = 2

    /// Binds and listens now (so a taken port fails the start, with its reason), then serves
    /// until `shutdown()`.
    public init(address: EndpointAddress, handler: @escaping Handler) throws(EndpointError) {
        self.address = address
        let listener = try Self.listen(on: address)
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(listener)
            throw EndpointError.system(step: "pipe", address: "\(address)", reason: Self.lastError())
        }
        let slots = ConnectionSlots(limit: Self.maxConnections)
        let wakeReader = pipeEnds[0]
        do {
            thread = try OSThread(name: "paylink-http") {
                Self.acceptLoop(listener: listener, wake: wakeReader, slots: slots, handler: handler)
                close(wakeReader)
            }
        } catch {
            close(listener)
            close(pipeEnds[0])
            close(pipeEnds[1])
            throw EndpointError.system(step: "thread", address: "\(address)", reason: error.description)
        }
        self.listener = listener
        self.wakeWriter = pipeEnds[1]
        self.port = Self.boundPort(of: listener) ?? address.port
    }

    /// Stops accepting and closes the socket; connections being answered finish on their own.
    public func shutdown() {
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
        thread.join()
        close(wakeWriter)
        close(listener)
    }

    private static func acceptLoop(listener: Int32, wake: Int32, slots: ConnectionSlots, handler: @escaping Handler) {
        var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            // accept4 needs _GNU_SOURCE, which the Glibc module lacks; nothing execs meanwhile
            // in the worker, so setting close-on-exec just after is as good.
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors (EMFILE) leaves the connection queued: pause, don't spin.
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { usleep(50_000) }
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            guard slots.take() else {
                close(client)
                continue
            }
            do {
                try OSThread.detached(name: "paylink-http-c") {
                    EndpointConnection(descriptor: client, timeoutSeconds: ioTimeoutSeconds).serve(handler)
                    close(client)
                    slots.release()
                }
            } catch {
                close(client)
                slots.release()
            }
        }
    }

    private static func listen(on address: EndpointAddress) throws(EndpointError) -> Int32 {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host.isEmpty ? nil : address.host, String(address.port), &hints, &found)
        guard status == 0, let first = found else {
            throw EndpointError.system(step: "resolve", address: "\(address)", reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var reason = "no address to bind"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else {
                reason = "socket: " + lastError()
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, Glibc.listen(fd, 64) == 0 {
                return fd
            }
            reason = "bind: " + lastError()
            close(fd)
        }
        throw EndpointError.system(step: "listen", address: "\(address)", reason: reason)
    }

    private static func boundPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        default:
            return nil
        }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
