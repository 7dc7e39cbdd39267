import Foundation
import PaylinkRedis
import PaylinkTestSupport
import Testing

@testable import Paylink

/// A lint over every Lua script's hand-written body: keys come only from declared key locals (or
/// `derivedKeys`, for the scripts that say so), and names only from Swift's tables. Redis Cluster
/// routes a script by its declared keys, so a key read without being declared could be missing
/// on the node during a slot migration and read as nil.
struct ScriptKeysTests {
    /// One script as the lint sees it: its body and the KEYS of a sample call.
    struct Linted {
        let name: String
        let body: String
        let source: String
        let keys: [String]
        let derives: Bool
    }

    static let queue = try! QueueKeys(queue: "lint")
    static let merchant = try! RateLimitKeys(merchant: "app-1")
    static let token = try! TokenKeys(appId: "app-1", apiBaseURL: "https://api.example")

    static func linted<Scope, Item>(_ name: String, _ script: LuaScript<Scope, Item>, _ scope: Scope, _ items: [Item]) -> Linted {
        Linted(
            name: name, body: script.body, source: script.script.source, keys: script.keys(for: scope, items: items),
            derives: script.script.source.contains("local function derivedResultKey"))
    }

    static var all: [Linted] {
        let job = ClaimedJob(jobId: "1-a", element: [], attempt: 1)
        let batched = OrderResult(
            orderId: "o-1", status: .succeeded, fields: [(ResultField.batchId, "B-1")], batchIsKnown: true)
        let plain = OrderResult(orderId: "o-2", status: .failed, fields: [], batchIsKnown: true)
        let q = queue
        return [
            linted("claim", QueueScripts.claim, q, []),
            linted("markSent", QueueScripts.markSent, q, [(jobId: "1-a", orderId: "o-1"), (jobId: "2-a", orderId: "o-2")]),
            linted("acknowledge", QueueScripts.acknowledge, q, [(job: job, result: batched), (job: job, result: plain)]),
            linted("retry", QueueScripts.retry, q, ["o-1"]),
            linted("release", QueueScripts.release, q, []),
            linted("reject", QueueScripts.reject, q, []),
            linted("renew", QueueScripts.renew, q, []),
            linted("recoverExpired", QueueScripts.recoverExpired, q, []),
            linted("promoteDue", QueueScripts.promoteDue, q, []),
            linted("registerBatch", QueueScripts.registerBatch, q, ["B-1"]),
            linted("retryDead", QueueScripts.retryDead, q, ["o-1", "job:2-a"]),
            linted("resolveUnknown", QueueScripts.resolveUnknown, q, ["o-1"]),
            linted("pause", QueueScripts.pause, q, []),
            linted("trimDead", QueueScripts.trimDead, q, []),
            linted("purgeDead", QueueScripts.purgeDead, q, []),
            linted("trimResults", QueueScripts.trimResults, q, []),
            linted("serverInfo", QueueScripts.serverInfo, q, []),
            linted("recordLayout", QueueScripts.recordLayout, q, []),
            linted("peekResult", QueueScripts.peekResult, q, ["o-1"]),
            linted("forwardTake", QueueScripts.forwardTake, q, []),
            linted("forwardDrop", QueueScripts.forwardDrop, q, []),
            linted("reserve", RateLimitScripts.reserve, merchant, []),
            linted("limitPause", RateLimitScripts.pause, merchant, []),
            linted("limitStatus", RateLimitScripts.status, merchant, []),
            linted("limitResume", RateLimitScripts.resume, merchant, []),
            linted("tokenRead", SharedTokenStore.readScript, token, []),
            linted("tokenSave", SharedTokenStore.saveScript, token, []),
            linted("tokenUnlock", SharedTokenStore.unlockScript, token, []),
            linted("tokenInvalidate", SharedTokenStore.invalidateScript, token, []),
        ]
    }

    /// Only these may derive keys (each says why in its doc comment): they learn orderIds or
    /// batchIds from what they pop or read.
    static let deriving: Set<String> = ["claim", "acknowledge", "release", "reject", "retryDead", "resolveUnknown", "trimResults"]

    /// Names Swift defines, which no body may spell as a quoted literal.
    static var swiftNames: Set<String> {
        var names = Set(ResultField.all)
        names.formUnion(OrderStatus.allCases.map(\.rawValue))
        names.formUnion(EventField.allCases.map(\.rawValue))
        names.formUnion(EventType.allCases.map(\.rawValue))
        names.formUnion(BatchField.allCases.map(\.rawValue))
        names.formUnion(CountsField.allCases.map(\.rawValue))
        names.formUnion(ConfigField.allCases.map(\.rawValue))
        names.formUnion([QueuePause.Field.reason, QueuePause.Field.by, QueuePause.Field.at])
        names.formUnion(RateLimitKeys.Field.all)
        names.formUnion(TokenKeys.Field.all)
        names.insert(ThroughputLayout.latestField)
        names.formUnion(ShardLayout.Field.all)
        return names
    }

