import Foundation

extension MockAPIState {
    /// Decides a token call and records it.
    /// - Parameter credentials: appId and appKey from the body, or the body's validation error.
    /// - Returns: a new token, the validation error (10005), or 10003 for unknown credentials.
    func issueToken(_ credentials: Result<(appId: String, appKey: String), MockAPIError>) -> TokenDecision {
        let now = Self.nowMillis()
        return lock.withLock {
            counters.recordTokenCall()
            counters.recordStatus(200)
            let appId: String
            switch credentials {
            case .failure(let error): return .reject(error)
            case .success(let given):
                guard let merchant = merchants[given.appId], merchant.appKey == given.appKey else {
                    return .reject(.authorizationFailed)
                }
                appId = given.appId
            }
            tokensIssued += 1
            if tokensIssued % 1024 == 0 { tokens = tokens.filter { $0.value.validUntilMillis > now } }
            let expired = now + tokenLifetimeMillis
            var validUntil = expired
            if draw(faults.earlyTokenExpiry) {
                counters.recordFault(.earlyTokenExpiry)
                validUntil = now + Self.millis(.seconds(faults.earlyExpirySeconds))
            }
            let token = MockToken.make(appId: appId, issuedMillis: now, expiredMillis: expired, serial: tokensIssued, random: &random)
            tokens[token] = IssuedToken(appId: appId, validUntilMillis: validUntil)
            var shown = String(expired)
            if let fault = drawTokenExpiryFault(), let literal = fault.expiredLiteral(nowMillis: now) {
                counters.recordFault(fault)
                shown = literal
            }
            return .issued(token: token, expired: shown)
        }
    }

    /// The `hugeTokenExpiry` / `pastTokenExpiry` form for this answer, or `nil`; the caller holds `lock`.
    private func drawTokenExpiryFault() -> MockFaultKind? {
        if draw(faults.hugeTokenExpiry) {
            return pick([.hugeTokenExpiry1e19, .hugeTokenExpiry1e400, .hugeTokenExpiryInt64Max])
        }
        if draw(faults.pastTokenExpiry) {
            return pick([.pastTokenExpiryNegative, .pastTokenExpiryInt64Min, .pastTokenExpiryHourAgo])
        }
        return nil
    }

    /// Decides a pay call and records it: rate window, token, validation, faults, link creation.
    /// - Parameters:
    ///   - kind: web-pay or wap-pay.
    ///   - bearerToken: the token from `Authorization: Bearer`, `nil` when absent.
    ///   - request: the parsed body or its validation error.
    /// - Returns: the answer to give; a created link is already counted.
    func decidePay(kind: PayKind, bearerToken: Substring?, request: Result<PayRequest, MockAPIError>) -> PayDecision {
        let now = Self.nowMillis()
        let second = now / 1000
        return lock.withLock {
            counters.recordPayCall(second: second)
            let decision = decidePayLocked(kind: kind, bearerToken: bearerToken, request: request, now: now, second: second)
            switch decision {
            case .reject(let status, _, _): counters.recordStatus(status)
            case .unavailable: counters.recordStatus(503)
            case .created(_, _, _, let delivery):
                switch delivery {
                case .normal, .malformed, .hugeBody: counters.recordStatus(200)
                case .serverError(let status): counters.recordStatus(status)
                case .hang: counters.recordStatus(504)
                }
            }
            return decision
        }
    }

