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

/// CSV rows that do not fit their header, bytes that are not UTF-8, and the byte order mark.
struct OrderFileReaderStrictnessTests {
    let header = "orderId,callbackURL,returnURL,amount\n"

    @Test func aRowWithMoreFieldsThanTheHeaderIsRefusedWithItsLine() {
        let csv = header + "A-1,https://a.example/c,https://a.example/r,100\nA-2,https://a.example/c,https://a.example/r,1,000\n"
        #expect {
            try OrderFileReader.numberedElements(Array(csv.utf8), format: .csv)
        } throws: { error in
            let error = error as? OrderFileReader.Error
            return error?.line == 3 && error?.reason.contains("has 5 fields but the header has 4") == true
        }
    }

    @Test func aRowWithFewerFieldsIsRefusedAndTheCountOfMisfitsIsGiven() {
        let csv = header + "A-1,https://a.example/c\n\nA-2,https://a.example/c,https://a.example/r,10,50\n"
        #expect {
            try OrderFileReader.numberedElements(Array(csv.utf8), format: .csv)
        } throws: { error in
            let error = error as? OrderFileReader.Error
            return error?.line == 2 && error?.reason.contains("2 rows are like this") == true
        }
    }

    @Test func rowsKeepTheLineTheyStartOnAcrossBlankLinesAndQuotedLineBreaks() throws {
        let csv = header + "\nA-1,https://a.example/c,https://a.example/r,100\n\"A-\n2\",https://a.example/c,https://a.example/r,200\nA-3,https://a.example/c,https://a.example/r,300\n"
        let numbered = try OrderFileReader.numberedElements(Array(csv.utf8), format: .csv)
        #expect(numbered.map(\.line) == [3, 4, 6])
    }

    @Test func invalidUTF8IsRefusedWithItsLine() {
        var bytes = Array((header + "A-1,https://a.example/c,https://a.example/r,100\nA-2,https://a.example/c,https://a.example/r,200\n").utf8)
        let secondRow = bytes.count - 10
        bytes.insert(contentsOf: [0xC3, 0x28], at: secondRow)
        #expect(throws: OrderFileReader.Error(line: 3, reason: "is not valid UTF-8 (save the file as UTF-8)")) {
            try OrderFileReader.numberedElements(bytes, format: .csv)
        }
        #expect(throws: OrderFileReader.Error(line: 1, reason: "is not valid UTF-8 (save the file as UTF-8)")) {
            try OrderFileReader.numberedElements([0xFF] + Array(header.utf8), format: .csv)
        }
    }

    @Test func aByteOrderMarkIsDroppedInBothFormats() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let csv = bom + Array((header + "A-1,https://a.example/c,https://a.example/r,100\n").utf8)
        let order = try OrderParser.parse(try #require(try OrderFileReader.numberedElements(csv, format: .csv).first).bytes).get()
        #expect(order.orderId == "A-1" && order.amount == "100")
        let jsonl = bom + Array(#"{"orderId":"J-1","amount":"5","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}"#.utf8)
        let element = try #require(try OrderFileReader.numberedElements(jsonl, format: .jsonl).first)
        #expect(element.line == 1)
        #expect(try OrderParser.parse(element.bytes).get().orderId == "J-1")
    }

    /// Property: a CSV file with rows of random widths is either refused at the first misfit's
    /// line, or gives one element per row with every field where the header says.
    @Test func randomRowWidthsAreRefusedAtTheFirstMisfit() throws {
        var random = SplitMix64(seed: 0xC5_7)
        for _ in 0..<500 {
            var text = header
            var misfit: Int?
            let rows = Int.random(in: 1...20, using: &random)
            for row in 0..<rows {
                let width = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 1...6, using: &random) : 4
                if width != 4, misfit == nil { misfit = row + 2 }
                text += (0..<width).map { "v\(row)x\($0)" }.joined(separator: ",") + "\n"
            }
            do {
                let numbered = try OrderFileReader.numberedElements(Array(text.utf8), format: .csv)
                #expect(misfit == nil && numbered.count == rows)
                #expect(numbered.map(\.line) == Array(2...(rows + 1)))
            } catch {
                #expect(error.line == misfit, "\(text)")
            }
        }
    }
}
