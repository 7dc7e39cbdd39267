import HTTPTypes
import Hummingbird
import Mustache

/// Turns page values into HTML answers: renders a template, and adds the headers every page
/// carries. The Content-Security-Policy allows only this server's own script, style and images
/// and no inline script or style at all, so even a value that escaped escaping could not run.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// What pages may load: their own `/assets/`, and `fetch` back to this server.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// Parses the templates; they are constants of this target, so a failure is a programming
    /// error (and `DashboardTemplatesTests` fails first).
    init() {
        do {
            library = try DashboardTemplates.library()
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// The page rendered with `template`.
    func html(_ page: Any, template: String, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(page, withTemplate: template) ?? "no template \(template)"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[HTTPField.Name("Content-Security-Policy")!] = Self.contentSecurityPolicy
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An asset from `DashboardAssets`, cacheable for a short while (it changes only with the
    /// binary), or a 404.
    func asset(named name: String) -> Response {
        guard let asset = DashboardAssets.all[name] else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "no such asset\n")))
        }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = "private, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
    }

    /// A 303 to `location` (a path on this site).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The sign-in page's address with `next` set to this request's path, so signing in leads back.
    static func signInRedirect(for request: Request) -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return redirect(to: "/login?next=" + PageQuery.encode(target))
    }
}
