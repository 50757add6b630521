#include "state/trie_values.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "state/trie_node_store.hpp"
#include "state/trie_test_util.hpp"

namespace pel {
namespace {

using trie_test::hex;

TEST(TrieValues, EmptyCodeHash) {
  EXPECT_EQ(kEmptyCodeHash, keccak256({}));
}

// The first account of ethereum/tests' hex_encoded_securetrie_test.json.
TEST(TrieValues, AccountRlp) {
  EXPECT_EQ(trie_account_rlp(1, U256(0x05f446a7), kEmptyTrieRoot, kEmptyCodeHash),
            hex("0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b4"
                "21a0c5d24601"
                "86f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
  // Zero nonce and balance are empty strings.
  EXPECT_EQ(trie_account_rlp(0, U256(0), kEmptyTrieRoot, kEmptyCodeHash),
            hex("0xf8448080a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2"
                "460186f7233c927e"
                "7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
}

TEST(TrieValues, StorageValueRlp) {
  EXPECT_TRUE(trie_storage_value_rlp(U256(0)).empty());  // zero slots are removed
  EXPECT_EQ(trie_storage_value_rlp(U256(1)), hex("0x01"));
  EXPECT_EQ(trie_storage_value_rlp(U256(0x7f)), hex("0x7f"));
  EXPECT_EQ(trie_storage_value_rlp(U256(0x80)), hex("0x8180"));
  EXPECT_EQ(trie_storage_value_rlp(U256(0x0100)), hex("0x820100"));
  EXPECT_EQ(trie_storage_value_rlp(U256::max()),
            hex("0xa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
}

}  // namespace
}  // namespace pel
