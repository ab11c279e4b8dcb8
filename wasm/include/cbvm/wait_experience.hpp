// The in-queue wait experience as a state machine:
//   (mode, request parameters, options, lookup results) → plan
// A plan is what the caller hears (TwiML verbs as data) plus the side effects
// the handler performs in order. When the core needs data from Twilio first,
// the plan says so in `needs`; the handler fetches it and asks again with the
// result in `lookups`. When an effect fails, the handler asks again with
// `lookups.failure` and follows the recovery plan instead.
//
// A page of pending tasks may be handed over whole (`{page, tasks, hasMore}`)
// or, when many calls share one page, as this call's entry of the page's
// index (`{page, hasMore, taskSid, oldestDateCreated}`, see index_pending_tasks).
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cbvm/callback_task.hpp"
#include "cbvm/result.hpp"
#include "cbvm/wire.hpp"

namespace cbvm {

namespace mode {
inline constexpr const char* kInitialize = "initialize";
inline constexpr const char* kMainWaitLoop = "main-wait-loop";
inline constexpr const char* kHandleInitialChoice = "handle-initial-choice";
inline constexpr const char* kHandleMenuChoice = "handle-menu-choice";
inline constexpr const char* kRequestCallback = "request-callback";
inline constexpr const char* kHandleCallbackChoice = "handle-callback-choice";
inline constexpr const char* kRequestCallbackNumber = "request-callback-number";
inline constexpr const char* kConfirmCallbackNumber = "confirm-callback-number";
inline constexpr const char* kHandleConfirmCallbackNumber = "handle-confirm-callback-number";
inline constexpr const char* kSubmitCallback = "submit-callback";
inline constexpr const char* kRequestVoicemail = "request-voicemail";
inline constexpr const char* kRecordVoicemail = "record-voicemail";
inline constexpr const char* kVoicemailRecorded = "voicemail-recorded";
inline constexpr const char* kSubmitVoicemail = "submit-voicemail";
}  // namespace mode

inline constexpr std::string_view kDefaultVoice = "Polly.Joanna";
inline constexpr std::string_view kDefaultLanguage = "en-US";
inline constexpr std::string_view kDefaultHoldMusicUrl =
    "https://com.twilio.sounds.music.s3.amazonaws.com/MARKOVICHAMP-Borghestral.mp3";

// Text options are viewed, not copied: they live as long as the step's input.
struct WaitOptions {
  bool retain_place_in_queue = true;  // the callback keeps the call's virtual start time
  bool retain_routing = true;         // the callback is built from the call task's attributes
  bool allow_alternate_number = true;
  bool allow_voicemail = true;
  bool transcribe = true;
  std::string_view voice = kDefaultVoice;
  std::string_view language = kDefaultLanguage;
  std::string_view hold_music_url = kDefaultHoldMusicUrl;
  // Pages of 50 pending tasks searched for the caller's task. When Twilio says
  // how long the call has queued (QueueTime), paging goes on while the page's
  // oldest task is newer than the call, up to kMaxLookupPagesByTime; without
  // it, up to max_lookup_pages.
  int max_lookup_pages = 4;
  std::map<std::string, std::string> messages;  // overrides of default_wait_messages()
  CallbackConfig callback;
};

inline constexpr int kMaxLookupPagesByTime = 40;
// How much older than QueueTime says a call's task may look: whole seconds on
// the wire, clocks of different hosts, and a busy server answering late. It
// costs pages only when the task is not found at all (it left the queue).
inline constexpr int64_t kEnqueueSlackMs = 30000;

struct WaitContext {
  std::string_view wait_url;          // absolute URL of the wait-experience function
  std::string_view service_base_url;  // "https://<domain>", to make relative URLs absolute
  std::string now;                    // ISO instant
};

// Returns the default English prompt for every message key.
const std::map<std::string, std::string>& default_wait_messages();

// Writes the plan for one step to `out`, or returns why it cannot. `params`
// are the HTTP parameters Twilio sent (mode included); `lookups` the data
// fetched for earlier `needs`.
std::optional<Error> wait_step(const wire::Value& params, const WaitOptions& options,
                               const WaitContext& context, const nlohmann::json& lookups,
                               wire::Writer& out);

// The same, as JSON values.
Result<nlohmann::json> wait_step(const nlohmann::json& params, const WaitOptions& options,
                                 const WaitContext& context, const nlohmann::json& lookups);

// Returns the SID of the pending or reserved task whose attributes.call_sid is
// call_sid, from tasks as Flex (attributes object) or REST (attributes string)
// shapes them.
std::optional<std::string> find_task_by_call_sid(const nlohmann::json& tasks,
                                                 std::string_view call_sid);

// A page of pending tasks read once for every call waiting on it: which call
// each waiting task belongs to, and how old the page's oldest task is.
struct PendingTaskIndex {
  std::map<std::string, std::string> task_by_call_sid;
  std::optional<std::string> oldest_date_created;  // ISO instant
};

// Returns the index of a page (same matching rule as find_task_by_call_sid).
PendingTaskIndex index_pending_tasks(const nlohmann::json& tasks);

}  // namespace cbvm
