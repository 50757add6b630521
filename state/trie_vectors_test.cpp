// ethereum/tests TrieTests: trietest.json and hex_encoded_securetrie_test.json.
// Each case runs through the incremental trie (in the file's order, deletes
// included), through the sorted builder (final contents only), and through a
// trie reopened from the nodes its commit handed out.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "crypto/keccak.hpp"
#include "state/trie.hpp"
#include "state/trie_test_util.hpp"

namespace pel {
namespace {

using trie_test::hex;
using trie_test::TrieContents;

std::filesystem::path vectors_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "tests" / "trie_reference" /
         "vectors";
}

nlohmann::json load_vectors(const std::string& name) {
  std::ifstream in(vectors_dir() / name);
  EXPECT_TRUE(in.good()) << "cannot open " << (vectors_dir() / name);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

// trietest.json: "0x..." is hex, anything else is the string's bytes.
Bytes vector_bytes(const std::string& text) {
  if (text.starts_with("0x")) return hex(text);
  return Bytes(text.begin(), text.end());
}

struct Op {
  Bytes key;
  std::optional<Bytes> value;  // nullopt deletes
};

void check_case(const std::string& name, const std::vector<Op>& ops, const Hash& expected) {
  SCOPED_TRACE(name);
  Trie trie;
  TrieContents contents;
  for (const auto& op : ops) {
    if (op.value && !op.value->empty()) {
      ASSERT_TRUE(trie.put(op.key, *op.value).ok());
      contents[op.key] = *op.value;
    } else {
      ASSERT_TRUE(trie.remove(op.key).ok());
      contents.erase(op.key);
    }
  }
  EXPECT_EQ(trie.root_hash(), expected);
  EXPECT_EQ(trie_test::scratch_root(contents), expected);

  MemoryTrieNodeStore store;
  store.write(trie.commit());
  Trie reopened(&store, expected);
  for (const auto& [key, value] : contents) {
    auto found = reopened.get(key);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, std::optional<Bytes>(value));
  }
  EXPECT_EQ(reopened.root_hash(), expected);
}

TEST(TrieVectors, TrieTest) {
  const nlohmann::json cases = load_vectors("trietest.json");
  ASSERT_TRUE(cases.is_object());
  ASSERT_EQ(cases.size(), 4u);
  for (const auto& [name, test] : cases.items()) {
    std::vector<Op> ops;
    for (const auto& pair : test.at("in")) {
      Op op{vector_bytes(pair.at(0).get<std::string>()), std::nullopt};
      if (!pair.at(1).is_null()) op.value = vector_bytes(pair.at(1).get<std::string>());
      ops.push_back(std::move(op));
    }
    auto expected = Hash::from_hex(test.at("root").get<std::string>());
    ASSERT_TRUE(expected.ok());
    check_case(name, ops, *expected);
  }
}

TEST(TrieVectors, HexEncodedSecureTrie) {
  const nlohmann::json cases = load_vectors("hex_encoded_securetrie_test.json");
  ASSERT_TRUE(cases.is_object());
  ASSERT_FALSE(cases.empty());
  for (const auto& [name, test] : cases.items()) {
    std::vector<Op> ops;
    for (const auto& pair : test.at("data")) {
      const Hash key = keccak256(hex(pair.at(0).get<std::string>()));
      ops.push_back(
          {Bytes(key.bytes.begin(), key.bytes.end()), hex(pair.at(1).get<std::string>())});
    }
    auto expected = Hash::from_hex(test.at("result").get<std::string>());
    ASSERT_TRUE(expected.ok());
    check_case(name, ops, *expected);
  }
}

}  // namespace
}  // namespace pel
