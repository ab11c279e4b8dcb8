// The in-queue wait experience as a state machine:
//   (mode, request parameters, options, lookup results) → plan
// A plan is what the caller hears (TwiML verbs as data) plus the side effects
// the handler performs in order. When the core needs data from Twilio first,
// the plan says so in `needs`; the handler fetches it and asks again with the
// result in `lookups`. When an effect fails, the handler asks again with
// `lookups.failure` and follows the recovery plan instead. Every effect can
// lose its answer after Twilio acted on it, so a recovery first asks for the
// call task as it is now (`needs` reread) and chooses by that state.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/attributes.hpp"
#include "cbvm/callback_task.hpp"
#include "cbvm/calling_window.hpp"
#include "cbvm/result.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

// The locale spoken when neither the call nor the configuration names another.
inline constexpr std::string_view kDefaultLanguage = "en-US";
// The old feature's hold music, so that callers hear what they heard before a migration.
inline constexpr std::string_view kDefaultHoldMusicUrl =
    "http://com.twilio.music.soft-rock.s3.amazonaws.com/_ghost_-_promo_2_sample_pack.mp3";
// Longest voicemail a deployment may ask for, in seconds (Twilio takes any
// positive whole number; a day is far beyond any voicemail).
inline constexpr int kMaxVoicemailMaxLength = 86400;
// Callback times offered to a caller, as the openSlots decision's defaults.
inline constexpr int kDefaultSlotMinutes = 30;
inline constexpr int kDefaultHorizonDays = 14;

struct WaitOptions {
  bool retain_place_in_queue = true;  // the callback keeps the call's virtual start time
  bool retain_routing = true;         // the callback is built from the call task's attributes
  bool allow_alternate_number = true;
  bool allow_voicemail = true;
  // ISO 3166 alpha-2 region of national numbers when the request does not name
  // the dialled country (ToCountry/CalledCountry); empty: international only.
  std::string default_region;
  bool transcribe = true;
  // The default locale's <Say> voice; "" for the locale's own (see wait_locale()).
  std::string voice;
  // The default locale, by tag or alias; "" for en-US. Any other tag keeps the
  // English prompts and becomes their <Say> language, as before the prompts had locales.
  std::string language;
  // <Say> voices by locale tag ("es-MX"), over the locale's own and `voice`.
  std::map<std::string, std::string, std::less<>> voices;
  std::string hold_music_url{kDefaultHoldMusicUrl};  // relative: against the service's base URL
  // The <Record>'s maxLength in seconds; nullopt leaves it out, so Twilio's own
  // default applies, as it did in the old feature.
  std::optional<int> voicemail_max_length;
  // Pages of 50 pending tasks searched for the caller's task. When Twilio says
  // how long the call has queued (QueueTime), paging goes on while the page's
  // oldest task is newer than the call, up to kMaxLookupPagesByTime; without
  // it, up to max_lookup_pages.
  int max_lookup_pages = 4;
  // What the wait loop tells a caller, from the TaskRouter queue's statistics:
  // their place in line (Twilio's QueuePosition) and the expected wait.
  bool announce_position = false;
  bool announce_wait = false;
  // Offer the callback/voicemail menu only when the expected wait is longer
  // than this many seconds; 0 offers it always (as before). An expected wait
  // that cannot be told never hides the menu.
  int64_t offer_after_seconds = 0;
  std::map<std::string, std::string, std::less<>> messages;  // the default locale's overrides, by key
  // Overrides by locale tag, then by key; over `messages` for the default locale.
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> locale_messages;
  CallbackConfig callback;
  // The calling window (CALLING_WINDOW), when set: outside it the wait loop
  // says when the centre opens and offers a callback then; a caller choosing a
  // callback chooses "as soon as possible" or one of the next open slots
  // (slot_minutes long, up to horizon_days ahead), spoken in the caller's zone.
  // Unset, the wait experience is as it was before windows existed.
  std::optional<CallingWindow> window;
  int slot_minutes = kDefaultSlotMinutes;
  int horizon_days = kDefaultHorizonDays;
};

