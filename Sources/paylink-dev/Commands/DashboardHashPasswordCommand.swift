import ArgumentParser
import HummingbirdBcrypt
import PaylinkDashboard

/// `paylink dashboard hash-password`: reads a password from stdin and prints its hash (bcrypt,
/// or argon2id with `--argon2id`), the second field of a `PAYLINK_DASHBOARD_USERS_FILE` line.
struct DashboardHashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password (one line) from standard input and print its hash for the users file.",
        discussion: "Example: printf '%s\\n' \"$password\" | paylink dashboard hash-password. The password never goes on the command line.")

    @Option(help: "bcrypt cost, 10-15 (default 12: about a quarter of a second per login here).") var cost = 12

    @Flag(help: "Print an argon2id hash instead (memory-hard: OWASP's 19 MiB, 2 passes, 1 lane; --argon2-memory for more).")
    var argon2id = false

    @Option(help: "With --argon2id: memory per login in MiB, 8-1024 (default 19).") var argon2Memory = 19

    func validate() throws {
        guard (10...15).contains(cost) else { throw ValidationError("invalid --cost: \(cost) must be 10-15") }
        guard (8...1024).contains(argon2Memory) else { throw ValidationError("invalid --argon2-memory: \(argon2Memory) must be 8-1024 MiB") }
    }

    func run() throws {
        guard var line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        if line.hasSuffix("\r") { line.removeLast() }
        // The dashboard reads at most 72 bytes of a password (bcrypt's limit), whatever the hash.
        guard line.utf8.count <= 72 else {
            throw ValidationError("the password is longer than 72 bytes, the most the dashboard accepts; choose a shorter one")
        }
        if argon2id {
            print(try PasswordHash.argon2id(line, memoryKiB: UInt32(argon2Memory) * 1024, passes: 2, lanes: 1))
        } else {
            print(Bcrypt.hash(line, cost: UInt8(cost)))
        }
    }
}
