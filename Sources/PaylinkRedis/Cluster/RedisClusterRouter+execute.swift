/// Routing a call: group its commands by master, send each group as one pipelined request (the
/// groups concurrently), then follow `MOVED`/`ASK` and wait out `TRYAGAIN`/`CLUSTERDOWN` for the
/// positions that need it until every position has its reply or the command timeout passes.
extension RedisClusterRouter {
    /// Where one position goes next after a redirection.
    private struct Redirection {
        var node: RedisNodeAddress
        /// Sent after `ASKING` (an `ASK` redirection, followed once).
        var asking: Bool
    }

    /// How many `MOVED`/`ASK` one command follows before its last redirection is its reply: a
    /// map in flux settles in one or two; more means nodes that disagree.
    static let redirectLimit = 5

    /// Runs `commands` and returns their replies in the caller's order, however many nodes
    /// they went to.
    ///
    /// The result keeps ``RedisClient``'s contract: a failure means nothing ran (or, for a code
    /// whose ``RedisError/mayHaveExecuted`` is true, that anything may have run). When some
    /// commands ran and others could reach no node in time, the call succeeds and the unsent
    /// positions hold an error reply saying so.
    func execute(
        _ commands: [RedisCommand], isPipeline: Bool, blockingFor timeout: Duration?, deadline: ContinuousClock.Instant
    ) async -> Result<[RedisValue], RedisError> {
        // The common case, one command to a master the map knows, takes no bookkeeping: only a
        // redirection or a node that cannot be reached (neither of which ran it) goes the long way.
        if commands.count == 1, case .slot(let slot) = commands[0].route, let node = owner(ofSlot: slot) {
            let result = await submit(commands, to: node, isPipeline: isPipeline, blockingFor: timeout, deadline: deadline)
            switch result {
            case .success(let replies):
                guard case .error(let message)? = replies.first,
                    let redirect = RedisClusterRedirect(errorMessage: message, askedNode: node)
                else { return result }
                // The long way starts from the map: point it at the new master first.
                if case .moved(let slot, let target) = redirect { patch(slot: slot, to: target) }
            case .failure(let error):
                guard error.code == .connectionFailed || (error.code == .closed && !isShutdown) else { return result }
            }
        }
        return await executeRouted(commands, isPipeline: isPipeline, blockingFor: timeout, deadline: deadline)
    }

