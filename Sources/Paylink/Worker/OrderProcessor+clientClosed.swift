extension OrderProcessor {
    /// `settlement`, unless the HTTP client died for good during the call: then a transient or
    /// ambiguous failure is the client's, not the order's, so instead of a retry (an attempt
    /// used) or a final `failed` (the order burned) the job goes back, flagged if the request
    /// may have gone out, and the worker stops. Links and the API's own answers are settled
    /// as usual.
    func unlessClientClosed(_ settlement: Settlement) -> Settlement {
        let kind: PayFailure.Kind?
        switch settlement {
        case .retry(_, let failure, _):
            kind = failure.kind
        case .store(let result) where result.status == .failed || result.status == .unknown:
            kind = ResultBuilder.failureKind(of: result)
        default:
            return settlement
        }
        guard kind == .ambiguous || kind == .transient, merchants.hasClosedClient else { return settlement }
        return .stopWorker(.httpClientClosed, maySent: kind == .ambiguous)
    }
}