inline constexpr int kMaxLookupPagesByTime = 40;
// Callback times offered at once (keys 1 to 5; 9 offers the later ones).
inline constexpr int kSlotsPerPage = 5;
// Keys a caller may press for a callback number before the entry ends by
// itself, as in the old feature (a "#" ends it sooner).
inline constexpr int kMaxNumberEntryDigits = 13;
// How much older than QueueTime says a call's task may look: whole seconds on
// the wire, clocks of different hosts, and a busy server answering late. It
// costs pages only when the task is not found at all (it left the queue).
inline constexpr int64_t kEnqueueSlackMs = 30000;
// A reception time carried in a URL (`receivedAt`) is believed only when it is
// no later than now plus this slack (clocks differ) and no older than
// kMaxReceivedAgeMs (a voicemail's transcription arrives within minutes, a
// waiting call within hours); otherwise the task says it was received now.
inline constexpr int64_t kReceivedSlackMs = 60000;
inline constexpr int64_t kMaxReceivedAgeMs = 24LL * 3600 * 1000;
// The natural key of a call's voicemail and of the callback that stands in for
// it when the caller hangs up before a recording exists: one task per call.
inline constexpr std::string_view kVoicemailKeyPrefix = "voicemail:";

struct WaitContext {
  std::string wait_url;          // absolute URL of the wait-experience function
  std::string service_base_url;  // "https://<domain>", to make relative URLs absolute
  std::string now;               // ISO instant
};

// A task of a page of pending tasks, as the lookup reads it.
struct PendingTask {
  std::string sid;
  std::string assignment_status;  // "" when the page did not say
  std::string call_sid;           // attributes.call_sid, "" when absent
  std::optional<std::string> date_created;
  std::string task_queue_sid;  // the TaskRouter queue it waits in, "" when the page did not say
};

struct PendingPage {
  int64_t page = 0;
  bool has_more = false;
  std::vector<PendingTask> tasks;
};

// The call's own task, once fetched.
struct CallTask {
  OriginalTask task;
  std::string assignment_status;
  std::string reason;  // why it was canceled or completed, "" when TaskRouter did not say
};

// The call task read again after an effect failed.
struct TaskReread {
  std::string task_sid;
  bool known = true;             // false: it could not be read either
  std::optional<CallTask> task;  // nullopt (when known): TaskRouter no longer knows it
};

enum class WaitEffectType { kCreateTask, kCancelTask, kUpdateCall, kUpdateTask };

// An effect of the previous plan failed.
struct WaitFailure {
  WaitEffectType effect = WaitEffectType::kCreateTask;
  std::vector<WaitEffectType> completed;
  std::optional<std::string> created_task_sid;
};

// A task found under a request's key, as the reconciliation reads it.
struct ExistingTask {
  CallTask task;
  std::string etag;  // "" when TaskRouter gave none
};

// A TaskRouter queue's statistics as the wait loop reads them: how many tasks
// wait in it now (RealTimeStatistics tasks_by_status pending + reserved), and
// how long the tasks accepted over the last minutes waited until accepted
// (CumulativeStatistics wait_duration_until_accepted.avg, reservations_accepted).
struct QueueStatistics {
  int64_t waiting = 0;
  int64_t accepted = 0;
  std::optional<int64_t> average_wait_seconds;
};

// What the wait loop may say and offer.
struct WaitEstimate {
  std::optional<int64_t> position;          // 1 is next
  std::optional<int64_t> expected_seconds;  // still to wait; nullopt when it cannot be told
  bool offer = true;                        // offer the callback/voicemail menu
};

// Returns the estimate for a caller who has waited `queue_time_seconds` at
// Twilio's `queue_position`: the expected remaining wait is the average wait
// of the tasks accepted recently less the time already waited (never below
// 0), known only when at least one task was accepted; the menu is offered
// unless that expected wait is known and no longer than offer_after_seconds.
WaitEstimate estimate_wait(const std::optional<QueueStatistics>& statistics,
                           std::optional<int64_t> queue_position, int64_t queue_time_seconds,
                           int64_t offer_after_seconds);

struct WaitLookups {
  std::optional<std::string> queue_name;  // the voice queue's friendly name, once fetched
  bool queue_fetched = false;
  // Consecutive pages of the workflow's pending tasks, newest tasks first,
  // from the page the last `needs` asked for; earlier pages did not hold the
  // caller's task.
  std::vector<PendingPage> pending_pages;
  bool task_fetched = false;
  std::optional<CallTask> task;  // nullopt when fetched and not found
  std::optional<WaitFailure> failure;
  std::optional<TaskReread> reread;  // after a failure, when the plan asked for it
  // The task a keyed create found already made under its key (a createTask
  // with `reconcile` answered it), with the revision to update it at.
  std::optional<ExistingTask> existing;
  bool statistics_fetched = false;
  std::optional<QueueStatistics> statistics;  // nullopt when fetched and not readable
  // The callback's create was merged into the number's open callback (one
  // open callback per customer): the caller hears it is already booked, and
  // when, as "YYYY-MM-DD HH:MM" in its zone, if it is scheduled ("" if not).
  std::optional<std::string> merged_scheduled_local;
};

