import Testing

@testable import PaylinkHTTP

@Suite(.timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test func getReturnsStatusAndBody() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let response = try await client.execute(HTTPRequest(url: server.url("/bytes?count=5")))
                #expect(response.status == 200)
                #expect(response.body == (0..<5).map(TestServer.byte(at:)))
                #expect(response.headers["content-length"] == "5")
            }
        }
    }

    @Test func postSendsJSONBodyAndGetsItBack() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let json = Array(#"{"order":"A-1","amount":1999}"#.utf8)
                let request = HTTPRequest(
                    method: .post, url: server.url("/echo"),
                    headers: ["Content-Type": "application/json"], body: json)
                let response = try await client.execute(request)
                #expect(response.status == 200)
                #expect(response.body == json)
                #expect(response.headers["Content-Type"] == "application/json")
            }
        }
    }

    @Test func postBodyOverOneKiBArrivesWhole() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let body = (0..<5_000).map { UInt8(truncatingIfNeeded: $0) }
                let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: body))
                #expect(response.body == body)
            }
        }
    }

    @Test func postBodyLargerThanTheUploadBufferArrivesWhole() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: body))
                #expect(response.body == body)
            }
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, 0), (.delete, 0), (.put, 0), (.put, 3), (.post, 0), (.delete, 3),
    ])
    func methodAndBodyArriveAsGiven(method: HTTPRequest.Method, bodyLength: Int) async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let request = HTTPRequest(method: method, url: server.url("/method"), body: Array(repeating: 7, count: bodyLength))
                let response = try await client.execute(request)
                #expect(String(decoding: response.body, as: UTF8.self) == "\(method.rawValue) \(bodyLength)")
            }
        }
    }

    @Test func requestHeadersArriveAndResponseHeadersComeBack() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let request = HTTPRequest(url: server.url("/headers"), headers: ["X-Custom": "hello there"])
                let response = try await client.execute(request)
                #expect(response.headers["x-echo-custom"] == "hello there")
                #expect(response.headers["X-ECHO-CUSTOM"] == "hello there")
                #expect(response.headers.values(for: "x-multi") == ["one", "two"])
            }
        }
    }

    @Test func oneMiBResponseBodyArrivesIntact() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                let count = 1 << 20
                let response = try await client.execute(HTTPRequest(url: server.url("/bytes?count=\(count)")))
                #expect(response.body.count == count)
                #expect(response.body == (0..<count).map(TestServer.byte(at:)))
            }
        }
    }

    @Test func fiveHundredConcurrentRequestsAreAllAnsweredCorrectly() async throws {
        // The in-process server shares the cooperative pool with every suite running in
        // parallel, so under CI's load 500 answers can take longer than the 10 s default: this
        // test is about correctness under concurrency, not speed.
        var patient = HTTPClientConfiguration()
        patient.timeout = .seconds(40)
        let configuration = patient
        try await TestServer.withServer { server in
            try await withClient(configuration) { client in
                let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<500 {
                        group.addTask {
                            let body = Array("request-\(index)".utf8)
                            let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: body))
                            return response.status == 200 && response.body == body
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
                }
                #expect(mismatches == 0)
            }
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                for _ in 0..<50 {
                    let response = try await client.execute(HTTPRequest(method: .post, url: server.url("/echo"), body: [1, 2, 3]))
                    #expect(response.status == 200)
                }
                #expect(client.connectionsOpened == 1)
            }
        }
    }

    @Test func concurrentBatchesReuseConnections() async throws {
        try await TestServer.withServer { server in
            try await withClient { client in
                for _ in 0..<10 {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<20 {
                            group.addTask { _ = try await client.execute(HTTPRequest(url: server.url("/bytes?count=10"))) }
                        }
                        try await group.waitForAll()
                    }
                }
                // 200 requests, at most 20 at a time: kept-alive connections serve later batches.
                #expect(client.connectionsOpened <= 40)
            }
        }
    }
}
