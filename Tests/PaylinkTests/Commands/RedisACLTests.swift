import Foundation
import Logging
import Paylink
import PaylinkRedis
import PaylinkTestSupport
import Testing

/// The ACL users docs/redis-contract.md recommends, read from its block and applied to a real
/// Redis: a worker, `paylink enqueue`, the operator commands and a producer each do their job
/// under their own user, and each is refused what it must not touch (the tokens above all).
@Suite(.timeLimit(.minutes(3)))
struct RedisACLTests {
    @Test func everyRoleDoesItsJobAndNoMore() async throws {
        let url = try await TestRedis.url()
        let admin = try await TestRedis.client()
        defer { admin.shutdown() }
        let users = try await DocumentedACLUsers.create(on: admin)
        defer { Task { [admin] in await users.delete(on: admin) } }
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("acl"))
        let passwordFiles = try users.names.mapValues { try PrivateFile(users.passwords[$0]! + "\n") }
        defer { passwordFiles.values.forEach { $0.remove() } }
        func arguments(_ role: String) -> (arguments: [String], environment: [String: String]) {
            (["--queue", keys.queue, "--redis-url", "redis://\(users.names[role]!)@127.0.0.1:\(url.port)/\(url.database)"],
             ["PAYLINK_REDIS_PASSWORD_FILE": passwordFiles[role]!.path])
        }

        // paylink enqueue (with a batch) under the CLI user.
        let orders = FileManager.default.temporaryDirectory.appendingPathComponent("acl-orders-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: orders) }
        let batchOrders = 60
        let lines = TestOrders.valid(batchOrders, prefix: "acl-batch").map { String(decoding: $0, as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: orders, atomically: true, encoding: .utf8)
        let cli = arguments("cli")
        let enqueue = try ScriptRun.paylink(["enqueue", orders.path, "--batch", "acl-b1"] + cli.arguments, environment: cli.environment)
        #expect(try await enqueue.waitForExit(timeout: .seconds(30)) == 0, "\(enqueue.output)")

        // Another system's producer: LPUSH, then read its results.
        let producer = users.client("producer", port: url.port, database: url.database)
        defer { producer.shutdown() }
        let pushed = 40
        let elements = TestOrders.valid(pushed, prefix: "acl-push")
        _ = try await producer.send(RedisCommand("LPUSH", arguments: [keys.pending as any RedisArgumentConvertible] + elements.map { $0 as any RedisArgumentConvertible }))

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        var worker = arguments("worker")
        worker.environment["PAYLINK_APP_ID"] = TestMockAPI.appId
        worker.environment["PAYLINK_APP_KEY"] = TestMockAPI.appKey
        let process = try ScriptRun.paylink(["worker", "--api-base-url", mock.baseURL] + worker.arguments, environment: worker.environment)
        let queue = OrderQueue(keys: keys, redis: admin)
        try await poll("every order has a result") { try await TestOrders.finished(queue) >= batchOrders + pushed }

        // The operator commands under the CLI user.
        for command in [["status", "--json"], ["workers"], ["dead", "list"], ["batch", "show", "acl-b1"], ["result", "acl-push-0"],
                        ["queue", "pause", keys.queue, "--reason", "acl check"], ["queue", "resume", keys.queue]] {
            let run = try ScriptRun.paylink(command + cli.arguments, environment: cli.environment)
            #expect(try await run.waitForExit(timeout: .seconds(30)) == 0, "\(command): \(run.output)")
            #expect(!run.output.contains("NOPERM"), "\(command): \(run.output)")
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 0, "\(process.output)")
        #expect(!process.output.contains("NOPERM"), "the worker was refused nothing: \(process.output)")
        let status = try await queue.status()
        #expect(status.results[.succeeded] == batchOrders + pushed)
        #expect(try await mock.stat("linksCreated") == batchOrders + pushed)

        // What each user may read, and what it is refused.
        let token = "paylink-secret:{merchant:\(TestMockAPI.appId)}:token:any"
        let result = keys.result("acl-push-0")
        #expect(try await producer.send(RedisCommand("HGET", result, "status")).string == "succeeded")
        #expect(try await producer.send(RedisCommand("LLEN", keys.pending)).int == 0)
        let reader = users.client("reader", port: url.port, database: url.database)
        defer { reader.shutdown() }
        #expect(try await reader.send(RedisCommand("HGETALL", keys.counts)).array?.isEmpty == false)
        #expect(try await reader.send(RedisCommand("ZCARD", keys.finished)).int == Int64(batchOrders + pushed))
        let cliClient = users.client("cli", port: url.port, database: url.database)
        defer { cliClient.shutdown() }
        // The dashboard's user: the CLI's rules under a name of its own (scripts/check-systemd-units.sh
        // runs `paylink dashboard` under it, actions included).
        let dashboard = users.client("dashboard", port: url.port, database: url.database)
        defer { dashboard.shutdown() }
        #expect(try await dashboard.send(RedisCommand("HGET", result, "status")).string == "succeeded")
        // KEDA's Redis scalers count a key with this one script (kedacore/keda,
        // pkg/scalers/redis_scaler.go): the queue's pending list, its leases and its retries.
        let keda = users.client("keda", port: url.port, database: url.database)
        defer { keda.shutdown() }
        let kedaScript = """
            local listName = KEYS[1]
            local listType = redis.call('type', listName).ok
            local cmd = { zset = 'zcard', set = 'scard', list = 'llen', hash = 'hlen', none = 'llen' }
            return redis.call(cmd[listType], listName)
            """
        _ = try await admin.send(RedisCommand("ZADD", keys.retry, "1", "acl-keda-retry"))
        #expect(try await keda.send(RedisCommand("EVAL", kedaScript, "1", keys.pending)).int == 0)
        #expect(try await keda.send(RedisCommand("EVAL", kedaScript, "1", keys.inflight)).int == 0)
        #expect(try await keda.send(RedisCommand("EVAL", kedaScript, "1", keys.retry)).int == 1)
        #expect(try await keda.send(RedisCommand("LLEN", keys.pending)).int == 0)
        #expect((try? await keda.send(RedisCommand("PING"))) == .status("PONG"))
        _ = try await admin.send(RedisCommand("ZREM", keys.retry, "acl-keda-retry"))
        let refusals: [(RedisClient, RedisCommand, String)] = [
            (producer, RedisCommand("HSET", result, "status", "queued"), "a producer never writes a result"),
            (producer, RedisCommand("DEL", result), "nor deletes one"),
            (producer, RedisCommand("HGETALL", keys.deadLetters), "nor reads paylink's internals"),
            (producer, RedisCommand("HGETALL", token), "nor the token"),
            (reader, RedisCommand("LPUSH", keys.pending, "{}"), "a reader writes nothing"),
            (reader, RedisCommand("HGETALL", token), "nor reads the token"),
            (reader, RedisCommand("KEYS", "paylink:*"), "KEYS is dangerous"),
            (cliClient, RedisCommand("HGETALL", token), "the CLI never reads the token"),
            (cliClient, RedisCommand("FLUSHALL"), "nor flushes"),
            (dashboard, RedisCommand("HGETALL", token), "the dashboard never reads the token"),
            (dashboard, RedisCommand("KEYS", "paylink:*"), "nor runs KEYS"),
            (keda, RedisCommand("LRANGE", keys.pending, "0", "-1"), "KEDA reads no order"),
            (keda, RedisCommand("HGET", result, "status"), "nor a result"),
            (keda, RedisCommand("EVAL", kedaScript, "1", result), "nor counts anything but the queues' lists and sets"),
            (keda, RedisCommand("HGETALL", token), "nor reads the token"),
            (keda, RedisCommand("LPUSH", keys.pending, "{}"), "and writes nothing"),
        ]
        for (client, command, why) in refusals {
            do {
                _ = try await client.send(command)
                Issue.record("\(command.name) was allowed: \(why)")
            } catch {
                #expect(error.message.hasPrefix("NOPERM"), "\(why): \(error)")
            }
        }
    }
}

/// The `ACL SETUSER` lines of docs/redis-contract.md, applied under names and passwords of this
/// run's own (ACL users are server-wide and tests run in parallel).
struct DocumentedACLUsers: Sendable {
    /// role (`worker`, `cli`, `producer`, `dashboard`, `reader`, `keda`) → this run's user name.
    let names: [String: String]
    /// user name → password.
    let passwords: [String: String]

