#include "crypto/clique.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/block.hpp"
#include "core/txn_test_support.hpp"
#include "crypto/header_hash.hpp"

namespace pel {
namespace {

using test::hash;
using test::hex;

PrivateKey key_of(uint8_t value) {
  PrivateKey key;
  key.bytes[31] = value;
  return key;
}

// A post-London header with every optional field, so the seal hash covers them all.
BlockHeader sample_header() {
  BlockHeader header;
  header.parent_hash = hash("0x0101010101010101010101010101010101010101010101010101010101010101");
  header.ommers_hash = kEmptyOmmersHash;
  header.state_root = hash("0x0202020202020202020202020202020202020202020202020202020202020202");
  header.transactions_root =
      hash("0x0303030303030303030303030303030303030303030303030303030303030303");
  header.receipts_root = hash("0x0404040404040404040404040404040404040404040404040404040404040404");
  header.difficulty = U256(kCliqueDifficultyInTurn);
  header.number = 42;
  header.gas_limit = 30'000'000;
  header.gas_used = 21'000;
  header.timestamp = 1'700'000'000;
  header.extra_data.assign(kCliqueVanityLength + kCliqueSealLength, 0);
  header.extra_data[0] = 'p';
  header.base_fee_per_gas = U256(875'000'000);
  header.withdrawals_root =
      hash("0x0505050505050505050505050505050505050505050505050505050505050505");
  header.blob_gas_used = 0;
  header.excess_blob_gas = 0;
  header.parent_beacon_block_root = Hash{};
  header.requests_hash = hash("0x0606060606060606060606060606060606060606060606060606060606060606");
  return header;
}

TEST(Clique, SealThenRecoverGivesTheSigner) {
  const PrivateKey key = key_of(7);
  BlockHeader header = sample_header();
  const Hash before = clique_seal_hash(header);
  ASSERT_TRUE(clique_seal(header, key).ok());
  // The seal is outside what it signs.
  EXPECT_EQ(clique_seal_hash(header), before);
  auto signer = clique_signer(header);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(*signer, *address_of(key));
  // The vanity is untouched and the seal is no longer zero.
  EXPECT_EQ(header.extra_data[0], 'p');
  EXPECT_NE(header.extra_data.back() | header.extra_data[kCliqueVanityLength], 0xff);
}

TEST(Clique, SealCoversTheSignerListOfACheckpoint) {
  BlockHeader header = sample_header();
  const Address a = test::address("0x1111111111111111111111111111111111111111");
  const Address b = test::address("0x2222222222222222222222222222222222222222");
  header.extra_data.insert(header.extra_data.begin() + kCliqueVanityLength, a.bytes.begin(),
                           a.bytes.end());
  header.extra_data.insert(header.extra_data.begin() + kCliqueVanityLength + 20, b.bytes.begin(),
                           b.bytes.end());
  ASSERT_TRUE(clique_seal(header, key_of(9)).ok());
  auto signers = clique_checkpoint_signers(header);
  ASSERT_TRUE(signers.ok());
  EXPECT_EQ(*signers, (std::vector<Address>{a, b}));
  EXPECT_EQ(*clique_signer(header), *address_of(key_of(9)));

  header.extra_data[kCliqueVanityLength + 3] ^= 1;  // a forged signer list
  auto forged = clique_signer(header);
  EXPECT_TRUE(!forged.ok() || *forged != *address_of(key_of(9)));

  header.extra_data.push_back(0);  // not a whole number of addresses
  EXPECT_FALSE(clique_checkpoint_signers(header).ok());
}

TEST(Clique, TamperingAnyFieldChangesTheSigner) {
  const PrivateKey key = key_of(3);
  BlockHeader sealed = sample_header();
  ASSERT_TRUE(clique_seal(sealed, key).ok());
  const Address signer = *address_of(key);

  using Tamper = void (*)(BlockHeader&);
  const std::pair<const char*, Tamper> tampers[] = {
      {"parent_hash", [](BlockHeader& h) { h.parent_hash.bytes[0] ^= 1; }},
      {"ommers_hash", [](BlockHeader& h) { h.ommers_hash.bytes[5] ^= 1; }},
      {"beneficiary", [](BlockHeader& h) { h.beneficiary.bytes[19] ^= 1; }},
      {"state_root", [](BlockHeader& h) { h.state_root.bytes[31] ^= 1; }},
      {"transactions_root", [](BlockHeader& h) { h.transactions_root.bytes[1] ^= 1; }},
      {"receipts_root", [](BlockHeader& h) { h.receipts_root.bytes[2] ^= 1; }},
      {"logs_bloom", [](BlockHeader& h) { h.logs_bloom.bytes[100] ^= 1; }},
      {"difficulty", [](BlockHeader& h) { h.difficulty = U256(kCliqueDifficultyNoTurn); }},
      {"number", [](BlockHeader& h) { h.number += 1; }},
      {"gas_limit", [](BlockHeader& h) { h.gas_limit -= 1; }},
      {"gas_used", [](BlockHeader& h) { h.gas_used += 1; }},
      {"timestamp", [](BlockHeader& h) { h.timestamp += 1; }},
      {"vanity", [](BlockHeader& h) { h.extra_data[1] ^= 1; }},
      {"mix_hash", [](BlockHeader& h) { h.mix_hash.bytes[0] ^= 1; }},
      {"nonce", [](BlockHeader& h) { h.nonce = kCliqueNonceAuthorize; }},
      {"base_fee", [](BlockHeader& h) { *h.base_fee_per_gas += U256(1); }},
      {"withdrawals_root", [](BlockHeader& h) { h.withdrawals_root->bytes[0] ^= 1; }},
      {"blob_gas_used", [](BlockHeader& h) { *h.blob_gas_used += 1; }},
      {"excess_blob_gas", [](BlockHeader& h) { *h.excess_blob_gas += 1; }},
      {"parent_beacon_block_root",
       [](BlockHeader& h) { h.parent_beacon_block_root->bytes[0] ^= 1; }},
      {"requests_hash", [](BlockHeader& h) { h.requests_hash->bytes[0] ^= 1; }},
      {"dropped requests_hash", [](BlockHeader& h) { h.requests_hash.reset(); }},
      {"seal r", [](BlockHeader& h) { h.extra_data[kCliqueVanityLength + 5] ^= 1; }},
      {"seal s", [](BlockHeader& h) { h.extra_data[kCliqueVanityLength + 40] ^= 1; }},
      {"seal v", [](BlockHeader& h) { h.extra_data.back() ^= 1; }},
  };
  for (const auto& [name, tamper] : tampers) {
    BlockHeader header = sealed;
    tamper(header);
    auto recovered = clique_signer(header);
    EXPECT_TRUE(!recovered.ok() || *recovered != signer) << name;
  }
}

TEST(Clique, BadSealsAreErrors) {
  BlockHeader header = sample_header();
  ASSERT_TRUE(clique_seal(header, key_of(5)).ok());
  Bytes& extra = header.extra_data;
  const size_t seal = extra.size() - kCliqueSealLength;

  BlockHeader v2 = header;
  v2.extra_data.back() = 2;
  EXPECT_FALSE(clique_signer(v2).ok());
  BlockHeader v27 = header;  // geth's clique seals use 0/1, not 27/28
  v27.extra_data.back() = 27;
  EXPECT_FALSE(clique_signer(v27).ok());

  BlockHeader zero_r = header;
  std::fill(zero_r.extra_data.begin() + seal, zero_r.extra_data.begin() + seal + 32, 0);
  EXPECT_FALSE(clique_signer(zero_r).ok());
  BlockHeader zero_s = header;
  std::fill(zero_s.extra_data.begin() + seal + 32, zero_s.extra_data.begin() + seal + 64, 0);
  EXPECT_FALSE(clique_signer(zero_s).ok());
  BlockHeader big_s = header;
  std::fill(big_s.extra_data.begin() + seal + 32, big_s.extra_data.begin() + seal + 64, 0xff);
  EXPECT_FALSE(clique_signer(big_s).ok());
  BlockHeader unsealed = sample_header();  // all-zero seal
  EXPECT_FALSE(clique_signer(unsealed).ok());
  (void)extra;
}

TEST(Clique, HighSIsAcceptedLikeGeth) {
  // (r, n - s) with the other recovery id is the same signature to geth's ecrecover.
  const U256 n(0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL,
               0xFFFFFFFFFFFFFFFFULL);
  BlockHeader header = sample_header();
  ASSERT_TRUE(clique_seal(header, key_of(11)).ok());
  uint8_t* seal = header.extra_data.data() + header.extra_data.size() - kCliqueSealLength;
  const U256 s = *U256::from_be_bytes({seal + 32, 32});
  (n - s).to_be_bytes(seal + 32);
  seal[64] ^= 1;
  auto signer = clique_signer(header);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(*signer, *address_of(key_of(11)));
}

TEST(Clique, ShortExtraDataIsAnError) {
  for (size_t size : {size_t{0}, size_t{32}, size_t{65}, size_t{96}}) {
    BlockHeader header = sample_header();
    header.extra_data.assign(size, 0xab);
    const BlockHeader before = header;
    EXPECT_FALSE(clique_seal(header, key_of(1)).ok()) << size;
    EXPECT_EQ(header, before) << size;
    EXPECT_FALSE(clique_signer(header).ok()) << size;
    EXPECT_FALSE(clique_checkpoint_signers(header).ok()) << size;
    (void)clique_seal_hash(header);  // defined, not a crash
  }
  BlockHeader exact = sample_header();
  exact.extra_data.assign(97, 0);
  EXPECT_TRUE(clique_seal(exact, key_of(1)).ok());
}

TEST(Clique, InvalidKeyIsAnError) {
  BlockHeader header = sample_header();
  EXPECT_FALSE(clique_seal(header, PrivateKey{}).ok());
}

TEST(Clique, Difficulty) {
  // Three signers: block 7 is the turn of index 7 % 3 = 1.
  EXPECT_EQ(clique_difficulty(7, 1, 3), U256(2));
  EXPECT_EQ(clique_difficulty(7, 0, 3), U256(1));
  EXPECT_EQ(clique_difficulty(7, 2, 3), U256(1));
  EXPECT_EQ(clique_difficulty(9, 0, 3), U256(2));
  EXPECT_EQ(clique_difficulty(5, 0, 1), U256(2));  // a lone signer is always in turn
}

// geth's own clique sealing vector: cmd/evm/testdata/21 (`evm b11r` with
// --seal.clique=clique.json). The key 0x45a9...f2d8 seals the header of header.json with
// vanity 0xaa..aa; exp-clique.json is the resulting block.
constexpr std::string_view kGethB11rCliqueBlock =
    "0xf9025ff9025aa0d6d785d33cbecf30f30d07e00e226af58f72efdf385d46bc3e6326c23b11e34ea01dcc4de8dec7"
    "5d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347942adc25665018aa1fe0e6bc666dac8fc2697ff9ba"
    "a0325aea6db48e9d737cddf59034843e99f05bec269453be83c9b9a981a232cc2ea056e81f171bcc55a6ff8345e692"
    "c0f86e5b48e01b996cadc001622fb5e363b421a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622f"
    "b5e363b421b90100000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000082100082c3be83050785808455c5277eb861"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac540a67aaee364005841da84f488f6"
    "b6d0116dfb5103d091402c81a163d5f66666595e37f56f196d8c5c98da714dbfae68d6b7e1790cc734a20ec6ce5221"
    "3ad800a05865e417635a26db6d1d39ac70d1abf373e5398b3c6fd506acd038fa1334eedf88ffffffffffffffffc0c"
    "0";

TEST(Clique, GethB11rSealingVector) {
  auto block = decode_block(hex(kGethB11rCliqueBlock));
  ASSERT_TRUE(block.ok()) << block.error().message;
  const BlockHeader& sealed = block->header;
  EXPECT_EQ(header_hash(sealed),
            hash("0x71c59102cc805dbe8741e1210ebe229a321eff144ac7276006fefe39e8357dc7"));

  const PrivateKey key =
      test::fixed<32>("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
  auto signer = clique_signer(sealed);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(*signer, *address_of(key));

  // Sealing the unsealed header again gives geth's seal byte for byte (both sign with
  // RFC 6979 nonces).
  BlockHeader resealed = sealed;
  std::fill(resealed.extra_data.end() - kCliqueSealLength, resealed.extra_data.end(), 0);
  ASSERT_TRUE(clique_seal(resealed, key).ok());
  EXPECT_EQ(resealed, sealed);
}

// Goerli block 5,102,442 (0x4ddb6a), a post-London clique block with a base fee, as
// eth_getBlockByNumber returned it: ethereumjs-monorepo
// packages/block/test/testdata/testdata-from-rpc-goerli-london.json.
BlockHeader goerli_block_5102442() {
  BlockHeader header;
  header.parent_hash = hash("0xb8a6ba8f2d6c13be07a0580add9d9ccc8e4301bd1244e3b0da53d025ce926370");
  header.ommers_hash = kEmptyOmmersHash;
  header.state_root = hash("0x1ce2cb2fc266096dac2d41eda3e74220f693b1f05f963a1fee8e5230cbb9690e");
  header.transactions_root =
      hash("0x43fd7e89d018b7034792877bfee31aa4aeeeed66a4a770d617a470267a626b7c");
  header.receipts_root = hash("0x1e8cf75ab79f5c5bc40035d507a6d26e287fbc0530959afc0edcd84434131288");
  header.logs_bloom = test::fixed<256>(
      "0x000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      "00200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      "00"
      "00000000800000000000000000000000400000000000000000000000000000000000020000000000000000000000"
      "00"
      "00000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000"
      "00"
      "00000800000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      "00"
      "0000000000000000000000000000000000000000000000");
  header.difficulty = U256(1);
  header.number = 0x4ddb6a;
  header.gas_limit = 0x1c9c380;
  header.gas_used = 0xfe1a;
  header.timestamp = 0x60e652d7;
  header.extra_data =
      hex("0x696e667572612d696f00000000000000000000000000000000000000000000001da4547ff7dfdfe4c70a52"
          "e1f40d"
          "60d0259803e733aba7f5024ec054265017725febb042946985654f62c284c010b56a7fb2cd43d0c8968dbd08"
          "1a1d0d"
          "b45d4b00");
  header.base_fee_per_gas = U256(7);
  return header;
}

TEST(Clique, GoerliLondonBlock) {
  const BlockHeader header = goerli_block_5102442();
  // The fields are right: they hash to the block's hash.
  ASSERT_EQ(header_hash(header),
            hash("0xec0b5cf01a11c514e6fecb2577adf82594083a79eda699eeaf7d11ebef226063"));
  auto signer = clique_signer(header);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  // Infura's Goerli signer, matching the block's "infura-io" vanity: listed as
  // "0x8b24eb4e6aae906058242d83e51fb077370c4720 (Infura)" in the Goerli
  // clique.getSignersAnnotated() output of the goerli/testnet README, and in
  // Nethermind's table of known Goerli signers.
  EXPECT_EQ(*signer, test::address("0x8b24eb4e6aae906058242d83e51fb077370c4720"));
}

}  // namespace
}  // namespace pel
