#!/usr/bin/env bash
# Install the Debian packages handbook needs (listed in scripts/system-packages.txt);
# without root, name the missing ones and stop.
# Usage: scripts/setup-system.sh [--with-tests]
set -euo pipefail
cd "$(dirname "$0")"

wanted="build"
[[ "${1:-}" == "--with-tests" ]] && wanted="build|test"
mapfile -t packages < <(awk -v want="^($wanted)\$" '!/^#/ && NF && $2 ~ want {print $1}' system-packages.txt)
if [[ "$wanted" != "build" ]]; then
    # npm installs axe-core and Lighthouse for the browser tests; any node >= 18.16 will do, so
    # Debian's packages are needed only when no npm is installed at all.
    command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them as root:  apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