    static let suffixes = [
        QueueKeys.Suffix.pending, QueueKeys.Suffix.inflight, QueueKeys.Suffix.jobs, QueueKeys.Suffix.jobSequence,
        QueueKeys.Suffix.retry, QueueKeys.Suffix.dead, QueueKeys.Suffix.deadLetters, QueueKeys.Suffix.unknown,
        QueueKeys.Suffix.finished, QueueKeys.Suffix.counts, QueueKeys.Suffix.batches, QueueKeys.Suffix.events,
        QueueKeys.Suffix.config, QueueKeys.Suffix.paused, QueueKeys.Suffix.batch, QueueKeys.Suffix.batchOrders,
        QueueKeys.Suffix.result, QueueKeys.Suffix.throughputMinutes, QueueKeys.Suffix.throughputDays,
        QueueKeys.Suffix.result, QueueKeys.Suffix.shardLayout, QueueKeys.Suffix.forwarding,
    ]

    /// Every quoted string literal in a Lua body ('...' or "...").
    static func literals(in body: String) -> [String] {
        var found: [String] = []
        var current: String? = nil
        var quote: Character = "'"
        for character in body {
            if var text = current {
                if character == quote {
                    found.append(text)
                    current = nil
                } else {
                    text.append(character)
                    current = text
                }
            } else if character == "'" || character == "\"" {
                quote = character
                current = ""
            }
        }
        return found
    }

    @Test func noBodyIndexesKeys() {
        for script in Self.all {
            #expect(!script.body.contains("KEYS["), "\(script.name) indexes KEYS itself")
            #expect(script.source.contains("KEYS[1]"), "\(script.name) has no generated preamble")
        }
    }

    @Test func noBodyBuildsAKeyName() {
        for script in Self.all {
            for literal in Self.literals(in: script.body) {
                #expect(!Self.suffixes.contains(literal), "\(script.name) spells the key suffix '\(literal)'")
            }
            #expect(!LuaScript<QueueKeys, Never>.mentions(script.body, "prefix"), "\(script.name) uses a key prefix")
            #expect(script.body.range(of: #"ARGV\[\d+\]\s*\.\.\s*'"#, options: .regularExpression) == nil, "\(script.name) joins ARGV into a name")
        }
    }

    @Test func noBodySpellsAFieldOrStatusName() {
        let names = Self.swiftNames
        for script in Self.all {
            for literal in Self.literals(in: script.body) where names.contains(literal) {
                Issue.record("\(script.name) spells '\(literal)', which Swift defines: use its name table")
            }
        }
    }

    @Test func onlyTheDocumentedScriptsDeriveKeys() {
        for script in Self.all {
            #expect(script.derives == Self.deriving.contains(script.name), "\(script.name)")
        }
    }

    @Test func everyScriptsKeysShareOneSlot() {
        for script in Self.all {
            let slots = Set(script.keys.map(RedisKeySlot.slot(of:)))
            #expect(slots.count == 1, "\(script.name) declares keys in slots \(slots.sorted())")
        }
        // A merchant's limiter and token keys share the merchant's tag, so its slot.
        #expect(RedisKeySlot.slot(of: Self.merchant.limit) == RedisKeySlot.slot(of: Self.token.token))
    }

    /// Every script that can make a result final (or send an element to the dead list) counts
    /// it in the throughput hashes, so it declares them; the others do not touch them.
    @Test func theSettlingScriptsDeclareTheThroughputKeys() {
        let counting: Set<String> = ["claim", "acknowledge", "reject", "resolveUnknown"]
        for script in Self.all {
            let declares = script.keys.contains(Self.queue.throughputMinutes) && script.keys.contains(Self.queue.throughputDays)
            #expect(declares == counting.contains(script.name), "\(script.name)")
            let calls = script.body.components(separatedBy: "countOutcomes()").count - script.body.components(separatedBy: "function countOutcomes()").count
            #expect((calls > 0) == counting.contains(script.name), "\(script.name) calls countOutcomes \(calls) times")
        }
    }

