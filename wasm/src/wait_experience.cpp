#include "cbvm/wait_experience.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "json_access.hpp"
#include "cbvm/wire.hpp"

namespace cbvm {

using detail::json;

namespace {

using Query = std::vector<std::pair<std::string_view, std::string_view>>;

void url_encode(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789ABCDEF";
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
}

// A text to say, and whether it is the core's own (static) text.
struct Text {
  std::string_view text;
  bool shared;
};

// One step of the machine: the request, the options, and the plan, whose
// TwiML verbs are written into `out` as they are decided.
class Step {
 public:
  Step(const wire::Value& params, const WaitOptions& options, const WaitContext& context,
       const json& lookups, wire::Writer& out)
      : params_(params), options_(options), context_(context), lookups_(lookups), w_(out) {
    task_sid_ = param("enqueuedTaskSid");
    if (task_sid_ && !is_sid(*task_sid_, "WT")) task_sid_.reset();
    call_sid_ = param("CallSid");
    auto from = param("numberToCall");
    if (!from) from = param("From");
    if (!from) from = param("Caller");
    if (from) {
      auto n = normalize_phone_number(*from, "From", NumberRole::kToCall);
      if (n.ok()) caller_number_ = std::move(n.value());
    }
    called_number_ = param("numberToCallFrom");
    if (!called_number_) called_number_ = param("To");
    if (!called_number_) called_number_ = param("Called");
  }

  void run(std::string_view mode);

 private:
  std::optional<std::string_view> param(std::string_view key) const {
    const wire::Value v = params_[key];
    if (!v.is_string() || v.str().empty()) return std::nullopt;
    return v.str();
  }
  std::optional<std::string> param_copy(std::string_view key) const {
    auto v = param(key);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  }

  Text message(const std::string& key) const {
    auto it = options_.messages.find(key);
    if (it != options_.messages.end()) return {it->second, false};
    return {default_wait_messages().at(key), true};
  }

  std::string url(const char* mode, const Query& extra = {}) const {
    std::string u;
    u.reserve(context_.wait_url.size() + 96);
    u += context_.wait_url;
    u += context_.wait_url.find('?') == std::string_view::npos ? '?' : '&';
    u += "mode=";
    u += mode;
    for (const auto& [k, v] : extra) {
      u += '&';
      url_encode(k, u);
      u += '=';
      url_encode(v, u);
    }
    return u;
  }

  Query with_task(Query q = {}) const {
    if (task_sid_) q.insert(q.begin(), {"enqueuedTaskSid", *task_sid_});
    return q;
  }

  Query voicemail_query() const {
    Query q = with_task();
    if (caller_number_) q.emplace_back("numberToCall", *caller_number_);
    if (called_number_) q.emplace_back("numberToCallFrom", *called_number_);
    return q;
  }

  std::string absolute(std::string_view maybe_relative) const {
    if (maybe_relative.rfind("http://", 0) == 0 || maybe_relative.rfind("https://", 0) == 0)
      return std::string(maybe_relative);
    std::string base(context_.service_base_url);
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!maybe_relative.empty() && maybe_relative.front() != '/') base += '/';
    base += maybe_relative;
    return base;
  }

  // Writes a string the options may have replaced: shared when it is the core's default.
  void option_text(std::string_view value, std::string_view default_value) {
    if (value.data() == default_value.data()) w_.string_lit(value);
    else w_.string(value);
  }

