import PaylinkDashboard
import Testing

/// The users file's rules, without IO.
struct DashboardUsersTests {
    static let hash = "$2b$12$" + String(repeating: "a", count: 53)

    @Test func readsUsersRolesAndComments() throws {
        let users = try DashboardUsers(parsing: "# operators\n\nalice \(Self.hash) admin\n\tbob\t\(Self.hash)\tviewer\r\n")
        #expect(users.users["alice"]?.role == .admin)
        #expect(users.users["bob"]?.role == .viewer)
        #expect(users.users.count == 2)
    }

    @Test func refusesWhatIsNotAUsersFile() {
        let bad = [
            "", "# only a comment\n", "alice \(Self.hash)\n", "alice \(Self.hash) root\n", "alice plaintext admin\n",
            "alice $argon2d$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA admin\n", "al ice \(Self.hash) admin\n",
            "alice \(Self.hash) admin\nalice \(Self.hash) viewer\n", "<script> \(Self.hash) admin\n",
            "alice $2b$03$\(String(repeating: "a", count: 53)) admin\n",
        ]
        for text in bad {
            #expect(throws: DashboardSetupError.self, "\(text)") { try DashboardUsers(parsing: text) }
        }
    }

    @Test func errorsNeverQuoteTheHash() {
        do {
            _ = try DashboardUsers(parsing: "alice \(Self.hash) root\n")
            Issue.record("accepted a bad role")
        } catch {
            #expect(!error.description.contains(Self.hash))
            #expect(error.description.contains("line 1"))
        }
    }
}
