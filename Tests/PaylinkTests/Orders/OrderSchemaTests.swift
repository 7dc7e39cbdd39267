import Foundation
import Paylink
import Testing

/// docs/order.schema.json accepts exactly the orders `OrderParser` accepts, checked with Debian's
/// python3-jsonschema (Draft 2020-12) on elements at each rule's edges. Left out: what JSON Schema
/// cannot state and the schema's `$comment` lists (element size, duplicate members, nesting,
/// number spelling such as 1.0, UTF-16 lengths of characters outside the BMP).
@Suite(.timeLimit(.minutes(1)))
struct OrderSchemaTests {
    static let base = #""callbackURL":"https://a.example/c","returnURL":"https://a.example/r""#
    static let urls = #""amount":"1","orderId":"u""#

    static let elements: [String] = [
        // Valid at the edges.
        #"{"orderId":"A-1","amount":"1000",\#(base)}"#,
        #"{"orderId":"\#(String(repeating: "x", count: 60)).:_-","amount":1,\#(base)}"#,
        #"{"orderId":"B","amount":"9223372036854775807",\#(base),"remark":"\#(String(repeating: "r", count: 128))","channel":"wap","batchId":"b-1"}"#,
        #"{"orderId":"C","amount":9223372036854775807,\#(base),"remark":null,"channel":null,"batchId":null}"#,
        #"{"orderId":"D","amount":"5",\#(base),"extra":{"nested":[1,2]},"channel":"web"}"#,
        #"{\#(urls),"callbackURL":"HTTP://user:pw@Host.example:8080/p?q#f","returnURL":"https://[::1]/r"}"#,
        #"{\#(urls),"callbackURL":"https://例え.jp/パス","returnURL":"https://a.example?x=1"}"#,
        #"{\#(urls),"callbackURL":"https://a.example/\#(String(repeating: "p", count: 237))","returnURL":"http://a#f"}"#,
        // Invalid: element and orderId.
        "[1]", #""text""#, "5",
        #"{"amount":"1",\#(base)}"#, #"{"orderId":null,"amount":"1",\#(base)}"#, #"{"orderId":"","amount":"1",\#(base)}"#,
        #"{"orderId":"\#(String(repeating: "x", count: 65))","amount":"1",\#(base)}"#,
        #"{"orderId":"a b","amount":"1",\#(base)}"#, #"{"orderId":"a/b","amount":"1",\#(base)}"#,
        #"{"orderId":"a\n","amount":"1",\#(base)}"#, #"{"orderId":12,"amount":"1",\#(base)}"#,
        #"{"orderId":"é","amount":"1",\#(base)}"#,
        // amount.
        #"{"orderId":"a",\#(base)}"#, #"{"orderId":"a","amount":null,\#(base)}"#,
        #"{"orderId":"a","amount":"0",\#(base)}"#, #"{"orderId":"a","amount":"01",\#(base)}"#,
        #"{"orderId":"a","amount":"10.50",\#(base)}"#, #"{"orderId":"a","amount":"-5",\#(base)}"#,
        #"{"orderId":"a","amount":" 5",\#(base)}"#, #"{"orderId":"a","amount":"5\n",\#(base)}"#,
        #"{"orderId":"a","amount":"",\#(base)}"#, #"{"orderId":"a","amount":"1e3",\#(base)}"#,
        #"{"orderId":"a","amount":"9223372036854775808",\#(base)}"#, #"{"orderId":"a","amount":"10000000000000000000",\#(base)}"#,
        #"{"orderId":"a","amount":9223372036854775808,\#(base)}"#,
        #"{"orderId":"a","amount":0,\#(base)}"#, #"{"orderId":"a","amount":-5,\#(base)}"#, #"{"orderId":"a","amount":true,\#(base)}"#,
        // URLs.
        #"{\#(urls),"callbackURL":"ftp://a.example/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://:80/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://user@/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://a@b@:1/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://a b/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://a.example/c\t","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"//a.example/c","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://a.example/\#(String(repeating: "p", count: 238))","returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":5,"returnURL":"https://a.example/r"}"#,
        #"{\#(urls),"callbackURL":"https://a.example/c"}"#,
        #"{\#(urls),"callbackURL":"https://a.example/c","returnURL":null}"#,
        // remark, channel, batchId.
        #"{"orderId":"a","amount":"1",\#(base),"remark":"\#(String(repeating: "r", count: 129))"}"#,
        #"{"orderId":"a","amount":"1",\#(base),"remark":5}"#,
        #"{"orderId":"a","amount":"1",\#(base),"channel":"pos"}"#, #"{"orderId":"a","amount":"1",\#(base),"channel":"WEB"}"#,
        #"{"orderId":"a","amount":"1",\#(base),"channel":1}"#,
        #"{"orderId":"a","amount":"1",\#(base),"batchId":""}"#, #"{"orderId":"a","amount":"1",\#(base),"batchId":"b 1"}"#,
        #"{"orderId":"a","amount":"1",\#(base),"batchId":"\#(String(repeating: "b", count: 65))"}"#,
        #"{"orderId":"a","amount":"1",\#(base),"batchId":7}"#,
    ]

    /// Prints one line `verdicts: 1011...`, a digit per element (1 valid), in order.
    static let validator = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        elements = json.load(open(sys.argv[2], encoding="utf-8"))
        print("verdicts: " + "".join("1" if validator.is_valid(json.loads(e)) else "0" for e in elements))
        """

    @Test func schemaAcceptsExactlyWhatTheParserAccepts() async throws {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: Self.elements).write(to: corpus)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let run = try ScriptRun(
            "/usr/bin/python3", ["-c", Self.validator, ScriptRun.repositoryRoot + "/docs/order.schema.json", corpus.path],
            environment: [:])
        #expect(try await run.waitForExit(timeout: .seconds(30)) == 0, "\(run.output)")
        let line = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("verdicts: ") }, "\(run.output)")
        let schemaVerdicts = line.dropFirst("verdicts: ".count).map { $0 == "1" }
        try #require(schemaVerdicts.count == Self.elements.count)
        for (element, schemaValid) in zip(Self.elements, schemaVerdicts) {
            let parserValid = if case .success = OrderParser.parse(Array(element.utf8)) { true } else { false }
            #expect(schemaValid == parserValid, "schema says \(schemaValid ? "valid" : "invalid"), parser disagrees: \(element.prefix(160))")
        }
        #expect(schemaVerdicts.filter { $0 }.count == 8)
    }
}
