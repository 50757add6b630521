#include "node/mismatch_report.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pel {
namespace {

Address account(uint8_t n) {
  Address a;
  a.bytes[19] = n;
  return a;
}

TxnOutput transfer(uint8_t from, uint8_t to, uint64_t from_balance, uint64_t to_balance) {
  TxnOutput out;
  out.result.status = TxnStatus::kSuccess;
  out.result.gas_used = 21'000;
  out.writes.set(StateKey::nonce(account(from)), U256(1));
  out.writes.set(StateKey::balance(account(from)), U256(from_balance));
  out.writes.set(StateKey::balance(account(to)), U256(to_balance));
  out.writes.add(StateKey::balance(Address{}), U256(5));
  return out;
}

struct Fixture {
  std::vector<TxnOutput> sequential = {transfer(1, 2, 90, 110), transfer(3, 4, 80, 120),
                                       transfer(5, 6, 70, 130)};
  std::vector<TxnOutput> parallel = sequential;
  std::vector<Hash> hashes = std::vector<Hash>(3);
  StateChanges changes;
  Fixture() {
    for (size_t i = 0; i < hashes.size(); ++i) hashes[i].bytes[0] = static_cast<uint8_t>(0xa0 + i);
    for (const TxnOutput& out : parallel) {
      for (const WriteEntry& e : out.writes.entries) changes.values.push_back({e.key, e.value});
    }
  }
  MismatchInput input() {
    MismatchInput in;
    in.number = 42;
    in.reason = "parallel execution differs from sequential";
    in.txn_hashes = hashes;
    in.sequential = &sequential;
    in.parallel = &parallel;
    in.changes = &changes;
    return in;
  }
};

TEST(MismatchReport, NamesTheFirstDifferingTransactionAndKey) {
  Fixture f;
  f.parallel[1].writes.entries[2].value = U256(121);  // account 4's balance
  f.parallel[2].writes.entries[1].value = U256(71);   // a later difference, not the first
  MismatchInput in = f.input();
  in.stored_value = [](const StateKey& key) -> std::optional<U256> {
    if (key == StateKey::balance(account(4))) return U256(120);
    return std::nullopt;
  };
  MismatchFinding finding = find_first_mismatch(in);
  ASSERT_TRUE(finding.txn_index.has_value());
  EXPECT_EQ(*finding.txn_index, 1u);
  ASSERT_TRUE(finding.key.has_value());
  EXPECT_EQ(*finding.key, StateKey::balance(account(4)));
  EXPECT_EQ(finding.sequential, U256(120).to_hex());
  EXPECT_EQ(finding.parallel, U256(121).to_hex());
  EXPECT_EQ(finding.stored, U256(120).to_hex());

  const std::string text = format_mismatch_report(in, finding);
  EXPECT_NE(text.find("block 42"), std::string::npos) << text;
  EXPECT_NE(text.find("index 1, hash " + f.hashes[1].hex()), std::string::npos) << text;
  EXPECT_NE(text.find(account(4).hex() + ":balance"), std::string::npos) << text;
}

TEST(MismatchReport, AKeyOnlyOneSideWroteIsFound) {
  Fixture f;
  f.parallel[0].writes.entries.pop_back();  // the coinbase delta went missing
  MismatchFinding finding = find_first_mismatch(f.input());
  ASSERT_TRUE(finding.txn_index && finding.key);
  EXPECT_EQ(*finding.txn_index, 0u);
  EXPECT_EQ(*finding.key, StateKey::balance(Address{}));
  EXPECT_EQ(finding.sequential, "+" + U256(5).to_hex());
  EXPECT_EQ(finding.parallel, "not written");
}

TEST(MismatchReport, StoredStateDifferenceWithoutAParallelOne) {
  Fixture f;
  MismatchInput in = f.input();
  in.sequential = nullptr;
  in.reason = "state root mismatch";
  in.stored_value = [](const StateKey& key) -> std::optional<U256> {
    if (key == StateKey::balance(account(6))) return U256(131);
    return std::nullopt;
  };
  MismatchFinding finding = find_first_mismatch(in);
  ASSERT_TRUE(finding.txn_index && finding.key);
  EXPECT_EQ(*finding.txn_index, 2u);
  EXPECT_EQ(*finding.key, StateKey::balance(account(6)));
  EXPECT_EQ(finding.parallel, U256(130).to_hex());
  EXPECT_EQ(finding.stored, U256(131).to_hex());
}

TEST(MismatchReport, ReceiptDifferenceNamesItsTransaction) {
  Fixture f;
  std::vector<Receipt> computed(3), stored(3);
  for (size_t i = 0; i < 3; ++i) {
    computed[i].success = stored[i].success = true;
    computed[i].cumulative_gas_used = stored[i].cumulative_gas_used = 21'000 * (i + 1);
  }
  stored[2].success = false;
  MismatchInput in = f.input();
  in.sequential = nullptr;
  in.computed_receipts = &computed;
  in.stored_receipts = &stored;
  MismatchFinding finding = find_first_mismatch(in);
  ASSERT_TRUE(finding.txn_index.has_value());
  EXPECT_EQ(*finding.txn_index, 2u);
}

TEST(MismatchReport, WritesTheFile) {
  Fixture f;
  f.parallel[2].result.gas_used = 1;
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pel-mismatch-test-XXXXXX").string();
  const std::string dir = mkdtemp(pattern.data());
  auto path = write_mismatch_report(dir, f.input());
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, (std::filesystem::path(dir) / "replay-mismatch-42.txt").string());
  std::ifstream in(*path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("index 2, hash " + f.hashes[2].hex()), std::string::npos) << text.str();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pel
