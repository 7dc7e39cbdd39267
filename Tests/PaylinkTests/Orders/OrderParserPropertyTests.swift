import Foundation
import Paylink
import Testing

/// Property tests for `OrderParser.parse`: the invariants the libFuzzer harness (`Fuzz/`) checks,
/// over seeded generated inputs and over the fuzzer's corpus, fast enough for every CI run.
struct OrderParserPropertyTests {
    /// Fixed seeds: a failure names its seed and replays identically.
    static let seeds: [UInt64] = [1, 2, 3, 0x5EED_CAFE]
    static let inputsPerSeed = 300

    @Test(arguments: seeds)
    func generatedValidOrdersParseToThemselves(seed: UInt64) throws {
        var generator = OrderElementGenerator(random: SplitMix64(seed: seed))
        for _ in 0..<Self.inputsPerSeed / 3 {
            let order = generator.validOrder()
            let element = generator.element(for: order)
            let parsed = try OrderParser.parse(element).get()
            #expect(Array(parsed.remark.utf8) == Array(order.remark.utf8) && parsed == order)
            #expect(OrderInvariants.violation(for: element) == nil)
        }
    }

    @Test(arguments: seeds)
    func mutatedOrdersKeepTheInvariants(seed: UInt64) {
        var generator = OrderElementGenerator(random: SplitMix64(seed: seed))
        var accepted = 0
        for index in 0..<Self.inputsPerSeed {
            let order = generator.validOrder()
            var element = generator.element(for: order)
            for _ in 0...index % 4 { element = generator.mutate(element, order: order) }
            let violation = OrderInvariants.violation(for: element)
            #expect(
                violation == nil, "seed \(seed) input \(index): \(String(decoding: element.prefix(300), as: UTF8.self))"
            )
            if case .success = OrderParser.parse(element) { accepted += 1 }
        }
        // Mutations must leave some orders valid, or the success-side invariants go untested.
        #expect(accepted > Self.inputsPerSeed / 20)
    }

    @Test func oversizedElementsAreRefusedWhole() {
        let element =
            Array(#"{"remark":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 16 * 1024) + Array(#""}"#.utf8)
        guard case .failure(let rejection) = OrderParser.parse(element) else {
            Issue.record("accepted \(element.count) bytes")
            return
        }
        #expect(rejection.field == "element")
    }

    @Test func everyCorpusFileKeepsTheInvariants() throws {
        let corpus = URL(filePath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appending(path: "Fuzz/corpus/order-parser")
        let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
        #expect(files.count > 100, "corpus missing at \(corpus.path)")
        for file in files {
            let element = try [UInt8](Data(contentsOf: file))
            let violation = OrderInvariants.violation(for: element)
            #expect(violation == nil, "\(file.lastPathComponent)")
        }
    }
}
