/// The first line of a spool file: the queue and the Redis (`host:port/database`) its results
/// belong to, checked before a replay so that results are never stored in another queue's keys
/// or another server's.
struct SpoolHeader: Sendable, Equatable, CustomStringConvertible {
    /// Marks the line as a header and names its format, so a later format can be told apart.
    static let format = "paylink-spool-1"

    var queue: String
    var redis: String
    /// Who wrote the file (`host:pid`), for an operator reading it; not checked.
    var writer: String

    /// Whether results under this header belong to the queue and Redis of `other`.
    func isSameTarget(as other: SpoolHeader) -> Bool {
        queue == other.queue && redis == other.redis
    }

    /// One JSON object, ending in a newline.
    var line: [UInt8] {
        var writer = JSONWriter()
        writer.add("spool", Self.format)
        writer.add("queue", queue)
        writer.add("redis", redis)
        writer.add("writer", self.writer)
        return writer.finish() + [UInt8(ascii: "\n")]
    }

    init(queue: String, redis: String, writer: String) {
        self.queue = queue
        self.redis = redis
        self.writer = writer
    }

    /// Reads a line written by `line`; nil for anything else.
    init?(line: some Collection<UInt8>) {
        guard let members = try? JSONValue.parse(Array(line)).objectValue, members["spool"]?.stringValue == Self.format,
            let queue = members["queue"]?.stringValue, let redis = members["redis"]?.stringValue
        else { return nil }
        self.queue = queue
        self.redis = redis
        self.writer = members["writer"]?.stringValue ?? ""
    }

    var description: String { "queue \(queue) on \(redis)" }
}
