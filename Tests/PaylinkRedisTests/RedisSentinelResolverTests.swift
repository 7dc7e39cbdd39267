import Foundation
import Logging
import PaylinkServer
import PaylinkTestSupport
import Testing

@testable import PaylinkRedis

/// Reading `SENTINEL get-master-addr-by-name` and `+switch-master`: every reply range-checked.
struct RedisSentinelReplyTests {
    @Test func readsHostAndPort() throws {
        let reply = RedisValue.array([.bulk(Array("10.0.0.5".utf8)), .bulk(Array("6380".utf8))])
        #expect(try RedisSentinelResolver.masterAddress(from: reply) == RedisNodeAddress(host: "10.0.0.5", port: 6380))
    }

    @Test func aNilReplyMeansThisSentinelDoesNotKnowTheMaster() throws {
        #expect(try RedisSentinelResolver.masterAddress(from: .null) == nil)
    }

    static func bulk(_ text: String) -> RedisValue { .bulk(Array(text.utf8)) }

    static let unusable: [(RedisValue, String)] = [
        (.array([bulk("h")]), "1 elements"),
        (.array([bulk("h"), bulk("1"), bulk("x")]), "3 elements"),
        (.array([bulk(""), bulk("1")]), "no host"),
        (.array([.integer(1), bulk("1")]), "no host"),
        (.array([bulk("a b"), bulk("1")]), "printable"),
        (.array([bulk("h"), bulk("0")]), "not 1...65535"),
        (.array([bulk("h"), bulk("65536")]), "not 1...65535"),
        (.array([bulk("h"), bulk("-1")]), "not 1...65535"),
        (.array([bulk("h"), bulk("99999999999999999999999")]), "not 1...65535"),
        (.array([bulk("h"), .integer(6379)]), "no port"),
        (.status("OK"), "not an array"),
        (.integer(1), "not an array"),
    ]

    @Test(arguments: unusable)
    func refusesAnUnusableAddress(reply: RedisValue, expected: String) {
        do {
            let address = try RedisSentinelResolver.masterAddress(from: reply)
            Issue.record("accepted \(String(describing: address))")
        } catch {
            #expect(error.code == .protocolError)
            #expect(error.message.contains(expected), "\(error)")
        }
    }

    @Test func anErrorReplyIsARefusalAndNOAUTHIsACredentialsProblem() {
        for (message, code) in [("ERR unknown", RedisError.Code.commandFailed), ("NOAUTH Authentication required.", .authenticationFailed)] {
            do {
                _ = try RedisSentinelResolver.masterAddress(from: .error(message))
                Issue.record("accepted")
            } catch {
                #expect(error.code == code && error.message == message)
            }
        }
    }

    @Test func configurationCopiesShareOneResolver() throws {
        let base = RedisConfiguration(url: try RedisURL("redis-sentinel://h:1#m"))
        var copy = base
        copy.name = "other"
        #expect(base.sharesSentinelResolver(with: copy))
        var changed = base
        changed.sentinel = RedisSentinelSettings(password: "x")
        #expect(!base.sharesSentinelResolver(with: changed), "new sentinel credentials make a new resolver")
        #expect(!RedisConfiguration(url: try RedisURL("redis://h")).sharesSentinelResolver(with: base))
    }

    @Test func readsAPromotedReplicaMessageForOurMasterOnly() {
        let payload = "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379"
        #expect(RedisSentinelWatcher.promotedReplica(payload, masterName: "m") == RedisNodeAddress(host: "127.0.0.1", port: 6380))
        #expect(RedisSentinelWatcher.promotedReplica(payload, masterName: "other") == nil)
        #expect(RedisSentinelWatcher.promotedReplica("slave 127.0.0.1:0 127.0.0.1 0 @ m 127.0.0.1 6379", masterName: "m") == nil)
        #expect(RedisSentinelWatcher.promotedReplica("master m 127.0.0.1 6379 @ m 127.0.0.1 6379", masterName: "m") == nil)
    }

    @Test func readsAPromotionStartForOurMasterOnly() {
        let payload = "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379"
        let promotion = RedisSentinelWatcher.promotion(payload, masterName: "m")
        #expect(promotion?.replica == RedisNodeAddress(host: "127.0.0.1", port: 6380))
        #expect(promotion?.master == RedisNodeAddress(host: "127.0.0.1", port: 6379))
        #expect(RedisSentinelWatcher.promotion(payload, masterName: "other") == nil)
        #expect(RedisSentinelWatcher.promotion("slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 0", masterName: "m") == nil)
        #expect(RedisSentinelWatcher.promotion("slave 127.0.0.1:6380 127.0.0.1 6380 @ m  6379", masterName: "m") == nil)
    }

