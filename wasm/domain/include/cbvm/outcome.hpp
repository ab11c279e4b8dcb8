// Retry by outcome: what became of an agent's call back, and what happens next.
//
// Each attempt of a callback ends with one outcome, recorded on the callback
// task (callBackData.outcomes: attempt, result, at, next, waitMinutes). The
// policy is data: per outcome, whether it is retried and how long the next
// attempt waits, by the attempt that ended. A retried outcome is requeued
// through the requeue protocol (requeue.hpp: one successor per callback,
// ever); the successor carries callBackData.retryWaitMinutes, which the
// callback workflow (workflow.hpp) holds it back for.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/access.hpp"
#include "cbvm/result.hpp"

namespace cbvm {

enum class CallOutcome { kReached, kNoAnswer, kBusy, kFailed, kMachine, kWrongNumber };
inline constexpr int kCallOutcomeCount = 6;

// "reached", "no-answer", "busy", "failed", "machine", "wrong-number".
std::string_view outcome_name(CallOutcome outcome);
std::optional<CallOutcome> outcome_from_name(std::string_view name);

struct OutcomeRule {
  bool retry = false;
  // The wait before the next attempt, by the attempt that ended: entry N-1 for
  // attempt N, the last entry for every later attempt. Empty: no wait.
  std::vector<int64_t> wait_minutes;
};

struct OutcomePolicy {
  std::array<OutcomeRule, kCallOutcomeCount> rules;  // indexed by CallOutcome
  const OutcomeRule& rule(CallOutcome o) const { return rules[static_cast<size_t>(o)]; }
  OutcomeRule& rule(CallOutcome o) { return rules[static_cast<size_t>(o)]; }
};

// Reached and wrong number end the callback; no answer waits 10, 30, then 60
// minutes; busy 5, 15, then 30; a failed call 30; a machine 60.
OutcomePolicy default_outcome_policy();

// Checks a policy: reached is never retried; every wait is 0 to a week.
// Returns a sentence naming the field (`field` names the policy).
Status check_outcome_policy(const OutcomePolicy& policy, std::string_view field);

// The distinct waits a policy can give a retry, increasing: the callback
// workflow needs a filter for each.
std::vector<int64_t> outcome_waits(const OutcomePolicy& policy);

// What the call signals of how it ended. Flex cancels the outbound call's
// reservation with a reason code when the customer is not reached (45303
// busy, 45305 no answer, other codes: the call failed); a Voice status
// callback gives CallStatus (and AnsweredBy when answering machine detection
// is on).
struct CallSignal {
  std::optional<std::string> outcome;            // an agent's disposition
  std::optional<int64_t> canceled_reason_code;   // the outbound reservation's
  std::optional<std::string> call_status;        // the customer leg's CallStatus
  std::optional<std::string> answered_by;        // AnsweredBy
};

// Returns the outcome the signal names, or kInvalidParameter naming the field
// when it names none (or a call that has not ended: CallStatus queued,
// ringing, in-progress).
Result<CallOutcome> outcome_of(const CallSignal& signal);

// The next step after an attempt.
enum class OutcomeNext { kRetry, kComplete, kStop };
std::string_view next_name(OutcomeNext next);

// One entry of callBackData.outcomes.
struct OutcomeRecord {
  int64_t attempt = 1;  // 1 for the first call back
  std::string result;   // outcome name
  std::string at;       // ISO instant
  std::string next;     // "retry", "complete", "stop"
  std::optional<int64_t> wait_minutes;  // when retried
};

struct OutcomeInput {
  Viewer viewer;
  std::vector<Reservation> reservations;
  std::string task_sid;
  std::string task_type;
  std::string task_status;
  int64_t attempts_before = 0;  // callBackData.attempts
  std::vector<OutcomeRecord> outcomes;  // callBackData.outcomes as recorded
  CallOutcome outcome = CallOutcome::kReached;
  OutcomePolicy policy;
  int64_t max_attempts = 1;
  std::string now;  // ISO instant
};

struct OutcomeDecision {
  bool write = false;      // append `record` to the task's outcomes (If-Match)
  OutcomeRecord record;    // this attempt's outcome (the one already recorded, on a repeat)
  OutcomeNext next = OutcomeNext::kStop;
};

// Returns this attempt's outcome and the next step: reached completes the
// callback; a retried outcome is retried while attempts remain
// (attempt < max_attempts), after the policy's wait; anything else stops. The
// first outcome recorded for an attempt stands: a repeated or later report of
// the same attempt answers it and writes nothing. Refused with kNotAllowed
// unless the viewer is a supervisor or admin or holds the task, kConflict
// unless it is an assigned or wrapping callback or voicemail.
Result<OutcomeDecision> decide_outcome(const OutcomeInput& in);

// The wait a requeue's successor carries: the outcome recorded for `attempt`
// when it was retried, else none (the workflow's waits by attempt apply).
std::optional<int64_t> retry_wait_for(const std::vector<OutcomeRecord>& outcomes, int64_t attempt);

}  // namespace cbvm
