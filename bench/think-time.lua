-- wrk script for the scaling guide's "10K concurrent users" profile: every connection is a user that sends
-- one request, waits 1-3 s (the locust file's `wait_time = between(1, 3)`), and sends the next.
-- The mix reads like a blog: post lists (mostly page 1), single posts, health checks, and a rare new post
-- (which invalidates every cached list page, as a real write would). Prints one line of `key=value` figures
-- (parsed by app-bench.sh): requests, latency percentiles in ms, errors by kind. No `response()` hook: wrk
-- would copy every response's headers and body into Lua, and on a 2-core host the client would then burn
-- as much CPU as the server it measures; the cache hit rates come from the servers instead.

local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(os.time() * 1000 + id)
    created = 0
end

local json = { ["Content-Type"] = "application/json" }

function request()
    local roll = math.random(1, 1000)
    if roll == 1 then
        created = created + 1
        return wrk.format("POST", "/api/v1/posts", json,
            '{"title":"bench","body":"written during the think-time profile","author":"wrk"}')
    elseif roll <= 451 then
        local page = 1
        if math.random(1, 10) > 7 then page = math.random(2, 5) end
        return wrk.format("GET", "/api/v1/posts?page=" .. page)
    elseif roll <= 851 then
        return wrk.format("GET", "/api/v1/posts/" .. math.random(1, 100))
    else
        return wrk.format("GET", "/api/v1/health")
    end
end

function delay()
    return math.random(1000, 3000)
end

function done(summary, latency, requests)
    local c = 0
    for _, thread in ipairs(threads) do c = c + thread:get("created") end
    local e = summary.errors
    io.write(string.format(
        "THINK requests=%d seconds=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f connect=%d read=%d write=%d timeout=%d non2xx=%d created=%d\n",
        summary.requests, summary.duration / 1e6,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.connect, e.read, e.write, e.timeout, e.status, c))
end
