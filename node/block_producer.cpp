#include "node/block_producer.hpp"

#include <cassert>
#include <cstdio>
#include <unordered_map>

#include "core/base_fee.hpp"
#include "crypto/clique.hpp"
#include "executor/block_execution.hpp"
#include "node/clique_header.hpp"

namespace pel {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Every account whose nonce or balance the block changed, with its new values: the
// changed fields from the block's changes, the others as they were before the block
// (`before`, the view the block executed on; those reads are cached from execution).
std::vector<TxPoolAccountUpdate> changed_accounts(const StateChanges& changes,
                                                  const StateView& before) {
  std::unordered_map<Address, TxPoolAccount> accounts;
  for (const auto& [key, value] : changes.values) {
    if (key.field != StateField::kBalance && key.field != StateField::kNonce) continue;
    auto [entry, inserted] = accounts.try_emplace(key.address);
    if (inserted) {
      entry->second.nonce = before.read(StateKey::nonce(key.address)).low64();
      entry->second.balance = before.read(StateKey::balance(key.address));
    }
    if (key.field == StateField::kBalance) {
      entry->second.balance = value;
    } else {
      entry->second.nonce = value.low64();
    }
  }
  std::vector<TxPoolAccountUpdate> updates;
  updates.reserve(accounts.size());
  for (const auto& [address, account] : accounts) updates.push_back({address, account});
  return updates;
}

}  // namespace

BlockProducer::BlockProducer(ChainStore& chain, TxPool& pool, ChainConfig config,
                             std::vector<Address> signers, ValidatorKey key,
                             ExecutorConfig executor, AfterCommit after_commit)
    : chain_(chain),
      pool_(pool),
      config_(std::move(config)),
      signers_(std::move(signers)),
      key_(key),
      executor_(TransferVm{}, executor),
      after_commit_(std::move(after_commit)) {}

uint64_t BlockProducer::next_gas_limit() const {
  auto head = chain_.head();
  return head ? head->header.gas_limit : 0;
}

Result<ProducedBlock> BlockProducer::produce(uint64_t now) {
  std::optional<ChainHead> head = chain_.head();
  if (!head) return make_error("the chain has no genesis block");
  std::unique_ptr<FlatStateView> state = chain_.head_state();
  assert(state && state->block_hash() == head->hash);  // one writer: this producer

  auto header = clique_child_header(head->header, head->hash, config_, now, key_.address, signers_);
  if (!header) return header.error();
  ProducedBlock produced;
  produced.number = header->number;
  produced.timestamp = header->timestamp;
  produced.base_fee = header->base_fee_per_gas.value_or(U256{});
  produced.gas_limit = header->gas_limit;

  auto select_start = Clock::now();
  std::vector<PooledTxnPtr> selected = pool_.select_for_block(produced.base_fee, header->gas_limit);
  std::vector<Transaction> txns;
  std::vector<Address> senders;
  txns.reserve(selected.size());
  senders.reserve(selected.size());
  uint64_t selected_gas = 0;
  for (const PooledTxnPtr& pooled : selected) {
    txns.push_back(pooled->txn);
    senders.push_back(pooled->sender);
    selected_gas += pooled->txn.gas_limit;
  }
  // No transfer fits in what the selection left: the pool may hold more.
  produced.full = header->gas_limit - selected_gas < 21'000 && !selected.empty();
  produced.select_ms = ms_since(select_start);

  BlockInput input{block_env(*header, config_), txns, senders};
  BlockOutput output = executor_.execute(input, *state);
  PEL_TRY(state->status());
  produced.metrics = output.metrics;
  produced.exec_ms = static_cast<double>(output.metrics.total_ns) / 1e6;

  // Drop the invalid transactions. They wrote nothing, so output.changes and the
  // others' outputs are already those of the block without them.
  std::vector<Transaction> included;
  std::vector<TxnOutput> outputs;
  included.reserve(txns.size());
  outputs.reserve(txns.size());
  for (size_t i = 0; i < txns.size(); ++i) {
    if (output.txns[i].result.status == TxnStatus::kInvalid) {
      assert(output.txns[i].writes.empty() && output.txns[i].result.gas_used == 0);
      pool_.remove(selected[i]->hash);
      ++produced.dropped;
      continue;
    }
    included.push_back(std::move(txns[i]));
    outputs.push_back(std::move(output.txns[i]));
  }
  produced.txns = included.size();
  produced.gas_used = output.gas_used;
  // The selection kept the gas limits within the block's, so no transaction can
  // break the block gas rule.
  assert(first_txn_over_block_gas(BlockInput{input.env, included, {}}, outputs) == included.size());

  auto commit_start = Clock::now();
  std::vector<Receipt> receipts = make_receipts(included, outputs);
  Block block;
  block.header = std::move(*header);
  block.body.transactions = std::move(included);
  if (block.header.withdrawals_root) block.body.withdrawals.emplace();
  const PrivateKey& key = key_.key;
  auto committed = chain_.commit_block(
      std::move(block), std::move(receipts), output.changes, RootsMode::kFill, state.get(),
      [&key](BlockHeader& sealed) { return clique_seal(sealed, key); });
  if (!committed) return committed.error();
  produced.hash = committed->hash;
  produced.commit_timings = committed->timings;
  produced.commit_ms = ms_since(commit_start);

  auto pool_start = Clock::now();
  if (after_commit_) after_commit_();
  auto base_fee = next_base_fee(committed->header, config_);
  std::vector<TxPoolAccountUpdate> updates = changed_accounts(output.changes, *state);
  TxPoolBlockUpdate update;
  update.next_base_fee = base_fee ? *base_fee : U256{};
  update.gas_limit = committed->header.gas_limit;
  update.updated_accounts = updates;
  pool_.on_new_block(update);
  produced.pool_update_ms = ms_since(pool_start);
  executor_.recycle(std::move(output));
  return produced;
}

std::string describe_block(const ProducedBlock& block) {
  char line[512];
  std::snprintf(line, sizeof line,
                "block %llu txns=%zu dropped=%zu gas=%llu exec=%.1fms re_executions=%llu "
                "commit=%.1fms mode=%s hash=%s",
                static_cast<unsigned long long>(block.number), block.txns, block.dropped,
                static_cast<unsigned long long>(block.gas_used), block.exec_ms,
                static_cast<unsigned long long>(block.metrics.re_executions), block.commit_ms,
                std::string(execution_mode_name(block.metrics.mode)).c_str(),
                block.hash.hex().c_str());
  return line;
}

}  // namespace pel
