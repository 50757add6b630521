#include "crypto/txn_crypto.hpp"

#include <gtest/gtest.h>

#include "core/block.hpp"
#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::address;
using test::hash;
using test::hex;
using test::text;
using test::u256_dec;
using test::u256_hex;

// ---- The example of EIP-155's text ----

constexpr const char* kEip155SignedTxn =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
    "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb70330"
    "4b3800ccf555c9f3dc64214b297fb1966a3b6d83";
constexpr const char* kEip155Key =
    "0x4646464646464646464646464646464646464646464646464646464646464646";
// The address of that key and the example's hash, as ethers.js v6 computes them.
constexpr const char* kEip155Sender = "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f";
constexpr const char* kEip155Hash =
    "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788";

// secp256k1's group order n.
U256 curve_order() {
  return u256_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
}

Transaction eip155_example() {
  auto txn = decode_transaction(hex(kEip155SignedTxn));
  EXPECT_TRUE(txn.ok());
  return txn ? *txn : Transaction{};
}

TEST(Eip155Example, SigningHash) {
  EXPECT_EQ(signing_hash(eip155_example()),
            hash("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"));
}

TEST(Eip155Example, SigningWithTheKeyGivesThePublishedSignature) {
  Transaction txn = eip155_example();
  txn.r = txn.s = U256(0);
  txn.y_parity = 1;
  Status signed_ok = sign_transaction(txn, test::fixed<32>(kEip155Key));
  ASSERT_TRUE(signed_ok.ok()) << signed_ok.error().message;
  EXPECT_EQ(txn.y_parity, 0);
  EXPECT_EQ(legacy_v(txn), U256(37));
  EXPECT_EQ(
      txn.r,
      u256_dec("18515461264373351373200002665853028612451056578545711640558177340181847433846"));
  EXPECT_EQ(
      txn.s,
      u256_dec("46948507304638947509940763649030358759909902576025900602547168820602576006531"));
  EXPECT_EQ(to_hex(encode_transaction(txn)), kEip155SignedTxn);
}

TEST(Eip155Example, RecoversTheSenderAndHashes) {
  Transaction txn = eip155_example();
  auto sender = recover_sender(txn);
  ASSERT_TRUE(sender.ok()) << sender.error().message;
  EXPECT_EQ(*sender, address(kEip155Sender));
  EXPECT_EQ(txn_hash(txn), hash(kEip155Hash));
}

// ---- Signature checks ----

TEST(RecoverSender, RejectsHighS) {
  // (r, n - s) with the other parity is the same signature's mirror image: it verifies
  // mathematically but EIP-2 forbids it (malleability).
  Transaction txn = eip155_example();
  txn.s = curve_order() - txn.s;
  txn.y_parity ^= 1;
  // Decoding is structural and accepts it; recovery refuses it.
  auto decoded = decode_transaction(encode_transaction(txn));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_FALSE(recover_sender(*decoded).ok());
}

TEST(RecoverSender, RejectsOutOfRangeRAndS) {
  Transaction txn = eip155_example();
  txn.r = U256(0);
  EXPECT_FALSE(recover_sender(txn).ok());
  txn = eip155_example();
  txn.s = U256(0);
  EXPECT_FALSE(recover_sender(txn).ok());
  txn = eip155_example();
  txn.r = curve_order();
  EXPECT_FALSE(recover_sender(txn).ok());
  txn.r = U256::max();
  EXPECT_FALSE(recover_sender(txn).ok());
}

TEST(RecoverSender, ChainIdAndFieldsAreCoveredBySignature) {
  Transaction txn = eip155_example();
  // Replaying on another chain recovers somebody else (the caller compares chain ids).
  txn.chain_id = 5;
  auto other_chain = recover_sender(txn);
  EXPECT_TRUE(!other_chain.ok() || *other_chain != address(kEip155Sender));
  txn = eip155_example();
  txn.nonce += 1;
  auto tampered = recover_sender(txn);
  EXPECT_TRUE(!tampered.ok() || *tampered != address(kEip155Sender));
  txn = eip155_example();
  txn.y_parity ^= 1;
  auto flipped = recover_sender(txn);
  EXPECT_TRUE(!flipped.ok() || *flipped != address(kEip155Sender));
}

TEST(SignTransaction, EveryTypeRecoversTheSigner) {
  PrivateKey key = test::fixed<32>(kEip155Key);
  for (TxnType type : {TxnType::kLegacy, TxnType::kAccessList, TxnType::kDynamicFee}) {
    for (std::optional<uint64_t> chain_id : {std::optional<uint64_t>{}, std::optional<uint64_t>{1},
                                             std::optional<uint64_t>{0xffffffffffffffffULL}}) {
      if (type != TxnType::kLegacy && !chain_id) continue;  // typed transactions always have one
      Transaction txn = eip155_example();
      txn.type = type;
      txn.chain_id = chain_id;
      if (type != TxnType::kLegacy) txn.access_list = {{address(kEip155Sender), {Hash{}}}};
      ASSERT_TRUE(sign_transaction(txn, key).ok());
      auto decoded = decode_transaction(encode_transaction(txn));
      ASSERT_TRUE(decoded.ok()) << decoded.error().message;
      EXPECT_EQ(*decoded, txn);
      auto sender = recover_sender(*decoded);
      ASSERT_TRUE(sender.ok()) << sender.error().message;
      EXPECT_EQ(*sender, address(kEip155Sender));
      if (type == TxnType::kLegacy && !chain_id) {
        EXPECT_TRUE(legacy_v(txn) == U256(27) || legacy_v(txn) == U256(28));
      }
    }
  }
}

