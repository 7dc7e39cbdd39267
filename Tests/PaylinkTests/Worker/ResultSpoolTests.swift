import Foundation
import Logging
import Testing

@testable import Paylink

/// The spool's files: which queue and Redis may replay them, locking, and lines kept.
struct ResultSpoolTests {
    static let redis = "127.0.0.1:6379/0"

    /// A fresh spool root, removed when `body` ends.
    private func withRoot(_ body: (String) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-spool-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(root)
    }

    private func spool(_ root: String, queue: String, redis: String = Self.redis) -> ResultSpool {
        ResultSpool(root: root, queue: queue, redis: redis, logger: Logger(label: "spool-test"))
    }

    private func entry(_ orderId: String) -> SpooledResult {
        SpooledResult(
            jobId: "job-\(orderId)",
            result: OrderResult(orderId: orderId, status: .succeeded, fields: [("payInfo", "https://pay.example/\(orderId)")]))
    }

    /// Writes entries as a process that then exits (its lock goes with it).
    private func writeAsDeadProcess(_ root: String, queue: String, redis: String = Self.redis, orderIds: [String]) throws {
        let writer = spool(root, queue: queue, redis: redis)
        for orderId in orderIds { try writer.append(entry(orderId)) }
    }

    private func spoolFiles(_ root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".spool") }
    }

    @Test func aQueueNeverReplaysAnotherQueuesFilesWhateverItsName() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders-eu", orderIds: ["eu-1"])
            try writeAsDeadProcess(root, queue: "orders", orderIds: ["o-1"])
            let orders = spool(root, queue: "orders").orphans()
            #expect(orders.flatMap(\.entries).map(\.result.orderId) == ["o-1"])
            let europe = spool(root, queue: "orders-eu").orphans()
            #expect(europe.flatMap(\.entries).map(\.result.orderId) == ["eu-1"])
        }
    }

    @Test func legacyFilesAreMatchedByTheirExactName() throws {
        try withRoot { root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let line = String(decoding: entry("old-eu").line, as: UTF8.self)
            try line.write(toFile: root + "/orders-eu-12-34.spool", atomically: true, encoding: .utf8)
            #expect(spool(root, queue: "orders").orphans().isEmpty)
            let europe = spool(root, queue: "orders-eu").orphans()
            #expect(europe.flatMap(\.entries).map(\.result.orderId) == ["old-eu"])
        }
    }

    @Test func aFileNamingAnotherRedisIsLeftInPlace() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders", redis: "10.0.0.5:6379/0", orderIds: ["o-1"])
            #expect(spool(root, queue: "orders", redis: "127.0.0.1:6379/0").orphans().isEmpty)
            #expect(spool(root, queue: "orders", redis: "10.0.0.5:6379/1").orphans().isEmpty)
            #expect(spoolFiles(root).count == 1)
            #expect(spool(root, queue: "orders", redis: "10.0.0.5:6379/0").orphans().count == 1)
        }
    }

    @Test func aReplayerHoldsTheLockUntilTheFileIsDeleted() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders", orderIds: ["o-1", "o-2"])
            let first = spool(root, queue: "orders").orphans()
            #expect(first.count == 1)
            #expect(spool(root, queue: "orders").orphans().isEmpty, "a second starting worker must not replay the same file")
            try first[0].remove()
            #expect(spool(root, queue: "orders").orphans().isEmpty)
            #expect(spoolFiles(root).isEmpty)
        }
    }

    @Test func aReplayCutShortLeavesTheFileForTheNextStart() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders", orderIds: ["o-1"])
            do {
                let abandoned = spool(root, queue: "orders").orphans()
                #expect(abandoned.count == 1)
            }
            #expect(spool(root, queue: "orders").orphans().flatMap(\.entries).map(\.result.orderId) == ["o-1"])
        }
    }

    @Test func aLiveWritersFileIsNotReplayed() throws {
        try withRoot { root in
            let writer = spool(root, queue: "orders")
            try writer.append(entry("o-1"))
            #expect(spool(root, queue: "orders").orphans().isEmpty)
            withExtendedLifetime(writer) {}
        }
    }

    @Test func unreadableLinesAreKeptInARejectedFile() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders", orderIds: ["o-1", "o-2"])
            let path = root + "/" + spoolFiles(root)[0]
            let torn = #"{"jobId":"job-o-3","orderId":"o-3","sta"#
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(torn.utf8))
            try handle.close()

            let orphans = spool(root, queue: "orders").orphans()
            #expect(orphans.flatMap(\.entries).map(\.result.orderId) == ["o-1", "o-2"])
            #expect(orphans.flatMap(\.rejectedLines).map { String(decoding: $0, as: UTF8.self) } == [torn])
            try orphans[0].remove()
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try String(contentsOfFile: path + ".rejected", encoding: .utf8) == torn + "\n")
        }
    }

    @Test func aFileWithoutAHeaderIsRejectedWholeNotReplayed() throws {
        try withRoot { root in
            let directory = root + "/" + ResultSpool.directoryName(for: "orders")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let line = String(decoding: entry("o-1").line, as: UTF8.self)
            try line.write(toFile: directory + "/1-2.spool", atomically: true, encoding: .utf8)
            let orphans = spool(root, queue: "orders").orphans()
            #expect(orphans.flatMap(\.entries).isEmpty)
            #expect(orphans.flatMap(\.rejectedLines).count == 1)
            try orphans[0].remove()
            #expect(try String(contentsOfFile: directory + "/1-2.spool.rejected", encoding: .utf8) == line)
        }
    }

    @Test func theHeaderNamesQueueAndRedis() throws {
        try withRoot { root in
            try writeAsDeadProcess(root, queue: "orders", orderIds: ["o-1"])
            let text = try String(contentsOfFile: root + "/" + spoolFiles(root)[0], encoding: .utf8)
            let header = try #require(SpoolHeader(line: Array(text.split(separator: "\n")[0].utf8)))
            #expect(header.queue == "orders" && header.redis == Self.redis)
        }
    }

    @Test(arguments: [("orders", "orders"), ("orders.eu", "orders.eu"), ("..", "%2E."), (".x", "%2Ex"), ("a/b", "a%2Fb"), ("a%2Fb", "a%252Fb"), ("é", "%C3%A9")])
    func queueDirectoryNamesAreDistinctAndStayInTheRoot(queue: String, expected: String) {
        #expect(ResultSpool.directoryName(for: queue) == expected)
    }

    @Test(arguments: [
        ("orders-12-34.spool", true), ("orders-eu-12-34.spool", false), ("orders-12.spool", false), ("orders--34.spool", false),
        ("orders-12-34.spool.rejected", false), ("orders-1a-34.spool", false),
    ])
    func legacyNamesAreParsedExactly(name: String, matches: Bool) {
        #expect(ResultSpool.isLegacyName(name, prefix: "orders-") == matches)
    }
}
