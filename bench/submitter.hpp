#pragma once
// Sends pre-built eth_sendRawTransaction requests over C keep-alive connections, one
// thread per connection, each connection's requests strictly in order (one request in
// flight per connection, so a sender's nonces arrive in order). Records the time each
// transfer's request was sent, and which transfers the node rejected.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/load_plan.hpp"
#include "bench/rpc_client.hpp"

namespace pel::load {

struct SubmitOptions {
  // Parse every response and check each result is the expected hash (slower; the
  // self-test uses it). Otherwise a response without an "error" member is all accepted.
  bool verify_hashes = false;
  // When set, a connection waits before sending while more than `window` transfers are
  // submitted but not yet counted by `included` (0: no limit).
  const std::atomic<size_t>* included = nullptr;
  size_t window = 0;
  // Open-loop pacing: transfers per second over all connections (0: as fast as the node
  // answers). Each connection paces its share, so a slow node builds a backlog instead
  // of slowing the offered load.
  double rate = 0;
};

struct SubmitOutcome {
  std::vector<int64_t> submit_ns;  // per transfer: when its request was written (kNever: not sent)
  std::vector<uint8_t> rejected;   // per transfer: 1 when the node answered an error
  size_t accepted = 0;
  size_t rejected_count = 0;
  size_t requests = 0;
  int64_t first_send_ns = 0;
  int64_t last_answer_ns = 0;
  double threads_cpu_seconds = 0;   // CPU time of the submitting threads alone
  std::vector<std::string> errors;  // the first few distinct error messages
  std::string transport_error;      // a connection that failed stops sending; this says why
};

SubmitOutcome submit_all(const RpcUrl& url, const std::vector<std::vector<SubmitRequest>>& requests,
                         const std::vector<SignedTxn>& signed_txns, const SubmitOptions& options);

}  // namespace pel::load
