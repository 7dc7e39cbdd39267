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
        // At most 20 characters, a sign included.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            let length = Self.writeDecimal(value, into: scratch)
            appendBulk(UnsafeBufferPointer(rebasing: scratch[(20 - length)...]))
        }
    }

    /// Calls `body` with the `*<count>\r\n` header of a command of `count` arguments, written on
    /// the stack: the header goes to hiredis apart from the arguments, so they are never copied
    /// behind it.
    static func withHeader<Result>(count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            // The digits end at index 21, right before the CRLF.
            let digits = writeDecimal(Int64(count), into: UnsafeMutableBufferPointer(rebasing: scratch[2..<22]))
            let start = 21 - digits
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
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            let length = Self.writeDecimal(value, into: scratch)
            bytes.append(contentsOf: scratch[(20 - length)...])
        }
    }

    /// Writes `value` right-aligned at the end of the 20-byte `scratch`; returns its length.
    private static func writeDecimal(_ value: Int64, into scratch: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var index = 20
        repeat {
            index -= 1
            scratch[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            index -= 1
            scratch[index] = UInt8(ascii: "-")
        }
        return 20 - index
    }
}
