import Hummingbird
import Paylink

/// `/api/batches`, `/api/batch`, `/api/batch/export`.
extension DashboardAPI {
    static func registerBatches(on api: RouterGroup<DashboardContext>, reader: DashboardReader) {
        api.get("batches") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            let limit = try query.int("limit", in: 1...DashboardReader.maxPageSize, default: 50)
            var models: [BatchesModel] = []
            for group in try reader.queueGroups(named: try query.id("queue")) { models.append(try await reader.batches(of: group, limit: limit)) }
            return try JSONAnswer.response(["queues": models])
        }
        api.get("batch") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            let batchId = try query.requireID("id")
            for group in try reader.queueGroups(named: try query.id("queue")) {
                if let model = try await reader.batch(batchId, of: group) { return try JSONAnswer.response(model) }
            }
            throw DashboardAPIError(.notFound, "no batch \(batchId) in the queues shown (it may have expired)")
        }
        api.get("batch/export") { request, context -> Response in
            _ = try context.requirePrincipal()
            let query = APIQuery(request)
            let batchId = try query.requireID("id")
            let format = try query.choice("format", default: BatchExport.Format.csv)
            for group in try reader.queueGroups(named: try query.id("queue")) {
                let holding = try await reader.shardsHolding(batch: batchId, of: group)
                guard !holding.isEmpty else { continue }
                var headers = HTTPFields()
                headers[.contentType] = format.contentType
                headers[.contentDisposition] = "attachment; filename=\"batch-\(batchId).\(format == .csv ? "csv" : "jsonl")\""
                // Streamed a page (500 orders) at a time, as `paylink export` writes it.
                let body = ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: BatchExport.header(format)))
                    for queue in holding {
                        try await queue.forEachResult(inBatch: batchId) { page in
                            try await writer.write(ByteBuffer(string: page.map { BatchExport.line($0, format: format) }.joined()))
                        }
                    }
                    try await writer.finish(nil)
                }
                return Response(status: .ok, headers: headers, body: body)
            }
            throw DashboardAPIError(.notFound, "no batch \(batchId) in the queues shown (it may have expired)")
        }
    }
}
