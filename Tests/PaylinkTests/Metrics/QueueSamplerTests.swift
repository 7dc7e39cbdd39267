import Foundation
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Prometheus
import Testing

/// `QueueSampler` against a real Redis: the gauges a scrape reads, above all the oldest pending
/// order's age, the one alert that catches a stalled fleet (a histogram of finished orders stays
/// silent when nothing finishes).
@Suite(.timeLimit(.minutes(1)))
struct QueueSamplerTests {
    static func scrape(_ metrics: WorkerMetrics) -> MetricsScrape {
        var text: [UInt8] = []
        metrics.registry.emit(into: &text)
        return MetricsScrape(text: String(decoding: text, as: UTF8.self))
    }

    static func sampler(_ f: QueueFixture, inFlight: Int) -> (WorkerMetrics, QueueSampler) {
        let metrics = WorkerMetrics()
        let target = QueueSampler.Target(keys: f.queue.keys, metrics: metrics.queue(f.queue.keys.queue), inFlight: { inFlight })
        return (metrics, QueueSampler(redis: f.redis, targets: [target], limitedMerchants: [:], metrics: metrics))
    }

    static func element(_ orderId: String, enqueuedAt: Int64?) -> [UInt8] {
        Order(
            orderId: orderId, amount: "100", callbackURL: "https://a.example/c", returnURL: "https://a.example/r",
            enqueuedAt: enqueuedAt
        ).jsonBytes()
    }

    @Test func theOldestPendingOrdersAgeComesFromItsEnqueueTimeAndTheDepthsFromRedis() async throws {
        let f = try await QueueFixture.make("sampler")
        defer { f.close() }
        let now = UnixTime.milliseconds()
        // LPUSH puts the first element at the tail the workers take from: it is the oldest.
        _ = try await f.queue.enqueue([
            Self.element("s-old", enqueuedAt: now - 90_000), Self.element("s-new", enqueuedAt: now - 1_000),
            Self.element("s-newer", enqueuedAt: now),
        ])
        #expect(try await f.queue.pause(reason: "test", by: "tests"))
        let (metrics, sampler) = Self.sampler(f, inFlight: 3)
        await sampler.refresh()

        let scrape = Self.scrape(metrics)
        let queue = ["queue": f.queue.keys.queue]
        let age = scrape.sum("paylink_queue_oldest_age_seconds", queue)
        #expect(age >= 90 && age < 120, "\(age)")
        #expect(scrape.sum("paylink_queue_jobs", queue.merging(["state": "pending"]) { $1 }) == 3)
        #expect(scrape.sum("paylink_queue_jobs", queue.merging(["state": "inflight"]) { $1 }) == 0)
        #expect(scrape.sum("paylink_queue_paused", queue) == 1)
        #expect(scrape.sum("paylink_inflight", queue) == 3)
        #expect(scrape.sum("paylink_queue_sample_failures_total") == 0)
    }

    @Test func anOrderWithoutEnqueueTimeAgesFromWhenTheSamplerFirstSawItAndAnEmptyQueueIsZero() async throws {
        let f = try await QueueFixture.make("sampler-bare")
        defer { f.close() }
        try await f.push("bare-1")
        let (metrics, sampler) = Self.sampler(f, inFlight: 0)
        let queue = ["queue": f.queue.keys.queue]
        await sampler.refresh()
        #expect(Self.scrape(metrics).sum("paylink_queue_oldest_age_seconds", queue) == 0, "first seen now")
        try await Task.sleep(for: .milliseconds(1_100))
        await sampler.refresh()
        let age = Self.scrape(metrics).sum("paylink_queue_oldest_age_seconds", queue)
        #expect(age >= 1 && age < 10, "a lower bound that grows while the same order waits: \(age)")

        _ = try await f.claim()
        try await Task.sleep(for: .milliseconds(1_100))
        await sampler.refresh()
        #expect(Self.scrape(metrics).sum("paylink_queue_oldest_age_seconds", queue) == 0)
        #expect(Self.scrape(metrics).sum("paylink_queue_jobs", queue.merging(["state": "inflight"]) { $1 }) == 1)
    }

    @Test func aSecondScrapeWithinASecondReadsNothingFromRedis() async throws {
        let f = try await QueueFixture.make("sampler-cache")
        defer { f.close() }
        try await f.push("c-1")
        let (metrics, sampler) = Self.sampler(f, inFlight: 0)
        let queue = ["queue": f.queue.keys.queue, "state": "pending"]
        await sampler.refresh()
        try await f.push("c-2")
        await sampler.refresh()
        #expect(Self.scrape(metrics).sum("paylink_queue_jobs", queue) == 1, "cached for a second")
        try await Task.sleep(for: .milliseconds(1_100))
        await sampler.refresh()
        #expect(Self.scrape(metrics).sum("paylink_queue_jobs", queue) == 2)
    }
}
