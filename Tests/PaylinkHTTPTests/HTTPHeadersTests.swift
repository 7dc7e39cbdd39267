import Testing

@testable import PaylinkHTTP

struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndReturnsTheFirstValue() {
        var headers: HTTPHeaders = ["Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
    }

    @Test func orderIsKept() {
        let headers: HTTPHeaders = ["B": "2", "A": "1", "C": "3"]
        #expect(headers.map(\.name) == ["B", "A", "C"])
    }

    @Test func namesDifferingOnlyBeyondASCIICaseDoNotMatch() {
        #expect(!HTTPHeaders.namesMatch("X-Ä", "x-ä"))
        #expect(!HTTPHeaders.namesMatch("ab", "abc"))
    }
}
