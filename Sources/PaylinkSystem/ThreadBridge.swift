/// Runs async work from a plain OS thread and waits for it, with a deadline.
///
/// For threads that serve outside Swift's cooperative pool (the operator endpoint) and need a
/// value only async code can get (a Redis reply). Never call it from a task: it blocks its thread.
public enum ThreadBridge {
    /// - Returns: the value, or nil when `timeout` passed first (the task is then cancelled and
    ///   its value, if it still comes, dropped).
    public static func wait<T: Sendable>(timeout: Duration, _ body: @escaping @Sendable () async -> T) -> T? {
        let box = Box<T>()
        let task = Task { box.put(await body()) }
        let value = box.take(before: ContinuousClock.now + timeout)
        if value == nil { task.cancel() }
        return value
    }

    private final class Box<T: Sendable>: @unchecked Sendable {  // `condition` guards `value`.
        private let condition = Condition()
        private var value: T?

        func put(_ value: T) {
            condition.lock()
            self.value = value
            condition.broadcast()
            condition.unlock()
        }

        func take(before deadline: ContinuousClock.Instant) -> T? {
            condition.lock()
            defer { condition.unlock() }
            while value == nil {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { break }
                condition.wait(timeout: left)
            }
            return value
        }
    }
}
