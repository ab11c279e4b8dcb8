#!/usr/bin/env bash
# The core under sanitizers: the native tests built with ASan + UBSan, then
# libFuzzer over the JSON door (every decision), seeded from the golden vectors.
#   bash scripts/fuzz.sh            # tests, then 60 s of fuzzing (CBVM_FUZZ_SECONDS)
# Prints libFuzzer's executions; a finding stops it with the input saved in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${CBVM_FUZZ_SECONDS:-60}
jobs=$(nproc 2>/dev/null || echo 2)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCBVM_SANITIZE=ON -DCBVM_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The test binary runs every test in one process (ctest would start one per test).
./build-fuzz/cbvm_core_tests --gtest_brief=1

corpus=build-fuzz/corpus
rm -rf "$corpus"
node tests/fuzz/seed-corpus.mjs "$corpus"
# -max_len bounds an input well below the 1 MiB the door reads; -rss_limit_mb keeps it within the machine.
./build-fuzz/cbvm_fuzz_api "$corpus" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/ -print_final_stats=1 2>&1 | tail -n 25
