import PaylinkSystem
import Testing

@Suite struct ConditionTests {
    @Test func timedWaitReturnsAfterTheTimeout() {
        let condition = Condition()
        let start = ContinuousClock.now
        condition.lock()
        condition.wait(timeout: .milliseconds(50))
        condition.unlock()
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(45))
        #expect(waited < .seconds(2))
    }

    @Test func signalWakesAWaitingThread() throws {
        let condition = Condition()
        let flag = Flag()
        let waiter = try OSThread(name: "test-waiter") {
            condition.lock()
            while !flag.isSet { condition.wait(timeout: .seconds(5)) }
            condition.unlock()
        }
        let start = ContinuousClock.now
        condition.lock()
        flag.isSet = true
        condition.signal()
        condition.unlock()
        waiter.join()
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func negativeTimeoutDoesNotBlock() {
        let condition = Condition()
        let start = ContinuousClock.now
        condition.lock()
        condition.wait(timeout: .milliseconds(-5))
        condition.unlock()
        #expect(ContinuousClock.now - start < .milliseconds(500))
    }
}

/// A flag the test thread sets under the condition's lock.
private final class Flag: @unchecked Sendable {
    var isSet = false
}
