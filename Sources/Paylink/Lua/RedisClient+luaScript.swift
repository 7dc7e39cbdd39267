import PaylinkRedis

extension RedisClient {
    /// Runs `script` with `KEYS` built from `scope` and `items` in the order the script declared.
    func run<Scope, Item>(
        _ script: LuaScript<Scope, Item>, keys scope: Scope, items: some Collection<Item>,
        arguments: [any RedisArgumentConvertible]
    ) async throws(RedisError) -> RedisValue {
        try await run(script.script, keys: script.keys(for: scope, items: items), arguments: arguments)
    }

    /// Runs `script`, with `ARGV` written by `encode` (see ``RedisClient/run(_:keys:argumentCount:byteCount:encode:)``).
    func run<Scope, Item>(
        _ script: LuaScript<Scope, Item>, keys scope: Scope, items: some Collection<Item>,
        argumentCount: Int, byteCount: Int = 0, encode: (inout RESPEncoder) -> Void
    ) async throws(RedisError) -> RedisValue {
        try await run(
            script.script, keys: script.keys(for: scope, items: items), argumentCount: argumentCount,
            byteCount: byteCount, encode: encode)
    }

    /// Runs a script with fixed keys only.
    func run<Scope>(
        _ script: LuaScript<Scope, Never>, keys scope: Scope, arguments: [any RedisArgumentConvertible]
    ) async throws(RedisError) -> RedisValue {
        try await run(script.script, keys: script.keys(for: scope), arguments: arguments)
    }
}
