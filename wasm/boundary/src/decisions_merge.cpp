// The JSON door of one open callback per customer (the Node module only).
#include "cbvm/one_per_customer.hpp"
#include "cbvm/time.hpp"
#include "decisions.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

constexpr const char* kActions[] = {"create", "claim", "readTask", "wait", "takeOver", "merge", "existing", "busy"};

// An index item as the Sync API answers it: { data: { taskSid, claimedBy, claimedAt }, revision }.
IndexEntry entry_from(Reader& r, const json& item) {
  IndexEntry e;
  const json* data = r.object(&item, "data", "entry.data", false);
  e.task_sid = r.text(data, "taskSid", "entry.data.taskSid").value_or("");
  e.claimed_by = r.text(data, "claimedBy", "entry.data.claimedBy").value_or("");
  if (auto at = r.text(data, "claimedAt", "entry.data.claimedAt")) e.claimed_at = parse_iso_instant(*at);
  e.revision = r.text(&item, "revision", "entry.revision").value_or("");
  return e;
}

IndexedTask indexed_task_from(const json& task) {
  IndexedTask t;
  t.sid = text_or_empty(Reader::member(&task, "sid"));
  t.assignment_status = text_or_empty(Reader::member(&task, "assignmentStatus"));
  if (t.assignment_status.empty()) t.assignment_status = text_or_empty(Reader::member(&task, "assignment_status"));
  t.workflow_sid = text_or_empty(Reader::member(&task, "workflowSid"));
  if (t.workflow_sid.empty()) t.workflow_sid = text_or_empty(Reader::member(&task, "workflow_sid"));
  const json attrs = attributes_of(task);
  t.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  t.request_id = text_or_empty(Reader::member(&attrs, "callbackRequestId"));
  const json* data = Reader::member(&attrs, "callBackData");
  if (const json* merged = Reader::member(data, "mergedRequests"); merged != nullptr && merged->is_array()) {
    for (const json& m : *merged) {
      if (auto key = nonempty_text(Reader::member(&m, "requestKey"))) t.merged_keys.push_back(*key);
    }
  }
  if (auto at = nonempty_text(Reader::member(data, "scheduledFor"))) t.scheduled_for = parse_iso_instant(*at);
  t.time_zone = text_or_empty(Reader::member(data, "mainTimeZone"));
  // A callback held until due (holds.hpp) stands for the callback it releases:
  // indexed under the workflow it is released into, with its request's key.
  if (const json* hold = Reader::member(&attrs, "callbackHold"); hold != nullptr && hold->is_object()) {
    if (auto wf = nonempty_text(Reader::member(Reader::member(hold, "release"), "workflowSid"))) t.workflow_sid = *wf;
    if (auto key = nonempty_text(Reader::member(hold, "requestKey"))) t.request_id = *key;
  }
  return t;
}

// The task's attributes with the merged request appended (the newest
// kMaxMergedRequests kept).
json merged_attributes(const json& task, const MergedRequest& m) {
  json attrs = attributes_of(task);
  json& data = attrs["callBackData"];
  if (!data.is_object()) data = json::object();
  json& list = data["mergedRequests"];
  if (!list.is_array()) list = json::array();
  json entry = {{"at", format_iso_instant(m.at)}, {"source", m.source}};
  if (!m.request_key.empty()) entry["requestKey"] = m.request_key;
  if (!m.number_to_call_from.empty()) entry["numberToCallFrom"] = m.number_to_call_from;
  list.push_back(std::move(entry));
  while (list.size() > kMaxMergedRequests) list.erase(list.begin());
  return attrs;
}

}  // namespace

