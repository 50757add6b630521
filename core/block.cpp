#include "core/block.hpp"

#include "core/rlp_fields.hpp"

namespace pel {

namespace {

void encode_body_items(Bytes& out, const BlockBody& body) {
  Bytes transactions;
  for (const Transaction& txn : body.transactions) encode_transaction_in_block(transactions, txn);
  rlp::encode_list(out, transactions);

  Bytes ommers;
  for (const BlockHeader& ommer : body.ommers) encode_block_header(ommers, ommer);
  rlp::encode_list(out, ommers);

  if (body.withdrawals) {
    Bytes withdrawals;
    for (const Withdrawal& withdrawal : *body.withdrawals)
      encode_withdrawal(withdrawals, withdrawal);
    rlp::encode_list(out, withdrawals);
  }
}

Status read_transactions(rlp::Decoder& items, std::vector<Transaction>& out) {
  if (items.empty()) return rlp::missing_field("transactions");
  auto list = items.read_list();
  if (!list) return rlp::field_error("transactions", list.error());
  while (!list->empty()) {
    auto txn = decode_transaction_in_block(*list);
    if (!txn) {
      return make_error("transaction " + std::to_string(out.size()) + ": " + txn.error().message);
    }
    out.push_back(std::move(*txn));
  }
  return {};
}

Status read_ommers(rlp::Decoder& items, std::vector<BlockHeader>& out) {
  if (items.empty()) return rlp::missing_field("ommers");
  auto list = items.read_list();
  if (!list) return rlp::field_error("ommers", list.error());
  while (!list->empty()) {
    auto raw = list->read_raw();
    if (!raw) return rlp::field_error("ommer", raw.error());
    auto ommer = decode_block_header(*raw);
    if (!ommer) return rlp::field_error("ommer", ommer.error());
    out.push_back(std::move(*ommer));
  }
  return {};
}

Status read_withdrawals(rlp::Decoder& items, std::optional<std::vector<Withdrawal>>& out) {
  if (items.empty()) return {};  // before Shanghai
  auto list = items.read_list();
  if (!list) return rlp::field_error("withdrawals", list.error());
  out.emplace();
  while (!list->empty()) {
    auto fields = list->read_list();
    if (!fields) return rlp::field_error("withdrawal", fields.error());
    Withdrawal withdrawal;
    PEL_TRY(rlp::read_field(*fields, "withdrawal index", withdrawal.index));
    PEL_TRY(rlp::read_field(*fields, "withdrawal validatorIndex", withdrawal.validator_index));
    PEL_TRY(rlp::read_field(*fields, "withdrawal address", withdrawal.address));
    PEL_TRY(rlp::read_field(*fields, "withdrawal amount", withdrawal.amount_gwei));
    PEL_TRY(rlp::expect_end(*fields, "withdrawal"));
    out->push_back(withdrawal);
  }
  return {};
}

Status read_body_items(rlp::Decoder& items, BlockBody& body) {
  PEL_TRY(read_transactions(items, body.transactions));
  PEL_TRY(read_ommers(items, body.ommers));
  PEL_TRY(read_withdrawals(items, body.withdrawals));
  return {};
}

}  // namespace

void encode_withdrawal(Bytes& out, const Withdrawal& withdrawal) {
  Bytes fields;
  rlp::encode_uint(fields, withdrawal.index);
  rlp::encode_uint(fields, withdrawal.validator_index);
  rlp::encode_fixed(fields, withdrawal.address);
  rlp::encode_uint(fields, withdrawal.amount_gwei);
  rlp::encode_list(out, fields);
}

Bytes encode_withdrawal(const Withdrawal& withdrawal) {
  Bytes out;
  encode_withdrawal(out, withdrawal);
  return out;
}

Bytes encode_block_body(const BlockBody& body) {
  Bytes items;
  encode_body_items(items, body);
  return rlp::wrap_list(items);
}

Result<BlockBody> decode_block_body(BytesView raw) {
  auto items = rlp::decode_list(raw);
  if (!items) return rlp::field_error("block body", items.error());
  BlockBody body;
  PEL_TRY(read_body_items(*items, body));
  PEL_TRY(rlp::expect_end(*items, "block body"));
  return body;
}

Bytes encode_block(const Block& block) {
  Bytes items;
  encode_block_header(items, block.header);
  encode_body_items(items, block.body);
  return rlp::wrap_list(items);
}

Result<Block> decode_block(BytesView raw) {
  auto items = rlp::decode_list(raw);
  if (!items) return rlp::field_error("block", items.error());
  if (items->empty()) return rlp::missing_field("header");
  auto header_raw = items->read_raw();
  if (!header_raw) return rlp::field_error("header", header_raw.error());
  auto header = decode_block_header(*header_raw);
  if (!header) return header.error();
  Block block{std::move(*header), {}};
  PEL_TRY(read_body_items(*items, block.body));
  PEL_TRY(rlp::expect_end(*items, "block"));
  if (block.header.withdrawals_root.has_value() != block.body.withdrawals.has_value()) {
    return make_error(
        "block: withdrawals must be present exactly when the header has a "
        "withdrawals root");
  }
  return block;
}

}  // namespace pel
