// How `pel replay` reports: one JSON object, lines for people, a gnuplot PNG.
#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "node/replay.hpp"

namespace pel {
namespace {

double per_second(double count, double ms) {
  return ms > 0 ? count * 1000.0 / ms : 0;
}

// Keeps JSON numbers short and free of binary-fraction noise.
double rounded(double value, int digits = 3) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

}  // namespace

std::string replay_json(const ReplaySummary& s) {
  using json = nlohmann::ordered_json;
  const double txns = static_cast<double>(s.txns());
  const double gas = static_cast<double>(s.gas_used());
  const double execute_ms = s.total(&BlockReplay::execute_ms);
  const double pipeline_ms = s.total(&BlockReplay::recover_ms) + execute_ms +
                             s.total(&BlockReplay::root_ms) + s.total(&BlockReplay::commit_ms);
  json out;
  out["blocks"] = s.blocks.size();
  out["from"] = s.from;
  out["to"] = s.to;
  out["transactions"] = s.txns();
  out["gas_used"] = s.gas_used();
  out["verified"] = s.verified;
  if (!s.verified) out["error"] = s.error;
  if (!s.mismatch_report.empty()) out["mismatch_report"] = s.mismatch_report;
  out["threads"] = s.threads;
  out["tps"] = rounded(per_second(txns, pipeline_ms), 1);
  out["mgas_per_s"] = rounded(per_second(gas / 1e6, pipeline_ms));
  out["execution_tps"] = rounded(per_second(txns, execute_ms), 1);
  out["execution_mgas_per_s"] = rounded(per_second(gas / 1e6, execute_ms));
  uint64_t re_executions = 0;
  for (const BlockReplay& b : s.blocks) re_executions += b.re_executions;
  out["re_executions"] = re_executions;
  out["phases_ms"] = {{"sender_recovery", rounded(s.total(&BlockReplay::recover_ms))},
                      {"execution", rounded(execute_ms)},
                      {"root", rounded(s.total(&BlockReplay::root_ms))},
                      {"commit", rounded(s.total(&BlockReplay::commit_ms))}};
  if (s.compare) {
    const double seq_ms = s.total(&BlockReplay::sequential_ms);
    const double par_ms = s.total(&BlockReplay::parallel_ms);
    out["sequential_tps"] = rounded(per_second(txns, seq_ms), 1);
    out["parallel_tps"] = rounded(per_second(txns, par_ms), 1);
    out["sequential_mgas_per_s"] = rounded(per_second(gas / 1e6, seq_ms));
    out["parallel_mgas_per_s"] = rounded(per_second(gas / 1e6, par_ms));
    out["speedup_geomean"] = rounded(s.speedup_geomean());
    out["speedup_median"] = rounded(s.speedup_median());
    out["speedup_min"] = rounded(s.speedup_min());
  }
  out["copy_s"] = rounded(s.copy_seconds);
  out["rollback_s"] = rounded(s.rollback_seconds);
  out["replay_s"] = rounded(s.seconds);
  json blocks = json::array();
  for (const BlockReplay& b : s.blocks) {
    json block = {{"number", b.number},
                  {"transactions", b.txns},
                  {"gas_used", b.gas_used},
                  {"mode", b.mode},
                  {"fallback", b.fallback},
                  {"re_executions", b.re_executions},
                  {"recover_ms", rounded(b.recover_ms)},
                  {"execute_ms", rounded(b.execute_ms)},
                  {"root_ms", rounded(b.root_ms)},
                  {"commit_ms", rounded(b.commit_ms)}};
    if (s.compare) {
      block["sequential_ms"] = rounded(b.sequential_ms);
      block["parallel_ms"] = rounded(b.parallel_ms);
      block["speedup"] = rounded(b.speedup);
      block["runs"] = b.runs;
    }
    blocks.push_back(std::move(block));
  }
  out["per_block"] = std::move(blocks);
  return out.dump(2) + "\n";
}

std::string replay_text(const ReplaySummary& s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  out << "block     txns        gas  mode         re-ex  recover  execute     root   commit";
  if (s.compare) out << "      seq      par  speedup";
  out << "\n";
  for (const BlockReplay& b : s.blocks) {
    out << std::setw(5) << b.number << " " << std::setw(8) << b.txns << " " << std::setw(10)
        << b.gas_used << "  " << std::left << std::setw(11) << b.mode.substr(0, 11) << std::right
        << " " << std::setw(6) << b.re_executions << " " << std::setw(8) << b.recover_ms << " "
        << std::setw(8) << b.execute_ms << " " << std::setw(8) << b.root_ms << " " << std::setw(8)
        << b.commit_ms;
    if (s.compare) {
      out << " " << std::setw(8) << b.sequential_ms << " " << std::setw(8) << b.parallel_ms
          << std::setprecision(2) << " " << std::setw(7) << b.speedup << "x"
          << std::setprecision(1);
    }
    out << "\n";
  }
  const double txns = static_cast<double>(s.txns());
  const double gas = static_cast<double>(s.gas_used());
  const double execute_ms = s.total(&BlockReplay::execute_ms);
  const double pipeline_ms = s.total(&BlockReplay::recover_ms) + execute_ms +
                             s.total(&BlockReplay::root_ms) + s.total(&BlockReplay::commit_ms);
  out << "replayed " << s.blocks.size() << " blocks (" << s.from << ".." << s.to << "), "
      << s.txns() << " transactions, " << s.gas_used() << " gas on " << s.threads << " thread(s)\n";
  out << "  pipeline:  " << per_second(txns, pipeline_ms) << " tx/s, "
      << per_second(gas / 1e6, pipeline_ms) << " Mgas/s\n";
  out << "  execution: " << per_second(txns, execute_ms) << " tx/s, "
      << per_second(gas / 1e6, execute_ms) << " Mgas/s\n";
  out << "  phases (ms): sender recovery " << s.total(&BlockReplay::recover_ms) << ", execution "
      << execute_ms << ", root " << s.total(&BlockReplay::root_ms) << ", commit "
      << s.total(&BlockReplay::commit_ms) << "\n";
  if (s.compare) {
    out << "  sequential " << per_second(txns, s.total(&BlockReplay::sequential_ms))
        << " tx/s, parallel " << per_second(txns, s.total(&BlockReplay::parallel_ms)) << " tx/s\n";
    out << std::setprecision(3) << "  speedup: geomean " << s.speedup_geomean() << "x, median "
        << s.speedup_median() << "x, min " << s.speedup_min() << "x\n";
  }
  out << (s.verified ? "verified: every state root, receipts root and gas used matched\n"
                     : "NOT verified: " + s.error + "\n");
  return out.str();
}

Status replay_plot(const ReplaySummary& s, const std::string& png_path) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    return make_error("--plot needs gnuplot, which is not installed (apt-get install gnuplot)");
  }
  bool any = false;
  for (const BlockReplay& b : s.blocks) any = any || b.speedup > 0;
  if (!any) return make_error("--plot needs per-block speedups: run with --compare");
  const std::string data = png_path + ".dat";
  const std::string script = png_path + ".gp";
  {
    std::ofstream out(data, std::ios::trunc);
    for (const BlockReplay& b : s.blocks) {
      out << b.number << " " << static_cast<double>(b.gas_used) / 1e6 << " " << b.speedup << "\n";
    }
    std::ofstream gp(script, std::ios::trunc);
    gp << "set terminal png size 900,600\n"
       << "set output '" << png_path << "'\n"
       << "set title 'pel replay: parallel speedup per block (" << s.threads << " threads)'\n"
       << "set xlabel 'block gas (Mgas)'\nset ylabel 'speedup (sequential / parallel)'\n"
       << "set grid\nset key off\n"
       << "plot '" << data << "' using 2:3 with points pointtype 7 pointsize 0.8, 1 with lines\n";
    if (!out || !gp) return make_error("cannot write " + data + " or " + script);
  }
  const std::string command = "gnuplot '" + script + "' 1>&2";
  const int rc = std::system(command.c_str());
  std::error_code ignored;
  std::filesystem::remove(data, ignored);
  std::filesystem::remove(script, ignored);
  if (rc != 0) return make_error("gnuplot failed writing " + png_path);
  return {};
}

}  // namespace pel
