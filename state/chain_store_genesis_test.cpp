#include <gtest/gtest.h>

#include <fstream>

#include "crypto/header_hash.hpp"
#include "state/chain_store.hpp"
#include "state/chain_store_test_util.hpp"
#include "state/genesis_block.hpp"

namespace pel {
namespace {

using namespace store_test;

Genesis sepolia() {
  return parse_ok(
      read_text(state_source_dir().parent_path() / "core" / "testdata" / "sepolia-genesis.json"));
}
// Goerli's genesis (alloc and header fields as published), with geth's Goerli chain
// config: London came later, so its header has the 15 pre-London fields.
Genesis goerli() {
  return parse_ok(read_text(state_source_dir() / "testdata" / "goerli-genesis.json"));
}

Hash hash(std::string_view hex) {
  return Hash::from_hex(hex).value();
}

TEST(GenesisBlock, SepoliaMatchesGeth) {
  const Genesis genesis = sepolia();
  auto state = build_genesis_state(genesis, false);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->state_root,
            hash("0x5eb6e371a698b8d68f665192350ffcecbbbf322916f4b51bd79bb6887da3f494"));
  const BlockHeader header = make_genesis_header(genesis, state->state_root);
  EXPECT_TRUE(header.base_fee_per_gas.has_value());
  EXPECT_FALSE(header.withdrawals_root.has_value());
  EXPECT_EQ(header_hash(header),
            hash("0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9"));
}

TEST(GenesisBlock, GoerliMatchesGeth) {
  const Genesis genesis = goerli();
  auto state = build_genesis_state(genesis, false);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->state_root,
            hash("0x5d6cded585e73c4e322c30c2f782a336316f17dd85a4863b9d838d2d4b8b3008"));
  const BlockHeader header = make_genesis_header(genesis, state->state_root);
  EXPECT_FALSE(header.base_fee_per_gas.has_value());
  EXPECT_EQ(header_hash(header),
            hash("0xbf7e331f7f7c1dd2e05159666b3bf8bc7a8a3a9eb1d518969eab529dd9b88c1a"));
}

TEST(GenesisBlock, ForkFieldsAtGenesis) {
  Genesis genesis = small_genesis();
  genesis.config.shanghai_time = 0;
  genesis.config.cancun_time = 0;
  genesis.config.prague_time = 0;
  genesis.excess_blob_gas = 5;
  BlockHeader header = make_genesis_header(genesis, kEmptyTrieRoot);
  EXPECT_EQ(header.base_fee_per_gas, U256(kInitialBaseFee));
  EXPECT_EQ(header.withdrawals_root, kEmptyTrieRoot);
  EXPECT_EQ(header.blob_gas_used, 0u);
  EXPECT_EQ(header.excess_blob_gas, 5u);
  EXPECT_EQ(header.parent_beacon_block_root, Hash{});
  // sha256 of nothing
  EXPECT_EQ(header.requests_hash,
            hash("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_TRUE(make_genesis_body(genesis).withdrawals.has_value());
  genesis.timestamp = 0;
  genesis.config.prague_time = 10;
  header = make_genesis_header(genesis, kEmptyTrieRoot);
  EXPECT_FALSE(header.requests_hash.has_value());
  EXPECT_TRUE(header.parent_beacon_block_root.has_value());
}

TEST(ChainStoreGenesis, SepoliaInitWritesBlockZeroAndItsState) {
  TempDir dir;
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->head());
  EXPECT_EQ(store->head_state(), nullptr);
  const Genesis genesis = sepolia();
  auto init = store->init_genesis(genesis);
  ASSERT_TRUE(init.ok()) << init.error().message;
  EXPECT_TRUE(init->created);
  EXPECT_EQ(init->hash, hash("0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9"));
  ASSERT_TRUE(store->head());
  EXPECT_EQ(store->head()->number, 0u);
  EXPECT_EQ(store->head()->hash, init->hash);
  EXPECT_EQ(*store->canonical_hash(0).value(), init->hash);
  auto body = store->body_by_hash(init->hash);
  ASSERT_TRUE(body.ok() && body->has_value());
  EXPECT_TRUE((*body)->transactions.empty());
  auto receipts = store->receipts_by_hash(init->hash);
  ASSERT_TRUE(receipts.ok() && receipts->has_value());
  EXPECT_TRUE((*receipts)->empty());

  auto view = store->head_state();
  ASSERT_TRUE(view);
  for (const auto& [address, account] : genesis.alloc) {
    EXPECT_EQ(view->balance(address), account.balance) << address.hex();
    EXPECT_EQ(view->nonce(address), account.nonce);
    auto at_zero = store->account_at(0, address);
    ASSERT_TRUE(at_zero.ok() && at_zero->has_value()) << address.hex();
    EXPECT_EQ((*at_zero)->balance, account.balance);
  }
  auto verified = store->verify_head_state();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->accounts, genesis.alloc.size());
}

