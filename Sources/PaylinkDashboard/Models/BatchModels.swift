public import Paylink

/// `GET /api/batches`: one queue's batches, newest first, each summed over its shards.
public struct BatchesModel: Encodable, Sendable {
    public var queue: String
    public var batches: [BatchOutput]
}

/// `GET /api/batch?id=`: a batch's figures and its failed and unknown orders.
public struct BatchModel: Encodable, Sendable {
    public struct Order: Encodable, Sendable {
        public var queue: String
        public var orderId: String
        public var status: String
        public var errorCode: String?
        public var errorMessage: String?
    }

    public var queue: String
    public var batch: BatchOutput
    /// Orders of the batch now `failed` or `unknown` (at most ``DashboardReader/batchMaxListed``).
    public var problems: [Order]
    /// False when the batch has more orders than ``DashboardReader/batchMaxScan`` (only that many
    /// were looked at) or more problems than are listed.
    public var complete: Bool
}
