import Testing

@testable import Paylink

struct OrderParserTests {
    private let valid = #"{"orderId":"A-1","amount":"1000","callbackURL":"https://shop.example/cb","returnURL":"http://shop.example/r","remark":"hi","channel":"wap","batchId":"b1","extra":{"x":1}}"#

    private func parse(_ text: String) -> Result<Order, OrderRejection> {
        OrderParser.parse(Array(text.utf8))
    }

    private func element(replacing field: String, with json: String?) -> String {
        var members = [
            "orderId": #""o-1""#, "amount": #""1000""#, "callbackURL": #""https://a.example/c""#,
            "returnURL": #""https://a.example/r""#,
        ]
        members[field] = json
        return "{" + members.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    @Test func acceptsAValidOrderAndIgnoresUnknownMembers() throws {
        let order = try parse(valid).get()
        #expect(order == Order(orderId: "A-1", amount: "1000", callbackURL: "https://shop.example/cb", returnURL: "http://shop.example/r", remark: "hi", channel: .wap, batchId: "b1"))
    }

    @Test func normalisesAJSONIntegerAmount() throws {
        let order = try parse(element(replacing: "amount", with: "2500")).get()
        #expect(order.amount == "2500")
        #expect(order.channel == .web)
    }

    @Test(arguments: [
        ("amount", #""10.5""#), ("amount", #""-1""#), ("amount", #""0""#), ("amount", #""abc""#), ("amount", #"" 100""#),
        ("amount", #""0100""#), ("amount", #""99999999999999999999""#), ("amount", "10.5"), ("amount", "-3"), ("amount", "1e3"),
        ("amount", "true"), ("amount", nil),
        ("callbackURL", #""ftp://a.example/c""#), ("callbackURL", #""/relative""#), ("callbackURL", #""https://""#),
        ("callbackURL", "\"https://a.example/" + String(repeating: "x", count: 240) + "\""), ("callbackURL", #""https://a.example/a b""#),
        ("callbackURL", nil), ("returnURL", "42"), ("returnURL", nil),
        ("remark", "\"" + String(repeating: "r", count: 129) + "\""), ("remark", "7"),
        ("channel", #""pos""#), ("batchId", #""bad id""#),
    ] as [(String, String?)])
    func rejectsABrokenFieldNamingIt(field: String, json: String?) {
        let result = parse(element(replacing: field, with: json))
        guard case .failure(let rejection) = result else {
            Issue.record("accepted \(field)=\(json ?? "missing")")
            return
        }
        #expect(rejection.field == field)
        #expect(rejection.orderId == "o-1")
    }

    @Test(arguments: [#""""#, #""has space""#, "\"" + String(repeating: "x", count: 65) + "\"", "12", "null"])
    func withoutAUsableOrderIdTheElementIsRejectedWhole(_ json: String) {
        guard case .failure(let rejection) = parse(element(replacing: "orderId", with: json)) else {
            Issue.record("accepted orderId \(json)")
            return
        }
        #expect(rejection.orderId == nil)
        #expect(rejection.field == "orderId")
    }

    @Test func rejectsNonJSONNonObjectsAndOversizedElements() {
        for text in ["not json", "[1,2]", "\"str\""] {
            guard case .failure(let rejection) = parse(text) else { Issue.record("accepted \(text)"); continue }
            #expect(rejection.field == "element")
        }
        let padding = String(repeating: "x", count: OrderParser.maxElementBytes)
        guard case .failure(let rejection) = parse(element(replacing: "remark", with: "\"\(padding)\"")) else {
            Issue.record("accepted an oversized element")
            return
        }
        #expect(rejection.field == "element")
    }

    @Test func orderJSONRoundTrips() throws {
        let order = Order(orderId: "x.1", amount: "5", callbackURL: "https://a.example/c?x=\"1\"", returnURL: "https://a.example/r", remark: "é", channel: .wap, batchId: "b")
        #expect(try OrderParser.parse(order.jsonBytes()).get() == order)
    }
}
