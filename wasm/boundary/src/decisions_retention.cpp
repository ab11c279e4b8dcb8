// The JSON door of voicemail retention (the Node module only): whether an
// ended task gets a retention record (and the record to hold), and what a
// wake-up of a record does (delete, wait, renew). The functions act on the
// answer; timers and renewals are the holds' (common/holds).
#include "cbvm/retention.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "decisions_holds.hpp"
#include "decisions_retention.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

constexpr std::string_view kName = "retentionPlan";
constexpr const char* kRecordKey = "voicemailRetention";
// Records and timers are not voice work: a channel no agent's capacity counts.
constexpr const char* kRecordChannel = "default";

json record_task(const std::string& workflow, json attributes, int64_t ttl, const std::string& key) {
  return json{{"workflowSid", workflow},
              {"taskChannel", kRecordChannel},
              {"timeout", ttl},
              {"priority", 0},
              {"attributes", std::move(attributes)},
              {"requestKey", key}};
}

json none(const std::string& why) { return json{{"action", "none"}, {"why", why}}; }

// What the deletion needs, from the record alone: TaskRouter deletes an ended
// task five minutes after it ends, long before the record is due.
json deletion_json(const json& retention, const std::string& reason) {
  return json{{"action", "delete"},
              {"taskSid", text_or_empty(Reader::member(&retention, "taskSid"))},
              {"recordingSid", text_or_empty(Reader::member(&retention, "recordingSid"))},
              {"transcriptSid", nonempty_text(Reader::member(&retention, "transcriptSid")).value_or("")},
              {"reason", reason}};
}

Answer plan_ended(Reader& r, const json& in, int64_t now) {
  const json* task = r.object(&in, "task", "task", true);
  const auto hours = r.integer(&in, "retentionHours", "retentionHours (VOICEMAIL_RETENTION_HOURS)", kMinRetentionHours, kMaxRetentionHours);
  auto hold_workflow = r.text(&in, "holdWorkflowSid", "holdWorkflowSid");
  auto ended_text = r.text(&in, "endedAt", "endedAt");
  if (auto s = r.status(); !s.ok()) return s.error();
  if (!hours) return none("retention is off (VOICEMAIL_RETENTION_HOURS is not set)");
  std::optional<int64_t> ended_at = now;
  if (ended_text) ended_at = parse_iso_instant(*ended_text);
  if (!ended_at) return bad_input(kName, "endedAt must be an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");

  const std::string sid = text_or_empty(Reader::member(task, "sid"));
  const json attributes = attributes_of(*task);
  const json* data = Reader::member(&attributes, "callBackData");
  EndedTask t;
  t.task_type = text_or_empty(Reader::member(&attributes, "taskType"));
  t.assignment_status = text_or_empty(Reader::member(task, "assignmentStatus"));
  t.reason = text_or_empty(Reader::member(task, "reason"));
  t.recording_sid = nonempty_text(Reader::member(data, "recordingSid"));
  const json* deleted = Reader::member(data, "isDeleted");
  t.recording_deleted = deleted != nullptr && deleted->is_boolean() && deleted->get<bool>();
  t.held = Reader::member(&attributes, "callbackHold") != nullptr;
  t.requeued = Reader::member(&attributes, "callbackRequeue") != nullptr;
  const std::string workflow = text_or_empty(Reader::member(task, "workflowSid"));
  t.in_hold_workflow = Reader::member(&attributes, kRecordKey) != nullptr ||
                       Reader::member(&attributes, "callbackHoldTimer") != nullptr ||
                       (hold_workflow && !hold_workflow->empty() && workflow == *hold_workflow);
  if (auto why = retention_not_needed(t)) return none("task " + sid + " needs no retention: " + *why);
  if (!is_sid(sid, "WT")) return bad_input(kName, "task.sid must be a TaskRouter task SID (WT followed by 32 hexadecimal characters).");
  if (!hold_workflow || hold_workflow->empty()) {
    return make_error(ErrorCode::kInvalidConfiguration,
                      "VOICEMAIL_RETENTION_HOURS is set, but no hold workflow is configured "
                      "(CALLBACK_HOLD_WORKFLOW_SID) to keep the due list of recordings to delete.");
  }
  const int64_t due = retention_due(*ended_at, *hours);
  json retention = {{"taskSid", sid},
                    {"recordingSid", *t.recording_sid},
                    {"endedAt", format_iso_instant(*ended_at)},
                    {"due", format_iso_instant(due)},
                    {"hours", *hours}};
  if (auto tr = nonempty_text(Reader::member(data, "transcriptSid")); tr && is_sid(*tr, "TR"))
    retention["transcriptSid"] = *tr;
  const std::string reason = "Deleted: the voicemail of " + sid + " was kept " + std::to_string(*hours) + " h";
  const HoldWake wake = hold_wake(now, due, std::nullopt);
  if (wake.action == HoldAction::Release) return deletion_json(retention, reason);
  return json{{"action", "hold"},
              {"due", format_iso_instant(due)},
              {"heldTask", record_task(*hold_workflow, json{{kRecordKey, std::move(retention)}},
                                       wake.held_ttl_seconds, "retention:" + sid)},
              {"timer", timer_json(wake)}};
}

