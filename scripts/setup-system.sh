#!/usr/bin/env bash
# Install the Debian packages handbook needs; without root, name the missing ones and stop.
# Usage: scripts/setup-system.sh [--with-tests]
set -euo pipefail

packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk graphviz poppler-utils libgs-common)
if [[ "${1:-}" == "--with-tests" ]]; then
    packages+=(chromium zbar-tools)
    # npm installs axe-core for the browser tests; any node >= 18 will do, so
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
