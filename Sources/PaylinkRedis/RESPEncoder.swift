/// Writes a command's arguments as RESP bulk strings (`$<length>\r\n<bytes>\r\n`) into one
/// buffer. hiredis then takes the buffer as it is, after the `*<count>` header: no array per
/// argument, and no second formatting pass in C.
public struct RESPEncoder: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// One argument: `data` as it is.
    public mutating func appendBulk(_ data: some Collection<UInt8>) {
        bytes.append(UInt8(ascii: "$"))
        appendDecimal(Int64(data.count))
        appendCRLF()
        bytes.append(contentsOf: data)
        appendCRLF()
        count += 1
    }

    /// One argument: the decimal text of `value`.
    public mutating func appendBulk(decimal value: Int64) {
        Self.withDecimal(value) { appendBulk($0) }
    }

    /// Calls `body` with the `*<count>\r\n` header of a command of `count` arguments, written on
    /// the stack: the header goes to hiredis apart from the arguments, so they are never copied
    /// behind it.
    static func withHeader<Result>(count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            // `*`, at most 20 digits, CRLF: the digits are written right-aligned before the CRLF.
            let start = writeDecimal(Int64(count), endingAt: 22, in: scratch) - 1
            scratch[start] = UInt8(ascii: "*")
            scratch[22] = UInt8(ascii: "\r")
            scratch[23] = UInt8(ascii: "\n")
            return body(UnsafeBufferPointer(rebasing: scratch[start..<24]))
        }
    }

    private mutating func appendCRLF() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func appendDecimal(_ value: Int64) {
        Self.withDecimal(value) { bytes.append(contentsOf: $0) }
    }

    /// Calls `body` with the decimal text of `value`, written on the stack.
    private static func withDecimal<Result>(_ value: Int64, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // At most 20 characters, a sign included.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            let start = writeDecimal(value, endingAt: 20, in: scratch)
            return body(UnsafeBufferPointer(rebasing: scratch[start..<20]))
        }
    }

    /// Writes the decimal text of `value` into `buffer` so that it ends right before index `end`,
    /// which leaves room for it (20 bytes are enough for any value); returns where it starts.
    private static func writeDecimal(_ value: Int64, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var index = end
        repeat {
            index -= 1
            buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            index -= 1
            buffer[index] = UInt8(ascii: "-")
        }
        return index
    }
}
