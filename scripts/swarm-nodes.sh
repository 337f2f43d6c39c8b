#!/usr/bin/env bash
# Several Docker Swarm nodes on this one machine, for the Swarm platform's tests and benchmarks: each node a
# dockerd of its own inside a network namespace (its own data root, exec root, socket, PID file, bridge and
# cgroup parent), the namespaces joined by a host bridge on a private /24 with NO default route (the nodes must
# never reach beyond this machine: no registry look-ups leaving it), node 1 the manager. Images are copied
# from the host's engine to every node (docker save | docker load, through the Engine API). Idempotent `up`;
# `down` stops every node by its PID file and removes the namespaces, the bridge and the nodes' files.
#
#   scripts/swarm-nodes.sh up [N] [IMAGE...]   # N nodes (default 3); prints the manager's socket
#   scripts/swarm-nodes.sh down
#   scripts/swarm-nodes.sh kill NODE           # kill -9 one node's dockerd (node loss)
#   scripts/swarm-nodes.sh cut NODE            # cut one node's link (its veth down)
#   scripts/swarm-nodes.sh heal NODE           # bring a cut link back
set -euo pipefail

PREFIX=${TURNOUT_SWARM_PREFIX:-tsw}
ROOT=${TURNOUT_SWARM_ROOT:-/var/lib/turnout-swarm}
RUN=${TURNOUT_SWARM_RUN:-/run/turnout-swarm}
SUBNET=${TURNOUT_SWARM_SUBNET:-10.77.0}
BRIDGE=${PREFIX}-br
HOST_SOCKET=/var/run/docker.sock

