#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager 1.20.2 from Debian's `kubernetes` source package, offline,
# into a cache directory outside the repository, for the tests that need a real API server.
#
# Idempotent: when both binaries are in the cache it prints where they are and exits. Otherwise it installs
# the build tools (golang-go, rsync, etcd-server for the tests), fetches the source with `apt-get source`
# (adding a deb-src entry for bookworm to a file of its own when none is configured), and runs the Kubernetes
# Makefile, which runs the code generators first (a plain `go build` fails on the missing generated OpenAPI
# definitions). It took ~27 min of wall time on 2 shared cores; it prints its own duration.
#
# Usage: scripts/build-kubernetes.sh
#   TURNOUT_KUBE_CACHE=DIR   cache directory (default /var/cache/turnout/kubernetes-1.20.2);
#                            binaries land in DIR/bin, the source tree and Go caches under DIR/work.
#   TURNOUT_KUBE_KEEP_TREE=1 keep DIR/work after a successful build (default: removed, ~3 GiB).
set -euo pipefail

KUBE_VERSION="1.20.2"
CACHE="${TURNOUT_KUBE_CACHE:-/var/cache/turnout/kubernetes-$KUBE_VERSION}"
BIN="$CACHE/bin"
WORK="$CACHE/work"
BINARIES=(kube-apiserver kube-controller-manager)
START=$(date +%s)

say() { echo "build-kubernetes: $*"; }
finish() { say "$1 in $(( $(date +%s) - START )) s; binaries in $BIN"; }

have_binaries() {
    local name
    for name in "${BINARIES[@]}"; do [ -x "$BIN/$name" ] || return 1; done
}
if have_binaries; then
    finish "already built ($("$BIN/kube-apiserver" --version 2>/dev/null || echo unknown version))"
    exit 0
fi

source "$(dirname "$0")/lib/apt.sh"

# Build tools; etcd-server is not needed to build but the API server tests start it.
apt_install_missing build-kubernetes golang-go rsync etcd-server dpkg-dev make

# The source: `apt-get source` needs a deb-src entry. Add one in a file of our own, and refresh only that
# file's index, so the machine's other sources are neither changed nor contacted. Its signed-by must match
# the machine's own bookworm entry, or apt refuses the pair ("Conflicting values set for option Signed-By").
SRC_LIST=/etc/apt/sources.list.d/turnout-bookworm-src.list
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "adding a deb-src entry for bookworm in $SRC_LIST"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" | $SUDO tee "$SRC_LIST" >/dev/null
fi
if [ -f "$SRC_LIST" ]; then
    $SUDO apt-get update -qq -o Dir::Etc::sourcelist="$SRC_LIST" -o Dir::Etc::sourceparts=- \
        -o APT::Get::List-Cleanup=0
fi

mkdir -p "$WORK/src" "$BIN"
TREE="$(find "$WORK/src" -maxdepth 1 -type d -name "kubernetes-*" | head -n 1)"
if [ -z "$TREE" ] || [ ! -f "$TREE/Makefile" ]; then
    rm -rf "$WORK/src"
    mkdir -p "$WORK/src"
    say "fetching the kubernetes source package"
    (cd "$WORK/src" && apt-get source -qq kubernetes >/dev/null)
    TREE="$(find "$WORK/src" -maxdepth 1 -type d -name "kubernetes-*" | head -n 1)"
fi
[ -n "$TREE" ] && [ -f "$TREE/Makefile" ] || { say "no kubernetes source tree under $WORK/src" >&2; exit 1; }
[ -d "$TREE/vendor" ] || { say "$TREE has no vendor/: an offline build needs it" >&2; exit 1; }

# The Makefile's scripts expect the tree at $GOPATH/src/k8s.io/kubernetes.
export GOPATH="$WORK/gopath"
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$TREE" "$GOPATH/src/k8s.io/kubernetes"
export GOCACHE="$WORK/gocache" CGO_ENABLED=0 GOPROXY=off

say "building ${BINARIES[*]} (this takes ~30 min on 2 cores)"
(cd "$GOPATH/src/k8s.io/kubernetes" && make WHAT="cmd/kube-apiserver cmd/kube-controller-manager")

for name in "${BINARIES[@]}"; do
    install -m 0755 "$TREE/_output/bin/$name" "$BIN/$name"
done
if [ "${TURNOUT_KUBE_KEEP_TREE:-0}" != "1" ]; then rm -rf "$WORK"; fi
finish "built $("$BIN/kube-apiserver" --version)"
