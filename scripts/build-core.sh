#!/usr/bin/env bash
# Builds the C++ core natively (with its tests) and to WebAssembly (browser and Node modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc's own JavaScript needs Debian's node modules
jobs=$(nproc 2>/dev/null || echo 2)

what=${1:-all}
if [ "$what" = all ] || [ "$what" = native ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$jobs"
fi
if [ "$what" = all ] || [ "$what" = wasm ]; then
  started=$(mktemp)
  trap 'rm -f "$started"' EXIT
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-wasm -j"$jobs"
  # CMake relinks only what changed; a module it left alone is current as of this
  # build's start. Say so to scripts/check-core-fresh.cjs, which compares times, so
  # an edit that changed no module (a comment in CMakeLists.txt) is not stale forever.
  find js-shim/core -maxdepth 1 -name 'cbvm-core.*' ! -newer "$started" -exec touch -r "$started" {} +
fi
