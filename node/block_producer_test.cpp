// The block producer on a real store in a temporary directory, with the project's dev
// genesis: blocks carry the pool's transactions, invalid ones are dropped and leave
// the pool, the base fee follows EIP-1559, headers are clique-sealed and verify,
// receipts are stored, and a reopened store continues where it stopped.
#include "node/block_producer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/base_fee.hpp"
#include "crypto/clique.hpp"
#include "executor/block_execution.hpp"
#include "node/clique_header.hpp"
#include "node/dev_accounts.hpp"
#include "node/genesis_file.hpp"
#include "node/state_account_reader.hpp"
#include "node/txpool_test_support.hpp"
#include "state/chain_store_test_util.hpp"

namespace pel {
namespace {

using store_test::TempDir;
using txpool_test::kGwei;
using txpool_test::MapAccounts;
using txpool_test::TxnSpec;

constexpr uint64_t kDevChainId = 1337;

Genesis dev_genesis() {
  auto genesis = load_genesis_file(
      (std::filesystem::path(__FILE__).parent_path().parent_path() / "genesis.json").string());
  EXPECT_TRUE(genesis.ok()) << genesis.error().message;
  return *genesis;
}

const DevAccount& dev(size_t i) {
  return dev_accounts()[i];
}

Address recipient() {
  Address to;
  to.bytes[19] = 0xee;  // txpool_test::signed_txn's recipient
  return to;
}

Bytes transfer(const PrivateKey& key, uint64_t nonce, uint64_t value = 1000) {
  TxnSpec spec;
  spec.nonce = nonce;
  spec.chain_id = kDevChainId;
  spec.value = value;
  return txpool_test::signed_raw(key, spec);
}

// A store, a pool over the committed head (or over `lying_accounts` when given, to
// let through transactions the chain will find invalid) and a producer signing with
// dev account 0, the genesis signer.
class Producer {
 public:
  Producer(const std::string& dir, const AccountReader* lying_accounts = nullptr)
      : genesis_(dev_genesis()) {
    auto chain = ChainStore::open_with_genesis(dir, genesis_, store_test::fast_options());
    EXPECT_TRUE(chain.ok()) << chain.error().message;
    chain_ = std::move(*chain);
    reader_ = std::make_unique<StateAccountReader>(*chain_);
    TxPoolConfig config;
    config.chain_id = kDevChainId;
    config.block_gas_limit = genesis_.header_gas_limit();
    U256 base_fee = next_base_fee(chain_->head()->header, genesis_.config).value();
    pool_ = std::make_unique<TxPool>(config, lying_accounts ? *lying_accounts : *reader_, base_fee);
    ExecutorConfig executor;
    executor.threads = 2;
    producer_ = std::make_unique<BlockProducer>(
        *chain_, *pool_, genesis_.config, genesis_.clique_signers,
        ValidatorKey{dev(0).key, dev(0).address}, executor, [this] { reader_->refresh(); });
  }

  ProducedBlock produce(uint64_t now = 0) {
    auto block = producer_->produce(now);
    EXPECT_TRUE(block.ok()) << block.error().message;
    return block.ok() ? *block : ProducedBlock{};
  }
  Hash submit(const Bytes& raw) {
    auto hash = pool_->submit_raw(raw);
    EXPECT_TRUE(hash.ok()) << hash.error().message;
    return hash.ok() ? *hash : Hash{};
  }
  U256 balance(const Address& address) {
    auto account = chain_->account_at(chain_->head()->number, address);
    EXPECT_TRUE(account.ok());
    return account.ok() && account->has_value() ? (*account)->balance : U256{};
  }
  // The head header verifies against its parent as an importer checks it.
  void expect_head_verifies() {
    ChainHead head = *chain_->head();
    auto parent = chain_->header_by_number(head.number - 1);
    ASSERT_TRUE(parent.ok() && parent->has_value());
    Status verified =
        verify_clique_header(head.header, **parent, genesis_.config, genesis_.clique_signers);
    EXPECT_TRUE(verified.ok()) << verified.error().message;
    auto signer = clique_signer(head.header);
    ASSERT_TRUE(signer.ok());
    EXPECT_EQ(*signer, dev(0).address);
  }

