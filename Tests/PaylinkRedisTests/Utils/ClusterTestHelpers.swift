import Foundation
import Logging
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport

/// The cluster that non-destructive cluster tests share (3 masters, 3 replicas), started once
/// per test process; tests that move slots or kill nodes start their own.
enum SharedCluster {
    private static let shared = Task<LocalRedisCluster, any Error> {
        let cluster = try await LocalRedisCluster.start()
        atexit { SharedClusterKeeper.stop() }
        SharedClusterKeeper.keep(cluster)
        return cluster
    }

    static func get() async throws -> LocalRedisCluster { try await shared.value }
}

/// Stops the shared cluster at exit (`atexit` cannot capture context). Locking: `lock` guards `cluster`.
private enum SharedClusterKeeper {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cluster: LocalRedisCluster?

    static func keep(_ value: LocalRedisCluster) { lock.withLock { cluster = value } }
    static func stop() { lock.withLock { cluster?.stop() } }
}

/// A key whose slot is in `slots`, with a unique prefix; its hash tag is `{<tag>}`.
func clusterKey(inSlots slots: ClosedRange<Int>, _ label: String = "k") -> String {
    let prefix = UUID().uuidString.prefix(8)
    var index = 0
    while true {
        let key = "\(label):{\(prefix)-\(index)}"
        if slots.contains(RedisKeySlot.slot(of: key)) { return key }
        index += 1
    }
}

/// The hash tag of a key made by ``clusterKey(inSlots:_:)``, for more keys in the same slot.
func hashTag(of key: String) -> String {
    guard let open = key.firstIndex(of: "{"), let close = key.firstIndex(of: "}") else { return key }
    return String(key[open...close])
}
