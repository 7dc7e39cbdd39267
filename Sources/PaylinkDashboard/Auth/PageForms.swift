import FoundationEssentials
import HTTPTypes
import Hummingbird

/// `POST /login` and `POST /logout` from plain HTML forms (`application/x-www-form-urlencoded`),
/// for the pages; scripts use `/api/login` and `/api/logout` with JSON.
enum PageForms {
    struct LoginForm: Decodable {
        let username: String
        let password: String
        let next: String?
    }

    struct LogoutForm: Decodable {
        let csrfToken: String?
    }

    static func register(on router: Router<DashboardContext>, dashboard: Dashboard) {
        router.post("login") { request, context -> Response in
            let form = try await decode(LoginForm.self, from: request, context: context)
            let destination = form.next.flatMap { isLocalPath($0) ? $0 : nil } ?? "/"
            let opened: (id: String, principal: DashboardPrincipal)
            do throws(DashboardAPIError) {
                opened = try await dashboard.auth.login(user: form.username, password: form.password)
            } catch {
                let failure = error.status == .tooManyRequests ? "2" : "1"
                let next = form.next.flatMap { isLocalPath($0) ? "&next=" + percentEncoded($0) : nil } ?? ""
                return Response(status: .seeOther, headers: [.location: "/login?error=\(failure)\(next)"])
            }
            var response = Response(status: .seeOther, headers: [.location: destination])
            response.setCookie(dashboard.auth.cookie(opened.id, for: request))
            return response
        }
        router.post("logout") { request, context -> Response in
            let form = try await decode(LogoutForm.self, from: request, context: context)
            if let id = context.sessionId, let expected = context.principal?.csrfToken {
                let sent = request.headers[DashboardAuth.csrfHeader] ?? form.csrfToken ?? ""
                guard SessionStore.constantTimeEqual(sent, expected) else {
                    throw DashboardAPIError(.forbidden, "missing or wrong CSRF token")
                }
                dashboard.auth.sessions.close(session: id)
            }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(dashboard.auth.cookie("", for: request, clear: true))
            return response
        }
    }

    /// Largest form read: two short fields and a path.
    static let maxFormBytes = 16 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: DashboardContext) async throws -> T {
        let buffer = try await DashboardAPI.collectBody(of: request, upTo: maxFormBytes)
        do {
            return try URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
        } catch {
            throw DashboardAPIError.badRequest("the form lacks a field this call takes")
        }
    }

    /// A path on this site (`/dead?queue=x`), never another site (`//evil`, `https://...`, `/\evil`).
    static func isLocalPath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\") && path.utf8.count <= 2048
            && path.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// `path` with everything but unreserved characters and `/` percent-encoded, for a query value.
    static func percentEncoded(_ path: String) -> String {
        var text = ""
        for byte in path.utf8 {
            let char = Character(Unicode.Scalar(byte))
            if char.isASCII && (char.isLetter || char.isNumber || "-._~/".contains(char)) {
                text.append(char)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                text += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}
