// Building a callback or voicemail task: the one rule create and requeue share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/attributes.hpp"
#include "cbvm/result.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

// The `callBackData` a task carries. Text that is absent, empty or not text
// is nullopt.
struct CallbackData {
  std::optional<std::string> number_to_call;
  std::optional<std::string> number_to_call_from;
  std::optional<std::string> recording_sid;
  std::optional<std::string> recording_url;
  std::optional<std::string> transcript_sid;
  std::optional<std::string> transcript_text;
  std::optional<std::string> utc_date_time_received;
  std::optional<std::string> main_time_zone;
  std::optional<int64_t> attempts;  // an integral number, or text that reads as one
  // The attempts value as written when it is present but no whole number
  // (2.5, 1e300, "two", an object): a requeue refuses it rather than restart at 1.
  std::optional<std::string> attempts_unreadable;
  bool is_deleted = false;          // true only when it is JSON true
};

// The task a callback derives from: the callback being requeued, or the call
// task a caller left the queue from. Text that is absent or empty is nullopt.
struct OriginalTask {
  std::string sid;
  std::optional<std::string> workflow_sid;
  std::optional<int64_t> timeout;
  std::optional<int64_t> priority;
  std::optional<std::string> task_channel;
  std::optional<std::string> date_created;
  // What the rule reads of its attributes.
  std::string task_type;                       // attributes.taskType, "" when absent
  CallbackData callback_data;                  // attributes.callBackData (all absent unless an object)
  std::optional<std::string> conversation_id;  // attributes.conversations.conversation_id
};

// Server configuration the rule reads.
struct CallbackConfig {
  std::optional<std::string> default_workflow_sid;  // TWILIO_FLEX_CALLBACK_WORKFLOW_SID
  std::string main_time_zone = "UTC";               // the contact centre's IANA zone
  std::optional<int> max_attempts;                  // refuse requeues beyond it
  std::string default_region;  // CALLBACK_DEFAULT_REGION: where national numbers are read
};

// The `callBackData` the new task carries. The recording and transcript
// members are written only when they have a value: as in the old feature, a
// callback without a recording has none of those keys, and workflows test for
// their presence.
struct CallbackDataOut {
  std::string number_to_call;
  std::string number_to_call_from;
  int64_t attempts = 0;
  std::string main_time_zone;
  std::string utc_date_time_received;
  std::optional<std::string> recording_sid;
  std::optional<std::string> recording_url;
  std::optional<std::string> transcript_sid;
  std::optional<std::string> transcript_text;
  bool is_deleted = false;
  bool transcript_truncated = false;  // written only when true
  // The caller chose voicemail and the call ended before a recording existed:
  // the task is a callback instead. Written only when true.
  bool voicemail_abandoned = false;
};

// The task to create. Its attributes are the original's (none for a first
// request), changed by `attributes`, with `callBackData` set to `callback_data`.
struct CallbackTaskSpec {
  std::string workflow_sid;
  std::string task_channel;
  int64_t timeout = 0;
  int64_t priority = 0;
  AttributePatch attributes;
  CallbackDataOut callback_data;
  std::optional<std::string> virtual_start_time;
  // The natural key of the request, so that a repeat finds the task instead of
  // making another: the same recording never makes two voicemails (Twilio
  // retries its callbacks), the same call never makes two callbacks, and other
  // callers may name their request.
  std::optional<std::string> request_key;
};

// Returns the task to create. Each value is the request's, else the
// original's, else the default. The original's attributes are kept, less the
// ones that tie it to its call, with the callback's own set over them.
// Attempts count up only from an original that is itself a callback or
// voicemail (one without `attempts` counts as 0), and such a requeue beyond
// config.max_attempts is refused. `now` (an ISO instant) stamps the
// reception time of a first request.
Result<CallbackTaskSpec> decide_callback_task(const CallbackRequest& request,
                                              const OriginalTask* original,
                                              const CallbackConfig& config, std::string_view now);

// A task found carrying a request's key, after a keyed create.
struct KeyedTask {
  std::string sid;
  std::optional<int64_t> created_ms;  // nullopt when TaskRouter's dateCreated was unreadable
  std::string assignment_status;
};

struct KeyedSettlement {
  std::string keep;                 // the request's task: the one every creator keeps
  std::vector<std::string> cancel;  // the others still waiting (pending or reserved)
  std::string cancel_reason;        // the reason they are canceled with: kDuplicateReasonPrefix + keep
};

// How a canceled duplicate's reason begins; retention reads it (its kept task carries the recording).
inline constexpr std::string_view kDuplicateReasonPrefix = "Duplicate of ";

// Requests with one key that raced (both searched, neither found, both
// created) leave a task each. Every creator searches for its key after its
// create and settles on the same task: the first created (dateCreated, then
// SID; an unreadable date counts as last), so the last creator, which sees
// them all, leaves exactly one. The others are canceled only while they wait:
// a task an agent already took is left to them. `tasks` is never empty; `key`
// (the request's natural key, may be empty) is named in the cancel reason.
KeyedSettlement settle_keyed_tasks(const std::vector<KeyedTask>& tasks, std::string_view key = {});

}  // namespace cbvm
