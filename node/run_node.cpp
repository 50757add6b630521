#include "node/run_node.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>

#include "crypto/address_checksum.hpp"
#include "node/duration_flag.hpp"
#include "node/genesis_file.hpp"
#include "node/startup_report.hpp"
#include "node/validator_key.hpp"
#include "node/validator_node.hpp"

namespace pel {

namespace {

Result<spdlog::level::level_enum> parse_log_level(const std::string& text) {
  for (auto level :
       {spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
        spdlog::level::err, spdlog::level::critical, spdlog::level::off}) {
    auto name = spdlog::level::to_string_view(level);
    if (text == std::string_view(name.data(), name.size())) return level;
  }
  if (text == "warn" || text == "warning") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  return make_error("invalid log level \"" + text +
                    "\": expected trace, debug, info, warn, error, critical or off");
}

Result<std::chrono::milliseconds> block_time(const RunOptions& options, const Genesis& genesis) {
  if (!options.block_time.empty()) return parse_duration(options.block_time);
  uint64_t period = genesis.config.clique ? genesis.config.clique->period : 0;
  return std::chrono::milliseconds(period == 0 ? 1000 : period * 1000);
}

// SIGINT and SIGTERM blocked in this thread (and so in every thread started while the
// guard lives), to be taken by sigwait() rather than by a handler.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~StopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  int wait() const {
    int signal = 0;
    while (sigwait(&set_, &signal) != 0) {
    }
    return signal;
  }

 private:
  sigset_t set_;
  sigset_t previous_;
};

}  // namespace

int run_node(const RunOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&err](const std::string& message) {
    err << "pel: " << message << "\n";
    err.flush();
    return 1;
  };
  auto level = parse_log_level(options.log_level);
  if (!level) return fail(level.error().message);
  spdlog::set_level(*level);
  auto genesis = load_genesis_file(options.genesis);
  if (!genesis) return fail(genesis.error().message);
  auto interval = block_time(options, *genesis);
  if (!interval) return fail("--block-time: " + interval.error().message);
  if (genesis->config.clique && *interval < std::chrono::seconds(genesis->config.clique->period)) {
    // Each block's time is at least its parent's plus the period, so faster blocks
    // move the chain's clock ahead of the wall clock.
    spdlog::warn(
        "--block-time {}ms is below the clique period of {}s: block timestamps will run "
        "ahead of the wall clock",
        interval->count(), genesis->config.clique->period);
  }
  auto key = choose_validator_key(options.validator_key, *genesis);
  if (!key) return fail(key.error().message);

  ValidatorNodeConfig config;
  config.datadir = options.datadir;
  config.genesis = *genesis;
  config.key = *key;
  config.http_addr = options.http_addr;
  config.http_port = options.http_port;
  config.metrics_port = options.metrics_port;
  config.block_time = *interval;
  config.threads = options.threads;

  StopSignals signals;  // before any thread starts
  auto node = ValidatorNode::start(config);
  if (!node) return fail(node.error().message);

  NodeStartup startup;
  std::optional<ChainHead> head = (*node)->chain().head();
  startup.head_number = head ? head->number : 0;
  startup.head_hash = head ? head->hash.hex() : "";
  startup.initialized = (*node)->genesis_init().created;
  startup.genesis_hash = (*node)->genesis_init().hash.hex();
  startup.validator = to_checksum_hex(key->address);
  startup.block_time = std::to_string(interval->count()) + "ms";
  startup.threads = (*node)->executor_threads();
  std::string host = options.http_addr.find(':') != std::string::npos
                         ? "[" + options.http_addr + "]"
                         : options.http_addr;
  startup.rpc_url = "http://" + host + ":" + std::to_string((*node)->rpc_port());
  if ((*node)->metrics_port() != 0)
    startup.metrics_url = "http://" + host + ":" + std::to_string((*node)->metrics_port());
  print_startup_report(
      out, StartupInfo{PEL_VERSION, options.genesis, options.datadir, *genesis, &startup});
  out.flush();

  int signal = signals.wait();
  spdlog::info("{} received: stopping after the block in flight",
               signal == SIGINT ? "SIGINT" : "SIGTERM");
  (*node)->stop();
  node->reset();  // closes the store
  spdlog::info("stopped");
  return 0;
}

}  // namespace pel
