#include "cbvm/one_per_customer.hpp"

#include <algorithm>
#include <cstdio>

#include "cbvm/tz.hpp"

namespace cbvm {
namespace {

bool is_open(const std::string& status) { return status == "pending" || status == "reserved"; }

MergeStep claim(const MergeInput& in, const std::string& key, MergeAction action, std::string reason) {
  MergeStep s;
  s.action = action;
  s.key = key;
  s.ttl_seconds = std::max<int64_t>(in.task_timeout_seconds, 0) + kIndexTtlSlackSeconds;
  if (action == MergeAction::kTakeOver && in.entry) s.revision = in.entry->revision;
  s.reason = std::move(reason);
  return s;
}

std::string local_text(const std::string& zone, int64_t at) {
  auto rule = zone_rule(zone.empty() ? "UTC" : zone);
  if (!rule) rule = zone_rule("UTC");
  if (!rule) return "";
  const LocalDateTime l = to_local(*rule, at).local;
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d", static_cast<int>(l.year), static_cast<int>(l.month),
                static_cast<int>(l.day), static_cast<int>(l.hour), static_cast<int>(l.minute));
  return out;
}

}  // namespace

std::string callback_index_key(const std::string& workflow_sid, const std::string& e164) {
  if (workflow_sid.empty() || e164.size() < 3 || e164.size() > 16 || e164[0] != '+') return "";
  for (size_t i = 1; i < e164.size(); ++i) {
    if (e164[i] < '0' || e164[i] > '9') return "";
  }
  return workflow_sid + "_" + e164.substr(1);
}

MergeStep merge_step(const MergeInput& in) {
  MergeStep s;
  if (!in.enabled) {
    s.reason = "one callback per customer is off";
    return s;
  }
  if (in.task_type != "callback") {
    // A voicemail is a message an agent must hear: it is never merged away.
    s.reason = "a voicemail is its own task";
    return s;
  }
  const std::string key = callback_index_key(in.workflow_sid, in.number_to_call);
  if (key.empty()) {
    s.reason = "the number to call is not an E.164 number, so it is not indexed";
    return s;
  }
  if (!in.entry) return claim(in, key, MergeAction::kClaim, "claiming the number");
  const IndexEntry& e = *in.entry;
  if (e.task_sid.empty()) {
    // A claim of this very request's key is waited on too: it is the same
    // request sent twice at once, and its keyed create finds the one task.
    const bool expired = !e.claimed_at || in.now - *e.claimed_at > kIndexClaimLeaseMs;
    if (expired)
      return claim(in, key, MergeAction::kTakeOver, "the number's claim expired before its task was recorded");
    if (in.waited_ms >= kIndexMaxWaitMs) {
      s.action = MergeAction::kBusy;
      s.reason = "another request for the number is still creating its callback";
      return s;
    }
    s.action = MergeAction::kWait;
    s.wait_ms = kIndexWaitStepMs;
    s.reason = "another request for the number is creating its callback";
    return s;
  }
  if (!in.task_read) {
    s.action = MergeAction::kReadTask;
    s.task_sid = e.task_sid;
    s.reason = "checking the number's callback is still open";
    return s;
  }
  if (!in.task) return claim(in, key, MergeAction::kTakeOver, "the indexed task " + e.task_sid + " no longer exists");
  const IndexedTask& t = *in.task;
  if (t.sid != e.task_sid || t.workflow_sid != in.workflow_sid || t.task_type != "callback")
    return claim(in, key, MergeAction::kTakeOver, "the indexed task " + e.task_sid + " is not this workflow's callback");
  if (!is_open(t.assignment_status))
    return claim(in, key, MergeAction::kTakeOver,
                 "the indexed task " + e.task_sid + " is " + (t.assignment_status.empty() ? "unknown" : t.assignment_status));
  s.task_sid = t.sid;
  if (!in.request_key.empty() && t.request_id == in.request_key) {
    s.action = MergeAction::kExisting;
    s.reason = "the open callback is this request's own";
    return s;
  }
  s.action = MergeAction::kMerge;
  s.record = in.request_key.empty() ||
             std::find(t.merged_keys.begin(), t.merged_keys.end(), in.request_key) == t.merged_keys.end();
  s.merged = MergedRequest{in.now, in.source, in.request_key, in.number_to_call_from};
  s.scheduled_for = t.scheduled_for;
  if (t.scheduled_for) s.scheduled_local = local_text(t.time_zone, *t.scheduled_for);
  s.reason = s.record ? "merged into the open callback " + t.sid
                      : "already merged into the open callback " + t.sid;
  return s;
}

bool clears_index_entry(const IndexEntry& entry, const std::string& ended_task_sid) {
  return !ended_task_sid.empty() && entry.task_sid == ended_task_sid;
}

}  // namespace cbvm
