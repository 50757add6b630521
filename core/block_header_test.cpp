#include "core/block_header.hpp"

#include <gtest/gtest.h>

#include "core/rlp.hpp"
#include "core/txn_test_support.hpp"

namespace pel {
namespace {

using test::address;
using test::hash;
using test::hex;

// Block 3 of the ethereum/execution-apis test chain (tests/debug_getRawHeader/get-block-n.io):
// a Cancun header of 20 fields.
constexpr const char* kCancunHeader =
    "0xf90240a0a111ce2477e1dd45173ba93cac819e62947e62a63a7d561b6f4825fb31c22645a01dcc4de8dec75d"
    "7aab85b567b6ccd41ad312451b948a7413f0a142fd40d493479400000000000000000000000000000000000000"
    "00a038ea140fb8eb50f1ac65fd96a06f3aeb01687c7c94b0d48da364d44acc3d54dea0d299151ff63157c3f358"
    "980eb9f723bcf76a7cb44887ce7e16a84d23b2e14ae4a056a013758ed9d533148e72dc8c697d122c7d6478bd54"
    "7154451138f4368f0e5fb901000000000000000000000000000000000000000000000000000000000080000000"
    "000000000000000000000040000000000000000000000020000000000000000000000000000000000000400000"
    "000000020000000000000000400000000000200000000000000000000000000000000000000000000000000000"
    "001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000020000000000000000000000000000000080"
    "0384023f3e20830231141e80a00000000000000000000000000000000000000000000000000000000000000000"
    "88000000000000000084281d620da056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363"
    "b4218302000080a0756e335a8778f6aadb2cc18c5bc68892da05a4d8b458eee5ce3335a024000c67";

// The header's fields re-encoded one by one, for building broken variants.
std::vector<Bytes> header_items(BytesView raw) {
  auto list = rlp::decode_list(raw);
  EXPECT_TRUE(list.ok());
  std::vector<Bytes> items;
  while (list.ok() && !list->empty()) {
    auto item = list->read_raw();
    EXPECT_TRUE(item.ok());
    items.emplace_back(item->begin(), item->end());
  }
  return items;
}

Bytes list_of(const std::vector<Bytes>& items) {
  Bytes payload;
  for (const Bytes& item : items) payload.insert(payload.end(), item.begin(), item.end());
  return rlp::wrap_list(payload);
}

TEST(BlockHeader, DecodesACancunHeader) {
  Bytes raw = hex(kCancunHeader);
  auto header = decode_block_header(raw);
  ASSERT_TRUE(header.ok()) << header.error().message;
  EXPECT_EQ(header->parent_hash,
            hash("0xa111ce2477e1dd45173ba93cac819e62947e62a63a7d561b6f4825fb31c22645"));
  EXPECT_EQ(header->ommers_hash, kEmptyOmmersHash);
  EXPECT_EQ(header->beneficiary, Address{});
  EXPECT_EQ(header->state_root,
            hash("0x38ea140fb8eb50f1ac65fd96a06f3aeb01687c7c94b0d48da364d44acc3d54de"));
  EXPECT_EQ(header->difficulty, U256(0));
  EXPECT_EQ(header->number, 3u);
  EXPECT_EQ(header->gas_limit, 0x23f3e20u);
  EXPECT_EQ(header->gas_used, 0x023114u);
  EXPECT_EQ(header->timestamp, 0x1eu);
  EXPECT_TRUE(header->extra_data.empty());
  EXPECT_EQ(header->nonce, BlockNonce{});
  EXPECT_EQ(header->base_fee_per_gas, std::optional<U256>(U256(0x281d620d)));
  EXPECT_EQ(header->withdrawals_root,
            hash("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"));
  EXPECT_EQ(header->blob_gas_used, std::optional<uint64_t>(0x20000));
  EXPECT_EQ(header->excess_blob_gas, std::optional<uint64_t>(0));
  EXPECT_EQ(header->parent_beacon_block_root,
            hash("0x756e335a8778f6aadb2cc18c5bc68892da05a4d8b458eee5ce3335a024000c67"));
  EXPECT_FALSE(header->requests_hash.has_value());
  EXPECT_TRUE(has_valid_optional_fields(*header));
  EXPECT_EQ(encode_block_header(*header), raw);
}

TEST(BlockHeader, EveryForkLayoutRoundTrips) {
  auto cancun = decode_block_header(hex(kCancunHeader));
  ASSERT_TRUE(cancun.ok());
  BlockHeader header = *cancun;
  header.requests_hash = hash("0x57cac3e52cdcd73e52bd9e54956e0eae370f00ed41f68edc78266bdb46c3a543");
  // From Prague (21 fields) down to the Yellow Paper's 15, dropping the newest field each time.
  for (size_t fields = 21; fields >= 15; --fields) {
    Bytes raw = encode_block_header(header);
    EXPECT_EQ(header_items(raw).size(), fields);
    auto decoded = decode_block_header(raw);
    ASSERT_TRUE(decoded.ok()) << fields << " fields: " << decoded.error().message;
    EXPECT_EQ(*decoded, header);
    if (header.requests_hash) {
      header.requests_hash.reset();
    } else if (header.parent_beacon_block_root) {
      header.parent_beacon_block_root.reset();
    } else if (header.excess_blob_gas) {
      header.excess_blob_gas.reset();
    } else if (header.blob_gas_used) {
      header.blob_gas_used.reset();
    } else if (header.withdrawals_root) {
      header.withdrawals_root.reset();
    } else {
      header.base_fee_per_gas.reset();
    }
  }
}

TEST(BlockHeader, OptionalFieldsMustBeAPrefix) {
  BlockHeader header;
  EXPECT_TRUE(has_valid_optional_fields(header));
  header.withdrawals_root = Hash{};
  EXPECT_FALSE(has_valid_optional_fields(header));  // Shanghai's field without London's
  header.base_fee_per_gas = U256(7);
  EXPECT_TRUE(has_valid_optional_fields(header));
  header.requests_hash = Hash{};
  EXPECT_FALSE(has_valid_optional_fields(header));
}

TEST(BlockHeader, RejectsMalformedHeaders) {
  Bytes raw = hex(kCancunHeader);
  auto items = header_items(raw);
  ASSERT_EQ(items.size(), 20u);
  auto rejected = [](const Bytes& bytes) { return !decode_block_header(bytes).ok(); };

  EXPECT_TRUE(rejected({}));
  EXPECT_TRUE(rejected(hex("0xc0")));
  auto fourteen = items;
  fourteen.resize(14);
  EXPECT_TRUE(rejected(list_of(fourteen)));
  auto twenty_two = items;
  twenty_two.push_back(items[0]);  // requestsHash
  twenty_two.push_back(Bytes{0x80});
  EXPECT_TRUE(rejected(list_of(twenty_two)));

  auto short_bloom = items;
  short_bloom[6] = hex("0xb8ff" + std::string(255 * 2, '0'));
  EXPECT_TRUE(rejected(list_of(short_bloom)));
  auto short_nonce = items;
  short_nonce[14] = hex("0x8700000000000000");
  EXPECT_TRUE(rejected(list_of(short_nonce)));
  auto short_parent = items;
  short_parent[0] = hex("0x9f" + std::string(31 * 2, '1'));
  EXPECT_TRUE(rejected(list_of(short_parent)));
  auto non_canonical_number = items;
  non_canonical_number[8] = hex("0x8103");
  EXPECT_TRUE(rejected(list_of(non_canonical_number)));
  auto listy_extra = items;
  listy_extra[12] = hex("0xc0");
  EXPECT_TRUE(rejected(list_of(listy_extra)));

  Bytes trailing = raw;
  trailing.push_back(0x80);
  EXPECT_TRUE(rejected(trailing));
  for (size_t size = 0; size < raw.size(); size += 7) {
    EXPECT_TRUE(rejected(Bytes(raw.begin(), raw.begin() + size))) << size;
  }
}

}  // namespace
}  // namespace pel
