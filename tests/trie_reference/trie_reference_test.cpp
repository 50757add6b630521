// Differential test: Pel's trie against an independent implementation,
// @ethereumjs/mpt under Node.js (root.mjs beside this file), on random sets of
// inserts, updates and deletes, plain and secure, small and large.
//
// Skips (with the reason) when `node` or the npm module is missing; the ctest
// fixture `trie_reference_npm_ci` installs the module first.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/rlp.hpp"
#include "crypto/keccak.hpp"
#include "state/trie.hpp"
#include "state/trie_test_util.hpp"

namespace pel {
namespace {

namespace fs = std::filesystem;
using trie_test::random_bytes;

const fs::path kReferenceDir = fs::path(__FILE__).parent_path();

struct Op {
  Bytes key;
  std::optional<Bytes> value;  // nullopt: delete
};

struct Case {
  bool secure = false;
  // The reference replays the ops, deletes included; otherwise it builds the
  // contents they leave (see root.mjs: its deletes go wrong when a key is a
  // prefix of another, which only variable-length keys allow).
  bool replay = true;
  std::vector<Op> ops;
};

// Keys from a small alphabet, of `key_length` bytes or (when 0) of 1 to 6
// bytes, so that sets hold keys that are prefixes of others; values on both
// sides of the 32-byte embedding limit; a fifth of the operations delete (some
// by an empty value). Never the empty key: @ethereumjs/mpt 10.1.3 empties the
// whole trie when it deletes that key (Ethereum's tries never use it: rlp(0) is
// 0x80, hashed keys are 32 bytes).
Case random_case(std::mt19937_64& rng, bool secure, size_t op_count, size_t key_length) {
  Case out;
  out.secure = secure;
  out.replay = secure || key_length != 0;
  std::vector<Bytes> used;
  for (size_t i = 0; i < op_count; ++i) {
    Bytes key;
    if (!used.empty() && rng() % 3 == 0) {
      key = used[rng() % used.size()];
    } else {
      key.resize(key_length != 0 ? key_length : 1 + rng() % 6);
      for (auto& byte : key) byte = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : rng() % 3);
      used.push_back(key);
    }
    const uint64_t action = rng() % 10;
    if (action == 0) {
      out.ops.push_back({key, std::nullopt});
    } else if (action == 1) {
      out.ops.push_back({key, Bytes{}});
    } else {
      out.ops.push_back({key, random_bytes(rng, 1 + rng() % 60)});
    }
  }
  return out;
}

Hash pel_root(const Case& test) {
  Trie trie;
  for (const Op& op : test.ops) {
    const Hash hashed = keccak256(op.key);
    const Bytes key = test.secure ? Bytes(hashed.bytes.begin(), hashed.bytes.end()) : op.key;
    EXPECT_TRUE(op.value ? trie.put(key, *op.value).ok() : trie.remove(key).ok());
  }
  return trie.root_hash();
}

// Runs root.mjs on all cases at once (one Node.js start-up); returns the roots.
std::vector<std::string> reference_roots(const std::vector<Case>& cases) {
  nlohmann::json input;
  input["cases"] = nlohmann::json::array();
  for (const Case& test : cases) {
    nlohmann::json ops = nlohmann::json::array();
    for (const Op& op : test.ops) {
      ops.push_back(
          {to_hex(op.key), op.value ? nlohmann::json(to_hex(*op.value)) : nlohmann::json(nullptr)});
    }
    input["cases"].push_back({{"secure", test.secure}, {"replay", test.replay}, {"ops", ops}});
  }
  const fs::path input_file =
      fs::temp_directory_path() / ("pel_trie_reference_" + std::to_string(getpid()) + ".json");
  std::ofstream(input_file) << input.dump();
  const std::string command =
      "node " + (kReferenceDir / "root.mjs").string() + " < " + input_file.string();
  std::vector<std::string> roots;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::string output;
    char buffer[4096];
    while (size_t read = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
    EXPECT_EQ(pclose(pipe), 0) << "root.mjs failed; output: " << output;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) roots.push_back(line);
  } else {
    ADD_FAILURE() << "cannot run " << command;
  }
  if (!std::getenv("PEL_KEEP")) fs::remove(input_file);
  return roots;
}

class TrieReference : public testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v node >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "`node` not found: install Node.js to run the differential trie test";
    }
    if (!fs::exists(kReferenceDir / "node_modules" / "@ethereumjs" / "mpt" / "package.json")) {
      GTEST_SKIP() << "@ethereumjs/mpt not installed: run `npm ci` in " << kReferenceDir.string();
    }
  }

  void expect_same_roots(const std::vector<Case>& cases) {
    const std::vector<std::string> expected = reference_roots(cases);
    ASSERT_EQ(expected.size(), cases.size());
    for (size_t i = 0; i < cases.size(); ++i) {
      EXPECT_EQ(pel_root(cases[i]).hex(), expected[i])
          << "case " << i << (cases[i].secure ? " (secure)" : "");
    }
  }
};

TEST_F(TrieReference, RandomPlainAndSecureSets) {
  std::mt19937_64 rng(2024);
  std::vector<Case> cases;
  for (int i = 0; i < 60; ++i) {
    const size_t key_length = i % 3 == 0 ? 0 : (i % 3 == 1 ? 2 + i % 5 : 32);
    cases.push_back(random_case(rng, i % 4 == 3, 1 + rng() % 200, key_length));
  }
  cases.push_back(Case{});  // the empty trie
  expect_same_roots(cases);
}

TEST_F(TrieReference, LargeSets) {
  std::mt19937_64 rng(77);
  std::vector<Case> cases;
  cases.push_back(random_case(rng, false, 2000, 32));
  cases.push_back(random_case(rng, true, 2000, 20));
  cases.push_back(random_case(rng, false, 1500, 3));
  cases.push_back(random_case(rng, false, 1500, 0));
  expect_same_roots(cases);
}

// Transactions and receipts roots: keys rlp(i), checked through ordered_trie_root.
TEST_F(TrieReference, OrderedTrieRoot) {
  std::mt19937_64 rng(9);
  std::vector<Case> cases;
  std::vector<Hash> ours;
  for (size_t count : {1u, 2u, 127u, 128u, 129u, 300u}) {
    Case test;
    std::vector<Bytes> values;
    for (uint64_t i = 0; i < count; ++i) {
      values.push_back(random_bytes(rng, 1 + rng() % 120));
      Bytes key;
      rlp::encode_uint(key, i);
      test.ops.push_back({key, values.back()});
    }
    cases.push_back(std::move(test));
    ours.push_back(ordered_trie_root(values));
  }
  const std::vector<std::string> expected = reference_roots(cases);
  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(ours[i].hex(), expected[i]) << "case " << i;
}

}  // namespace
}  // namespace pel