  Genesis genesis_;
  std::unique_ptr<ChainStore> chain_;
  std::unique_ptr<StateAccountReader> reader_;
  std::unique_ptr<TxPool> pool_;
  std::unique_ptr<BlockProducer> producer_;
};

TEST(BlockProducer, IncludesPoolTransactionsInSealedBlocks) {
  TempDir dir;
  Producer node(dir.str());
  U256 before = node.balance(dev(1).address);
  node.submit(transfer(dev(1).key, 0));
  node.submit(transfer(dev(1).key, 1));
  node.submit(transfer(dev(2).key, 0));
  Hash third = node.submit(transfer(dev(1).key, 2));

  ProducedBlock block = node.produce();
  EXPECT_EQ(block.number, 1u);
  EXPECT_EQ(block.txns, 4u);
  EXPECT_EQ(block.dropped, 0u);
  EXPECT_EQ(block.gas_used, 4 * 21'000u);
  EXPECT_EQ(block.timestamp, 1u);  // the parent's time plus the clique period
  EXPECT_EQ(node.chain_->head()->hash, block.hash);
  EXPECT_EQ(node.chain_->head()->header.gas_used, 4 * 21'000u);
  node.expect_head_verifies();

  // Included transactions left the pool; the store indexes them with receipts.
  EXPECT_EQ(node.pool_->stats().pending, 0u);
  EXPECT_EQ(node.pool_->find(third), nullptr);
  EXPECT_EQ(node.pool_->pending_nonce(dev(1).address), 3u);
  auto location = node.chain_->txn_location(third);
  ASSERT_TRUE(location.ok() && location->has_value());
  EXPECT_EQ((*location)->block_number, 1u);
  auto receipts = node.chain_->receipts_by_hash(block.hash);
  ASSERT_TRUE(receipts.ok() && receipts->has_value());
  ASSERT_EQ((*receipts)->size(), 4u);
  EXPECT_EQ((*receipts)->back().cumulative_gas_used, 4 * 21'000u);
  EXPECT_TRUE((*receipts)->back().success);

  // Each transfer moved 1000 wei and paid 21000 gas at the base fee plus a 1 gwei tip.
  U256 price = block.base_fee + U256(kGwei);
  EXPECT_EQ(node.balance(recipient()), U256(4000));
  EXPECT_EQ(node.balance(dev(1).address), before - U256(3000) - U256(3 * 21'000) * price);
}

TEST(BlockProducer, BaseFeeFollowsEip1559AndEmptyBlocksAreMade) {
  TempDir dir;
  Producer node(dir.str());
  // The genesis has 1 gwei and a 1e9 gas limit: empty blocks lower the fee by 1/8.
  ProducedBlock first = node.produce();
  EXPECT_EQ(first.txns, 0u);
  EXPECT_EQ(first.base_fee, U256(875'000'000));
  node.expect_head_verifies();
  ProducedBlock second = node.produce();
  EXPECT_EQ(second.base_fee, U256(765'625'000));
  EXPECT_EQ(second.number, 2u);
  EXPECT_EQ(second.timestamp, 2u);
  // A clock ahead of the chain sets the time.
  ProducedBlock third = node.produce(1'700'000'000);
  EXPECT_EQ(third.timestamp, 1'700'000'000u);
  node.expect_head_verifies();
  EXPECT_EQ(node.chain_->head()->header.base_fee_per_gas, U256(669'921'875));
}

TEST(BlockProducer, InvalidTransactionsAreDroppedAndLeaveThePool) {
  TempDir dir;
  // The pool believes a key without funds is rich and dev account 3 is at nonce 5.
  MapAccounts lying;
  PrivateKey broke = txpool_test::test_key(7);
  lying.set(txpool_test::address_of_key(broke), 0, U256(kGwei) * U256(kGwei));
  lying.set(dev(1).address, 0, U256(kGwei) * U256(kGwei));
  lying.set(dev(3).address, 5, U256(kGwei) * U256(kGwei));
  Producer node(dir.str(), &lying);
  Hash valid0 = node.submit(transfer(dev(1).key, 0));
  Hash no_funds = node.submit(transfer(broke, 0));
  Hash valid1 = node.submit(transfer(dev(1).key, 1));
  Hash nonce_gap = node.submit(transfer(dev(3).key, 5));
  ASSERT_EQ(node.pool_->stats().pending, 4u);

  ProducedBlock block = node.produce();
  EXPECT_EQ(block.txns, 2u);
  EXPECT_EQ(block.dropped, 2u);
  EXPECT_EQ(block.gas_used, 2 * 21'000u);
  EXPECT_EQ(node.pool_->find(no_funds), nullptr);
  EXPECT_EQ(node.pool_->find(nonce_gap), nullptr);
  EXPECT_EQ(node.pool_->stats().pending + node.pool_->stats().queued, 0u);
  for (const Hash& hash : {valid0, valid1}) {
    auto location = node.chain_->txn_location(hash);
    ASSERT_TRUE(location.ok() && location->has_value());
  }
  auto body = node.chain_->body_by_hash(block.hash);
  ASSERT_TRUE(body.ok() && body->has_value());
  EXPECT_EQ((*body)->transactions.size(), 2u);
  node.expect_head_verifies();
  EXPECT_EQ(node.balance(recipient()), U256(2000));
}

// The producer's reasoning: invalid transactions write nothing and use no gas, so the
// block with them filtered out gives the same outputs, changes and gas as executing
// the valid ones alone (Block-STM on every block here, whatever its size).
TEST(BlockProducer, DroppingInvalidTransactionsChangesNothingElse) {
  TempDir dir;
  Producer node(dir.str());
  Genesis genesis = dev_genesis();
  BlockHeader header =
      clique_child_header(node.chain_->head()->header, node.chain_->head()->hash, genesis.config, 0,
                          dev(0).address, genesis.clique_signers)
          .value();
  auto txn = [](const PrivateKey& key, uint64_t nonce, uint64_t value) {
    TxnSpec spec;
    spec.nonce = nonce;
    spec.chain_id = kDevChainId;
    spec.value = value;
    return txpool_test::signed_txn(key, spec);
  };
  PrivateKey broke = txpool_test::test_key(9);
  std::vector<Transaction> all;
  std::vector<Address> senders;
  std::vector<bool> valid;
  auto add = [&](Transaction t, const Address& sender, bool ok) {
    all.push_back(std::move(t));
    senders.push_back(sender);
    valid.push_back(ok);
  };
  for (uint64_t n = 0; n < 40; ++n) {
    add(txn(dev(1 + n % 4).key, n / 4, 1000 + n), dev(1 + n % 4).address, true);
    if (n % 5 == 0) add(txn(broke, 0, 1), txpool_test::address_of_key(broke), false);
    if (n % 7 == 0) add(txn(dev(6).key, 100 + n, 1), dev(6).address, false);  // nonce gap
  }
  std::vector<Transaction> kept_txns;
  std::vector<Address> kept_senders;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!valid[i]) continue;
    kept_txns.push_back(all[i]);
    kept_senders.push_back(senders[i]);
  }
  ExecutorConfig config;
  config.threads = 4;
  config.adaptive = false;  // Block-STM even for a small block
  config.declared_access = false;
  BlockExecutor<TransferVm> executor(TransferVm{}, config);
  auto state = node.chain_->head_state();
  BlockEnv env = block_env(header, genesis.config);
  BlockOutput with_invalid = executor.execute(BlockInput{env, all, senders}, *state);
  BlockOutput without = executor.execute(BlockInput{env, kept_txns, kept_senders}, *state);

  std::vector<TxnOutput> filtered;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(with_invalid.txns[i].result.status == TxnStatus::kInvalid, !valid[i]) << i;
    if (!valid[i]) {
      EXPECT_TRUE(with_invalid.txns[i].writes.empty());
      EXPECT_EQ(with_invalid.txns[i].result.gas_used, 0u);
      continue;
    }
    filtered.push_back(with_invalid.txns[i]);
  }
  EXPECT_EQ(filtered, without.txns);
  EXPECT_EQ(with_invalid.gas_used, without.gas_used);
  with_invalid.changes.sort_by_key();
  without.changes.sort_by_key();
  EXPECT_EQ(with_invalid.changes.values, without.changes.values);
  EXPECT_EQ(make_receipts(kept_txns, filtered), make_receipts(kept_txns, without.txns));
}

TEST(BlockProducer, RestartKeepsHeadAndBalancesAndContinues) {
  TempDir dir;
  ChainHead head;
  U256 balance;
  {
    Producer node(dir.str());
    node.submit(transfer(dev(4).key, 0, 5000));
    node.produce();
    node.submit(transfer(dev(4).key, 1, 5000));
    node.produce();
    head = *node.chain_->head();
    balance = node.balance(dev(4).address);
    EXPECT_EQ(node.balance(recipient()), U256(10'000));
  }
  Producer node(dir.str());
  EXPECT_EQ(node.chain_->head()->number, 2u);
  EXPECT_EQ(node.chain_->head()->hash, head.hash);
  EXPECT_EQ(node.balance(dev(4).address), balance);
  EXPECT_EQ(node.pool_->pending_nonce(dev(4).address), 2u);
  node.submit(transfer(dev(4).key, 2, 5000));
  ProducedBlock next = node.produce();
  EXPECT_EQ(next.number, 3u);
  EXPECT_EQ(next.txns, 1u);
  node.expect_head_verifies();
  EXPECT_EQ(node.balance(recipient()), U256(15'000));
  auto verified = node.chain_->verify_canonical_chain();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->head, 3u);
}

}  // namespace
}  // namespace pel
