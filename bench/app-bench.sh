#!/usr/bin/env bash
# Benchmarks turnout-api (release build) against the FastAPI reference
# (bench/reference/app.py, uvicorn with 2 workers), each directly and behind
# nginx (least_conn, upstream keepalive), with wrk at c=100 and c=1000 on
# /api/v1/health and /api/v1/posts. Prints a table; starts redis-server,
# PostgreSQL, both apps and nginx on loopback and stops them all by PID.
#
# Then the scaling guide's "10K concurrent users" profile through nginx (bench/think-time.lua): 10,000
# keep-alive connections, each sending a request every 1-3 s (a blog-like mix of list pages, single posts,
# health checks and rare writes), with P50/P95/P99, errors by kind and the X-Cache hit rate, for both apps.
#
# Usage: bench/app-bench.sh   (DURATION=10s CONNECTIONS="100 1000" THREADS=2 THINK_USERS=10000 KEEP_WORK=1
#                              THINK_DURATION=60s THINK_TARGETS="swift-nginx ref-nginx" override; THINK_USERS=0
#                              skips the profile; swift-direct and ref-direct are the other targets)
# Needs: redis-server, postgresql-15, nginx, wrk, python3 with fastapi uvicorn redis asyncpg.
set -euo pipefail

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS-100 1000}"
THREADS="${THREADS:-2}"
THINK_USERS="${THINK_USERS:-10000}"
THINK_DURATION="${THINK_DURATION:-60s}"
THINK_TARGETS="${THINK_TARGETS:-swift-nginx ref-nginx}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/turnout-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
PG_PID=""

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [[ -n "$PG_PID" ]] && kill -INT "$PG_PID" 2>/dev/null || true
    for pid in "${PIDS[@]}" $PG_PID; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [[ -n "${KEEP_WORK:-}" ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap "exit 130" INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() {
    local url="$1"
    for _ in $(seq 1 300); do curl -fsS -o /dev/null "$url" 2>/dev/null && return 0; sleep 0.1; done
    echo "error: $url did not come up" >&2; return 1
}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if (( THINK_USERS + 100 > $(ulimit -n) )); then
    echo "error: $THINK_USERS connections need more open files than ulimit -n allows ($(ulimit -n))" >&2; exit 1
fi

echo "==> release build" >&2
(cd "$ROOT" && swift build -c release --product turnout-api >&2)
API_BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/turnout-api"

REDIS_PORT="$(free_port)"; PG_PORT="$(free_port)"; SWIFT_PORT="$(free_port)"; REF_PORT="$(free_port)"
NGX_SWIFT_PORT="$(free_port)"; NGX_REF_PORT="$(free_port)"

echo "==> redis-server :$REDIS_PORT" >&2
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

echo "==> postgres :$PG_PORT" >&2
mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg"
PGBIN=/usr/lib/postgresql/15/bin
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres --no-sync >"$WORK/initdb.log" 2>&1
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/pg.log" -w -t 60 \
    -o "-k $WORK/pg -p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=300" start >&2
PG_PID="$(head -1 "$WORK/pg/data/postmaster.pid")"
runuser -u postgres -- psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE turnout" >&2
DB_URL="postgres://postgres@127.0.0.1:$PG_PORT/turnout"

echo "==> turnout-api :$SWIFT_PORT" >&2
"$API_BIN" --port "$SWIFT_PORT" --redis-url "redis://127.0.0.1:$REDIS_PORT/0" --database-url "$DB_URL" \
    --version-label bench --log-level warning --seed-posts 100 >"$WORK/swift.log" 2>&1 &
SWIFT_PID=$!; PIDS+=($SWIFT_PID)
wait_http "http://127.0.0.1:$SWIFT_PORT/api/v1/health"

echo "==> reference (uvicorn, 2 workers) :$REF_PORT" >&2
(cd "$ROOT/bench/reference" && TURNOUT_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1" TURNOUT_DATABASE_URL="$DB_URL" \
    TURNOUT_VERSION=reference exec python3 -m uvicorn app:app --host 127.0.0.1 --port "$REF_PORT" --workers 2 \
    --log-level warning --no-access-log) >"$WORK/ref.log" 2>&1 &
REF_PID=$!; PIDS+=($REF_PID)
wait_http "http://127.0.0.1:$REF_PORT/api/v1/health"

echo "==> nginx :$NGX_SWIFT_PORT (swift) :$NGX_REF_PORT (reference)" >&2
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 2;
worker_rlimit_nofile 20000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    upstream swift { least_conn; server 127.0.0.1:$SWIFT_PORT; keepalive 1024; keepalive_requests 100000; }
    upstream reference { least_conn; server 127.0.0.1:$REF_PORT; keepalive 1024; keepalive_requests 100000; }
    server {
        listen 127.0.0.1:$NGX_SWIFT_PORT backlog=4096;
        location / { proxy_pass http://swift; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
    server {
        listen 127.0.0.1:$NGX_REF_PORT backlog=4096;
        location / { proxy_pass http://reference; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx/stdout.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NGX_SWIFT_PORT/api/v1/health"
wait_http "http://127.0.0.1:$NGX_REF_PORT/api/v1/health"

# Peak RSS (VmHWM, MiB) of a process and its children.
peak_rss() {
    local total=0 pid kb
    for pid in "$1" $(pgrep -P "$1" || true); do
        kb="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
        total=$((total + ${kb:-0}))
    done
    echo "$((total / 1024))"
}

# Latency text (850.00us, 1.23ms, 2.01s) -> milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

RESULTS="$WORK/results.tsv"
run_wrk() {
    local name="$1" port="$2" path="$3" conns="$4" out="$WORK/wrk.out"
    wrk -t"$THREADS" -c"$conns" -d"$DURATION" --latency "http://127.0.0.1:$port$path" >"$out" 2>&1 || true
    local rps p50 p99 non2xx sockerr
    rps="$(awk '/^Requests\/sec/ {print $2}' "$out")"
    p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
    p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
    non2xx="$(awk '/Non-2xx/ {print $NF}' "$out")"
    sockerr="$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$out")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$path" "$conns" "${rps:-0}" "$p50" "$p99" "${non2xx:-0}/${sockerr:-0}" >>"$RESULTS"
    echo "    $name $path c=$conns: ${rps:-0} req/s" >&2
}

# Warm the caches once.
curl -fsS -o /dev/null "http://127.0.0.1:$SWIFT_PORT/api/v1/posts"
curl -fsS -o /dev/null "http://127.0.0.1:$REF_PORT/api/v1/posts"

echo "==> wrk ($DURATION per run)" >&2
for path in /api/v1/health /api/v1/posts; do
    for conns in $CONNECTIONS; do
        run_wrk swift-direct "$SWIFT_PORT" "$path" "$conns"
        run_wrk ref-direct "$REF_PORT" "$path" "$conns"
        run_wrk swift-nginx "$NGX_SWIFT_PORT" "$path" "$conns"
        run_wrk ref-nginx "$NGX_REF_PORT" "$path" "$conns"
    done
done
# Cache counters now, as key=value: the Swift API's own (cache_hits_total, cache_misses_total: reads served
# from Redis, and reads that were not) and Redis' keyspace hits and misses, which both apps drive the same way
# (a generation key and a page key per list read, a post key per single read) while only one runs.
cache_counters() {
    local page
    page="$(curl -fsS "http://127.0.0.1:$SWIFT_PORT/metrics" 2>/dev/null || true)"
    printf 'app_hits=%s app_misses=%s pool_waits=%s ' "$(awk '$1 == "cache_hits_total" {print $2}' <<<"$page")" \
        "$(awk '$1 == "cache_misses_total" {print $2}' <<<"$page")" "$(awk '$1 == "redis_pool_waits_total" {print $2}' <<<"$page")"
    redis-cli -p "$REDIS_PORT" info stats | tr -d '\r' | awk -F: '$1 == "keyspace_hits" {h=$2} $1 == "keyspace_misses" {m=$2} END {printf "redis_hits=%s redis_misses=%s", h, m}'
}
counter_deltas() {
    awk -v before="$1" -v after="$2" 'BEGIN {
        n = split(before, b, " "); for (i = 1; i <= n; i++) { split(b[i], kv, "="); old[kv[1]] = kv[2] }
        n = split(after, a, " "); for (i = 1; i <= n; i++) { split(a[i], kv, "="); printf "%s=%d ", kv[1], kv[2] - old[kv[1]] }
    }'
}
THINK="$WORK/think.tsv"
if (( THINK_USERS > 0 )); then
    echo "==> think-time profile: $THINK_USERS connections through nginx, $THINK_DURATION each" >&2
    for target in swift-nginx:$NGX_SWIFT_PORT ref-nginx:$NGX_REF_PORT swift-direct:$SWIFT_PORT ref-direct:$REF_PORT; do
        [[ " $THINK_TARGETS " == *" ${target%%:*} "* ]] || continue
        before="$(cache_counters)"
        wrk -t"$THREADS" -c"$THINK_USERS" -d"$THINK_DURATION" --timeout 5s -s "$ROOT/bench/think-time.lua" \
            "http://127.0.0.1:${target#*:}" >"$WORK/think.out" 2>&1 || true
        after="$(cache_counters)"
        echo "${target%%:*} $(grep '^THINK' "$WORK/think.out" | cut -d' ' -f2-) $(counter_deltas "$before" "$after")" >>"$THINK"
        echo "    ${target%%:*}: $(grep '^THINK' "$WORK/think.out")" >&2
    done
fi
SWIFT_RSS="$(peak_rss "$SWIFT_PID")"
REF_RSS="$(peak_rss "$REF_PID")"

if [[ -s "$RESULTS" ]]; then
echo
printf '%-13s %-16s %6s %11s %9s %9s %16s %9s\n' target path conns "req/s" "p50 ms" "p99 ms" "non2xx/sockerr" "vs ref"
awk -F'\t' -v srss="$SWIFT_RSS" -v rrss="$REF_RSS" '
    { key = $2 "|" $3 "|" (($1 ~ /nginx/) ? "nginx" : "direct"); if ($1 ~ /^ref/) ref[key] = $4; rows[NR] = $0 }
    END {
        for (i = 1; i <= NR; i++) {
            split(rows[i], f, "\t")
            key = f[2] "|" f[3] "|" ((f[1] ~ /nginx/) ? "nginx" : "direct")
            ratio = (f[1] ~ /^swift/ && ref[key] > 0) ? sprintf("%.2fx", f[4] / ref[key]) : "-"
            printf "%-13s %-16s %6s %11.0f %9s %9s %16s %9s\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], ratio
        }
        printf "\npeak RSS: turnout-api %d MiB, reference (uvicorn master + 2 workers) %d MiB\n", srss, rrss
    }' "$RESULTS"
fi
if [[ -s "$THINK" ]]; then
    echo
    echo "think-time profile: $THINK_USERS keep-alive connections through nginx, a request every 1-3 s each, $THINK_DURATION"
    printf '%-12s %9s %7s %8s %8s %8s %9s %19s %10s %10s %11s\n' target requests "req/s" "p50 ms" "p95 ms" "p99 ms" "max ms" \
        "errors c/r/w/t/4-5xx" "cache hit" "Redis hit" "pool waits"
    awk '{
        delete v
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        app = ($1 ~ /^swift/ && v["app_hits"] + v["app_misses"] > 0) ? sprintf("%.1f%%", 100 * v["app_hits"] / (v["app_hits"] + v["app_misses"])) : "-"
        keyspace = v["redis_hits"] + v["redis_misses"]
        waits = ($1 ~ /^swift/) ? v["pool_waits"] : "-"
        printf "%-12s %9d %7.0f %8.1f %8.1f %8.1f %9.1f %19s %10s %9.1f%% %11s\n", $1, v["requests"], v["requests"] / v["seconds"],
            v["p50"], v["p95"], v["p99"], v["max"], v["connect"] "/" v["read"] "/" v["write"] "/" v["timeout"] "/" v["non2xx"],
            app, (keyspace > 0 ? 100 * v["redis_hits"] / keyspace : 0), waits
    }' "$THINK"
    echo "cache hit: the Swift API's reads answered from Redis (its cache_hits_total and cache_misses_total);"
    echo "Redis hit: Redis keyspace hits over lookups while that app ran (it includes each list read's always-present generation key)."
    echo "pool waits: Redis commands of the Swift API that queued behind a pipelined batch in flight (not an error: they go in the next write)."
fi
