#!/usr/bin/env bash
# Builds FROM-scratch container images turnout-api:VERSION and turnout-worker:VERSION.
#
# Each image holds the release binary plus its ldd closure (dynamic loader,
# glibc, libhiredis, the Swift runtime from the toolchain), nothing else.
# Usage: scripts/build-images.sh VERSION
#   ASSEMBLE_ONLY=1  assemble the build contexts under .build/images/ and skip `docker build`.
set -euo pipefail

VERSION="${1:-}"
if [[ ! "$VERSION" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
    echo "usage: $0 VERSION   (VERSION: letters, digits, '.', '_', '-'; a valid docker tag)" >&2
    exit 64
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "==> building release binaries"
swift build -c release --product turnout-api
swift build -c release --product turnout-worker
BIN_DIR="$(swift build -c release --show-bin-path)"

# Copies a file into the rootfs at the same absolute path, following symlinks.
copy_into() {
    local source="$1" rootfs="$2"
    mkdir -p "$rootfs$(dirname "$source")"
    cp -L "$source" "$rootfs$source"
}

assemble() {
    local product="$1" context="$2"
    local rootfs="$context/rootfs"
    rm -rf "$context"
    mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp"
    chmod 1777 "$rootfs/tmp"
    cp "$BIN_DIR/$product" "$rootfs/usr/local/bin/$product"
    strip "$rootfs/usr/local/bin/$product" 2>/dev/null || true

    # The ldd closure: "name => /path (addr)" lines and the loader "/lib64/ld-linux... (addr)".
    local libs
    libs="$(ldd "$BIN_DIR/$product" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' | sort -u)"
    if ldd "$BIN_DIR/$product" | grep -q "not found"; then
        echo "error: unresolved libraries for $product:" >&2
        ldd "$BIN_DIR/$product" | grep "not found" >&2
        exit 1
    fi
    local lib
    for lib in $libs; do
        copy_into "$lib" "$rootfs"
    done

    printf 'root:x:0:0:root:/:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' > "$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
    printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"

    local env_lines expose
    if [[ "$product" == "turnout-api" ]]; then
        env_lines="ENV TURNOUT_HOST=0.0.0.0 TURNOUT_PORT=8080 TURNOUT_VERSION=$VERSION"
        expose="EXPOSE 8080"
    else
        env_lines="ENV TURNOUT_METRICS_HOST=0.0.0.0 TURNOUT_METRICS_PORT=9100 TURNOUT_VERSION=$VERSION"
        expose="EXPOSE 9100"
    fi
    cat > "$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
$env_lines
$expose
USER 65534:65534
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/$product"]
DOCKERFILE
    echo "==> assembled $context ($(du -sh "$rootfs" | cut -f1))"
}

for product in turnout-api turnout-worker; do
    context="$ROOT/.build/images/$product"
    assemble "$product" "$context"
    if [[ "${ASSEMBLE_ONLY:-0}" == "1" ]]; then
        continue
    fi
    echo "==> docker build $product:$VERSION"
    docker build --label "org.opencontainers.image.version=$VERSION" -t "$product:$VERSION" "$context"
done
echo "==> done: turnout-api:$VERSION turnout-worker:$VERSION"
