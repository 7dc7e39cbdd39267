/// What a handler answers; the server adds the status line, `Content-Length` and
/// `Connection: close`.
public struct EndpointResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A one-line plain-text answer, as the probes give.
    public static func text(_ status: Int, _ line: String) -> EndpointResponse {
        EndpointResponse(status: status, body: Array((line + "\n").utf8))
    }

    var reason: String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
