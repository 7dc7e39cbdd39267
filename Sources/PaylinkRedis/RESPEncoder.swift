/// Writes a command's arguments as RESP bulk strings (`$<length>\r\n<bytes>\r\n`) into one
/// buffer. hiredis then takes the buffer as it is: no array per argument, and no second
/// formatting pass in C.
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

    /// The whole command: the `*<count>` header, then the arguments.
    func command() -> [UInt8] {
        var header = RESPEncoder(reservingCapacity: 12 + bytes.count)
        header.bytes.append(UInt8(ascii: "*"))
        header.appendDecimal(Int64(count))
        header.appendCRLF()
        header.bytes.append(contentsOf: bytes)
        return header.bytes
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
