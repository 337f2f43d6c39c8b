#!/usr/bin/env bash
# How often the canary analysis rolls back a GOOD release (issue 5): the other side of fast rollbacks. Deploys
# a good revision of bench/manifests/rollback.yaml (the guide's objectives, analysis every 1 s over 5 s,
# fail-fast on, compared with the stable revision), then N more good revisions, each as a canary under
# `turnout load -c 32` (noisy: the host is shared and saturated), and prints each run's outcome, the reason of
# any rollback, and how many of the N were wrongly rolled back.
#
#   bench/false-rollback.sh [--release] [--runs N] [--connections N]
CONNECTIONS=32
RUNS=10
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/rollback-stack.sh"

echo "bench: deploying the first good revision" >&2
"$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label good-0 > "$OUT/good-0.log"

for run in $(seq 1 "$RUNS"); do
    echo "bench: run $run/$RUNS: canary of a good release under load (c=$CONNECTIONS)" >&2
    canary_under_load "run-$run" "good-$run"
done

echo "false rollbacks, $CONFIG build, c=$CONNECTIONS, $(nproc) cores, $(date +%F); raw output in $OUT"
python3 bench/summarize.py false-rollback "$OUT"
