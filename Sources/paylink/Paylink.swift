import ArgumentParser
import Glibc
import Logging
import PaylinkCLI

/// The `paylink` command: a worker fleet that turns queued orders into Alipay payment links.
@main
struct PaylinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paylink",
        abstract: "Turn e-commerce orders queued in Redis into Alipay payment links through OTT Pay.",
        discussion: """
            Settings come from flags or environment variables (PAYLINK_REDIS_URL, PAYLINK_QUEUE,
            PAYLINK_API_BASE_URL, PAYLINK_APP_ID, PAYLINK_APP_KEY or PAYLINK_APP_KEY_FILE). The app key
            is never taken on the command line.
            """,
        subcommands: [
            WorkerCommand.self, EnqueueCommand.self, ResultCommand.self, StatusCommand.self,
            BatchCommand.self, ExportCommand.self, DeadCommand.self, UnknownCommand.self, LimitCommand.self,
            WorkersCommand.self, QueueCommand.self, ProbeCommand.self,
            DevelopmentTool.MockAPI.self, DevelopmentTool.Demo.self, DevelopmentTool.Dashboard.self,
        ]
    )

    /// ArgumentParser's `main`, except that under `--log-format json` the error ending a run is a
    /// log record like the others on stderr, not a bare "Error: ..." line a log collector cannot read.
    static func main() async {
        DevelopmentTool.runIfRequested(CommandLine.arguments)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Errors before a logger exists (usage, --help, bad flags) and silent exits keep
            // ArgumentParser's handling.
            if LoggingBootstrap.format == .json, !fullMessage(for: error).isEmpty {
                Logger(label: "paylink").error("\(error)")
                Glibc.exit(exitCode(for: error).rawValue)
            }
            exit(withError: error)
        }
    }
}
