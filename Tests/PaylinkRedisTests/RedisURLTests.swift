import PaylinkRedis
import Testing

struct RedisURLTests {
    @Test func parsesHostOnlyWithDefaults() throws {
        let url = try RedisURL("redis://cache.local")
        #expect(url == RedisURL(host: "cache.local", port: 6379, username: nil, password: nil, database: 0))
    }

    @Test func parsesPortAndDatabase() throws {
        let url = try RedisURL("redis://127.0.0.1:6380/3")
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 6380)
        #expect(url.database == 3)
    }

    @Test func parsesPasswordOnly() throws {
        let url = try RedisURL("redis://:s3cret@localhost")
        #expect(url.username == nil)
        #expect(url.password == "s3cret")
    }

    @Test func parsesUserAndPercentDecodedPassword() throws {
        let url = try RedisURL("redis://pay%20link:p%40ss%3Aw0rd@db:7000/1")
        #expect(url.username == "pay link")
        #expect(url.password == "p@ss:w0rd")
        #expect(url.port == 7000)
        #expect(url.database == 1)
    }

    @Test func acceptsUnencodedAtAndSlashInPassword() throws {
        let url = try RedisURL("redis://:a@b/c@host:1234")
        #expect(url.password == "a@b/c")
        #expect(url.host == "host")
        #expect(url.port == 1234)
    }

    @Test func parsesBracketedIPv6Host() throws {
        let url = try RedisURL("redis://[::1]:6390")
        #expect(url.host == "::1")
        #expect(url.port == 6390)
        #expect(url.description == "redis://[::1]:6390/0")
    }

    @Test func parsesRedissAsTLSAndKeepsTheSchemeInItsDescription() throws {
        let url = try RedisURL("REDISS://paylink:pw@redis.internal:6380/2")
        #expect(url.usesTLS)
        #expect(url == RedisURL(host: "redis.internal", port: 6380, username: "paylink", password: "pw", database: 2, usesTLS: true))
        #expect(url.description == "rediss://paylink:***@redis.internal:6380/2")
        #expect(try RedisURL("redis://h").usesTLS == false)
    }

    @Test func parsesAUserWithoutPasswordForAPasswordGivenElsewhere() throws {
        let url = try RedisURL("rediss://paylink@h")
        #expect(url.username == "paylink" && url.password == nil)
        #expect(url.description == "rediss://paylink@h:6379/0")
    }

    @Test func acceptsTrailingSlash() throws {
        #expect(try RedisURL("redis://h/").database == 0)
    }

    @Test(arguments: [
        ("http://localhost", "scheme"),
        ("localhost:6379", "scheme"),
        ("redis://", "missing host"),
        ("redis://:pw@", "missing host"),
        ("redis://host:0", "port"),
        ("redis://host:99999", "port"),
        ("redis://host:abc", "port"),
        ("redis://host/x", "database"),
        ("redis://host/-1", "database"),
        ("redis://host?db=1", "query"),
        ("redis://@host", "empty user name"),
        ("rediss:/host", "scheme"),
        ("redis://:%zz@host", "percent-encoding in password"),
        ("redis://[::1", "IPv6"),
    ])
    func rejectsBadURLNamingTheProblem(input: String, expected: String) {
        do {
            _ = try RedisURL(input)
            Issue.record("\(input) was accepted")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func errorNeverEchoesThePassword() {
        do {
            _ = try RedisURL("redis://:topsecret@host:notaport")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test func descriptionRedactsPassword() throws {
        let url = try RedisURL("redis://admin:hunter2@db:6379/2")
        #expect(url.description == "redis://admin:***@db:6379/2")
        #expect(!"\(url)".contains("hunter2"))
    }
}
