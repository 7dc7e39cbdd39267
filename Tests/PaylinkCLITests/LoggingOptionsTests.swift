import ArgumentParser
import PaylinkCLI
import Testing

@Suite struct LoggingOptionsTests {
    @Test(arguments: [("text", LogFormat.text), ("json", .json), ("JSON", .json)])
    func aFormatIsReadFromTheFlag(value: String, expected: LogFormat) throws {
        #expect(try LoggingOptions.parse(["--log-format", value]).format() == expected)
    }

    @Test func anUnknownFormatIsRefusedNamingTheFlagAndTheVariable() throws {
        let options = try LoggingOptions.parse(["--log-format", "xml"])
        let error = #expect(throws: (any Error).self) { try options.format() }
        let message = error.map { "\($0)" } ?? ""
        #expect(
            message.contains("--log-format") && message.contains("PAYLINK_LOG_FORMAT") && message.contains("xml"),
            "\(message)")
    }
}
