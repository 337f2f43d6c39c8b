#!/usr/bin/env bash
# How long `turnout validate` and `turnout generate` take as a manifest grows: 10, 100, 1,000 and 5,000
# services (half web services copied from manifests/stage2.yaml's api, half workers copied from its two
# workers; bench/generate-manifest.py writes them into the output folder, nothing is committed).
#
#   bench/generate-bench.sh [--release] [--runs N]      (best of N runs, default 3)
#   SIZES="10 100 1000" TIMEOUT=120 bench/generate-bench.sh --release
#   TURNOUT_BIN=/tmp/turnout-old bench/generate-bench.sh --release   (times another build, e.g. an older commit's)
#
# Prints one row per size: wall time in seconds of validate, of generate nginx / compose / kubernetes, and of
# generate all. Every run writes into a new, empty directory (regenerating into the same one is cheaper: files
# whose bytes are unchanged are left alone); the directories are removed after the row. A command that runs
# past TIMEOUT seconds (default 300) is stopped and shown as >TIMEOUT.
RUNS=3
BUILD_PRODUCT=turnout
source "$(dirname "$0")/common.sh"
TURNOUT=${TURNOUT_BIN:-$TURNOUT}
SIZES=${SIZES:-"10 100 1000 5000"}
TIMEOUT=${TIMEOUT:-300}

# Best wall time of $RUNS runs of the command, in seconds with 3 decimals; ">$TIMEOUT" when a run timed out.
# "@DIR@" in the command is replaced by a new directory for each run.
best_of() {
    local best="" start end elapsed status argv fresh
    for _ in $(seq "$RUNS"); do
        fresh=$(mktemp -d "$OUT/out.XXXXXX")
        argv=("${@/@DIR@/$fresh}")
        start=$(date +%s%N)
        status=0
        timeout "$TIMEOUT" "${argv[@]}" >/dev/null 2>"$OUT/last-error" || status=$?
        end=$(date +%s%N)
        if [ "$status" -eq 124 ]; then echo ">$TIMEOUT"; return; fi
        if [ "$status" -ne 0 ]; then
            { echo "generate-bench: '$*' failed ($status):"; cat "$OUT/last-error"; } >>"$OUT/errors"
            echo "failed"
            return
        fi
        elapsed=$(( (end - start) / 1000000 ))
        if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
    done
    printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

echo "turnout $CONFIG build, best of $RUNS; raw files in $OUT"
printf '%9s %10s %10s %10s %11s %10s\n' services validate nginx compose kubernetes all
for size in $SIZES; do
    manifest="$OUT/services-$size.yaml"
    python3 bench/generate-manifest.py "$size" "$manifest"
    row=("$(best_of "$TURNOUT" validate "$manifest")")
    for target in nginx compose kubernetes all; do
        row+=("$(best_of "$TURNOUT" generate "$target" "$manifest" -o @DIR@)")
    done
    printf '%9s %10s %10s %10s %11s %10s\n' "$size" "${row[@]}"
    rm -rf "$OUT"/out.*
done
if [ -s "$OUT/errors" ]; then echo "failures (first lines of each): see $OUT/errors"; grep -A1 "^generate-bench" "$OUT/errors" | head -20; fi
