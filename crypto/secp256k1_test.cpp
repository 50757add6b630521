#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "crypto/address_checksum.hpp"
#include "crypto/keccak.hpp"

namespace pel {
namespace {

// n, the order of secp256k1's group.
const U256 kN(0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL,
              0xFFFFFFFFFFFFFFFFULL);

PrivateKey key_of_hex(std::string_view hex) {
  auto key = PrivateKey::from_hex(hex);
  EXPECT_TRUE(key.ok()) << hex;
  return key.ok() ? *key : PrivateKey{};
}

PrivateKey small_key(uint8_t value) {
  PrivateKey key;
  key.bytes[31] = value;
  return key;
}

U256 u256_of_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  auto value = U256::from_be_bytes(*bytes);
  EXPECT_TRUE(value.ok()) << hex;
  return *value;
}

std::string checksummed_address_of(const PrivateKey& key) {
  auto address = address_of(key);
  EXPECT_TRUE(address.ok());
  return address.ok() ? to_checksum_hex(*address) : "";
}

TEST(Secp256k1, KnownKeysGiveKnownAddresses) {
  // Keys 1, 2, 3 and n - 1 computed with a separate pure-Python secp256k1 and
  // Keccak; key 1's address is widely published. The last key is web3.js's
  // documentation example.
  EXPECT_EQ(checksummed_address_of(small_key(1)), "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  EXPECT_EQ(checksummed_address_of(small_key(2)), "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF");
  EXPECT_EQ(checksummed_address_of(small_key(3)), "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69");
  EXPECT_EQ(checksummed_address_of(
                key_of_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")),
            "0x80C0dbf239224071c59dD8970ab9d542E3414aB2");
  EXPECT_EQ(checksummed_address_of(
                key_of_hex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")),
            "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
}

TEST(Secp256k1, RejectsInvalidPrivateKeys) {
  EXPECT_FALSE(address_of(PrivateKey{}).ok());
  EXPECT_FALSE(
      address_of(key_of_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
          .ok());
  EXPECT_FALSE(sign(Hash{}, PrivateKey{}).ok());
}

TEST(Secp256k1, SignIsRfc6979) {
  // r, s and the recovery id from the pure-Python RFC 6979 (HMAC-SHA256) signer,
  // with s folded to the low half.
  Hash message = keccak256(as_view("pel"));
  ASSERT_EQ(message.hex(), "0x2185790d78036fc62179960ce25fb9819d8aa46aeadf6b01323d9ceec9ddfa92");

  auto one = sign(message, small_key(1));
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->r,
            u256_of_hex("c7bb2b598801015c56e6d6961669dcdc21f6719ab21b162c6e34bbaaddd46083"));
  EXPECT_EQ(one->s,
            u256_of_hex("6982142974deab7ea9fcc6b957f0e62fb2d79234857c000d65e29a550c7a766b"));
  EXPECT_EQ(one->y_parity, 0);

  auto web3 =
      sign(message, key_of_hex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
  ASSERT_TRUE(web3.ok()) << web3.error().message;
  EXPECT_EQ(web3->r,
            u256_of_hex("a2d5ff8818bc22da9dc52326654815b820a1b26ced6cbd0717b5783db01f8ed4"));
  EXPECT_EQ(web3->s,
            u256_of_hex("34b87a23434eb6ea39f1e7153f90abbbe9844f627547cb8045a7d9d9e133dffd"));
  EXPECT_EQ(web3->y_parity, 1);
}

TEST(Secp256k1, SignThenRecoverGivesTheSigner) {
  const U256 half_n =
      u256_of_hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  for (uint8_t seed = 1; seed <= 40; ++seed) {
    PrivateKey key;
    for (size_t i = 0; i < 32; ++i) key.bytes[i] = static_cast<uint8_t>(seed * 31 + i * 7);
    Hash message = keccak256(BytesView(&seed, 1));
    auto signature = sign(message, key);
    ASSERT_TRUE(signature.ok()) << signature.error().message;
    EXPECT_LE(signature->s, half_n);
    EXPECT_LE(signature->y_parity, 1);

    auto signer = address_of(key);
    ASSERT_TRUE(signer.ok());
    auto recovered = recover_address(message, *signature);
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    EXPECT_EQ(*recovered, *signer);

    // The same signature over another message names someone else.
    Hash other = message;
    other.bytes[0] ^= 1;
    auto stranger = recover_address(other, *signature);
    if (stranger.ok()) {
      EXPECT_NE(*stranger, *signer);
    }

    // The other parity names someone else too.
    Signature flipped = *signature;
    flipped.y_parity ^= 1;
    auto wrong_parity = recover_address(message, flipped);
    if (wrong_parity.ok()) {
      EXPECT_NE(*wrong_parity, *signer);
    }
  }
}

class Secp256k1Rejection : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signed_ok = sign(message_, small_key(7));
    ASSERT_TRUE(signed_ok.ok());
    good_ = *signed_ok;
    ASSERT_TRUE(recover_address(message_, good_).ok());
  }
  Hash message_ = keccak256(as_view("reject me"));
  Signature good_;
};

TEST_F(Secp256k1Rejection, HighS) {
  // (r, n - s) with the other parity is the same signature in ECDSA's eyes and the
  // library would recover the signer from it; EIP-2 forbids it.
  Signature high = good_;
  high.s = kN - good_.s;
  high.y_parity ^= 1;
  EXPECT_FALSE(recover_address(message_, high).ok());
}

TEST_F(Secp256k1Rejection, SAtTheBoundary) {
  // s = floor(n / 2) is the largest accepted value; one more is rejected for being
  // high, not for failing to recover.
  const U256 half_n =
      u256_of_hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  Signature at = good_;
  at.s = half_n;
  auto at_result = recover_address(message_, at);
  EXPECT_TRUE(at_result.ok()) << at_result.error().message;
  Signature above = good_;
  above.s = half_n + 1;
  EXPECT_FALSE(recover_address(message_, above).ok());
}

TEST_F(Secp256k1Rejection, ZeroRAndZeroS) {
  Signature zero_r = good_;
  zero_r.r = 0;
  EXPECT_FALSE(recover_address(message_, zero_r).ok());
  Signature zero_s = good_;
  zero_s.s = 0;
  EXPECT_FALSE(recover_address(message_, zero_s).ok());
}

TEST_F(Secp256k1Rejection, ROutOfRange) {
  for (U256 r : {kN, kN + 1, U256::max()}) {
    Signature bad = good_;
    bad.r = r;
    EXPECT_FALSE(recover_address(message_, bad).ok());
  }
}

TEST_F(Secp256k1Rejection, SOutOfRange) {
  for (U256 s : {kN, kN + 1, U256::max()}) {
    Signature bad = good_;
    bad.s = s;
    EXPECT_FALSE(recover_address(message_, bad).ok());
  }
}

TEST_F(Secp256k1Rejection, BadYParity) {
  for (uint8_t parity : {2, 3, 27, 28, 255}) {
    Signature bad = good_;
    bad.y_parity = parity;
    EXPECT_FALSE(recover_address(message_, bad).ok()) << int{parity};
  }
}

TEST_F(Secp256k1Rejection, RNotOnCurve) {
  // x = 5 has no point on y^2 = x^3 + 7 (130 is not a square mod p), so nothing recovers.
  Signature bad = good_;
  bad.r = 5;
  EXPECT_FALSE(recover_address(message_, bad).ok());
}

TEST(Secp256k1, ConcurrentRecoveryAgrees) {
  // Recovery runs on many threads at once through the one shared context.
  std::vector<Hash> messages;
  std::vector<Signature> signatures;
  std::vector<Address> signers;
  for (uint8_t i = 1; i <= 16; ++i) {
    messages.push_back(keccak256(BytesView(&i, 1)));
    auto signature = sign(messages.back(), small_key(i));
    ASSERT_TRUE(signature.ok());
    signatures.push_back(*signature);
    signers.push_back(*address_of(small_key(i)));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        for (size_t i = 0; i < messages.size(); ++i) {
          auto recovered = recover_address(messages[i], signatures[i]);
          if (!recovered.ok() || *recovered != signers[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace pel
