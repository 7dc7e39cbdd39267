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
