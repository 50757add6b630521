#pragma once
// A real chain for the eth_ namespace tests (header only, not part of pel_rpc): a
// RocksDB chain store in a temporary directory, a small London genesis with funded
// keys, blocks of signed transfers executed by the TransferVm and committed as the
// block producer does, a scripted transaction pool, and a dispatcher to call methods
// through with JSON.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/header_hash.hpp"
#include "crypto/txn_crypto.hpp"
#include "executor/block_execution.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_api.hpp"
#include "rpc/eth_base_fee.hpp"
#include "rpc/params.hpp"
#include "rpc/txpool_api.hpp"
#include "state/chain_store.hpp"

namespace pel::rpc::eth_test {

using json = nlohmann::json;

inline constexpr uint64_t kChainId = 1337;
inline constexpr uint64_t kGwei = 1'000'000'000;
inline constexpr uint64_t kEther = 1'000'000'000'000'000'000;

inline PrivateKey key_of(uint8_t n) {
  PrivateKey key;
  key.bytes[31] = n;
  key.bytes[0] = 0x42;
  return key;
}

inline Address address_of_key(const PrivateKey& key) {
  auto address = pel::address_of(key);
  EXPECT_TRUE(address.ok());
  return address ? *address : Address{};
}

inline Address test_address(std::string_view hex) {
  auto address = Address::from_hex(hex);
  EXPECT_TRUE(address.ok()) << hex;
  return address ? *address : Address{};
}

inline Address plain_address(uint8_t n) {
  Address address;
  address.bytes[0] = 0xd0;
  address.bytes[19] = n;
  return address;
}

// A pool the test scripts: submissions are decoded and kept (or refused with the
// scripted message), pending nonces and counts are set by the test.
class FakePool final : public TxnPoolAccess {
 public:
  Result<Hash> submit_raw(BytesView raw) override {
    std::lock_guard lock(mutex_);
    if (!refusal.empty()) return make_error(refusal);
    auto txn = decode_transaction(raw);
    if (!txn) return make_error("invalid transaction: " + txn.error().message);
    auto sender = recover_sender(*txn);
    if (!sender) return make_error("invalid sender");
    Hash hash = txn_hash(*txn);
    held_[hash] = PendingTxn{*txn, hash, *sender};
    return hash;
  }
  uint64_t pending_nonce(const Address& address) const override {
    std::lock_guard lock(mutex_);
    auto it = nonces.find(address);
    return it == nonces.end() ? 0 : it->second;
  }
  std::optional<PendingTxn> find(const Hash& hash) const override {
    std::lock_guard lock(mutex_);
    auto it = held_.find(hash);
    if (it == held_.end()) return std::nullopt;
    return it->second;
  }
  PoolCounts counts() const override { return pool_counts; }

  std::string refusal;  // when set, every submission fails with it
  std::map<Address, uint64_t> nonces;
  PoolCounts pool_counts;

 private:
  mutable std::mutex mutex_;
  std::map<Hash, PendingTxn> held_;
};

class TestChain {
 public:
  TestChain() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("pel_eth_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);

    genesis.config.chain_id = kChainId;
    genesis.config.london_block = 0;
    genesis.config.eip155_block = 0;
    genesis.config.berlin_block = 0;
    genesis.gas_limit = 30'000'000;
    genesis.difficulty = U256(1);
    genesis.timestamp = 1'700'000'000;
    genesis.extra_data = {0x70, 0x65, 0x6c};
    alice = address_of_key(alice_key);
    bob = address_of_key(bob_key);
    genesis.alloc[alice].balance = U256(10) * U256(kEther);
    genesis.alloc[bob].balance = U256(5) * U256(kEther);
    GenesisAccount contract;
    contract.balance = U256(7);
    contract.code = {0x60, 0x00, 0x60, 0x00, 0xf3};
    contract.storage[slot(1)] = slot(0xabcd);
    genesis.alloc[contract_address] = contract;

    ChainStore::Options options;
    options.database.sync_writes = false;
    options.database.block_cache_bytes = 8 << 20;
    auto opened = ChainStore::open_with_genesis(dir_.string(), genesis, options);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (opened) store = std::move(*opened);
  }
  ~TestChain() {
    store.reset();
    std::filesystem::remove_all(dir_);
  }