    /// The decision itself; the caller holds `lock`.
    private func decidePayLocked(
        kind: PayKind,
        bearerToken: Substring?,
        request: Result<PayRequest, MockAPIError>,
        now: Int64,
        second: Int64
    ) -> PayDecision {
        if let rateLimit {
            if windowSecond != second {
                windowSecond = second
                windowCount = 0
            }
            windowCount += 1
            if windowCount > rateLimit {
                return .reject(status: 429, error: .tooManyRequests, retryAfter: "1")
            }
        }
        guard let bearerToken, let issued = tokens[String(bearerToken)], issued.validUntilMillis > now,
            let merchant = merchants[issued.appId]
        else {
            return .reject(status: 401, error: .authorizationFailed, retryAfter: nil)
        }
        let payRequest: PayRequest
        switch request {
        case .success(let valid): payRequest = valid
        case .failure(let error): return .reject(status: 200, error: error, retryAfter: nil)
        }
        if let refusal = drawRefusal() { return refusal }
        let (fault, delivery) = drawDelivery()
        var builder = merchant.body
        var merchantId = issued.appId
        var answered = payRequest
        if fault == .wrongAmount {
            answered = payRequest.withWrongAmount()
        } else if fault == .wrongMerchant {
            builder = foreignMerchant
            merchantId = foreignMerchantId
        }
        let link = CreatedLink(paymentNumber: nextPaymentNumber, createdAtSeconds: second, signatureSeed: random.next())
        nextPaymentNumber += 1
        let fingerprint = counters.recordLink(payRequest)
        ledger.record(
            fingerprint: fingerprint, request: payRequest, paymentNumber: link.paymentNumber, createdAtMillis: now,
            fault: fault, answeredAmount: answered.amount, merchantId: merchantId)
        return .created(link, builder: builder, answered: answered, delivery: delivery)
    }

    /// The faults that create nothing, drawn in `MockFaults` order and counted; the caller holds `lock`.
    /// - Returns: the refusal to answer with, or `nil` to go on and create a link.
    private func drawRefusal() -> PayDecision? {
        if draw(faults.unavailable) {
            counters.recordFault(.unavailable)
            return .unavailable(retryAfter: nil)
        }
        if draw(faults.databaseError) {
            counters.recordFault(.databaseError)
            return .reject(status: 200, error: .databaseError, retryAfter: nil)
        }
        if draw(faults.rateLimited) {
            counters.recordFault(.rateLimited)
            return .reject(status: 429, error: .tooManyRequests, retryAfter: String(faults.retryAfterSeconds))
        }
        if draw(faults.rateLimitedHugeRetryAfter) {
            let form = pick([MockFaultKind.rateLimitedHugeRetryAfterSeconds, .rateLimitedHugeRetryAfterDate])
            counters.recordFault(form)
            return .reject(status: 429, error: .tooManyRequests, retryAfter: form.retryAfter)
        }
        if draw(faults.unavailableHugeRetryAfter) {
            let form = pick([MockFaultKind.unavailableHugeRetryAfterSeconds, .unavailableHugeRetryAfterDate])
            counters.recordFault(form)
            return .unavailable(retryAfter: form.retryAfter)
        }
        return nil
    }

    /// The faults that create a link and then shape its answer, drawn in `MockFaults` order and
    /// counted; the caller holds `lock`.
    /// - Returns: the fault that hit (`nil` for none) and how the answer is delivered.
    private func drawDelivery() -> (MockFaultKind?, Delivery) {
        let fault: MockFaultKind?
        let delivery: Delivery
        if draw(faults.serverError) {
            (fault, delivery) = (.serverError, .serverError(status: [500, 502, 504][Int(random.next() % 3)]))
        } else if draw(faults.hang) {
            (fault, delivery) = (.hang, .hang(seconds: faults.hangSeconds))
        } else if draw(faults.malformed) {
            (fault, delivery) = (.malformed, .malformed)
        } else if draw(faults.hugeBody) {
            (fault, delivery) = (.hugeBody, .hugeBody(bytes: faults.hugeBodyBytes))
        } else if draw(faults.wrongAmount) {
            (fault, delivery) = (.wrongAmount, .normal)
        } else if draw(faults.wrongMerchant) {
            (fault, delivery) = (.wrongMerchant, .normal)
        } else {
            (fault, delivery) = (nil, .normal)
        }
        if let fault { counters.recordFault(fault) }
        return (fault, delivery)
    }

    /// One independent draw against a share; a share of 0 draws nothing, so adding a fault kind
    /// later does not shift the sequence of a seeded run that does not use it.
    private func draw(_ share: Double) -> Bool {
        share > 0 && random.nextUnit() < share
    }

    /// One of `forms`, uniformly; the caller holds `lock`.
    private func pick(_ forms: [MockFaultKind]) -> MockFaultKind {
        forms[Int(random.next() % UInt64(forms.count))]
    }
}
