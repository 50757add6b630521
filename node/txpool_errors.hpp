#pragma once
// The pool's rejection messages, worded exactly as geth words them: ethers.js, viem and
// web3.js classify eth_sendRawTransaction failures by matching these phrases, so a
// client sees "nonce too low" from Pel the way it would from geth.
//
// Each message starts with one of the phrases below. Where geth appends details after
// a colon (fmt.Errorf("%w: ...")), Pel appends the same details in the same format, so
// the whole text matches what geth returns. Callers that need the kind of error test
// with is_txpool_error(error, kPhrase).
//
// Sources (go-ethereum): core/error.go, core/txpool/errors.go, core/txpool/validation.go
// (the detail formats), core/types/transaction_signing.go (chain id), internal/ethapi
// (unprotected transactions). The exact strings:
//   core.ErrNonceTooLow          "nonce too low"                  + ": next nonce %v, tx nonce %v"
//   core.ErrNonceMax             "nonce has max value"
//   core.ErrInsufficientFunds    "insufficient funds for gas * price + value"
//                                + ": balance %v, tx cost %v, overshot %v"
//                                + ": balance %v, queued cost %v, tx cost %v, overshot %v"
//                                + ": balance %v, queued cost %v, tx bumped %v, overshot %v"
//   core.ErrIntrinsicGas         "intrinsic gas too low"          + ": gas %v, minimum needed %v"
//   core.ErrTipAboveFeeCap       "max priority fee per gas higher than max fee per gas"
//   core.ErrMaxInitCodeSizeExceeded "max initcode size exceeded"  + ": code size %v, limit %v"
//   txpool.ErrAlreadyKnown       "already known"
//   txpool.ErrInvalidSender      "invalid sender"                 + ": %v" (the signer's error)
//   types.ErrInvalidChainId      "invalid chain id for signer"    + ": have %d want %d"
//       so a wrong chain id reads "invalid sender: invalid chain id for signer: have 5 want 1"
//   types.ErrInvalidSig          "invalid transaction v, r, s values" (high s, r or s out of range)
//   txpool.ErrUnderpriced        "transaction underpriced"
//   txpool.ErrReplaceUnderpriced "replacement transaction underpriced"
//   txpool.ErrAccountLimitExceeded "account limit exceeded"       + ": pooled %d txs"
//   txpool.ErrGasLimit           "exceeds block gas limit"
//   txpool.ErrOversizedData      "oversized data"                 + ": transaction size %v, limit
//   %v" txpool.ErrTxPoolOverflow     "txpool is full" ethapi (SubmitTransaction)   "only
//   replay-protected (EIP-155) transactions allowed over RPC"

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pel::txpool_errors {

inline constexpr std::string_view kNonceTooLow = "nonce too low";
inline constexpr std::string_view kNonceMax = "nonce has max value";
inline constexpr std::string_view kInsufficientFunds = "insufficient funds for gas * price + value";
inline constexpr std::string_view kIntrinsicGas = "intrinsic gas too low";
inline constexpr std::string_view kTipAboveFeeCap =
    "max priority fee per gas higher than max fee per gas";
inline constexpr std::string_view kMaxInitcodeSizeExceeded = "max initcode size exceeded";
inline constexpr std::string_view kAlreadyKnown = "already known";
inline constexpr std::string_view kInvalidSender = "invalid sender";
inline constexpr std::string_view kInvalidChainId = "invalid chain id for signer";
inline constexpr std::string_view kInvalidSignature = "invalid transaction v, r, s values";
inline constexpr std::string_view kUnderpriced = "transaction underpriced";
inline constexpr std::string_view kReplaceUnderpriced = "replacement transaction underpriced";
inline constexpr std::string_view kAccountLimitExceeded = "account limit exceeded";
inline constexpr std::string_view kGasLimit = "exceeds block gas limit";
inline constexpr std::string_view kOversizedData = "oversized data";
inline constexpr std::string_view kPoolFull = "txpool is full";
inline constexpr std::string_view kUnprotected =
    "only replay-protected (EIP-155) transactions allowed over RPC";

// "phrase: detail detail ...", the form of geth's fmt.Errorf("%w: ...") messages; the
// bare phrase when no details are given.
template <class... Details>
Error with_details(std::string_view phrase, const Details&... details) {
  std::string message(phrase);
  if constexpr (sizeof...(details) > 0) {
    message += ": ";
    (message.append(std::string_view(details)), ...);
  }
  return Error{std::move(message)};
}

}  // namespace pel::txpool_errors

namespace pel {

// True when `error` is the pool error whose message starts with `phrase` (one of the
// txpool_errors constants). "invalid sender: invalid chain id for signer: ..." is both
// kInvalidSender and, looked for anywhere in the text, kInvalidChainId.
inline bool is_txpool_error(const Error& error, std::string_view phrase) {
  std::string_view message = error.message;
  if (message.starts_with(phrase)) return true;
  return phrase == txpool_errors::kInvalidChainId && message.find(phrase) != message.npos;
}

}  // namespace pel
