#!/usr/bin/env bash
# Installs what the product needs on a fresh Debian machine: only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
command -v emcc >/dev/null || need_apt+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
[ -f /usr/include/gtest/gtest.h ] || need_apt+=(googletest libgtest-dev)
# The core's zone rules are generated from it, and tests compare against it.
[ -f /usr/share/zoneinfo/tzdata.zi ] || need_apt+=(tzdata)
if [ "${CBVM_NEED_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
# Fonts for the plugin's Thai and Chinese strings in that browser (else they draw as boxes): Loma
# (0.2 MB) and WenQuanYi Micro Hei (1.6 MB) rather than Noto CJK (56 MB).
if [ "${CBVM_NEED_BROWSER:-0}" = 1 ]; then
  fc-list :lang=th 2>/dev/null | grep -q . || need_apt+=(fonts-tlwg-loma-ttf)
  fc-list :lang=zh-cn 2>/dev/null | grep -q . || need_apt+=(fonts-wqy-microhei)
fi
# The sanitizer build and the fuzz target (scripts/fuzz.sh) need clang and its libFuzzer runtime.
if [ "${CBVM_NEED_FUZZ:-0}" = 1 ]; then
  command -v clang++ >/dev/null || need_apt+=(clang)
  compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null || need_apt+=(libclang-rt-14-dev)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi

# npm packages: install when the lock file changed since the last install.
stamp=node_modules/.cbvm-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "setup: installing npm packages"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  touch "$stamp"
fi