TEST(SignTransaction, RejectsAnInvalidKey) {
  Transaction txn = eip155_example();
  EXPECT_FALSE(sign_transaction(txn, PrivateKey{}).ok());
}

// ---- ethers.js v6 vectors (tests/vectors/ethers_txns.json) ----

TEST(EthersVectors, DecodeReencodeHashAndSender) {
  auto vectors = test::load_vectors("ethers_txns.json");
  ASSERT_TRUE(vectors.contains("transactions"));
  PrivateKey key = test::fixed<32>(text(vectors["privateKey"]));
  ASSERT_GE(vectors["transactions"].size(), 7u);
  for (const auto& vector : vectors["transactions"]) {
    SCOPED_TRACE(text(vector["name"]));
    const auto& fields = vector["fields"];
    Bytes raw = hex(text(vector["raw"]));
    auto txn = decode_transaction(raw);
    ASSERT_TRUE(txn.ok()) << txn.error().message;

    EXPECT_EQ(static_cast<int>(txn->type), fields["type"].get<int>());
    uint64_t chain_id = std::stoull(text(fields["chainId"]));
    if (txn->type == TxnType::kLegacy && chain_id == 0) {
      EXPECT_FALSE(txn->chain_id.has_value());
    } else {
      EXPECT_EQ(txn->chain_id, std::optional<uint64_t>(chain_id));
    }
    EXPECT_EQ(txn->nonce, std::stoull(text(fields["nonce"])));
    EXPECT_EQ(txn->gas_limit, std::stoull(text(fields["gasLimit"])));
    if (fields["to"].is_null()) {
      EXPECT_FALSE(txn->to.has_value());
    } else {
      EXPECT_EQ(txn->to, address(text(fields["to"])));
    }
    EXPECT_EQ(txn->value, u256_hex(text(fields["value"])));
    EXPECT_EQ(txn->data, hex(text(fields["data"])));
    if (txn->type == TxnType::kDynamicFee) {
      EXPECT_EQ(txn->max_priority_fee_per_gas, u256_hex(text(fields["maxPriorityFeePerGas"])));
      EXPECT_EQ(txn->max_fee_per_gas, u256_hex(text(fields["maxFeePerGas"])));
    } else {
      EXPECT_EQ(txn->max_fee_per_gas, u256_hex(text(fields["gasPrice"])));
      EXPECT_EQ(txn->max_priority_fee_per_gas, u256_hex(text(fields["gasPrice"])));
    }
    if (txn->type == TxnType::kLegacy) {
      EXPECT_EQ(legacy_v(*txn), u256_dec(text(fields["v"])));
      EXPECT_TRUE(txn->access_list.empty());
    } else {
      const auto& access_list = fields["accessList"];
      ASSERT_EQ(txn->access_list.size(), access_list.size());
      for (size_t i = 0; i < access_list.size(); ++i) {
        EXPECT_EQ(txn->access_list[i].address, address(text(access_list[i]["address"])));
        const auto& keys = access_list[i]["storageKeys"];
        ASSERT_EQ(txn->access_list[i].storage_keys.size(), keys.size());
        for (size_t k = 0; k < keys.size(); ++k) {
          EXPECT_EQ(txn->access_list[i].storage_keys[k], hash(text(keys[k])));
        }
      }
    }
    EXPECT_EQ(int{txn->y_parity}, fields["yParity"].get<int>());
    EXPECT_EQ(txn->r, u256_hex(text(fields["r"])));
    EXPECT_EQ(txn->s, u256_hex(text(fields["s"])));

    EXPECT_EQ(encode_transaction(*txn), raw);
    EXPECT_EQ(to_hex(signing_payload(*txn)), text(vector["signingPayload"]));
    EXPECT_EQ(signing_hash(*txn), hash(text(vector["signingHash"])));
    EXPECT_EQ(txn_hash(*txn), hash(text(vector["hash"])));
    auto sender = recover_sender(*txn);
    ASSERT_TRUE(sender.ok()) << sender.error().message;
    EXPECT_EQ(*sender, address(text(vector["sender"])));

    // Both sides sign deterministically (RFC 6979), so re-signing reproduces the bytes.
    Transaction resigned = *txn;
    resigned.r = resigned.s = U256(0);
    ASSERT_TRUE(sign_transaction(resigned, key).ok());
    EXPECT_EQ(encode_transaction(resigned), raw);
  }
}

// The one transaction of the execution-apis test chain block in chain_samples.json;
// hash and sender as ethers.js v6 computes them.
TEST(ChainSample, BlockTransactionHashAndSender) {
  auto vectors = test::load_vectors("chain_samples.json");
  auto block = decode_block(hex(text(vectors["raw_block"]["raw"])));
  ASSERT_TRUE(block.ok()) << block.error().message;
  ASSERT_EQ(block->body.transactions.size(), 1u);
  const Transaction& txn = block->body.transactions[0];
  EXPECT_EQ(txn_hash(txn),
            hash("0xc864b642dab0258a7a671f172fa438b29d35cec47ce30d9e16720a07e1c588b9"));
  auto sender = recover_sender(txn);
  ASSERT_TRUE(sender.ok()) << sender.error().message;
  EXPECT_EQ(*sender, address("0x658bdf435d810c91414ec09147daa6db62406379"));
}

}  // namespace
}  // namespace pel
