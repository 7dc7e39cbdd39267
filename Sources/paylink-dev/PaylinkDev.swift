import ArgumentParser

/// `paylink-dev`: the development tools and the dashboard, in a binary of their own so the
/// production `paylink` carries no web server. `paylink mock-api`, `paylink demo` and
/// `paylink dashboard` run it; it calls itself
/// `paylink` in its help so the two read as one command.
@main
struct PaylinkDevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paylink",
        abstract: "paylink's development and operator tools: the OTT Pay stand-in, the demo and the dashboard.",
        subcommands: [MockAPICommand.self, DemoCommand.self, DashboardCommand.self]
    )
}
