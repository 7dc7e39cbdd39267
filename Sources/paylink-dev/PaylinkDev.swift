import ArgumentParser

/// `paylink-dev`: the development tools, in a binary of their own so the production `paylink`
/// carries no web server. `paylink mock-api` and `paylink demo` run it; it calls itself
/// `paylink` in its help so the two read as one command.
@main
struct PaylinkDevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paylink",
        abstract: "paylink's development tools: the OTT Pay stand-in and the demo.",
        subcommands: [MockAPICommand.self, DemoCommand.self]
    )
}
