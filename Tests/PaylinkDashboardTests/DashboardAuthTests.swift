import Foundation
import HTTPTypes
import Paylink
import PaylinkDashboard
import Testing

/// Who may do what: roles, read-only, CSRF, login, the bearer token, escaping, secrets.
struct DashboardAuthTests {
    @Test func viewerIsRefusedEveryAction() async throws {
        try await DashboardHarness.run(users: true) { dash in
            try await dash.seed()
            let viewer = try await dash.login("bob")
            #expect(try await dash.get("/api/overview", headers: viewer).status == .ok)
            let body = #"{"queue":"\#(dash.queue.keys.queue)","ids":["O-2"],"confirmPossibleLink":true}"#
            for path in ["dead/retry", "dead/purge"] {
                #expect(try await dash.post("/api/actions/\(path)", json: body, headers: viewer).status == .forbidden)
            }
            #expect(try await dash.post("/api/actions/queue/pause", json: #"{"queue":"\#(dash.queue.keys.queue)"}"#, headers: viewer).status == .forbidden)
            #expect(try await dash.queue.status().dead == 1)
            let admin = try await dash.login("alice")
            #expect(try await dash.post("/api/actions/dead/purge", json: body, headers: admin).status == .ok)
            #expect(try await dash.queue.status().dead == 0)
        }
    }

    @Test func readOnlyRefusesActionsEvenToAdmins() async throws {
        try await DashboardHarness.run(readOnly: true, users: true) { dash in
            try await dash.seed()
            let admin = try await dash.login("alice")
            #expect(try await dash.get("/api/session", headers: admin).json["canAct"] as? Bool == false)
            let body = #"{"queue":"\#(dash.queue.keys.queue)","ids":["O-2"],"confirmPossibleLink":true}"#
            #expect(try await dash.post("/api/actions/dead/retry", json: body, headers: admin).status == .methodNotAllowed)
            #expect(try await dash.post("/api/actions/queue/pause", json: #"{"queue":"\#(dash.queue.keys.queue)"}"#, headers: admin).status == .methodNotAllowed)
            #expect(try await dash.queue.status().dead == 1)
            #expect(try await dash.queue.pauseState() == nil)
        }
    }

    @Test func anActionWithoutTheCSRFTokenIsRefused() async throws {
        try await DashboardHarness.run { dash in
            try await dash.seed()
            var session = try await dash.openSession()
            let body = #"{"queue":"\#(dash.queue.keys.queue)","ids":["O-2"]}"#
            let token = session[HTTPField.Name("X-CSRF-Token")!]
            session[HTTPField.Name("X-CSRF-Token")!] = nil
            #expect(try await dash.post("/api/actions/dead/purge", json: body, headers: session).status == .forbidden)
            session[HTTPField.Name("X-CSRF-Token")!] = String(repeating: "0", count: 64)
            #expect(try await dash.post("/api/actions/dead/purge", json: body, headers: session).status == .forbidden)
            #expect(try await dash.queue.status().dead == 1)
            session[HTTPField.Name("X-CSRF-Token")!] = token
            #expect(try await dash.post("/api/actions/dead/purge", json: body, headers: session).status == .ok)
            #expect(try await dash.queue.status().dead == 0)
        }
    }

    @Test func offLoopbackTheDashboardNeedsCredentialsToStart() throws {
        let anywhere = DashboardAddress(host: "0.0.0.0", port: 8080)
        #expect(throws: DashboardSetupError.self) { try DashboardConfiguration(address: anywhere).validate() }
        try DashboardConfiguration(address: anywhere, token: Secret(DashboardHarness.token)).validate()
        try DashboardConfiguration(address: anywhere, users: DashboardUsers(parsing: DashboardHarness.usersText)).validate()
        #expect(throws: DashboardSetupError.self) { try DashboardConfiguration(address: anywhere, token: Secret("short")).validate() }
    }

    @Test func withCredentialsEveryReadNeedsThemAndTheBearerTokenIsAccepted() async throws {
        try await DashboardHarness.run(users: true, token: true) { dash in
            try await dash.seed()
            #expect(try await dash.get("/api/overview").status == .unauthorized)
            #expect(try await dash.get("/api/overview", headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            let page = try await dash.get("/")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login")
            let bearer: HTTPFields = [.authorization: "Bearer \(DashboardHarness.token)"]
            #expect(try await dash.get("/api/overview", headers: bearer).status == .ok)
            // A script's token needs no CSRF token: no browser sends it by itself.
            let body = #"{"queue":"\#(dash.queue.keys.queue)","ids":["O-2"],"confirmPossibleLink":true}"#
            #expect(try await dash.post("/api/actions/dead/retry", json: body, headers: bearer).json["ok"] as? Int == 1)
            let wrong = try await dash.post("/api/login", json: #"{"user":"alice","password":"nope"}"#)
            #expect(wrong.status == .unauthorized)
            let cookie = try await dash.login("alice")
            #expect(try await dash.get("/api/overview", headers: [.cookie: cookie[.cookie] ?? ""]).status == .ok)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndSecureBehindTLS() async throws {
        try await DashboardHarness.run(users: true) { dash in
            let plain = try await dash.post("/api/login", json: #"{"user":"alice","password":"\#(DashboardHarness.password)"}"#)
            let cookie = try #require(plain.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
            let proxied = try await dash.post(
                "/api/login", json: #"{"user":"alice","password":"\#(DashboardHarness.password)"}"#,
                headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func anXSSLookingOrderIdComesBackEscaped() async throws {
        try await DashboardHarness.run { dash in
            let script = "<script>alert(1)</script>"
            let lookup = try await dash.get("/api/order?id=" + script.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(lookup.status == .badRequest)
            #expect(!lookup.text.contains("<"))
            #expect(lookup.text.contains(#"\u003cscript\u003e"#))
            #expect((lookup.json["error"] as? String)?.contains(script) == true)
            // An element no order could be read from reaches the dead list as it was pushed.
            try await dash.queue.enqueue([Array(script.utf8)])
            let jobs = try await dash.queue.claim(max: 1, lease: .seconds(60), worker: "w1", policy: .retry)
            try await dash.queue.reject(try #require(jobs.first), reason: "not JSON")
            let dead = try await dash.get("/api/dead")
            #expect((dead.json["entries"] as? [[String: Any]])?.first?["element"] as? String == script)
            #expect(!dead.text.contains("<"))
            #expect(dead.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }

    @Test func secretsAppearInNoAnswer() async throws {
        try await DashboardHarness.run(users: true, token: true) { dash in
            try await dash.seed()
            let bearer: HTTPFields = [.authorization: "Bearer \(DashboardHarness.token)"]
            let admin = try await dash.login("alice")
            let paths = [
                "/api/overview", "/api/workers", "/api/session", "/api/order?id=O-1", "/api/order?prefix=O", "/api/dead", "/api/unknown",
                "/api/batches", "/api/batch?id=B-1", "/api/batch/export?id=B-1", "/", "/api/nothing",
            ]
            for path in paths {
                for headers in [bearer, admin, [:]] {
                    let answer = try await dash.get(path, headers: headers)
                    #expect(!answer.text.contains(DashboardHarness.token), "\(path)")
                    #expect(!answer.text.contains(DashboardHarness.hash), "\(path)")
                    #expect(!answer.text.contains(DashboardHarness.password), "\(path)")
                    #expect(!answer.text.contains("redis://"), "\(path)")
                }
            }
        }
    }
}
