#include "node/mismatch_report.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pel {
namespace {

const WriteEntry* find_write(const TxnOutput& output, const StateKey& key) {
  for (const WriteEntry& entry : output.writes.entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string show_write(const WriteEntry* entry) {
  if (!entry) return "not written";
  return (entry->kind == WriteKind::kAdd ? "+" : "") + entry->value.to_hex();
}

std::string show_value(const std::optional<U256>& value) {
  return value ? value->to_hex() : "-";
}

std::optional<U256> final_value(const StateChanges* changes, const StateKey& key) {
  if (!changes) return std::nullopt;
  for (const auto& [changed, value] : changes->values) {
    if (changed == key) return value;
  }
  return std::nullopt;
}

std::optional<U256> stored(const MismatchInput& input, const StateKey& key) {
  if (!input.stored_value) return std::nullopt;
  return input.stored_value(key);
}

bool same_receipt(const Receipt& a, const Receipt& b) {
  return a.type == b.type && a.success == b.success &&
         a.cumulative_gas_used == b.cumulative_gas_used && a.logs == b.logs;
}

// The first key of `output` whose values differ between the two sides.
std::optional<StateKey> first_differing_key(const TxnOutput& a, const TxnOutput& b) {
  for (const WriteEntry& entry : a.writes.entries) {
    const WriteEntry* other = find_write(b, entry.key);
    if (!other || !(*other == entry)) return entry.key;
  }
  for (const WriteEntry& entry : b.writes.entries) {
    if (!find_write(a, entry.key)) return entry.key;
  }
  return std::nullopt;
}

// The first key this transaction wrote whose final value differs from the stored one.
std::optional<StateKey> first_key_unlike_stored(const MismatchInput& input, const TxnOutput& out) {
  for (const WriteEntry& entry : out.writes.entries) {
    auto computed = final_value(input.changes, entry.key);
    auto kept = stored(input, entry.key);
    if (computed && kept && *computed != *kept) return entry.key;
  }
  if (!out.writes.entries.empty()) return out.writes.entries.front().key;
  return std::nullopt;
}

void fill_values(const MismatchInput& input, MismatchFinding& finding) {
  if (!finding.key) return;
  const StateKey& key = *finding.key;
  if (finding.txn_index) {
    const size_t i = *finding.txn_index;
    if (input.sequential && i < input.sequential->size()) {
      finding.sequential = show_write(find_write((*input.sequential)[i], key));
    }
    if (input.parallel && i < input.parallel->size()) {
      finding.parallel = show_write(find_write((*input.parallel)[i], key));
    }
  }
  if (finding.parallel.empty()) finding.parallel = show_value(final_value(input.changes, key));
  if (finding.sequential.empty()) finding.sequential = "-";
  finding.stored = show_value(stored(input, key));
}

}  // namespace

std::string describe_state_key(const StateKey& key) {
  switch (key.field) {
    case StateField::kBalance:
      return key.address.hex() + ":balance";
    case StateField::kNonce:
      return key.address.hex() + ":nonce";
    case StateField::kCodeHash:
      return key.address.hex() + ":code_hash";
    case StateField::kStorage:
      return key.address.hex() + ":storage[" + key.slot.hex() + "]";
  }
  return key.address.hex();
}

MismatchFinding find_first_mismatch(const MismatchInput& input) {
  MismatchFinding finding;
  if (input.sequential && input.parallel) {
    const auto& seq = *input.sequential;
    const auto& par = *input.parallel;
    for (size_t i = 0; i < std::max(seq.size(), par.size()); ++i) {
      if (i >= seq.size() || i >= par.size() || !(seq[i] == par[i])) {
        finding.txn_index = i;
        if (i < seq.size() && i < par.size()) finding.key = first_differing_key(seq[i], par[i]);
        fill_values(input, finding);
        return finding;
      }
    }
  }
  if (input.computed_receipts && input.stored_receipts && input.parallel) {
    const auto& ours = *input.computed_receipts;
    const auto& theirs = *input.stored_receipts;
    for (size_t i = 0; i < std::min(ours.size(), theirs.size()); ++i) {
      if (!same_receipt(ours[i], theirs[i])) {
        finding.txn_index = i;
        if (i < input.parallel->size()) {
          finding.key = first_key_unlike_stored(input, (*input.parallel)[i]);
        }
        fill_values(input, finding);
        return finding;
      }
    }
  }
  if (input.changes && input.parallel && input.stored_value) {
    StateChanges sorted = *input.changes;
    sorted.sort_by_key();
    for (const auto& [key, value] : sorted.values) {
      auto kept = input.stored_value(key);
      if (!kept || *kept == value) continue;
      finding.key = key;
      for (size_t i = 0; i < input.parallel->size(); ++i) {
        if (find_write((*input.parallel)[i], key)) {
          finding.txn_index = i;
          break;
        }
      }
      fill_values(input, finding);
      return finding;
    }
  }
  return finding;
}

std::string format_mismatch_report(const MismatchInput& input, const MismatchFinding& finding) {
  std::ostringstream out;
  out << "pel replay: mismatch in block " << input.number << "\n";
  out << "reason: " << input.reason << "\n";
  if (finding.txn_index) {
    const size_t i = *finding.txn_index;
    out << "first differing transaction: index " << i << ", hash "
        << (i < input.txn_hashes.size() ? input.txn_hashes[i].hex() : std::string("unknown"))
        << "\n";
  } else {
    out << "first differing transaction: not found\n";
  }
  if (finding.key) {
    out << "state key: " << describe_state_key(*finding.key) << "\n";
    out << "  sequential: " << finding.sequential << "\n";
    out << "  parallel:   " << finding.parallel << "\n";
    out << "  stored:     " << finding.stored << "\n";
  } else {
    out << "state key: not found\n";
  }
  if (finding.txn_index) {
    const size_t i = *finding.txn_index;
    auto dump = [&](const char* side, const std::vector<TxnOutput>* outputs) {
      if (!outputs || i >= outputs->size()) return;
      const TxnOutput& o = (*outputs)[i];
      out << side << " result: status " << static_cast<int>(o.result.status) << ", gas "
          << o.result.gas_used << "\n";
      for (const WriteEntry& entry : o.writes.entries) {
        out << "  " << describe_state_key(entry.key) << " = " << show_write(&entry) << "\n";
      }
    };
    dump("sequential", input.sequential);
    dump("parallel", input.parallel);
    if (input.stored_receipts && i < input.stored_receipts->size()) {
      const Receipt& r = (*input.stored_receipts)[i];
      out << "stored receipt: success " << r.success << ", cumulative gas " << r.cumulative_gas_used
          << "\n";
    }
    if (input.computed_receipts && i < input.computed_receipts->size()) {
      const Receipt& r = (*input.computed_receipts)[i];
      out << "computed receipt: success " << r.success << ", cumulative gas "
          << r.cumulative_gas_used << "\n";
    }
  }
  return out.str();
}

Result<std::string> write_mismatch_report(const std::string& directory,
                                          const MismatchInput& input) {
  const MismatchFinding finding = find_first_mismatch(input);
  const std::string path = (std::filesystem::path(directory.empty() ? "." : directory) /
                            ("replay-mismatch-" + std::to_string(input.number) + ".txt"))
                               .string();
  std::ofstream file(path, std::ios::trunc);
  if (!file) return make_error("cannot write " + path);
  file << format_mismatch_report(input, finding);
  file.close();
  if (!file) return make_error("cannot write " + path);
  return path;
}

}  // namespace pel
