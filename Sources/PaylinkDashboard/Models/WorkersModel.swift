public import Paylink

/// `GET /api/workers`: the live worker processes, from their heartbeats.
public struct WorkersModel: Encodable, Sendable {
    /// Redis's clock when they were read.
    public var time: Int64
    public var workers: [WorkerModel]
}

/// One live worker process: its heartbeat (as `paylink workers --json` shows it) and its rate.
public struct WorkerModel: Encodable, Sendable {
    public var worker: WorkerOutput
    /// Final results per second between the dashboard's last two readings of its heartbeat;
    /// null until two readings a few seconds apart exist.
    public var ordersPerSecond: Double?

    public func encode(to encoder: any Encoder) throws {
        try worker.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ordersPerSecond, forKey: .ordersPerSecond)
    }

    enum CodingKeys: String, CodingKey { case ordersPerSecond }
}
