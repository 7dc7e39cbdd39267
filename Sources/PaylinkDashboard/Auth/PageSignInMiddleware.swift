import Hummingbird

/// In front of the pages: a request with no principal is sent to the login form (303 to
/// `/login?next=<its path>`), where the API would answer a bare 401.
struct PageSignInMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.principal == nil else { return try await next(request, context) }
        let path = request.uri.path
        let target = PageForms.isLocalPath(path) && path != "/" ? "/login?next=" + PageForms.percentEncoded(path) : "/login"
        return Response(status: .seeOther, headers: [.location: target])
    }
}
