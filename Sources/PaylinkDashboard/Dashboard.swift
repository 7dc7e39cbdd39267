public import Hummingbird
public import Logging
public import PaylinkRedis

/// The operators' dashboard of one Redis: its reads (``reader``), actions (``actions``) and
/// sign-in (``auth``), and the router that serves the JSON API under `/api/`, the pages
/// ``DashboardPages`` registers, and the probes `/livez` and `/readyz`.
///
/// Build one per process and serve it with ``DashboardServer``:
/// ```swift
/// let dashboard = try Dashboard(configuration: configuration, redis: client, logger: logger)
/// let group = ServiceGroup(services: [DashboardServer(dashboard: dashboard)], logger: logger)
/// ```
public final class Dashboard: Sendable {
    public let configuration: DashboardConfiguration
    public let reader: DashboardReader
    public let actions: DashboardActions
    public let auth: DashboardAuth
    let logger: Logger

    /// - Parameters:
    ///   - redis: the client every read and action goes through; the caller shuts it down.
    ///   - logger: gets every action with the user's name; never a secret.
    /// - Throws: `DashboardSetupError` when the configuration may not be served (see
    ///   ``DashboardConfiguration/validate()``).
    public init(configuration: DashboardConfiguration, redis: RedisClient, logger: Logger) throws(DashboardSetupError) {
        try configuration.validate()
        self.configuration = configuration
        let directory = QueueDirectory(configured: configuration.queues, discovers: configuration.discovers)
        self.reader = DashboardReader(redis: redis, directory: directory, readOnly: configuration.readOnly)
        self.actions = DashboardActions(reader: reader, logger: logger)
        self.auth = DashboardAuth(configuration: configuration, logger: logger)
        self.logger = logger
    }

    /// The router: the probes (`/livez`, `/readyz`, outside every middleware), the auth
    /// middleware, `/api/...`, the login and logout forms, the public pages, then the pages
    /// behind sign-in.
    public func makeRouter() -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        DashboardHealth.register(on: router, redis: reader.redis)
        router.addMiddleware { DashboardAuthMiddleware(auth: auth) }
        DashboardAPI.register(on: router.group("api"), dashboard: self)
        PageForms.register(on: router, dashboard: self)
        DashboardPages.registerPublic(on: router)
        DashboardPages.register(on: router.group().add(middleware: PageSignInMiddleware()), dashboard: self)
        return router
    }
}
