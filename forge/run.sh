#!/usr/bin/env bash
# Runs the model forge with Debian's interpreter, which is the one that sees Debian's
# python3-torch and python3-onnx (the python3 first on PATH may be another).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
  echo "forge: $PY not found; install Debian's python3 with: apt-get install -y python3 python3-torch python3-onnx python3-regex libopenblas0-pthread" >&2
  exit 1
fi
exec "$PY" forge/build.py "$@"
