#include "node/export_import.hpp"

#include <chrono>
#include <fstream>
#include <iterator>

#include "core/rlp.hpp"
#include "crypto/header_hash.hpp"
#include "crypto/txn_crypto.hpp"
#include "executor/block_execution.hpp"
#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "node/clique_header.hpp"
#include "state/trie_builder.hpp"

namespace pel {
namespace {

std::string block_prefix(uint64_t number) {
  return "block " + std::to_string(number) + ": ";
}

// Checked before executing: a changed byte in any transaction shows here, named as
// the field it breaks, rather than as whatever its re-recovered sender trips over.
Status check_transactions_root(const Block& block) {
  std::vector<Bytes> encoded;
  encoded.reserve(block.body.transactions.size());
  for (const Transaction& txn : block.body.transactions) {
    encoded.push_back(encode_transaction(txn));
  }
  const Hash root = ordered_trie_root(encoded);
  if (root == block.header.transactions_root) return {};
  return make_error(block_prefix(block.header.number) + "transactions root mismatch: header has " +
                    block.header.transactions_root.hex() + ", block gives " + root.hex());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<Bytes> export_blocks(const ChainStore& store, uint64_t from, uint64_t to) {
  Bytes out;
  for (uint64_t number = from; number <= to; ++number) {
    auto hash = store.canonical_hash(number);
    if (!hash) return hash.error();
    if (!*hash) return make_error(block_prefix(number) + "not in the canonical chain");
    auto header = store.header_by_hash(**hash);
    if (!header) return header.error();
    auto body = store.body_by_hash(**hash);
    if (!body) return body.error();
    if (!*header || !*body) return make_error(block_prefix(number) + "header or body missing");
    Bytes encoded = encode_block(Block{std::move(**header), std::move(**body)});
    out.insert(out.end(), encoded.begin(), encoded.end());
  }
  return out;
}

Result<std::vector<BytesView>> split_block_file(BytesView file) {
  std::vector<BytesView> blocks;
  rlp::Decoder items(file);
  while (!items.empty()) {
    const size_t offset = file.size() - items.rest().size();
    auto header = items.peek_header();
    if (!header || !header->is_list) {
      return make_error("chain file: the item at byte " + std::to_string(offset) +
                        " is not an RLP block" +
                        (header ? std::string() : ": " + header.error().message));
    }
    auto raw = items.read_raw();
    if (!raw) return raw.error();
    blocks.push_back(*raw);
  }
  return blocks;
}

Result<ImportSummary> import_blocks(ChainStore& store, const Genesis& genesis,
                                    std::span<const BytesView> blocks, const ImportOptions& options,
                                    const ImportProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  ExecutorConfig config;
  config.threads = options.threads;
  config.sequential = options.sequential;
  BlockExecutor<TransferVm> executor(TransferVm{}, config);
  ImportSummary summary;

  for (size_t i = 0; i < blocks.size(); ++i) {
    auto decoded = decode_block(blocks[i]);
    if (!decoded) {
      return make_error("block " + std::to_string(i) + " of the file: " + decoded.error().message);
    }
    Block& block = *decoded;
    const uint64_t number = block.header.number;
    const std::string prefix = block_prefix(number);
    const std::optional<ChainHead> head = store.head();
    if (!head) return make_error("the data directory has no genesis");

    if (number <= head->number) {
      auto stored = store.canonical_hash(number);
      if (!stored) return stored.error();
      const Hash hash = block_hash(block);
      if (*stored && **stored == hash) {
        ++summary.skipped;
        continue;
      }
      return make_error(prefix + "differs from the stored block " + std::to_string(number) + " (" +
                        (*stored ? (*stored)->hex() : std::string("none")) +
                        "): the file's block is " + hash.hex());
    }
    if (number != head->number + 1) {
      return make_error(prefix + "does not extend the head (block " + std::to_string(head->number) +
                        ")");
    }
    if (block.header.parent_hash != head->hash) {
      return make_error(prefix + "parent hash mismatch: header has " +
                        block.header.parent_hash.hex() + ", the head is " + head->hash.hex());
    }
    const auto block_started = std::chrono::steady_clock::now();
    PEL_TRY(
        verify_clique_header(block.header, head->header, genesis.config, genesis.clique_signers));
    PEL_TRY(check_transactions_root(block));

    const std::vector<Transaction>& txns = block.body.transactions;
    auto senders = executor.recover_senders(txns);
    if (!senders) return make_error(prefix + "invalid sender: " + senders.error().message);
    std::unique_ptr<FlatStateView> view = store.head_state();
    const BlockInput input{block_env(block.header, genesis.config), txns, *senders};
    BlockOutput output = executor.execute(input, *view);
    if (Status read = view->status(); !read) return make_error(prefix + read.error().message);
    std::vector<Hash> hashes(txns.size());
    for (size_t t = 0; t < txns.size(); ++t) hashes[t] = txn_hash(txns[t]);
    if (Status valid = check_block_execution(input, output, hashes); !valid) {
      return make_error(prefix + valid.error().message);
    }
    std::vector<Receipt> receipts = make_receipts(txns, output.txns);
    const size_t txn_count = txns.size();
    auto committed = store.commit_block(std::move(block), std::move(receipts), output.changes,
                                        RootsMode::kCheck, view.get());
    if (!committed) {
      const std::string& message = committed.error().message;
      return make_error(message.rfind("block ", 0) == 0 ? message : prefix + message);
    }
    if (summary.imported == 0) summary.first = number;
    summary.last = number;
    ++summary.imported;
    summary.txns += txn_count;
    summary.gas_used += output.gas_used;
    if (progress) progress({number, txn_count, output.gas_used, seconds_since(block_started)});
    executor.recycle(std::move(output));
  }
  summary.seconds = seconds_since(started);
  return summary;
}

Result<Bytes> read_binary_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + path);
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error("cannot read " + path);
  return bytes;
}

Status write_binary_file(const std::string& path, BytesView bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error("cannot write " + path);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return make_error("cannot write " + path);
  return {};
}

}  // namespace pel
