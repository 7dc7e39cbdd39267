extension LuaSnippets {
    /// `countOutcomes()`: adds this call's `outcomes` (filled by `finalStatus` and
    /// `tallyOutcome`) to the current minute's and UTC day's buckets of the throughput hashes
    /// (`ThroughputLayout`), on Redis's clock (`now`). Call it once, at the end of the script.
    /// Needs `finalStatus` and the declared keys counts, throughputMinutes and throughputDays.
    ///
    /// Usually one `HINCRBY` per outcome and hash. Only when that creates a field (a new bucket)
    /// does it read `latest` and delete the buckets that fell out of the window: at most
    /// `kept - 1` buckets' names in one `HDEL`, or the whole hash when nothing in it is still
    /// inside the window (a quiet spell longer than the window, a `latest` that is not a number, a
    /// clock gone back past the window). A value that is not a count (hand-edited, or one more
    /// would overflow) is replaced by this call's count. Like the other bookkeeping, a failure
    /// here is caught, logged by Redis and counted in `counts.bookkeepingErrors`: the state
    /// change it follows stands.
    static let countOutcomes = """
        local outcomeNames = {\(ThroughputOutcome.allCases.map(\.luaName).joined(separator: ", "))}
        local function bucketField(bucket, name) return string.format('%d', bucket) .. '\(ThroughputLayout.separator)' .. name end
        local function countInWindow(key, size, kept)
          local bucket = now - now % size
          local created = false
          for name, n in pairs(outcomes) do
            local field = bucketField(bucket, name)
            local ok, total = pcall(redis.call, 'HINCRBY', key, field, n)
            if not ok then
              -- Not a count (or one more would overflow): replaced. On a key of the wrong type
              -- this HSET fails too, and the caller counts that.
              redis.call('HSET', key, field, n)
              redis.log(redis.LOG_WARNING, 'paylink: replaced ' .. key .. ' ' .. field .. ': ' .. errorText(total))
              redis.call('HINCRBY', countsKey, N.bookkeepingErrors, 1)
              total = n
            end
            if total == n then created = true end
          end
          if not created then return end
          local text = redis.call('HGET', key, R.latest)
          local latest = text and string.match(text, '^%d+$') and tonumber(text)
          if latest and latest % size ~= 0 then latest = nil end
          local oldest = bucket - (kept - 1) * size
          if latest and bucket <= latest and bucket >= latest - (kept - 1) * size then return end
          if not latest or latest < oldest or latest > bucket then
            -- Nothing the hash holds is inside the window any more, or it cannot be told: start again.
            redis.call('DEL', key)
            for name, n in pairs(outcomes) do redis.call('HSET', key, bucketField(bucket, name), n) end
          else
            -- The buckets from the old window's first up to the one before the new window's first.
            local old = {}
            for b = latest - (kept - 1) * size, oldest - size, size do
              for _, name in ipairs(outcomeNames) do old[#old + 1] = bucketField(b, name) end
            end
            if #old > 0 then redis.call('HDEL', key, unpack(old)) end
          end
          redis.call('HSET', key, R.latest, string.format('%d', bucket))
        end
        local function countOutcomes()
          if next(outcomes) == nil then return end
          -- Each hash on its own: one that Redis refuses leaves the other counted.
          for _, hash in ipairs({
            {throughputMinutesKey, \(ThroughputLayout.minuteMilliseconds), \(ThroughputLayout.minutesKept)},
            {throughputDaysKey, \(ThroughputLayout.dayMilliseconds), \(ThroughputLayout.daysKept)},
          }) do
            local ok, err = pcall(countInWindow, hash[1], hash[2], hash[3])
            if not ok then
              redis.log(redis.LOG_WARNING, 'paylink: counting ' .. hash[1] .. ' failed: ' .. errorText(err))
              redis.call('HINCRBY', countsKey, N.bookkeepingErrors, 1)
            end
          end
        end

        """
}
