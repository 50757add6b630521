#include "node/startup_report.hpp"

#include <vector>

#include "crypto/address_checksum.hpp"
#include "node/dev_accounts.hpp"

namespace pel {

namespace {

constexpr size_t kEtherDecimals = 18;

std::string describe_forks(const Genesis& genesis) {
  std::string at_genesis, later;
  for (const ForkActivation& fork : fork_schedule(genesis.config)) {
    bool active = fork.by_timestamp ? fork.at <= genesis.timestamp : fork.at <= genesis.number;
    if (active) {
      // The schedule is in order: keep the latest fork that changes the rules.
      if (!fork.optional) at_genesis = fork.name;
      continue;
    }
    if (!later.empty()) later += ", ";
    later.append(fork.name).append(fork.by_timestamp ? " at time " : " at block ");
    later += std::to_string(fork.at);
  }
  std::string text = at_genesis.empty() ? "frontier" : at_genesis;
  text += " at genesis";
  if (!later.empty()) text.append("; later ").append(later);
  return text;
}

std::string describe_consensus(const Genesis& genesis) {
  if (!genesis.config.clique) return "none configured (no clique section)";
  const CliqueConfig& clique = *genesis.config.clique;
  std::string text = "clique, a block every " + std::to_string(clique.period) + "s, epoch " +
                     std::to_string(clique.epoch) + ", signers";
  for (const Address& signer : genesis.clique_signers)
    text.append(" ").append(to_checksum_hex(signer));
  return text;
}

// Dev accounts first, in their documented order, then the others by address.
std::vector<const std::pair<const Address, GenesisAccount>*> ordered_alloc(const Genesis& genesis) {
  std::vector<const std::pair<const Address, GenesisAccount>*> ordered;
  for (const DevAccount& dev : dev_accounts()) {
    if (auto it = genesis.alloc.find(dev.address); it != genesis.alloc.end())
      ordered.push_back(&*it);
  }
  for (const auto& entry : genesis.alloc) {
    if (!find_dev_account(entry.first)) ordered.push_back(&entry);
  }
  return ordered;
}

}  // namespace

std::string format_ether(const U256& wei) {
  std::string digits = wei.to_dec();
  if (digits.size() <= kEtherDecimals) digits.insert(0, kEtherDecimals + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - kEtherDecimals);
  std::string fraction = digits.substr(digits.size() - kEtherDecimals);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) whole.append(".").append(fraction);
  return whole;
}

void print_startup_report(std::ostream& out, const StartupInfo& info) {
  const Genesis& genesis = info.genesis;
  out << "pel " << info.version << "\n"
      << "chain id    " << genesis.config.chain_id << "\n"
      << "genesis     " << info.genesis_path << "\n"
      << "datadir     " << info.datadir << "\n"
      << "forks       " << describe_forks(genesis) << "\n"
      << "consensus   " << describe_consensus(genesis) << "\n"
      << "gas limit   " << genesis.header_gas_limit() << "\n";
  if (auto base_fee = genesis.header_base_fee()) {
    out << "base fee    " << base_fee->to_dec() << " wei\n";
  }
  if (info.node) {
    const NodeStartup& node = *info.node;
    out << "genesis     block 0 " << node.genesis_hash
        << (node.initialized ? " (written to the datadir now)" : "") << "\n"
        << "head        block " << node.head_number << " " << node.head_hash << "\n"
        << "validator   " << node.validator << ", a block every " << node.block_time << ", "
        << node.threads << " executor threads\n";
    if (!node.metrics_url.empty()) out << "metrics     " << node.metrics_url << "/metrics\n";
  }

  auto accounts = ordered_alloc(genesis);
  out << "\nFunded accounts (" << accounts.size() << ")\n";
  std::vector<std::pair<size_t, DevAccount>> listed_dev_accounts;
  for (size_t i = 0; i < accounts.size() && i < kListedAccounts; ++i) {
    const auto& [address, account] = *accounts[i];
    out << "  (" << i << ") " << to_checksum_hex(address) << "  " << format_ether(account.balance)
        << " ETH" << (account.code.empty() ? "" : "  (contract)") << "\n";
    if (auto dev = find_dev_account(address)) listed_dev_accounts.emplace_back(i, *dev);
  }
  if (accounts.size() > kListedAccounts) {
    out << "  ... and " << accounts.size() - kListedAccounts << " more\n";
  }

  if (!listed_dev_accounts.empty()) {
    out << "\nDev account keys (public, from docs/dev-chain.md: for this dev chain only, never for "
           "real funds)\n";
    for (const auto& [i, dev] : listed_dev_accounts)
      out << "  (" << i << ") " << dev.key.hex() << "\n";
  }
  if (info.node) out << "\nRPC listening on " << info.node->rpc_url << "\n";
}

}  // namespace pel
