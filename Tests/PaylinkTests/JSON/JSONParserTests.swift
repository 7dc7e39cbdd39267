import Testing

@testable import Paylink

struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue.parse(Array(text.utf8))
    }

    @Test func parsesAFlatObject() throws {
        let value = try parse(#"{"a": "x", "b": 12, "c": true, "d": null, "e": [1, "2"], "f": {"g": -1.5e3}}"#)
        #expect(value == .object([
            "a": .string("x"), "b": .number("12"), "c": .bool(true), "d": .null,
            "e": .array([.number("1"), .string("2")]), "f": .object(["g": .number("-1.5e3")]),
        ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/\n\té😀"))
    }

    @Test(arguments: [
        "", "{", #"{"a":}"#, #"{"a" 1}"#, "[1,]", "01", "1.", "-", "tru", #""\x""#, #""\ud800""#,
        "{} x", #"{"a":1,"a":2}"#, "\"a\u{01}b\"",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: Never.self) { try parse(fine) }
    }

    @Test func writerEscapesWhatTheParserReadsBack() throws {
        var writer = JSONWriter()
        writer.add("text", "quote \" backslash \\ newline \n tab \t bell \u{07} é")
        writer.addRaw("n", "42")
        let value = try JSONValue.parse(writer.finish())
        #expect(value == .object(["text": .string("quote \" backslash \\ newline \n tab \t bell \u{07} é"), "n": .number("42")]))
    }
}