    static func create(on admin: RedisClient) async throws -> DocumentedACLUsers {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/redis-contract.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("ACL SETUSER paylink-") }
        #expect(lines.count == 6, "six roles in the contract")
        let tag = UUID().uuidString.prefix(8).lowercased()
        var names: [String: String] = [:]
        var passwords: [String: String] = [:]
        for line in lines {
            var words = line.split(separator: " ").map(String.init)
            let role = String(words[2].dropFirst("paylink-".count))
            let name = "\(words[2])-\(tag)"
            let password = "pw-\(UUID().uuidString)"
            words[2] = name
            words = words.map { $0 == "><password>" ? ">\(password)" : $0 }
            #expect(words.contains(">\(password)"), "\(line) sets a password")
            _ = try await admin.send(RedisCommand(words[0], arguments: Array(words.dropFirst())))
            names[role] = name
            passwords[name] = password
        }
        return DocumentedACLUsers(names: names, passwords: passwords)
    }

    func client(_ role: String, port: Int, database: Int) -> RedisClient {
        let name = names[role]!
        let url = RedisURL(host: "127.0.0.1", port: port, username: name, password: passwords[name], database: database)
        return RedisClient(configuration: RedisConfiguration(url: url), logger: .init(label: "acl-\(role)"))
    }

    func delete(on admin: RedisClient) async {
        _ = try? await admin.send(RedisCommand("ACL", arguments: ["DELUSER"] + names.values))
    }
}
