import PaylinkTestSupport
import Testing

@testable import PaylinkHTTP

@Suite(.timeLimit(.minutes(1)))
struct HTTPClientFailureTests {
    @Test func bodyOverLimitWithContentLengthFailsAsTooLarge() async throws {
        try await TestServer.withServer { server in
            try await withClient(HTTPClientConfiguration(maxResponseBytes: 1_000)) { client in
                let error = await failure(of: HTTPRequest(url: server.url("/bytes?count=4096")), on: client)
                #expect(error?.code == .responseTooLarge)
                #expect(error?.requestSent == true)
            }
        }
    }

    @Test func chunkedBodyOverLimitFailsAsTooLarge() async throws {
        try await TestServer.withServer { server in
            try await withClient(HTTPClientConfiguration(maxResponseBytes: 1_000)) { client in
                let error = await failure(of: HTTPRequest(url: server.url("/bytes?count=4096&stream=1")), on: client)
                #expect(error?.code == .responseTooLarge)
                let fits = try await client.execute(HTTPRequest(url: server.url("/bytes?count=1000&stream=1")))
                #expect(fits.body.count == 1_000)
            }
        }
    }

    @Test func slowServerPastTimeoutFailsAsTimedOutAfterSending() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let clock = ContinuousClock()
                let start = clock.now
                let request = HTTPRequest(url: server.url("/slow?ms=3000"), timeout: .milliseconds(200))
                let error = await failure(of: request, on: client)
                #expect(error?.code == .timedOut)
                #expect(error?.requestSent == true)
                #expect(clock.now - start < .seconds(2))
            }
        }
    }

    @Test func closedPortFailsAsCouldNotConnectWithoutSending() async throws {
        try await RefusingPort.with { port in
            try await withClient { client in
                let request = HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/orders", body: [1, 2])
                let error = await failure(of: request, on: client)
                #expect(error?.code == .couldNotConnect)
                #expect(error?.requestSent == false)
            }
        }
    }

    @Test func cancellingTheTaskFailsPromptlyAsCancelled() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let task = Task { await result(of: HTTPRequest(url: server.url("/slow?ms=10000")), on: client) }
                #expect(await eventually { server.slowArrivals.value == 1 })
                let clock = ContinuousClock()
                let start = clock.now
                task.cancel()
                let outcome = await task.value
                #expect(clock.now - start < .seconds(1))
                guard case .failure(let error) = outcome else {
                    Issue.record("expected cancellation, got a response")
                    return
                }
                #expect(error.code == .cancelled)
                #expect(error.requestSent == true)
            }
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        try await withClient { client in
            let task = Task {
                // Wait until cancelled, so execute starts in an already-cancelled task.
                while !Task.isCancelled { await Task.yield() }
                return await result(of: HTTPRequest(url: "http://127.0.0.1:9/never"), on: client)
            }
            task.cancel()
            guard case .failure(let error) = await task.value else {
                Issue.record("expected cancellation")
                return
            }
            #expect(error.code == .cancelled)
            #expect(error.requestSent == false)
        }
    }

    @Test func shutdownFailsPendingRequestsAndLaterOnes() async throws {
        try await TestServer.withServer { server in
            let client = try HTTPClient()
            let codes = await withTaskGroup(of: HTTPClientError.Code?.self) { group in
                for _ in 0..<5 {
                    group.addTask { await failure(of: HTTPRequest(url: server.url("/slow?ms=10000")), on: client)?.code }
                }
                #expect(await eventually { server.slowArrivals.value == 5 })
                #expect(!client.isClosed)
                client.shutdown()
                #expect(client.isClosed)
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(codes == Array(repeating: .shutdown, count: 5))
            let later = await failure(of: HTTPRequest(url: server.url("/bytes?count=1")), on: client)
            #expect(later?.code == .shutdown)
            #expect(later?.requestSent == false)
            client.shutdown()  // idempotent
        }
    }

    /// A backend that processed a POST and then died (or a balancer that dropped the flow) must
    /// not get the POST again from curl on a new connection: the caller has to know.
    @Test func aPOSTOnAReusedConnectionThatDiesUnansweredIsNotSentAgain() async throws {
        let server = try DroppingServer.start()
        defer { server.stop() }
        try await withClient { client in
            let first = try await client.execute(HTTPRequest(method: .post, url: server.url, body: Array("first".utf8)))
            #expect(first.status == 200)
            let error = await failure(of: HTTPRequest(method: .post, url: server.url, body: Array("second".utf8)), on: client)
            #expect(error?.requestSent == true, "the outcome is unknown: \(String(describing: error))")
            #expect(error?.code == .connectionClosed)
            #expect(server.receivedBodies.filter { $0 == "second" }.count == 1, "sent once: \(server.receivedBodies)")
            let third = try await client.execute(HTTPRequest(method: .post, url: server.url, body: Array("third".utf8)))
            #expect(third.status == 200)
            #expect(server.receivedBodies == ["first", "second", "third"])
        }
    }

    @Test func errorDescriptionNeverContainsHeadersOrBody() async throws {
        try await RefusingPort.with { port in try await withClient { client in
            let request = HTTPRequest(
                method: .post, url: "http://user:pass@127.0.0.1:\(port)/api/v1/pay?sign=abc123",
                headers: ["Authorization": "Bearer secret-token"], body: Array("card=4111".utf8))
            let error = try #require(await failure(of: request, on: client))
            for secret in ["secret-token", "Bearer", "card=4111", "pass", "abc123"] {
                #expect(!error.description.contains(secret))
                #expect(!error.message.contains(secret))
            }
            #expect(error.description.hasPrefix("POST http://127.0.0.1:\(port)/api/v1/pay failed: could not connect ("))
            #expect(error.description.hasSuffix("; the request was not sent"))
        } }
    }

    @Test func headerWithLineBreakIsRejectedBeforeSending() async throws {
        try await withClient { client in
            let request = HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Bad": "a\r\nInjected: yes"])
            let error = await failure(of: request, on: client)
            #expect(error?.code == .invalidRequest)
            #expect(error?.requestSent == false)
        }
    }

    @Test func unsupportedSchemeIsAnInvalidRequest() async throws {
        try await withClient { client in
            let error = await failure(of: HTTPRequest(url: "ftp://127.0.0.1/file"), on: client)
            #expect(error?.code == .invalidRequest)
            #expect(error?.requestSent == false)
        }
    }
}
