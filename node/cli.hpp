#pragma once
// Each `pel` subcommand registers itself on the application from its own file.

#include <CLI/CLI.hpp>

namespace pel::cli {

void add_run_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_init_command(CLI::App& app);
void add_verify_command(CLI::App& app);
void add_rollback_command(CLI::App& app);
void add_bench_state_command(CLI::App& app);  // after add_bench_command
void add_export_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_gen_history_command(CLI::App& app);
void add_replay_command(CLI::App& app);

}  // namespace pel::cli
