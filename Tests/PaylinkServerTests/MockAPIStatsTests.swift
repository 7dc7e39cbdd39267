import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PaylinkServer

struct MockAPIStatsTests {
    @Test func countsCallsStatusesAndSeconds() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            for _ in 0..<3 { _ = try await client.pay(token: token) }
            _ = try await client.pay(token: nil)
            let stats = try await client.stats()
            #expect(stats.requests == 5)
            #expect(stats.tokenCalls == 1)
            #expect(stats.payCalls == 4)
            #expect(stats.responsesByStatus == ["200": 4, "401": 1])
            #expect(stats.linksCreated == 3)
            #expect(stats.perSecond.map(\.payCalls).reduce(0, +) == 4)
            let now = Int64(Date().timeIntervalSince1970)
            #expect(stats.perSecond.allSatisfy { (now - 5...now).contains($0.second) })
            // The rate covers the last full second: keep calling, so that whichever second the
            // check lands in, the one before it had calls (a stalled test thread cannot miss it).
            let rated = try await eventually {
                _ = try await client.pay(token: token)
                return try await client.stats().currentRate > 0
            }
            #expect(rated)
        }
    }

    @Test func sameBodyTwiceIsOneDuplicateFingerprint() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            let body = payBody(amount: "700", callbackURL: "https://shop.example/cb/order-7")
            _ = try await client.pay(body, token: token)
            _ = try await client.pay(body, token: token)
            _ = try await client.pay(payBody(amount: "700", callbackURL: "https://shop.example/cb/order-7", remark: "other"), token: token)
            _ = try await client.pay(token: token)
            let stats = try await client.stats()
            #expect(stats.linksCreated == 4)
            #expect(stats.distinctFingerprints == 3)
            #expect(stats.duplicateFingerprints == 1)
            #expect(stats.maxLinksPerFingerprint == 2)
            let response = try await client.execute(uri: "/mock/duplicates", method: .get)
            let duplicates = try JSONDecoder().decode([MockDuplicate].self, from: Data(response.body.readableBytesView))
            #expect(duplicates == [MockDuplicate(callbackURL: "https://shop.example/cb/order-7", amount: "700", links: 2)])
        }
    }

    @Test func resetClearsStatsButKeepsTokens() async throws {
        try await withMockAPI { _, client in
            let token = try await client.token()
            _ = try await client.pay(token: token)
            _ = try await client.execute(uri: "/mock/reset", method: .post)
            let stats = try await client.stats()
            #expect(stats.requests == 0 && stats.linksCreated == 0 && stats.perSecond.isEmpty)
            #expect(try await client.pay(token: token).status == .ok)
        }
    }

    @Test func linksListsEveryLinkPerOrderWithHowItWasAnswered() async throws {
        try await withMockAPI(.init(recordLinks: true, seed: 42)) { _, client in
            let started = Int64(Date().timeIntervalSince1970 * 1000)
            let token = try await client.token()
            let body = payBody(amount: "900", callbackURL: "https://shop.example/cb/order-9")
            try await client.putFaults(MockFaults(serverError: 1.0))
            _ = try await client.pay(body, token: token)
            try await client.putFaults(MockFaults(wrongAmount: 1.0))
            let wrong = try envelope(try await client.pay(body, token: token)).result
            try await client.putFaults(MockFaults())
            let normal = try envelope(try await client.pay(body, token: token)).result
            _ = try await client.pay(payBody(callbackURL: "https://shop.example/cb/order-1"), token: token)
            let links = try await client.links()
            #expect(links.map(\.callbackURL) == ["https://shop.example/cb/order-1", "https://shop.example/cb/order-9"])
            let order9 = try #require(links.last)
            #expect(order9.amount == "900")
            #expect(order9.links.map(\.answer) == ["serverError", "wrongAmount", "normal"])
            #expect(order9.links.map(\.amount) == ["900", "901", "900"])
            #expect(order9.links.map(\.merchantId) == [demoAppId, demoAppId, demoAppId])
            #expect(order9.links[1].paymentId == wrong["paymentId"] as? String)
            #expect(order9.links[2].paymentId == normal["paymentId"] as? String)
            #expect(Set(order9.links.map(\.paymentId)).count == 3)
            let createdAt = order9.links.map(\.createdAt)
            #expect(createdAt == createdAt.sorted())
            #expect(createdAt.allSatisfy { (started...Int64(Date().timeIntervalSince1970 * 1000)).contains($0) })
        }
    }

    @Test func linksIsRefusedWhenLinksAreNotRecorded() async throws {
        try await withMockAPI { _, client in
            let response = try await client.execute(uri: "/mock/links", method: .get)
            #expect(response.status == .conflict)
            #expect(String(buffer: response.body).contains("--record-links"))
        }
    }

    @Test func resetClearsFaultCountsMismatchesAndLinks() async throws {
        try await withMockAPI(.init(faults: .init(wrongAmount: 1.0), recordLinks: true)) { _, client in
            let token = try await client.token()
            _ = try await client.pay(token: token)
            #expect(try await client.mismatches().count == 1)
            _ = try await client.execute(uri: "/mock/reset", method: .post)
            #expect(try await client.stats().faultsInjected.values.allSatisfy { $0 == 0 })
            #expect(try await client.mismatches().isEmpty)
            #expect(try await client.links().isEmpty)
        }
    }

    @Test func countersKeepOnlyTheLastHour() {
        var counters = MockStatsCounters()
        counters.recordPayCall(second: 1_000)
        counters.recordPayCall(second: 1_000 + 3_600)
        counters.recordPayCall(second: 1_000 + 3_600)
        counters.recordPayCall(second: 1_000 + 3_601)
        let snapshot = counters.snapshot(nowSecond: 1_000 + 3_602)
        #expect(snapshot.perSecond.map(\.second) == [4_600, 4_601])
        #expect(snapshot.perSecond.map(\.payCalls) == [2, 1])
        #expect(snapshot.currentRate == 1)
        #expect(snapshot.payCalls == 4)
    }
}
