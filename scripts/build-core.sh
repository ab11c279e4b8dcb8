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
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-wasm -j"$jobs"
fi
