import Paylink
import Synchronization

/// Each live worker's rate of final results per second, from the change in its heartbeat's
/// `ordersDone` between two readings at least ``minimumSpan`` apart.
///
/// Heartbeats carry a running count, not a rate, so the dashboard keeps the previous reading per
/// worker; the first reading of a worker has no rate yet (nil). A count that goes down (the hash
/// was rewritten) starts over rather than showing a negative rate.
final class WorkerRates: Sendable {
    struct Reading {
        var ordersDone: Int
        /// Unix ms (Redis clock) of the beat that carried it.
        var at: Int64
        var rate: Double?
    }

    /// Readings closer than this (ms) keep the last rate: heartbeats come every 5 s by default.
    static let minimumSpan: Int64 = 2_000
    /// Workers remembered at most (the live set is pruned to it on each reading).
    static let maxWorkers = 10_000

    private let readings = Mutex<[String: Reading]>([:])

    /// The rate of each worker (nil until known), noting these readings.
    func rates(of workers: [LiveWorker]) -> [String: Double?] {
        readings.withLock { readings in
            var result: [String: Double?] = [:]
            var kept: [String: Reading] = [:]
            for worker in workers.prefix(Self.maxWorkers) {
                guard let done = worker.ordersDone, done >= 0 else {
                    result[worker.workerId] = .some(nil)
                    continue
                }
                var reading = readings[worker.workerId] ?? Reading(ordersDone: done, at: worker.lastBeat, rate: nil)
                let span = worker.lastBeat &- reading.at
                if done < reading.ordersDone || span < 0 {
                    reading = Reading(ordersDone: done, at: worker.lastBeat, rate: nil)
                } else if span >= Self.minimumSpan {
                    reading = Reading(ordersDone: done, at: worker.lastBeat, rate: Double(done - reading.ordersDone) * 1000 / Double(span))
                }
                kept[worker.workerId] = reading
                result[worker.workerId] = .some(reading.rate)
            }
            readings = kept
            return result
        }
    }
}
