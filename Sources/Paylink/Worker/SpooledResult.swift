/// A final result that Redis could not take before the process stopped: one line of the spool.
struct SpooledResult: Sendable, Equatable {
    var jobId: String
    var result: OrderResult

    /// One JSON object per line: `jobId`, `orderId`, `status`, and each field as `field.<name>`.
    var line: [UInt8] {
        var writer = JSONWriter()
        writer.add("jobId", jobId)
        writer.add("orderId", result.orderId)
        writer.add("status", result.status.rawValue)
        for (name, value) in result.fields { writer.add("field." + name, value) }
        return writer.finish() + [UInt8(ascii: "\n")]
    }

    /// Reads a line written by `line`; nil for anything else (a torn last line after a crash).
    init?(line: some Collection<UInt8>) {
        guard let members = try? JSONValue.parse(Array(line)).objectValue,
            let jobId = members["jobId"]?.stringValue, let orderId = members["orderId"]?.stringValue,
            let status = members["status"]?.stringValue.flatMap(OrderStatus.init(rawValue:))
        else { return nil }
        let fields = members.compactMap { name, value -> (String, String)? in
            guard name.hasPrefix("field."), let text = value.stringValue else { return nil }
            return (String(name.dropFirst("field.".count)), text)
        }
        self.jobId = jobId
        self.result = OrderResult(orderId: orderId, status: status, fields: fields.sorted { $0.0 < $1.0 })
    }

    init(jobId: String, result: OrderResult) {
        self.jobId = jobId
        self.result = result
    }
}
