#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for N seconds (default 60).
# Exits non-zero if any fuzzer finds a crash, leak, sanitizer report or timeout.
#
# Every <module>/<name>_fuzz.cpp is a fuzzer (cmake/PelModule.cmake builds it into
# build/fuzz/fuzzers/<name>_fuzz). Its corpus grows in build/fuzz/corpus/<name>_fuzz; a
# folder <module>/<name>_fuzz_corpus, when present, seeds it. Crash inputs are written to
# build/fuzz/artifacts/ and can be replayed with: build/fuzz/fuzzers/<name>_fuzz <file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target pel_fuzzers

# The sources decide which fuzzers exist, so a stale binary of a deleted source never runs.
mapfile -t sources < <(find . -path ./build -prune -o -name '*_fuzz.cpp' -print | sort)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "no *_fuzz.cpp sources found" >&2
  exit 1
fi

mkdir -p "$build/artifacts"
failed=()
for source in "${sources[@]}"; do
  name="$(basename "$source" .cpp)"
  fuzzer="$build/fuzzers/$name"
  corpus="$build/corpus/$name"
  log="$build/$name.log"
  mkdir -p "$corpus"
  seeds=()
  if [ -d "${source%.cpp}_corpus" ]; then seeds=("${source%.cpp}_corpus"); fi

  echo "-- $name (${seconds}s)"
  if [ ! -x "$fuzzer" ]; then
    echo "   FAILED: $fuzzer was not built (is $(dirname "$source") a pel_module with PEL_FUZZ?)"
    failed+=("$name")
    continue
  fi
  status=0
  "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$name-" "$corpus" "${seeds[@]}" >"$log" 2>&1 ||
    status=$?

  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  per_second="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  if [ "$status" -ne 0 ]; then
    echo "   FAILED (exit $status); log: $log"
    grep -E 'ERROR|SUMMARY|^[a-z0-9_]+_fuzz: |Test unit written' "$log" | head -n 20 | sed 's/^/   /'
    failed+=("$name")
  else
    echo "   ok: ${runs:-?} executions (${per_second:-?}/s), corpus $(ls "$corpus" | wc -l) inputs"
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzzers that failed: ${failed[*]}" >&2
  exit 1
fi