  // --- TwiML verbs as data, written in order ---
  void say(Text t, const char* interpret_as = nullptr) {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("say");
    w_.key_lit("text");
    if (t.shared) w_.string_lit(t.text);
    else w_.string(t.text);
    w_.key_lit("voice");
    option_text(options_.voice, kDefaultVoice);
    w_.key_lit("language");
    option_text(options_.language, kDefaultLanguage);
    if (interpret_as != nullptr) {
      w_.key_lit("interpretAs");
      w_.string_lit(interpret_as);
    }
    w_.end_object();
  }
  void say_message(const char* key) { say(message(key)); }
  void say_telephone(std::string_view number) { say({number, false}, "telephone"); }
  void play_hold_music() {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("play");
    w_.key_lit("url");
    if (options_.hold_music_url.data() == kDefaultHoldMusicUrl.data())
      w_.string_lit(kDefaultHoldMusicUrl);
    else
      w_.string(absolute(options_.hold_music_url));
    w_.end_object();
  }
  void redirect(std::string_view to) {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("redirect");
    w_.key_lit("url");
    w_.string(to);
    w_.key_lit("method");
    w_.string_lit("POST");
    w_.end_object();
  }
  void hangup() {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("hangup");
    w_.end_object();
  }
  void pause(int seconds) {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("pause");
    w_.key_lit("length");
    w_.number(seconds);
    w_.end_object();
  }
  template <typename Children>
  void gather(std::string_view action, Children&& children, int timeout,
              std::optional<int> num_digits, const char* finish_on_key) {
    w_.begin_object();
    w_.key_lit("verb");
    w_.string_lit("gather");
    w_.key_lit("input");
    w_.string_lit("dtmf");
    w_.key_lit("timeout");
    w_.number(timeout);
    w_.key_lit("action");
    w_.string(action);
    w_.key_lit("method");
    w_.string_lit("POST");
    w_.key_lit("actionOnEmptyResult");
    w_.boolean(false);
    w_.key_lit("children");
    w_.begin_array();
    children();
    w_.end_array();
    if (num_digits) {
      w_.key_lit("numDigits");
      w_.number(*num_digits);
    }
    if (finish_on_key != nullptr) {
      w_.key_lit("finishOnKey");
      w_.string_lit(finish_on_key);
    }
    w_.end_object();
  }

  // --- plan helpers ---
  void effect(json e) { effects_.push_back(std::move(e)); }
  void need(json n) { needs_ = std::move(n); }
  void log(std::string line) { log_.push_back(std::move(line)); }
  void back_to_queue(bool keep_task = true) {
    Query q = keep_task ? with_task() : Query{};
    q.emplace_back("skipGreeting", "true");
    redirect(url(mode::kMainWaitLoop, q));
  }

  bool offers_callback() const { return caller_number_ || options_.allow_alternate_number; }
  bool offers_voicemail() const { return options_.allow_voicemail && caller_number_.has_value(); }
  const json* failure() const { return detail::member(lookups_, "failure"); }
  std::optional<std::string> failed_effect() const {
    const json* f = failure();
    return f ? detail::string_member(*f, "effect") : std::nullopt;
  }

  // The call task, once fetched: nullopt = not fetched yet; null = not found.
  std::optional<json> fetched_task() const {
    if (!lookups_.is_object() || !lookups_.contains("task")) return std::nullopt;
    return lookups_.at("task");
  }
  static bool still_waiting(const json& task) {
    auto status = detail::string_member(task, "assignment_status");
    if (!status) status = detail::string_member(task, "assignmentStatus");
    return status && (*status == "pending" || *status == "reserved");
  }
  json cancel_effect(const json& task, std::string_view reason) const;
  std::optional<json> create_effect(const std::optional<std::string>& number_to_call,
                                    const json* original_task, const json& extra_params);
  bool need_task_if_any();
  std::optional<json> waiting_call_task();
  bool worth_next_page(std::optional<int64_t> oldest_ms, int64_t next_page) const;

  // --- modes ---
  void initialize();
  void main_wait_loop();
  void handle_initial_choice();
  void handle_menu_choice();
  void request_callback();
  void handle_callback_choice();
  void request_callback_number();
  void confirm_callback_number(const std::string& number);
  void submit_callback();
  void request_voicemail();
  void record_voicemail();
  void voicemail_recorded();
  void submit_voicemail();
  void unknown_mode(std::string_view mode);

