import ArgumentParser
import Paylink

/// Worker tuning flags; defaults come from `WorkerConfiguration`.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Orders processed at once (default 64).")
    var concurrency: Int?

    @Option(name: .customLong("lease"), help: "Seconds a claimed order stays reserved without renewal (default 30).")
    var leaseSeconds: Double?

    @Option(name: .customLong("shutdown-deadline"), help: "Seconds in-flight orders may take after SIGTERM (default 25).")
    var shutdownDeadlineSeconds: Double?

    @Option(name: .customLong("max-attempts"), help: "Attempts for failures that created nothing (default 3).")
    var maxAttempts: Int?

    @Option(name: .customLong("api-timeout"), help: "Seconds before a pay call is abandoned as ambiguous (default 10).")
    var apiTimeoutSeconds: Double?

    func configuration(keys: QueueKeys) throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration(keys: keys)
        if let concurrency {
            configuration.concurrency = concurrency
            configuration.claimBatch = concurrency
        }
        if let leaseSeconds { configuration.lease = try seconds(leaseSeconds, flag: "--lease") }
        if let shutdownDeadlineSeconds {
            configuration.shutdownDeadline = try seconds(shutdownDeadlineSeconds, flag: "--shutdown-deadline")
        }
        if let maxAttempts { configuration.maxAttempts = maxAttempts }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return configuration
    }

    var apiTimeout: Duration {
        get throws { try seconds(apiTimeoutSeconds ?? 10, flag: "--api-timeout") }
    }

    private func seconds(_ value: Double, flag: String) throws -> Duration {
        guard value.isFinite, value > 0, value < 86_400 else {
            throw ValidationError("invalid \(flag): \(value) must be a number of seconds between 0 and 86400")
        }
        return .milliseconds(Int64(value * 1000))
    }
}