    /// The item keys line up with the items: item i's result is `resultKey(i)`.
    @Test func itemKeysFollowTheFixedKeysInItemOrder() {
        let keys = QueueScripts.acknowledge.keys(
            for: Self.queue,
            items: [
                (job: ClaimedJob(jobId: "1", element: [], attempt: 1), result: OrderResult(orderId: "a", status: .succeeded, fields: [(ResultField.batchId, "B")])),
                (job: ClaimedJob(jobId: "2", element: [], attempt: 1), result: OrderResult(orderId: "b", status: .failed, fields: [])),
            ])
        let fixed = QueueScripts.acknowledge.keys.count
        #expect(Array(keys[fixed...]) == [
            Self.queue.result("a"), Self.queue.batch("B"), Self.queue.batchOrders("B"),
            Self.queue.result("b"), Self.queue.result("b"), Self.queue.result("b"),
        ])
        let source = QueueScripts.acknowledge.script.source
        #expect(source.contains("local function resultKey(i) return KEYS[\(fixed + 1) + (i - 1) * 3] end"))
        #expect(source.contains("local function batchOrdersKey(i) return KEYS[\(fixed + 3) + (i - 1) * 3] end"))
    }

    /// What makes a script trap at creation: a key local used undeclared, or declared unused.
    @Test func anUndeclaredOrUnusedKeyIsFound() {
        typealias Script = LuaScript<QueueKeys, Never>
        #expect(Script.declarationProblems(keys: [.inflight], body: "redis.call('ZCARD', inflightKey)").isEmpty)
        #expect(Script.declarationProblems(keys: [.inflight], body: "redis.call('ZCARD', inflightKey); redis.call('HGET', countsKey, 'x')")
            == ["uses countsKey without declaring it"])
        #expect(Script.declarationProblems(keys: [.inflight, .jobs], body: "redis.call('ZCARD', inflightKey)")
            == ["declares jobsKey but never uses it"])
        // A field of the same name (`x.countsKey`) or a longer identifier is not the local.
        #expect(Script.declarationProblems(keys: [], body: "local a = t.countsKey; local countsKeys = 1").isEmpty)
    }

    /// Swift's names are written into the script as constants, and a name Swift lacks is caught.
    @Test func namesAreWrittenInAndUnknownOnesFound() {
        let done = LuaNames.inlined("if st == S.succeeded then redis.call('HGET', k, F.jobId, E.type, T.batchCompleted) end")
        #expect(done.source == "if st == 'succeeded' then redis.call('HGET', k, 'jobId', 'type', 'batch-completed') end")
        #expect(done.unknown.isEmpty)
        #expect(LuaNames.inlined("x = F.jobld").unknown == ["F.jobld"])
        // Not a table: part of a longer name, or a field of something else.
        #expect(LuaNames.inlined("MAXF.jobId; t.F.jobId").source == "MAXF.jobId; t.F.jobId")
        for script in Self.all {
            #expect(!script.source.contains("F."), "\(script.name) still reads F")
        }
    }

    /// The key names are the Redis contract's (docs/redis-contract.md, contract v2): producers in
    /// other languages push to and read these exact names.
    @Test func keyNamesAreTheContracts() throws {
        let q = try QueueKeys(queue: "q")
        let names = [
            q.pending, q.inflight, q.jobs, q.jobSequence, q.retry, q.dead, q.deadLetters, q.unknown, q.finished,
            q.counts, q.batches, q.events, q.config, q.paused, q.batch("B"), q.batchOrders("B"), q.result("o"),
            q.throughputMinutes, q.throughputDays,
            q.shardLayout,
        ]
        #expect(names == [
            "paylink:{q}:pending", "paylink:{q}:inflight", "paylink:{q}:jobs", "paylink:{q}:seq", "paylink:{q}:retry",
            "paylink:{q}:dead", "paylink:{q}:deadletters", "paylink:{q}:unknown", "paylink:{q}:finished",
            "paylink:{q}:counts", "paylink:{q}:batches", "paylink:{q}:events", "paylink:{q}:config", "paylink:{q}:paused",
            "paylink:{q}:batch:B", "paylink:{q}:batch-orders:B", "paylink:{q}:result:o",
            "paylink:{q}:throughput:minutes", "paylink:{q}:throughput:days",
            "paylink:{q}:shards",
        ])
        let limit = try RateLimitKeys(merchant: "m")
        #expect([limit.limit, limit.permits] == ["paylink:{merchant:m}:limit", "paylink:{merchant:m}:permits"])
        let token = try TokenKeys(appId: "m", apiBaseURL: "https://api.example")
        #expect(token.token == "paylink-secret:{merchant:m}:token:\(token.api)")
        #expect(token.tokenLock == "paylink-secret:{merchant:m}:token-lock:\(token.api)")
        #expect(throws: ConfigurationError.self) { try MerchantKeys(appId: "a}b") }
    }

    /// The keys Lua derives are the names `QueueKeys` gives, under the queue's own tag.
    @Test func derivedKeysAreQueueKeysNames() async throws {
        let redis = try await TestRedis.client()
        defer { redis.shutdown() }
        let script = LuaScript<QueueKeys, Never>(
            keys: [.counts], derivedKeys: true,
            body: "return {countsKey, derivedResultKey(ARGV[1]), derivedBatchKey(ARGV[1]), derivedBatchOrdersKey(ARGV[1])}")
        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("derived"))
        let reply = try await redis.run(script, keys: keys, arguments: ["x:1"])
        #expect((reply.array ?? []).compactMap(\.string) == [keys.counts, keys.result("x:1"), keys.batch("x:1"), keys.batchOrders("x:1")])
    }
}