  static Hash slot(uint64_t n) {
    Hash hash;
    for (int i = 0; i < 8; ++i) hash.bytes[31 - i] = static_cast<uint8_t>(n >> (8 * i));
    return hash;
  }

  Transaction eip1559(const PrivateKey& key, uint64_t nonce, const Address& to, const U256& value,
                      uint64_t tip_gwei, uint64_t max_fee_gwei, uint64_t gas = 21'000) const {
    Transaction txn;
    txn.type = TxnType::kDynamicFee;
    txn.chain_id = kChainId;
    txn.nonce = nonce;
    txn.max_priority_fee_per_gas = U256(tip_gwei * kGwei);
    txn.max_fee_per_gas = U256(max_fee_gwei * kGwei);
    txn.gas_limit = gas;
    txn.to = to;
    txn.value = value;
    EXPECT_TRUE(sign_transaction(txn, key).ok());
    return txn;
  }

  Transaction legacy(const PrivateKey& key, uint64_t nonce, const Address& to, const U256& value,
                     uint64_t price_gwei, Bytes data = {}, uint64_t gas = 30'000) const {
    Transaction txn;
    txn.type = TxnType::kLegacy;
    txn.chain_id = kChainId;
    txn.nonce = nonce;
    txn.max_priority_fee_per_gas = txn.max_fee_per_gas = U256(price_gwei * kGwei);
    txn.gas_limit = gas;
    txn.to = to;
    txn.value = value;
    txn.data = std::move(data);
    EXPECT_TRUE(sign_transaction(txn, key).ok());
    return txn;
  }

  Transaction access_list(const PrivateKey& key, uint64_t nonce, const Address& to,
                          const U256& value, uint64_t price_gwei) const {
    Transaction txn;
    txn.type = TxnType::kAccessList;
    txn.chain_id = kChainId;
    txn.nonce = nonce;
    txn.max_priority_fee_per_gas = txn.max_fee_per_gas = U256(price_gwei * kGwei);
    txn.gas_limit = 40'000;
    txn.to = to;
    txn.value = value;
    txn.access_list = {{to, {slot(1)}}};
    EXPECT_TRUE(sign_transaction(txn, key).ok());
    return txn;
  }

  // Executes `txns` on the head's state and commits them as the next block (difficulty
  // 2, the coinbase the fee recipient, the EIP-1559 base fee). Every transaction must
  // be valid.
  CommittedBlock commit(std::vector<Transaction> txns) {
    ChainHead head = *store->head();
    Block block;
    block.header.parent_hash = head.hash;
    block.header.number = head.number + 1;
    block.header.beneficiary = coinbase;
    block.header.difficulty = U256(2);
    block.header.gas_limit = head.header.gas_limit;
    block.header.timestamp = head.header.timestamp + 2;
    block.header.extra_data = {0x01, 0x02};
    block.header.ommers_hash = kEmptyOmmersHash;
    block.header.base_fee_per_gas = base_fee_after(head.header, genesis.config);
    std::vector<Address> senders;
    for (const Transaction& txn : txns) {
      auto sender = recover_sender(txn);
      EXPECT_TRUE(sender.ok());
      senders.push_back(sender ? *sender : Address{});
    }
    BlockInput input{block_env(block.header, genesis.config), txns, senders};
    auto state = store->head_state();
    BlockOutput output = execute_block_sequential(TransferVm{}, input, *state);
    for (const TxnOutput& txn : output.txns) {
      EXPECT_EQ(txn.result.status, TxnStatus::kSuccess)
          << invalid_reason_message(txn.result.invalid_reason);
    }
    std::vector<Receipt> receipts = make_receipts(txns, output.txns);
    block.body.transactions = std::move(txns);
    auto committed = store->commit_block(std::move(block), std::move(receipts), output.changes,
                                         RootsMode::kFill, state.get());
    EXPECT_TRUE(committed.ok()) << committed.error().message;
    return committed ? *committed : CommittedBlock{};
  }