  const wire::Value params_;
  const WaitOptions& options_;
  const WaitContext& context_;
  const json& lookups_;
  wire::Writer& w_;
  std::optional<std::string_view> task_sid_;
  std::string found_task_sid_;  // holds a task SID found by lookup
  std::optional<std::string_view> call_sid_;
  std::optional<std::string> caller_number_;  // dialable E.164 of the caller, if any
  std::optional<std::string_view> called_number_;
  json effects_ = json::array();
  json needs_;
  std::vector<std::string> log_;
};

// The plan: {twiml, effects, needs, log}. Verbs are written while the mode
// runs; when it ends needing data, nothing is said or done until it is in.
void Step::run(std::string_view m) {
  w_.begin_object();
  w_.key_lit("twiml");
  const wire::Writer::Mark verbs = w_.mark();
  w_.begin_array();
  if (m.empty() || m == mode::kInitialize) initialize();
  else if (m == mode::kMainWaitLoop) main_wait_loop();
  else if (m == mode::kHandleInitialChoice) handle_initial_choice();
  else if (m == mode::kHandleMenuChoice) handle_menu_choice();
  else if (m == mode::kRequestCallback) request_callback();
  else if (m == mode::kHandleCallbackChoice) handle_callback_choice();
  else if (m == mode::kRequestCallbackNumber) request_callback_number();
  else if (m == mode::kConfirmCallbackNumber) {
    auto digits = param("Digits");
    auto n = digits ? normalize_phone_number(*digits, "Digits", NumberRole::kToCall)
                    : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no digits"));
    if (n.ok()) {
      confirm_callback_number(n.value());
    } else {
      say_message("invalidNumber");
      redirect(url(mode::kRequestCallbackNumber, with_task()));
    }
  } else if (m == mode::kHandleConfirmCallbackNumber) {
    auto cb = param("cbphone");
    auto n = cb ? normalize_phone_number(*cb, "cbphone", NumberRole::kToCall)
                : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no number"));
    const std::string_view digit = param("Digits").value_or("");
    if (!n.ok() || digit == "2") {
      redirect(url(mode::kRequestCallbackNumber, with_task()));
    } else if (digit == "1") {
      redirect(url(mode::kSubmitCallback, with_task({{"cbphone", n.value()}})));
    } else {
      confirm_callback_number(n.value());
    }
  } else if (m == mode::kSubmitCallback) submit_callback();
  else if (m == mode::kRequestVoicemail) request_voicemail();
  else if (m == mode::kRecordVoicemail) record_voicemail();
  else if (m == mode::kVoicemailRecorded) voicemail_recorded();
  else if (m == mode::kSubmitVoicemail) submit_voicemail();
  else unknown_mode(m);
  const bool waiting = !needs_.is_null();
  if (waiting) {
    w_.rewind(verbs);
    w_.begin_array();
  }
  w_.end_array();
  w_.key_lit("effects");
  if (waiting) {
    w_.begin_array();
    w_.end_array();
  } else {
    w_.json(effects_);
  }
  w_.key_lit("needs");
  w_.json(needs_);
  w_.key_lit("log");
  w_.begin_array();
  for (const auto& line : log_) w_.string(line);
  w_.end_array();
  w_.end_object();
}

void Step::initialize() {
  const auto queue_sid = param("QueueSid");
  if (!call_sid_ || !queue_sid || !is_sid(*queue_sid, "QU")) {
    log("initialize: no CallSid or QueueSid in the request; callback and voicemail not offered");
    redirect(url(mode::kMainWaitLoop));
    return;
  }
  const json* queue = detail::member(lookups_, "queue");
  if (queue == nullptr) {
    need({{"type", "queue"}, {"queueSid", std::string(*queue_sid)}});
    return;
  }
  auto workflow = detail::string_member(*queue, "friendly_name");
  if (!workflow) workflow = detail::string_member(*queue, "friendlyName");
  if (!workflow || !is_sid(*workflow, "WW")) {
    log("initialize: queue " + std::string(*queue_sid) + " is not named after a workflow SID; "
        "callback and voicemail not offered");
    redirect(url(mode::kMainWaitLoop));
    return;
  }
  // Pages are read newest first, one at a time: `pendingTasks` holds the
  // latest page read; the earlier ones did not hold the caller's task.
  const json* pending = detail::member(lookups_, "pendingTasks");
  std::optional<int64_t> page_read;
  std::optional<int64_t> oldest_ms;  // creation time of the page's oldest task
  if (pending != nullptr) {
    page_read = detail::int_member(*pending, "page");
    if (!page_read || *page_read < 0) page_read = 0;
    std::optional<std::string> found;
    std::optional<std::string> oldest;
    if (const json* tasks = detail::member(*pending, "tasks")) {
      const PendingTaskIndex index = index_pending_tasks(*tasks);
      auto it = index.task_by_call_sid.find(std::string(*call_sid_));
      if (it != index.task_by_call_sid.end()) found = it->second;
      oldest = index.oldest_date_created;
    } else {
      auto sid = detail::nonempty_string_member(*pending, "taskSid");
      if (sid && is_sid(*sid, "WT")) found = sid;
      oldest = detail::string_member(*pending, "oldestDateCreated");
    }
    if (oldest) oldest_ms = parse_iso_instant(*oldest);
    if (found) {
      found_task_sid_ = *found;
      task_sid_ = found_task_sid_;
      redirect(url(mode::kMainWaitLoop, with_task()));
      return;
    }
  }
  const bool more = pending && detail::bool_member(*pending, "hasMore").value_or(false);
  const int64_t next_page = page_read ? *page_read + 1 : 0;
  if (!page_read || (more && worth_next_page(oldest_ms, next_page))) {
    need({{"type", "pendingTasks"},
          {"workflowSid", *workflow},
          {"assignmentStatus", {"pending", "reserved"}},
          {"ordering", "DateCreated:desc"},
          {"pageSize", 50},
          {"page", next_page}});
    return;
  }
  log("initialize: no pending task for call " + std::string(*call_sid_) + " in workflow " +
      *workflow + "; callback and voicemail not offered");
  redirect(url(mode::kMainWaitLoop));
}

// Whether the caller's task can still be on a later page. Pages list the
// newest tasks first: once a page reaches tasks created before the call
// entered the queue, the call's own task would already have been seen.
bool Step::worth_next_page(std::optional<int64_t> oldest_ms, int64_t next_page) const {
  auto queue_time = param("QueueTime");
  auto now = parse_iso_instant(context_.now);
  int64_t queued_s = -1;
  if (queue_time && queue_time->size() <= 9 &&
      queue_time->find_first_not_of("0123456789") == std::string::npos) {
    queued_s = 0;
    for (char c : *queue_time) queued_s = queued_s * 10 + (c - '0');
  }
  if (queued_s < 0 || !now) return next_page < options_.max_lookup_pages;
  if (next_page >= kMaxLookupPagesByTime) return false;
  const int64_t entered_ms = *now - queued_s * 1000 - kEnqueueSlackMs;
  return !oldest_ms || *oldest_ms >= entered_ms;
}

void Step::main_wait_loop() {
  if (param("skipGreeting").value_or("") != "true") say_message("greeting");
  if (task_sid_ && offers_callback()) {
    gather(url(mode::kHandleInitialChoice, with_task()),
           [&] {
             say_message(offers_voicemail() ? "optionsPrompt" : "optionsPromptCallbackOnly");
             play_hold_music();
           },
           2, 1, nullptr);
  } else {
    say_message("optionsUnavailable");
    play_hold_music();
  }
  back_to_queue();
}

void Step::handle_initial_choice() {
  if (!task_sid_ || param("Digits").value_or("") != "*") {
    back_to_queue();
    return;
  }
  gather(url(mode::kHandleMenuChoice, with_task()),
         [&] { say_message(offers_voicemail() ? "menu" : "menuCallbackOnly"); }, 5, 1, nullptr);
  back_to_queue();
}

void Step::handle_menu_choice() {
  const std::string_view digit = param("Digits").value_or("");
  if (task_sid_ && digit == "1" && offers_callback()) {
    redirect(url(mode::kRequestCallback, with_task()));
  } else if (task_sid_ && digit == "2" && offers_voicemail()) {
    redirect(url(mode::kRequestVoicemail, with_task()));
  } else {
    back_to_queue();
  }
}

void Step::request_callback() {
  if (!caller_number_) {
    if (options_.allow_alternate_number) {
      redirect(url(mode::kRequestCallbackNumber, with_task()));
    } else {
      say_message("callbackNoNumber");
      back_to_queue();
    }
    return;
  }
  if (!options_.allow_alternate_number) {
    redirect(url(mode::kSubmitCallback, with_task({{"cbphone", *caller_number_}})));
    return;
  }
  gather(url(mode::kHandleCallbackChoice, with_task()),
         [&] {
           say_message("callbackNumberIntro");
           say_telephone(*caller_number_);
           say_message("callbackNumberOptions");
         },
         5, 1, nullptr);
  back_to_queue();
}

void Step::handle_callback_choice() {
  const std::string_view digit = param("Digits").value_or("");
  if (digit == "1" && caller_number_) {
    redirect(url(mode::kSubmitCallback, with_task({{"cbphone", *caller_number_}})));
  } else if (digit == "2" && options_.allow_alternate_number) {
    redirect(url(mode::kRequestCallbackNumber, with_task()));
  } else {
    redirect(url(mode::kRequestCallback, with_task()));
  }
}

void Step::request_callback_number() {
  gather(url(mode::kConfirmCallbackNumber, with_task()), [&] { say_message("enterNumber"); }, 10,
         std::nullopt, "#");
  back_to_queue();
}

void Step::confirm_callback_number(const std::string& number) {
  gather(url(mode::kHandleConfirmCallbackNumber, with_task({{"cbphone", number}})),
         [&] {
           say_message("confirmNumberIntro");
           say_telephone(number);
           say_message("confirmNumberOptions");
         },
         5, 1, nullptr);
  redirect(url(mode::kHandleConfirmCallbackNumber, with_task({{"cbphone", number}})));
}

json Step::cancel_effect(const json& task, std::string_view reason) const {
  json attrs = detail::attributes_object(detail::member(task, "attributes"));
  json conversations = detail::object_member_or_empty(attrs, "conversations");
  conversations["abandoned"] = lit::kAbandonedFollowUp;
  attrs["conversations"] = std::move(conversations);
  return {{"type", "cancelTask"},
          {"taskSid", detail::string_member(task, "sid").value_or("")},
          {"reason", reason},
          {"attributes", std::move(attrs)}};
}

// Builds the createTask effect for a callback (or a voicemail, when
// extra_params carries a recording); nullopt when the request is unusable.
std::optional<json> Step::create_effect(const std::optional<std::string>& number_to_call,
                                        const json* original_task, const json& extra_params) {
  json request = extra_params;
  request["numberToCall"] = number_to_call.value_or("");
  request["numberToCallFrom"] = std::string(called_number_.value_or(""));
  std::optional<OriginalTask> original;
  if (original_task != nullptr && original_task->is_object()) {
    original = original_task_from_json(*original_task);
    if (options_.retain_place_in_queue && original->date_created) {
      if (auto ms = parse_iso_instant(*original->date_created))
        request["virtualStartTime"] = format_iso_instant(*ms);
    }
  }
  auto validated = validate_create_callback(request, lit::kWaitExperiencePath);
  if (!validated.ok()) {
    log("cannot create the task: " + validated.error().message);
    return std::nullopt;
  }
  const OriginalTask* routing = original && options_.retain_routing ? &*original : nullptr;
  if (original && !options_.retain_routing) {
    // Without the routing, the callback still belongs to the same conversation.
    validated.value().conversation_id = std::string(original->sid);
  }
  auto spec = build_callback_task(validated.value(), routing, options_.callback, context_.now);
  if (!spec.ok()) {
    log("cannot create the task: " + spec.error().message);
    return std::nullopt;
  }
  return json{{"type", "createTask"}, {"task", std::move(spec.value())}};
}

// Asks for the call task when the request names one; returns true while waiting for it.
bool Step::need_task_if_any() {
  if (task_sid_ && !fetched_task()) {
    need({{"type", "task"}, {"taskSid", std::string(*task_sid_)}});
    return true;
  }
  return false;
}

// The call task for a step that acts on it: nullopt when the step ends here
// (the task is still to be fetched, or an agent is already taking the call,
// which this says); otherwise the task, or null when it no longer exists.
std::optional<json> Step::waiting_call_task() {
  if (need_task_if_any()) return std::nullopt;
  json task = fetched_task().value_or(json(nullptr));
  if (task.is_object() && !still_waiting(task)) {
    say_message("agentAnswering");
    back_to_queue();
    return std::nullopt;
  }
  return task;
}

void Step::submit_callback() {
  if (auto failed = failed_effect()) {
    if (*failed == "cancelTask") {
      // The call could not be taken out of the queue (an agent may be
      // answering it): withdraw the callback so the contact is not served twice.
      const json* f = failure();
      if (auto created = detail::string_member(*f, "createdTaskSid")) {
        effect({{"type", "cancelTask"},
                {"taskSid", *created},
                {"reason", "Withdrawn: the call could not leave the queue"},
                {"attributes", nullptr}});
      }
    }
    say_message("callbackFailed");
    back_to_queue();
    return;
  }
  std::optional<json> task = waiting_call_task();
  if (!task) return;
  const json* original = task->is_object() ? &*task : nullptr;
  auto create = create_effect(param_copy("cbphone"), original, json::object());
  if (!create) {
    say_message("callbackFailed");
    back_to_queue();
    return;
  }
  // Create first, cancel last: until the callback exists the caller keeps
  // their place, and an agent can still answer up to the cancel.
  effect(std::move(*create));
  if (original) effect(cancel_effect(*original, lit::kCancelReasonCallback));
  say_message("callbackSubmitted");
  hangup();
}

void Step::request_voicemail() {
  if (auto failed = failed_effect()) {
    const json* f = failure();
    const json* done = detail::member(*f, "completed");
    bool cancelled = false;
    if (done && done->is_array())
      for (const auto& d : *done) cancelled = cancelled || (d.is_string() && d == "cancelTask");
    if (*failed == "updateCall" && cancelled) {
      say_message("voicemailFailedHangup");
      hangup();
    } else {
      say_message("voicemailUnavailable");
      back_to_queue(!cancelled);
    }
    return;
  }
  if (!offers_voicemail()) {
    back_to_queue();
    return;
  }
  std::optional<json> task = waiting_call_task();
  if (!task) return;
  const json* original = task->is_object() ? &*task : nullptr;
  if (!call_sid_) {
    log("request-voicemail: no CallSid to move to the recording");
    say_message("voicemailUnavailable");
    back_to_queue();
    return;
  }
  // Cancel first: once the call leaves the queue TaskRouter would cancel the
  // task itself, without the reason and Follow-Up attributes.
  if (original) effect(cancel_effect(*original, lit::kCancelReasonVoicemail));
  effect({{"type", "updateCall"},
          {"callSid", std::string(*call_sid_)},
          {"url", url(mode::kRecordVoicemail, voicemail_query())},
          {"method", "POST"}});
  pause(5);
}

void Step::record_voicemail() {
  say_message("voicemailPrompt");
  w_.begin_object();
  w_.key_lit("verb");
  w_.string_lit("record");
  w_.key_lit("playBeep");
  w_.boolean(true);
  w_.key_lit("timeout");
  w_.number(10);
  w_.key_lit("maxLength");
  w_.number(300);
  w_.key_lit("finishOnKey");
  w_.string_lit("*");
  w_.key_lit("action");
  w_.string(url(mode::kVoicemailRecorded, voicemail_query()));
  w_.key_lit("method");
  w_.string_lit("POST");
  w_.key_lit("transcribe");
  w_.boolean(options_.transcribe);
  if (options_.transcribe) {
    w_.key_lit("transcribeCallback");
    w_.string(url(mode::kSubmitVoicemail, voicemail_query()));
  }
  w_.end_object();
  say_message("voicemailNotCaptured");
  redirect(url(mode::kRecordVoicemail, voicemail_query()));
}

void Step::voicemail_recorded() {
  auto recording = param("RecordingSid");
  if (!recording) {
    say_message("voicemailNotCaptured");
    redirect(url(mode::kRecordVoicemail, voicemail_query()));
    return;
  }
  if (!options_.transcribe && !failed_effect()) {
    // Without a transcription callback, the voicemail task is created here.
    if (need_task_if_any()) return;
    std::optional<json> task = fetched_task();
    json extra = {{"RecordingSid", std::string(*recording)},
                  {"RecordingUrl", std::string(param("RecordingUrl").value_or(""))}};
    if (auto e = create_effect(caller_number_, task && task->is_object() ? &*task : nullptr, extra))
      effect(std::move(*e));
  }
  say_message("voicemailRecorded");
  hangup();
}

void Step::submit_voicemail() {
  if (failed_effect()) {
    log("submit-voicemail: the voicemail task could not be created");
    return;
  }
  auto recording = param("RecordingSid");
  if (!recording) {
    log("submit-voicemail: no RecordingSid in the transcription callback");
    return;
  }
  if (need_task_if_any()) return;
  std::optional<json> task = fetched_task();
  json extra = {{"RecordingSid", std::string(*recording)},
                {"RecordingUrl", std::string(param("RecordingUrl").value_or(""))}};
  if (param("TranscriptionStatus").value_or("completed") == "completed") {
    if (auto sid = param("TranscriptionSid")) extra["TranscriptionSid"] = std::string(*sid);
    if (auto text = param("TranscriptionText")) extra["TranscriptionText"] = std::string(*text);
  }
  if (auto e = create_effect(caller_number_, task && task->is_object() ? &*task : nullptr, extra))
    effect(std::move(*e));
}

void Step::unknown_mode(std::string_view m) {
  log("unknown mode \"" + std::string(m.substr(0, 64)) + "\"");
  say_message("unknownMode");
  back_to_queue();
}

}  // namespace

