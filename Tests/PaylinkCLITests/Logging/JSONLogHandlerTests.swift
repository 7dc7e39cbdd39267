import Foundation
import Logging
import PaylinkCLI
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func aRecordIsOneLineWithTheFixedMembersAndItsMetadata() throws {
        let lines = LogLines()
        lines.logger(label: "paylink.worker").warning("Lease lost", metadata: ["orderId": "A-1", "jobId": "17"])
        #expect(lines.texts.count == 1)
        let text = try #require(lines.texts.first)
        #expect(text.hasSuffix("}\n") && text.dropLast().allSatisfy { $0 != "\n" }, "one line: \(text)")
        let record = try #require(try lines.objects().first)
        #expect(record["level"] as? String == "warning")
        #expect(record["label"] as? String == "paylink.worker")
        #expect(record["msg"] as? String == "Lease lost")
        #expect(record["orderId"] as? String == "A-1")
        #expect(record["jobId"] as? String == "17")
        #expect(record.count == 6)
    }

    @Test func theTimestampIsRFC3339UTCWithMilliseconds() throws {
        let lines = LogLines()
        let before = Date()
        lines.logger().info("tick")
        let ts = try #require(try lines.objects().first?["ts"] as? String)
        #expect(ts.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(ts)")
        let parsed = try #require(try? Date(ts, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        #expect(abs(parsed.timeIntervalSince(before)) < 5)
    }

    @Test(arguments: [
        "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
        "unicode: é 中文 🙂 \u{2028}\u{2029}", "",
    ])
    func stringsSurviveEscaping(text: String) throws {
        let lines = LogLines()
        lines.logger().info("\(text)", metadata: ["value": "\(text)", "\(text)key": "k"])
        let record = try #require(try lines.objects().first)
        #expect(record["msg"] as? String == text)
        #expect(record["value"] as? String == text)
        #expect(record["\(text)key"] as? String == "k")
        #expect(lines.texts.first?.dropLast().contains("\n") == false)
    }

    @Test func controlCharactersAreWrittenAsEscapes() throws {
        let lines = LogLines()
        lines.logger().info("a\u{1}b\u{8}\u{C}\"\\")
        #expect(lines.texts.first?.contains(#""msg":"a\u0001b\b\f\"\\""#) == true, "\(lines.texts)")
    }

    @Test func nestedMetadataIsJSONAndTypedValuesKeepTheirType() throws {
        let lines = LogLines()
        lines.logger().info(
            "nested",
            metadata: [
                "fields": ["status": "failed", "codes": ["1", "2"]],
                "count": .stringConvertible(3), "ratio": .stringConvertible(0.25), "flag": .stringConvertible(true),
                "nan": .stringConvertible(Double.nan), "interpolated": "\(3)",
            ])
        let record = try #require(try lines.objects().first)
        let fields = try #require(record["fields"] as? [String: Any])
        #expect(fields["status"] as? String == "failed")
        #expect(fields["codes"] as? [String] == ["1", "2"])
        #expect((record["count"] as? NSNumber)?.intValue == 3)
        #expect((record["ratio"] as? NSNumber)?.doubleValue == 0.25)
        #expect(record["flag"] as? Bool == true)
        #expect(record["nan"] as? String == "nan")
        #expect(record["interpolated"] as? String == "3")
    }

    @Test func callSiteMetadataBeatsTheProviderWhichBeatsTheHandlers() throws {
        let lines = LogLines()
        let provider = Logger.MetadataProvider { ["layer": "provider", "fromProvider": "p", "both": "provider"] }
        var logger = lines.logger(provider: provider)
        logger[metadataKey: "layer"] = "handler"
        logger[metadataKey: "both"] = "handler"
        logger[metadataKey: "fromHandler"] = "h"
        logger.info("merge", metadata: ["both": "call"])
        let record = try #require(try lines.objects().first)
        #expect(record["layer"] as? String == "provider")
        #expect(record["both"] as? String == "call")
        #expect(record["fromProvider"] as? String == "p")
        #expect(record["fromHandler"] as? String == "h")
    }

    @Test func metadataNamedLikeAFixedMemberIsMovedAsideNotWrittenOver() throws {
        let lines = LogLines()
        var logger = lines.logger(label: "real-label")
        logger[metadataKey: "label"] = "fake-label"
        logger.error("real message", metadata: ["msg": "fake", "level": "fake", "ts": "fake", "_msg": "taken"])
        let text = try #require(lines.texts.first)
        let record = try #require(try lines.objects().first)
        #expect(record["msg"] as? String == "real message")
        #expect(record["level"] as? String == "error")
        #expect(record["label"] as? String == "real-label")
        #expect((record["ts"] as? String)?.hasSuffix("Z") == true)
        #expect(
            record["_level"] as? String == "fake" && record["_ts"] as? String == "fake"
                && record["_label"] as? String == "fake-label")
        #expect(record["_msg"] as? String == "taken" && record["__msg"] as? String == "fake")
        for key in ["ts", "level", "label", "msg"] {
            #expect(text.components(separatedBy: "\"\(key)\":").count == 2, "\(key) once in \(text)")
        }
    }

    @Test func recordsBelowTheLevelAreNotWritten() throws {
        let lines = LogLines()
        let logger = lines.logger(level: .warning)
        logger.debug("no")
        logger.info("no")
        logger.warning("yes")
        logger.critical("yes too")
        #expect(try lines.objects().map { $0["msg"] as? String } == ["yes", "yes too"])
    }

    @Test func anAttachedErrorIsRecorded() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "it broke" } }
        let lines = LogLines()
        lines.logger().log(level: .error, "failed", error: Broken())
        let record = try #require(try lines.objects().first)
        #expect(record["error.message"] as? String == "it broke")
    }

    @Test func eachRecordIsOneWriteEvenFromManyThreads() async throws {
        let lines = LogLines()
        let logger = lines.logger()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 { logger.info("record", metadata: ["task": "\(task)", "index": "\(index)"]) }
                }
            }
        }
        let objects = try lines.objects()
        #expect(objects.count == 1600)
        #expect(Set(objects.map { "\($0["task"] ?? "")-\($0["index"] ?? "")" }).count == 1600)
    }
}
