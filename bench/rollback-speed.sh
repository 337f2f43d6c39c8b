#!/usr/bin/env bash
# How fast a canary of a bad release loses its traffic (issue 5). For each kind of bad release of the API —
# 300 ms extra latency, 5 % errors, the Redis cache bypassed, 30 % more work on every request (only the
# comparison with stable can see that one) — deploy a good revision of
# bench/manifests/rollback.yaml, then the bad one as a canary (analysed every 1 s over 5 s) while
# `turnout load` sends traffic through nginx, and print the time from the first traffic event giving the
# canary weight > 0 to the event taking it back to 0, and the share of requests the clients saw fail.
# Orientation: <= 10 s and <= 0.5 %.
#
#   bench/rollback-speed.sh [--release] [--connections N]
CONNECTIONS=32
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/rollback-stack.sh"

echo "bench: deploying the good revision" >&2
"$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label good > "$OUT/good.log"

# name and the API's fault switch (docs/app.md, Sources/turnout-api/APICommand.swift)
for fault in latency-300ms:TURNOUT_FAULT_LATENCY=300ms errors-5pct:TURNOUT_FAULT_ERROR_RATE=0.05 cache-disabled:TURNOUT_FAULT_DISABLE_CACHE=1 \
             slower-30pct:TURNOUT_FAULT_SLOWDOWN=0.3; do
    name=${fault%%:*}
    setting=${fault#*:}
    echo "bench: canary of a bad release ($setting) under load (c=$CONNECTIONS)" >&2
    canary_under_load "$name" "$name" --env "api:$setting"
    # A bad release that was promoted is undone before the next one.
    if grep -q '"kind":"outcome"' "$OUT/$name.jsonl" && ! grep '"kind":"outcome"' "$OUT/$name.jsonl" | grep -q 'rolled back'; then
        "$TURNOUT" rollback --state-dir "$STATE" > "$OUT/$name-undo.log" || true
    fi
done

echo "rollback speed, $CONFIG build, c=$CONNECTIONS, $(nproc) cores, $(date +%F); raw output in $OUT"
python3 bench/summarize.py rollback "$OUT"
