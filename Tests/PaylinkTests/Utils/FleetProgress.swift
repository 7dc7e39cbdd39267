/// Result counts sampled every 50 ms, for the stall figure of the Sentinel and Cluster fleet runs.
enum FleetProgress {
    static func sample(_ count: @escaping @Sendable () async throws -> Int) async -> [(ContinuousClock.Instant, Int)] {
        var samples: [(ContinuousClock.Instant, Int)] = []
        while !Task.isCancelled {
            if let value = try? await count() { samples.append((.now, value)) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return samples
    }

    /// The longest time between two samples that showed a new result, from `start` on: how long
    /// the fleet produced nothing that could be seen.
    static func longestStall(_ samples: [(ContinuousClock.Instant, Int)], after start: ContinuousClock.Instant) -> Duration {
        var longest = Duration.zero
        var lastGain: ContinuousClock.Instant?
        var previous: Int?
        for (time, count) in samples where time >= start {
            defer { previous = count }
            guard let before = previous else {
                lastGain = time
                continue
            }
            if count > before {
                if let lastGain { longest = max(longest, time - lastGain) }
                lastGain = time
            }
        }
        return longest
    }
}
