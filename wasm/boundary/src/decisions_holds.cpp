// The JSON door of holding callbacks until due (the Node module only): what a
// callback request does (create now, or hold), and what a wake-up does to a
// held task (release, wait, renew). The functions act on the answer.
#include "cbvm/calling_window.hpp"
#include "cbvm/holds.hpp"
#include "cbvm/time.hpp"
#include "decisions.hpp"
#include "decisions_holds.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

constexpr int64_t kDefaultHorizonDays = 30;
// A release is searched for among the callback workflow's tasks created since
// shortly before the due time (a release never happens earlier).
constexpr int64_t kReleaseSearchSlackMs = 2 * 60 * 1000;
// A Function lives at most 10 s; a claim older than this was abandoned.
constexpr int64_t kClaimLifetimeMs = 60 * 1000;

std::optional<int64_t> instant_at(Reader& r, const json& in, std::string_view key) {
  auto text = r.text(&in, key, key);
  if (!r.status().ok()) return std::nullopt;
  std::optional<int64_t> at = text ? parse_iso_instant(*text) : std::nullopt;
  if (!at) r.fail(std::string(key) + " is required: an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
  return at;
}

// The window the request is checked against: the configured one, else one
// always open (a scheduled time then needs only to be ahead and within the horizon).
Result<CallingWindow> window_or_always_open(Reader& r, const json& in) {
  if (Reader::member(&in, "window") != nullptr) return window_from(r, in);
  CallingWindowSpec always;
  always.time_zone = "UTC";
  for (auto& day : always.weekly) day.emplace_back("00:00", "24:00");
  return calling_window(always);
}

// The held task: the callback's attributes and what its release needs.
json held_task_json(const json& task, const std::string& hold_workflow, const json& hold, int64_t ttl,
                    const std::string& key) {
  json attributes = task.value("attributes", json::object());
  attributes["callbackHold"] = hold;
  return json{{"workflowSid", hold_workflow},
              {"taskChannel", task.value("taskChannel", "voice")},
              {"timeout", ttl},
              {"priority", task.value("priority", 0)},
              {"attributes", std::move(attributes)},
              {"requestKey", key}};
}

Answer plan_request(Reader& r, const json& in, int64_t now) {
  const json* task = r.object(&in, "task", "task", true);
  auto hold_workflow = r.text(&in, "holdWorkflowSid", "holdWorkflowSid");
  auto request_key = r.text(&in, "requestKey", "requestKey");
  const int64_t horizon =
      r.integer(&in, "horizonDays", "horizonDays", 1, kMaxHorizonDays).value_or(kDefaultHorizonDays);
  if (auto s = r.status(); !s.ok()) return s.error();
  auto window = window_or_always_open(r, in);
  if (!window.ok()) return window.error();
  json out_task = *task;
  json& attributes = out_task["attributes"];
  if (!attributes.is_object()) attributes = json::object();
  const json* data = Reader::member(&attributes, "callBackData");
  // The request's scheduledFor (create-callback), else the one the IVR wrote.
  const json* scheduled_text = Reader::member(&in, "scheduledFor");
  if (scheduled_text == nullptr) scheduled_text = Reader::member(data, "scheduledFor");
  const bool has_window = Reader::member(&in, "window") != nullptr;
  std::optional<int64_t> scheduled;
  if (scheduled_text != nullptr) {
    if (!scheduled_text->is_string()) {
      return make_error(ErrorCode::kInvalidParameter,
                        "scheduledFor must be an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
    }
    auto at = scheduled_instant(window.value(), scheduled_text->get<std::string>());
    if (!at.ok()) return at.error();
    scheduled = at.value();
  }
  if (!scheduled && !has_window) return json{{"action", "create"}, {"task", std::move(out_task)}};
  auto due = callback_due(window.value(), now, scheduled, static_cast<int>(horizon));
  if (!due.ok()) return due.error();
  if (scheduled) {
    if (!attributes["callBackData"].is_object()) attributes["callBackData"] = json::object();
    attributes["callBackData"]["scheduledFor"] = format_iso_instant(due.value());
  }
  const HoldWake wake = hold_wake(now, due.value(), std::nullopt);
  if (wake.action == HoldAction::Release) return json{{"action", "create"}, {"task", std::move(out_task)}};
  if (!hold_workflow || hold_workflow->empty()) {
    return make_error(ErrorCode::kInvalidConfiguration,
                      "This callback is due at " + format_iso_instant(due.value()) +
                          " and must be held until then, but no hold workflow is configured "
                          "(CALLBACK_HOLD_WORKFLOW_SID).");
  }
  if (!request_key || request_key->empty()) r.fail("requestKey is required to hold a callback.");
  if (auto s = r.status(); !s.ok()) return s.error();
  int64_t requested_at = now;
  if (const json* vst = Reader::member(&out_task, "virtualStartTime"); vst != nullptr && vst->is_string()) {
    if (auto at = parse_iso_instant(vst->get<std::string>())) requested_at = *at;
  }
  json release = {{"workflowSid", out_task.value("workflowSid", "")},
                  {"taskChannel", out_task.value("taskChannel", "voice")},
                  {"timeout", out_task.value("timeout", 86400)},
                  {"priority", out_task.value("priority", 0)}};
  json hold = {{"due", format_iso_instant(due.value())},
               {"requestedAt", format_iso_instant(requested_at)},
               {"requestKey", *request_key},
               {"release", std::move(release)}};
  return json{{"action", "hold"},
              {"due", format_iso_instant(due.value())},
              {"heldTask", held_task_json(out_task, *hold_workflow, hold, wake.held_ttl_seconds, "held:" + *request_key)},
              {"timer", timer_json(wake)}};
}

json none(const std::string& why) { return json{{"action", "none"}, {"why", why}}; }

Answer plan_wake(Reader& r, const json& in, int64_t now) {
  WakeRequest w = read_wake_request(r, in);
  if (auto s = r.status(); !s.ok()) return s.error();
  const json* held = w.held;
  const bool expired = w.expired;
  const bool has_timer = w.has_timer;
  const bool from_sweep = w.from_sweep;
  const std::string& sid = w.sid;
  const std::string status = text_or_empty(Reader::member(held, "assignmentStatus"));
  json attributes = std::move(w.attributes);
  const json* hold = Reader::member(&attributes, "callbackHold");
  const json* release = Reader::member(hold, "release");
  auto due = parse_iso_instant(text_or_empty(Reader::member(hold, "due")));
  auto requested_at = parse_iso_instant(text_or_empty(Reader::member(hold, "requestedAt")));
  const std::string key = text_or_empty(Reader::member(hold, "requestKey"));
  if (!due || !requested_at || key.empty() || release == nullptr || !release->is_object()) {
    return none("task " + sid + " is not a held callback");
  }
  if (!expired && status != "pending") return none("held task " + sid + " is " + status + ": released already");
  // A release claims the held task first (an If-Match update): a claim younger
  // than a Function's lifetime is another wake-up at work.
  auto claimed_at = parse_iso_instant(text_or_empty(Reader::member(hold, "claimedAt")));
  if (!expired && claimed_at && now - *claimed_at < kClaimLifetimeMs && now >= *claimed_at) {
    return none("held task " + sid + " is being released");
  }
  std::optional<int64_t> ends_at;
  auto created = parse_iso_instant(text_or_empty(Reader::member(held, "dateCreated")));
  auto ttl = integral(Reader::member(held, "timeout"));
  if (!expired && created && ttl) ends_at = *created + *ttl * 1000;
  // The sweep leaves a held task made within the last minute: its first timer may still be on its way.
  if (from_sweep && !has_timer && created && now - *created < kClaimLifetimeMs && now < *due) {
    return none("held task " + sid + " was just made");
  }
  const HoldWake wake = hold_wake(now, *due, expired ? std::nullopt : std::optional<int64_t>(ends_at.value_or(0)));
  const bool cancel_held = !expired;
  if (wake.action == HoldAction::Release) {
    json out_attributes = attributes;
    out_attributes.erase("callbackHold");
    json task = {{"workflowSid", release->value("workflowSid", "")},
                 {"taskChannel", release->value("taskChannel", "voice")},
                 {"timeout", release->value("timeout", 86400)},
                 {"priority", release->value("priority", 0)},
                 {"attributes", std::move(out_attributes)},
                 {"virtualStartTime", format_iso_instant(release_virtual_start(*requested_at, now))},
                 {"requestKey", "release:" + key}};
    json claim = attributes;
    claim["callbackHold"]["claimedAt"] = format_iso_instant(now);
    json out = json{{"action", "release"},
                {"task", std::move(task)},
                {"since", format_iso_instant(*due - kReleaseSearchSlackMs)},
                {"cancelHeld", cancel_held},
                {"reason", "Released: the callback is due (" + format_iso_instant(*due) + ")"}};
    if (cancel_held) out["claim"] = std::move(claim);
    return out;
  }
  if (wake.action == HoldAction::Wait) {
    if (has_timer) return none("held task " + sid + " has a timer");
    return json{{"action", "wait"}, {"timer", timer_json(wake)}};
  }
  json task = {{"workflowSid", text_or_empty(Reader::member(held, "workflowSid"))},
               {"taskChannel", text_or_empty(Reader::member(held, "taskChannelUniqueName"))},
               {"priority", 0},
               {"attributes", attributes}};
  if (task["taskChannel"] == "") task["taskChannel"] = "voice";
  if (auto p = integral(Reader::member(held, "priority"))) task["priority"] = *p;
  json out_hold = *hold;
  return json{{"action", "renew"},
              {"heldTask", held_task_json(task, task["workflowSid"].get<std::string>(), out_hold,
                                          wake.held_ttl_seconds, "held:" + key + ":" + sid)},
              {"timer", timer_json(wake)},
              {"cancelHeld", cancel_held},
              {"reason", "Renewed: held in a new task until " + format_iso_instant(*due)}};
}

}  // namespace

WakeRequest read_wake_request(Reader& r, const json& in) {
  WakeRequest w;
  w.held = r.object(&in, "held", "held", true);
  w.expired = r.boolean(&in, "expired", "expired").value_or(false);
  w.has_timer = r.boolean(&in, "hasTimer", "hasTimer").value_or(false);
  w.from_sweep = r.boolean(&in, "fromSweep", "fromSweep").value_or(false);
  if (w.held != nullptr) {
    w.sid = text_or_empty(Reader::member(w.held, "sid"));
    w.attributes = attributes_of(*w.held);
  }
  return w;
}

json timer_json(const HoldWake& wake) {
  return json{{"timeout", wake.timer_seconds}, {"wakeAt", format_iso_instant(wake.wake_at)}};
}

Answer hold_plan_decision(const json& in) {
  Reader r("holdPlan");
  auto now = instant_at(r, in, "now");
  auto phase = r.text(&in, "phase", "phase");
  if (auto s = r.status(); !s.ok()) return s.error();
  if (phase == "request") return plan_request(r, in, *now);
  if (phase == "wake") return plan_wake(r, in, *now);
  return bad_input("holdPlan", "phase must be \"request\" or \"wake\".");
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