node_ip() { echo "$SUBNET.$((10 + $1))"; }
node_socket() { echo "$RUN/node$1/docker.sock"; }
node_ns() { echo "${PREFIX}-node$1"; }
api() { local socket=$1; shift; curl -s --max-time "${TIMEOUT:-30}" --unix-socket "$socket" "$@"; }
answers() { api "$1" http://localhost/v1.41/_ping 2>/dev/null | grep -q OK; }

start_node() {
    local i=$1 ns ip socket
    ns=$(node_ns "$i"); ip=$(node_ip "$i"); socket=$(node_socket "$i")
    if answers "$socket"; then return; fi
    ip netns list | grep -qw "$ns" || ip netns add "$ns"
    if ! ip link show "${PREFIX}${i}h" >/dev/null 2>&1; then
        ip link add "${PREFIX}${i}h" type veth peer name "${PREFIX}${i}n"
        ip link set "${PREFIX}${i}n" netns "$ns"
        ip link set "${PREFIX}${i}h" master "$BRIDGE" up
    fi
    ip netns exec "$ns" ip addr add "$ip/24" dev "${PREFIX}${i}n" 2>/dev/null || true
    ip netns exec "$ns" ip link set "${PREFIX}${i}n" up
    ip netns exec "$ns" ip link set lo up
    mkdir -p "$ROOT/node$i" "$RUN/node$i"
    # `ip netns exec` mounts a fresh /sys: the cgroup v1 controllers dockerd needs are mounted again inside, in
    # a mount namespace of the node's own (unshare -m), so the host's mounts are left alone.
    cat > "$RUN/node$i/start.sh" <<SCRIPT
set -e
mount -t tmpfs cgroup_root /sys/fs/cgroup
for c in cpu cpuacct cpuset memory devices freezer blkio pids; do mkdir -p /sys/fs/cgroup/\$c; mount -t cgroup -o \$c cgroup /sys/fs/cgroup/\$c || true; done
mkdir -p /sys/fs/cgroup/systemd; mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd || true
exec env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 dockerd --data-root "$ROOT/node$i" --exec-root "$RUN/node$i/exec" \\
  -H "unix://$socket" --pidfile "$RUN/node$i/dockerd.pid" --bip "172.31.$((10 + i)).1/24" --cgroup-parent "turnout-swarm-node$i" \\
  --containerd-namespace "turnout-swarm-node$i" --containerd-plugins-namespace "turnout-swarm-node$i-plugins"
SCRIPT
    ip netns exec "$ns" unshare -m sh -c "mount --make-rprivate / && nohup sh '$RUN/node$i/start.sh' >> '$RUN/node$i/dockerd.log' 2>&1 &"
    for _ in $(seq 1 120); do answers "$socket" && return; sleep 0.25; done
    echo "swarm-nodes: node $i did not start; the end of its log:" >&2
    tail -20 "$RUN/node$i/dockerd.log" >&2
    exit 1
}

copy_images() {
    local socket=$1; shift
    for image in "$@"; do
        TIMEOUT=600 api "$HOST_SOCKET" "http://localhost/v1.41/images/get?names=$image" -o "$RUN/image.tar"
        TIMEOUT=600 api "$socket" -X POST -H "Content-Type: application/x-tar" --data-binary @"$RUN/image.tar" "http://localhost/v1.41/images/load?quiet=1" >/dev/null
    done
    rm -f "$RUN/image.tar"
}

up() {
    local count=${1:-3}; shift || true
    ip link show "$BRIDGE" >/dev/null 2>&1 || { ip link add "$BRIDGE" type bridge; ip addr add "$SUBNET.1/24" dev "$BRIDGE"; }
    ip link set "$BRIDGE" up
    # The host's Docker sets FORWARD's policy to DROP, and bridged frames pass through it (br_netfilter): let
    # the nodes talk to each other across the bridge.
    iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
    for i in $(seq 1 "$count"); do start_node "$i"; done
    local manager
    manager=$(node_socket 1)
    if ! api "$manager" http://localhost/v1.41/swarm | grep -q '"ID"'; then
        api "$manager" -X POST -H "Content-Type: application/json" \
            -d "{\"ListenAddr\":\"$(node_ip 1):2377\",\"AdvertiseAddr\":\"$(node_ip 1):2377\"}" http://localhost/v1.41/swarm/init >/dev/null
    fi
    local token
    token=$(api "$manager" http://localhost/v1.41/swarm | python3 -c 'import json,sys; print(json.load(sys.stdin)["JoinTokens"]["Worker"])')
    for i in $(seq 2 "$count"); do
        local socket
        socket=$(node_socket "$i")
        if ! api "$socket" http://localhost/v1.41/info | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["Swarm"]["LocalNodeState"]=="active" else 1)'; then
            api "$socket" -X POST "http://localhost/v1.41/swarm/leave?force=1" >/dev/null || true
            api "$socket" -X POST -H "Content-Type: application/json" \
                -d "{\"ListenAddr\":\"$(node_ip "$i"):2377\",\"AdvertiseAddr\":\"$(node_ip "$i")\",\"RemoteAddrs\":[\"$(node_ip 1):2377\"],\"JoinToken\":\"$token\"}" \
                http://localhost/v1.41/swarm/join >/dev/null
        fi
    done
    if [ "$#" -gt 0 ]; then for i in $(seq 1 "$count"); do copy_images "$(node_socket "$i")" "$@"; done; fi
    echo "$manager"
}

down() {
    for pidfile in "$RUN"/node*/dockerd.pid; do
        [ -f "$pidfile" ] || continue
        local pid
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
    done
    for ns in $(ip netns list | awk '{print $1}' | grep "^${PREFIX}-node" || true); do
        # Anything left in the namespace (containerd shims, containers) goes with it.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$ns"
    done
    ip link delete "$BRIDGE" 2>/dev/null || true
    iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || true
    for link in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${PREFIX}[0-9]*h$" || true); do ip link delete "$link" 2>/dev/null || true; done
    umount -R "$RUN"/node*/exec 2>/dev/null || true
    rm -rf "$RUN" "$ROOT"
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    kill) kill -9 "$(cat "$RUN/node$2/dockerd.pid")" ;;
    cut) ip link set "${PREFIX}$2h" down ;;
    heal) ip link set "${PREFIX}$2h" up ;;
    *) echo "usage: $0 up [N] [IMAGE...] | down | kill NODE | cut NODE | heal NODE" >&2; exit 2 ;;
esac
