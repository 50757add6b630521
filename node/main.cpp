// The `pel` binary: a validator node and its tools.
#include "node/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"pel: a validator node with a Block-STM parallel executor"};
  app.set_version_flag("--version", std::string("pel ") + PEL_VERSION);
  app.require_subcommand(1);
  pel::cli::add_run_command(app);
  pel::cli::add_bench_command(app);
  pel::cli::add_init_command(app);
  pel::cli::add_verify_command(app);
  pel::cli::add_rollback_command(app);
  pel::cli::add_bench_state_command(app);
  pel::cli::add_export_command(app);
  pel::cli::add_import_command(app);
  pel::cli::add_gen_history_command(app);
  pel::cli::add_replay_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
