import Foundation

/// A thread-safe counter shared between server handlers and test code.
final class Counter: @unchecked Sendable {  // @unchecked: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.withLock { count += 1 }
    }

    var value: Int {
        lock.withLock { count }
    }
}

/// A thread-safe one-way switch.
final class Flag: @unchecked Sendable {  // @unchecked: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.withLock { value = true }
    }

    var isSet: Bool {
        lock.withLock { value }
    }
}
