# Sourced by scripts/setup.sh and scripts/build-kubernetes.sh: sets SUDO (empty when running as root) and
# defines apt_install_missing, which installs the Debian packages that are not installed yet.

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "$(basename "$0"): run as root or install sudo" >&2; exit 1
    fi
fi

# apt_install_missing WHO PACKAGE...: installs those of PACKAGE that are missing, saying so as WHO.
apt_install_missing() {
    local who="$1" package missing=()
    shift
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    echo "$who: installing ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
