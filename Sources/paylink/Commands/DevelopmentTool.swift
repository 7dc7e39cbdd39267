import ArgumentParser
import Glibc
import PaylinkCLI

/// `paylink mock-api`, `paylink demo` and `paylink dashboard` live in `paylink-dev`, next to this
/// binary, so the production binary carries no web server and no Foundation. These entries list them in the
/// help; `runIfRequested` hands their whole command line over before any parsing.
enum DevelopmentTool {
    static let binaryName = "paylink-dev"

    struct MockAPI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mock-api", abstract: "Run the local OTT Pay API stand-in (Alipay has no sandbox).")
        @Argument(parsing: .allUnrecognized) var arguments: [String] = []
        func run() throws { try DevelopmentTool.run(["mock-api"] + arguments) }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo", abstract: "Run the whole path locally: Redis, the stand-in, 1,000 orders, a worker.")
        @Argument(parsing: .allUnrecognized) var arguments: [String] = []
        func run() throws { try DevelopmentTool.run(["demo"] + arguments) }
    }

    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard", abstract: "Serve the operators' web dashboard and its JSON API over the queues' Redis.")
        @Argument(parsing: .allUnrecognized) var arguments: [String] = []
        func run() throws { try DevelopmentTool.run(["dashboard"] + arguments) }
    }

    /// Replaces this process with `paylink-dev` when the first argument names one of its commands.
    static func runIfRequested(_ arguments: [String]) {
        let tools = [MockAPI.configuration.commandName, Demo.configuration.commandName, Dashboard.configuration.commandName]
        let named = arguments.count > 1 && tools.contains(arguments[1])
        let helpFor = arguments.count > 2 && arguments[1] == "help" && tools.contains(arguments[2])
        guard named || helpFor else { return }
        do {
            try run(Array(arguments.dropFirst()))
        } catch {
            StandardError.write("Error: \(error)\n")
            exit(1)
        }
    }

    /// Execs `paylink-dev` from this binary's directory; returns only by throwing.
    static func run(_ arguments: [String]) throws {
        let path = siblingPath()
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw ValidationError("cannot run \(path) (\(reason)); build it with `swift build --product \(binaryName)`")
    }

    private static func siblingPath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return binaryName }
        let executable = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return binaryName }
        return executable[...slash] + binaryName
    }
}
