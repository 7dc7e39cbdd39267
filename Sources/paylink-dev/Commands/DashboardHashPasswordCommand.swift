import ArgumentParser
import HummingbirdBcrypt

/// `paylink dashboard hash-password`: reads a password from stdin and prints its bcrypt hash,
/// the second field of a `PAYLINK_DASHBOARD_USERS_FILE` line.
struct DashboardHashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password (one line) from standard input and print its bcrypt hash for the users file.",
        discussion: "Example: printf '%s\\n' \"$password\" | paylink dashboard hash-password. The password never goes on the command line.")

    @Option(help: "bcrypt cost, 10-15 (default 12: about a quarter of a second per login here).") var cost = 12

    func validate() throws {
        guard (10...15).contains(cost) else { throw ValidationError("invalid --cost: \(cost) must be 10-15") }
    }

    func run() throws {
        guard var line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        if line.hasSuffix("\r") { line.removeLast() }
        guard line.utf8.count <= 72 else {
            throw ValidationError("the password is longer than 72 bytes, all bcrypt reads; choose a shorter one")
        }
        print(Bcrypt.hash(line, cost: UInt8(cost)))
    }
}