    /// The general case: any number of commands, with redirections and retries.
    private func executeRouted(
        _ commands: [RedisCommand], isPipeline: Bool, blockingFor timeout: Duration?, deadline: ContinuousClock.Instant
    ) async -> Result<[RedisValue], RedisError> {
        let routes = commands.map(\.route)
        var replies = [RedisValue?](repeating: nil, count: commands.count)
        var redirections = [Redirection?](repeating: nil, count: commands.count)
        var redirectCounts = [Int](repeating: 0, count: commands.count)
        var anyRan = false
        var unsentBecause: RedisError?
        var pending: [Int] = []
        for (position, route) in routes.enumerated() {
            if let message = route.crossSlotMessage { replies[position] = .error(message) } else { pending.append(position) }
        }
        var backoff = RedisBackoff(base: .milliseconds(10), cap: .milliseconds(250))
        while !pending.isEmpty {
            let (groups, unroutable) = group(pending, routes: routes, redirections: redirections)
            var nextPending: [Int] = []
            var mustWait = false
            var wantsRefresh = false
            // A slot the map gives no master still goes to a node, whose answer (MOVED from a
            // newer map, or CLUSTERDOWN while nobody serves it) settles it; the map is read again.
            if !unroutable.isEmpty { wantsRefresh = true }
            let outcomes = await send(groups, commands: commands, redirections: redirections, isPipeline: isPipeline,
                blockingFor: timeout, deadline: deadline)
            for (group, outcome) in zip(groups, outcomes) {
                switch outcome {
                case .failure(let error):
                    guard error.code == .connectionFailed || (error.code == .closed && !isShutdown) else {
                        return .failure(error)
                    }
                    // Not sent (the node is down or was retired): look for the slot's master again.
                    unsentBecause = error
                    mustWait = true
                    wantsRefresh = true
                    for position in group.positions {
                        replies[position] = nil
                        redirections[position] = nil
                        nextPending.append(position)
                    }
                case .success(let values):
                    for (position, value) in zip(group.positions, values) {
                        guard case .error(let message) = value,
                            let redirect = RedisClusterRedirect(errorMessage: message, askedNode: group.node)
                        else {
                            replies[position] = value
                            anyRan = true
                            continue
                        }
                        // Kept as the reply if no later attempt does better.
                        replies[position] = value
                        let wasAsking = redirections[position]?.asking ?? false
                        redirections[position] = nil
                        switch redirect {
                        case .moved(let slot, let node) where redirectCounts[position] < Self.redirectLimit:
                            redirectCounts[position] += 1
                            patch(slot: slot, to: node)
                            redirections[position] = Redirection(node: node, asking: false)
                            wantsRefresh = true
                            nextPending.append(position)
                        case .ask(_, let node) where redirectCounts[position] < Self.redirectLimit && !wasAsking:
                            redirectCounts[position] += 1
                            redirections[position] = Redirection(node: node, asking: true)
                            nextPending.append(position)
                        case .retryLater:
                            mustWait = true
                            nextPending.append(position)
                        default:
                            break
                        }
                    }
                }
            }
            pending = nextPending.sorted()
            if pending.isEmpty { break }
            if wantsRefresh { await refreshIfDue(deadline: deadline) }
            if mustWait {
                let delay = backoff.nextDelay(jitter: .random(in: 0...1))
                if ContinuousClock.now + delay >= deadline { break }
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return .failure(RedisError(code: .cancelled, message: "the task was cancelled before sending"))
                }
            }
        }
        return finish(replies, anyRan: anyRan, unsentBecause: unsentBecause, label: isPipeline ? "PIPELINE" : commands.first?.name)
    }

    /// The replies, or a failure when nothing ran and some command could not be sent in time.
    private func finish(
        _ replies: [RedisValue?], anyRan: Bool, unsentBecause: RedisError?, label: String?
    ) -> Result<[RedisValue], RedisError> {
        guard replies.contains(where: { $0 == nil }) else { return .success(replies.map { $0 ?? .null }) }
        let reason = unsentBecause?.message ?? "no node answered"
        guard anyRan else {
            return .failure(
                RedisError(code: .connectionFailed, command: label, message: "no connection within the command timeout (\(reason))"))
        }
        let unsent = RedisValue.error("ERR not sent: no cluster node could take it within the command timeout (\(reason))")
        return .success(replies.map { $0 ?? unsent })
    }

    /// One node's share of a call: the positions it gets, in the caller's order.
    private struct Group {
        var node: RedisNodeAddress
        var positions: [Int]
    }

    /// Groups `pending` by node. A keyless command (`SCRIPT LOAD`, `MULTI`...) goes with the
    /// nearest keyed command after it, else before it, so `SCRIPT LOAD` + `EVALSHA` land on one
    /// node; alone, it goes to any master. A position whose slot has no master in the map goes
    /// to any master too, and is also returned in `unroutable`, so the caller reads the map again.
    private func group(
        _ pending: [Int], routes: [RedisCommandRoute], redirections: [Redirection?]
    ) -> (groups: [Group], unroutable: [Int]) {
        let map = self.map
        var nodes = [RedisNodeAddress?](repeating: nil, count: pending.count)
        var unroutable: [Int] = []
        for (index, position) in pending.enumerated() {
            if let redirection = redirections[position] {
                nodes[index] = redirection.node
            } else if case .slot(let slot) = routes[position] {
                nodes[index] = map.owner(ofSlot: slot)
                if nodes[index] == nil {
                    unroutable.append(position)
                    nodes[index] = anyNode()
                }
            }
        }
        var groups: [Group] = []
        for (index, position) in pending.enumerated() {
            var node = nodes[index]
            if node == nil, case .anyNode = routes[position] {
                node = nodes[(index + 1)...].lazy.compactMap { $0 }.first
                    ?? nodes[..<index].reversed().lazy.compactMap { $0 }.first ?? anyNode()
            }
            guard let node else { continue }
            if let existing = groups.firstIndex(where: { $0.node == node }) {
                groups[existing].positions.append(position)
            } else {
                groups.append(Group(node: node, positions: [position]))
            }
        }
        return (groups, unroutable)
    }

    /// Sends each group to its node (concurrently when there are several) and returns each
    /// group's replies, one per position (the `ASKING` replies dropped).
    private func send(
        _ groups: [Group], commands: [RedisCommand], redirections: [Redirection?], isPipeline: Bool,
        blockingFor timeout: Duration?, deadline: ContinuousClock.Instant
    ) async -> [Result<[RedisValue], RedisError>] {
        @Sendable func sendGroup(_ group: Group) async -> Result<[RedisValue], RedisError> {
            var batch: [RedisCommand] = []
            var askingAt: [Bool] = []
            for position in group.positions {
                let asking = redirections[position]?.asking ?? false
                if asking { batch.append(RedisCommand("ASKING")) }
                batch.append(commands[position])
                askingAt.append(asking)
            }
            let result = await submit(
                batch, to: group.node, isPipeline: isPipeline || batch.count > 1, blockingFor: timeout, deadline: deadline)
            guard case .success(let replies) = result, askingAt.contains(true) else { return result }
            var kept: [RedisValue] = []
            var index = 0
            for asking in askingAt {
                if asking { index += 1 }  // ASKING's own +OK
                kept.append(index < replies.count ? replies[index] : .null)
                index += 1
            }
            return .success(kept)
        }
        if groups.count == 1 { return [await sendGroup(groups[0])] }
        return await withTaskGroup(of: (Int, Result<[RedisValue], RedisError>).self) { taskGroup in
            for (index, group) in groups.enumerated() {
                taskGroup.addTask { (index, await sendGroup(group)) }
            }
            var results = [Result<[RedisValue], RedisError>](
                repeating: .failure(RedisError(code: .protocolError, message: "no reply")), count: groups.count)
            for await (index, result) in taskGroup { results[index] = result }
            return results
        }
    }
}
