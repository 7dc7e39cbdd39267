import Testing

@testable import PaylinkHTTP

struct HTTPClientErrorTests {
    @Test func descriptionNamesRequestCodeMessageAndWhetherSent() {
        let error = HTTPClientError(
            code: .timedOut, requestSent: true, message: "curl_multi_perform: Timeout was reached",
            method: "POST", url: "http://127.0.0.1:8080/api/v1/orders")
        #expect(error.description == "POST http://127.0.0.1:8080/api/v1/orders failed: timed out (curl_multi_perform: Timeout was reached); the request was sent")
    }

    @Test(arguments: [
        ("https://user:secret@api.example/pay?sign=x#frag", "https://api.example/pay"),
        ("http://127.0.0.1:80/a/b", "http://127.0.0.1:80/a/b"),
        ("http://host?token=1", "http://host"),
        ("not a url", "not a url"),
    ])
    func urlLosesQueryFragmentAndCredentials(url: String, shown: String) {
        #expect(HTTPClientError(code: .other, requestSent: true, message: "", method: "GET", url: url).url == shown)
    }
}
