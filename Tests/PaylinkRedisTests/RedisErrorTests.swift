import PaylinkRedis
import Testing

struct RedisErrorTests {
    @Test func descriptionNamesCommandCodeAndRisk() {
        let error = RedisError(code: .connectionLost, command: "EVALSHA", message: "Connection reset by peer")
        #expect(error.description == "EVALSHA failed: connection lost (Connection reset by peer); it may have run")
    }

    @Test func descriptionWithoutCommand() {
        let error = RedisError(code: .invalidURL, message: "missing host")
        #expect(error.description == "Redis: invalid URL (missing host)")
    }

    @Test func onlyWrittenCommandsMayHaveExecuted() {
        #expect(RedisError(code: .connectionLost, message: "").mayHaveExecuted)
        #expect(RedisError(code: .timedOut, message: "").mayHaveExecuted)
        #expect(!RedisError(code: .connectionFailed, message: "").mayHaveExecuted)
        #expect(!RedisError(code: .cancelled, message: "").mayHaveExecuted)
        #expect(!RedisError(code: .closed, message: "").mayHaveExecuted)
        #expect(!RedisError(code: .commandFailed, message: "").mayHaveExecuted)
    }
}
