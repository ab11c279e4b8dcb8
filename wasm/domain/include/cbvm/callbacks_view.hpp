// The supervisors' callbacks view: which open callbacks and voicemails it
// lists, in which state, with which actions, and what each action does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/access.hpp"
#include "cbvm/calling_window.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/result.hpp"

namespace cbvm {

// Where an open callback stands, as a supervisor reads it.
enum class CallbackState : uint8_t {
  kWaiting,    // pending, first attempt
  kAssigned,   // reserved, assigned or wrapping
  kScheduled,  // pending and scheduled for a later time
  kRetrying,   // pending successor of a requeue (attempts >= 1)
};
std::string_view name_of(CallbackState state);

// What the view reads of a TaskRouter task.
struct ViewTask {
  std::string sid;
  TaskKind kind = TaskKind::kOther;
  std::string assignment_status;  // pending, reserved, assigned, wrapping, completed, canceled
  std::string queue_name;
  std::string number;                    // callBackData.numberToCall, else name, else from
  int64_t attempts = 0;                  // callBackData.attempts: attempts made before this one
  std::optional<int64_t> received_at;    // callBackData.utcDateTimeReceived (ms)
  std::optional<int64_t> created_at;     // dateCreated (ms)
  std::optional<int64_t> scheduled_for;  // callBackData.scheduledFor (ms)
  std::string target_worker;             // transferTargetSid when transferTargetType is worker
  std::string reason;                    // TaskRouter's reason (of a canceled task)
};

struct RowActions {
  bool reschedule = false;
  bool cancel = false;
  bool assign = false;
};

struct CallbackRow {
  std::string sid;
  TaskKind kind = TaskKind::kOther;
  CallbackState state = CallbackState::kWaiting;
  std::string number;
  std::string queue_name;
  int64_t age_seconds = 0;
  int64_t attempt = 1;               // the attempt this task is: attempts + 1
  std::optional<int64_t> next_due;   // when it is next due (nullopt: with an agent already)
  std::string assigned_to;           // the worker a supervisor sent it to
  RowActions actions;
};

// Returns kNotAllowed unless the viewer is a supervisor or admin.
Status check_supervisor(const Viewer& viewer, std::string_view what);

// Returns the view's rows for one page of tasks, in the page's order: only
// callbacks and voicemails that are still open (pending, reserved, assigned,
// wrapping). Age counts from when the contact asked (else when the task was
// made). Next due: the scheduled time, else now (or, with a calling window,
// when it next opens); none once an agent holds it. Actions: a pending task
// may be rescheduled, canceled and taken; a reserved one only canceled
// (TaskRouter cancels pending or reserved tasks); one a supervisor already
// sent to a worker is not offered to be taken again.
Result<std::vector<CallbackRow>> callback_rows(const std::vector<ViewTask>& tasks, const Viewer& viewer,
                                               int64_t now, const CallingWindow* window);

enum class ManageAction : uint8_t { kCancel, kAssign, kReschedule };
std::optional<ManageAction> manage_action_from(std::string_view name);

struct ManageRequest {
  std::optional<std::string> action;
  std::optional<std::string> task_sid;
  std::optional<std::string> reason;         // cancel: why (required)
  std::optional<std::string> scheduled_for;  // reschedule: the new time
};

// Checks a manage request before any task is read: the viewer is a supervisor
// or admin, the action is known, the task SID is one, a cancel has a reason,
// a reschedule a time. Returns the action.
Result<ManageAction> check_manage_request(const ManageRequest& request, const Viewer& viewer);

enum class ManageStep : uint8_t {
  kCancel,      // cancel the task with `reason`, If-Match
  kAssign,      // write transferTargetType/transferTargetSid = viewer, If-Match
  kReschedule,  // cancel (unless skip_cancel) then create the successor under request_id
  kAnswer,      // nothing to do: already done (message says what)
};

struct ManagePlan {
  ManageStep step = ManageStep::kAnswer;
  std::string reason;           // the cancel reason written to TaskRouter
  std::string worker_sid;       // assign: the worker
  int64_t scheduled_for = 0;    // reschedule: the validated instant
  std::string request_id;       // reschedule: natural key of the successor
  bool skip_cancel = false;     // reschedule: the original is already canceled for it
  std::string message;
};

inline constexpr std::string_view kRescheduleReasonPrefix = "Rescheduled by ";
inline constexpr size_t kMaxReasonLength = 200;

// Decides what a checked request does to the task as read now. `by` names the
// supervisor in the recorded reason. A cancel of a task that is no longer
// pending or reserved is a conflict; taking a task already sent to this
// worker is answered as done, one sent to another worker (or no longer
// pending) is a conflict, so a task is never taken twice. A reschedule
// validates the time (in the calling window when there is one, within
// horizon_days); a task already canceled for a reschedule goes on to create
// the successor, so a retry after a lost answer completes it.
Result<ManagePlan> manage_callback(ManageAction action, const ManageRequest& request, const Viewer& viewer,
                                   std::string_view by, const ViewTask& task, int64_t now,
                                   const CallingWindow* window, int horizon_days);

}  // namespace cbvm
