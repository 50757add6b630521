// ChainStore::verify_head_state: the head's state root recomputed from the flat state.

#include "crypto/header_hash.hpp"
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

namespace pel {

namespace {

Result<Bytes> must_get(const Database& db, Column column, BytesView key, const Snapshot* snapshot,
                       const std::string& what) {
  auto raw = db.get(column, key, snapshot);
  if (!raw) return raw.error();
  if (!raw->has_value()) return make_error(what + " is missing");
  return std::move(**raw);
}

}  // namespace

Result<ChainVerification> ChainStore::verify_canonical_chain() const {
  auto snapshot = db_->snapshot();
  const Snapshot* at = snapshot.get();
  auto raw_head = must_get(*db_, Column::kMeta, as_view(schema::kHeadKey), at, "the head pointer");
  if (!raw_head) return raw_head.error();
  auto head = schema::decode_head(*raw_head);
  if (!head) return head.error();

  ChainVerification result;
  result.head = head->number;
  std::optional<uint64_t> lowest;
  std::optional<uint64_t> above_head;
  PEL_TRY(db_->for_each(
      Column::kCanonical, {},
      [&](BytesView key, BytesView) {
        auto number = schema::decode_number(key);
        if (number && !lowest) lowest = *number;
        if (number && *number > head->number) above_head = *number;
        return true;
      },
      at));
  if (above_head) {
    return make_error("canonical block " + std::to_string(*above_head) + " lies above the head (" +
                      std::to_string(head->number) + ")");
  }
  if (!lowest) return make_error("the canonical chain is empty");
  result.genesis = *lowest;

  Hash expected = head->hash;
  for (uint64_t n = head->number + 1; n-- > result.genesis;) {
    const std::string block = "block " + std::to_string(n);
    auto canonical = must_get(*db_, Column::kCanonical, schema::number_key(n), at,
                              "the canonical entry of " + block);
    if (!canonical) return canonical.error();
    if (Hash::from_view(*canonical) != expected || canonical->size() != 32) {
      return make_error(block + ": canonical hash " + to_hex(*canonical) + ", its child names " +
                        expected.hex());
    }
    auto raw_header =
        must_get(*db_, Column::kHeaders, expected.view(), at, "the header of " + block);
    if (!raw_header) return raw_header.error();
    auto header = decode_block_header(*raw_header);
    if (!header) return make_error(block + ": " + header.error().message);
    if (header->number != n || header_hash(*header) != expected) {
      return make_error(block + ": its header does not match its number or hash");
    }
    auto raw_body = must_get(*db_, Column::kBodies, expected.view(), at, "the body of " + block);
    if (!raw_body) return raw_body.error();
    auto body = decode_block_body(*raw_body);
    if (!body) return make_error(block + ": " + body.error().message);
    auto raw_receipts =
        must_get(*db_, Column::kReceipts, expected.view(), at, "the receipts of " + block);
    if (!raw_receipts) return raw_receipts.error();
    auto receipts = schema::decode_receipts(*raw_receipts);
    if (!receipts) return make_error(block + ": " + receipts.error().message);
    if (receipts->size() != body->transactions.size()) {
      return make_error(block + ": " + std::to_string(body->transactions.size()) +
                        " transactions, " + std::to_string(receipts->size()) + " receipts");
    }
    if (n > result.genesis) {
      auto change_set = must_get(*db_, Column::kChangeSets, schema::number_key(n), at,
                                 "the change set of " + block);
      if (!change_set) return change_set.error();
    }
    expected = header->parent_hash;
  }
  return result;
}

}  // namespace pel
