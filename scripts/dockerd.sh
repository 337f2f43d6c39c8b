#!/usr/bin/env bash
# Starts (or stops) the Docker Engine the Docker platform and its tests use, as this machine needs it: Debian's
# dockerd 20.10, started by hand (no init system runs it here), preferring offline images (there is no registry
# to pull from: images are built locally with `turnout build`). Idempotent: an engine that answers is left alone.
#
#   scripts/dockerd.sh start    # start it unless one answers on /var/run/docker.sock; wait until it answers
#   scripts/dockerd.sh stop     # stop the one this script started (by its PID file)
set -euo pipefail

SOCKET=/var/run/docker.sock
PIDFILE=/var/run/turnout-dockerd.pid
LOG=/var/log/turnout-dockerd.log
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

answers() { curl -s --max-time 2 --unix-socket "$SOCKET" http://localhost/v1.41/_ping 2>/dev/null | grep -q OK; }

case "${1:-}" in
    start)
        if answers; then echo "dockerd: already running"; exit 0; fi
        command -v dockerd >/dev/null || { echo "dockerd: not installed (scripts/setup.sh installs docker.io)" >&2; exit 1; }
        $SUDO env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 sh -c "nohup dockerd --pidfile $PIDFILE >>$LOG 2>&1 &"
        for _ in $(seq 1 60); do
            if answers; then echo "dockerd: running (log $LOG)"; exit 0; fi
            sleep 0.5
        done
        echo "dockerd: did not answer on $SOCKET within 30 s; the end of $LOG:" >&2
        tail -20 "$LOG" >&2
        exit 1
        ;;
    stop)
        if [ -f "$PIDFILE" ]; then
            pid=$(cat "$PIDFILE")
            $SUDO kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo "dockerd: stopped"; exit 0; }; sleep 0.5; done
            echo "dockerd: PID $pid did not stop" >&2
            exit 1
        fi
        echo "dockerd: not started by this script"
        ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
