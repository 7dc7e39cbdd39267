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
            let early = faults.earlyTokenExpiry > 0 && random.nextUnit() < faults.earlyTokenExpiry
            let validUntil = early ? now + Int64(faults.earlyExpirySeconds * 1000) : expired
            let token = MockToken.make(appId: appId, issuedMillis: now, expiredMillis: expired, serial: tokensIssued, random: &random)
            tokens[token] = IssuedToken(appId: appId, validUntilMillis: validUntil)
            return .issued(token: token, expiredMillis: expired)
        }
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
            case .created(_, _, let request, let delivery):
                counters.recordLink(request)
                switch delivery {
                case .normal, .malformed: counters.recordStatus(200)
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
                return .reject(status: 429, error: .tooManyRequests, retryAfterSeconds: 1)
            }
        }
        guard let bearerToken, let issued = tokens[String(bearerToken)], issued.validUntilMillis > now,
            let merchant = merchants[issued.appId]
        else {
            return .reject(status: 401, error: .authorizationFailed, retryAfterSeconds: nil)
        }
        let payRequest: PayRequest
        switch request {
        case .success(let valid): payRequest = valid
        case .failure(let error): return .reject(status: 200, error: error, retryAfterSeconds: nil)
        }
        if draw(faults.unavailable) { return .unavailable }
        if draw(faults.databaseError) { return .reject(status: 200, error: .databaseError, retryAfterSeconds: nil) }
        if draw(faults.rateLimited) {
            return .reject(status: 429, error: .tooManyRequests, retryAfterSeconds: faults.retryAfterSeconds)
        }
        var delivery = Delivery.normal
        if draw(faults.serverError) {
            delivery = .serverError(status: [500, 502, 504][Int(random.next() % 3)])
        } else if draw(faults.hang) {
            delivery = .hang(seconds: faults.hangSeconds)
        } else if draw(faults.malformed) {
            delivery = .malformed
        }
        let link = CreatedLink(paymentNumber: nextPaymentNumber, createdAtSeconds: second, signatureSeed: random.next())
        nextPaymentNumber += 1
        return .created(link, merchant.body, payRequest, delivery: delivery)
    }

    /// One independent draw against a share; a share of 0 draws nothing, so adding a fault kind
    /// later does not shift the sequence of a seeded run that does not use it.
    private func draw(_ share: Double) -> Bool {
        share > 0 && random.nextUnit() < share
    }
}
