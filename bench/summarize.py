#!/usr/bin/env python3
"""Turns the JSON output of `turnout deploy/rollback --output json` and `turnout load --output json` into
the benchmark tables. Used by deploy-bench.sh and rollback-speed.sh; reads the files they leave in a folder.

    summarize.py deploy DIR      one row per strategy and operation (DIR/<strategy>-<op>.jsonl, .load.json, .wall)
    summarize.py rollback DIR    one row per bad-release kind (DIR/<kind>.jsonl, .load.json)
    summarize.py false-rollback DIR   one row per run of a good canary (DIR/run-<n>.jsonl, .load.json), and the count
"""
import json
import os
import re
import sys
from datetime import datetime


def events(path):
    """The JSON events of one deploy (lines that are not JSON, such as warnings, are skipped)."""
    out = []
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return out


def load_report(path):
    """`turnout load --output json`'s report: the JSON document after any text it printed."""
    if not os.path.exists(path):
        return None
    text = open(path).read()
    start = text.find("{")
    return json.loads(text[start:]) if start >= 0 else None


def table(header, rows):
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = ["| " + " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in [header] + rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def seconds(value):
    return f"{value:.1f} s"


def deploy(folder):
    header = ["strategy", "operation", "outcome", "wall", "app start-up", "configured waits", "shutdown", "routing", "analysis",
              "Turnout overhead (loop + outside)", "requests", "failed (retrying client)", "raw socket errors"]
    rows = []
    outside_rows = []
    for strategy in ["rolling", "blue-green", "canary"]:
        for operation in ["deploy", "rollback"]:
            base = os.path.join(folder, f"{strategy}-{operation}")
            if not os.path.exists(base + ".jsonl"):
                continue
            evs = events(base + ".jsonl")
            sums = {}
            phases = {}   # the command's own timing event (no service): time outside the rollouts
            for event in evs:
                if event.get("kind") == "timing":
                    for key, value in event.get("values", {}).items():
                        sums[key] = sums.get(key, 0.0) + value
                        if event.get("service") is None:
                            phases[key] = phases.get(key, 0.0) + value
            outcome = next((e["message"] for e in reversed(evs) if e.get("kind") == "outcome"), "no outcome event")
            outcome = outcome.split(":")[0][:40]
            wall = float(open(base + ".wall").read().strip())
            load = load_report(base + ".load.json") or {}
            # The loop's own time (observing, probing, deciding, recording) plus everything the rollouts do not
            # cover: process start, manifest loading, pinning, opening the session, pruning, exit.
            loop = sums.get("timing.overhead", 0.0)
            # Routing set before a rollout (a rollback's first step) is routing, wherever it happened.
            outside = max(0.0, wall - sums.get("timing.total", 0.0) - phases.get("timing.routing", 0.0))
            overhead = loop + outside
            rows.append([strategy, operation, outcome, seconds(wall), seconds(sums.get("timing.startup", 0)), seconds(sums.get("timing.waits", 0)),
                         seconds(sums.get("timing.shutdown", 0)), seconds(sums.get("timing.routing", 0)), seconds(sums.get("timing.analysis", 0)),
                         f"{overhead:.1f} s ({100 * overhead / wall:.1f} %; {loop:.1f} + {outside:.1f})" if wall > 0 else "-",
                         load.get("responses", "-"), load.get("failedRequests", "-"), load.get("socketErrors", "-")])
            cpu = f"{phases['cpu.seconds']:.2f} s" if "cpu.seconds" in phases else "-"
            phases = [phases.get(f"timing.{phase}", 0.0) for phase in ("prepare", "session", "finish")]
            rest = max(0.0, outside - sum(phases))
            turns = int(sums.get("loop.turns", 0))
            per_turn = f"{1000 * loop / turns:.1f} ms" if turns else "-"
            outside_rows.append([strategy, operation, cpu, f"{loop:.2f} s", turns, per_turn, seconds(outside)]
                                + [f"{value:.2f} s" for value in phases + [rest]])
    print(table(header, rows))
    # Where the overhead went: the CPU Turnout used (the rest of its overhead is waiting for a CPU on a saturated
    # host), the loop's turns, and outside the rollouts the command's own phases (its
    # `timing` event without a service) and the rest (starting the process, parsing arguments, exiting).
    print()
    print(table(["strategy", "operation", "Turnout CPU time", "loop overhead", "loop turns", "per turn", "outside the rollouts", "prepare (load, lock, pin)", "session (adopt, accessories)",
                 "finish (record, prune)", "process start and exit"], outside_rows))


def when(event):
    return datetime.fromisoformat(event["at"].replace("Z", "+00:00"))


def rollback(folder):
    header = ["bad release", "outcome", "canary weight > 0 -> 0", "detected by", "requests", "failed", "failed share"]
    rows = []
    for kind in sorted(f[:-6] for f in os.listdir(folder) if f.endswith(".jsonl")):
        evs = events(os.path.join(folder, kind + ".jsonl"))
        candidate = None
        for event in evs:
            match = re.search(r"deploying revision (\d+)", event.get("message", ""))
            if event.get("kind") == "deploy" and match:
                candidate = "r" + match.group(1)
                break
        start = end = None
        for event in evs:
            if event.get("kind") != "traffic" or event.get("service") != "api":
                continue
            weight = event.get("values", {}).get(candidate)
            if start is None and weight is not None and weight > 0:
                start = event
            elif start is not None and (weight == 0 or (weight is None and candidate not in event.get("message", ""))):
                end = event
                break
        outcome = next((e["message"] for e in reversed(evs) if e.get("kind") == "outcome"), "no outcome event")
        reason = rollback_reason(evs)[:90] or "-"
        elapsed = f"{(when(end) - when(start)).total_seconds():.1f} s" if start and end else "not rolled back"
        load = load_report(os.path.join(folder, kind + ".load.json")) or {}
        requests = load.get("responses", 0) + load.get("failedRequests", 0) - load.get("non2xx", 0)
        failed = load.get("failedRequests", 0)
        share = f"{100 * failed / requests:.2f} %" if requests else "-"
        rows.append([kind, outcome.split(":")[0][:40], elapsed, reason, requests, failed, share])
    print(table(header, rows))


def rollback_reason(evs):
    """Why the API's rollout rolled back (its `rollback` event), else the first failed analysis, else ""."""
    message = next((e["message"] for e in evs if e.get("kind") == "rollback" and e.get("service") == "api"), "")
    if not message:
        message = next((e["message"] for e in evs if e.get("kind") == "analysis" and "fail" in e.get("message", "").lower()), "")
    return re.sub(r"\s+", " ", message.replace("rolling back: ", ""))


def false_rollback(folder):
    header = ["run", "outcome", "reason", "failed measurements", "requests", "failed", "failed share"]
    rows = []
    runs = sorted((f[:-6] for f in os.listdir(folder) if f.startswith("run-") and f.endswith(".jsonl")), key=lambda name: int(name[4:]))
    wrong = 0
    for run in runs:
        evs = events(os.path.join(folder, run + ".jsonl"))
        outcome = next((e["message"] for e in reversed(evs) if e.get("kind") == "outcome" and e.get("service") is None), "no outcome event")
        promoted = "promoted" in outcome
        wrong += 0 if promoted else 1
        load = load_report(os.path.join(folder, run + ".load.json")) or {}
        requests = load.get("responses", 0) + load.get("failedRequests", 0) - load.get("non2xx", 0)
        failed = load.get("failedRequests", 0)
        share = f"{100 * failed / requests:.2f} %" if requests else "-"
        measured = [e for e in evs if e.get("kind") == "analysis" and e.get("service") == "api"]
        failing = sum(1 for e in measured if ": FAIL" in e.get("message", ""))
        rows.append([run, "promoted" if promoted else outcome.split(":")[0][:40], "-" if promoted else rollback_reason(evs)[:120],
                     f"{failing} of {len(measured)}", requests, failed, share])
    print(table(header, rows))
    print(f"\nwrongly rolled back: {wrong} of {len(runs)} good releases")


if __name__ == "__main__":
    commands = {"deploy": deploy, "rollback": rollback, "false-rollback": false_rollback}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2])
