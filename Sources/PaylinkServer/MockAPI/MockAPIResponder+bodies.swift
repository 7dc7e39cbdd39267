import Hummingbird

extension MockAPIResponder {
    /// Headers of every JSON answer, as a Java API sends them.
    static let jsonHeaders: HTTPFields = [.contentType: "application/json;charset=UTF-8"]
    private static let htmlHeaders: HTTPFields = [.contentType: "text/html"]

    /// A JSON answer.
    static func envelope(status: HTTPResponse.Status, _ json: String) -> Response {
        Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The HTML error page a reverse proxy (nginx) in front of the API answers 502, 503 and 504 with:
    /// not JSON, as a client meets it in production.
    static func proxyPage(status: HTTPResponse.Status) -> Response {
        let title = "\(status.code) \(status.reasonPhrase)"
        let html = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        return Response(status: status, headers: htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Where a SUCCESS envelope's `result` members start: `{"status":"SUCCESS","result":{`.
    private static let resultOpening = #"{"status":"SUCCESS","result":{"#.utf8.count

    /// The `hugeBody` fault's answer: `body` (a SUCCESS envelope) with a `trace` member of filler
    /// before its real members, so the whole is valid JSON of `bytes` bytes whose link comes only
    /// after the first `bytes - body.count` bytes. Sent with its Content-Length, as a server would.
    static func padded(_ body: [UInt8], to bytes: Int) -> Response {
        let opening = ByteBuffer(bytes: body.prefix(resultOpening))
        let rest = ByteBuffer(bytes: body.dropFirst(resultOpening))
        let memberHead = ByteBuffer(string: #""trace":""#)
        let memberTail = ByteBuffer(string: #"","#)
        let filler = max(0, bytes - body.count - memberHead.readableBytes - memberTail.readableBytes)
        let parts = [opening, memberHead, ByteBuffer(repeating: UInt8(ascii: "x"), count: filler), memberTail, rest]
        return Response(status: .ok, headers: jsonHeaders, body: .init(contentsOf: parts))
    }

    /// The one SUCCESS body of `staticResponses` mode: a real-looking web-pay answer for 10.00 CAD.
    static func cannedPayBody() -> [UInt8] {
        let request = PayRequest(
            amount: "1000",
            amountCents: 1000,
            callbackURL: "https://merchant.example/paylink/callback/order-1",
            returnURL: "https://merchant.example/paylink/return/order-1",
            remark: nil
        )
        let link = CreatedLink(paymentNumber: 1_677_688_673_404_319, createdAtSeconds: 1_677_688_639, signatureSeed: 1)
        return PayLinkBody(appId: "ON00000185").body(kind: .web, link: link, request: request)
    }
}
