#include "node/gen_history.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/genesis.hpp"
#include "crypto/clique.hpp"
#include "crypto/keccak.hpp"
#include "crypto/txn_crypto.hpp"
#include "executor/block_execution.hpp"
#include "executor/block_executor.hpp"
#include "executor/transfer_vm.hpp"
#include "node/clique_header.hpp"
#include "node/export_import.hpp"
#include "state/chain_store.hpp"

namespace pel {
namespace {

constexpr uint64_t kChainId = 1337;
constexpr uint64_t kGenesisTime = 1'700'000'000;
constexpr uint64_t kGwei = 1'000'000'000;
constexpr uint64_t kTransferGas = 21'000;

// std::mt19937_64 is specified bit for bit; std's distributions are not, so the
// draws below are built on its raw output.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  uint64_t below(uint64_t bound) { return bound <= 1 ? 0 : engine_() % bound; }

 private:
  std::mt19937_64 engine_;
};

// P(k) proportional to 1 / (k + 1)^s over n accounts; s = 0 is uniform.
class Zipf {
 public:
  Zipf(size_t n, double s) : n_(n) {
    if (s <= 0) return;
    cdf_.resize(n);
    double total = 0;
    for (size_t k = 0; k < n; ++k) cdf_[k] = total += 1.0 / std::pow(static_cast<double>(k + 1), s);
    for (double& c : cdf_) c /= total;
  }
  size_t sample(Random& random) const {
    if (cdf_.empty()) return random.below(n_);
    size_t k = std::lower_bound(cdf_.begin(), cdf_.end(), random.unit()) - cdf_.begin();
    return std::min(k, n_ - 1);
  }

 private:
  size_t n_;
  std::vector<double> cdf_;
};

PrivateKey derive_key(const std::string& label) {
  Hash digest = keccak256(BytesView(reinterpret_cast<const uint8_t*>(label.data()), label.size()));
  // A digest that is not a valid key (zero or not below n) is hashed again: it does
  // not happen in practice, but the derivation stays total.
  while (!address_of(PrivateKey{digest.bytes}).ok()) digest = keccak256(digest.view());
  return PrivateKey{digest.bytes};
}

struct Draft {
  size_t sender;  // index into the signer table (accounts, then the validator)
  Transaction txn;
};

std::string scratch_directory() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pel-gen-history-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return {};
  return pattern;
}

