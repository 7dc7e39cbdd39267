import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PaylinkServer

struct MockFaultsTests {
    @Test func unavailableIs503AndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(unavailable: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .serviceUnavailable)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func databaseErrorIs20004AndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(databaseError: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .ok)
            #expect(try errorOf(response).code == 20004)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func rateLimitedIs429WithRetryAfterAndCreatesNothing() async throws {
        try await withMockAPI(.init(faults: .init(rateLimited: 1.0, retryAfterSeconds: 7))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "7")
            #expect(try errorOf(response).code == 429)
            #expect(try await client.stats().linksCreated == 0)
        }
    }

    @Test func serverErrorCreatesTheLinkThenAnswers5xx() async throws {
        try await withMockAPI(.init(faults: .init(serverError: 1.0), seed: 7)) { _, client in
            let token = try await client.token()
            var statuses = Set<Int>()
            for _ in 0..<30 { statuses.insert(try await client.pay(token: token).status.code) }
            #expect(statuses == [500, 502, 504])
            #expect(try await client.stats().linksCreated == 30)
        }
    }

    @Test func malformedCreatesTheLinkThenAnswersUnparseable200() async throws {
        try await withMockAPI(.init(faults: .init(malformed: 1.0))) { _, client in
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes > 100)
            #expect(throws: (any Error).self) { try json(response) }
            #expect(try await client.stats().linksCreated == 1)
        }
    }

    @Test func hangCreatesTheLinkAndLeavesTheClientWaiting() async throws {
        let answered = LockedFlag()
        // Unstructured so that the hanging call can outlive the test body: only the server's
        // graceful shutdown at the end of `withMockAPI` ends it.
        let pending = try await withMockAPI(.init(faults: .init(hang: 1.0, hangSeconds: 30))) { _, client in
            let token = try await client.token()
            let port = try #require(client.port)
            let pending = Task {
                defer { answered.set() }
                return try await LoopbackClient.with(port: port) { try await $0.pay(token: token).status }
            }
            let created = try await eventually { try await client.stats().linksCreated == 1 }
            #expect(created)
            // Observing that nothing arrives needs a window; 300 ms is far above a loopback round trip.
            try await Task.sleep(for: .milliseconds(300))
            #expect(!answered.isSet)
            return pending
        }
        let started = ContinuousClock.now
        #expect(try await pending.value == .gatewayTimeout)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func hangEndsWithA504AfterHangSeconds() async throws {
        try await withMockAPI(.init(faults: .init(hang: 1.0, hangSeconds: 0.3))) { _, client in
            let started = ContinuousClock.now
            let token = try await client.token()
            let response = try await client.pay(token: token)
            #expect(response.status == .gatewayTimeout)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func firstFaultInOrderWins() async throws {
        try await withMockAPI(.init(faults: .init(unavailable: 1.0, serverError: 1.0))) { _, client in
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .serviceUnavailable)
        }
    }

    @Test func partialSharesHitAboutTheirShare() async throws {
        try await withMockAPI(.init(faults: .init(databaseError: 0.5), seed: 3)) { _, client in
            let token = try await client.token()
            var failures = 0
            for _ in 0..<200 where try envelope(try await client.pay(token: token)).status == "ERROR" { failures += 1 }
            #expect((60...140).contains(failures))
            #expect(try await client.stats().linksCreated == 200 - failures)
        }
    }

    @Test func putFaultsChangesBehaviourAtRunTime() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            #expect(try await client.pay(token: token).status == .ok)
            let put = try await client.execute(uri: "/mock/faults", method: .put, body: ByteBuffer(string: #"{"unavailable":1}"#))
            #expect(put.status == .ok)
            #expect(try await client.pay(token: token).status == .serviceUnavailable)
            try await client.putFaults(MockFaults())
            #expect(try await client.pay(token: token).status == .ok)
        }
    }

    @Test(arguments: [#"{"hang":1.5}"#, #"{"unavailable":-0.1}"#, "not json", #"{"hangSeconds":-1}"#])
    func putFaultsRefusesInvalidFaults(_ body: String) async throws {
        try await withMockAPI { _, client in
            let put = try await client.execute(uri: "/mock/faults", method: .put, body: ByteBuffer(string: body))
            #expect(put.status == .badRequest)
            let current = try await client.execute(uri: "/mock/faults", method: .get)
            #expect(try JSONDecoder().decode(MockFaults.self, from: Data(current.body.readableBytesView)) == MockFaults())
        }
    }
}