  Genesis genesis;
  std::unique_ptr<ChainStore> store;
  PrivateKey alice_key = key_of(1);
  PrivateKey bob_key = key_of(2);
  Address alice;
  Address bob;
  Address carol = plain_address(3);  // starts empty
  Address coinbase = plain_address(0xcb);
  Address contract_address = plain_address(0xcc);

 private:
  std::filesystem::path dir_;
};

// The dispatcher over eth_ and txpool_ for a chain and a pool.
inline Dispatcher make_dispatcher(const ChainStore& store, const ChainConfig& config,
                                  TxnPoolAccess* pool) {
  MethodRegistry registry;
  EthContext context{.chain = &store, .config = config, .pool = pool};
  EXPECT_TRUE(register_eth_api(registry, context).ok());
  EXPECT_TRUE(register_txpool_api(registry, context).ok());
  return Dispatcher(std::move(registry));
}

// One request through the dispatcher's JSON text path; the parsed response.
inline json call(const Dispatcher& dispatcher, std::string_view method,
                 json params = json::array()) {
  json request = {{"jsonrpc", "2.0"}, {"id", 7}, {"method", method}, {"params", params}};
  auto response = dispatcher.handle(request.dump());
  EXPECT_TRUE(response.has_value());
  return json::parse(response.value_or("null"));
}

// The chain every eth_ test suite reads (built once per suite; methods only read it):
//   block 1: alice -> bob 1 ether (EIP-1559, tip 2 gwei, max fee 100 gwei),
//            alice -> carol 0.5 ether (legacy, 10 gwei, data 0x0102),
//            bob -> alice 3 wei (EIP-2930, 5 gwei, one address and one key listed);
//   block 2: empty;
//   block 3: alice -> contract 1 wei (EIP-1559, tip 1 gwei, max fee 50 gwei).
struct Scenario {
  TestChain chain;
  FakePool pool;
  std::vector<std::vector<Transaction>> txns;  // per block, from 1
  std::vector<CommittedBlock> blocks;          // per block, from 1
  CommittedBlock genesis_block;

  Scenario() {
    genesis_block.header = *chain.store->header_by_number(0).value();
    genesis_block.hash = *chain.store->canonical_hash(0).value();
    const U256 ether(kEther);
    txns.push_back(
        {chain.eip1559(chain.alice_key, 0, chain.bob, ether, 2, 100),
         chain.legacy(chain.alice_key, 1, chain.carol, ether / U256(2), 10, {0x01, 0x02}),
         chain.access_list(chain.bob_key, 0, chain.alice, U256(3), 5)});
    txns.push_back({});
    txns.push_back({chain.eip1559(chain.alice_key, 2, chain.contract_address, U256(1), 1, 50)});
    for (const auto& block : txns) blocks.push_back(chain.commit(block));
  }
  const Transaction& txn(size_t block, size_t index) const { return txns[block - 1][index]; }
  const CommittedBlock& block(size_t number) const {
    return number == 0 ? genesis_block : blocks[number - 1];
  }
};

class EthApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario();
    dispatcher_ = new Dispatcher(make_dispatcher(
        *scenario_->chain.store, scenario_->chain.genesis.config, &scenario_->pool));
  }
  static void TearDownTestSuite() {
    delete dispatcher_;
    dispatcher_ = nullptr;
    delete scenario_;
    scenario_ = nullptr;
  }

  static json call(std::string_view method, json params = json::array()) {
    return eth_test::call(*dispatcher_, method, std::move(params));
  }
  static json result(std::string_view method, json params = json::array()) {
    json response = call(method, std::move(params));
    EXPECT_FALSE(response.contains("error")) << method << ": " << response.dump();
    return response.value("result", json());
  }
  static Scenario& s() { return *scenario_; }
  static TestChain& chain() { return scenario_->chain; }

  static inline Scenario* scenario_ = nullptr;
  static inline Dispatcher* dispatcher_ = nullptr;
};

}  // namespace pel::rpc::eth_test
