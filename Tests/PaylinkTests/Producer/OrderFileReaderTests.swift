import Testing

@testable import Paylink

struct OrderFileReaderTests {
    @Test func jsonLinesSkipBlankLinesAndKeepElementsAsWritten() throws {
        let elements = try OrderFileReader.elements("{\"a\":1}\n\n  {\"b\":2}\r\nnot json\n", format: .jsonl)
        #expect(elements.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "not json"])
    }

    @Test func csvRowsBecomeOrders() throws {
        let csv = "orderId,amount,callbackURL,returnURL,remark\r\nA1,100,https://a.example/c,https://a.example/r,\"comma, \"\"quoted\"\"\"\nA2,200,https://a.example/c,https://a.example/r,\n"
        let orders = try OrderFileReader.elements(csv, format: .csv).map { try OrderParser.parse($0).get() }
        #expect(orders.count == 2)
        #expect(orders[0].remark == "comma, \"quoted\"")
        #expect(orders[1] == Order(orderId: "A2", amount: "200", callbackURL: "https://a.example/c", returnURL: "https://a.example/r"))
    }

    @Test func csvWithAnUnknownColumnNamesIt() {
        #expect { try OrderFileReader.elements("orderId,price\nA,1\n", format: .csv) } throws: { "\($0)".contains("price") }
    }

    @Test func csvWithAnOpenQuoteNamesTheLine() {
        #expect(throws: CSVReader.Error(line: 2)) { try CSVReader.rows("a,b\n\"open,c\nd\n") }
    }
}
