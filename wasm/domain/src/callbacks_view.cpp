#include "cbvm/callbacks_view.hpp"

#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "text.hpp"

namespace cbvm {
namespace {

using text::trim;

constexpr std::string_view kStateNames[] = {"waiting", "assigned", "scheduled", "retrying"};

bool is_ours(TaskKind kind) { return kind == TaskKind::kCallback || kind == TaskKind::kVoicemail; }

bool is_open_status(std::string_view s) {
  return s == "pending" || s == "reserved" || s == "assigned" || s == "wrapping";
}

bool is_pending(const ViewTask& t) { return t.assignment_status == "pending"; }

CallbackState state_of(const ViewTask& t, int64_t now) {
  if (!is_pending(t)) return CallbackState::kAssigned;
  if (t.scheduled_for && *t.scheduled_for > now) return CallbackState::kScheduled;
  if (t.attempts >= 1) return CallbackState::kRetrying;
  return CallbackState::kWaiting;
}

std::optional<int64_t> next_due_of(const ViewTask& t, int64_t now, const CallingWindow* window) {
  if (!is_pending(t)) return std::nullopt;
  const int64_t from = t.scheduled_for && *t.scheduled_for > now ? *t.scheduled_for : now;
  if (window == nullptr) return from;
  auto open = next_open(*window, from);
  return open ? open : std::optional<int64_t>(from);
}

Error invalid(std::string what) { return make_error(ErrorCode::kInvalidParameter, std::move(what)); }
Error missing(std::string what) { return make_error(ErrorCode::kMissingParameter, std::move(what)); }

std::string shown(std::string_view text) { return std::string(text.substr(0, 64)); }

}  // namespace

std::string_view name_of(CallbackState state) { return kStateNames[static_cast<int>(state)]; }

Status check_supervisor(const Viewer& viewer, std::string_view what) {
  if (sees_every_task(viewer)) return {};
  return make_error(ErrorCode::kNotAllowed,
                    "Only a supervisor or admin may " + std::string(what) +
                        "; the Flex token's roles include neither.");
}

Result<std::vector<CallbackRow>> callback_rows(const std::vector<ViewTask>& tasks, const Viewer& viewer,
                                               int64_t now, const CallingWindow* window) {
  if (auto s = check_supervisor(viewer, "list the callbacks"); !s.ok()) return s.error();
  std::vector<CallbackRow> rows;
  for (const ViewTask& t : tasks) {
    if (!is_ours(t.kind) || !is_open_status(t.assignment_status)) continue;
    CallbackRow row;
    row.sid = t.sid;
    row.kind = t.kind;
    row.state = state_of(t, now);
    row.number = t.number;
    row.queue_name = t.queue_name;
    const std::optional<int64_t> since = t.received_at ? t.received_at : t.created_at;
    row.age_seconds = since && *since < now ? (now - *since) / 1000 : 0;
    row.attempt = t.attempts < 0 ? 1 : t.attempts + 1;
    row.next_due = next_due_of(t, now, window);
    row.assigned_to = t.target_worker;
    const bool pending = is_pending(t);
    row.actions.reschedule = pending;
    row.actions.cancel = pending || t.assignment_status == "reserved";
    row.actions.assign = pending && t.target_worker.empty();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<ManageAction> manage_action_from(std::string_view name) {
  if (name == "cancel") return ManageAction::kCancel;
  if (name == "assign") return ManageAction::kAssign;
  if (name == "reschedule") return ManageAction::kReschedule;
  return std::nullopt;
}

Result<ManageAction> check_manage_request(const ManageRequest& request, const Viewer& viewer) {
  if (auto s = check_supervisor(viewer, "manage callbacks"); !s.ok()) return s.error();
  const std::string_view action_text = request.action ? trim(*request.action) : std::string_view();
  if (action_text.empty()) return missing("action is required: cancel, assign or reschedule.");
  auto action = manage_action_from(action_text);
  if (!action) return invalid("action must be cancel, assign or reschedule (got \"" + shown(action_text) + "\").");
  const std::string_view sid = request.task_sid ? trim(*request.task_sid) : std::string_view();
  if (sid.empty()) return missing("taskSid is required: the callback or voicemail task to " + std::string(action_text) + ".");
  if (!is_sid(sid, "WT")) return invalid("taskSid must be a TaskRouter task SID (WT followed by 32 hex digits).");
  if (*action == ManageAction::kCancel) {
    const std::string_view reason = request.reason ? trim(*request.reason) : std::string_view();
    if (reason.empty()) return missing("reason is required: why the callback is canceled (it is recorded on the task).");
    if (reason.size() > kMaxReasonLength)
      return invalid("reason must be at most " + std::to_string(kMaxReasonLength) + " characters.");
  }
  if (*action == ManageAction::kReschedule) {
    const std::string_view at = request.scheduled_for ? trim(*request.scheduled_for) : std::string_view();
    if (at.empty()) return missing("scheduledFor is required: when the callback is wanted (ISO-8601).");
  }
  if (*action == ManageAction::kAssign && viewer.worker_sid.empty())
    return make_error(ErrorCode::kNotAllowed, "Only a worker can take a callback; the Flex token names no worker.");
  return *action;
}

Result<ManagePlan> manage_callback(ManageAction action, const ManageRequest& request, const Viewer& viewer,
                                   std::string_view by, const ViewTask& task, int64_t now,
                                   const CallingWindow* window, int horizon_days) {
  ManagePlan plan;
  const std::string who = by.empty() ? (viewer.worker_sid.empty() ? "a supervisor" : viewer.worker_sid) : std::string(by);
  if (!is_ours(task.kind))
    return invalid("taskSid names task " + task.sid + ", which is not a callback or voicemail.");
  const bool pending = is_pending(task);
  switch (action) {
    case ManageAction::kCancel: {
      if (task.assignment_status == "canceled" && task.reason.rfind("Canceled by ", 0) == 0) {
        plan.message = "Task " + task.sid + " was already canceled: " + task.reason;
        return plan;
      }
      if (!pending && task.assignment_status != "reserved")
        return make_error(ErrorCode::kConflict, "Task " + task.sid + " is " + task.assignment_status +
                                                    ": only a waiting or reserved callback can be canceled.");
      plan.step = ManageStep::kCancel;
      plan.reason = "Canceled by " + who + ": " + std::string(trim(request.reason.value_or("")));
      plan.message = "Task " + task.sid + " was canceled.";
      return plan;
    }
    case ManageAction::kAssign: {
      if (task.target_worker == viewer.worker_sid && is_open_status(task.assignment_status)) {
        plan.message = "Task " + task.sid + " is already on its way to you.";
        return plan;
      }
      if (!task.target_worker.empty())
        return make_error(ErrorCode::kConflict, "Task " + task.sid + " was already sent to worker " +
                                                    task.target_worker + ".");
      if (!pending)
        return make_error(ErrorCode::kConflict, "Task " + task.sid + " is " + task.assignment_status +
                                                    ": only a waiting callback can be taken.");
      plan.step = ManageStep::kAssign;
      plan.worker_sid = viewer.worker_sid;
      plan.message = "Task " + task.sid + " is on its way to you.";
      return plan;
    }
    case ManageAction::kReschedule: {
      const std::string at(trim(request.scheduled_for.value_or("")));
      Result<int64_t> when = make_error(ErrorCode::kInvalidParameter, "");
      if (window != nullptr) {
        auto requested = scheduled_instant(*window, at);
        if (!requested.ok()) return requested.error();
        when = validate_scheduled_for(now, requested.value(), *window, horizon_days);
      } else {
        auto parsed = parse_iso_instant(at);
        if (!parsed) return invalid("scheduledFor must be an ISO-8601 instant with its offset, such as \"2027-03-15T14:00:00Z\".");
        if (*parsed < now - kScheduleSlackMs) return invalid("scheduledFor is in the past: choose a later time.");
        if (*parsed > now + static_cast<int64_t>(horizon_days) * 86400000)
          return invalid("scheduledFor is more than " + std::to_string(horizon_days) + " days ahead.");
        when = *parsed;
      }
      if (!when.ok()) return when.error();
      plan.scheduled_for = when.value();
      plan.request_id = "reschedule:" + task.sid;
      const bool canceled_for_it =
          task.assignment_status == "canceled" && task.reason.rfind(kRescheduleReasonPrefix, 0) == 0;
      if (!pending && !canceled_for_it)
        return make_error(ErrorCode::kConflict, "Task " + task.sid + " is " + task.assignment_status +
                                                    ": only a waiting callback can be rescheduled.");
      plan.step = ManageStep::kReschedule;
      plan.skip_cancel = canceled_for_it;
      plan.reason = std::string(kRescheduleReasonPrefix) + who + " for " + format_iso_instant(plan.scheduled_for);
      plan.message = "Task " + task.sid + " was rescheduled for " + format_iso_instant(plan.scheduled_for) + ".";
      return plan;
    }
  }
  return plan;
}

}  // namespace cbvm
