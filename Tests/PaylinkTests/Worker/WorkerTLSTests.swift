import Foundation
import Paylink
import PaylinkRedis
import PaylinkServer
import PaylinkTestSupport
import Testing

/// A real `paylink enqueue` and `paylink worker` over `rediss://` with mutual TLS, an ACL user in
/// the URL and its password in a file: no secret on either command line.
@Suite(.timeLimit(.minutes(3)))
struct WorkerTLSTests {
    @Test func ordersFlowOverMutualTLSWithThePasswordInAFile() async throws {
        let certificates = try await TestCertificates.get()
        let tls = try await TLSTestServer.start(
            certificate: certificates.server, certificates: certificates, requireClientCertificate: true)
        defer { tls.stop() }
        // The test's own client uses the plain port; the paylink processes get only the TLS port.
        let admin = try await TestRedis.client(tls.server.url)
        defer { admin.shutdown() }
        let password = "tls-user-\(UUID().uuidString.prefix(8))"
        _ = try await admin.send(RedisCommand("ACL", "SETUSER", "paylink", "on", ">\(password)", "~*", "&*", "+@all"))
        let passwordFile = try PrivateFile(password + "\n")
        defer { passwordFile.remove() }

        let keys = try QueueKeys(queue: TestRedis.uniqueQueue("tls"))
        let orders = FileManager.default.temporaryDirectory.appendingPathComponent("tls-orders-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: orders) }
        let total = 400
        let lines = TestOrders.valid(total, prefix: "tls").map { String(decoding: $0, as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: orders, atomically: true, encoding: .utf8)
        let url = "rediss://paylink@localhost:\(tls.tlsPort)/0"
        // Flags for the CA and the certificate, the environment for the key and the password, so
        // both ways are used.
        let arguments = ["--queue", keys.queue, "--redis-url", url, "--redis-ca-file", certificates.ca, "--redis-cert-file", certificates.client.certificate]
        let environment = ["PAYLINK_REDIS_KEY_FILE": certificates.client.key, "PAYLINK_REDIS_PASSWORD_FILE": passwordFile.path]

        let enqueue = try ScriptRun.paylink(["enqueue", orders.path] + arguments, environment: environment)
        #expect(try await enqueue.waitForExit(timeout: .seconds(30)) == 0, "\(enqueue.output)")
        #expect(enqueue.output.contains("enqueued \(total) orders"), "\(enqueue.output)")

        let mock = try await TestMockAPI.start()
        defer { mock.stop() }
        var workerEnvironment = environment
        workerEnvironment["PAYLINK_APP_ID"] = TestMockAPI.appId
        workerEnvironment["PAYLINK_APP_KEY"] = TestMockAPI.appKey
        let worker = try ScriptRun.paylink(
            ["worker", "--api-base-url", mock.baseURL, "--log-level", "debug"] + arguments, environment: workerEnvironment)
        let queue = OrderQueue(keys: keys, redis: admin)
        try await poll("every order has a result") { try await TestOrders.finished(queue) >= total }
        // Every connection the worker holds is the ACL user's, on the TLS port.
        let clients = try #require(try await admin.send(RedisCommand("CLIENT", "LIST")).string)
        let workerClients = clients.split(separator: "\n").filter { $0.contains(" user=paylink ") }
        #expect(workerClients.count >= 2, "\(clients)")
        #expect(workerClients.allSatisfy { $0.contains("laddr=127.0.0.1:\(tls.tlsPort) ") }, "\(clients)")
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit(timeout: .seconds(30)) == 0, "\(worker.output)")

        let status = try await queue.status()
        #expect(status.results[.succeeded] == total)
        #expect(status.pending == 0 && status.inflight == 0)
        #expect(try await mock.stat("linksCreated") == total)
        #expect(!worker.output.contains(password) && !enqueue.output.contains(password), "the password is never logged")
    }
}

/// A temporary file only its owner can read (mode 0600), as a secret file should be.
struct PrivateFile {
    let path: String

    init(_ contents: String, mode: mode_t = 0o600) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: Int(mode)])
        else { throw CocoaError(.fileWriteUnknown) }
        // createFile applies the umask; set the mode exactly.
        chmod(path, mode)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
