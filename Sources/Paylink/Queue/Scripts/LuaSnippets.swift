/// Lua shared by several queue scripts, pasted in front of their bodies.
enum LuaSnippets {
    /// `now`: the Redis clock in Unix ms. Workers' clocks never matter.
    static let now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        """

    /// `orderIdOf(raw)`: the element's orderId when it is a JSON object with a valid one, else nil.
    /// The same rules as `OrderParser`; the worker cleans up when its stricter parser disagrees.
    static let orderIdOf = """
        local function orderIdOf(raw)
          if not raw or #raw > 1048576 then return nil end
          local ok, v = pcall(cjson.decode, raw)
          if not ok or type(v) ~= 'table' then return nil end
          local id = v['orderId']
          if type(id) ~= 'string' or #id < 1 or #id > 64 or string.find(id, '[^%w%._:%-]') then return nil end
          return id
        end

        """

    /// `move(counts, from, to)`: keeps the `counts` hash exact across a status change.
    static let move = """
        local function move(counts, from, to)
          if from == to then return end
          if from then redis.call('HINCRBY', counts, from, -1) end
          if to then redis.call('HINCRBY', counts, to, 1) end
        end

        """

    /// `note(rkey, text)`: appends to the result's `earlierAttempts` record.
    static let note = """
        local function note(rkey, text)
          local earlier = redis.call('HGET', rkey, 'earlierAttempts')
          redis.call('HSET', rkey, 'earlierAttempts', earlier and (earlier .. '; ' .. text) or text)
        end

        """
}
