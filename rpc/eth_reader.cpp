#include "rpc/eth_reader.hpp"

#include "crypto/txn_crypto.hpp"
#include "executor/recover_senders.hpp"

namespace pel::rpc {

namespace {

constexpr size_t kMaxRecentTds = 4096;

}  // namespace

EthReader::EthReader(EthContext context) : context_(std::move(context)) {}

Result<ChainHead> EthReader::head() const {
  auto head = chain().head();
  if (!head) return make_error("the chain has no blocks yet");
  return std::move(*head);
}

Result<std::optional<BlockRef>> EthReader::find_block(const BlockNumberOrTag& block) const {
  auto head = this->head();
  if (!head) return head.error();
  uint64_t number = head->number;
  switch (block.tag) {
    case BlockTag::kLatest:
    case BlockTag::kPending:
    case BlockTag::kSafe:
    case BlockTag::kFinalized:
      return std::optional<BlockRef>(BlockRef{head->header, head->hash});
    case BlockTag::kEarliest:
      number = 0;
      break;
    case BlockTag::kNumber:
      number = block.number;
      break;
  }
  if (number > head->number) return std::optional<BlockRef>();
  if (number == head->number) return std::optional<BlockRef>(BlockRef{head->header, head->hash});
  auto hash = chain().canonical_hash(number);
  if (!hash) return hash.error();
  if (!hash->has_value()) return std::optional<BlockRef>();
  auto header = chain().header_by_hash(**hash);
  if (!header) return header.error();
  if (!header->has_value()) return std::optional<BlockRef>();
  return std::optional<BlockRef>(BlockRef{std::move(**header), **hash});
}

Result<std::optional<BlockRef>> EthReader::find_block(const Hash& hash) const {
  auto header = chain().header_by_hash(hash);
  if (!header) return header.error();
  if (!header->has_value()) return std::optional<BlockRef>();
  return std::optional<BlockRef>(BlockRef{std::move(**header), hash});
}

Result<std::optional<BlockRef>> EthReader::find_block(const BlockId& block) const {
  if (const auto* tag = std::get_if<BlockNumberOrTag>(&block)) return find_block(*tag);
  const auto& ref = std::get<BlockHashRef>(block);
  auto found = find_block(ref.hash);
  if (!found || !found->has_value() || !ref.require_canonical) return found;
  auto canonical = is_canonical(**found);
  if (!canonical) return canonical.error();
  if (!*canonical) return std::optional<BlockRef>();
  return found;
}

Result<bool> EthReader::is_canonical(const BlockRef& block) const {
  auto hash = chain().canonical_hash(block.header.number);
  if (!hash) return hash.error();
  return hash->has_value() && **hash == block.hash;
}

Result<BlockRef> EthReader::state_block(const BlockId& block) const {
  if (const auto* tag = std::get_if<BlockNumberOrTag>(&block)) {
    auto found = find_block(*tag);
    if (!found) return found.error();
    if (!found->has_value()) return make_error("header not found");
    return std::move(**found);
  }
  const auto& ref = std::get<BlockHashRef>(block);
  auto found = find_block(ref.hash);
  if (!found) return found.error();
  if (!found->has_value()) return make_error("header for hash not found");
  auto canonical = is_canonical(**found);
  if (!canonical) return canonical.error();
  // The store keeps the state of canonical blocks only, so a side block's state
  // cannot be read even without requireCanonical.
  if (!*canonical) return make_error("hash is not currently canonical");
  return std::move(**found);
}

Result<std::unique_ptr<EthBlockState>> EthReader::state_at(const BlockId& block) const {
  auto ref = state_block(block);
  if (!ref) return ref.error();
  return state_at(*ref);
}

Result<std::unique_ptr<EthBlockState>> EthReader::state_at(const BlockRef& block) const {
  std::unique_ptr<FlatStateView> flat = chain().head_state();
  if (flat && (flat->block_number() != block.header.number || flat->block_hash() != block.hash)) {
    flat.reset();  // the head moved on (or this is an older block): read through the trie
  }
  return std::make_unique<EthBlockState>(chain(), block.header.number, std::move(flat));
}

Result<BlockBody> EthReader::body(const BlockRef& block) const {
  auto body = chain().body_by_hash(block.hash);
  if (!body) return body.error();
  if (!body->has_value()) return make_error("body of block " + block.hash.hex() + " not found");
  return std::move(**body);
}

Result<std::vector<Receipt>> EthReader::receipts(const BlockRef& block) const {
  auto receipts = chain().receipts_by_hash(block.hash);
  if (!receipts) return receipts.error();
  if (!receipts->has_value()) {
    return make_error("receipts of block " + block.hash.hex() + " not found");
  }
  return std::move(**receipts);
}

Result<U256> EthReader::total_difficulty(const BlockRef& block) const {
  auto cached = [&](const Hash& hash) -> std::optional<U256> {
    std::lock_guard lock(td_mutex_);
    if (auto it = td_recent_.find(hash); it != td_recent_.end()) return it->second;
    if (auto it = td_checkpoints_.find(hash); it != td_checkpoints_.end()) return it->second;
    return std::nullopt;
  };
  // Walk back to a block whose total is known (or genesis), adding difficulties.
  // `above` remembers, for each checkpoint passed, the difficulty added before it.
  U256 added;
  U256 base;
  std::vector<std::pair<Hash, U256>> passed_checkpoints;
  BlockHeader header = block.header;
  Hash hash = block.hash;
  while (true) {
    if (auto known = cached(hash)) {
      base = *known;
      break;
    }
    if (header.number % kTdCheckpoint == 0) passed_checkpoints.emplace_back(hash, added);
    added += header.difficulty;
    if (header.number == 0) break;
    hash = header.parent_hash;
    auto parent = chain().header_by_hash(hash);
    if (!parent) return parent.error();
    if (!parent->has_value()) {
      return make_error("header " + hash.hex() + " (parent of block " +
                        std::to_string(header.number) + ") not found");
    }
    header = std::move(**parent);
  }
  U256 total = base + added;
  std::lock_guard lock(td_mutex_);
  // Each checkpoint's total is the block's minus what lies above the checkpoint.
  for (const auto& [checkpoint, above] : passed_checkpoints)
    td_checkpoints_[checkpoint] = total - above;
  if (td_recent_.size() >= kMaxRecentTds) td_recent_.clear();
  td_recent_[block.hash] = total;
  return total;
}

std::vector<Hash> EthReader::txn_hashes(std::span<const Transaction> txns) {
  std::vector<Hash> hashes;
  hashes.reserve(txns.size());
  for (const Transaction& txn : txns) hashes.push_back(txn_hash(txn));
  return hashes;
}

Result<std::vector<Address>> EthReader::senders(std::span<const Transaction> txns) {
  if (txns.size() == 1) {
    auto sender = recover_sender(txns[0]);
    if (!sender) return sender.error();
    return std::vector<Address>{*sender};
  }
  return recover_senders(txns);
}

}  // namespace pel::rpc