Answer plan_wake(Reader& r, const json& in, int64_t now) {
  const WakeRequest wake = read_wake_request(r, in);
  if (auto s = r.status(); !s.ok()) return s.error();
  const json* held = wake.held;
  const bool expired = wake.expired;
  const bool has_timer = wake.has_timer;
  const bool from_sweep = wake.from_sweep;
  const std::string& sid = wake.sid;
  const json& attributes = wake.attributes;
  const json* retention = Reader::member(&attributes, kRecordKey);
  auto due = parse_iso_instant(text_or_empty(Reader::member(retention, "due")));
  const std::string task_sid = text_or_empty(Reader::member(retention, "taskSid"));
  const std::string recording_sid = text_or_empty(Reader::member(retention, "recordingSid"));
  if (!due || task_sid.empty() || !is_sid(recording_sid, "RE")) return none("task " + sid + " is not a retention record");

  RetentionRecord record;
  record.due = *due;
  record.assignment_status = text_or_empty(Reader::member(held, "assignmentStatus"));
  record.claimed_at = parse_iso_instant(text_or_empty(Reader::member(retention, "claimedAt")));
  record.created_at = parse_iso_instant(text_or_empty(Reader::member(held, "dateCreated")));
  auto ttl = integral(Reader::member(held, "timeout"));
  if (record.created_at && ttl) record.ends_at = *record.created_at + *ttl * 1000;
  const RetentionWake w = retention_wake(record, now, expired, has_timer, from_sweep);
  const std::string hours = std::to_string(integral(Reader::member(retention, "hours")).value_or(0));
  switch (w.action) {
    case RetentionAction::kNone:
      return none("retention record " + sid + ": " + w.why);
    case RetentionAction::kDelete: {
      json out = deletion_json(*retention, "Deleted: the voicemail of " + task_sid + " was kept " + hours + " h");
      out["cancelHeld"] = !expired;
      if (!expired) {
        // The claim: only one wake-up passes this If-Match update at this revision.
        json claim = attributes;
        claim[kRecordKey]["claimedAt"] = format_iso_instant(now);
        out["claim"] = std::move(claim);
      }
      return out;
    }
    case RetentionAction::kWait:
      return json{{"action", "wait"}, {"timer", timer_json(w.wake)}};
    case RetentionAction::kRenew:
      break;
  }
  json renewed_attributes = attributes;
  renewed_attributes.erase("callbackRequestId");
  renewed_attributes[kRecordKey].erase("claimedAt");
  const std::string workflow = text_or_empty(Reader::member(held, "workflowSid"));
  return json{{"action", "renew"},
              {"heldTask", record_task(workflow, std::move(renewed_attributes), w.wake.held_ttl_seconds,
                                       "retention:" + task_sid + ":" + sid)},
              {"timer", timer_json(w.wake)},
              {"cancelHeld", !expired},
              {"reason", "Renewed: the voicemail of " + task_sid + " is kept until " + format_iso_instant(*due)}};
}

}  // namespace

Answer retention_plan_decision(const json& in) {
  Reader r(kName);
  auto now_text = r.text(&in, "now", "now");
  auto phase = r.text(&in, "phase", "phase");
  if (auto s = r.status(); !s.ok()) return s.error();
  auto now = now_text ? parse_iso_instant(*now_text) : std::nullopt;
  if (!now) return bad_input(kName, "now is required: an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
  if (phase == "ended") return plan_ended(r, in, *now);
  if (phase == "wake") return plan_wake(r, in, *now);
  return bad_input(kName, "phase must be \"ended\" or \"wake\".");
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
