// The JSON door of the supervisors' callbacks view (the Node module only).
#include "cbvm/callbacks_view.hpp"
#include "cbvm/channel.hpp"
#include "cbvm/time.hpp"
#include "decisions.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

// TaskRouter keeps a task at most 30 days (its Timeout's maximum).
constexpr int64_t kMaxTaskTimeoutSeconds = 2592000;
constexpr int kDefaultHorizonDays = 30;

// Member `key` in the library's camelCase shape, else the REST wire's snake_case one.
const json* either(const json& task, std::string_view camel, std::string_view snake) {
  const json* v = Reader::member(&task, camel);
  return v != nullptr ? v : Reader::member(&task, snake);
}

std::optional<int64_t> instant_of(const json* value) {
  const auto text = nonempty_text(value);
  return text ? parse_iso_instant(*text) : std::nullopt;
}

ViewTask view_task_from(const json& task) {
  ViewTask t;
  const json attributes = attributes_of(task);
  const json* data = Reader::member(&attributes, "callBackData");
  t.sid = text_or_empty(Reader::member(&task, "sid"));
  t.kind = classify_task(text_or_empty(either(task, "taskChannelUniqueName", "task_channel_unique_name")),
                         text_or_empty(Reader::member(&attributes, "taskType")));
  t.assignment_status = text_or_empty(either(task, "assignmentStatus", "assignment_status"));
  t.queue_name = text_or_empty(either(task, "queueName", "task_queue_friendly_name"));
  t.number = nonempty_text(Reader::member(data, "numberToCall"))
                 .value_or(nonempty_text(Reader::member(&attributes, "name"))
                               .value_or(text_or_empty(Reader::member(&attributes, "from"))));
  const json* attempts = Reader::member(data, "attempts");
  t.attempts = integral(attempts).value_or(attempts != nullptr && attempts->is_string()
                                                ? integral_text(attempts->get<std::string>()).value_or(0)
                                                : 0);
  t.received_at = instant_of(Reader::member(data, "utcDateTimeReceived"));
  t.created_at = instant_of(either(task, "dateCreated", "date_created"));
  t.scheduled_for = instant_of(Reader::member(data, "scheduledFor"));
  // A callback held until the calling window opens (holds.hpp) is due then.
  if (!t.scheduled_for) t.scheduled_for = instant_of(Reader::member(Reader::member(&attributes, "callbackHold"), "due"));
  if (text_or_empty(Reader::member(&attributes, "transferTargetType")) == "worker")
    t.target_worker = text_or_empty(Reader::member(&attributes, "transferTargetSid"));
  t.reason = text_or_empty(Reader::member(&task, "reason"));
  return t;
}

Viewer viewer_of(Reader& r, const json& in) {
  const json* v = r.object(&in, "viewer", "viewer", true);
  Viewer viewer{r.text(v, "workerSid", "viewer.workerSid").value_or(""), {}};
  if (const json* roles = Reader::member(v, "roles")) {
    if (!roles->is_array()) r.fail("viewer.roles must be an array of strings.");
    else
      for (const json& role : *roles)
        if (role.is_string()) viewer.roles.push_back(role.get<std::string>());
  }
  return viewer;
}

std::optional<int64_t> now_of(Reader& r, const json& in) {
  auto text = r.text(&in, "now", "now");
  std::optional<int64_t> now = text ? parse_iso_instant(*text) : std::nullopt;
  if (r.status().ok() && !now) r.fail("now is required: an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
  return now;
}

// The calling window when `window` is given (nullopt: none), or its refusal.
Result<std::optional<CallingWindow>> optional_window(Reader& r, const json& in) {
  if (Reader::member(&in, "window") == nullptr) return std::optional<CallingWindow>();
  auto w = window_from(r, in);
  if (!w.ok()) return w.error();
  return std::optional<CallingWindow>(std::move(w.value()));
}

json row_json(const CallbackRow& row) {
  return {{"taskSid", row.sid},
          {"kind", name_of(row.kind)},
          {"state", name_of(row.state)},
          {"number", row.number},
          {"queueName", row.queue_name},
          {"ageSeconds", row.age_seconds},
          {"attempt", row.attempt},
          {"nextDue", row.next_due ? json(format_iso_instant(*row.next_due)) : json(nullptr)},
          {"assignedTo", row.assigned_to.empty() ? json(nullptr) : json(row.assigned_to)},
          {"actions",
           {{"reschedule", row.actions.reschedule},
            {"cancel", row.actions.cancel},
            {"assign", row.actions.assign}}}};
}

// The successor of a rescheduled task: its attributes, with the new time and
// without the original's request key or worker target.
json successor_json(const json& task, const ViewTask& t, const ManagePlan& plan, int64_t now) {
  json attributes = attributes_of(task);
  // A callback held until due (holds.hpp) is rescheduled as the callback it
  // would release: into that workflow, on that channel, without the hold.
  json held_release = json::object();
  if (const json* hold = Reader::member(&attributes, "callbackHold"); hold != nullptr && hold->is_object()) {
    if (const json* release = Reader::member(hold, "release"); release != nullptr && release->is_object())
      held_release = *release;
    attributes.erase("callbackHold");
  }
  const auto released = [&](const char* key, const char* camel, const char* snake) -> const json* {
    const json* v = Reader::member(&held_release, key);
    return v != nullptr ? v : either(task, camel, snake);
  };
  attributes.erase("callbackRequestId");
  attributes.erase("transferTargetType");
  attributes.erase("transferTargetSid");
  if (!attributes.contains("callBackData") || !attributes["callBackData"].is_object())
    attributes["callBackData"] = json::object();
  attributes["callBackData"]["scheduledFor"] = format_iso_instant(plan.scheduled_for);
  attributes["callBackData"]["rescheduledFrom"] = t.sid;
  const int64_t timeout = integral(released("timeout", "timeout", "timeout")).value_or(86400);
  const int64_t until_due = plan.scheduled_for > now ? (plan.scheduled_for - now + 999) / 1000 : 0;
  const json* channel = Reader::member(&held_release, "taskChannel");
  json out = {{"workflowSid", text_or_empty(released("workflowSid", "workflowSid", "workflow_sid"))},
              {"taskChannel", text_or_empty(channel != nullptr ? channel : either(task, "taskChannelUniqueName", "task_channel_unique_name"))},
              {"timeout", std::min(kMaxTaskTimeoutSeconds, std::max<int64_t>(timeout, 1) + until_due)},
              {"priority", integral(Reader::member(&task, "priority")).value_or(0)},
              {"attributes", std::move(attributes)}};
  if (out["taskChannel"] == "") out["taskChannel"] = "voice";
  return out;
}

}  // namespace

