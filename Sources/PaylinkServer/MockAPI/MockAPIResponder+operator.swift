import Foundation
import Hummingbird

extension MockAPIResponder {
    /// The `/mock/` endpoints for operators and tests; not counted in the stats.
    func operatorCall(path: String, request: Request) async throws -> Response {
        switch (request.method, path) {
        case (.get, "/mock/stats"):
            return try Self.json(state.stats())
        case (.get, "/mock/duplicates"):
            return try Self.json(state.duplicates())
        case (.get, "/mock/mismatches"):
            return try Self.json(state.mismatches())
        case (.get, "/mock/links"):
            guard let links = state.orderLinks() else {
                let hint = "links are not recorded: start the stand-in with --record-links"
                return Self.operatorError(hint, status: .conflict)
            }
            return try Self.json(links)
        case (.get, "/mock/faults"):
            return try Self.json(state.currentFaults)
        case (.put, "/mock/faults"):
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBodyBytes)
            let faults: MockFaults
            do {
                faults = try JSONDecoder().decode(MockFaults.self, from: Data(body.readableBytesView))
            } catch {
                return Self.operatorError("body must be a JSON object of MockFaults fields")
            }
            if let problem = faults.validationProblem { return Self.operatorError(problem) }
            state.setFaults(faults)
            return try Self.json(faults)
        case (.post, "/mock/revoke-tokens"):
            state.revokeTokens()
            return Self.envelope(status: .ok, #"{"revoked":true}"#)
        case (.post, "/mock/reset"):
            state.resetStats()
            return Self.envelope(status: .ok, #"{"reset":true}"#)
        default:
            return Self.envelope(status: .notFound, MockAPIError.notFound.envelope)
        }
    }

    private static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func operatorError(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        envelope(status: status, #"{"error":"\#(MockJSON.escaped(message))"}"#)
    }
}