const std::map<std::string, std::string>& default_wait_messages() {
  static const std::map<std::string, std::string> kMessages = {
      {"greeting",
       "Thank you for calling. Please hold, and the next available agent will be with you."},
      {"optionsPrompt",
       "At any time, press the star key to request a callback or to leave a voicemail."},
      {"optionsPromptCallbackOnly", "At any time, press the star key to request a callback."},
      {"optionsUnavailable",
       "Please continue to hold. An agent will be with you as soon as possible."},
      {"menu",
       "To request a callback, press 1. To leave a voicemail, press 2. To keep holding, press "
       "any other key."},
      {"menuCallbackOnly", "To request a callback, press 1. To keep holding, press any other key."},
      {"callbackNumberIntro", "We can call you back at"},
      {"callbackNumberOptions",
       "To use this number, press 1. To enter a different number, press 2."},
      {"callbackNoNumber",
       "Sorry, we cannot call you back at the number you are calling from. Please continue to "
       "hold."},
      {"enterNumber",
       "Please enter the number you would like us to call, starting with the country code, then "
       "press the pound key."},
      {"confirmNumberIntro", "You entered"},
      {"confirmNumberOptions", "If this is correct, press 1. To enter it again, press 2."},
      {"invalidNumber", "Sorry, we cannot call that number. Please try again."},
      {"callbackSubmitted",
       "Thank you. Your callback request has been received, and an agent will call you back as "
       "soon as possible. Goodbye."},
      {"callbackFailed",
       "Sorry, we could not take your callback request. Please continue to hold."},
      {"agentAnswering", "An agent is about to take your call. Please continue to hold."},
      {"voicemailPrompt",
       "Please leave a message after the tone. Press the star key when you have finished."},
      {"voicemailNotCaptured", "Sorry, we did not catch your message. Let's try again."},
      {"voicemailRecorded",
       "Thank you. Your message has been recorded, and an agent will call you back as soon as "
       "possible. Goodbye."},
      {"voicemailUnavailable",
       "Sorry, we cannot take a voicemail right now. Please continue to hold."},
      {"voicemailFailedHangup",
       "Sorry, we cannot take a voicemail right now. Please call us again later. Goodbye."},
      {"unknownMode", "Sorry, something went wrong. Returning you to the queue."},
  };
  return kMessages;
}

