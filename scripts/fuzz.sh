#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for N seconds (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for fuzzer in $(find build/fuzz -maxdepth 2 -type f -name '*_fuzz' -perm -u+x | sort); do
  echo "-- $fuzzer (${seconds}s)"
  "$fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=0 2>&1 | tail -n 3
done
