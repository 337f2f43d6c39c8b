/// Lua scripts that make the multi-key queue transitions atomic in Redis.
public enum QueueScripts {
    /// Takes the first available job: KEYS[1] = in-progress list, KEYS[2...] =
    /// queue lists in priority order. Returns `{source, job}` or nil.
    public static let fetch = """
    for i = 2, #KEYS do
      local v = redis.call('LMOVE', KEYS[i], KEYS[1], 'RIGHT', 'LEFT')
      if v then return {KEYS[i], v} end
    end
    return false
    """

    /// Records completion only if the job is still in this worker's in-progress
    /// list (ownership check), so a completion is recorded at most once.
    /// KEYS: inprogress, task hash, completed counter, completed id set, duplicates counter.
    /// ARGV: raw job, id, result, finished_at, ttl seconds.
    public static let complete = """
    if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
    redis.call('HSET', KEYS[2], 'status', 'completed', 'result', ARGV[3], 'finished_at', ARGV[4])
    redis.call('HDEL', KEYS[2], 'retry_at')
    redis.call('EXPIRE', KEYS[2], ARGV[5])
    redis.call('INCR', KEYS[3])
    if redis.call('SADD', KEYS[4], ARGV[2]) == 0 then redis.call('INCR', KEYS[5]) end
    return 1
    """

    /// Schedules a retry. KEYS: inprogress, delayed zset, task hash.
    /// ARGV: raw job, updated job, due (ms), error, ttl seconds.
    public static let retry = """
    if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
    redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
    redis.call('HSET', KEYS[3], 'status', 'failed', 'error', ARGV[4], 'retry_at', ARGV[3])
    redis.call('EXPIRE', KEYS[3], ARGV[5])
    return 1
    """

    /// Dead-letters a job. KEYS: inprogress, dead list, task hash.
    /// ARGV: raw job, error, finished_at, ttl seconds.
    public static let dead = """
    if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
    redis.call('LPUSH', KEYS[2], ARGV[1])
    redis.call('HSET', KEYS[3], 'status', 'dead', 'error', ARGV[2], 'finished_at', ARGV[3])
    redis.call('EXPIRE', KEYS[3], ARGV[4])
    return 1
    """

    /// Moves every job of an in-progress list back to the head of its queue.
    /// KEYS[1] = in-progress list; ARGV[1] = key prefix. Returns the count.
    public static let requeueAll = """
    local n = 0
    while true do
      local raw = redis.call('RPOP', KEYS[1])
      if not raw then break end
      local ok, job = pcall(cjson.decode, raw)
      if ok and job.queue and job.priority then
        redis.call('RPUSH', ARGV[1] .. ':queue:' .. job.queue .. ':' .. job.priority, raw)
        redis.call('HSET', ARGV[1] .. ':task:' .. job.id, 'status', 'queued')
      else
        redis.call('LPUSH', ARGV[1] .. ':unparseable', raw)
      end
      n = n + 1
    end
    return n
    """

    /// Moves one job from an in-progress list back to the head of its queue.
    /// KEYS[1] = in-progress list, KEYS[2] = queue list, KEYS[3] = task hash; ARGV[1] = raw job.
    public static let requeueOne = """
    if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
    redis.call('RPUSH', KEYS[2], ARGV[1])
    redis.call('HSET', KEYS[3], 'status', 'queued')
    return 1
    """

    /// Moves due jobs from the delayed zset to the tail of their queue.
    /// KEYS[1] = delayed zset; ARGV: now (ms), limit, key prefix.
    public static let promoteDue = """
    local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
    local n = 0
    for _, raw in ipairs(due) do
      if redis.call('ZREM', KEYS[1], raw) == 1 then
        local ok, job = pcall(cjson.decode, raw)
        if ok and job.queue and job.priority then
          redis.call('LPUSH', ARGV[3] .. ':queue:' .. job.queue .. ':' .. job.priority, raw)
          redis.call('HSET', ARGV[3] .. ':task:' .. job.id, 'status', 'queued')
        else
          redis.call('LPUSH', ARGV[3] .. ':unparseable', raw)
        end
        n = n + 1
      end
    end
    return n
    """
}
