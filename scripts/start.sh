#!/usr/bin/env bash
# `npm start`: runs the product on this machine. Installs what is missing,
# builds the core (WebAssembly) and the Flex plugin, then starts the Twilio API
# emulator, the Twilio Functions and the local Flex host, seeds a callback and a
# voicemail, and prints the URLs. Ctrl-C stops everything it started.
#
# Ports (environment): EMULATOR_PORT (3001), FUNCTIONS_PORT (3000), FLEX_PORT (8080).
# SEED_DEMO=0 starts with no demo tasks. SKIP_BUILD=1 reuses the last builds.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== setup"
  bash scripts/setup.sh
  echo "== build the core (WebAssembly)"
  bash scripts/build-core.sh wasm
  echo "== build the Flex plugin"
  npm run build -w plugin --silent
fi

echo "== start"
stack_pid=""
stop() {
  trap - INT TERM HUP EXIT
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    # The stack stops its own process groups on SIGTERM; wait for it to finish.
    kill -TERM "$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM HUP
trap stop EXIT

node local/bin/local-stack.js &
stack_pid=$!
set +e
wait "$stack_pid"
status=$?
set -e
stack_pid=""
exit "$status"
