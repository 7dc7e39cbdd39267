import ArgumentParser
import FoundationEssentials
import Glibc
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink status`: queue depths, orders in flight, results by status, the pause and the live
/// workers serving the queue; `--json` for machines, `--watch` to follow it.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show queue depth, in-flight orders, results by status, pauses and live workers.")

    @Flag(help: "Print one JSON object per snapshot (time, queues, workers) instead of text.") var json = false
    @Flag(help: "Refresh until interrupted (in place on a terminal; otherwise snapshots one after another).") var watch = false
    @Option(help: "Time between snapshots with --watch: 2s, 500ms, 1m (default 2s).") var interval = "2s"
    @Option(help: "Stop after this many snapshots (with --watch).") var count: Int?
    @OptionGroup var redis: RedisOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard Self.interval(interval) != nil else {
            throw ValidationError("invalid --interval: \"\(interval)\" must be a time from 100ms to 1h, such as 2s or 500ms")
        }
        if let count {
            guard watch else { throw ValidationError("invalid --count: it needs --watch") }
            guard count >= 1 else { throw ValidationError("invalid --count: \(count) must be at least 1") }
        }
    }

    func run() async throws {
        let pause = Self.interval(interval) ?? .seconds(2)
        let terminal = isatty(STDOUT_FILENO) == 1
        let client = try redis.client(logger: try logging.makeLogger(label: "paylink.cli"))
        defer { client.shutdown() }
        let queues = try await redis.shardKeys(client: client).shards.map { OrderQueue(keys: $0, redis: client) }
        var shown = 0
        while true {
            let snapshot = try await Self.snapshot(queues, redis: client)
            if watch && terminal && !json {
                print("\u{1B}[H\u{1B}[2J", terminator: "")
            } else if shown > 0 && !json {
                print()
            }
            if json { print(try JSONLine.text(snapshot)) } else { Self.show(snapshot) }
            fflush(nil)  // every stream: `stdout` itself is not concurrency-safe to name
            shown += 1
            guard watch, shown < count ?? .max else { return }
            try await Task.sleep(for: pause)
        }
    }

    /// Every queue's figures and the live workers serving any of them, with Redis's clock.
    static func snapshot(_ queues: [OrderQueue], redis: RedisClient) async throws -> StatusOutput {
        var rows: [QueueStatusOutput] = []
        for queue in queues {
            rows.append(
                QueueStatusOutput(
                    queue: queue.keys.queue, status: try await queue.status(), throughput: try await queue.throughput(minutes: 2)))
        }
        let names = Set(rows.map(\.queue))
        let (now, workers) = try await LiveWorker.all(redis)
        let serving = workers.filter { !names.isDisjoint(with: $0.queues) }
        return StatusOutput(time: now, queues: rows, workers: serving.map { WorkerOutput($0, now: now) })
    }

    static func show(_ snapshot: StatusOutput) {
        for queue in snapshot.queues {
            print("queue \(queue.queue)")
            if let pause = queue.paused {
                print("  state     paused (\(pause.reason.isEmpty ? "no reason given" : pause.reason), by \(pause.by), since \(WorkersCommand.time(pause.since)))")
            } else {
                print("  state     running")
            }
            print("  pending   \(queue.pending)")
            print("  in flight \(queue.inFlight)")
            print("  retry set \(queue.retrying)")
            print("  dead      \(queue.dead) (\(queue.rejected) with no orderId)")
            print("  duplicate pushes answered from results: \(queue.duplicates)")
            print("  last minute \(Self.rates(queue.lastMinute)); this minute so far \(Self.counts(queue.thisMinute))")
            print("results")
            for state in OrderStatus.allCases {
                let name = state.rawValue + String(repeating: " ", count: max(0, 9 - state.rawValue.count))
                print("  \(name) \(queue.results[state.rawValue] ?? 0)")
            }
        }
        print("workers serving it (\(snapshot.workers.count) live; every one: paylink workers)")
        WorkersCommand.table(snapshot.workers).forEach { print("  " + $0) }
    }

    /// "12.5 succeeded/s, 0.1 failed/s (750 succeeded, 6 failed, ...)": a minute's outcomes.
    static func rates(_ minute: MinuteOutput) -> String {
        let perSecond = { (count: Int) in Decimals.format(Double(count) / 60, places: 1) }
        return "\(perSecond(minute.succeeded)) succeeded/s, \(perSecond(minute.failed)) failed/s (\(counts(minute)))"
    }

    /// "750 succeeded, 6 failed, 0 invalid, 0 unknown, 0 rejected".
    static func counts(_ minute: MinuteOutput) -> String {
        "\(minute.succeeded) succeeded, \(minute.failed) failed, \(minute.invalid) invalid, \(minute.unknown) unknown, "
            + "\(minute.rejected) rejected"
    }

    /// "since <time> by <who>", for `queue resume`.
    static func since(_ pause: QueuePause) -> String {
        "since \(WorkersCommand.time(pause.at)) by \(pause.by)"
    }

    /// `2s`, `500ms`, `1m` or plain seconds, from 100 ms to an hour; nil otherwise.
    static func interval(_ text: String) -> Duration? {
        let duration: Duration?
        if text.hasSuffix("ms"), let millis = Int(text.dropLast(2)) {
            duration = .milliseconds(millis)
        } else if let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 3600 {
            duration = .milliseconds(Int((seconds * 1000).rounded(.down)))
        } else {
            duration = AgeParser.parse(text)
        }
        guard let duration, duration >= .milliseconds(100), duration <= .seconds(3600) else { return nil }
        return duration
    }
}