Answer merge_callback_decision(const json& in) {
  constexpr std::string_view kDecision = "mergeCallback";
  Reader r(kDecision);
  MergeInput m;
  m.enabled = r.boolean(&in, "enabled", "enabled").value_or(false);
  const json* request = r.object(&in, "request", "request", true);
  const json* attrs = r.object(request, "attributes", "request.attributes", request != nullptr);
  const json* data = r.object(attrs, "callBackData", "request.attributes.callBackData", false);
  m.task_type = r.text(attrs, "taskType", "request.attributes.taskType").value_or("");
  m.number_to_call = r.text(data, "numberToCall", "request.attributes.callBackData.numberToCall").value_or("");
  m.number_to_call_from =
      r.text(data, "numberToCallFrom", "request.attributes.callBackData.numberToCallFrom").value_or("");
  m.workflow_sid = r.text(request, "workflowSid", "request.workflowSid").value_or("");
  m.task_timeout_seconds = r.integer(request, "timeout", "request.timeout", 1, 2592000).value_or(86400);
  m.request_key = r.text(&in, "requestKey", "requestKey").value_or("");
  m.source = r.text(&in, "source", "source").value_or("");
  m.waited_ms = r.integer(&in, "waitedMs", "waitedMs", 0, 600000).value_or(0);
  auto now = r.text(&in, "now", "now");
  if (const json* entry = r.object(&in, "entry", "entry", false)) m.entry = entry_from(r, *entry);
  if (auto it = in.find("task"); it != in.end()) {
    m.task_read = true;
    if (it->is_object()) m.task = indexed_task_from(*it);
    else if (!it->is_null()) r.fail("task must be the indexed task as fetched, or null when it was not found.");
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kDecision, "now must be an ISO-8601 instant.");
  m.now = *now_ms;

  const MergeStep step = merge_step(m);
  json out = {{"action", kActions[static_cast<int>(step.action)]}, {"reason", step.reason}};
  switch (step.action) {
    case MergeAction::kClaim:
    case MergeAction::kTakeOver:
      out["key"] = step.key;
      out["ttl"] = step.ttl_seconds;
      // What the item holds while the task is made; its SID is added once it exists.
      out["claim"] = {{"claimedBy", m.request_key}, {"claimedAt", format_iso_instant(m.now)},
                      {"workflowSid", m.workflow_sid}, {"numberToCall", m.number_to_call}};
      if (step.action == MergeAction::kTakeOver) out["revision"] = step.revision;
      break;
    case MergeAction::kReadTask:
    case MergeAction::kExisting:
      out["taskSid"] = step.task_sid;
      break;
    case MergeAction::kWait:
      out["waitMs"] = step.wait_ms;
      break;
    case MergeAction::kMerge: {
      out["taskSid"] = step.task_sid;
      out["record"] = step.record;
      if (step.record) out["attributes"] = merged_attributes(*in.find("task"), step.merged);
      std::string message = "A callback to " + m.number_to_call + " is already booked (task " + step.task_sid + ")";
      if (step.scheduled_for) {
        out["scheduledFor"] = format_iso_instant(*step.scheduled_for);
        out["scheduledLocal"] = step.scheduled_local;
        message += " for " + step.scheduled_local;
      }
      out["message"] = message + "; this request was added to it.";
      break;
    }
    case MergeAction::kCreate:
    case MergeAction::kBusy:
      break;
  }
  return out;
}

Answer callback_index_ended_decision(const json& in) {
  constexpr std::string_view kDecision = "callbackIndexEnded";
  Reader r(kDecision);
  const json* task = r.object(&in, "task", "task", true);
  const json* entry = r.object(&in, "entry", "entry", false);
  std::optional<IndexEntry> e;
  if (entry != nullptr) e = entry_from(r, *entry);
  if (auto s = r.status(); !s.ok()) return s.error();
  const IndexedTask t = indexed_task_from(*task);
  const json attrs = attributes_of(*task);
  const std::string number = text_or_empty(Reader::member(Reader::member(&attrs, "callBackData"), "numberToCall"));
  const std::string key = t.task_type == "callback" ? callback_index_key(t.workflow_sid, number) : "";
  // A requeued callback's successor takes the item over instead of it being cleared.
  const std::string successor = r.text(&in, "successorSid", "successorSid").value_or("");
  if (auto s = r.status(); !s.ok()) return s.error();
  json out = {{"key", key.empty() ? json(nullptr) : json(key)}, {"clear", false}};
  if (e && !key.empty() && clears_index_entry(*e, t.sid)) {
    if (successor.empty()) out["clear"] = true;
    else out["moveTo"] = successor;
    out["revision"] = e->revision;
  }
  return out;
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
