#!/usr/bin/env bash
# A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager on loopback
# ports of their own, every file in one directory, stopped by the PIDs it recorded. No scheduler and no
# kubelet: Deployments get ReplicaSets and Pods, and Pods stay Pending.
#
#   scripts/kube-test-cluster.sh start DIR    starts it (DIR must be empty or absent), waits for /readyz,
#                                             writes DIR/kubeconfig (admin token) and DIR/env, prints DIR/env
#   scripts/kube-test-cluster.sh stop DIR     stops what `start DIR` started (SIGTERM, SIGKILL after 10 s)
#
#   TURNOUT_KUBE_BIN=DIR         where kube-apiserver and kube-controller-manager are (default: the cache of
#                                scripts/build-kubernetes.sh, $TURNOUT_KUBE_CACHE/bin)
#   TURNOUT_KUBE_PARENT_PID=PID  stop the cluster when this process is gone (a test that crashed)
#
# Exit status of start: 0 ready; 3 when the binaries are absent (build them with scripts/build-kubernetes.sh);
# 1 on any other failure, with the end of the failing component's log.
set -euo pipefail

CACHE="${TURNOUT_KUBE_CACHE:-/var/cache/turnout/kubernetes-1.20.2}"
BIN="${TURNOUT_KUBE_BIN:-$CACHE/bin}"
COMPONENTS=(kube-controller-manager kube-apiserver etcd)

die() { echo "kube-test-cluster: $*" >&2; exit 1; }
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

# The PID in DIR/NAME.pid when that process is still the one started (its executable's name matches).
live_pid() {
    local dir="$1" name="$2" pid
    [ -f "$dir/$name.pid" ] || return 1
    pid=$(cat "$dir/$name.pid")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" | head -n 1 | grep -q -- "$name\$" || return 1
    echo "$pid"
}

stop_cluster() {
    local dir="$1" name pid pids=()
    # SIGTERM to all at once (the API server alone takes seconds to drain), then SIGKILL what is left.
    for name in "${COMPONENTS[@]}"; do
        pid=$(live_pid "$dir" "$name") || { rm -f "$dir/$name.pid"; continue; }
        kill -TERM "$pid" 2>/dev/null || true
        pids+=("$pid")
    done
    for _ in $(seq 100); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" -eq 0 ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for name in "${COMPONENTS[@]}"; do rm -f "$dir/$name.pid"; done
    if [ -f "$dir/watcher.pid" ]; then
        pid=$(cat "$dir/watcher.pid")
        # The watcher is a copy of this script; it may be the process running this very function.
        if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$pid" != "$$" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
        rm -f "$dir/watcher.pid"
    fi
}

# Free loopback TCP ports, chosen by the kernel.
free_ports() {
    python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
for s in sockets: s.close()' "$1"
}

# Runs argv detached from the caller: its own session, stdin from /dev/null, and no descriptor of ours above
# 2. A caller may have passed one that it watches to learn when this script exits (Foundation's Process does);
# a daemon holding it would make the caller wait for the cluster instead.
detached() {
    local fd
    for fd in $(ls "/proc/$BASHPID/fd"); do
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec setsid "$@" </dev/null
}

# Starts NAME (argv after it) in the background with its own log, recording its PID.
launch() {
    local dir="$1" name="$2"
    shift 2
    detached "$@" >"$dir/$name.log" 2>&1 &
    echo $! >"$dir/$name.pid"
}

# Waits up to $3 seconds for `curl ARGS` to print "ok"; on timeout shows the log of $2.
wait_ok() {
    local dir="$1" name="$2" seconds="$3"
    shift 3
    for _ in $(seq $((seconds * 5))); do
        [ "$(curl -fsS --max-time 2 "$@" 2>/dev/null || true)" = "ok" ] && return 0
        live_pid "$dir" "$name" >/dev/null || break
        sleep 0.2
    done
    echo "kube-test-cluster: $name did not become ready; end of $dir/$name.log:" >&2
    tail -n 30 "$dir/$name.log" >&2 || true
    stop_cluster "$dir"
    exit 1
}

