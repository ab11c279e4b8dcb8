// Errors as values: every decision returns a Result, nothing in the core throws.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cbvm {

// A closed set of failure kinds. The JS side sees them as upper-snake strings
// (see error_code_name) on `Error.code`.
enum class ErrorCode {
  kInvalidJson,         // input text is not JSON, too large or too deeply nested
  kInvalidInput,        // JSON of the wrong shape handed to the core by glue code
  kMissingParameter,    // a required HTTP parameter is absent
  kInvalidParameter,    // an HTTP parameter is present but unusable
  kNoWorkflow,          // no workflow given and none configured
  kAttemptsExhausted,   // a requeue beyond max_attempts
  kOutboundDisabled,    // no outbound call flow is enabled in Flex
  kNoNumberToCall,      // a task without a usable number to call
  kNotAllowed,          // the caller may not have what it asked for
  kNotFound,            // a task or recording the request names does not exist
  kUnknownDecision,     // the JSON API was asked for a decision it does not have
};

// Returns the stable wire name of a code, e.g. "MISSING_PARAMETER".
std::string_view error_code_name(ErrorCode code);

// Returns the HTTP status a server function answers with for this code.
int http_status_for(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // one sentence a person can act on, naming the field
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace cbvm
