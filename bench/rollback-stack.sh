# Shared by rollback-speed.sh and false-rollback.sh (sourced after common.sh): the stack of $MANIFEST
# (default bench/manifests/rollback.yaml) in $OUT/state, and one canary deploy under load.
MANIFEST=${MANIFEST:-bench/manifests/rollback.yaml}
LISTEN=${LISTEN:-127.0.0.1:8190}
STATE=$OUT/state

# canary_under_load NAME LABEL [deploy options...]: deploys LABEL while `turnout load -c $CONNECTIONS` runs
# through nginx on the API's two public routes (as `make run` does); the events go to $OUT/NAME.jsonl, the
# clients' report to $OUT/NAME.load.json.
canary_under_load() {
    local name=$1 label=$2
    shift 2
    "$TURNOUT" load "http://$LISTEN/api/v1/posts" "http://$LISTEN/api/v1/health" -c "$CONNECTIONS" -d 900s --output json \
        > "$OUT/$name.load.json" 2>/dev/null &
    load_pid=$!
    sleep 3
    "$TURNOUT" deploy "$MANIFEST" --state-dir "$STATE" --version-label "$label" --output json "$@" \
        > "$OUT/$name.jsonl" 2> "$OUT/$name.stderr" || true
    stop_load
}
