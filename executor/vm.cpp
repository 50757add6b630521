#include "executor/vm.hpp"

namespace pel {

std::string_view invalid_reason_message(InvalidReason reason) {
  switch (reason) {
    case InvalidReason::kNone:
      return "";
    case InvalidReason::kNonceTooLow:
      return "nonce too low";
    case InvalidReason::kNonceTooHigh:
      return "nonce too high";
    case InvalidReason::kNonceMax:
      return "nonce has max value";
    case InvalidReason::kSenderNotEoa:
      return "sender not an eoa";
    case InvalidReason::kFeeCapBelowBaseFee:
      return "max fee per gas less than block base fee";
    case InvalidReason::kTipAboveFeeCap:
      return "max priority fee per gas higher than max fee per gas";
    case InvalidReason::kIntrinsicGasTooLow:
      return "intrinsic gas too low";
    case InvalidReason::kGasLimitAboveBlock:
      return "gas limit reached";
    case InvalidReason::kInsufficientFunds:
      return "insufficient funds for gas * price + value";
    case InvalidReason::kUnsupported:
      return "contract creation requires the EVM";
  }
  return "invalid transaction";
}

}  // namespace pel
