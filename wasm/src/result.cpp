#include "cbvm/result.hpp"

namespace cbvm {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson: return "INVALID_JSON";
    case ErrorCode::kInvalidInput: return "INVALID_INPUT";
    case ErrorCode::kMissingParameter: return "MISSING_PARAMETER";
    case ErrorCode::kInvalidParameter: return "INVALID_PARAMETER";
    case ErrorCode::kNoWorkflow: return "NO_WORKFLOW";
    case ErrorCode::kAttemptsExhausted: return "ATTEMPTS_EXHAUSTED";
    case ErrorCode::kOutboundDisabled: return "OUTBOUND_DISABLED";
    case ErrorCode::kNoNumberToCall: return "NO_NUMBER_TO_CALL";
    case ErrorCode::kNotAllowed: return "NOT_ALLOWED";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kUnknownDecision: return "UNKNOWN_DECISION";
  }
  return "UNKNOWN";
}

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson:
    case ErrorCode::kMissingParameter:
    case ErrorCode::kInvalidParameter:
    case ErrorCode::kNoWorkflow:
    case ErrorCode::kNoNumberToCall:
      return 400;
    case ErrorCode::kNotAllowed: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAttemptsExhausted: return 409;
    case ErrorCode::kOutboundDisabled: return 409;
    case ErrorCode::kInvalidInput:
    case ErrorCode::kUnknownDecision:
      return 500;
  }
  return 500;
}

}  // namespace cbvm
