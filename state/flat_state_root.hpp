#pragma once
// The state root recomputed from the flat state alone, from scratch: every
// account record and storage slot is read, storage roots and the state root are
// built with trie_root_from_sorted. What `pel verify` checks the head against, and
// the "full build" of `pel bench state`.

#include <cstddef>

#include "core/fixed_bytes.hpp"
#include "core/result.hpp"
#include "state/database.hpp"

namespace pel {

struct FlatStateRoot {
  Hash state_root;
  size_t accounts = 0;
  size_t slots = 0;
};

// Errors: a record that does not decode, an account whose recorded storage root
// differs from its slots' root, slots of an account that has no record.
Result<FlatStateRoot> flat_state_root(const Database& db, const Snapshot* snapshot = nullptr);

}  // namespace pel
