import Paylink

/// `paylink dead list --json`: `{"queue", "total", "count", "entries": [...]}`, oldest first;
/// `total` counts the whole dead list, `count` the entries printed (at most `--limit`).
struct DeadListOutput: Encodable {
    let queue: String
    let total: Int
    let count: Int
    let entries: [DeadEntryOutput]
}
