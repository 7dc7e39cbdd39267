import PaylinkRedis
import Testing

struct RedisURLClusterTests {
    @Test func parsesASeedList() throws {
        let url = try RedisURL("redis://user:pw@10.0.0.1:7000,10.0.0.2,[::1]:7002/0")
        #expect(url.seeds == [
            RedisNodeAddress(host: "10.0.0.1", port: 7000), RedisNodeAddress(host: "10.0.0.2", port: 6379),
            RedisNodeAddress(host: "::1", port: 7002),
        ])
        #expect(url.host == "10.0.0.1")
        #expect(url.port == 7000)
        #expect(url.username == "user")
        #expect(url.password == "pw")
        #expect(url.description == "redis://user:***@10.0.0.1:7000,10.0.0.2:6379,[::1]:7002/0")
        #expect(url.endpoint == "10.0.0.1:7000,10.0.0.2:6379,[::1]:7002/0")
        #expect(try RedisURL("rediss://a:1,b:2").seeds.count == 2)
    }

    @Test func oneHostIsItsOwnOnlySeed() throws {
        let url = try RedisURL("redis://h:7000/3")
        #expect(url.clusterSeeds.isEmpty)
        #expect(url.seeds == [RedisNodeAddress(host: "h", port: 7000)])
        #expect(url.endpoint == "h:7000/3")
    }

    @Test(arguments: [
        ("redis://a:1,b:2/1", "only database 0"),
        ("redis://a:1,,b:2", "empty host at position 2"),
        ("redis://a:1,", "empty host at position 2"),
        ("redis://,a:1", "empty host at position 1"),
        ("redis://a:1,b:0", "port"),
        ("redis://a:1,b:65536", "port"),
        ("redis://a:1,:5", "missing host"),
        ("redis://" + (1...17).map { "h\($0):1" }.joined(separator: ","), "at most 16"),
    ])
    func rejectsBadSeedListsNamingTheProblem(input: String, expected: String) {
        do {
            _ = try RedisURL(input)
            Issue.record("\(input) was accepted")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.description.contains(expected), "\(error)")
        }
    }
}
