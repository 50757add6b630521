#include "core/receipt.hpp"

#include "core/rlp_fields.hpp"

namespace pel {

namespace {

Status read_logs(rlp::Decoder& fields, std::vector<Log>& out) {
  if (fields.empty()) return rlp::missing_field("logs");
  auto logs = fields.read_list();
  if (!logs) return rlp::field_error("logs", logs.error());
  while (!logs->empty()) {
    auto fields_of_log = logs->read_list();
    if (!fields_of_log) return rlp::field_error("log", fields_of_log.error());
    Log log;
    PEL_TRY(rlp::read_field(*fields_of_log, "log address", log.address));
    if (fields_of_log->empty()) return rlp::missing_field("log topics");
    auto topics = fields_of_log->read_list();
    if (!topics) return rlp::field_error("log topics", topics.error());
    while (!topics->empty()) {
      Hash topic;
      PEL_TRY(rlp::read_field(*topics, "log topic", topic));
      log.topics.push_back(topic);
    }
    PEL_TRY(rlp::read_field(*fields_of_log, "log data", log.data));
    PEL_TRY(rlp::expect_end(*fields_of_log, "log"));
    out.push_back(std::move(log));
  }
  return {};
}

// Status (0 as the empty string, 1 as 0x01) or, before Byzantium, a state root.
Status read_outcome(rlp::Decoder& fields, Receipt& receipt) {
  if (fields.empty()) return rlp::missing_field("status");
  auto bytes = fields.read_bytes();
  if (!bytes) return rlp::field_error("status", bytes.error());
  if (bytes->size() == Hash::kSize) {
    if (receipt.type != TxnType::kLegacy) {
      return make_error("status: a typed receipt cannot carry a state root");
    }
    receipt.post_state = Hash::from_view(*bytes);
    return {};
  }
  if (bytes->empty()) {
    receipt.success = false;
  } else if (bytes->size() == 1 && (*bytes)[0] == 1) {
    receipt.success = true;
  } else {
    return make_error("status: expected 0, 1 or a 32-byte state root");
  }
  return {};
}

}  // namespace

void encode_log(Bytes& out, const Log& log) {
  Bytes topics;
  for (const Hash& topic : log.topics) rlp::encode_fixed(topics, topic);
  Bytes fields;
  rlp::encode_fixed(fields, log.address);
  rlp::encode_list(fields, topics);
  rlp::encode_bytes(fields, log.data);
  rlp::encode_list(out, fields);
}

Bytes encode_receipt(const Receipt& receipt) {
  Bytes fields;
  if (receipt.post_state) {
    rlp::encode_fixed(fields, *receipt.post_state);
  } else {
    rlp::encode_uint(fields, uint64_t{receipt.success ? 1u : 0u});
  }
  rlp::encode_uint(fields, receipt.cumulative_gas_used);
  rlp::encode_fixed(fields, receipt.logs_bloom);
  Bytes logs;
  for (const Log& log : receipt.logs) encode_log(logs, log);
  rlp::encode_list(fields, logs);

  Bytes out;
  if (receipt.type != TxnType::kLegacy) out.push_back(static_cast<uint8_t>(receipt.type));
  rlp::encode_list(out, fields);
  return out;
}

Result<Receipt> decode_receipt(BytesView raw) {
  if (raw.empty()) return make_error("receipt: empty input");
  Receipt receipt;
  BytesView list_bytes = raw;
  if (raw[0] < 0x80) {
    if (raw[0] != static_cast<uint8_t>(TxnType::kAccessList) &&
        raw[0] != static_cast<uint8_t>(TxnType::kDynamicFee)) {
      return make_error("receipt type not supported");
    }
    receipt.type = static_cast<TxnType>(raw[0]);
    list_bytes = raw.subspan(1);
  }
  auto fields = rlp::decode_list(list_bytes);
  if (!fields) return rlp::field_error("receipt", fields.error());
  PEL_TRY(read_outcome(*fields, receipt));
  PEL_TRY(rlp::read_field(*fields, "cumulativeGasUsed", receipt.cumulative_gas_used));
  PEL_TRY(rlp::read_field(*fields, "logsBloom", receipt.logs_bloom));
  PEL_TRY(read_logs(*fields, receipt.logs));
  PEL_TRY(rlp::expect_end(*fields, "receipt"));
  return receipt;
}

}  // namespace pel
