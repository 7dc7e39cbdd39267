public import HTTPTypes
public import Hummingbird

/// A refusal the API answers with: a status and a sentence saying what was wrong, as
/// `{"error": "..."}`. Every message is built from checked values or JSON-escaped echoes of
/// the request, and never holds a secret.
public struct DashboardAPIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    /// Extra members of the answer (a retry that needs confirming lists what may have a link).
    public let details: [String: [String]]

    public init(_ status: HTTPResponse.Status, _ message: String, details: [String: [String]] = [:]) {
        self.status = status
        self.message = message
        self.details = details
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        return try JSONAnswer.response(Body(error: message, status: status.code, details: details.isEmpty ? nil : details), status: status)
    }

    /// The answer's JSON.
    struct Body: Encodable {
        let error: String
        let status: Int
        let details: [String: [String]]?
    }

    static func badRequest(_ message: String) -> DashboardAPIError { DashboardAPIError(.badRequest, message) }
}
