/// A named key slot of a Lua script: the script's body reads it as the local `<name>Key`, and the
/// caller's `Scope` (a `QueueKeys`, a `RateLimitKeys`) supplies the key, so the `KEYS` order is
/// written once, in the script's declaration, and never as a number in the body.
struct LuaKey<Scope>: Sendable {
    /// The Lua local is this name followed by `Key` (`inflight` → `inflightKey`).
    let name: String
    /// The key in a given scope.
    let key: @Sendable (Scope) -> String

    init(_ name: String, _ key: @escaping @Sendable (Scope) -> String) {
        self.name = name
        self.key = key
    }

    /// The Lua local holding the key.
    var local: String { name + "Key" }
}

/// A key slot repeated once per item the caller passes (one result hash per job, say): the body
/// reads the `i`-th item's key with the generated function `<name>Key(i)`.
struct LuaItemKey<Scope, Item>: Sendable {
    let name: String
    let key: @Sendable (Scope, Item) -> String

    init(_ name: String, _ key: @escaping @Sendable (Scope, Item) -> String) {
        self.name = name
        self.key = key
    }

    /// The Lua function giving the `i`-th item's key.
    var function: String { name + "Key" }
}

/// A set of keys scripts can declare: every `LuaKey` it offers, so a script can be checked for
/// using a key local it did not declare.
protocol LuaKeyScope {
    static var luaKeys: [LuaKey<Self>] { get }
}
