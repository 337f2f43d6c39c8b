#!/usr/bin/env bash
# How fast the analysis reads nginx's access log: Turnout's reader (bench/access-log/main.swift compiled with
# the reader's own sources, -O) against a reference that parses every line with JSONSerialization.
#
#   bench/access-log-bench.sh [LINES]      (default 300,000: 30 s at 10,000 requests/s, of which the last 20 s are read)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/turnout-access-log-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
swiftc -O -o "$out/access-log-bench" bench/access-log/main.swift \
    Sources/TurnoutController/AccessLogReader.swift Sources/TurnoutController/AccessLogLine.swift
"$out/access-log-bench" "$@"
