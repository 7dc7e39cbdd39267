import PaylinkRedis
import Testing

/// `redis-sentinel://` URLs: the Lettuce form, its defaults and its refusals.
struct RedisURLSentinelTests {
    @Test func parsesSentinelsDatabaseAndMasterName() throws {
        let url = try RedisURL("redis-sentinel://paylink:p%40ss@10.0.0.1:26380,10.0.0.2,[::1]:26381/2#payments")
        #expect(url.usesSentinel)
        #expect(url.masterName == "payments")
        #expect(url.sentinels == [
            RedisNodeAddress(host: "10.0.0.1", port: 26380), RedisNodeAddress(host: "10.0.0.2", port: 26379),
            RedisNodeAddress(host: "::1", port: 26381),
        ])
        #expect(url.database == 2)
        #expect(url.username == "paylink" && url.password == "p@ss", "the URL's credentials are the data node's")
        #expect(!url.usesTLS)
    }

    @Test func rediss_sentinelIsTheSameOverTLS() throws {
        let url = try RedisURL("rediss-sentinel://u:pw@s1:26380,s2/1#payments")
        #expect(url.usesSentinel && url.usesTLS)
        #expect(url.sentinels == [RedisNodeAddress(host: "s1", port: 26380), RedisNodeAddress(host: "s2", port: 26379)])
        #expect(url.masterName == "payments" && url.database == 1 && url.password == "pw")
        #expect(url.description == "rediss-sentinel://u:***@s1:26380,s2:26379/1#payments")
    }

    @Test func endpointNamesTheMasterNotAHostSoItSurvivesAFailover() throws {
        let url = try RedisURL("redis-sentinel://h1:1,h2:2/3#m")
        #expect(url.endpoint == "sentinel:m/3")
        #expect(try RedisURL("redis-sentinel://other:9#m").endpoint == "sentinel:m/0")
    }

    @Test func descriptionListsTheSentinelsAndHidesThePassword() throws {
        let url = try RedisURL("redis-sentinel://u:hunter2@h1:1,[::1]:2#m")
        #expect(url.description == "redis-sentinel://u:***@h1:1,[::1]:2/0#m")
        #expect(try RedisURL("REDIS-SENTINEL://h#m").description == "redis-sentinel://h:26379/0#m")
    }

    @Test func aHashInThePasswordStaysInThePassword() throws {
        let url = try RedisURL("redis-sentinel://:pa#ss@h:1#m")
        #expect(url.password == "pa#ss" && url.masterName == "m")
    }

    @Test func acceptsSixteenSentinels() throws {
        let hosts = (1...16).map { "h\($0):\(26000 + $0)" }.joined(separator: ",")
        #expect(try RedisURL("redis-sentinel://\(hosts)#m").sentinels.count == 16)
    }

    @Test func plainURLsHaveNoSentinels() throws {
        let url = try RedisURL("redis://h:1/0")
        #expect(!url.usesSentinel && url.sentinels.isEmpty && url.masterName == nil)
    }

    @Test(arguments: [
        ("redis-sentinel://h:26379", "missing master name"),
        ("redis-sentinel://h:26379/0", "missing master name"),
        ("redis-sentinel://h:26379#", "empty master name"),
        ("redis-sentinel://h#my master", "spaces or control characters"),
        ("redis-sentinel://h#m\t", "spaces or control characters"),
        ("redis-sentinel://#m", "sentinel 1: missing host"),
        ("redis-sentinel://h1,,h3#m", "sentinel 2: missing host"),
        ("redis-sentinel://h1,#m", "sentinel 2: missing host"),
        ("redis-sentinel://h:0#m", "sentinel 1: invalid port '0'"),
        ("redis-sentinel://h1,h2:65536#m", "sentinel 2: invalid port '65536'"),
        ("redis-sentinel://h:x#m", "invalid port"),
        ("redis-sentinel://h/x#m", "invalid database"),
        ("redis-sentinel://h?db=1#m", "query"),
        ("rediss-sentinel://h?x=1#m", "query"),
        ("redis-sentinel://@h#m", "empty user name"),
    ])
    func refusesNamingTheProblem(input: String, expected: String) {
        do {
            let url = try RedisURL(input)
            Issue.record("\(input) was accepted as \(url)")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func refusesMoreThanSixteenSentinels() {
        let hosts = (1...17).map { "h\($0)" }.joined(separator: ",")
        #expect(throws: RedisError.self) { try RedisURL("redis-sentinel://\(hosts)#m") }
        do {
            _ = try RedisURL("redis-sentinel://\(hosts)#m")
        } catch {
            #expect(error.message.contains("17 sentinels listed; at most 16"), "\(error)")
        }
    }

    @Test func errorsNeverEchoThePassword() {
        for input in ["redis-sentinel://:topsecret@h:0#m", "redis-sentinel://:topsecret@h", "redis-sentinel://:topsecret@#m"] {
            do {
                _ = try RedisURL(input)
                Issue.record("\(input) accepted")
            } catch {
                #expect(!error.description.contains("topsecret"), "\(error)")
            }
        }
    }
}
