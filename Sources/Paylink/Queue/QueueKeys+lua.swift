/// The queue's keys as Lua script key slots: a script declares the ones it touches, and its body
/// reads them as `pendingKey`, `inflightKey`, ...
extension QueueKeys: LuaKeyScope {
    static let luaKeys: [LuaKey<QueueKeys>] = [
        LuaKey("pending") { $0.pending },
        LuaKey("inflight") { $0.inflight },
        LuaKey("jobs") { $0.jobs },
        LuaKey("jobSequence") { $0.jobSequence },
        LuaKey("retry") { $0.retry },
        LuaKey("dead") { $0.dead },
        LuaKey("deadLetters") { $0.deadLetters },
        LuaKey("unknown") { $0.unknown },
        LuaKey("finished") { $0.finished },
        LuaKey("counts") { $0.counts },
        LuaKey("batches") { $0.batches },
        LuaKey("events") { $0.events },
        LuaKey("config") { $0.config },
        LuaKey("paused") { $0.paused },
        LuaKey("throughputMinutes") { $0.throughputMinutes },
        LuaKey("throughputDays") { $0.throughputDays },
        LuaKey("shardLayout") { $0.shardLayout },
        LuaKey("forwarding") { $0.forwarding },
    ]
}

extension LuaKey where Scope == QueueKeys {
    private static func named(_ name: String) -> Self {
        QueueKeys.luaKeys.first { $0.name == name }!
    }

    static var pending: Self { named("pending") }
    static var inflight: Self { named("inflight") }
    static var jobs: Self { named("jobs") }
    static var jobSequence: Self { named("jobSequence") }
    static var retry: Self { named("retry") }
    static var dead: Self { named("dead") }
    static var deadLetters: Self { named("deadLetters") }
    static var unknown: Self { named("unknown") }
    static var finished: Self { named("finished") }
    static var counts: Self { named("counts") }
    static var batches: Self { named("batches") }
    static var events: Self { named("events") }
    static var config: Self { named("config") }
    static var paused: Self { named("paused") }
    static var throughputMinutes: Self { named("throughputMinutes") }
    static var throughputDays: Self { named("throughputDays") }
    static var shardLayout: Self { named("shardLayout") }
    static var forwarding: Self { named("forwarding") }
}

extension LuaItemKey where Scope == QueueKeys {
    /// Each item's order's result hash (`resultKey(i)`).
    static func result(_ orderId: @escaping @Sendable (Item) -> String) -> Self {
        LuaItemKey("result") { keys, item in keys.result(orderId(item)) }
    }

    /// Each item's batch hash (`batchKey(i)`), or, for an item with no batch, `placeholder`'s key
    /// (declaring a key twice is harmless): the body must know which items have a batch.
    static func batch(
        _ batchId: @escaping @Sendable (Item) -> String?, placeholder: @escaping @Sendable (QueueKeys, Item) -> String
    ) -> Self {
        LuaItemKey("batch") { keys, item in batchId(item).map(keys.batch) ?? placeholder(keys, item) }
    }

    /// Each item's batch orders set (`batchOrdersKey(i)`), with a placeholder as for ``batch(_:placeholder:)``.
    static func batchOrders(
        _ batchId: @escaping @Sendable (Item) -> String?, placeholder: @escaping @Sendable (QueueKeys, Item) -> String
    ) -> Self {
        LuaItemKey("batchOrders") { keys, item in batchId(item).map(keys.batchOrders) ?? placeholder(keys, item) }
    }
}
