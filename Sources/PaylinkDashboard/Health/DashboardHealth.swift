import Hummingbird
import PaylinkRedis

/// The dashboard's probes for orchestrators: `GET /livez` (the process serves) and
/// `GET /readyz` (it can also reach Redis), worded as the worker's operator endpoint words them.
///
/// Registered ahead of every middleware, so a probe needs no credentials, opens no session
/// (no `Set-Cookie`), needs no CSRF token and is not refused for its `Host`: a kubelet asks by
/// pod IP, and a health check knows no password. The answers carry no data beyond one reason.
enum DashboardHealth {
    /// How long `/readyz` waits for Redis before answering 503; below a probe's usual 5 s.
    static let checkTimeout = Duration.seconds(2)

    /// Must be called before `router.addMiddleware`: Hummingbird applies a middleware only to
    /// the routes added after it.
    static func register(on router: Router<DashboardContext>, redis: RedisClient) {
        router.get("/livez") { _, _ in text(.ok, "ok") }
        router.get("/readyz") { _, _ in
            if let reason = await notReadyReason(redis) { return text(.serviceUnavailable, reason) }
            return text(.ok, "ready")
        }
    }

    /// Nil when Redis answers a `PING` within ``checkTimeout``; else one line saying why not:
    /// only the error's kind, never its message, which may name the host.
    static func notReadyReason(_ redis: RedisClient) async -> String? {
        let reply = await FirstReply.within(checkTimeout) { () async -> Result<Void, RedisError> in
            do throws(RedisError) {
                _ = try await redis.send(RedisCommand("PING"))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        switch reply {
        case nil: return "redis: no answer within \(checkTimeout)"
        case .failure(let error)?: return "redis: \(error.code.label)"
        case .success?: return nil
        }
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        for (name, value) in JSONAnswer.securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
