#!/usr/bin/env bash
# The main job on the embedded default: a real deploy of manifests/stage2.yaml (the Stage-2 stack: nginx ->
# 3 API instances, email and processing workers, Redis and PostgreSQL started by Turnout) on the local runtime.
#
# The first run deploys revision 1 (every instance at once, each health-checked before it takes traffic).
# Each later run deploys a new revision with the manifest's canary strategy while `turnout load` sends
# traffic through nginx, so the canary's analysis has requests to judge; the load's report is printed after.
# Everything keeps running afterwards: `turnout status`, `turnout history`, `turnout rollback`, `turnout down`.
set -euo pipefail
cd "$(dirname "$0")/.."

MANIFEST=${MANIFEST:-manifests/stage2.yaml}
STATE=${STATE:-.turnout}
TURNOUT=.build/debug/turnout
LABEL=${LABEL:-$(date +%Y%m%d-%H%M%S)}

swift build
"$TURNOUT" validate "$MANIFEST"
# A docker or swarm manifest runs the bundled images: build them (from the binaries just built; no registry needed).
if grep -qE '^runtime:[[:space:]]*(docker|swarm)' "$MANIFEST"; then "$TURNOUT" build "$MANIFEST"; fi

load_pid=""
report=$(mktemp)
cleanup() { if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; fi; rm -f "$report"; }
trap cleanup EXIT

if "$TURNOUT" status --state-dir "$STATE" --output json | grep -q '"stableRevision" : [0-9]'; then
    listen=$(grep -E '^\s+listen:' "$MANIFEST" | head -1 | awk '{print $2}')
    echo "run: sending load through http://$listen while the new revision rolls out"
    "$TURNOUT" load "http://$listen/api/v1/posts" "http://$listen/api/v1/health" -c 32 -d 600s > "$report" &
    load_pid=$!
fi

status=0
"$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label "$LABEL" || status=$?
if [ -n "$load_pid" ]; then
    kill -INT "$load_pid" 2>/dev/null || true
    wait "$load_pid" || true
    load_pid=""
    echo "run: load during the deploy:"
    cat "$report"
fi
"$TURNOUT" status --state-dir "$STATE"
exit "$status"