struct ScratchDir {
  std::string path;
  ~ScratchDir() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

PrivateKey gen_history_validator_key(uint64_t seed) {
  return derive_key("pel gen-history validator " + std::to_string(seed));
}

PrivateKey gen_history_account_key(uint64_t seed, uint64_t index) {
  return derive_key("pel gen-history account " + std::to_string(seed) + " " +
                    std::to_string(index));
}

std::string gen_history_genesis_json(const Address& validator, const std::vector<Address>& accounts,
                                     uint64_t gas_limit) {
  // 1,000,000 ether each: ample for any share of a long history's fees and values.
  const std::string balance = "0xd3c21bcecceda1000000";
  std::vector<Address> funded = accounts;
  funded.push_back(validator);
  std::sort(funded.begin(), funded.end());
  funded.erase(std::unique(funded.begin(), funded.end()), funded.end());

  std::ostringstream json;
  json << "{\n  \"config\": {\n    \"chainId\": " << kChainId << ",\n";
  for (const char* fork :
       {"homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
        "constantinopleBlock", "petersburgBlock", "istanbulBlock", "muirGlacierBlock",
        "berlinBlock", "londonBlock", "arrowGlacierBlock", "grayGlacierBlock"}) {
    json << "    \"" << fork << "\": 0,\n";
  }
  json << "    \"clique\": { \"period\": 1, \"epoch\": 30000 }\n  },\n";
  json << "  \"nonce\": \"0x0\",\n  \"timestamp\": \"" << U256(kGenesisTime).to_hex() << "\",\n";
  json << "  \"extraData\": \"0x" << std::string(64, '0') << to_hex(validator.view(), false)
       << std::string(130, '0') << "\",\n";
  json << "  \"gasLimit\": \"" << U256(gas_limit).to_hex() << "\",\n";
  json << "  \"difficulty\": \"0x1\",\n";
  json << "  \"mixHash\": \"0x" << std::string(64, '0') << "\",\n";
  json << "  \"coinbase\": \"0x" << std::string(40, '0') << "\",\n";
  json << "  \"baseFeePerGas\": \"" << U256(kGwei).to_hex() << "\",\n";
  json << "  \"number\": \"0x0\",\n  \"gasUsed\": \"0x0\",\n";
  json << "  \"parentHash\": \"0x" << std::string(64, '0') << "\",\n";
  json << "  \"alloc\": {\n";
  for (size_t i = 0; i < funded.size(); ++i) {
    json << "    \"" << funded[i].hex() << "\": { \"balance\": \"" << balance << "\" }"
         << (i + 1 < funded.size() ? ",\n" : "\n");
  }
  json << "  }\n}\n";
  return json.str();
}

Result<GenHistorySummary> generate_history(const GenHistoryOptions& options,
                                           const GenHistoryProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  if (options.accounts < 2) return make_error("gen-history: --accounts must be at least 2");
  if (options.blocks == 0) return make_error("gen-history: --blocks must be at least 1");
  if (options.skew < 0) return make_error("gen-history: --skew must not be negative");
  const unsigned threads =
      options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  oneapi::tbb::task_arena arena(static_cast<int>(threads));

  // Keys: the accounts', then the validator's (index `accounts`).
  const size_t n = options.accounts;
  std::vector<PrivateKey> keys(n + 1);
  std::vector<Address> addresses(n + 1);
  arena.execute([&] {
    oneapi::tbb::parallel_for(size_t{0}, n, [&](size_t i) {
      keys[i] = gen_history_account_key(options.seed, i);
      addresses[i] = *address_of(keys[i]);
    });
  });
  keys[n] = gen_history_validator_key(options.seed);
  addresses[n] = *address_of(keys[n]);
  const Address validator = addresses[n];

  const uint64_t gas_limit =
      std::max<uint64_t>(30'000'000, 2 * kTransferGas * options.txns_per_block);
  const std::vector<Address> accounts(addresses.begin(), addresses.begin() + n);
  const std::string genesis_text = gen_history_genesis_json(validator, accounts, gas_limit);
  auto genesis = parse_genesis(genesis_text);
  if (!genesis) return make_error("gen-history: " + genesis.error().message);

  std::error_code ec;
  std::filesystem::create_directories(options.out, ec);
  if (ec) return make_error("gen-history: cannot create " + options.out + ": " + ec.message());
  ScratchDir scratch{scratch_directory()};
  if (scratch.path.empty()) return make_error("gen-history: cannot create a scratch directory");
  ChainStore::Options store_options;
  store_options.database.sync_writes = false;  // scratch: a crash loses nothing of value
  auto store = ChainStore::open_with_genesis(scratch.path, *genesis, store_options);
  if (!store) return make_error("gen-history: " + store.error().message);

  ExecutorConfig config;
  config.threads = threads;
  BlockExecutor<TransferVm> executor(TransferVm{}, config);
  Random random(options.seed);
  const Zipf zipf(n, options.skew);
  std::vector<uint64_t> nonces(n + 1, 0);
  const std::vector<Address> signers = {validator};
  GenHistorySummary summary;
  summary.validator = validator;

  for (uint64_t b = 0; b < options.blocks; ++b) {
    const ChainHead head = *(*store)->head();
    auto header =
        clique_child_header(head.header, head.hash, genesis->config, 0, validator, signers);
    if (!header) return make_error("gen-history: " + header.error().message);
    const U256 base_fee = header->base_fee_per_gas.value_or(U256{});

    std::vector<Draft> drafts(options.txns_per_block);
    for (Draft& draft : drafts) {
      size_t from = zipf.sample(random);
      size_t to = zipf.sample(random);
      const double edge = random.unit();
      if (edge < options.from_validator_share) {
        from = n;
      } else if (edge < options.from_validator_share + options.to_validator_share) {
        to = n;
      }
      if (to == from) to = (to + 1) % n;
      Transaction& txn = draft.txn;
      txn.type = TxnType::kDynamicFee;
      txn.chain_id = kChainId;
      txn.nonce = nonces[from]++;
      txn.max_priority_fee_per_gas = U256(1 + random.below(2 * kGwei));
      txn.max_fee_per_gas = base_fee + base_fee + U256(2 * kGwei);
      txn.gas_limit = kTransferGas;
      txn.to = addresses[to];
      txn.value = U256(1 + random.below(1'000'000'000'000'000ULL));
      draft.sender = from;
    }
    std::atomic<bool> signed_all{true};
    arena.execute([&] {
      oneapi::tbb::parallel_for(size_t{0}, drafts.size(), [&](size_t i) {
        if (!sign_transaction(drafts[i].txn, keys[drafts[i].sender]).ok()) signed_all = false;
      });
    });
    if (!signed_all) return make_error("gen-history: signing failed");

    Block block;
    block.header = std::move(*header);
    std::vector<Address> senders;
    senders.reserve(drafts.size());
    block.body.transactions.reserve(drafts.size());
    for (Draft& draft : drafts) {
      senders.push_back(addresses[draft.sender]);
      block.body.transactions.push_back(std::move(draft.txn));
    }
    std::unique_ptr<FlatStateView> view = (*store)->head_state();
    const BlockInput input{block_env(block.header, genesis->config), block.body.transactions,
                           senders};
    BlockOutput output = executor.execute(input, *view);
    std::vector<Hash> hashes(block.body.transactions.size());
    if (Status valid = check_block_execution(input, output, hashes); !valid) {
      return make_error("gen-history: block " + std::to_string(block.header.number) + ": " +
                        valid.error().message);
    }
    std::vector<Receipt> receipts = make_receipts(block.body.transactions, output.txns);
    const PrivateKey& validator_key = keys[n];
    auto committed = (*store)->commit_block(
        std::move(block), std::move(receipts), output.changes, RootsMode::kFill, view.get(),
        [&](BlockHeader& h) { return clique_seal(h, validator_key); });
    if (!committed) return make_error("gen-history: " + committed.error().message);
    ++summary.blocks;
    summary.txns += options.txns_per_block;
    summary.gas_used += output.gas_used;
    if (progress) progress(b + 1, options.blocks);
  }

  auto exported = export_blocks(**store, 1, options.blocks);
  if (!exported) return make_error("gen-history: " + exported.error().message);
  summary.file_bytes = exported->size();
  const std::filesystem::path dir(options.out);
  PEL_TRY(write_binary_file((dir / "blocks.rlp").string(), *exported));
  const std::string key_hex = to_hex(keys[n].view(), false) + "\n";
  PEL_TRY(write_binary_file(
      (dir / "validator.key").string(),
      BytesView(reinterpret_cast<const uint8_t*>(key_hex.data()), key_hex.size())));
  PEL_TRY(write_binary_file(
      (dir / "genesis.json").string(),
      BytesView(reinterpret_cast<const uint8_t*>(genesis_text.data()), genesis_text.size())));
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace pel
