import Foundation
import HTTPTypes
import Paylink
import PaylinkRedis
import Testing

/// The JSON API's answers for a seeded queue, over real HTTP.
struct DashboardAPITests {
    @Test func overviewCountsASeededQueueExactly() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            let answer = try await dash.get("/api/overview")
            #expect(answer.status == .ok)
            let queues = try #require(answer.json["queues"] as? [[String: Any]])
            try #require(queues.count == 1)
            #expect(queues[0]["queue"] as? String == dash.queue.keys.queue)
            let figures = try #require(queues[0]["total"] as? [String: Any])
            #expect(figures["pending"] as? Int == 2)
            #expect(figures["inFlight"] as? Int == 0)
            #expect(figures["retrying"] as? Int == 1)
            #expect(figures["dead"] as? Int == 1)
            #expect(figures["unknown"] as? Int == 1)
            let results = try #require(figures["results"] as? [String: Int])
            #expect(results == ["succeeded": 1, "failed": 1, "unknown": 1, "retrying": 1, "invalid": 0, "queued": 0, "sending": 0])
            #expect(queues[0]["paused"] as? Bool == false)
        }
    }

    @Test func orderLookupShowsTheWholeResultAndTheDeadEntry() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            let failed = try await dash.get("/api/order?id=O-2").json
            let result = try #require(failed["result"] as? [String: Any])
            #expect(result["status"] as? String == "failed")
            #expect(result["errorCode"] as? String == "10005")
            #expect(result["batchId"] as? String == "B-1")
            #expect(result["attempts"] as? Int == 1)
            let dead = try #require(failed["dead"] as? [String: Any])
            #expect((dead["element"] as? String)?.contains(#""orderId":"O-2""#) == true)
            let parked = try await dash.get("/api/order?id=O-4").json
            #expect((parked["unknownElement"] as? String)?.contains("O-4") == true)
            #expect(try await dash.get("/api/order?id=O-99").status == .notFound)
            let search = try await dash.get("/api/order?prefix=O-").json
            let matches = try #require(search["matches"] as? [[String: Any]])
            #expect(matches.compactMap { $0["orderId"] as? String } == ["O-1", "O-2", "O-4"])
            #expect(search["complete"] as? Bool == true)
        }
    }

    @Test func deadAndUnknownPagesFilterByErrorCodeAndBatch() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            let dead = try await dash.get("/api/dead?errorCode=10005&batch=B-1").json
            #expect((dead["entries"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["O-2"])
            let none = try await dash.get("/api/dead?errorCode=timeout").json
            #expect((none["entries"] as? [[String: Any]])?.isEmpty == true)
            let unknown = try await dash.get("/api/unknown?batch=B-1").json
            #expect((unknown["entries"] as? [[String: Any]])?.compactMap { $0["orderId"] as? String } == ["O-4"])
            #expect(try await dash.get("/api/dead?limit=0").status == .badRequest)
            #expect(try await dash.get("/api/dead?offset=-1").status == .badRequest)
            #expect(try await dash.get("/api/dead?queue=nope").status == .notFound)
        }
    }

    @Test func batchPageListsProblemsAndExportsCSV() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            let page = try await dash.get("/api/batch?id=B-1").json
            let batch = try #require(page["batch"] as? [String: Any])
            #expect(batch["total"] as? Int == 6)
            #expect(batch["succeeded"] as? Int == 1)
            #expect((page["problems"] as? [[String: Any]])?.compactMap { $0["orderId"] as? String } == ["O-2", "O-4"])
            let list = try await dash.get("/api/batches").json
            let batches = try #require((list["queues"] as? [[String: Any]])?.first?["batches"] as? [[String: Any]])
            #expect(batches.compactMap { $0["batchId"] as? String } == ["B-1"])
            let export = try await dash.get("/api/batch/export?id=B-1")
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = export.text.split(separator: "\n")
            #expect(lines.first == Substring(BatchExport.columns.joined(separator: ",")))
            #expect(lines.count == 7)
            #expect(lines.contains { $0.hasPrefix("O-1,succeeded,https://pay.example/p1,p1,") })
            #expect(lines.contains { $0.hasPrefix("O-5,no-result,") })
        }
    }

    @Test func actionsRunTheCLIsOperations() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            let session = try await dash.openSession()
            let queue = dash.queue.keys.queue
            // A possibly-linked order needs the second confirmation.
            _ = try await dash.redis.send(RedisCommand("HSET", dash.queue.keys.result("O-2"), ResultField.unsure, "1"))
            let refused = try await dash.post("/api/actions/dead/retry", json: #"{"queue":"\#(queue)","ids":["O-2"]}"#, headers: session)
            #expect(refused.status == .conflict)
            #expect((refused.json["details"] as? [String: [String]])?["needsConfirmation"] == ["O-2"])
            let retried = try await dash.post(
                "/api/actions/dead/retry", json: #"{"queue":"\#(queue)","ids":["O-2"],"confirmPossibleLink":true}"#, headers: session)
            #expect(retried.json["ok"] as? Int == 1)
            #expect(try await dash.queue.result(orderId: "O-2")?[ResultField.status] == "queued")
            let resolveBody = #"{"queue":"\#(queue)","ids":["O-4"],"resolution":"fail","message":"no link at OTT Pay"}"#
            #expect(try await dash.post("/api/actions/unknown/resolve", json: resolveBody, headers: session).json["ok"] as? Int == 1)
            #expect(try await dash.queue.result(orderId: "O-4")?[ResultField.errorCode] == "resolved")
            let paused = try await dash.post("/api/actions/queue/pause", json: #"{"queue":"\#(queue)","reason":"audit"}"#, headers: session)
            #expect(paused.json["ok"] as? Int == 1)
            #expect(try await dash.queue.pauseState()?.reason == "audit")
            #expect(try await dash.queue.pauseState()?.by == "local@dashboard")
            _ = try await dash.post("/api/actions/queue/resume", json: #"{"queue":"\#(queue)"}"#, headers: session)
            #expect(try await dash.queue.pauseState() == nil)
            let status = try await dash.queue.status()
            #expect(status.pending == 3)
            #expect(status.dead == 0)
        }
    }
}
