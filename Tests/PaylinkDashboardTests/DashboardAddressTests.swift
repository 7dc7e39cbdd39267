import PaylinkDashboard
import Testing

struct DashboardAddressTests {
    @Test func readsHostAndPort() throws {
        #expect(try DashboardAddress(parsing: "127.0.0.1:8080") == DashboardAddress(host: "127.0.0.1", port: 8080))
        #expect(try DashboardAddress(parsing: "[::1]:0") == DashboardAddress(host: "::1", port: 0))
    }

    @Test func refusesBadAddresses() {
        for text in ["127.0.0.1", "127.0.0.1:65536", "host:-1", "[::1]8080", "a b:80", "::1:80", "h/x:80"] {
            #expect(throws: DashboardSetupError.self) { try DashboardAddress(parsing: text) }
        }
    }

    @Test func knowsLoopbackFromOtherHosts() throws {
        #expect(try DashboardAddress(parsing: "127.0.0.1:1").isLoopback)
        #expect(try DashboardAddress(parsing: "127.9.9.9:1").isLoopback)
        #expect(try DashboardAddress(parsing: "localhost:1").isLoopback)
        #expect(try DashboardAddress(parsing: "[::1]:1").isLoopback)
        #expect(try !DashboardAddress(parsing: "0.0.0.0:1").isLoopback)
        #expect(try !DashboardAddress(parsing: "10.0.0.1:1").isLoopback)
        #expect(try !DashboardAddress(parsing: "127.0.0.1.example.com:1").isLoopback)
        // `:PORT` is every interface, as for the worker's --http-address.
        #expect(try DashboardAddress(parsing: ":8080") == DashboardAddress(host: "0.0.0.0", port: 8080))
    }

    @Test func offLoopbackWithoutCredentialsIsRefused() throws {
        let open = DashboardConfiguration(address: try DashboardAddress(parsing: "0.0.0.0:8080"))
        #expect(throws: DashboardSetupError.self) { try open.validate() }
        try DashboardConfiguration(address: .standard).validate()
    }
}
