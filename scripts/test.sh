#!/usr/bin/env bash
# Runs every test of the product: installs what is missing, builds the core
# natively and to WebAssembly, then runs each suite and prints one total.
set -uo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
status=0

section() { printf '\n=== %s ===\n' "$1"; }

# Adds a suite's counts to the total from its runner's own summary lines.
count_node() {  # node --test: "# pass N" / "# fail N"
  local p f
  p=$(grep -E '^(# |ℹ )pass [0-9]+' "$1" | tail -n1 | grep -oE '[0-9]+$')
  f=$(grep -E '^(# |ℹ )fail [0-9]+' "$1" | tail -n1 | grep -oE '[0-9]+$')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_ctest() {  # "100% tests passed, 0 tests failed out of 339"
  local line total f
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$1" | tail -n1)
  total=$(echo "$line" | grep -oE 'out of [0-9]+' | grep -oE '[0-9]+')
  f=$(echo "$line" | grep -oE '[0-9]+ tests failed' | grep -oE '^[0-9]+')
  passed=$((passed + ${total:-0} - ${f:-0})); failed=$((failed + ${f:-0}))
}
count_gtest() {  # "[==========] 1087 tests from 19 test suites ran." / "[  FAILED  ] 2 tests, listed below:"
  local total f
  total=$(grep -E '^\[==========\] [0-9]+ tests? from' "$1" | tail -n1 | grep -oE '[0-9]+' | head -n1)
  f=$(grep -E '^\[  FAILED  \] [0-9]+ tests?,' "$1" | tail -n1 | grep -oE '[0-9]+' | head -n1)
  passed=$((passed + ${total:-0} - ${f:-0})); failed=$((failed + ${f:-0}))
}
run_suite() {  # name, counter, command...
  local name=$1 counter=$2
  shift 2
  section "$name"
  local started=$SECONDS
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "--- $name took $((SECONDS - started)) s"
  "$counter" "$logs/$name.log"
  if [ "$rc" -ne 0 ]; then
    echo "!!! $name failed (exit $rc)"
    status=1
    grep -qE 'fail [1-9]|tests failed out of|^\[  FAILED  \] [0-9]' "$logs/$name.log" || failed=$((failed + 1))
  fi
}

section setup
ci_started=$SECONDS
CBVM_NEED_BROWSER=1 CBVM_NEED_FUZZ=1 bash scripts/setup.sh || exit 1

section "build core (native and WebAssembly)"
bash scripts/build-core.sh || exit 1

# One process runs every native test (ctest starts one per test: 60 s instead of 2 s here).
run_suite core-native count_gtest ./build/cbvm_core_tests --gtest_brief=1
# The native tests again under ASan + UBSan, then a bounded libFuzzer run over the JSON door.
run_suite core-sanitized count_gtest env CBVM_FUZZ_SECONDS="${CBVM_FUZZ_SECONDS:-45}" bash scripts/fuzz.sh
run_suite core-wasm count_node node --test tests/wasm/
run_suite js-shim count_node npm test -w js-shim --silent
for ws in emulator serverless deploy plugin; do
  if [ -f "$ws/package.json" ] && node -e "process.exit(require('./$ws/package.json').scripts?.test ? 0 : 1)"; then
    run_suite "$ws" count_node npm test -w "$ws" --silent
  fi
done

# The end-to-end suite drives the bundle the plugin's build writes: build it first.
section "build the Flex plugin"
npm run build -w plugin --silent || exit 1
run_suite e2e count_node node --test tests/e2e/

echo
echo "tests: $passed passed, $failed failed (in $((SECONDS - ci_started)) s)"
exit $status
