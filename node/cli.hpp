#pragma once
// Each `pel` subcommand registers itself on the application from its own file.

#include <CLI/CLI.hpp>

namespace pel::cli {

void add_run_command(CLI::App& app);
void add_bench_command(CLI::App& app);

}  // namespace pel::cli
