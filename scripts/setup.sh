#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for AlignScope: Debian's Python packages for
# the model forge (no Python registry is used), Debian's Chromium for the end-to-end tests
# and benchmarks (Playwright's own browser download does not work here) and the npm
# dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(python3 python3-torch python3-onnx python3-numpy python3-regex libopenblas0-pthread chromium)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# .npmrc skips onnxruntime-node's download step; its CPU binary ships in the package.
npm ci --no-audit --no-fund
