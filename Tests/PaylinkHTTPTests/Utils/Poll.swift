/// Polls `condition` every 5 ms until it holds; never a fixed sleep standing in for an event.
/// - Returns: true if it held within `timeout`, false if time ran out.
func eventually(within timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