Answer callback_rows_decision(const json& in) {
  Reader r("callbackRows");
  const Viewer viewer = viewer_of(r, in);
  const auto now = now_of(r, in);
  const json* tasks = Reader::member(&in, "tasks");
  if (r.status().ok() && (tasks == nullptr || !tasks->is_array() || tasks->size() > 1000))
    r.fail("tasks must be a list of at most 1000 TaskRouter tasks.");
  auto window = optional_window(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  std::vector<ViewTask> read;
  for (const json& task : *tasks)
    if (task.is_object()) read.push_back(view_task_from(task));
  const CallingWindow* w = window.value() ? &*window.value() : nullptr;
  auto rows = callback_rows(read, viewer, *now, w);
  if (!rows.ok()) return rows.error();
  json out = json::array();
  for (const CallbackRow& row : rows.value()) out.push_back(row_json(row));
  return json{{"rows", std::move(out)}};
}

Answer manage_callback_decision(const json& in) {
  Reader r("manageCallback");
  const Viewer viewer = viewer_of(r, in);
  const json* params = r.object(&in, "params", "params", true);
  ManageRequest q;
  auto param = [&](std::string_view key) {
    const json* v = Reader::member(params, key);
    return v != nullptr && v->is_string() ? std::optional<std::string>(v->get<std::string>()) : std::nullopt;
  };
  q.action = param("action");
  q.task_sid = param("taskSid");
  q.reason = param("reason");
  q.scheduled_for = param("scheduledFor");
  const std::string by = r.text(&in, "by", "by").value_or("");
  if (auto s = r.status(); !s.ok()) return s.error();
  auto action = check_manage_request(q, viewer);
  if (!action.ok()) return action.error();
  const json* task = Reader::member(&in, "task");
  // Without the task: the request is checked and the task to read is named.
  if (task == nullptr || !task->is_object())
    return json{{"action", "read"}, {"taskSid", std::string(q.task_sid->substr(0, 34))}};
  const auto now = now_of(r, in);
  const int64_t horizon = r.integer(&in, "horizonDays", "horizonDays", 1, kMaxHorizonDays).value_or(kDefaultHorizonDays);
  auto window = optional_window(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  const ViewTask t = view_task_from(*task);
  const CallingWindow* w = window.value() ? &*window.value() : nullptr;
  auto plan = manage_callback(action.value(), q, viewer, by, t, *now, w, static_cast<int>(horizon));
  if (!plan.ok()) return plan.error();
  const ManagePlan& p = plan.value();
  json out = {{"taskSid", t.sid}, {"message", p.message}};
  switch (p.step) {
    case ManageStep::kAnswer:
      out["action"] = "answer";
      break;
    case ManageStep::kCancel:
      out["action"] = "cancel";
      out["reason"] = p.reason;
      break;
    case ManageStep::kAssign: {
      out["action"] = "assign";
      json attributes = attributes_of(*task);
      // Flex's own convention for a task sent to a worker (its transfers),
      // which a workflow routes with known_worker_sid: task.transferTargetSid.
      attributes["transferTargetType"] = "worker";
      attributes["transferTargetSid"] = p.worker_sid;
      out["attributes"] = std::move(attributes);
      break;
    }
    case ManageStep::kReschedule:
      out["action"] = "reschedule";
      out["reason"] = p.reason;
      out["skipCancel"] = p.skip_cancel;
      out["requestId"] = p.request_id;
      out["scheduledFor"] = format_iso_instant(p.scheduled_for);
      out["task"] = successor_json(*task, t, p, *now);
      break;
  }
  return out;
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
