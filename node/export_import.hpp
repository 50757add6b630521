#pragma once
// Chain files as geth writes them with `geth export`: blocks as RLP, one after the
// other, nothing in between. `pel export` writes a range of the canonical chain;
// `pel import` executes and verifies every block of such a file on a data directory
// that shares the chain's genesis.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/bytes.hpp"
#include "core/genesis.hpp"
#include "core/result.hpp"
#include "state/chain_store.hpp"

namespace pel {

// Canonical blocks from..to (inclusive) as concatenated RLP. An error when a block
// in the range is missing.
Result<Bytes> export_blocks(const ChainStore& store, uint64_t from, uint64_t to);

// Splits a chain file into its blocks' encodings (not yet decoded). An error names
// the byte offset of an item that is not a whole RLP list.
Result<std::vector<BytesView>> split_block_file(BytesView file);

struct ImportOptions {
  unsigned threads = 0;  // executor and sender-recovery workers; 0: one per core
  bool sequential = false;
};

struct ImportProgress {
  uint64_t number = 0;  // the block just imported
  size_t txns = 0;
  uint64_t gas_used = 0;
  double seconds = 0;  // executing and committing it
};

struct ImportSummary {
  size_t imported = 0;
  size_t skipped = 0;  // already present with the same hash
  uint64_t txns = 0;
  uint64_t gas_used = 0;
  uint64_t first = 0;  // numbers of the first and last imported blocks (when imported > 0)
  uint64_t last = 0;
  double seconds = 0;
};

// Imports `blocks` (encodings, in chain order) into `store`, whose genesis must be
// `genesis`: per block, decode, check the clique header against its parent (signers
// from the genesis), the transactions root, recover senders, execute, check every
// transaction was valid, and commit verifying state root, receipts root, bloom and
// gas used. Blocks the store already holds (same hash) are skipped. Stops at the
// first block that does not verify: "block 7: state root mismatch: header has ..".
using ImportProgressFn = std::function<void(const ImportProgress&)>;
Result<ImportSummary> import_blocks(ChainStore& store, const Genesis& genesis,
                                    std::span<const BytesView> blocks, const ImportOptions& options,
                                    const ImportProgressFn& progress = {});

// Reads a whole file into memory; writes bytes to a file (replacing it).
Result<Bytes> read_binary_file(const std::string& path);
Status write_binary_file(const std::string& path, BytesView bytes);

}  // namespace pel
