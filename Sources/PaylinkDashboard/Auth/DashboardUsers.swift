/// The operators allowed to sign in, from `PAYLINK_DASHBOARD_USERS_FILE`.
///
/// One user a line, three fields separated by spaces or tabs: the name, the password's hash,
/// and the role `admin` or `viewer`. The hash is bcrypt (`$2b$...`, as `htpasswd -nbB`,
/// `mkpasswd -m bcrypt` or `paylink dashboard hash-password` print it) or Argon2 (`$argon2id$...`
/// or `$argon2i$...`, as the `argon2` tool, argon2-cffi or `paylink dashboard hash-password
/// --argon2id` print it; see ``PasswordHash`` for the costs accepted). Blank lines and lines
/// starting with `#` are ignored:
/// ```
/// # name   password hash                                                  role
/// alice    $2b$12$Vh6d2dcoQ.f3RrmJ7Xn1XuKAsnJ8Yc0XuXjIC9bM7xU5O3fQ1oa3a   admin
/// bob      $argon2id$v=19$m=19456,t=2,p=1$...                             viewer
/// ```
public struct DashboardUsers: Sendable {
    public struct User: Sendable {
        public var name: String
        /// The password hash, never shown.
        var hash: String
        public var role: DashboardRole
    }

    public private(set) var users: [String: User]

    /// Longest name accepted; names are logged with every action.
    static let maxNameLength = 64

    /// Parses the file's text.
    /// - Throws: `DashboardSetupError` naming the line; never quoting a hash.
    public init(parsing text: String, source: String = "PAYLINK_DASHBOARD_USERS_FILE") throws(DashboardSetupError) {
        var users: [String: User] = [:]
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: " \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let where_ = "\(source) line \(index + 1)"
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3 else {
                throw DashboardSetupError("invalid \(where_): expected three fields (name, password hash, role), found \(fields.count)")
            }
            let name = String(fields[0])
            guard name.count <= Self.maxNameLength, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) })
            else {
                throw DashboardSetupError("invalid \(where_): a user name is 1-\(Self.maxNameLength) of A-Z a-z 0-9 . _ @ -")
            }
            let hash = String(fields[1])
            if case .failure(let problem) = PasswordHash.kind(of: hash) {
                throw DashboardSetupError("invalid \(where_): \(problem.description)")
            }
            guard let role = DashboardRole(rawValue: String(fields[2])) else {
                throw DashboardSetupError("invalid \(where_): the role must be admin or viewer, not \"\(fields[2])\"")
            }
            guard users[name] == nil else { throw DashboardSetupError("invalid \(where_): user \(name) is listed twice") }
            users[name] = User(name: name, hash: hash, role: role)
        }
        guard !users.isEmpty else { throw DashboardSetupError("invalid \(source): it lists no user") }
        self.users = users
    }

    /// `$2b$12$` + 53 characters of bcrypt's base64 (22 of salt, 31 of hash), cost 4-31.
    static func isBcrypt(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, ["2a", "2b", "2y"].contains(parts[1]),
            parts[2].count == 2, let cost = Int(parts[2]), (4...31).contains(cost), parts[3].count == 53
        else { return false }
        return parts[3].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "/") }
    }
}

extension Substring {
    /// This text without the given characters at either end.
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
