#pragma once
// A VM whose reads and writes are scripted, for testing the executors without
// transaction semantics. Transaction i (its nonce holds i) runs script[i]: each read
// folds the value into an accumulator, each write stores accumulator + constant, so a
// stale read changes what the transaction writes and reports. Header-only: tests and
// benchmarks include it; it is not part of the library.

#include <functional>
#include <vector>

#include "executor/vm.hpp"

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

 private:
  const std::vector<MockTxn>* script_;
};

// Transactions whose nonces number them 0..n-1, the form MockVm expects.
inline std::vector<Transaction> numbered_txns(size_t n) {
  std::vector<Transaction> txns(n);
  for (size_t i = 0; i < n; ++i) txns[i].nonce = i;
  return txns;
}

}  // namespace pel::testing
