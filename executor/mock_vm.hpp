#pragma once
// A VM whose reads and writes are scripted, for testing the executors without
// transaction semantics. Transaction i (its nonce holds i) runs script[i]: each read
// folds the value into an accumulator, each write stores accumulator + constant, so a
// stale read changes what the transaction writes and reports. Header-only: tests and
// benchmarks include it; it is not part of the library.

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

#include "executor/block.hpp"
#include "executor/declared_access.hpp"
#include "executor/sequential_executor.hpp"
#include "executor/test_support.hpp"
#include "executor/vm.hpp"
#include "state/memory_state.hpp"

namespace pel::testing {

struct MockOp {
  // kWriteIfOdd writes only when the accumulator is odd, so what a transaction
  // writes (not only the values) depends on what it read.
  enum Kind : uint8_t { kRead, kWrite, kWriteIfOdd, kAdd } kind;
  StateKey key;
  uint64_t constant = 0;
};

struct MockTxn {
  std::vector<MockOp> ops;
  // Called after each read with the op index: tests block here to force interleavings.
  std::function<void(size_t op, const StateView& view)> after_read;
};

class MockVm {
 public:
  explicit MockVm(const std::vector<MockTxn>* script) : script_(script) {}

  TxnOutput execute(const Transaction& txn, const Address&, const BlockEnv&,
                    const StateView& view) const {
    const MockTxn& script = (*script_)[txn.nonce];
    TxnOutput out;
    U256 acc(txn.nonce + 1);
    for (size_t i = 0; i < script.ops.size(); ++i) {
      const MockOp& op = script.ops[i];
      switch (op.kind) {
        case MockOp::kRead:
          acc = acc + acc + view.read(op.key);
          if (script.after_read) script.after_read(i, view);
          break;
        case MockOp::kWrite:
          out.writes.set(op.key, acc + U256(op.constant));
          break;
        case MockOp::kWriteIfOdd:
          if (acc.low64() & 1) out.writes.set(op.key, acc + U256(op.constant));
          break;
        case MockOp::kAdd:
          out.writes.add(op.key, U256(op.constant));
          break;
      }
    }
    out.result.status = TxnStatus::kSuccess;
    out.result.gas_used = acc.low64() | 1;
    return out;
  }

 protected:
  const std::vector<MockTxn>* script_;
};

// A MockVm that declares each transaction's keys from its script: kAdd for a key it
// only adds to, kReadWrite for the others. The transactions listed in `lying` leave
// their first op's key out, as a VM that strays from its declaration would.
class DeclaringMockVm : public MockVm {
 public:
  explicit DeclaringMockVm(const std::vector<MockTxn>* script, std::vector<uint64_t> lying = {})
      : MockVm(script), lying_(std::move(lying)) {}

  bool declare_access(const Transaction& txn, const Address&, const BlockEnv&,
                      AccessDeclaration& out) const {
    out.clear();
    bool lies = std::find(lying_.begin(), lying_.end(), txn.nonce) != lying_.end();
    const std::vector<MockOp>& ops = (*script_)[txn.nonce].ops;
    for (size_t i = lies ? 1 : 0; i < ops.size(); ++i) {
      AccessMode mode = ops[i].kind == MockOp::kAdd ? AccessMode::kAdd : AccessMode::kReadWrite;
      auto same_key = [&](const KeyAccess& access) { return access.key == ops[i].key; };
      auto* found = std::find_if(out.begin(), out.end(), same_key);
      if (found == out.end()) {
        out.push_back({ops[i].key, mode});
      } else if (found->mode != mode) {
        found->mode = AccessMode::kReadWrite;
      }
    }
    return true;
  }

 private:
  std::vector<uint64_t> lying_;
};
static_assert(DeclaresAccess<DeclaringMockVm>);

// Transactions whose nonces number them 0..n-1, the form MockVm expects.
inline std::vector<Transaction> numbered_txns(size_t n) {
  std::vector<Transaction> txns(n);
  for (size_t i = 0; i < n; ++i) txns[i].nonce = i;
  return txns;
}

struct MockBlock {
  std::vector<MockTxn> script;
  std::vector<Transaction> txns;
  std::vector<Address> senders;
  MemoryState state;
  BlockEnv env;
  BlockInput input() const { return {env, txns, senders}; }
};

inline Address mock_address(uint64_t i) {
  Address a;
  for (int b = 0; b < 8; ++b) a.bytes[19 - b] = static_cast<uint8_t>(i >> (8 * b));
  a.bytes[0] = 0xaa;
  return a;
}

// A random block over `keys` keys, skewed towards low key numbers, with the coinbase
// balance as a delta hotspot that some transactions also read or overwrite.
inline MockBlock random_mock_block(uint64_t seed, size_t n, size_t keys) {
  std::mt19937_64 rng(seed);
  MockBlock block;
  block.env.coinbase = mock_address(0xc0ffee);
  StateKey coinbase = StateKey::balance(block.env.coinbase);
  for (size_t k = 0; k < keys; ++k) block.state.set(StateKey::balance(mock_address(k)), k * 7 + 1);
  block.state.set(coinbase, 1000);
  std::uniform_real_distribution<double> unit(0, 1);
  auto pick_key = [&] {
    double u = unit(rng);
    return StateKey::balance(mock_address(static_cast<size_t>(keys * u * u * u)));
  };
  block.script.resize(n);
  for (size_t i = 0; i < n; ++i) {
    MockTxn& txn = block.script[i];
    size_t reads = rng() % 4;
    for (size_t r = 0; r < reads; ++r) txn.ops.push_back({MockOp::kRead, pick_key(), 0});
    bool reads_coinbase = unit(rng) < 0.05;
    if (reads_coinbase) txn.ops.push_back({MockOp::kRead, coinbase, 0});
    std::vector<StateKey> written;
    size_t writes = rng() % 4;
    for (size_t w = 0; w < writes; ++w) {
      StateKey key = pick_key();
      if (std::find(written.begin(), written.end(), key) != written.end()) continue;
      written.push_back(key);
      txn.ops.push_back({rng() % 3 == 0 ? MockOp::kWriteIfOdd : MockOp::kWrite, key, rng() % 1000});
    }
    if (reads_coinbase && unit(rng) < 0.5) {
      txn.ops.push_back({MockOp::kWrite, coinbase, rng() % 1000});
    } else if (unit(rng) < 0.7) {
      txn.ops.push_back({MockOp::kAdd, coinbase, 1 + rng() % 50});
    }
  }
  block.txns = numbered_txns(n);
  block.senders.assign(n, Address{});
  return block;
}

// check(block, expected, seed, keys) for random 300-transaction blocks over 2 to
// 5,000 keys (heavy to light contention), for every determinism seed, with
// `expected` the sequential executor's output.
template <class Check>
void for_each_random_mock_block(const Check& check) {
  const int seeds = determinism_seeds(6);
  for (int seed = 0; seed < seeds; ++seed) {
    for (size_t keys : {2u, 10u, 100u, 5000u}) {
      MockBlock block = random_mock_block(seed * 1000 + keys, 300, keys);
      const BlockOutput expected =
          execute_block_sequential(MockVm(&block.script), block.input(), block.state);
      check(block, expected, seed, keys);
    }
  }
}

}  // namespace pel::testing
