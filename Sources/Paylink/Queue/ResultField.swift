/// Field names of a result hash, `paylink:{<queue>}:result:<orderId>`.
public enum ResultField {
    public static let orderId = "orderId"
    public static let status = "status"
    public static let payInfo = "payInfo"
    public static let paymentId = "paymentId"
    public static let merchantId = "merchantId"
    public static let amount = "amount"
    public static let bizPayOrderId = "bizPayOrderId"
    public static let channel = "channel"
    public static let batchId = "batchId"
    /// Calls made (or about to be made) for the order; rate-limit refusals are not counted.
    public static let attempts = "attempts"
    public static let errorCode = "errorCode"
    public static let errorMessage = "errorMessage"
    /// "1" when more than one call may have created a link for this order: check OTT Pay before
    /// handing on `payInfo`, and void any extra link.
    public static let possibleDuplicate = "possibleDuplicate"
    /// The earlier attempts whose outcome is unknown, as `attempt N: what happened; ...`.
    public static let earlierAttempts = "earlierAttempts"
    /// Payment IDs of extra links that were created anyway (two workers raced after a lost lease).
    public static let otherPaymentIds = "otherPaymentIds"
    /// How many extra pushes of this orderId were answered from this result instead of being sent.
    public static let duplicates = "duplicates"
    /// "1" when the last call's outcome is unknown, so a link may exist: the next claim follows
    /// the ambiguous policy (sends flagged `possibleDuplicate`, or parks). Kept on a `failed`
    /// result, through the dead list and `dead retry`.
    public static let unsure = "unsure"
    /// How many times the order was found held by a job that had vanished (its worker died or
    /// lost Redis); past the workers' maximum it ends `failed` with `worker_lost`.
    public static let recoveries = "recoveries"
    /// Rate-limit refusals so far; the first 100 give their attempt back.
    public static let rateLimitWaits = "rateLimitWaits"
    /// A link the API created that does not match the order (`amount_mismatch`,
    /// `merchant_mismatch`): kept here for an operator, never in `payInfo`.
    public static let mismatchedPayInfo = "mismatchedPayInfo"
    public static let mismatchedPaymentId = "mismatchedPaymentId"
    /// The amount and merchant the mismatched link was made for, as the API answered.
    public static let mismatchedAmount = "mismatchedAmount"
    public static let mismatchedMerchantId = "mismatchedMerchantId"
    /// The job that holds the order while `sending` or `retrying` (internal; a fencing token).
    public static let jobId = "jobId"
    /// `host:pid` of the worker process holding the order while `sending`.
    public static let worker = "worker"
    /// Unix ms when the current attempt's call was about to be made (absent: claimed, not yet sent).
    public static let sendingAt = "sendingAt"
    /// Unix ms when a `retrying` order becomes due.
    public static let nextAttemptAt = "nextAttemptAt"
    /// Unix ms (Redis clock) when the result was first written; kept on rewrites.
    public static let createdAt = "createdAt"
    /// Unix ms (Redis clock) of the latest write.
    public static let updatedAt = "updatedAt"
    /// Unix ms (Redis clock) when the order reached its terminal status.
    public static let finishedAt = "finishedAt"

    /// Every field above, for the Lua scripts' `F` table (`LuaNames`).
    public static let all: [String] = [
        orderId,
        status,
        payInfo,
        paymentId,
        merchantId,
        amount,
        bizPayOrderId,
        channel,
        batchId,
        attempts,
        errorCode,
        errorMessage,
        possibleDuplicate,
        earlierAttempts,
        otherPaymentIds,
        duplicates,
        unsure,
        recoveries,
        rateLimitWaits,
        mismatchedPayInfo,
        mismatchedPaymentId,
        mismatchedAmount,
        mismatchedMerchantId,
        jobId,
        worker,
        sendingAt,
        nextAttemptAt,
        createdAt,
        updatedAt,
        finishedAt,
    ]
}
