public import Foundation
import PaylinkServer

/// A test CA and the certificates the TLS tests need, made with the `openssl` command once per
/// test process in a private directory: a good server certificate (DNS:localhost and
/// IP:127.0.0.1), one for another name, an expired one, a client certificate, and a second CA that
/// signed none of them.
public struct TestCertificates: Sendable {
    public let directory: String

    /// The CA that signed every certificate below.
    public var ca: String { directory + "/ca.pem" }
    /// A CA that signed nothing here: trusting it alone refuses every server.
    public var otherCA: String { directory + "/other-ca.pem" }
    /// The server certificate for `localhost` and `127.0.0.1`, and its key.
    public var server: (certificate: String, key: String) { pair("server") }
    /// A server certificate for `redis.example.test` only.
    public var wrongName: (certificate: String, key: String) { pair("wrong-name") }
    /// A server certificate for `localhost` and `127.0.0.1` whose validity ended yesterday.
    public var expired: (certificate: String, key: String) { pair("expired") }
    /// A client certificate (`CN=paylink-test-client`) for mutual TLS, and its key.
    public var client: (certificate: String, key: String) { pair("client") }

    private func pair(_ name: String) -> (certificate: String, key: String) {
        (directory + "/\(name).pem", directory + "/\(name).key")
    }

    // An unstructured task so that concurrent first callers share one run of openssl.
    private static let shared = Task<TestCertificates, any Error> { try await make() }

    /// The certificates of this test process.
    public static func get() async throws -> TestCertificates {
        try await shared.value
    }

    private static func make() async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paylink-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // EC P-256 keys: made in milliseconds, unlike RSA. `-days -1` ends the validity a day
        // before it starts, which is how the openssl command makes an expired certificate.
        let script = """
            set -e
            cd '\(directory)'
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
            ca() { key "$1"; openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 30 -subj "/CN=$2" \\
              -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign; }
            cert() { key "$1"
              openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2"
              printf '%s\\n' "$3" > "$1.ext"
              openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$4" -extfile "$1.ext" -out "$1.pem" 2>/dev/null; }
            ca ca 'paylink test CA'
            ca other-ca 'paylink other CA'
            cert server localhost 'subjectAltName=DNS:localhost,IP:127.0.0.1' 30
            cert wrong-name redis.example.test 'subjectAltName=DNS:redis.example.test' 30
            cert expired localhost 'subjectAltName=DNS:localhost,IP:127.0.0.1' -1
            cert client paylink-test-client 'extendedKeyUsage=clientAuth' 30
            chmod 600 *.key
            """
        let log = directory + "/openssl.log"
        let child = try ChildProcess(path: "/bin/sh", arguments: ["-c", script], outputPath: log)
        let deadline = ContinuousClock.now + .seconds(30)
        while child.exitStatus() == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard child.exitStatus() == 0 else {
            child.terminate(with: SIGKILL)
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw LocalServerError("openssl could not make the test certificates (is it installed?): \(output)")
        }
        return TestCertificates(directory: directory)
    }
}