start_cluster() {
    local dir="$1"
    for name in kube-apiserver kube-controller-manager; do
        [ -x "$BIN/$name" ] || { echo "kube-test-cluster: no $BIN/$name (build it with scripts/build-kubernetes.sh)" >&2; exit 3; }
    done
    for tool in etcd openssl curl python3; do
        command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install etcd-server openssl curl python3)"
    done
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    dir="$(cd "$dir" && pwd)"
    trap 'stop_cluster "$dir"' ERR

    local etcd_port peer_port api_port token
    read -r etcd_port peer_port api_port <<<"$(free_ports 3)"
    token=$(openssl rand -hex 24)
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
    echo "$token,admin,admin,system:masters" >"$dir/tokens.csv"
    mkdir -p "$dir/etcd" "$dir/certs"

    launch "$dir" etcd etcd --name turnout-test --data-dir "$dir/etcd" \
        --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
        --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
        --initial-cluster "turnout-test=http://127.0.0.1:$peer_port"
    for _ in $(seq 100); do
        curl -fsS --max-time 2 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"' && break
        sleep 0.2
    done

    # --insecure-port=0: 1.20 would otherwise also serve plain HTTP on 127.0.0.1:8080.
    launch "$dir" kube-apiserver "$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" \
        --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$dir/sa.key" \
        --service-account-signing-key-file="$dir/sa.key" --cert-dir="$dir/certs" --secure-port="$api_port" \
        --insecure-port=0 --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --authorization-mode=RBAC \
        --token-auth-file="$dir/tokens.csv" --service-cluster-ip-range=10.96.0.0/16
    for _ in $(seq 150); do [ -s "$dir/certs/apiserver.crt" ] && break; sleep 0.2; done
    wait_ok "$dir" kube-apiserver 90 --cacert "$dir/certs/apiserver.crt" -H "Authorization: Bearer $token" \
        "https://127.0.0.1:$api_port/readyz"

    cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: turnout-test
    cluster:
      server: https://127.0.0.1:$api_port
      certificate-authority: $dir/certs/apiserver.crt
users:
  - name: admin
    user:
      token: $token
contexts:
  - name: turnout-test
    context: {cluster: turnout-test, user: admin, namespace: default}
current-context: turnout-test
EOF
    chmod 600 "$dir/kubeconfig"

    launch "$dir" kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$dir/kubeconfig" \
        --leader-elect=false --controllers='*,-nodeipam' --service-account-private-key-file="$dir/sa.key" \
        --root-ca-file="$dir/certs/apiserver.crt" --secure-port=0 --port=0
    sleep 0.5
    live_pid "$dir" kube-controller-manager >/dev/null || {
        echo "kube-test-cluster: kube-controller-manager exited; end of its log:" >&2
        tail -n 30 "$dir/kube-controller-manager.log" >&2
        stop_cluster "$dir"
        exit 1
    }

    if [ -n "${TURNOUT_KUBE_PARENT_PID:-}" ]; then
        local parent="$TURNOUT_KUBE_PARENT_PID" self
        self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
        detached bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop "$3"' \
            watcher "$parent" "$self" "$dir" >/dev/null 2>&1 &
        echo $! >"$dir/watcher.pid"
    fi
    trap - ERR
    {
        echo "KUBECONFIG=$dir/kubeconfig"
        echo "KUBE_SERVER=https://127.0.0.1:$api_port"
        echo "KUBE_TOKEN=$token"
        echo "KUBE_CA=$dir/certs/apiserver.crt"
    } >"$dir/env"
    cat "$dir/env"
}

[ $# -eq 2 ] || usage
case "$1" in
    start) start_cluster "$2" ;;
    stop) [ -d "$2" ] || die "no directory $2"; stop_cluster "$(cd "$2" && pwd)" ;;
    *) usage ;;
esac
