import Testing
@testable import PaylinkServer

struct FlatJSONParserTests {
    private func parse(_ text: String, keys: [String] = ["a", "b"]) -> [FlatJSONValue?]? {
        Array(text.utf8).withUnsafeBytes { FlatJSONParser.parseObject($0, keys: keys) }
    }

    @Test func picksRequestedMembersAndSkipsOthers() {
        let values = parse(#" {"z":{"y":[1,{"x":"\""}]},"a":"A\u00e9\ud83d\ude00\n","b":-0.5e+2} "#)
        #expect(values == [.string("Aé😀\n"), .number])
    }

    @Test func repeatedMemberKeepsTheLastValue() {
        #expect(parse(#"{"a":"1","a":"2"}"#) == [.string("2"), nil])
    }

    @Test func classifiesScalarKinds() {
        #expect(parse(#"{"a":true,"b":null}"#) == [.bool, .null])
        #expect(parse(#"{"a":[],"b":{}}"#) == [.container, .container])
    }

    @Test(arguments: [
        "", "[]", "\"a\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":tru}", "{\"a\":\"x\ny\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
        "{} {}", "{\"a\":[1,]}", "{'a':1}", String(repeating: "[", count: 100),
        "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(bytes.withUnsafeBytes { FlatJSONParser.parseObject($0, keys: ["a"]) } == nil)
    }
}
