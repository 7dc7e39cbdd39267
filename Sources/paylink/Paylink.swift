import ArgumentParser

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
            WorkersCommand.self, QueueCommand.self,
            DevelopmentTool.MockAPI.self, DevelopmentTool.Demo.self,
        ]
    )

    static func main() async {
        DevelopmentTool.runIfRequested(CommandLine.arguments)
        await main(nil)
    }
}