TEST(ChainStoreGenesis, CodeAndStorageOfTheAlloc) {
  TempDir dir;
  auto store = open_ok(dir.str());
  const Genesis genesis = small_genesis();
  ASSERT_TRUE(store->init_genesis(genesis).ok());
  auto view = store->head_state();
  const GenesisAccount& contract = genesis.alloc.at(address_of(1));
  const Hash code_hash = view->code_hash(address_of(1));
  ASSERT_TRUE(view->code(code_hash));
  EXPECT_EQ(*view->code(code_hash), contract.code);
  EXPECT_EQ(view->storage(address_of(1), slot_of(1)), U256(7));
  EXPECT_EQ(view->storage(address_of(1), slot_of(2)), U256());
  EXPECT_EQ(view->storage(address_of(2), slot_of(3)), U256(9));
  EXPECT_EQ(view->code_hash(address_of(3)), Hash{});  // no code reads as zero
  EXPECT_EQ(*store->storage_at(0, address_of(2), slot_of(3)), U256(9));
  auto verified = store->verify_head_state();
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->slots, 2u);
  EXPECT_EQ(verified->state_root, model_of(genesis).state_root());
}

TEST(ChainStoreGenesis, DifferentGenesisIsRefused) {
  TempDir dir;
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store->init_genesis(sepolia()).ok());
  }
  auto store = open_ok(dir.str());
  auto refused = store->init_genesis(goerli());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("different genesis (have "
                                         "0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf513"
                                         "8993e6dd9, genesis file gives 0xbf7e331f7f7c1dd2e05159666"
                                         "b3bf8bc7a8a3a9eb1d518969eab529dd9b88c1a)"),
            std::string::npos)
      << refused.error().message;
  auto reopened = ChainStore::open_with_genesis(dir.str(), goerli(), fast_options());
  EXPECT_FALSE(reopened.ok());
}

TEST(ChainStoreGenesis, InterruptedInitOfAnotherGenesisIsRefused) {
  TempDir dir;
  {
    auto db = Database::open(dir.str(), {.sync_writes = false});
    ASSERT_TRUE(db.ok());
    auto batch = (*db)->make_batch();
    batch.put(Column::kMeta, as_view(schema::kGenesisInitKey), Hash{}.view());
    ASSERT_TRUE((*db)->write(batch).ok());
  }
  auto store = open_ok(dir.str());
  auto refused = store->init_genesis(sepolia());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("interrupted init"), std::string::npos);
}

TEST(ChainStoreOpen, BadDataDirectoriesAreClearErrors) {
  TempDir dir;
  fs::create_directories(dir.path());
  const fs::path file = dir.path() / "file";
  std::ofstream(file) << "x";
  auto not_dir = ChainStore::open(file.string(), fast_options());
  ASSERT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.error().message.find("is not a directory"), std::string::npos);

  auto stray = ChainStore::open(dir.str(), fast_options());
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.error().message.find("holds no Pel database"), std::string::npos);

  const std::string db_dir = (dir.path() / "db").string();
  auto first = open_ok(db_dir);
  ASSERT_TRUE(first);
  auto second = ChainStore::open(db_dir, fast_options());
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
}

}  // namespace
}  // namespace pel
