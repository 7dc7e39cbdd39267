import HTTPTypes
import Testing
@testable import PaylinkDashboard

/// Argon2 hashes in the users file: read, range-checked, verified by libargon2, and usable to
/// sign in. The hashes below were made by argon2-cffi (another implementation), so a match
/// proves the format is read as the rest of the world writes it.
struct DashboardArgon2Tests {
    static let password = DashboardHarness.password
    static let argon2id = "$argon2id$v=19$m=19456,t=2,p=1$yRKRil6smIFsR8Z/6z7U7w$vsFlQwbkNHIqG9Nc6mKc5rTThEacxo8jmbwjtM5d6uw"
    static let argon2i = "$argon2i$v=19$m=8192,t=2,p=2$TSPuhkREXZv1I8wK1rs3eA$BLQVXqsn0vJGglqbL+6kTHyc+sFmeF5+nqpGmsh3B7E"

    @Test func hashesFromAnotherImplementationVerify() {
        for hash in [Self.argon2id, Self.argon2i] {
            #expect(PasswordHash.verify(Self.password, hash: hash), "\(hash)")
            #expect(!PasswordHash.verify(Self.password + "!", hash: hash))
            #expect(!PasswordHash.verify("", hash: hash))
        }
        #expect(PasswordHash.verify(Self.password, hash: DashboardHarness.hash), "bcrypt still works")
    }

    @Test func hashPasswordMakesASaltedArgon2idHashThatVerifies() throws {
        let first = try PasswordHash.argon2id(Self.password, memoryKiB: 8192, passes: 2, lanes: 1)
        let second = try PasswordHash.argon2id(Self.password, memoryKiB: 8192, passes: 2, lanes: 1)
        #expect(first.hasPrefix("$argon2id$v=19$m=8192,t=2,p=1$"))
        #expect(first != second, "a fresh salt each time")
        #expect(PasswordHash.verify(Self.password, hash: first))
        #expect(!PasswordHash.verify("wrong", hash: first))
        _ = try DashboardUsers(parsing: "alice \(first) admin\n")
    }

    /// Every login pays the costs a hash names, wrong names included: a file naming 4 GiB or a
    /// thousand passes must not start a dashboard that any visitor could make allocate it.
    @Test func refusesArgon2HashesWithCostsOutOfRangeOrAnotherForm() {
        let salt = "$yRKRil6smIFsR8Z/6z7U7w$vsFlQwbkNHIqG9Nc6mKc5rTThEacxo8jmbwjtM5d6uw"
        let bad = [
            "$argon2id$v=19$m=4194304,t=2,p=1" + salt, "$argon2id$v=19$m=19456,t=1000,p=1" + salt,
            "$argon2id$v=19$m=19456,t=2,p=64" + salt, "$argon2id$v=19$m=4,t=2,p=1" + salt, "$argon2id$v=19$m=19456,t=0,p=1" + salt,
            "$argon2id$v=16$m=19456,t=2,p=1" + salt, "$argon2d$v=19$m=19456,t=2,p=1" + salt, "$argon2id$v=19$m=19456,t=2" + salt,
            "$argon2id$v=19$m=19456,t=2,p=1,m=8" + salt, "$argon2id$v=19$m=-1,t=2,p=1" + salt, "$argon2id$v=19$m=19456,t=2,p=1$$",
            "$argon2id$v=19$m=19456,t=2,p=1$sa=lt$hash", "$argon2id$v=19$m=19456,t=2,p=1",
        ]
        for hash in bad {
            #expect(throws: DashboardSetupError.self, "\(hash)") { try DashboardUsers(parsing: "alice \(hash) admin\n") }
            #expect(!PasswordHash.verify(Self.password, hash: hash))
        }
        do {
            _ = try DashboardUsers(parsing: "alice \(bad[0]) admin\n")
        } catch {
            #expect(error.description.contains("out of range"), "\(error)")
            #expect(!error.description.contains("yRKRil6smIFsR8Z"), "never quotes the hash")
        }
    }

    @Test func anArgon2UserSignsInAndAWrongPasswordIsRefused() async throws {
        let users = "alice \(Self.argon2id) admin\nbob \(Self.argon2i) viewer\n"
        try await DashboardHarness.run(users: true, usersText: users) { dash in
            let alice = try await dash.login("alice")
            #expect(try await dash.get("/api/session", headers: alice).json["canAct"] as? Bool == true)
            _ = try await dash.login("bob")
            let wrong = try await dash.post("/api/login", json: #"{"user":"alice","password":"not it"}"#)
            #expect(wrong.status == .unauthorized)
            let nobody = try await dash.post("/api/login", json: #"{"user":"carol","password":"\#(Self.password)"}"#)
            #expect(nobody.status == .unauthorized)
        }
    }
}
