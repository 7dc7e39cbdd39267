import Testing

@testable import Paylink

/// Batch figures read from a hash anyone with access can edit: sums never trap.
struct BatchStatusTests {
    @Test func ordinaryFiguresAddUp() {
        let status = BatchStatus(batchId: "b", fields: ["total": "10", "succeeded": "4", "failed": "1", "invalid": "1", "unknown": "1"])
        #expect(status.done == 7 && status.pending == 3)
    }

    @Test func hostileFiguresSaturate() {
        let max = String(Int.max)
        let status = BatchStatus(batchId: "b", fields: ["total": String(Int.min), "succeeded": max, "failed": max, "invalid": "1e400", "unknown": "-1"])
        #expect(status.done == Int.max - 1 || status.done == Int.max)
        #expect(status.pending == 0)
        let combined = BatchStatus.combined([status, status])
        #expect(combined?.total == Int.min && combined?.succeeded == Int.max)
    }

    /// Property: for any figures, done and pending are computed without trapping and pending is never negative.
    @Test func anyFiguresGiveANonNegativePending() {
        var random = SplitMix64(seed: 0xBA7C4)
        for _ in 0..<10_000 {
            var fields: [String: String] = [:]
            for name in ["total", "succeeded", "failed", "invalid", "unknown"] {
                fields[name] = String(Int64(bitPattern: random.next()) >> Int64.random(in: 0...63, using: &random))
            }
            let status = BatchStatus(batchId: "b", fields: fields)
            #expect(status.pending >= 0)
            _ = BatchStatus.combined([status, status, status])?.done
        }
    }
}
