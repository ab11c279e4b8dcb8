// One open callback per customer: a second callback request for a number that
// already has an open callback in the same workflow is merged into it.
//
// The lookup is an index the product owns (a Twilio Sync map), one item per
// number and workflow, never TaskRouter's EvaluateTaskAttributes filter (three
// requests a second per account). The protocol, decided here step by step:
//   1. kClaim: create the item for the key with this request's claim (Sync
//      refuses a second create of a key with 409, so of two requests at once
//      exactly one claims); the claimer creates the task and records its SID
//      on the item (If-Match on the item's revision).
//   2. A request whose create was refused reads the item and asks again:
//      an item naming a task → kReadTask, then kMerge into it while it is open
//      (the request is recorded on it, If-Match on the task's ETag), kExisting
//      when the task is this very request's (a retry);
//      an item naming a task that ended, is gone or belongs elsewhere is stale
//      (TaskRouter does not retry the event callback that clears it) → kTakeOver:
//      replace it with this request's claim (If-Match on the revision read),
//      then create as in 1;
//      an item still being claimed → kWait and read again, until its claim is
//      older than a function may live (kTakeOver) or this request has waited
//      too long (kBusy: the caller sends again).
// Voicemails are never merged: kCreate, as with the option off.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cbvm {

// A claim without a task this old was left by a function that stopped (a
// function lives at most 10 s): it no longer blocks the number.
inline constexpr int64_t kIndexClaimLeaseMs = 20 * 1000;
// A request waits for another's claim in steps of this, at most kIndexMaxWaitMs.
inline constexpr int64_t kIndexWaitStepMs = 250;
inline constexpr int64_t kIndexMaxWaitMs = 4000;
// At most this many merged requests are kept on a task (the newest).
inline constexpr size_t kMaxMergedRequests = 20;
// An item outlives its task's timeout by a day: a missed end event cannot
// leave it behind for ever.
inline constexpr int64_t kIndexTtlSlackSeconds = 86400;

// The index item of a number, as read.
struct IndexEntry {
  std::string task_sid;    // "" while its claimer is creating the task
  std::string claimed_by;  // the claimer's request key
  std::optional<int64_t> claimed_at;
  std::string revision;
};

// The task an index item names, as fetched.
struct IndexedTask {
  std::string sid;
  std::string assignment_status;
  std::string workflow_sid;
  std::string task_type;
  std::string request_id;                 // attributes.callbackRequestId
  std::vector<std::string> merged_keys;   // callBackData.mergedRequests[].requestKey
  std::optional<int64_t> scheduled_for;   // callBackData.scheduledFor
  std::string time_zone;                  // callBackData.mainTimeZone
};

struct MergeInput {
  bool enabled = false;
  std::string task_type;         // of the request: callback or voicemail
  std::string number_to_call;    // E.164 as the request was normalised
  std::string number_to_call_from;
  std::string workflow_sid;
  std::string request_key;       // the request's key (natural, given or fresh)
  std::string source;            // who asked: "studio", "wait-experience", …
  int64_t task_timeout_seconds = 86400;
  int64_t now = 0;
  int64_t waited_ms = 0;         // spent waiting for another's claim so far
  std::optional<IndexEntry> entry;        // nullopt: not read, or read and absent
  bool task_read = false;
  std::optional<IndexedTask> task;        // nullopt when read and not found
};

enum class MergeAction { kCreate, kClaim, kReadTask, kWait, kTakeOver, kMerge, kExisting, kBusy };

// What is recorded on the open callback for a merged request.
struct MergedRequest {
  int64_t at = 0;
  std::string source;
  std::string request_key;
  std::string number_to_call_from;
};

struct MergeStep {
  MergeAction action = MergeAction::kCreate;
  std::string key;         // the index key (kClaim, kTakeOver)
  std::string revision;    // kTakeOver: the item's revision to replace
  int64_t ttl_seconds = 0; // kClaim, kTakeOver
  std::string task_sid;    // kReadTask, kMerge, kExisting
  int64_t wait_ms = 0;     // kWait
  bool record = false;     // kMerge: write `merged` (false: already recorded)
  MergedRequest merged;
  std::optional<int64_t> scheduled_for;  // kMerge: when the open callback is scheduled
  std::string scheduled_local;           // … as "YYYY-MM-DD HH:MM" in its zone
  std::string reason;      // a sentence for the log
};

// Returns the index key of a number in a workflow ("WW…_15551234567"), or ""
// when the number is not an E.164 number (a SIP address is never merged).
std::string callback_index_key(const std::string& workflow_sid, const std::string& e164);

// Returns the next step of a callback request (see the protocol above).
MergeStep merge_step(const MergeInput& in);

// Returns whether the index item should be removed when `ended_task_sid` ends
// (or, when it is requeued, be handed to its successor): only when it still
// names that task (a newer callback may hold the key).
bool clears_index_entry(const IndexEntry& entry, const std::string& ended_task_sid);

}  // namespace cbvm