    @Test func readsAnAbortForOurMasterOnly() {
        #expect(RedisSentinelWatcher.isOurMaster("master m 127.0.0.1 6379", masterName: "m"))
        #expect(!RedisSentinelWatcher.isOurMaster("master other 127.0.0.1 6379", masterName: "m"))
        #expect(!RedisSentinelWatcher.isOurMaster("slave m 127.0.0.1 6379", masterName: "m"))
        #expect(!RedisSentinelWatcher.isOurMaster("master m 127.0.0.1", masterName: "m"))
    }

    @Test func readsASwitchMasterMessageForOurMasterOnly() {
        #expect(RedisSentinelWatcher.newMaster("m 127.0.0.1 6379 127.0.0.1 6380", masterName: "m") == RedisNodeAddress(host: "127.0.0.1", port: 6380))
        #expect(RedisSentinelWatcher.newMaster("other 127.0.0.1 6379 127.0.0.1 6380", masterName: "m") == nil)
        #expect(RedisSentinelWatcher.newMaster("m 127.0.0.1 6379 127.0.0.1 0", masterName: "m") == nil)
        #expect(RedisSentinelWatcher.newMaster("m 127.0.0.1 6379 127.0.0.1", masterName: "m") == nil)
    }
}

/// The resolver against three real sentinels on loopback.
@Suite(.timeLimit(.minutes(2)))
struct RedisSentinelResolverTests {
    @Test func asksTheSentinelsInTurnAndPutsTheOneThatAnsweredFirst() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let closed = RedisNodeAddress(host: "127.0.0.1", port: try LocalPorts.free())
        let answering = RedisNodeAddress(host: "127.0.0.1", port: topology.sentinels[1].port)
        let resolver = RedisSentinelResolver(
            sentinels: [closed, answering], masterName: SentinelTopology.masterName, settings: .init())
        let resolution = try await resolveOnThread(resolver, failed: nil)
        #expect(resolution.address == RedisNodeAddress(host: "127.0.0.1", port: topology.nodes[0].port))
        #expect(resolver.sentinelOrder == [answering, closed])
    }

    @Test func aSentinelThatDoesNotKnowTheMasterIsSkippedAndNoneIsAnError() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let sentinels = topology.sentinels.map { RedisNodeAddress(host: "127.0.0.1", port: $0.port) }
        let resolver = RedisSentinelResolver(sentinels: sentinels, masterName: "unknown-master", settings: .init())
        do {
            let resolution = try await resolveOnThread(resolver, failed: nil)
            Issue.record("resolved \(resolution)")
        } catch {
            #expect(error.code == .connectionFailed)
            #expect(error.message.contains("does not know master 'unknown-master'"), "\(error)")
            #expect(error.message.contains("127.0.0.1:\(sentinels[2].port)"), "every sentinel was asked: \(error)")
        }
    }

    @Test func aFailureOnAGenerationAsksAgainOnceAndOthersTakeTheNewAnswer() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let sentinels = topology.sentinels.map { RedisNodeAddress(host: "127.0.0.1", port: $0.port) }
        let resolver = RedisSentinelResolver(sentinels: sentinels, masterName: SentinelTopology.masterName, settings: .init())
        let first = try await resolveOnThread(resolver, failed: nil)
        let cached = try await resolveOnThread(resolver, failed: nil)
        #expect(cached == first, "no failure seen: the cached answer")
        let fresh = try await resolveOnThread(resolver, failed: first.generation)
        #expect(fresh.generation == first.generation + 1, "the failed generation is asked again")
        let other = try await resolveOnThread(resolver, failed: first.generation)
        #expect(other == fresh, "a second client that failed on the same generation takes the new answer")
    }

    /// Between the leader's `+failover-state-send-slaveof-noone` and the sentinels' switch, they
    /// still name the old master, whose writes its demotion will discard: the resolver answers
    /// the replica being promoted instead, until an abort (or its time limit) lifts the fence.
    @Test func aFailoverUnderWayFencesTheOldMasterUntilItIsAborted() async throws {
        let topology = try await SentinelTopology.start()
        defer { topology.stop() }
        let sentinels = topology.sentinels.map { RedisNodeAddress(host: "127.0.0.1", port: $0.port) }
        let resolver = RedisSentinelResolver(sentinels: sentinels, masterName: SentinelTopology.masterName, settings: .init())
        let master = RedisNodeAddress(host: "127.0.0.1", port: topology.nodes[0].port)
        let replica = RedisNodeAddress(host: "127.0.0.1", port: topology.nodes[1].port)
        #expect(try await resolveOnThread(resolver, failed: nil).address == master)

        resolver.beginFailover(from: master, to: replica, logger: TestRedis.logger)
        let moved = try await resolveOnThread(resolver, failed: nil)
        #expect(moved.address == replica)
        // The replica is not a master yet, so its ROLE check fails and the client asks again:
        // the sentinels (not switched) name the old master, and the fence keeps the replica.
        let asked = try await resolveOnThread(resolver, failed: moved.generation)
        #expect(asked.address == replica && asked.generation > moved.generation)
        #expect(resolver.currentFence?.old == master)

        resolver.abortFailover(event: "-failover-abort-slave-timeout", logger: TestRedis.logger)
        #expect(resolver.currentFence == nil)
        #expect(try await resolveOnThread(resolver, failed: nil).address == master, "after an abort the sentinels' answer holds")
    }

    @Test func sentinelCredentialsAreSentAndARefusalSaysSo() async throws {
        let topology = try await SentinelTopology.start(sentinelArguments: ["--requirepass", "sentinel-pw"])
        defer { topology.stop() }
        let sentinels = topology.sentinels.map { RedisNodeAddress(host: "127.0.0.1", port: $0.port) }
        let good = RedisSentinelResolver(
            sentinels: sentinels, masterName: SentinelTopology.masterName, settings: .init(password: "sentinel-pw"))
        let resolution = try await resolveOnThread(good, failed: nil)
        #expect(resolution.address.port == topology.nodes[0].port)
        for settings in [RedisSentinelSettings(), RedisSentinelSettings(password: "wrong")] {
            let bad = RedisSentinelResolver(sentinels: sentinels, masterName: SentinelTopology.masterName, settings: settings)
            do {
                _ = try await resolveOnThread(bad, failed: nil)
                Issue.record("resolved without the right sentinel password")
            } catch {
                #expect(error.code == .authenticationFailed, "\(error)")
            }
        }
    }
}

