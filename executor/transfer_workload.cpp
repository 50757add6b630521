#include "executor/transfer_workload.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace pel {
namespace {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  // Uniform in [0, 1), the same on every platform (unlike std's distributions).
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double share) { return share > 0 && unit() < share; }
  uint64_t below(uint64_t bound) { return bound <= 1 ? 0 : engine_() % bound; }

 private:
  std::mt19937_64 engine_;
};

// Samples account indices with P(k) proportional to 1 / (k + 1)^s.
class ZipfSampler {
 public:
  ZipfSampler(size_t n, double s) {
    if (s <= 0) return;
    cdf_.resize(n);
    double total = 0;
    for (size_t k = 0; k < n; ++k) cdf_[k] = total += 1.0 / std::pow(static_cast<double>(k + 1), s);
    for (double& c : cdf_) c /= total;
  }
  size_t sample(Random& random, size_t n) {
    if (cdf_.empty()) return random.below(n);
    size_t k = std::lower_bound(cdf_.begin(), cdf_.end(), random.unit()) - cdf_.begin();
    return std::min(k, n - 1);
  }

 private:
  std::vector<double> cdf_;
};

constexpr uint64_t kGwei = 1'000'000'000;

}  // namespace

Address workload_account(uint64_t index) {
  Address address;
  address.bytes[0] = 0xac;
  address.bytes[1] = 0xc7;
  for (int b = 0; b < 8; ++b) address.bytes[19 - b] = static_cast<uint8_t>(index >> (8 * b));
  return address;
}

TransferWorkload make_transfer_workload(const TransferWorkloadOptions& options) {
  Random random(options.seed);
  size_t accounts = std::max<size_t>(options.accounts, 1);
  TransferWorkload w;
  w.env.number = 1;
  w.env.timestamp = 1'700'000'000;
  w.env.base_fee = 7 * kGwei;
  w.env.gas_limit = 30'000'000;
  w.env.coinbase = workload_account(~uint64_t{0});

  // Well funded accounts, and a poor one per hundred for insufficient funds.
  const U256 rich = U256(1'000'000'000'000'000'000ULL) + U256(1'000'000'000'000'000'000ULL);
  w.state = MemoryState(accounts * 2 + 16);
  w.funded.reserve(accounts + 2);
  for (size_t i = 0; i < accounts; ++i) w.funded.emplace_back(workload_account(i), rich);
  Address poor = workload_account(uint64_t{1} << 40);
  w.funded.emplace_back(poor, U256(21'000 * kGwei));
  w.funded.emplace_back(w.env.coinbase, rich);
  for (const auto& [address, balance] : w.funded) w.state.set_balance(address, balance);

  std::vector<uint64_t> nonces(accounts, 0);
  uint64_t poor_nonce = 0, coinbase_nonce = 0;
  ZipfSampler recipients(accounts, options.recipient_zipf);
  ZipfSampler senders(accounts, options.sender_zipf);
  w.txns.resize(options.txns);
  w.senders.resize(options.txns);
  for (size_t i = 0; i < options.txns; ++i) {
    Transaction& txn = w.txns[i];
    Address& sender = w.senders[i];
    uint64_t* nonce;
    if (random.chance(options.coinbase_sender_share)) {
      sender = w.env.coinbase;
      nonce = &coinbase_nonce;
    } else if (random.chance(options.insufficient_funds_share)) {
      sender = poor;
      nonce = &poor_nonce;
    } else {
      size_t index = senders.sample(random, accounts);  // below() when uniform
      sender = workload_account(index);
      nonce = &nonces[index];
    }
    Address to;
    if (random.chance(options.self_transfer_share)) {
      to = sender;
    } else if (random.chance(options.coinbase_recipient_share)) {
      to = w.env.coinbase;
    } else {
      to = workload_account(recipients.sample(random, accounts));
    }
    txn.to = to;
    // A gap leaves the sender's next nonce where it was: later transactions stay valid.
    if (random.chance(options.nonce_gap_share)) {
      txn.nonce = random.chance(0.5) ? *nonce + 1 : *nonce - 1;
    } else {
      txn.nonce = (*nonce)++;
    }

    switch (random.below(3)) {
      case 0:
        txn.type = TxnType::kLegacy;
        txn.max_fee_per_gas = txn.max_priority_fee_per_gas =
            w.env.base_fee + U256(random.below(3 * kGwei));
        break;
      case 1:
        txn.type = TxnType::kAccessList;
        txn.chain_id = w.env.chain_id;
        txn.max_fee_per_gas = txn.max_priority_fee_per_gas =
            w.env.base_fee + U256(random.below(3 * kGwei));
        if (random.chance(0.2))
          txn.access_list.push_back({workload_account(random.below(accounts)), {Hash{}}});
        break;
      default:
        txn.type = TxnType::kDynamicFee;
        txn.chain_id = w.env.chain_id;
        txn.max_fee_per_gas = w.env.base_fee + U256(random.below(5 * kGwei));
        txn.max_priority_fee_per_gas = U256(random.below(2 * kGwei));
        if (txn.max_priority_fee_per_gas > txn.max_fee_per_gas)
          txn.max_priority_fee_per_gas = txn.max_fee_per_gas;
        break;
    }
    if (random.chance(options.bad_fee_share)) {
      if (random.chance(0.5)) {
        txn.max_fee_per_gas = w.env.base_fee - U256(1);
      } else {
        txn.max_priority_fee_per_gas = txn.max_fee_per_gas + U256(1);
      }
    }
    txn.gas_limit = 21'000;
    if (random.chance(options.calldata_share)) {
      txn.data.resize(1 + random.below(64));
      for (uint8_t& byte : txn.data)
        byte = random.chance(0.5) ? 0 : static_cast<uint8_t>(random.next());
      txn.gas_limit = 21'000 + 16 * txn.data.size() + random.below(2) * 5'000;
    }
    if (!txn.access_list.empty()) txn.gas_limit += 2'400 + 1'900;
    txn.value =
        random.chance(options.zero_value_share) ? U256() : U256(1 + random.below(kGwei * 1000));
  }
  return w;
}

}  // namespace pel
