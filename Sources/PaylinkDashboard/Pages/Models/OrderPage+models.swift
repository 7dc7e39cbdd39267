import Paylink

extension OrderPage {
    /// Fields an operator must see first when they are set: a second link, an unknown outcome,
    /// a link for the wrong amount or merchant, and why the order failed.
    static let flaggedFields: Set<String> = [
        ResultField.possibleDuplicate, ResultField.otherPaymentIds, ResultField.earlierAttempts, ResultField.unsure,
        ResultField.errorCode, ResultField.errorMessage, ResultField.mismatchedPayInfo, ResultField.mismatchedPaymentId, ResultField.mismatchedAmount,
        ResultField.mismatchedMerchantId,
    ]
    /// Fields holding Unix ms.
    static let timeFields: Set<String> = [
        ResultField.createdAt, ResultField.updatedAt, ResultField.finishedAt, ResultField.sendingAt, ResultField.nextAttemptAt,
    ]
    /// The order fields are shown in: the result's story first, the rest by name.
    static let fieldOrder: [String] = [
        ResultField.orderId, ResultField.status, ResultField.payInfo, ResultField.paymentId, ResultField.possibleDuplicate,
        ResultField.otherPaymentIds, ResultField.earlierAttempts, ResultField.unsure, ResultField.errorCode, ResultField.errorMessage,
        ResultField.attempts, ResultField.amount, ResultField.merchantId, ResultField.bizPayOrderId, ResultField.channel,
        ResultField.batchId, ResultField.createdAt, ResultField.updatedAt, ResultField.finishedAt,
    ]

    init(chrome: PageChrome, model: OrderModel, canAct: Bool) {
        self.chrome = chrome
        queue = model.queue
        orderId = model.orderId
        let fields = model.result?.fields ?? [:]
        status = fields[ResultField.status]
        notFound = !model.found && model.dead == nil && model.unknownElement == nil
        possibleDuplicate = fields[ResultField.possibleDuplicate] == "1"
        var flags: [String] = []
        if possibleDuplicate { flags.append("possible duplicate") }
        let others = (fields[ResultField.otherPaymentIds] ?? "").split(separator: ",").count
        if others > 0 { flags.append(others == 1 ? "1 other link" : "\(others) other links") }
        if fields[ResultField.unsure] == "1" { flags.append("last outcome unknown") }
        if model.dead?.mayHaveLink == true, !possibleDuplicate { flags.append("a link may exist") }
        self.flags = flags
        let ordered = Self.fieldOrder.filter { fields[$0] != nil } + fields.keys.filter { !Self.fieldOrder.contains($0) }.sorted()
        self.fields = ordered.map { name in
            let value = fields[name] ?? ""
            let flagged = Self.flaggedFields.contains(name) && !(value.isEmpty || value == "0")
            if Self.timeFields.contains(name), let ms = Int64(value), ms > 0 {
                return Field(name: name, value: PageText.utc(ms), flagged: flagged, timeMs: ms, link: nil)
            }
            let link = name == ResultField.batchId ? "/batches/" + PageQuery.encode(value) : nil
            return Field(name: name, value: value, flagged: flagged, timeMs: nil, link: link)
        }
        hasFields = !self.fields.isEmpty
        dead = model.dead.map { entry in
            DeadEntry(
                id: entry.id, reason: entry.errorMessage, errorCode: entry.errorCode, errorMessage: nil, attempts: String(entry.attempts),
                deadAtMs: entry.deadAt, deadAt: PageText.utc(entry.deadAt), mayHaveLink: entry.mayHaveLink, element: entry.element ?? "")
        }
        unknownElement = model.unknownElement
        self.canAct = canAct
        hasActions = canAct && (dead != nil || unknownElement != nil)
    }
}