std::optional<Error> wait_step(const wire::Value& params, const WaitOptions& options,
                               const WaitContext& context, const json& lookups,
                               wire::Writer& out) {
  if (!params.is_object())
    return make_error(ErrorCode::kInvalidInput, "params must be a JSON object.");
  if (context.wait_url.empty())
    return make_error(ErrorCode::kInvalidInput, "context.waitUrl must be the function's URL.");
  for (const auto& [key, text] : options.messages) {
    if (default_wait_messages().count(key) == 0)
      return make_error(ErrorCode::kInvalidInput,
                        "options.messages." + key.substr(0, 64) + " is not a known message.");
  }
  const wire::Value mode = params["mode"];
  Step step(params, options, context, lookups.is_object() ? lookups : detail::empty_object(), out);
  step.run(mode.is_string() ? mode.str() : std::string_view());
  return std::nullopt;
}

Result<json> wait_step(const json& params, const WaitOptions& options, const WaitContext& context,
                       const json& lookups) {
  wire::Writer in;
  in.json(params);
  const wire::Document doc(std::move(in));
  wire::Writer out;
  if (auto e = wait_step(doc.root(), options, context, lookups, out)) return *e;
  const wire::Document plan(std::move(out));
  return wire::to_json(plan.root());
}

std::optional<std::string> find_task_by_call_sid(const json& tasks, std::string_view call_sid) {
  if (call_sid.empty()) return std::nullopt;
  const PendingTaskIndex index = index_pending_tasks(tasks);
  auto it = index.task_by_call_sid.find(std::string(call_sid));
  if (it == index.task_by_call_sid.end()) return std::nullopt;
  return it->second;
}

PendingTaskIndex index_pending_tasks(const json& tasks) {
  PendingTaskIndex index;
  if (!tasks.is_array()) return index;
  std::optional<int64_t> oldest;
  for (const auto& task : tasks) {
    auto created = detail::string_member(task, "date_created");
    if (!created) created = detail::string_member(task, "dateCreated");
    if (auto ms = created ? parse_iso_instant(*created) : std::nullopt) {
      if (!oldest || *ms < *oldest) oldest = ms;
    }
    auto status = detail::string_member(task, "assignment_status");
    if (!status) status = detail::string_member(task, "assignmentStatus");
    if (!status) status = detail::string_member(task, "taskStatus");
    if (status && *status != "pending" && *status != "reserved") continue;
    auto task_sid = detail::string_member(task, "sid");
    if (!task_sid) continue;
    json attrs = detail::attributes_object(detail::member(task, "attributes"));
    auto call_sid = detail::nonempty_string_member(attrs, "call_sid");
    if (call_sid) index.task_by_call_sid.emplace(*call_sid, *task_sid);
  }
  if (oldest) index.oldest_date_created = format_iso_instant(*oldest);
  return index;
}

}  // namespace cbvm
