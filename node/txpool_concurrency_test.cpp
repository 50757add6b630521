// Several threads submit while a block producer selects and reports blocks. Run it
// under the tsan preset too.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "node/txpool_test_fixture.hpp"

namespace pel::txpool_test {
namespace {

TEST(TxPoolConcurrency, SubmittersAndABlockProducer) {
  constexpr size_t kThreads = 4;
  constexpr size_t kSendersPerThread = 6;
  constexpr uint64_t kNonces = 8;

  MapAccounts accounts;
  TxPool pool(TxPoolConfig{}, accounts, U256(kGwei));

  // Pre-signed: thread t owns senders [t * kSendersPerThread, ...). Each sender's nonces
  // go in a scrambled order (odd ones first), so queued transactions get promoted.
  std::vector<std::vector<Bytes>> work(kThreads);
  std::vector<Address> senders;
  for (size_t t = 0; t < kThreads; ++t) {
    for (size_t s = 0; s < kSendersPerThread; ++s) {
      PrivateKey key = test_key(static_cast<uint32_t>(100 + t * kSendersPerThread + s));
      senders.push_back(address_of_key(key));
      accounts.set(senders.back(), 0, U256(kGwei) * U256(kGwei));
      for (uint64_t nonce : {1, 3, 5, 7, 0, 2, 4, 6}) {
        TxnSpec spec;
        spec.nonce = nonce;
        spec.tip = U256(1 + (s + nonce) % 5) * U256(kGwei);
        spec.max_fee = 10 * kGwei;
        work[t].push_back(signed_raw(key, spec));
      }
    }
  }
  const size_t total = kThreads * kSendersPerThread * kNonces;

  std::atomic<size_t> failures{0};
  std::atomic<size_t> submitters_done{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Interleave this thread's senders: sender 0's first nonce, sender 1's, ...
      for (size_t i = 0; i < kNonces; ++i) {
        for (size_t s = 0; s < kSendersPerThread; ++s) {
          auto result = pool.submit_raw(work[t][s * kNonces + i]);
          if (!result.ok()) {
            failures.fetch_add(1);
            continue;
          }
          // Readers too, as RPC threads would be.
          if (pool.find(*result) == nullptr && pool.stats().pending > total) failures.fetch_add(1);
        }
      }
      submitters_done.fetch_add(1);
    });
  }

  // The block producer: select, "execute" (advance nonces in the account map), report.
  std::map<Address, uint64_t> included;  // next expected nonce per sender
  size_t included_count = 0;
  size_t blocks = 0;
  bool order_ok = true;
  // Until everything is in, however slowly the submitters get scheduled (a count of
  // empty blocks ran out on a loaded machine before one thread had submitted).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (included_count < total && std::chrono::steady_clock::now() < deadline) {
    auto selected = pool.select_for_block(U256(kGwei), 10 * 21'000);
    std::vector<Address> changed;
    for (const auto& txn : selected) {
      uint64_t& next = included[txn->sender];
      if (txn->txn.nonce != next) order_ok = false;
      ++next;
      accounts.set_nonce(txn->sender, next);
      changed.push_back(txn->sender);
    }
    included_count += selected.size();
    pool.on_new_block({.next_base_fee = U256(kGwei), .changed_accounts = changed});
    ++blocks;
    if (selected.empty()) std::this_thread::yield();
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0u);
  EXPECT_TRUE(order_ok);
  EXPECT_EQ(included_count, total);
  for (const Address& sender : senders) EXPECT_EQ(included[sender], kNonces);
  TxPoolStats stats = pool.stats();
  EXPECT_EQ(stats.pending, 0u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.senders, 0u);
  EXPECT_EQ(stats.accepted, total);
  EXPECT_EQ(stats.dropped, total);
  EXPECT_GT(blocks, 1u);
}

TEST(TxPoolConcurrency, DuplicateSubmissionsRaceToOneAcceptance) {
  MapAccounts accounts;
  TxPool pool(TxPoolConfig{}, accounts, U256(kGwei));
  PrivateKey key = test_key(7);
  accounts.set(address_of_key(key), 0, U256(kGwei) * U256(kGwei));
  TxnSpec spec;
  spec.max_fee = 10 * kGwei;
  const Bytes raw = signed_raw(key, spec);
  std::atomic<int> accepted{0};
  std::atomic<int> known{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto result = pool.submit_raw(raw);
        if (result.ok()) {
          accepted.fetch_add(1);
        } else if (result.error().message == "already known") {
          known.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(known.load(), 79);
  EXPECT_EQ(pool.stats().pending, 1u);
}

}  // namespace
}  // namespace pel::txpool_test
