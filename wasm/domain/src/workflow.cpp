#include "cbvm/workflow.hpp"

#include <algorithm>
#include <string_view>

namespace cbvm {
namespace {

bool is_queue_sid(std::string_view s) {
  if (s.size() != 34 || s.substr(0, 2) != "WQ") return false;
  for (char c : s.substr(2)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Error invalid(std::string what) { return make_error(ErrorCode::kInvalidParameter, std::move(what)); }

}  // namespace

Result<WorkflowConfiguration> callback_workflow(const WorkflowPolicy& policy) {
  if (!is_queue_sid(policy.queue_sid)) {
    return invalid("queueSid must be a TaskRouter queue SID (WQ followed by 32 hex digits).");
  }
  const auto& delays = policy.retry_delays;
  for (size_t i = 0; i < delays.size(); ++i) {
    const std::string at = "retryDelays[" + std::to_string(i) + "]";
    if (delays[i].attempt < 2 || delays[i].attempt > 1000) {
      return invalid(at + ".attempt must be from 2 (the first retry) to 1000.");
    }
    if (i > 0 && delays[i].attempt <= delays[i - 1].attempt) {
      return invalid(at + ".attempt must be greater than the attempt before it.");
    }
    if (delays[i].wait_minutes < 0 || delays[i].wait_minutes > kMaxRetryWaitMinutes) {
      return invalid(at + ".waitMinutes must be from 0 to " + std::to_string(kMaxRetryWaitMinutes) +
                     " (a week).");
    }
    if (policy.task_timeout_seconds && delays[i].wait_minutes * 60 >= *policy.task_timeout_seconds) {
      return invalid(at + ".waitMinutes must end before the callback task's timeout (" +
                     std::to_string(*policy.task_timeout_seconds) +
                     " s), or the task times out while it waits.");
    }
  }

  for (size_t i = 0; i < policy.outcome_waits.size(); ++i) {
    const int64_t w = policy.outcome_waits[i];
    const std::string at = "outcomeWaits[" + std::to_string(i) + "]";
    if (w < 0 || w > kMaxRetryWaitMinutes)
      return invalid(at + " must be from 0 to " + std::to_string(kMaxRetryWaitMinutes) + " minutes (a week).");
    if (policy.task_timeout_seconds && w * 60 >= *policy.task_timeout_seconds)
      return invalid(at + " must end before the callback task's timeout (" +
                     std::to_string(*policy.task_timeout_seconds) + " s), or the task times out while it waits.");
  }

  WorkflowConfiguration out;
  out.default_queue = policy.queue_sid;
  const WorkflowTarget everyone{policy.queue_sid, std::nullopt, std::nullopt, std::nullopt};
  // First: a task sent to one worker waits for that worker only, whatever its
  // attempt or wait (no timeout: a supervisor chose the worker).
  WorkflowFilter known;
  known.friendly_name = kKnownWorkerFilterName;
  known.expression = kKnownWorkerExpression;
  known.targets.push_back({policy.queue_sid, std::nullopt, std::nullopt, std::string(kKnownWorkerSid)});
  out.filters.push_back(std::move(known));
  // A retry by outcome waits what its outcome gave it, before the waits by attempt.
  std::vector<int64_t> waits = policy.outcome_waits;
  std::sort(waits.begin(), waits.end());
  waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
  for (const int64_t w : waits) {
    WorkflowFilter f;
    f.friendly_name = "Retry by outcome waits " + std::to_string(w) + " min";
    f.expression = "callBackData.retryWaitMinutes == " + std::to_string(w);
    if (w > 0) f.targets.push_back({policy.queue_sid, std::string("1==0"), w * 60, std::nullopt});
    f.targets.push_back(everyone);
    out.filters.push_back(std::move(f));
  }
  for (size_t i = 0; i < delays.size(); ++i) {
    const RetryDelay& d = delays[i];
    // Attempts d.attempt up to the next entry's (every later one for the last);
    // callBackData.attempts counts the attempts made before.
    const int64_t from = d.attempt;
    const std::optional<int64_t> to =
        i + 1 < delays.size() ? std::optional<int64_t>(delays[i + 1].attempt - 1) : std::nullopt;
    WorkflowFilter f;
    f.friendly_name = "Callback attempt " + std::to_string(from) +
                      (!to ? " and later" : *to > from ? " to " + std::to_string(*to) : "") +
                      " waits " + std::to_string(d.wait_minutes) + " min";
    const std::string lo = std::to_string(from - 1);
    if (!to) {
      f.expression = "callBackData.attempts >= " + lo;
    } else if (*to == from) {
      f.expression = "callBackData.attempts == " + lo;
    } else {
      f.expression = "callBackData.attempts >= " + lo + " AND callBackData.attempts <= " +
                     std::to_string(*to - 1);
    }
    if (d.wait_minutes > 0) {
      f.targets.push_back({policy.queue_sid, std::string("1==0"), d.wait_minutes * 60, std::nullopt});
    }
    f.targets.push_back(everyone);
    out.filters.push_back(std::move(f));
  }
  WorkflowFilter first;
  first.friendly_name = "Callbacks and voicemails";
  first.expression = "1==1";
  first.targets.push_back(everyone);
  out.filters.push_back(std::move(first));
  return out;
}

}  // namespace cbvm
