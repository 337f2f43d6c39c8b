#!/usr/bin/env bash
# How often the canary analysis rolls back a GOOD release: the other side of fast rollbacks. Deploys a good
# revision of a copy of manifests/stage2.yaml (its own strategy and objectives, the API only, ports of its
# own: nginx 8195, Redis 6495, PostgreSQL 5545), then N more good revisions, each as a canary under
# `turnout load -c N` through nginx (the host is shared and saturated), and prints each run's outcome, the
# reason of any rollback, its failed measurements, and how many of the N were wrongly rolled back.
#
#   bench/false-rollback.sh [--release] [--runs N] [--connections N]
#   MANIFEST=bench/manifests/rollback.yaml LISTEN=127.0.0.1:8190 bench/false-rollback.sh   # another manifest
CONNECTIONS=32
RUNS=10
source "$(dirname "$0")/common.sh"
if [ -z "${MANIFEST:-}" ]; then
    MANIFEST=$OUT/stage2-bench.yaml
    LISTEN=127.0.0.1:8195
    python3 bench/stage2-copy.py "$MANIFEST" --app false-rollback-bench --listen 8195 --redis 6495 --postgres 5545 --only api
fi
source "$(dirname "$0")/rollback-stack.sh"

echo "bench: deploying the first good revision of $MANIFEST" >&2
"$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label good-0 > "$OUT/good-0.log"

for run in $(seq 1 "$RUNS"); do
    echo "bench: run $run/$RUNS: canary of a good release under load (c=$CONNECTIONS)" >&2
    canary_under_load "run-$run" "good-$run"
done

echo "false rollbacks, $CONFIG build, c=$CONNECTIONS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date +%F); raw output in $OUT"
python3 bench/summarize.py false-rollback "$OUT"
