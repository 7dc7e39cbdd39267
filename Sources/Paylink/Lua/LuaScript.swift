import PaylinkRedis

/// A Lua script whose keys are declared in Swift: it generates the preamble that names them
/// (`local inflightKey = KEYS[1]`, `local function resultKey(i) ... end`), writes Swift's names
/// into the body (`F.jobId`, `S.sending`, ... from `LuaNames`), and the run call builds `KEYS`
/// from the caller's scope in the declared order. The body never says `KEYS[n]`, never builds a key name and
/// never spells a field or status name, so every key a script touches is one it declared (Redis
/// Cluster routes a script by its declared keys) and Swift and Lua cannot disagree on a name.
///
/// The one exception is `derivedKeys`: scripts that learn an orderId or batchId only from what
/// they pop or read (the claim) reach those orders' keys through the generated
/// `LuaSnippets.derivedKeys`, always under the queue's own hash tag, so in the declared keys' slot.
struct LuaScript<Scope, Item>: Sendable {
    /// The fixed keys, `KEYS[1]` onwards.
    let keys: [LuaKey<Scope>]
    /// The keys repeated per item, after the fixed ones: item 1's, then item 2's, ...
    let itemKeys: [LuaItemKey<Scope, Item>]
    /// The hand-written Lua, before the names are written in (what the key lint reads).
    let body: String
    /// The whole script as Redis runs it: preamble, then body.
    let script: RedisScript

    /// - Parameters:
    ///   - derivedKeys: whether the body may derive result and batch keys (`LuaSnippets.derivedKeys`).
    init(keys: [LuaKey<Scope>], itemKeys: [LuaItemKey<Scope, Item>], derivedKeys: Bool = false, body: String) {
        self.keys = keys
        self.itemKeys = itemKeys
        self.body = body
        var preamble = ""
        for (index, key) in keys.enumerated() {
            preamble += "local \(key.local) = KEYS[\(index + 1)]\n"
        }
        for (index, key) in itemKeys.enumerated() {
            let position = itemKeys.count == 1 ? "\(keys.count) + i" : "\(keys.count + index + 1) + (i - 1) * \(itemKeys.count)"
            preamble += "local function \(key.function)(i) return KEYS[\(position)] end\n"
        }
        let derives = ["derivedResultKey", "derivedBatchKey", "derivedBatchOrdersKey"].contains { Self.mentions(body, $0) }
        precondition(derives == derivedKeys, derivedKeys ? "a script asks for derivedKeys it never uses" : "a script derives keys without derivedKeys")
        if derivedKeys {
            precondition(keys.contains { $0.local == LuaSnippets.derivedKeysBase }, "derivedKeys need \(LuaSnippets.derivedKeysBase)")
            preamble += LuaSnippets.derivedKeys
        }
        Self.checkDeclarations(keys: keys, body: body)
        let names = LuaNames.inlined(body)
        precondition(names.unknown.isEmpty, "a Lua script uses names Swift does not define: \(names.unknown)")
        self.script = RedisScript(preamble + names.source)
    }

    /// The `KEYS` of one call, in the declared order.
    func keys(for scope: Scope, items: some Collection<Item>) -> [String] {
        var result: [String] = []
        result.reserveCapacity(keys.count + items.count * itemKeys.count)
        for key in keys { result.append(key.key(scope)) }
        for item in items {
            for key in itemKeys { result.append(key.key(scope, item)) }
        }
        return result
    }

    /// Traps at the script's creation (a `static let`, built by every test that runs it and by
    /// the key lint) when ``declarationProblems(keys:body:)`` finds any.
    private static func checkDeclarations(keys: [LuaKey<Scope>], body: String) {
        let problems = declarationProblems(keys: keys, body: body)
        precondition(problems.isEmpty, "a Lua script's keys: " + problems.joined(separator: "; "))
    }

    /// What is wrong with a script's declared keys: a key local of the scope the body uses without
    /// declaring it, or one it declares and never uses.
    static func declarationProblems(keys: [LuaKey<Scope>], body: String) -> [String] {
        var problems: [String] = []
        let declared = Set(keys.map(\.local))
        for key in keys where !mentions(body, key.local) {
            problems.append("declares \(key.local) but never uses it")
        }
        guard let scope = Scope.self as? any LuaKeyScope.Type else { return problems }
        for local in locals(of: scope) where !declared.contains(local) && mentions(body, local) {
            problems.append("uses \(local) without declaring it")
        }
        return problems
    }

    private static func locals<S: LuaKeyScope>(of scope: S.Type) -> [String] { S.luaKeys.map(\.local) }

    /// Whether `name` occurs in `source` as a whole identifier (not a field: `x.name`).
    static func mentions(_ source: String, _ name: String) -> Bool {
        let text = Array(source.utf8)
        let word = Array(name.utf8)
        guard !word.isEmpty, text.count >= word.count else { return false }
        for start in 0...(text.count - word.count) where text[start] == word[0] && text[start..<(start + word.count)].elementsEqual(word) {
            let before = start > 0 ? text[start - 1] : 32
            let after = start + word.count < text.count ? text[start + word.count] : 32
            if !LuaNames.isIdentifier(before) && before != UInt8(ascii: ".") && !LuaNames.isIdentifier(after) { return true }
        }
        return false
    }
}

extension LuaScript where Item == Never {
    /// A script with fixed keys only.
    init(keys: [LuaKey<Scope>], derivedKeys: Bool = false, body: String) {
        self.init(keys: keys, itemKeys: [], derivedKeys: derivedKeys, body: body)
    }

    /// The `KEYS` of one call, in the declared order.
    func keys(for scope: Scope) -> [String] { keys.map { $0.key(scope) } }
}
