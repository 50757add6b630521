#include "bench/load_plan.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "bench/rpc_client.hpp"
#include "core/transaction.hpp"
#include "crypto/txn_crypto.hpp"

namespace pel::load {
namespace {

TEST(LoadPlan, SlotsAreRoundRobinWithConsecutiveNonces) {
  EXPECT_EQ(slot_of(0, 3).wallet, 0u);
  EXPECT_EQ(slot_of(4, 3).wallet, 1u);
  EXPECT_EQ(slot_of(4, 3).nonce_offset, 1u);
  EXPECT_EQ(slot_of(8, 3).nonce_offset, 2u);
  EXPECT_EQ(txns_of_wallet(0, 10, 3), 4u);  // transfers 0, 3, 6, 9
  EXPECT_EQ(txns_of_wallet(1, 10, 3), 3u);
  EXPECT_EQ(txns_of_wallet(2, 10, 3), 3u);
}

// Every transfer goes out exactly once; each wallet uses one connection; on that
// connection its nonces come in increasing order without gaps.
TEST(LoadPlan, PartitionKeepsEachSenderOnOneConnectionInNonceOrder) {
  const size_t txns = 1003, wallets = 37, connections = 5;
  auto parts = partition_by_connection(txns, wallets, connections);
  ASSERT_EQ(parts.size(), connections);
  std::set<uint32_t> seen;
  std::map<size_t, size_t> connection_of;
  std::map<size_t, uint64_t> next_nonce;
  for (size_t c = 0; c < parts.size(); ++c) {
    for (uint32_t j : parts[c]) {
      EXPECT_TRUE(seen.insert(j).second) << "transfer " << j << " twice";
      TxnSlot slot = slot_of(j, wallets);
      auto [it, fresh] = connection_of.emplace(slot.wallet, c);
      EXPECT_EQ(it->second, c) << "wallet " << slot.wallet << " on two connections";
      EXPECT_EQ(slot.nonce_offset, next_nonce[slot.wallet]++) << "transfer " << j;
    }
  }
  EXPECT_EQ(seen.size(), txns);
  EXPECT_EQ(connection_of.size(), wallets);
  // Round robin over wallets spreads the load evenly: sizes differ by at most a wallet's share.
  for (const auto& part : parts) EXPECT_NEAR(double(part.size()), double(txns) / connections, 30.0);
}

TEST(LoadPlan, WalletKeysAreDeterministicAndDistinct) {
  EXPECT_EQ(wallet_key(1, 0), wallet_key(1, 0));
  EXPECT_NE(wallet_key(1, 0), wallet_key(1, 1));
  EXPECT_NE(wallet_key(1, 0), wallet_key(2, 0));
  auto wallets = make_wallets(7, 3);
  ASSERT_EQ(wallets.size(), 3u);
  EXPECT_EQ(wallets[2].address, *address_of(wallet_key(7, 2)));
}

TEST(LoadPlan, SignedTransfersDecodeToThePlan) {
  auto wallets = make_wallets(3, 4);
  wallets[1].first_nonce = 10;
  TransferTerms terms{.chain_id = 1337,
                      .max_fee_per_gas = 3'000'000'000ULL,
                      .max_priority_fee_per_gas = 1'000'000'000ULL,
                      .value = 5};
  auto signed_txns = sign_transfers(wallets, terms, 9, 3);
  ASSERT_TRUE(signed_txns.ok()) << signed_txns.error().message;
  ASSERT_EQ(signed_txns->size(), 9u);
  // Transfer 5 is wallet 1's second: nonce 10 + 1.
  auto raw = from_hex((*signed_txns)[5].raw_hex);
  ASSERT_TRUE(raw.ok());
  auto txn = decode_transaction(*raw);
  ASSERT_TRUE(txn.ok()) << txn.error().message;
  EXPECT_EQ(txn->type, TxnType::kDynamicFee);
  EXPECT_EQ(txn->chain_id, 1337u);
  EXPECT_EQ(txn->nonce, 11u);
  EXPECT_EQ(txn->max_fee_per_gas, U256(3'000'000'000ULL));
  EXPECT_EQ(txn->to, recipient_address(3, 5));
  EXPECT_EQ(txn->value, U256(5));
  EXPECT_EQ(*recover_sender(*txn), wallets[1].address);
  EXPECT_EQ(txn_hash(*txn), (*signed_txns)[5].hash);
}

TEST(LoadPlan, RequestsCarryEachConnectionsTransfersInOrder) {
  auto wallets = make_wallets(3, 2);
  TransferTerms terms{.chain_id = 1, .max_fee_per_gas = 2, .max_priority_fee_per_gas = 1};
  auto signed_txns = sign_transfers(wallets, terms, 5, 3);
  ASSERT_TRUE(signed_txns.ok());
  auto parts = partition_by_connection(5, 2, 2);  // {0, 2, 4}, {1, 3}
  auto requests = build_requests(parts, *signed_txns, 2);
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(requests[0].size(), 2u);
  EXPECT_EQ(requests[0][0].txns, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(requests[0][1].txns, (std::vector<uint32_t>{4}));
  auto batch = nlohmann::json::parse(requests[0][0].body);
  ASSERT_TRUE(batch.is_array());
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[1]["id"], 2);
  EXPECT_EQ(batch[1]["method"], "eth_sendRawTransaction");
  EXPECT_EQ(batch[1]["params"][0], (*signed_txns)[2].raw_hex);
  // Without batching, a request is one call object.
  auto single = build_requests(parts, *signed_txns, 1);
  EXPECT_TRUE(nlohmann::json::parse(single[1][1].body).is_object());
  EXPECT_EQ(single[1][1].txns, (std::vector<uint32_t>{3}));
}

TEST(RpcUrl, ParsesHostPortAndPath) {
  auto url = RpcUrl::parse("http://127.0.0.1:8545");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8545);
  EXPECT_EQ(url->target, "/");
  auto with_path = RpcUrl::parse("http://localhost/rpc");
  ASSERT_TRUE(with_path.ok());
  EXPECT_EQ(with_path->port, 80);
  EXPECT_EQ(with_path->target, "/rpc");
  EXPECT_FALSE(RpcUrl::parse("https://x:1").ok());
  EXPECT_FALSE(RpcUrl::parse("http://x:99999").ok());
  EXPECT_FALSE(RpcUrl::parse("http://:8545").ok());
}

TEST(Quantity, RoundTrips) {
  EXPECT_EQ(quantity_text(0), "0x0");
  EXPECT_EQ(quantity_text(0x1a), "0x1a");
  EXPECT_EQ(*quantity_of("0x1a"), 26u);
  EXPECT_FALSE(quantity_of("26").ok());
  EXPECT_FALSE(quantity_of(26).ok());
  EXPECT_FALSE(quantity_of("0x10000000000000000").ok());
}

}  // namespace
}  // namespace pel::load
