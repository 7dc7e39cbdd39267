import Glibc
import PaylinkSystem
import Testing

@Suite struct OSThreadTests {
    @Test func runsTheBodyUnderItsNameAndJoinsOnce() throws {
        let seen = Box()
        let thread = try OSThread(name: "paylink-test-thread-long-name") {
            let fd = open("/proc/thread-self/comm", O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            close(fd)
            seen.name = String(decoding: buffer[0..<max(0, count)], as: UTF8.self)
        }
        thread.join()
        thread.join()
        // The kernel keeps 15 bytes of a thread's name.
        #expect(seen.name == "paylink-test-th\n")
    }

    @Test func detachedThreadRuns() async throws {
        let done = Box()
        try OSThread.detached(name: "paylink-detached") { done.name = "ran" }
        let deadline = ContinuousClock.now + .seconds(5)
        while done.name == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(done.name == "ran")
    }

    @Test func trimmingWhitespace() {
        #expect("  key \n\t".trimmingWhitespace() == "key")
        #expect(" \n ".trimmingWhitespace() == "")
        #expect("a b".trimmingWhitespace() == "a b")
        #expect(""[...].trimmingWhitespace() == "")
    }
}

private final class Box: @unchecked Sendable {
    private let lock = Lock()
    private var value: String?
    var name: String? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

@Suite struct MallocArenasTests {
    @Test func capsArenasUnlessTheOperatorChose() {
        // Setting MALLOC_ARENA_MAX here would race with getenv in parallel tests, so only the
        // environment the tests run in is checked.
        #expect(MallocArenas.limit(to: 8) == (getenv("MALLOC_ARENA_MAX") == nil))
    }

    @Test func workerCapGrowsWithCores() {
        let cores = Int32(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #expect(MallocArenas.workerLimit == 2 + max(1, cores) / 2)
        #expect(MallocArenas.workerLimit >= 2)
    }
}
