import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing
@testable import PaylinkServer

struct MockAPIServerTests {
    @Test func rateLimitRefusesTheExcessOfABurstWithRetryAfter() async throws {
        try await withMockAPI(.init(rateLimit: 5)) { _, client in
            let token = try await client.token()
            // The limit counts whole wall-clock seconds: retry until one burst fits in one second
            // (a loaded machine can stretch a burst across a boundary).
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: [String?] = []
            var linksBefore = 0
            var lastSecond = Int(Date().timeIntervalSince1970)
            for _ in 0..<15 {
                // Start just after a second boundary later than any earlier attempt's calls.
                let after = lastSecond
                let aligned = try await eventually(timeout: .seconds(3)) {
                    let now = Date().timeIntervalSince1970
                    return Int(now) > after && now.truncatingRemainder(dividingBy: 1) < 0.1
                }
                #expect(aligned)
                linksBefore = try await client.stats().linksCreated
                let second = Int(Date().timeIntervalSince1970)
                statuses = []
                retryAfter = []
                for _ in 0..<8 {
                    let response = try await client.pay(token: token)
                    statuses.append(response.status)
                    if response.status == .tooManyRequests { retryAfter.append(response.headers[.retryAfter]) }
                }
                lastSecond = Int(Date().timeIntervalSince1970)
                if lastSecond == second { break }
            }
            #expect(statuses.filter { $0 == .ok }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 3)
            #expect(retryAfter == ["1", "1", "1"])
            #expect(try await client.stats().linksCreated - linksBefore == 5)
        }
    }

    @Test func latencyDelaysEachCallWithoutBlocking() async throws {
        try await withMockAPI(.init(latency: .milliseconds(300))) { _, client in
            let token = try await client.token()
            let port = try #require(client.port)
            let started = ContinuousClock.now
            #expect(try await client.pay(token: token).status == .ok)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            // 20 concurrent calls on 2 event loops finish in about one latency, not twenty.
            let concurrentStart = ContinuousClock.now
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await LoopbackClient.with(port: port) { try await $0.pay(token: token).status }
                    }
                }
                for try await status in group { #expect(status == .ok) }
            }
            let elapsed = ContinuousClock.now - concurrentStart
            #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(3))
        }
    }

    @Test func staticResponsesAnswerEveryCallAtOnceWithoutStats() async throws {
        try await withMockAPI(.init(staticResponses: true)) { _, client in
            let response = try await client.pay("junk", token: nil)
            #expect(response.status == .ok)
            let (status, result) = try envelope(response)
            #expect(status == "SUCCESS" && result["payInfo"] is String)
            #expect(try await client.stats().payCalls == 0)
        }
    }

    @Test func serviceReportsItsPortAndStopsGracefullyDuringAHang() async throws {
        var logger = Logger(label: "mock-api-service-test")
        logger.logLevel = .warning
        let ports = AsyncStream.makeStream(of: Int.self)
        let configuration = MockAPIConfiguration(faults: .init(hang: 1.0, hangSeconds: 60))
        let server = MockAPIServer(configuration: configuration, logger: logger) { ports.continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.stream.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            let hanging = Task {
                try await LoopbackClient.with(host: "127.0.0.1", port: port) { client -> HTTPResponse.Status in
                    let token = try await client.token()
                    return try await client.pay(token: token).status
                }
            }
            let created = try await eventually { server.stats().linksCreated == 1 }
            #expect(created)
            let stopping = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.next()
            #expect(ContinuousClock.now - stopping < .seconds(10))
            #expect(try await hanging.value == .gatewayTimeout)
        }
    }
}
