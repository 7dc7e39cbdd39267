import Testing

/// Waits for a condition by polling (never a fixed sleep), failing the test after `timeout`.
@discardableResult
func poll(
    timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(50), _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation, until condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    Issue.record("timed out after \(timeout) waiting for \(what)", sourceLocation: sourceLocation)
    return false
}
