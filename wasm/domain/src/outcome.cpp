#include "cbvm/outcome.hpp"

#include <algorithm>

#include "cbvm/literals.hpp"
#include "cbvm/workflow.hpp"

namespace cbvm {
namespace {

constexpr std::string_view kNames[kCallOutcomeCount] = {"reached", "no-answer", "busy",
                                                        "failed",  "machine",   "wrong-number"};

// Flex's outbound call failure codes (the reservation's canceledReasonCode).
constexpr int64_t kCodeBusy = 45303;
constexpr int64_t kCodeNoAnswer = 45305;

Error invalid(std::string what) { return make_error(ErrorCode::kInvalidParameter, std::move(what)); }

bool is_supervisor(const Viewer& viewer) {
  for (const auto& role : viewer.roles) {
    if (role == "supervisor" || role == "admin") return true;
  }
  return false;
}

bool holds(const OutcomeInput& in) {
  if (in.viewer.worker_sid.empty()) return false;
  return std::any_of(in.reservations.begin(), in.reservations.end(), [&](const Reservation& r) {
    return r.worker_sid == in.viewer.worker_sid && (r.status == "accepted" || r.status == "wrapping");
  });
}

std::string known_outcomes() {
  std::string out;
  for (int i = 0; i < kCallOutcomeCount; ++i) out += (i ? ", " : "") + std::string(kNames[i]);
  return out;
}

}  // namespace

std::string_view outcome_name(CallOutcome outcome) { return kNames[static_cast<size_t>(outcome)]; }

std::optional<CallOutcome> outcome_from_name(std::string_view name) {
  for (int i = 0; i < kCallOutcomeCount; ++i) {
    if (kNames[i] == name) return static_cast<CallOutcome>(i);
  }
  return std::nullopt;
}

std::string_view next_name(OutcomeNext next) {
  switch (next) {
    case OutcomeNext::kRetry: return "retry";
    case OutcomeNext::kComplete: return "complete";
    case OutcomeNext::kStop: break;
  }
  return "stop";
}

OutcomePolicy default_outcome_policy() {
  OutcomePolicy p;
  p.rule(CallOutcome::kNoAnswer) = {true, {10, 30, 60}};
  p.rule(CallOutcome::kBusy) = {true, {5, 15, 30}};
  p.rule(CallOutcome::kFailed) = {true, {30}};
  p.rule(CallOutcome::kMachine) = {true, {60}};
  return p;
}

Status check_outcome_policy(const OutcomePolicy& policy, std::string_view field) {
  const std::string f(field);
  if (policy.rule(CallOutcome::kReached).retry)
    return invalid(f + ".reached.retry must be false: a customer reached is not called again.");
  for (int i = 0; i < kCallOutcomeCount; ++i) {
    const OutcomeRule& rule = policy.rules[i];
    const std::string at = f + "." + std::string(kNames[i]) + ".waitMinutes";
    if (rule.wait_minutes.size() > 20) return invalid(at + " must list at most 20 waits.");
    for (size_t k = 0; k < rule.wait_minutes.size(); ++k) {
      if (rule.wait_minutes[k] < 0 || rule.wait_minutes[k] > kMaxRetryWaitMinutes)
        return invalid(at + "[" + std::to_string(k) + "] must be from 0 to " +
                       std::to_string(kMaxRetryWaitMinutes) + " minutes (a week).");
    }
  }
  return {};
}

std::vector<int64_t> outcome_waits(const OutcomePolicy& policy) {
  std::vector<int64_t> out;
  for (const OutcomeRule& rule : policy.rules) {
    if (!rule.retry) continue;
    if (rule.wait_minutes.empty()) out.push_back(0);
    out.insert(out.end(), rule.wait_minutes.begin(), rule.wait_minutes.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<CallOutcome> outcome_of(const CallSignal& s) {
  if (s.outcome) {
    if (auto o = outcome_from_name(*s.outcome)) return *o;
    return invalid("outcome must be one of " + known_outcomes() + " (got \"" + s.outcome->substr(0, 32) +
                   "\").");
  }
  if (s.canceled_reason_code) {
    if (*s.canceled_reason_code == kCodeBusy) return CallOutcome::kBusy;
    if (*s.canceled_reason_code == kCodeNoAnswer) return CallOutcome::kNoAnswer;
    return CallOutcome::kFailed;
  }
  if (s.call_status) {
    const std::string& st = *s.call_status;
    if (st == "no-answer" || st == "canceled") return CallOutcome::kNoAnswer;
    if (st == "busy") return CallOutcome::kBusy;
    if (st == "failed") return CallOutcome::kFailed;
    if (st == "completed" || st == "in-progress") {
      // AnsweredBy: https://www.twilio.com/docs/voice/answering-machine-detection
      const std::string by = s.answered_by.value_or("");
      if (by.rfind("machine", 0) == 0 || by == "fax") return CallOutcome::kMachine;
      if (st == "completed" || by == "human") return CallOutcome::kReached;
    }
    return invalid("CallStatus " + st.substr(0, 32) +
                   " does not say how the call ended (completed, busy, no-answer, failed or canceled).");
  }
  return invalid("outcome is missing: give one of " + known_outcomes() +
                 ", or canceledReasonCode, or CallStatus.");
}

Result<OutcomeDecision> decide_outcome(const OutcomeInput& in) {
  const std::string sid = in.task_sid.substr(0, 34);
  if (!is_supervisor(in.viewer) && !holds(in))
    return make_error(ErrorCode::kNotAllowed,
                      "Task " + sid +
                          " is not held by this agent (no accepted or wrapping reservation), so only a "
                          "supervisor or admin may record its outcome.");
  if (in.task_type != lit::kTaskTypeCallback && in.task_type != lit::kTaskTypeVoicemail)
    return make_error(ErrorCode::kConflict,
                      "Task " + sid + " is not a callback or voicemail, so it has no call back outcome.");

  const int64_t attempt = in.attempts_before + 1;
  OutcomeDecision d;
  for (const OutcomeRecord& r : in.outcomes) {
    if (r.attempt != attempt) continue;
    d.record = r;
    d.next = r.next == "retry" ? OutcomeNext::kRetry
             : r.next == "complete" ? OutcomeNext::kComplete
                                    : OutcomeNext::kStop;
    return d;
  }
  if (in.task_status != "assigned" && in.task_status != "wrapping")
    return make_error(ErrorCode::kConflict,
                      "Task " + sid + " is " +
                          (in.task_status.empty() ? std::string("in an unknown state")
                                                  : in.task_status.substr(0, 32)) +
                          "; an outcome is recorded only while the callback is assigned or wrapping.");

  const OutcomeRule& rule = in.policy.rule(in.outcome);
  if (in.outcome == CallOutcome::kReached) {
    d.next = OutcomeNext::kComplete;
  } else if (rule.retry && attempt < in.max_attempts) {
    d.next = OutcomeNext::kRetry;
    const auto& waits = rule.wait_minutes;
    d.record.wait_minutes =
        waits.empty() ? 0 : waits[std::min<size_t>(static_cast<size_t>(attempt - 1), waits.size() - 1)];
  }
  d.write = true;
  d.record.attempt = attempt;
  d.record.result = std::string(outcome_name(in.outcome));
  d.record.at = in.now;
  d.record.next = std::string(next_name(d.next));
  return d;
}

std::optional<int64_t> retry_wait_for(const std::vector<OutcomeRecord>& outcomes, int64_t attempt) {
  for (const OutcomeRecord& r : outcomes) {
    if (r.attempt == attempt && r.next == "retry") return r.wait_minutes.value_or(0);
  }
  return std::nullopt;
}

}  // namespace cbvm
