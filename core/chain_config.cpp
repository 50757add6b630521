#include "core/chain_config.hpp"

#include <vector>

#include "core/json_fields.hpp"

namespace pel {

namespace {

using json_fields::Json;

struct ForkField {
  const char* name;
  std::optional<uint64_t> ChainConfig::*field;
  bool optional;  // geth lets this fork be skipped while later ones are enabled
};

// Order matters: geth requires each mandatory fork to be enabled, no later than the
// next one, before any later fork is.
const std::vector<ForkField>& block_forks() {
  static const std::vector<ForkField> forks = {
      {"homesteadBlock", &ChainConfig::homestead_block, false},
      {"eip150Block", &ChainConfig::eip150_block, false},
      {"eip155Block", &ChainConfig::eip155_block, false},
      {"eip158Block", &ChainConfig::eip158_block, false},
      {"byzantiumBlock", &ChainConfig::byzantium_block, false},
      {"constantinopleBlock", &ChainConfig::constantinople_block, false},
      {"petersburgBlock", &ChainConfig::petersburg_block, false},
      {"istanbulBlock", &ChainConfig::istanbul_block, false},
      {"muirGlacierBlock", &ChainConfig::muir_glacier_block, true},
      {"berlinBlock", &ChainConfig::berlin_block, false},
      {"londonBlock", &ChainConfig::london_block, false},
      {"arrowGlacierBlock", &ChainConfig::arrow_glacier_block, true},
      {"grayGlacierBlock", &ChainConfig::gray_glacier_block, true},
      {"mergeNetsplitBlock", &ChainConfig::merge_netsplit_block, true},
  };
  return forks;
}

const std::vector<ForkField>& time_forks() {
  static const std::vector<ForkField> forks = {
      {"shanghaiTime", &ChainConfig::shanghai_time, false},
      {"cancunTime", &ChainConfig::cancun_time, false},
      {"pragueTime", &ChainConfig::prague_time, false},
      {"osakaTime", &ChainConfig::osaka_time, false},
  };
  return forks;
}

Error field_error(std::string_view field, const Error& error) {
  return make_error("config." + std::string(field) + ": " + error.message);
}

Status read_forks(const Json& object, const std::vector<ForkField>& forks, ChainConfig& config) {
  for (const auto& fork : forks) {
    const Json* value = json_fields::find_member(object, fork.name);
    if (value == nullptr) continue;
    auto activation = json_fields::read_uint64_number(*value);
    if (!activation) return field_error(fork.name, activation.error());
    config.*fork.field = *activation;
  }
  return {};
}

Status check_fork_order(const std::vector<ForkField>& forks, const ChainConfig& config) {
  const ForkField* last = nullptr;
  for (const auto& fork : forks) {
    const auto& current = config.*fork.field;
    if (last != nullptr) {
      const auto& previous = config.*last->field;
      if (!previous && current) {
        return make_error("config." + std::string(fork.name) + ": enabled at " +
                          std::to_string(*current) + " but " + last->name + " is not enabled");
      }
      if (previous && current && *previous > *current) {
        return make_error("config." + std::string(fork.name) + ": enabled at " +
                          std::to_string(*current) + ", before " + last->name + " at " +
                          std::to_string(*previous));
      }
    }
    if (!fork.optional || current) last = &fork;
  }
  return {};
}

Result<CliqueConfig> read_clique(const Json& object) {
  if (!object.is_object()) {
    return make_error("config.clique: expected an object, got " + json_fields::type_name(object));
  }
  CliqueConfig clique;
  for (auto [name, field] :
       {std::pair{"period", &CliqueConfig::period}, std::pair{"epoch", &CliqueConfig::epoch}}) {
    const Json* value = json_fields::find_member(object, name);
    if (value == nullptr) continue;
    auto number = json_fields::read_uint64_number(*value);
    if (!number) return field_error(std::string("clique.") + name, number.error());
    clique.*field = *number;
  }
  if (clique.epoch == 0) clique.epoch = kDefaultCliqueEpoch;
  return clique;
}

}  // namespace

std::vector<ForkActivation> fork_schedule(const ChainConfig& config) {
  std::vector<ForkActivation> schedule;
  for (const auto* forks : {&block_forks(), &time_forks()}) {
    bool by_timestamp = forks == &time_forks();
    for (const auto& fork : *forks) {
      const auto& activation = config.*fork.field;
      if (!activation) continue;
      std::string_view name = fork.name;
      name.remove_suffix(by_timestamp ? 4 : 5);  // "Time" / "Block"
      schedule.push_back({name, by_timestamp, *activation, fork.optional});
    }
  }
  return schedule;
}

Result<ChainConfig> chain_config_from_json(const nlohmann::json& object) {
  if (!object.is_object()) {
    return make_error("config: expected an object, got " + json_fields::type_name(object));
  }
  ChainConfig config;

  const Json* chain_id = json_fields::find_member(object, "chainId");
  if (chain_id == nullptr) return make_error("config.chainId: missing");
  auto id = json_fields::read_uint64_number(*chain_id);
  if (!id) return field_error("chainId", id.error());
  if (*id == 0) return make_error("config.chainId: must not be zero");
  config.chain_id = *id;

  PEL_TRY(read_forks(object, block_forks(), config));
  PEL_TRY(read_forks(object, time_forks(), config));
  PEL_TRY(check_fork_order(block_forks(), config));
  PEL_TRY(check_fork_order(time_forks(), config));

  if (const Json* ttd = json_fields::find_member(object, "terminalTotalDifficulty")) {
    auto value = json_fields::read_u256_number(*ttd);
    if (!value) return field_error("terminalTotalDifficulty", value.error());
    config.terminal_total_difficulty = *value;
  }

  if (const Json* clique = json_fields::find_member(object, "clique")) {
    auto parsed = read_clique(*clique);
    if (!parsed) return parsed.error();
    config.clique = *parsed;
  }
  return config;
}

}  // namespace pel
