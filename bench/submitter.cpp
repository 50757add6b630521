#include "bench/submitter.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "bench/clock.hpp"

namespace pel::load {

namespace {

constexpr size_t kMaxErrorsKept = 5;

struct Shared {
  Shared(SubmitOutcome& outcome, const std::vector<SignedTxn>& signed_txns,
         const SubmitOptions& options)
      : outcome(outcome), signed_txns(signed_txns), options(options) {}

  SubmitOutcome& outcome;
  const std::vector<SignedTxn>& signed_txns;
  const SubmitOptions& options;
  std::atomic<size_t> sent{0};
  std::atomic<size_t> accepted{0};
  std::atomic<size_t> rejected{0};
  std::mutex mutex;  // errors, transport_error and threads_cpu_seconds

  void note_error(const std::string& message) {
    std::lock_guard lock(mutex);
    auto& errors = outcome.errors;
    if (errors.size() < kMaxErrorsKept &&
        std::find(errors.begin(), errors.end(), message) == errors.end())
      errors.push_back(message);
  }
};

// Checks a response against the request; a response without any "error" member is all
// accepted unless hashes are verified. Returns false when the response is unusable.
bool account_response(Shared& shared, const SubmitRequest& request, const std::string& body) {
  bool has_error = body.find("\"error\"") != std::string::npos;
  if (!has_error && !shared.options.verify_hashes) {
    shared.accepted.fetch_add(request.txns.size(), std::memory_order_relaxed);
    return true;
  }
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return false;
  if (parsed.is_object()) parsed = nlohmann::json::array({std::move(parsed)});
  if (!parsed.is_array()) return false;
  // 0: no answer yet, 1: accepted, 2: rejected. A transfer without an answer of its own
  // (a batch refused as a whole) counts as rejected.
  std::vector<uint8_t> verdict(request.txns.size(), 0);
  for (const auto& response : parsed) {
    auto result = result_of(response);
    auto id = response.is_object() ? response.find("id") : response.end();
    auto position = request.txns.end();
    if (id != response.end() && id->is_number_unsigned())
      position = std::find(request.txns.begin(), request.txns.end(), id->get<uint32_t>());
    if (position == request.txns.end()) {
      shared.note_error(result ? "response with an unknown id" : result.error().message);
      continue;
    }
    uint32_t txn = *position;
    std::string expected = shared.signed_txns[txn].hash.hex();
    bool ok = result && (!shared.options.verify_hashes || *result == expected);
    verdict[position - request.txns.begin()] = ok ? 1 : 2;
    if (!ok)
      shared.note_error(result ? "result " + result->dump() + " is not the hash " + expected
                               : result.error().message);
  }
  size_t accepted = 0;
  for (size_t k = 0; k < verdict.size(); ++k) {
    if (verdict[k] == 1) {
      ++accepted;
    } else {
      shared.outcome.rejected[request.txns[k]] = 1;  // each transfer has one thread: no race
      shared.rejected.fetch_add(1, std::memory_order_relaxed);
    }
  }
  shared.accepted.fetch_add(accepted, std::memory_order_relaxed);
  return true;
}

void run_connection(Shared& shared, const RpcUrl& url, const std::vector<SubmitRequest>& requests,
                    int64_t start_ns, double rate) {
  struct CpuTally {  // adds this thread's CPU time to the outcome however the loop ends
    Shared& shared;
    double start = thread_cpu_seconds();
    ~CpuTally() {
      std::lock_guard lock(shared.mutex);
      shared.outcome.threads_cpu_seconds += thread_cpu_seconds() - start;
    }
  } tally{shared};
  RpcConnection connection(url);
  const auto& options = shared.options;
  size_t sent_here = 0;
  for (const auto& request : requests) {
    if (rate > 0) {
      auto due_ns = start_ns + static_cast<int64_t>(static_cast<double>(sent_here) / rate * 1e9);
      if (int64_t wait = due_ns - now_ns(); wait > 0)
        std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
    }
    sent_here += request.txns.size();
    if (options.included != nullptr && options.window > 0) {
      while (shared.sent.load(std::memory_order_relaxed) >
             options.included->load(std::memory_order_acquire) + options.window)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    int64_t sent_ns = now_ns();
    for (uint32_t txn : request.txns) shared.outcome.submit_ns[txn] = sent_ns;
    shared.sent.fetch_add(request.txns.size(), std::memory_order_relaxed);
    auto body = connection.post(request.body);
    if (!body || !account_response(shared, request, *body)) {
      std::lock_guard lock(shared.mutex);
      if (shared.outcome.transport_error.empty())
        shared.outcome.transport_error =
            body ? "unusable response: " + body->substr(0, 200) : body.error().message;
      return;
    }
  }
}

}  // namespace

SubmitOutcome submit_all(const RpcUrl& url, const std::vector<std::vector<SubmitRequest>>& requests,
                         const std::vector<SignedTxn>& signed_txns, const SubmitOptions& options) {
  SubmitOutcome outcome;
  outcome.submit_ns.assign(signed_txns.size(), kNever);
  outcome.rejected.assign(signed_txns.size(), 0);
  Shared shared(outcome, signed_txns, options);
  for (const auto& list : requests) outcome.requests += list.size();

  size_t total = 0;
  for (const auto& list : requests)
    for (const auto& request : list) total += request.txns.size();
  outcome.first_send_ns = now_ns();
  std::vector<std::thread> threads;
  threads.reserve(requests.size());
  for (const auto& list : requests) {
    size_t here = 0;
    for (const auto& request : list) here += request.txns.size();
    // This connection's share of the rate, in proportion to the transfers it carries.
    double rate = options.rate > 0 && total > 0
                      ? options.rate * static_cast<double>(here) / static_cast<double>(total)
                      : 0;
    threads.emplace_back([&shared, &url, &list, start = outcome.first_send_ns, rate] {
      run_connection(shared, url, list, start, rate);
    });
  }
  for (auto& thread : threads) thread.join();
  outcome.last_answer_ns = now_ns();
  outcome.accepted = shared.accepted.load();
  outcome.rejected_count = shared.rejected.load();
  return outcome;
}

}  // namespace pel::load
