#!/usr/bin/env bash
# For each strategy (rolling, blue-green, canary): deploy v1 of bench/manifests/bench.yaml (3 API instances),
# then v2 while `turnout load` sends 256 connections through nginx, then `turnout rollback` under the same
# load; print where each operation's wall time went (Turnout's timing events) and what the clients saw.
#
#   bench/deploy-bench.sh [--release] [--connections N]
#
# Figures, not a timed test: they depend on the machine. Everything started is stopped (`turnout down`, the
# load process by its PID).
CONNECTIONS=256
source "$(dirname "$0")/common.sh"
MANIFEST=bench/manifests/bench.yaml
URL=http://127.0.0.1:8180/api/v1/posts

# Runs one operation (deploy or rollback) under load; leaves .jsonl, .wall and .load.json in $OUT.
measure() {
    local name=$1; shift
    "$TURNOUT" load "$URL" -c "$CONNECTIONS" -d 600s --output json > "$OUT/$name.load.json" 2>/dev/null &
    load_pid=$!
    sleep 2
    local start end
    start=$(date +%s.%N)
    "$@" --output json > "$OUT/$name.jsonl" 2> "$OUT/$name.stderr" || echo "bench: $name exited $?" >&2
    end=$(date +%s.%N)
    python3 -c "print($end - $start)" > "$OUT/$name.wall"
    stop_load
}

for strategy in rolling blue-green canary; do
    STATE=$OUT/state-$strategy
    echo "bench: $strategy: deploying v1" >&2
    "$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label v1 > "$OUT/$strategy-v1.log"
    echo "bench: $strategy: deploying v2 under load (c=$CONNECTIONS)" >&2
    measure "$strategy-deploy" "$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --strategy "$strategy" --version-label v2
    # A rollback needs v2 to have been promoted; after an automatic rollback there is nothing to return to.
    if grep '"kind":"outcome"' "$OUT/$strategy-deploy.jsonl" | grep -q promoted; then
        echo "bench: $strategy: rolling back under load" >&2
        measure "$strategy-rollback" "$TURNOUT" rollback --state-dir "$STATE"
    else
        echo "bench: $strategy: v2 was not promoted; no rollback to measure" >&2
    fi
    "$TURNOUT" down --state-dir "$STATE" > /dev/null
    STATE=""
done

echo "deploy benchmark, $CONFIG build, c=$CONNECTIONS, $(nproc) cores, $(date +%F); raw output in $OUT"
python3 bench/summarize.py deploy "$OUT"
