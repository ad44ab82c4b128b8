#!/usr/bin/env bash
# The whole test suite: set up, build the ci preset and run every test through ctest, then the same suite
# built with AddressSanitizer and UndefinedBehaviorSanitizer (asan preset).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
jobs="$(nproc)"
for preset in ci asan; do
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset"
done
