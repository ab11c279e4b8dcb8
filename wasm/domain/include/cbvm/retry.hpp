// Retry policy for Twilio API calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cbvm {

struct RetryPolicy {
  int max_retries = 5;          // TWILIO_SERVICE_RETRY_LIMIT
  int min_backoff_ms = 100;     // TWILIO_SERVICE_MIN_BACKOFF
  int max_backoff_ms = 1000;    // TWILIO_SERVICE_MAX_BACKOFF
};

struct RetryInput {
  int retries_done = 0;                 // retries already made for this call
  std::optional<int> status;            // HTTP status of the failure, if any
  std::optional<std::string> error_code;  // transport error ("ECONNRESET", "ETIMEDOUT")
  bool idempotent = true;               // false for creates: a lost answer may hide a success
  RetryPolicy policy;
  uint64_t seed = 0;                    // makes the delay reproducible
};

struct RetryDecision {
  bool retry = false;
  int delay_ms = 0;
  // The failure may have happened after the server acted (reset, timeout or 5xx on a
  // create): look for the result before trying again.
  bool verify_first = false;
  std::string reason;  // "precondition-failed", "rate-limited", "unavailable",
                       // "connection", "not-retryable", "limit-reached"
};

// Returns whether and when to retry: 412 at once (re-read and try again),
// 429 and 503 and connection resets or timeouts after a delay drawn between
// the policy's backoff bounds from `seed`, until the retry limit.
RetryDecision decide_retry(const RetryInput& input);

}  // namespace cbvm
