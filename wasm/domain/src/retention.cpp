#include "cbvm/retention.hpp"

#include "cbvm/callback_task.hpp"
#include "cbvm/callbacks_view.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

namespace {
// A Function lives at most 10 s; a claim older than this was abandoned.
constexpr int64_t kClaimLifetimeMs = 60 * 1000;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
}  // namespace

std::optional<std::string> retention_not_needed(const EndedTask& task) {
  if (task.in_hold_workflow) return "it is in the hold workflow (a held callback, a timer or a retention record)";
  if (task.assignment_status != "completed" && task.assignment_status != "canceled")
    return "it has not ended (" + task.assignment_status + ")";
  if (task.task_type != lit::kTaskTypeVoicemail && task.task_type != lit::kTaskTypeCallback)
    return "it is not a callback or voicemail";
  if (!task.recording_sid || !is_sid(*task.recording_sid, "RE")) return "it carries no recording";
  if (task.recording_deleted) return "its recording is deleted already";
  if (task.held) return "it was held: the callback it released carries the recording";
  if (task.requeued) return "it was requeued: its successor carries the recording";
  if (starts_with(task.reason, kRescheduleReasonPrefix)) return "it was rescheduled: its successor carries the recording";
  if (starts_with(task.reason, kDuplicateReasonPrefix)) return "it was a duplicate: the task kept carries the recording";
  return std::nullopt;
}

int64_t retention_due(int64_t ended_at, int64_t hours) { return ended_at + hours * 3600 * 1000; }

RetentionWake retention_wake(const RetentionRecord& record, int64_t now, bool expired, bool has_timer,
                             bool from_sweep) {
  RetentionWake out;
  if (!expired && record.assignment_status != "pending") {
    out.why = "the record is " + record.assignment_status + ": the recording was deleted already";
    return out;
  }
  if (!expired && record.claimed_at && now >= *record.claimed_at && now - *record.claimed_at < kClaimLifetimeMs) {
    out.why = "another wake-up is deleting the recording";
    return out;
  }
  if (from_sweep && !has_timer && record.created_at && now - *record.created_at < kClaimLifetimeMs &&
      now < record.due) {
    out.why = "the record was just made";
    return out;
  }
  out.wake = hold_wake(now, record.due, expired ? std::nullopt : std::optional<int64_t>(record.ends_at.value_or(0)));
  switch (out.wake.action) {
    case HoldAction::Release:
      out.action = RetentionAction::kDelete;
      break;
    case HoldAction::Wait:
      if (has_timer) {
        out.why = "the record has a timer";
        return out;
      }
      out.action = RetentionAction::kWait;
      break;
    case HoldAction::Renew:
      out.action = RetentionAction::kRenew;
      break;
  }
  return out;
}

}  // namespace cbvm
