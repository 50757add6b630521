#!/usr/bin/env bash
# Installs dependencies, builds the release preset and starts the validator node
# on ./genesis.json with its RocksDB data directory in ./data. Extra flags pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target pel
exec build/release/node/pel run --genesis ./genesis.json --datadir ./data "$@"
