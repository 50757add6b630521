// eth_chainId, eth_syncing, eth_blockNumber and the state methods over a real chain.
#include "rpc/eth_test_chain.hpp"

namespace pel::rpc {
namespace {

using namespace eth_test;

class EthStateMethods : public EthApiTest {
 protected:
  // Balances after blocks 1 and 3, from the transactions' terms.
  static U256 alice_after_block1() {
    const U256 gwei(kGwei);
    U256 base1(875'000'000);
    return U256(10) * U256(kEther) - U256(kEther) - U256(21'000) * (base1 + U256(2) * gwei) -
           U256(kEther) / U256(2) - U256(21'032) * (U256(10) * gwei) + U256(3);
  }
};

TEST_F(EthStateMethods, ChainIdSyncingBlockNumber) {
  EXPECT_EQ(result("eth_chainId"), "0x539");
  EXPECT_EQ(result("eth_syncing"), false);
  EXPECT_EQ(result("eth_blockNumber"), "0x3");
  EXPECT_EQ(call("eth_blockNumber", {"latest"})["error"]["message"],
            "too many arguments, want at most 0");
}

TEST_F(EthStateMethods, BalancesFollowTheTransfers) {
  const U256 gwei(kGwei);
  ASSERT_EQ(s().block(1).header.base_fee_per_gas, U256(875'000'000));
  const U256 base3 = *s().block(3).header.base_fee_per_gas;
  const Address& alice = chain().alice;
  const U256 alice1 = alice_after_block1();
  const U256 alice3 = alice1 - U256(1) - U256(21'000) * (base3 + gwei);
  const U256 bob1 = U256(6) * U256(kEther) - U256(25'300) * (U256(5) * gwei) - U256(3);

  EXPECT_EQ(result("eth_getBalance", {alice.hex(), "0x0"}),
            encode_quantity(U256(10) * U256(kEther)));
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), "earliest"}), "0x8ac7230489e80000");
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), "0x1"}), encode_quantity(alice1));
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), "0x2"}), encode_quantity(alice1));
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), "latest"}), encode_quantity(alice3));
  for (const char* tag : {"pending", "safe", "finalized"}) {
    EXPECT_EQ(result("eth_getBalance", {alice.hex(), tag}), encode_quantity(alice3)) << tag;
  }
  EXPECT_EQ(result("eth_getBalance", {alice.hex()}), encode_quantity(alice3));  // default latest
  EXPECT_EQ(result("eth_getBalance", {chain().bob.hex(), "latest"}), encode_quantity(bob1));
  EXPECT_EQ(result("eth_getBalance", {chain().carol.hex(), "latest"}), "0x6f05b59d3b20000");
  EXPECT_EQ(result("eth_getBalance", {chain().carol.hex(), "0x0"}), "0x0");
  // The producer's tips: what each transaction paid above the base fee.
  const U256 base1(875'000'000);
  const U256 tips = U256(21'000) * U256(2) * gwei + U256(21'032) * (U256(10) * gwei - base1) +
                    U256(25'300) * (U256(5) * gwei - base1) + U256(21'000) * gwei;
  EXPECT_EQ(result("eth_getBalance", {chain().coinbase.hex(), "latest"}), encode_quantity(tips));

  // By hash, as a string and as EIP-1898 objects.
  const std::string hash1 = s().block(1).hash.hex();
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), hash1}), encode_quantity(alice1));
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), {{"blockHash", hash1}}}),
            encode_quantity(alice1));
  EXPECT_EQ(
      result("eth_getBalance", {alice.hex(), {{"blockHash", hash1}, {"requireCanonical", true}}}),
      encode_quantity(alice1));
  EXPECT_EQ(result("eth_getBalance", {alice.hex(), {{"blockNumber", "0x3"}}}),
            encode_quantity(alice3));
}

