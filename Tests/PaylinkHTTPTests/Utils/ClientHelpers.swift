import Testing

@testable import PaylinkHTTP

/// Runs `body` with a fresh client and always shuts the client down afterwards.
func withClient<T>(
    _ configuration: HTTPClientConfiguration = .init(),
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    let client = try HTTPClient(configuration: configuration)
    defer { client.shutdown() }
    return try await body(client)
}

/// Executes `request`, expecting a failure.
/// - Returns: The error, or nil (with a recorded issue) if a response came back.
func failure(
    of request: HTTPRequest,
    on client: HTTPClient,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> HTTPClientError? {
    do {
        let response = try await client.execute(request)
        Issue.record("expected a failure, got status \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Executes `request` and captures the outcome, for tasks that are cancelled from outside.
func result(of request: HTTPRequest, on client: HTTPClient) async -> Result<HTTPResponse, HTTPClientError> {
    do {
        return .success(try await client.execute(request))
    } catch {
        return .failure(error)
    }
}
