#include "cbvm/retry.hpp"

#include <algorithm>

namespace cbvm {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

bool is_connection_error(const std::string& code) {
  return code == "ECONNRESET" || code == "ETIMEDOUT" || code == "ESOCKETTIMEDOUT" ||
         code == "ECONNABORTED" || code == "EPIPE";
}

}  // namespace

RetryDecision decide_retry(const RetryInput& in) {
  RetryDecision out;
  const bool precondition = in.status && *in.status == 412;
  const bool throttled = in.status && (*in.status == 429 || *in.status == 503);
  const bool connection = !in.status && in.error_code && is_connection_error(*in.error_code);
  if (!precondition && !throttled && !connection) {
    out.reason = "not-retryable";
    return out;
  }
  if (in.retries_done >= std::max(0, in.policy.max_retries)) {
    out.reason = "limit-reached";
    return out;
  }
  out.retry = true;
  if (precondition) {
    out.reason = "precondition-failed";
    return out;
  }
  out.reason = connection ? "connection" : (*in.status == 429 ? "rate-limited" : "unavailable");
  // A reset, a timeout or a server error (a gateway's 503 can come after the
  // change was made) may hide a success; a rate limit is refused before acting.
  const bool server_error = in.status && *in.status >= 500;
  out.verify_first = (connection || server_error) && !in.idempotent;
  const int lo = std::max(0, std::min(in.policy.min_backoff_ms, in.policy.max_backoff_ms));
  const int hi = std::max(lo, std::max(in.policy.min_backoff_ms, in.policy.max_backoff_ms));
  const uint64_t draw = splitmix64(in.seed ^ (static_cast<uint64_t>(in.retries_done) << 32));
  out.delay_ms = lo + static_cast<int>(draw % static_cast<uint64_t>(hi - lo + 1));
  return out;
}

}  // namespace cbvm
