// Voicemail retention (VOICEMAIL_RETENTION_HOURS): a set time after a
// voicemail's task ends, its recording and transcription are deleted at
// Twilio. The due list lives on TaskRouter alone: one *retention record* per
// voicemail, held in the hold workflow and woken by the same timer tasks and
// sweep as held callbacks (holds.hpp); its release is the deletion. These
// rules say whether an ended task needs a record, when it is due, and what a
// wake-up does. Every instant is milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cbvm/holds.hpp"

namespace cbvm {

inline constexpr int64_t kMinRetentionHours = 1;
inline constexpr int64_t kMaxRetentionHours = 87600;  // ten years

// An ended task, as its task.completed / task.canceled event (or the task
// list, which keeps ended tasks five minutes) describes it.
struct EndedTask {
  std::string task_type;                       // attributes.taskType
  std::string assignment_status;               // completed | canceled (anything else has not ended)
  std::string reason;                          // TaskRouter's completed or canceled reason
  std::optional<std::string> recording_sid;    // callBackData.recordingSid
  bool recording_deleted = false;              // callBackData.isDeleted
  bool held = false;                           // carries callbackHold: its release carries the recording on
  bool requeued = false;                       // carries callbackRequeue: its successor carries the recording
  bool in_hold_workflow = false;               // a held callback, a timer or a retention record itself
};

// Returns why the ended task needs no retention record, or nullopt when it
// needs one. A task that handed its recording on to a live successor — a
// requeue (Retry Later, a retried outcome), a supervisor's reschedule, a held
// callback's release, a duplicate of the same request canceled in favour of the
// kept task — needs none: the successor's own end starts the clock, and a
// recording is never deleted under a voicemail still waiting for an agent.
std::optional<std::string> retention_not_needed(const EndedTask& task);

// Returns when the recording of a task that ended at `ended_at` is deleted.
int64_t retention_due(int64_t ended_at, int64_t hours);

// A retention record as read on a wake-up.
struct RetentionRecord {
  int64_t due = 0;
  std::string assignment_status;         // the record task's: pending while it waits
  std::optional<int64_t> claimed_at;     // a deletion's claim (If-Match), when one was written
  std::optional<int64_t> ends_at;        // when its time to live runs out (created + Timeout)
  std::optional<int64_t> created_at;
};

enum class RetentionAction {
  kNone,    // nothing to do (see why)
  kDelete,  // due: claim the record, delete the transcription and recording, end the record
  kWait,    // not due: a timer wakes the product at wake.wake_at
  kRenew,   // not due, and the record ends too soon (or expired): hold in a new record
};

struct RetentionWake {
  RetentionAction action = RetentionAction::kNone;
  HoldWake wake;    // kWait, kRenew: the timer (and the new record's time to live)
  std::string why;  // kNone
};

// Returns what a wake-up of the record does at `now`. `expired`: the record's
// own time to live ran out (its event describes it; it is canceled already).
// A record no longer pending was deleted already; a claim younger than a
// Function's lifetime is another wake-up at work; the sweep leaves a record
// made within the last minute without a timer (its first may be on its way)
// and one that has a timer and is not due. Timers and renewals follow
// hold_wake, so a recording is deleted at its due time, never before.
RetentionWake retention_wake(const RetentionRecord& record, int64_t now, bool expired, bool has_timer,
                             bool from_sweep);

}  // namespace cbvm