struct WaitStepInput {
  Params params;  // every HTTP parameter Twilio sent, `mode` included
  WaitOptions options;
  WaitContext context;
  WaitLookups lookups;
};

enum class VerbType { kSay, kPlay, kPause, kRedirect, kHangup, kGather, kRecord };

// One TwiML verb; only the members of its type are meaningful.
struct Verb {
  VerbType type = VerbType::kHangup;
  std::string text;             // say
  std::string voice;            // say
  std::string language;         // say
  bool as_telephone = false;    // say: interpret-as="telephone"
  std::string url;              // play, redirect
  int length = 0;               // pause
  std::string action;           // gather, record
  int timeout = 0;              // gather, record
  std::optional<int> num_digits;             // gather
  std::optional<std::string> finish_on_key;  // gather, record
  std::vector<Verb> children;   // gather
  std::optional<int> max_length;  // record; nullopt: Twilio's default
  bool transcribe = false;      // record
  std::optional<std::string> transcribe_callback;  // record
};

// kReread: the task as it is now, read again even when `lookups.task` holds it.
// kQueueStatistics: the TaskRouter queue's statistics (queue_sid).
enum class NeedType { kQueue, kPendingTasks, kTask, kReread, kQueueStatistics };

struct WaitNeed {
  NeedType type = NeedType::kQueue;
  std::string queue_sid;     // queue (voice, QU…), queueStatistics (TaskRouter, WQ…)
  std::string workflow_sid;  // pendingTasks: pending and reserved, newest first, 50 a page
  int64_t page = 0;          // pendingTasks
  std::string task_sid;      // task, reread
};

struct WaitEffect {
  WaitEffectType type = WaitEffectType::kCreateTask;
  // createTask: the task; its attributes patch the call task's when
  // `from_call_task`, else an empty object.
  CallbackTaskSpec task;
  bool from_call_task = false;
  // createTask: when its key answers a task made earlier (a retry, or the
  // voicemail and its call's end racing), ask again with `lookups.existing`
  // so the step can add what it carries to that task.
  bool reconcile = false;
  // cancelTask: the task, why, and how its attributes change (none: they are left alone).
  std::string task_sid;
  std::string reason;
  std::optional<AttributePatch> attributes;
  // updateCall; `status_callback` ("" for none) is told when the call ends.
  std::string call_sid;
  std::string url;
  std::string status_callback;
  // createTask: callBackData members set over the task's (scheduledFor,
  // scheduledTimeZone of a callback the caller chose a time for).
  std::vector<std::pair<std::string, std::string>> callback_data_texts;
  // updateTask: `task_sid`'s attributes (those of `lookups.existing`) changed
  // by `attributes`, only while the task is at revision `etag`.
  std::string etag;
};

struct WaitPlan {
  std::optional<WaitNeed> needs;   // fetch this and ask again; nothing is said or done meanwhile
  std::vector<Verb> twiml;
  std::vector<WaitEffect> effects;  // in order
  std::vector<std::string> log;
};

// A locale the wait experience speaks, with the <Say> attributes of its prompts.
struct WaitLocale {
  std::string_view tag;       // "es-MX", "zh-Hans": the plugin's locale names
  std::string_view voice;     // "Polly.Mia"
  std::string_view language;  // the code the voice speaks: "cmn-CN" for zh-Hans
};

// Returns the locale a language tag or alias selects ("es" -> es-MX, "zh-CN" ->
// zh-Hans), case-insensitively with "_" read as "-"; nullopt when it selects none.
std::optional<WaitLocale> wait_locale(std::string_view tag);

// Returns every locale the wait experience speaks, the default first.
std::vector<WaitLocale> wait_locales();

// Returns the built-in prompt for every message key in a locale (by its tag);
// English for a tag that is not a locale's.
const std::map<std::string, std::string, std::less<>>& default_wait_messages(
    std::string_view locale = kDefaultLanguage);

// Returns the plan for one step, or why the input cannot be planned for.
Result<WaitPlan> wait_step(const WaitStepInput& input);

// Returns the SID of the pending or reserved task of the call, among tasks.
std::optional<std::string> find_task_by_call_sid(const std::vector<PendingTask>& tasks,
                                                 std::string_view call_sid);

}  // namespace cbvm
