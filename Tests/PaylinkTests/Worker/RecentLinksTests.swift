import Testing

@testable import Paylink

/// The recent links a worker stores again after Redis lost writes: a window of storing, so that
/// an outage longer than the window (a Sentinel failover) does not empty it before the worker
/// meets the new master.
struct RecentLinksTests {
    static let t0 = ContinuousClock.now

    static func link(_ index: Int) -> OrderResult {
        OrderResult(orderId: "o-\(index)", status: .succeeded, fields: [("paymentId", "p-\(index)")])
    }

    static func ids(_ entries: [RecentLinks.Entry]) -> [String] { entries.map(\.jobId) }

    @Test func whileStoringOnlyTheLastWindowIsKept() {
        let links = RecentLinks(window: .seconds(3), capacity: 100)
        for second in 0...10 { links.record(jobId: "j\(second)", result: Self.link(second), at: Self.t0 + .seconds(second)) }
        #expect(Self.ids(links.recent(at: Self.t0 + .seconds(10))) == ["j7", "j8", "j9", "j10"])
    }

    @Test func anOutageLongerThanTheWindowKeepsTheLinksStoredJustBeforeIt() {
        let links = RecentLinks(window: .seconds(3), capacity: 100)
        for second in 0...10 { links.record(jobId: "j\(second)", result: Self.link(second), at: Self.t0 + .seconds(second)) }
        // Redis away for 30 s: nothing stored; the worker reaches the new master and looks back.
        #expect(Self.ids(links.recent(at: Self.t0 + .seconds(40))) == ["j7", "j8", "j9", "j10"])
        // Results that waited out the outage are stored first; the links before it still count.
        links.record(jobId: "j40", result: Self.link(40), at: Self.t0 + .seconds(40))
        #expect(Self.ids(links.recent(at: Self.t0 + .seconds(40.25))) == ["j7", "j8", "j9", "j10", "j40"])
        // A window after the outage they are forgotten as usual.
        for second in 41...44 { links.record(jobId: "j\(second)", result: Self.link(second), at: Self.t0 + .seconds(second)) }
        #expect(Self.ids(links.recent(at: Self.t0 + .seconds(44))) == ["j41", "j42", "j43", "j44"])
    }

    @Test func theCapacityStillBounds() {
        let links = RecentLinks(window: .seconds(3), capacity: 2)
        for index in 0..<5 { links.record(jobId: "j\(index)", result: Self.link(index), at: Self.t0 + .milliseconds(index)) }
        #expect(Self.ids(links.recent(at: Self.t0 + .seconds(60))) == ["j3", "j4"])
    }

    @Test func onlySucceededResultsAreKept() {
        let links = RecentLinks(window: .seconds(3), capacity: 10)
        links.record(jobId: "f", result: OrderResult(orderId: "o", status: .failed, fields: []), at: Self.t0)
        #expect(links.recent(at: Self.t0).isEmpty)
    }
}
