public import Paylink

/// `GET /api/dead`: a page of one queue's (shard's) dead list, newest first, optionally
/// filtered by error code and batch.
public struct DeadPageModel: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var entry: DeadEntryOutput
        /// The element's `batchId`, when it has one.
        public var batchId: String?

        public func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(batchId, forKey: .batchId)
        }

        enum CodingKeys: String, CodingKey { case batchId }
    }

    public var queue: String
    /// Entries in the whole dead list of this queue.
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var errorCode: String?
    public var batchId: String?
    public var entries: [Entry]
    /// Where the next page starts (pass as `offset`); null at the end of the list.
    public var nextOffset: Int?
    /// Dead entries examined for this page (at most ``DashboardReader/deadMaxScan`` when filtering).
    public var scanned: Int
}

/// `GET /api/unknown`: a page of one queue's (shard's) parked orders, newest first by their
/// result's `updatedAt`, optionally filtered by error code and batch.
public struct UnknownPageModel: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var orderId: String
        /// The result hash (attempts, errorCode, errorMessage, earlierAttempts, ...).
        public var result: ResultFieldsOutput
        /// The element as pushed.
        public var element: String?
    }

    public var queue: String
    /// Orders parked in this queue.
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var errorCode: String?
    public var batchId: String?
    public var entries: [Entry]
    public var nextOffset: Int?
    /// False when the queue holds more than ``DashboardReader/unknownMaxSorted`` parked orders:
    /// only that many were read (and sorted).
    public var complete: Bool
}
