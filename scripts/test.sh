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
run_suite() {  # name, counter, command...
  local name=$1 counter=$2
  shift 2
  section "$name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  "$counter" "$logs/$name.log"
  if [ "$rc" -ne 0 ]; then
    echo "!!! $name failed (exit $rc)"
    status=1
    grep -qE 'fail [1-9]|tests failed out of' "$logs/$name.log" || failed=$((failed + 1))
  fi
}

section setup
CBVM_NEED_BROWSER=1 CBVM_NEED_FUZZ=1 bash scripts/setup.sh || exit 1

section "build core (native and WebAssembly)"
bash scripts/build-core.sh || exit 1

run_suite core-native count_ctest ctest --test-dir build --output-on-failure -j2
# The native tests again under ASan + UBSan, then a bounded libFuzzer run over the JSON door.
run_suite core-sanitized count_ctest env CBVM_FUZZ_SECONDS="${CBVM_FUZZ_SECONDS:-45}" bash scripts/fuzz.sh
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
echo "tests: $passed passed, $failed failed"
exit $status
