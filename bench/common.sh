# Shared by the bench scripts (sourced, not run): parses `[--release] [--connections N] [--runs N]` (the caller
# sets CONNECTIONS, and RUNS where it repeats, to its default first), builds Turnout (niced: the machine is
# shared; only the product $BUILD_PRODUCT when the caller sets it), makes the output folder $OUT, and stops what the script
# started on exit: the load process (by its PID, SIGINT so it prints its report) and `turnout down` for $STATE.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG=debug
while [ $# -gt 0 ]; do
    case "$1" in
        --release) CONFIG=release ;;
        --connections) CONNECTIONS=$2; shift ;;
        --runs) RUNS=$2; shift ;;
        *) echo "usage: $0 [--release] [--connections N]${RUNS:+ [--runs N]}" >&2; exit 2 ;;
    esac
    shift
done

nice -n 19 swift build -c "$CONFIG" ${BUILD_PRODUCT:+--product "$BUILD_PRODUCT"} >&2
# A build leaves hundreds of MB of dirty pages; flushed during the first measurement they slowed every fsync
# and rename of it (a deploy's preparation took 1.9 s instead of 0.04 s).
sync
TURNOUT=.build/$CONFIG/turnout
OUT=$(mktemp -d "/tmp/turnout-$(basename "$0" .sh).XXXXXX")
chmod 755 "$OUT"   # the managed PostgreSQL runs as its own user and must reach its data folder
STATE=""
load_pid=""

stop_load() {
    if [ -n "$load_pid" ]; then
        kill -INT "$load_pid" 2>/dev/null || true
        wait "$load_pid" 2>/dev/null || true
        load_pid=""
    fi
}
cleanup() {
    stop_load
    if [ -n "$STATE" ]; then "$TURNOUT" down --state-dir "$STATE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
