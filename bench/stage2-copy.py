#!/usr/bin/env python3
"""Writes a copy of manifests/stage2.yaml for a benchmark: the same services, strategy and objectives, on ports
of its own (so that a bench never meets `make run`'s stack), optionally with only some services.

    stage2-copy.py OUT --app NAME --listen PORT --redis PORT --postgres PORT [--only SERVICE ...]

The strategy stays as the manifest writes it (`from: canary` with its steps and analysis): the copy lives
outside the checkout, so the strategy resolves from the copies built into turnout, which a test keeps equal to
strategies/.
"""
import argparse
import yaml

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--source", default="manifests/stage2.yaml")
parser.add_argument("--app", required=True)
parser.add_argument("--listen", type=int, required=True)
parser.add_argument("--redis", type=int, required=True)
parser.add_argument("--postgres", type=int, required=True)
parser.add_argument("--only", nargs="*", default=None)
args = parser.parse_args()

manifest = yaml.safe_load(open(args.source))
manifest["app"] = args.app
manifest["load_balancer"]["listen"] = f"127.0.0.1:{args.listen}"
manifest["accessories"]["redis"]["port"] = args.redis
manifest["accessories"]["postgres"]["port"] = args.postgres
if args.only:
    manifest["services"] = {name: spec for name, spec in manifest["services"].items() if name in args.only}
with open(args.out, "w") as handle:
    handle.write(f"# A copy of {args.source} for a benchmark: ports of its own"
                 + (f", services {', '.join(args.only)} only" if args.only else "") + ". Written by bench/stage2-copy.py.\n")
    yaml.safe_dump(manifest, handle, sort_keys=False)
