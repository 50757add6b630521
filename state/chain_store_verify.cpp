// ChainStore::verify_head_state: the head's state root recomputed from the flat state.

#include "state/chain_store.hpp"
#include "state/flat_state_root.hpp"

namespace pel {

Result<StateVerification> ChainStore::verify_head_state() const {
  auto snapshot = db_->snapshot();
  auto raw = db_->get(Column::kMeta, as_view(schema::kHeadKey), snapshot.get());
  if (!raw) return raw.error();
  if (!raw->has_value()) return make_error("the database in " + db_->path() + " has no chain yet");
  auto pointer = schema::decode_head(**raw);
  if (!pointer) return pointer.error();
  auto header = db_->get(Column::kHeaders, pointer->hash.view(), snapshot.get());
  if (!header) return header.error();
  if (!header->has_value()) {
    return make_error("head block " + std::to_string(pointer->number) + " has no header");
  }
  auto decoded = decode_block_header(**header);
  if (!decoded) return make_error("head header: " + decoded.error().message);

  auto computed = flat_state_root(*db_, snapshot.get());
  if (!computed)
    return make_error("flat state at block " + std::to_string(pointer->number) + ": " +
                      computed.error().message);
  if (computed->state_root != decoded->state_root) {
    return make_error("state root mismatch at block " + std::to_string(pointer->number) +
                      ": the header has " + decoded->state_root.hex() + ", the flat state gives " +
                      computed->state_root.hex());
  }
  return StateVerification{pointer->number, computed->state_root, computed->accounts,
                           computed->slots};
}

}  // namespace pel