TEST_F(EthStateMethods, UnknownBlocksAreGethsErrors) {
  const std::string alice = chain().alice.hex();
  json beyond = call("eth_getBalance", {alice, "0x4"});
  EXPECT_EQ(beyond["error"]["code"], -32000);
  EXPECT_EQ(beyond["error"]["message"], "header not found");
  Hash unknown;
  unknown.bytes[0] = 0x77;
  json by_hash = call("eth_getBalance", {alice, unknown.hex()});
  EXPECT_EQ(by_hash["error"]["code"], -32000);
  EXPECT_EQ(by_hash["error"]["message"], "header for hash not found");
  EXPECT_EQ(call("eth_getCode", {alice, {{"blockHash", unknown.hex()}}})["error"]["message"],
            "header for hash not found");
  EXPECT_EQ(call("eth_getTransactionCount", {alice, "0x10"})["error"]["message"],
            "header not found");
  json bad_tag = call("eth_getBalance", {alice, "newest"});
  EXPECT_EQ(bad_tag["error"]["code"], -32602);
  json bad_address = call("eth_getBalance", {"0x1234", "latest"});
  EXPECT_EQ(bad_address["error"]["code"], -32602);
  EXPECT_EQ(bad_address["error"]["message"],
            "invalid argument 0 (address): hex string has length 4, want 40 for an address");
}

TEST_F(EthStateMethods, TransactionCountsAndPending) {
  const std::string alice = chain().alice.hex();
  EXPECT_EQ(result("eth_getTransactionCount", {alice, "0x0"}), "0x0");
  EXPECT_EQ(result("eth_getTransactionCount", {alice, "0x1"}), "0x2");
  EXPECT_EQ(result("eth_getTransactionCount", {alice, "latest"}), "0x3");
  EXPECT_EQ(result("eth_getTransactionCount", {chain().bob.hex(), "latest"}), "0x1");
  EXPECT_EQ(result("eth_getTransactionCount", {chain().carol.hex(), "latest"}), "0x0");
  // "pending" asks the pool, which counts its executable transactions.
  s().pool.nonces[chain().alice] = 9;
  EXPECT_EQ(result("eth_getTransactionCount", {alice, "pending"}), "0x9");
  EXPECT_EQ(result("eth_getTransactionCount", {alice, {{"blockNumber", "pending"}}}), "0x9");
  EXPECT_EQ(result("eth_getTransactionCount", {alice, "latest"}), "0x3");
}

TEST_F(EthStateMethods, CodeAndStorage) {
  const std::string contract = chain().contract_address.hex();
  EXPECT_EQ(result("eth_getCode", {contract, "latest"}), "0x60006000f3");
  EXPECT_EQ(result("eth_getCode", {contract, "0x0"}), "0x60006000f3");
  EXPECT_EQ(result("eth_getCode", {chain().alice.hex(), "latest"}), "0x");
  EXPECT_EQ(result("eth_getCode", {chain().carol.hex(), "0x0"}), "0x");

  const std::string word = "0x000000000000000000000000000000000000000000000000000000000000abcd";
  const std::string zero = "0x0000000000000000000000000000000000000000000000000000000000000000";
  EXPECT_EQ(result("eth_getStorageAt", {contract, "0x1", "latest"}), word);
  EXPECT_EQ(result("eth_getStorageAt", {contract, "0x01", "0x2"}), word);
  EXPECT_EQ(result("eth_getStorageAt", {contract, TestChain::slot(1).hex(), "0x0"}), word);
  EXPECT_EQ(result("eth_getStorageAt", {contract, "0x2", "latest"}), zero);
  EXPECT_EQ(result("eth_getStorageAt", {chain().alice.hex(), "0x1", "latest"}), zero);
  json bad = call("eth_getStorageAt", {contract, "0xzz", "latest"});
  EXPECT_EQ(bad["error"]["code"], -32602);
  EXPECT_EQ(bad["error"]["message"],
            "invalid argument 1 (slot): unable to decode storage key: hex string invalid");
  json long_key = call("eth_getStorageAt", {contract, "0x" + std::string(66, '1'), "latest"});
  EXPECT_EQ(long_key["error"]["message"],
            "invalid argument 1 (slot): unable to decode storage key: hex string too long, want "
            "at most 32 bytes");
}

}  // namespace
}  // namespace pel::rpc
