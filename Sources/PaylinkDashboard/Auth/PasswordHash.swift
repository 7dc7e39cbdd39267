import CArgon2
import HummingbirdBcrypt

/// A users-file password hash: bcrypt (`$2b$...`) or Argon2 (`$argon2id$...`, `$argon2i$...`,
/// in the PHC string form that `argon2`, libsodium, argon2-cffi and passlib print).
///
/// The file is outside input: an Argon2 hash names its own memory and time cost, and every login
/// attempt (wrong names included) pays it, so the costs are range-checked when the file is read.
public enum PasswordHash {
    /// Most memory one Argon2 verify may take, in KiB (1 GiB); RFC 9106's strongest setting is 2 GiB.
    static let maxArgon2MemoryKiB: UInt32 = 1 << 20
    static let maxArgon2Passes: UInt32 = 16
    static let maxArgon2Lanes: UInt32 = 16

    enum Kind: Equatable {
        case bcrypt
        case argon2(Argon2Variant, memoryKiB: UInt32, passes: UInt32, lanes: UInt32)
    }

    enum Argon2Variant: String { case argon2id, argon2i }

    /// What `hash` is, or why it cannot be used (never quoting it).
    static func kind(of hash: String) -> Result<Kind, PasswordHashProblem> {
        if DashboardUsers.isBcrypt(hash) { return .success(.bcrypt) }
        guard hash.hasPrefix("$argon2") else {
            return .failure(PasswordHashProblem("the second field is neither a bcrypt hash ($2b$...) nor an Argon2 hash ($argon2id$...)"))
        }
        return argon2Kind(hash)
    }

    /// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, with salt and hash in unpadded base64.
    private static func argon2Kind(_ hash: String) -> Result<Kind, PasswordHashProblem> {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].isEmpty else {
            return .failure(PasswordHashProblem("the Argon2 hash is not of the form $argon2id$v=19$m=...,t=...,p=...$salt$hash"))
        }
        guard let variant = Argon2Variant(rawValue: String(parts[1])) else {
            return .failure(PasswordHashProblem("only argon2id and argon2i hashes are accepted (argon2d is not meant for passwords)"))
        }
        guard parts[2] == "v=19" else {
            return .failure(PasswordHashProblem("the Argon2 hash must be version 19 (v=19), the current one"))
        }
        var costs: [Substring: UInt32] = [:]
        for item in parts[3].split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = UInt32(pair[1]), costs[pair[0]] == nil else {
                return .failure(PasswordHashProblem("the Argon2 hash's parameters must be m=<KiB>,t=<passes>,p=<lanes>"))
            }
            costs[pair[0]] = value
        }
        guard costs.count == 3, let memory = costs["m"], let passes = costs["t"], let lanes = costs["p"] else {
            return .failure(PasswordHashProblem("the Argon2 hash's parameters must be m=<KiB>,t=<passes>,p=<lanes>"))
        }
        guard (1...maxArgon2Lanes).contains(lanes), (1...maxArgon2Passes).contains(passes),
            (8 * lanes...maxArgon2MemoryKiB).contains(memory)
        else {
            return .failure(PasswordHashProblem(
                "the Argon2 hash's costs are out of range: p 1-\(maxArgon2Lanes), t 1-\(maxArgon2Passes), m \(8 * lanes)-\(maxArgon2MemoryKiB) KiB (every login pays them)"))
        }
        let base64 = { (text: Substring) in
            !text.isEmpty && text.count <= 256 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
        }
        guard base64(parts[4]), base64(parts[5]) else {
            return .failure(PasswordHashProblem("the Argon2 hash's salt and hash must be unpadded base64"))
        }
        return .success(.argon2(variant, memoryKiB: memory, passes: passes, lanes: lanes))
    }

    /// Whether `password` matches `hash`. Blocking (tens of ms to a second of CPU): call it off
    /// Swift's cooperative pool.
    static func verify(_ password: String, hash: String) -> Bool {
        guard case .success(let kind) = kind(of: hash) else { return false }
        switch kind {
        case .bcrypt:
            return Bcrypt.verify(password, hash: hash)
        case .argon2(let variant, _, _, _):
            let bytes = Array(password.utf8)
            let result = bytes.withUnsafeBytes { raw in
                switch variant {
                case .argon2id: argon2id_verify(hash, raw.baseAddress, raw.count)
                case .argon2i: argon2i_verify(hash, raw.baseAddress, raw.count)
                }
            }
            return result == ARGON2_OK.rawValue
        }
    }

    /// An argon2id hash of `password` with a fresh 16-byte salt, in the PHC string form.
    /// - Throws: libargon2's message when it refuses (memory it cannot allocate).
    public static func argon2id(_ password: String, memoryKiB: UInt32, passes: UInt32, lanes: UInt32) throws(PasswordHashProblem) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let length = argon2_encodedlen(passes, memoryKiB, lanes, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(password.utf8)
        let result = bytes.withUnsafeBytes { raw in
            argon2id_hash_encoded(passes, memoryKiB, lanes, raw.baseAddress, raw.count, salt, salt.count, 32, &encoded, length)
        }
        guard result == ARGON2_OK.rawValue else {
            throw PasswordHashProblem("argon2 refused: \(String(cString: argon2_error_message(result)))")
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Why a users-file hash cannot be used.
public struct PasswordHashProblem: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
