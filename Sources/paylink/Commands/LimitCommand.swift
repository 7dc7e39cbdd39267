import ArgumentParser
import Paylink
import PaylinkCLI
import PaylinkRedis

/// `paylink limit status|resume`: a merchant's fleet rate limit, for operators.
struct LimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit", abstract: "Show or end a merchant's fleet-wide pause after the API refused calls.",
        subcommands: [Status.self, Resume.self])

    /// Which merchant: `--merchant` or PAYLINK_APP_ID.
    struct MerchantOption: ParsableArguments {
        @Option(help: "The merchant's app ID (env PAYLINK_APP_ID); with --merchants, each profile's appId has its own limit.")
        var merchant: String?

        func control(_ client: RedisClient) throws -> FleetPauseControl {
            guard let appId = merchant ?? Environment.value("PAYLINK_APP_ID") else {
                throw ValidationError("invalid --merchant: give the app ID (or set PAYLINK_APP_ID)")
            }
            do {
                return try FleetPauseControl(redis: client, merchant: appId)
            } catch {
                throw ValidationError("invalid --merchant: \(error.reason)")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the merchant's fleet pause and the calls in flight.")
        @OptionGroup var merchant: MerchantOption
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let client = try redis.client(logger: try logging.makeLogger(label: "paylink.cli"))
            defer { client.shutdown() }
            let control = try merchant.control(client)
            let status = try await control.status()
            print("limit \(control.keys.limit)")
            switch status.pauseLeft {
            case .some(let left) where left > .zero: print("  paused for \(Decimals.format(left.inSeconds, places: 1)) s more")
            case .some: print("  not paused")
            case .none: print("  paused, for an unreadable time (run `paylink limit resume`)")
            }
            print("  storms in a row \(status.strikes.map(String.init) ?? "unreadable")")
            print("  calls in flight \(status.permitsInFlight)")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End the merchant's fleet pause now; workers call the API again within a second, at a tenth of the rate at first.")
        @OptionGroup var merchant: MerchantOption
        @OptionGroup var redis: RedisOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let client = try redis.client(logger: try logging.makeLogger(label: "paylink.cli"))
            defer { client.shutdown() }
            let control = try merchant.control(client)
            switch try await control.resume() {
            case .some(let left) where left > .zero:
                print("resumed \(control.keys.limit): \(Decimals.format(left.inSeconds, places: 1)) s of pause cleared")
            case .some: print("\(control.keys.limit) was not paused; nothing changed")
            case .none: print("resumed \(control.keys.limit): an unreadable pause cleared")
            }
        }
    }
}
