#include "core/block_header.hpp"

#include <cassert>

#include "core/rlp_fields.hpp"

namespace pel {

bool has_valid_optional_fields(const BlockHeader& header) {
  const bool present[] = {
      header.base_fee_per_gas.has_value(),
      header.withdrawals_root.has_value(),
      header.blob_gas_used.has_value(),
      header.excess_blob_gas.has_value(),
      header.parent_beacon_block_root.has_value(),
      header.requests_hash.has_value(),
  };
  bool absent_seen = false;
  for (bool is_present : present) {
    if (is_present && absent_seen) return false;
    if (!is_present) absent_seen = true;
  }
  return true;
}

void encode_block_header(Bytes& out, const BlockHeader& header) {
  assert(has_valid_optional_fields(header));
  Bytes fields;
  rlp::encode_fixed(fields, header.parent_hash);
  rlp::encode_fixed(fields, header.ommers_hash);
  rlp::encode_fixed(fields, header.beneficiary);
  rlp::encode_fixed(fields, header.state_root);
  rlp::encode_fixed(fields, header.transactions_root);
  rlp::encode_fixed(fields, header.receipts_root);
  rlp::encode_fixed(fields, header.logs_bloom);
  rlp::encode_uint(fields, header.difficulty);
  rlp::encode_uint(fields, header.number);
  rlp::encode_uint(fields, header.gas_limit);
  rlp::encode_uint(fields, header.gas_used);
  rlp::encode_uint(fields, header.timestamp);
  rlp::encode_bytes(fields, header.extra_data);
  rlp::encode_fixed(fields, header.mix_hash);
  rlp::encode_fixed(fields, header.nonce);
  if (header.base_fee_per_gas) rlp::encode_uint(fields, *header.base_fee_per_gas);
  if (header.withdrawals_root) rlp::encode_fixed(fields, *header.withdrawals_root);
  if (header.blob_gas_used) rlp::encode_uint(fields, *header.blob_gas_used);
  if (header.excess_blob_gas) rlp::encode_uint(fields, *header.excess_blob_gas);
  if (header.parent_beacon_block_root) rlp::encode_fixed(fields, *header.parent_beacon_block_root);
  if (header.requests_hash) rlp::encode_fixed(fields, *header.requests_hash);
  rlp::encode_list(out, fields);
}

Bytes encode_block_header(const BlockHeader& header) {
  Bytes out;
  encode_block_header(out, header);
  return out;
}

Result<BlockHeader> decode_block_header(BytesView raw) {
  auto list = rlp::decode_list(raw);
  if (!list) return rlp::field_error("block header", list.error());
  BlockHeader header;
  PEL_TRY(rlp::read_field(*list, "parentHash", header.parent_hash));
  PEL_TRY(rlp::read_field(*list, "sha3Uncles", header.ommers_hash));
  PEL_TRY(rlp::read_field(*list, "miner", header.beneficiary));
  PEL_TRY(rlp::read_field(*list, "stateRoot", header.state_root));
  PEL_TRY(rlp::read_field(*list, "transactionsRoot", header.transactions_root));
  PEL_TRY(rlp::read_field(*list, "receiptsRoot", header.receipts_root));
  PEL_TRY(rlp::read_field(*list, "logsBloom", header.logs_bloom));
  PEL_TRY(rlp::read_field(*list, "difficulty", header.difficulty));
  PEL_TRY(rlp::read_field(*list, "number", header.number));
  PEL_TRY(rlp::read_field(*list, "gasLimit", header.gas_limit));
  PEL_TRY(rlp::read_field(*list, "gasUsed", header.gas_used));
  PEL_TRY(rlp::read_field(*list, "timestamp", header.timestamp));
  PEL_TRY(rlp::read_field(*list, "extraData", header.extra_data));
  PEL_TRY(rlp::read_field(*list, "mixHash", header.mix_hash));
  PEL_TRY(rlp::read_field(*list, "nonce", header.nonce));
  // Each read below stops at the end of the list, so a field is present only if all
  // earlier ones are.
  PEL_TRY(rlp::read_optional_field(*list, "baseFeePerGas", header.base_fee_per_gas));
  PEL_TRY(rlp::read_optional_field(*list, "withdrawalsRoot", header.withdrawals_root));
  PEL_TRY(rlp::read_optional_field(*list, "blobGasUsed", header.blob_gas_used));
  PEL_TRY(rlp::read_optional_field(*list, "excessBlobGas", header.excess_blob_gas));
  PEL_TRY(
      rlp::read_optional_field(*list, "parentBeaconBlockRoot", header.parent_beacon_block_root));
  PEL_TRY(rlp::read_optional_field(*list, "requestsHash", header.requests_hash));
  PEL_TRY(rlp::expect_end(*list, "block header"));
  return header;
}

}  // namespace pel