/// Runs a (blocking) resolve on a thread of its own, off the cooperative pool.
func resolveOnThread(
    _ resolver: RedisSentinelResolver, failed: UInt64?
) async throws(RedisError) -> RedisSentinelResolver.Resolution {
    let result: Result<RedisSentinelResolver.Resolution, RedisError> = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            do throws(RedisError) {
                continuation.resume(returning: .success(try resolver.resolve(failed: failed, connectTimeout: .seconds(1))))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
    }
    return try result.get()
}

/// `-READONLY` from a demoted master: which requests fail as "not run" and which keep their replies.
struct RedisReadOnlyReplyTests {
    static func request(_ count: Int) -> RedisRequest {
        RedisRequest(
            commands: Array(repeating: RedisCommand("SET", "k", "v"), count: count), isPipeline: count > 1,
            blockingTimeout: nil, deadline: .now + .seconds(1))
    }

    @Test func aRequestRefusedWholeFailsAsNotRunAndAPartlyRunPipelineKeepsItsReplies() throws {
        let readOnly = RedisValue.error("READONLY You can't write against a read only replica.")
        let batch = [Self.request(1), Self.request(2), Self.request(1), Self.request(2)]
        var results: [Result<[RedisValue], RedisError>] = [
            .success([readOnly]),
            .success([.status("OK"), readOnly]),
            .success([.status("OK")]),
            .success([readOnly, .error("EXECABORT Transaction discarded because of previous errors.")]),
        ]
        #expect(RedisConnectionLoop.failReadOnlyRequests(batch, &results))
        guard case .failure(let first) = results[0], case .failure(let fourth) = results[3] else {
            Issue.record("refused whole, yet not failed: \(results)")
            return
        }
        #expect(first.code == .connectionFailed && !first.mayHaveExecuted && first.command == "SET")
        #expect(fourth.code == .connectionFailed && fourth.command == "PIPELINE")
        #expect(try results[1].get() == [.status("OK"), readOnly], "the OK took effect: the replies stay")
        #expect(try results[2].get() == [.status("OK")])
    }

    @Test func otherErrorsChangeNothing() throws {
        var results: [Result<[RedisValue], RedisError>] = [.success([.error("ERR wrong number of arguments")])]
        #expect(!RedisConnectionLoop.failReadOnlyRequests([Self.request(1)], &results))
        #expect(try results[0].get() == [.error("ERR wrong number of arguments")])
    }

    @Test func anUnblockedBlockingCommandCountsAsADemotion() {
        var results: [Result<[RedisValue], RedisError>] = [
            .success([.error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)")])
        ]
        #expect(RedisConnectionLoop.failReadOnlyRequests([Self.request(1)], &results))
        guard case .failure(let error) = results[0] else {
            Issue.record("not failed")
            return
        }
        #expect(error.code == .connectionFailed)
    }
}
