import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport

/// A queue on a Redis of the test's own (AOF, fsync always), which the test may kill and
/// restart, a stand-in whose calls take `latency`, and a spool folder: what the outage and
/// shutdown tests share. Call `close()` at the end (from `defer`).
struct OutageFixture {
    let server: LocalRedisServer
    let redis: RedisClient
    let queue: OrderQueue
    let mock: TestMockAPI
    let spool: String

    static func make(queue name: String, latency: Duration) async throws -> OutageFixture {
        let server = try await LocalRedisServer.start(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let redis = try await TestRedis.client(server.url)
        let queue = OrderQueue(keys: try QueueKeys(queue: name), redis: redis)
        let mock = try await TestMockAPI.start(MockAPIConfiguration(latency: latency))
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-spool-\(UUID().uuidString)").path
        return OutageFixture(server: server, redis: redis, queue: queue, mock: mock, spool: spool)
    }

    var keys: QueueKeys { queue.keys }

    func close() {
        try? FileManager.default.removeItem(atPath: spool)
        mock.stop()
        redis.shutdown()
        server.stop()
    }
}
