#pragma once
// Seeded blocks of peer-to-peer value transfers with controlled contention, for the
// determinism tests, the executor benchmark and `pel bench executor`. Senders are
// "pre-recovered": the generator picks them and fills BlockInput::senders directly
// (signatures are left empty; the executor does not look at them).

#include <cstdint>
#include <utility>
#include <vector>

#include "core/transaction.hpp"
#include "executor/block.hpp"
#include "state/memory_state.hpp"

namespace pel {

struct TransferWorkloadOptions {
  uint64_t seed = 1;
  size_t accounts = 10'000;  // funded accounts, senders and recipients (at least 1)
  size_t txns = 10'000;
  // Zipf exponent of the recipient distribution over accounts: 0 is uniform, ~1.2
  // concentrates traffic on a few hot accounts.
  double recipient_zipf = 0.0;
  // The same for senders (replayed histories skew both sides: exchanges send a lot).
  double sender_zipf = 0.0;
  // Shares of transactions (each 0..1) that exercise the edges of the semantics.
  double coinbase_sender_share = 0.0;     // sent by the block's coinbase
  double coinbase_recipient_share = 0.0;  // paid to the coinbase
  double self_transfer_share = 0.0;       // sender == recipient
  double nonce_gap_share = 0.0;           // nonce off by one (too low or too high)
  double insufficient_funds_share = 0.0;  // sent from a barely funded account
  double bad_fee_share = 0.0;             // max fee below the base fee, or tip above it
  double calldata_share = 0.0;            // carrying calldata (raises intrinsic gas)
  double zero_value_share = 0.0;          // transferring nothing
};

struct TransferWorkload {
  MemoryState state;  // the pre-state: funded accounts and the coinbase
  // The same pre-state as a list of (account, balance), e.g. to write it into a
  // genesis alloc (every other field of these accounts is zero).
  std::vector<std::pair<Address, U256>> funded;
  BlockEnv env;
  std::vector<Transaction> txns;
  std::vector<Address> senders;

  BlockInput input() const { return {env, txns, senders}; }
};

TransferWorkload make_transfer_workload(const TransferWorkloadOptions& options);

// The address of account number `index` in these workloads.
Address workload_account(uint64_t index);

}  // namespace pel
