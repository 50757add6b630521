#include "node/run_node.hpp"

#include "node/genesis_file.hpp"
#include "node/startup_report.hpp"

namespace pel {

int run_node(const RunOptions& options, std::ostream& out, std::ostream& err) {
  auto genesis = load_genesis_file(options.genesis);
  if (!genesis) {
    err << "pel: " << genesis.error().message << "\n";
    return 1;
  }
  print_startup_report(out, StartupInfo{PEL_VERSION, options.genesis, options.datadir, *genesis});
  out.flush();
  return 0;
}

}  // namespace pel
