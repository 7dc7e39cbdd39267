import Testing

@testable import PaylinkCLI

@Suite struct LogTimestampTests {
    @Test(arguments: [
        (0, 0, #""1970-01-01T00:00:00.000Z""#),
        (951_868_799, 5, #""2000-02-29T23:59:59.005Z""#),
        (1_764_662_130, 999, #""2025-12-02T07:55:30.999Z""#),
        (253_402_300_799, 42, #""9999-12-31T23:59:59.042Z""#),
    ])
    func formatsUTCWithMilliseconds(seconds: Int, milliseconds: Int, expected: String) {
        var bytes: [UInt8] = []
        LogTimestamp.append(seconds: seconds, milliseconds: milliseconds, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
