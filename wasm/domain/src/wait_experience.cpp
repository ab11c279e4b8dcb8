#include "cbvm/wait_experience.hpp"

#include <algorithm>
#include <utility>

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "text.hpp"
#include "wait_prompts.hpp"
#include "wait_schedule.hpp"

namespace cbvm {

namespace {

using Query = std::vector<std::pair<std::string_view, std::string>>;

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

// The locale a tag or alias selects, or nullptr.
const prompts::Locale* find_locale(std::string_view tag) {
  std::string lower(tag);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  for (size_t i = 0; i < prompts::kLocaleCount; ++i) {
    const prompts::Locale& l = prompts::kLocales[i];
    bool same = l.tag.size() == lower.size();
    for (size_t j = 0; same && j < lower.size(); ++j) {
      char c = l.tag[j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == lower[j];
    }
    if (same) return &l;
    for (size_t a = 0; a < l.alias_count; ++a)
      if (l.aliases[a] == lower) return &l;
  }
  return nullptr;
}

// The locale whose tag is exactly `tag`, or nullptr: overrides name locales by tag.
const prompts::Locale* locale_by_tag(std::string_view tag) {
  for (size_t i = 0; i < prompts::kLocaleCount; ++i)
    if (prompts::kLocales[i].tag == tag) return &prompts::kLocales[i];
  return nullptr;
}

// Whether a tag is a language and a region ("es-US", "cmn-CN"), as <Say>
// languages are; "es" or "zh-Hans" only name a locale.
bool is_language_region(std::string_view tag) {
  const size_t dash = tag.find('-');
  if (dash < 2 || dash > 3 || tag.size() != dash + 3) return false;
  for (size_t i = 0; i < tag.size(); ++i) {
    const char c = tag[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (i != dash && !letter) return false;
  }
  return true;
}

std::string locale_tags() {
  std::string tags;
  for (size_t i = 0; i < prompts::kLocaleCount; ++i) {
    if (i > 0) tags += ", ";
    tags += prompts::kLocales[i].tag;
  }
  return tags;
}

bool still_waiting(const CallTask& task) {
  return task.assignment_status == "pending" || task.assignment_status == "reserved";
}

// The creation time of a page's oldest task, whatever its status.
std::optional<int64_t> oldest_of(const std::vector<PendingTask>& tasks) {
  std::optional<int64_t> oldest;
  for (const auto& task : tasks) {
    if (!task.date_created) continue;
    if (auto ms = parse_iso_instant(*task.date_created); ms && (!oldest || *ms < *oldest))
      oldest = ms;
  }
  return oldest;
}

// A page number below 0 is the first page.
int64_t page_number(const PendingPage& page) { return std::max<int64_t>(page.page, 0); }

// Non-text parameters (numbers, booleans from a JSON body) are not Twilio's:
// every wait parameter is text, so they read as absent.
std::optional<std::string> text_param(const Params& params, std::string_view key) {
  auto it = params.find(key);
  if (it == params.end() || it->second.kind != Param::Kind::kText || it->second.text.empty())
    return std::nullopt;
  return it->second.text;
}

// The old feature wrote numbers into its URLs unencoded, so a "+" arrives as a
// space, and it read every number that starts with a digit as international
// (its prompt asked for the country code first).
std::string old_number_text(std::string_view raw) {
  std::string s(text::trim(raw));
  if (!s.empty() && s.front() >= '0' && s.front() <= '9') s.insert(s.begin(), '+');
  return s;
}

Param text(std::string value) {
  Param p;
  p.text = std::move(value);
  return p;
}

// The call task as a recovery reads it again: still waiting in the queue,
// taken by an agent, canceled by the cancel this step asked for (its answer was
// lost), gone another way (hung up, timed out, unknown to TaskRouter), or not
// readable either.
enum class QueueState { kWaiting, kWithAgent, kCanceledByUs, kGone, kUnknown };

// The call task for a step that acts on it: `ends` when the step ends here
// (the task is still to be fetched, or an agent is already taking the call);
// otherwise the task, or nullptr when it no longer exists.
struct CallTaskLookup {
  bool ends = false;
  const CallTask* task = nullptr;
};

// One step of the machine: the request, the options, and the plan it builds.
class Step {
 public:
  explicit Step(const WaitStepInput& in)
      : params_(in.params), options_(in.options), context_(in.context), lookups_(in.lookups) {
    task_sid_ = param("enqueuedTaskSid");
    if (task_sid_ && !is_sid(*task_sid_, "WT")) task_sid_.reset();
    task_queue_sid_ = param("tq");
    if (task_queue_sid_ && !is_sid(*task_queue_sid_, "WQ")) task_queue_sid_.reset();
    call_sid_ = param("CallSid");
    // Numbers are read in the country the caller dialled, as Twilio names it.
    for (const char* key : {"ToCountry", "CalledCountry"}) {
      auto country = param(key);
      if (country && is_phone_region(*country)) {
        region_ = *country;
        break;
      }
    }
    if (region_.empty()) region_ = options_.default_region;
    // callerNumber and calledNumber: the old feature's names, in URLs of calls
    // that were waiting when this product was deployed.
    auto from = param("numberToCall");
    if (!from) {
      from = param("callerNumber");
      if (from) from = old_number_text(*from);
    }
    if (!from) from = param("From");
    if (!from) from = param("Caller");
    if (from) {
      auto n = normalize_phone_number(*from, "From", NumberRole::kToCall, region_);
      if (n.ok()) caller_number_ = std::move(n.value());
    }
    called_number_ = param("numberToCallFrom");
    if (!called_number_) {
      called_number_ = param("calledNumber");
      if (called_number_) called_number_ = old_number_text(*called_number_);
    }
    if (!called_number_) called_number_ = param("To");
    if (!called_number_) called_number_ = param("Called");
    choose_locale();
    now_ms_ = parse_iso_instant(context_.now);
  }

  WaitPlan run();

 private:
  std::optional<std::string> param(std::string_view key) const { return text_param(params_, key); }

  // A number in an old feature's URL (`to`, `updatedPhoneNumber`) as it meant
  // it, else as a number keyed here would be read.
  Result<std::string> old_number(std::string_view raw, std::string_view field) const {
    auto n = normalize_phone_number(old_number_text(raw), field, NumberRole::kToCall, region_);
    if (n.ok()) return n;
    return normalize_phone_number(raw, field, NumberRole::kToCall, region_);
  }
  void choose_locale();

  std::string message(std::string_view key) const {
    if (auto per = options_.locale_messages.find(locale_->tag); per != options_.locale_messages.end()) {
      if (auto it = per->second.find(key); it != per->second.end()) return it->second;
    }
    if (locale_ == default_locale_) {
      if (auto it = options_.messages.find(key); it != options_.messages.end()) return it->second;
    }
    return default_wait_messages(locale_->tag).find(key)->second;
  }

  std::string url(WaitMode mode, const Query& extra = {}) const {
    std::string u;
    u.reserve(context_.wait_url.size() + 96);
    u += context_.wait_url;
    u += context_.wait_url.find('?') == std::string::npos ? '?' : '&';
    u += "mode=";
    u += name_of(mode);
    for (const auto& [k, v] : extra) {
      u += '&';
      url_encode(k, u);
      u += '=';
      url_encode(v, u);
    }
    // Every later step of the call speaks the language this one was asked for.
    if (carry_language_) {
      u += "&language=";
      url_encode(locale_->tag, u);
    }
    return u;
  }

  Query with_task(Query q = {}) const {
    // The task's TaskRouter queue rides along only when the loop reads its statistics.
    if (task_sid_ && task_queue_sid_ && wants_statistics()) q.insert(q.begin(), {"tq", *task_queue_sid_});
    if (task_sid_) q.insert(q.begin(), {"enqueuedTaskSid", *task_sid_});
    return q;
  }

  bool wants_statistics() const { return options_.announce_wait || options_.offer_after_seconds > 0; }

  // A whole number Twilio sent as text (QueueTime, QueuePosition), or nullopt.
  std::optional<int64_t> count_param(std::string_view key) const {
    auto v = param(key);
    if (!v || v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    int64_t n = 0;
    for (char c : *v) n = n * 10 + (c - '0');
    return n;
  }

  // A message with its {{name}} placeholder filled.
  Verb say_filled(std::string_view key, std::string_view name, int64_t value) const {
    std::string text = message(key);
    const std::string mark = "{{" + std::string(name) + "}}";
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.replace(at, mark.size(), std::to_string(value));
    }
    return say(std::move(text));
  }

  // A message with {{name}} placeholders filled with texts.
  Verb say_texts(std::string_view key, const std::vector<std::pair<std::string_view, std::string>>& values) const {
    std::string text = message(key);
    for (const auto& [name, value] : values) {
      const std::string mark = "{{" + std::string(name) + "}}";
      for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
        text.replace(at, mark.size(), value);
    }
    return say(std::move(text));
  }

  void announce(const WaitEstimate& e);

  // --- calling window and scheduled callbacks (only when options_.window is set) ---
  bool schedules() const { return options_.window.has_value() && now_ms_.has_value(); }
  // When the window is set and closed now: when it opens (nullopt: open, unset, or never opening).
  std::optional<int64_t> closed_until() const {
    if (!schedules() || is_open(*options_.window, *now_ms_)) return std::nullopt;
    return next_open(*options_.window, *now_ms_);
  }
  // An instant as this call's locale speaks it, in the zone of whoever `number` reaches.
  std::string spoken(int64_t at, const std::optional<std::string>& number) const {
    const CallerZone zone = caller_zone(*options_.window, number);
    return spoken_time(*locale_->calendar, zone.rule, *now_ms_, at);
  }
  // The number the caller chose to be called back at (`cbphone`), if usable.
  std::optional<std::string> chosen_number() const {
    auto cb = param("cbphone");
    if (!cb) return std::nullopt;
    auto n = normalize_phone_number(*cb, "cbphone", NumberRole::kToCall, region_);
    if (!n.ok()) return std::nullopt;
    return std::move(n.value());
  }
  std::optional<int64_t> instant_param(std::string_view key) const {
    auto v = param(key);
    return v ? parse_iso_instant(*v) : std::nullopt;
  }
  // Up to kSlotsPerPage + 1 open slots from `from`, none beyond the horizon from now.
  std::vector<int64_t> page_slots(int64_t from) const {
    std::vector<int64_t> slots = open_slots(*options_.window, from, kSlotsPerPage + 1, options_.slot_minutes,
                                            options_.horizon_days);
    const int64_t limit = *now_ms_ + static_cast<int64_t>(options_.horizon_days) * 86400000;
    slots.erase(std::remove_if(slots.begin(), slots.end(), [&](int64_t s) { return s > limit; }), slots.end());
    return slots;
  }
  void to_submit_callback(const std::string& number);
  void say_submitted();

  Query voicemail_query() {
    Query q = with_task();
    if (caller_number_) q.emplace_back("numberToCall", *caller_number_);
    if (called_number_) q.emplace_back("numberToCallFrom", *called_number_);
    // The voicemail's steps run after the call task is gone, some minutes later
    // (a transcription), so they carry when the caller entered the queue.
    if (auto received = reception_time()) q.emplace_back("receivedAt", *received);
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

  // --- TwiML verbs ---
  Verb say(std::string text, bool as_telephone = false) const {
    Verb v;
    v.type = VerbType::kSay;
    v.text = std::move(text);
    v.voice = voice_;
    v.language = say_language_;
    v.as_telephone = as_telephone;
    return v;
  }
  Verb say_message(std::string_view key) const { return say(message(key)); }
  Verb play_hold_music() const {
    Verb v;
    v.type = VerbType::kPlay;
    v.url = absolute(options_.hold_music_url);
    return v;
  }
  static Verb redirect_verb(std::string to) {
    Verb v;
    v.type = VerbType::kRedirect;
    v.url = std::move(to);
    return v;
  }
  static Verb gather(std::string action, std::vector<Verb> children, int timeout,
                     std::optional<int> num_digits, std::optional<std::string> finish_on_key) {
    Verb v;
    v.type = VerbType::kGather;
    v.action = std::move(action);
    v.children = std::move(children);
    v.timeout = timeout;
    v.num_digits = num_digits;
    v.finish_on_key = std::move(finish_on_key);
    return v;
  }

  // --- plan helpers ---
  void add(Verb v) { plan_.twiml.push_back(std::move(v)); }
  void say_line(std::string_view key) { add(say_message(key)); }
  void redirect(std::string to) { add(redirect_verb(std::move(to))); }
  void hangup() {
    Verb v;
    v.type = VerbType::kHangup;
    add(std::move(v));
  }
  void pause(int seconds) {
    Verb v;
    v.type = VerbType::kPause;
    v.length = seconds;
    add(std::move(v));
  }
  void effect(WaitEffect e) { plan_.effects.push_back(std::move(e)); }
  void need(WaitNeed n) { plan_.needs = std::move(n); }
  void log(std::string line) { plan_.log.push_back(std::move(line)); }
  void back_to_queue(bool keep_task = true) {
    Query q = keep_task ? with_task() : Query{};
    q.emplace_back("skipGreeting", "true");
    redirect(url(WaitMode::kMainWaitLoop, q));
  }

  bool offers_callback() const { return caller_number_ || options_.allow_alternate_number; }
  bool offers_voicemail() const { return options_.allow_voicemail && caller_number_.has_value(); }
  const std::optional<WaitFailure>& failure() const { return lookups_.failure; }
  bool task_fetched() const { return lookups_.task_fetched || lookups_.task.has_value(); }
  const CallTask* fetched_task() const { return lookups_.task ? &*lookups_.task : nullptr; }

  WaitEffect cancel_effect(const CallTask& task, std::string_view reason) const;
  std::optional<WaitEffect> create_effect(const std::optional<std::string>& number_to_call,
                                          const CallTask* original, Params request);
  bool need_task_if_any();
  std::optional<QueueState> queue_state_now(std::string_view our_reason);
  void recover_callback(const WaitFailure& failed);
  void recover_voicemail(const WaitFailure& failed);
  void move_to_recording();
  void callback_instead_of_voicemail();
  CallTaskLookup waiting_call_task();
  bool worth_next_page(std::optional<int64_t> oldest_ms, int64_t next_page) const;
  Params recording_params() const;

  // --- modes ---
  void initialize();
  void main_wait_loop();
  void handle_initial_choice();
  void handle_menu_choice();
  void request_callback();
  void handle_callback_choice();
  void request_callback_number();
  void confirm_or_ask_again(const Result<std::string>& n);
  void confirm_callback_number_mode();
  void handle_confirm_callback_number();
  void confirm_callback_number(const std::string& number);
  void submit_callback();
  void request_voicemail();
  void record_voicemail();
  void voicemail_recorded();
  void submit_voicemail();
  void voicemail_call_ended();
  void request_callback_time();
  void handle_callback_time();
  void offer_callback_times();
  void handle_callback_time_choice();
  void confirm_callback_time();
  void handle_confirm_callback_time();
  void file_voicemail(Params request);
  void keyed_to_voicemail(WaitEffect& create) const;
  void reconcile(Params carried);
  std::optional<std::string> reception_time();
  void unknown_mode(std::string_view mode);
  void run_old(OldWaitMode mode);
  void old_confirm_number_option();
  void old_confirm_number();

  const Params& params_;
  const WaitOptions& options_;
  const WaitContext& context_;
  const WaitLookups& lookups_;
  std::optional<std::string> task_sid_;
  std::optional<std::string> task_queue_sid_;  // WQ…: the call task's queue, for its statistics
  std::optional<std::string> call_sid_;
  std::optional<std::string> caller_number_;  // dialable E.164 of the caller, if any
  std::optional<std::string> called_number_;
  std::string region_;  // where national numbers are read: the dialled country, else the default
  const prompts::Locale* default_locale_ = &prompts::kLocales[0];
  const prompts::Locale* locale_ = &prompts::kLocales[0];  // what this call hears
  bool carry_language_ = false;  // the request chose the locale: later URLs say so
  bool received_logged_ = false;
  std::string voice_;
  std::string say_language_;
  std::optional<int64_t> now_ms_;
  WaitPlan plan_;
};

// The call's `language` (from Studio or the waitUrl) chooses the locale; else
// the configured one. A configured language keeps its meaning from before the
// prompts had locales, the <Say> language: of the configured voice when one is
// set, and of the English prompts when it names no locale.
void Step::choose_locale() {
  const prompts::Locale* configured = options_.language.empty() ? nullptr : find_locale(options_.language);
  if (configured != nullptr) default_locale_ = configured;
  locale_ = default_locale_;
  if (auto asked = param("language")) {
    if (const prompts::Locale* l = find_locale(*asked)) {
      locale_ = l;
      carry_language_ = true;
    } else {
      log("unknown language \"" + asked->substr(0, 64) + "\"; speaking " +
          std::string(default_locale_->tag));
    }
  }
  voice_ = std::string(locale_->voice);
  say_language_ = std::string(locale_->language);
  if (locale_ == default_locale_ && !options_.language.empty() &&
      (configured == nullptr || (!options_.voice.empty() && is_language_region(options_.language))))
    say_language_ = options_.language;
  if (locale_ == default_locale_ && !options_.voice.empty()) voice_ = options_.voice;
  if (auto v = options_.voices.find(locale_->tag); v != options_.voices.end()) voice_ = v->second;
}

// Every mode that needs data asks before it says or does anything, so a plan
// with `needs` has no verbs and no effects.
WaitPlan Step::run() {
  // A `mode` that is absent, empty or not text starts the experience.
  std::string mode;
  if (auto it = params_.find("mode"); it != params_.end() && it->second.kind == Param::Kind::kText)
    mode = it->second.text;
  const std::optional<WaitMode> m = mode.empty() ? WaitMode::kInitialize : wait_mode_from(mode);
  if (!m) {
    if (auto old = old_wait_mode_from(mode)) {
      run_old(*old);
    } else {
      unknown_mode(mode);
    }
    return std::move(plan_);
  }
  switch (*m) {
    case WaitMode::kInitialize: initialize(); break;
    case WaitMode::kMainWaitLoop: main_wait_loop(); break;
    case WaitMode::kHandleInitialChoice: handle_initial_choice(); break;
    case WaitMode::kHandleMenuChoice: handle_menu_choice(); break;
    case WaitMode::kRequestCallback: request_callback(); break;
    case WaitMode::kHandleCallbackChoice: handle_callback_choice(); break;
    case WaitMode::kRequestCallbackNumber: request_callback_number(); break;
    case WaitMode::kConfirmCallbackNumber: confirm_callback_number_mode(); break;
    case WaitMode::kHandleConfirmCallbackNumber: handle_confirm_callback_number(); break;
    case WaitMode::kSubmitCallback: submit_callback(); break;
    case WaitMode::kRequestVoicemail: request_voicemail(); break;
    case WaitMode::kRecordVoicemail: record_voicemail(); break;
    case WaitMode::kVoicemailRecorded: voicemail_recorded(); break;
    case WaitMode::kSubmitVoicemail: submit_voicemail(); break;
    case WaitMode::kVoicemailCallEnded: voicemail_call_ended(); break;
    case WaitMode::kRequestCallbackTime: request_callback_time(); break;
    case WaitMode::kHandleCallbackTime: handle_callback_time(); break;
    case WaitMode::kOfferCallbackTimes: offer_callback_times(); break;
    case WaitMode::kHandleCallbackTimeChoice: handle_callback_time_choice(); break;
    case WaitMode::kConfirmCallbackTime: confirm_callback_time(); break;
    case WaitMode::kHandleConfirmCallbackTime: handle_confirm_callback_time(); break;
  }
  return std::move(plan_);
}

void Step::initialize() {
  const auto queue_sid = param("QueueSid");
  if (!call_sid_ || !queue_sid || !is_sid(*queue_sid, "QU")) {
    log("initialize: no CallSid or QueueSid in the request; callback and voicemail not offered");
    redirect(url(WaitMode::kMainWaitLoop));
    return;
  }
  if (!lookups_.queue_fetched) {
    WaitNeed n;
    n.type = NeedType::kQueue;
    n.queue_sid = *queue_sid;
    need(std::move(n));
    return;
  }
  const std::optional<std::string>& workflow = lookups_.queue_name;
  if (!workflow || !is_sid(*workflow, "WW")) {
    log("initialize: queue " + *queue_sid + " is not named after a workflow SID; "
        "callback and voicemail not offered");
    redirect(url(WaitMode::kMainWaitLoop));
    return;
  }
  // Pages are read newest first. The first page given is the one the last
  // `needs` asked for; the pages after it were read for other calls and save
  // a round trip each, as long as they follow on.
  const PendingPage* last = nullptr;
  for (const PendingPage& page : lookups_.pending_pages) {
    if (last != nullptr && (!last->has_more || page_number(page) != page_number(*last) + 1)) break;
    last = &page;
    if (auto found = find_task_by_call_sid(page.tasks, *call_sid_)) {
      for (const PendingTask& t : page.tasks) {
        if (t.sid == *found && is_sid(t.task_queue_sid, "WQ")) task_queue_sid_ = t.task_queue_sid;
      }
      task_sid_ = std::move(found);
      redirect(url(WaitMode::kMainWaitLoop, with_task()));
      return;
    }
  }
  const int64_t next_page = last != nullptr ? page_number(*last) + 1 : 0;
  if (last == nullptr || (last->has_more && worth_next_page(oldest_of(last->tasks), next_page))) {
    WaitNeed n;
    n.type = NeedType::kPendingTasks;
    n.workflow_sid = *workflow;
    n.page = next_page;
    need(std::move(n));
    return;
  }
  log("initialize: no pending task for call " + *call_sid_ + " in workflow " + *workflow +
      "; callback and voicemail not offered");
  redirect(url(WaitMode::kMainWaitLoop));
}

// Whether the caller's task can still be on a later page. Pages list the
// newest tasks first: once a page reaches tasks created before the call
// entered the queue, the call's own task would already have been seen.
bool Step::worth_next_page(std::optional<int64_t> oldest_ms, int64_t next_page) const {
  const auto queued_s = count_param("QueueTime");
  const auto now = parse_iso_instant(context_.now);
  if (!queued_s || !now) return next_page < options_.max_lookup_pages;
  if (next_page >= kMaxLookupPagesByTime) return false;
  const int64_t entered_ms = *now - *queued_s * 1000 - kEnqueueSlackMs;
  return !oldest_ms || *oldest_ms >= entered_ms;
}

void Step::main_wait_loop() {
  // Outside the calling window the caller hears when it opens instead of the wait.
  const std::optional<int64_t> opens = closed_until();
  if (!opens && task_sid_ && task_queue_sid_ && wants_statistics() && !lookups_.statistics_fetched) {
    WaitNeed n;
    n.type = NeedType::kQueueStatistics;
    n.queue_sid = *task_queue_sid_;
    need(std::move(n));
    return;
  }
  const WaitEstimate estimate =
      estimate_wait(lookups_.statistics_fetched ? lookups_.statistics : std::nullopt,
                    count_param("QueuePosition"), count_param("QueueTime").value_or(0),
                    options_.offer_after_seconds);
  if (param("skipGreeting").value_or("") != "true") say_line("greeting");
  if (opens) {
    add(say_texts("closedNow", {{"opening", spoken(*opens, caller_number_)}}));
  } else if (task_sid_) {
    announce(estimate);
  }
  if (task_sid_ && offers_callback() && (estimate.offer || opens)) {
    const char* prompt = opens ? (offers_voicemail() ? "closedOptionsPrompt" : "closedOptionsPromptCallbackOnly")
                               : (offers_voicemail() ? "optionsPrompt" : "optionsPromptCallbackOnly");
    add(gather(url(WaitMode::kHandleInitialChoice, with_task()), {say_message(prompt), play_hold_music()}, 2, 1,
               std::nullopt));
  } else {
    say_line("optionsUnavailable");
    add(play_hold_music());
  }
  back_to_queue();
}

void Step::announce(const WaitEstimate& e) {
  if (options_.announce_position && e.position) add(say_filled("queuePosition", "position", *e.position));
  if (!options_.announce_wait || !e.expected_seconds) return;
  const int64_t seconds = *e.expected_seconds;
  if (seconds < 60) {
    say_line("expectedWaitShort");
  } else if (seconds < 90) {
    say_line("expectedWaitOneMinute");
  } else {
    add(say_filled("expectedWait", "minutes", (seconds + 30) / 60));
  }
}

void Step::handle_initial_choice() {
  if (!task_sid_ || param("Digits").value_or("") != "*") {
    back_to_queue();
    return;
  }
  add(gather(url(WaitMode::kHandleMenuChoice, with_task()),
             {say_message(offers_voicemail() ? "menu" : "menuCallbackOnly")}, 2, 1, std::nullopt));
  back_to_queue();
}

void Step::handle_menu_choice() {
  const std::string digit = param("Digits").value_or("");
  if (task_sid_ && digit == "1" && offers_callback()) {
    redirect(url(WaitMode::kRequestCallback, with_task()));
  } else if (task_sid_ && digit == "2" && offers_voicemail()) {
    redirect(url(WaitMode::kRequestVoicemail, with_task()));
  } else {
    back_to_queue();
  }
}

void Step::request_callback() {
  if (!caller_number_) {
    if (options_.allow_alternate_number) {
      redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
    } else {
      say_line("callbackNoNumber");
      back_to_queue();
    }
    return;
  }
  if (!options_.allow_alternate_number) {
    to_submit_callback(*caller_number_);
    return;
  }
  add(gather(url(WaitMode::kHandleCallbackChoice, with_task()),
             {say_message("callbackNumberIntro"), say(*caller_number_, true),
              say_message("callbackNumberOptions")},
             5, 1, std::nullopt));
  back_to_queue();
}

void Step::handle_callback_choice() {
  const std::string digit = param("Digits").value_or("");
  if (digit == "1" && caller_number_) {
    to_submit_callback(*caller_number_);
  } else if (digit == "2" && options_.allow_alternate_number) {
    redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
  } else {
    // Any other key keeps the caller holding, as the menu says.
    back_to_queue();
  }
}

void Step::request_callback_number() {
  add(gather(url(WaitMode::kConfirmCallbackNumber, with_task()), {say_message("enterNumber")}, 10,
             kMaxNumberEntryDigits, "#"));
  back_to_queue();
}

void Step::confirm_callback_number_mode() {
  auto digits = param("Digits");
  confirm_or_ask_again(digits ? normalize_phone_number(*digits, "Digits", NumberRole::kToCall, region_)
                              : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no digits")));
}

// Reads a keyed number back for confirmation, or says it is unusable and asks again.
void Step::confirm_or_ask_again(const Result<std::string>& n) {
  if (n.ok()) {
    confirm_callback_number(n.value());
  } else {
    say_line("invalidNumber");
    redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
  }
}

void Step::handle_confirm_callback_number() {
  auto cb = param("cbphone");
  auto n = cb ? normalize_phone_number(*cb, "cbphone", NumberRole::kToCall, region_)
              : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no number"));
  const std::string digit = param("Digits").value_or("");
  if (!n.ok() || digit == "2") {
    redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
  } else if (digit == "1") {
    to_submit_callback(n.value());
  } else {
    confirm_callback_number(n.value());
  }
}

void Step::confirm_callback_number(const std::string& number) {
  const std::string action =
      url(WaitMode::kHandleConfirmCallbackNumber, with_task({{"cbphone", number}}));
  add(gather(action,
             {say_message("confirmNumberIntro"), say(number, true),
              say_message("confirmNumberOptions")},
             15, 1, std::nullopt));
  redirect(action);
}

WaitEffect Step::cancel_effect(const CallTask& task, std::string_view reason) const {
  WaitEffect e;
  e.type = WaitEffectType::kCancelTask;
  e.task_sid = task.task.sid;
  e.reason = std::string(reason);
  AttributePatch patch;
  patch.update_conversations = true;
  patch.conversations_texts.emplace_back("abandoned", std::string(lit::kAbandonedFollowUp));
  e.attributes = std::move(patch);
  return e;
}

// Builds the createTask effect for a callback (or a voicemail, when the
// request carries a recording); nullopt when the request is unusable.
std::optional<WaitEffect> Step::create_effect(const std::optional<std::string>& number_to_call,
                                              const CallTask* original, Params request) {
  request["numberToCall"] = text(number_to_call.value_or(""));
  request["numberToCallFrom"] = text(called_number_.value_or(""));
  if (call_sid_) request["CallSid"] = text(*call_sid_);
  auto validated = validate_create_callback(request, lit::kWaitExperiencePath);
  if (!validated.ok()) {
    log("cannot create the task: " + validated.error().message);
    return std::nullopt;
  }
  // The task was received when the caller entered the queue, not when this
  // step runs (a transcription can come minutes later).
  if (auto received = reception_time()) validated.value().utc_date_time_received = std::move(received);
  // Set on the validated request, not through the parameters: validation
  // ignores a caller's virtualStartTime, and this one comes from the call's task.
  if (original != nullptr && options_.retain_place_in_queue && original->task.date_created) {
    if (auto ms = parse_iso_instant(*original->task.date_created))
      validated.value().virtual_start_time = format_iso_instant(*ms);
  }
  const OriginalTask* routing =
      original != nullptr && options_.retain_routing ? &original->task : nullptr;
  if (original != nullptr && !options_.retain_routing) {
    // Without the routing, the callback still belongs to the same conversation.
    validated.value().conversation_id = original->task.sid;
  }
  auto spec = decide_callback_task(validated.value(), routing, options_.callback, context_.now);
  if (!spec.ok()) {
    log("cannot create the task: " + spec.error().message);
    return std::nullopt;
  }
  WaitEffect e;
  e.type = WaitEffectType::kCreateTask;
  e.task = std::move(spec.value());
  e.from_call_task = routing != nullptr;
  return e;
}

// Asks for the call task when the request names one; returns true while waiting for it.
bool Step::need_task_if_any() {
  if (task_sid_ && !task_fetched()) {
    WaitNeed n;
    n.type = NeedType::kTask;
    n.task_sid = *task_sid_;
    need(std::move(n));
    return true;
  }
  return false;
}

CallTaskLookup Step::waiting_call_task() {
  if (need_task_if_any()) return {true, nullptr};
  const CallTask* task = fetched_task();
  if (task != nullptr && !still_waiting(*task)) {
    say_line("agentAnswering");
    back_to_queue();
    return {true, nullptr};
  }
  return {false, task};
}

Params Step::recording_params() const {
  Params p;
  p["RecordingSid"] = text(param("RecordingSid").value_or(""));
  p["RecordingUrl"] = text(param("RecordingUrl").value_or(""));
  return p;
}

void Step::submit_callback() {
  if (const auto& failed = failure()) {
    recover_callback(*failed);
    return;
  }
  if (lookups_.merged_scheduled_local) {
    // The effects ran; the request joined the number's open callback.
    const std::string& when = *lookups_.merged_scheduled_local;
    if (when.empty()) {
      say_line("callbackAlreadyBooked");
    } else {
      std::string text = message("callbackAlreadyBookedAt");
      if (auto at = text.find("{{time}}"); at != std::string::npos) text.replace(at, 8, when);
      add(say(std::move(text)));
    }
    hangup();
    return;
  }
  const CallTaskLookup call = waiting_call_task();
  if (call.ends) return;
  std::optional<std::string> number = param("cbphone");
  if (!number) {
    // The old feature's URLs name the number `to`.
    if (auto to = param("to")) {
      auto n = old_number(*to, "to");
      number = n.ok() ? std::move(n.value()) : std::move(*to);
    }
  }
  // A time the caller chose is checked again: it may have passed meanwhile.
  std::optional<int64_t> scheduled;
  if (schedules() && param("scheduledFor")) {
    scheduled = instant_param("scheduledFor");
    if (!scheduled ||
        !validate_scheduled_for(*now_ms_, *scheduled, *options_.window, options_.horizon_days).ok()) {
      say_line("slotPassed");
      redirect(url(WaitMode::kOfferCallbackTimes, with_task({{"cbphone", number.value_or("")}})));
      return;
    }
  }
  auto create = create_effect(number, call.task, Params{});
  if (!create) {
    say_line("callbackFailed");
    back_to_queue();
    return;
  }
  if (scheduled) {
    create->callback_data_texts.emplace_back("scheduledFor", format_iso_instant(*scheduled));
    create->callback_data_texts.emplace_back("scheduledTimeZone", caller_zone(*options_.window, number).name);
  }
  // Create first, cancel last: until the callback exists the caller keeps
  // their place, and an agent can still answer up to the cancel.
  effect(std::move(*create));
  if (call.task != nullptr) effect(cancel_effect(*call.task, lit::kCancelReasonCallback));
  say_submitted();
  hangup();
}

// With a calling window, a caller who chose a callback chooses its time first.
void Step::to_submit_callback(const std::string& number) {
  redirect(url(schedules() ? WaitMode::kRequestCallbackTime : WaitMode::kSubmitCallback,
               with_task({{"cbphone", number}})));
}

// What a caller hears once their callback exists: its time when they chose
// one, when the centre opens when it is closed, else "as soon as possible".
void Step::say_submitted() {
  if (schedules()) {
    const std::optional<std::string> number = chosen_number();
    if (auto at = instant_param("scheduledFor")) {
      add(say_texts("callbackScheduled", {{"slot", spoken(*at, number)}}));
      return;
    }
    if (auto opens = closed_until()) {
      add(say_texts("callbackWhenOpen", {{"opening", spoken(*opens, number)}}));
      return;
    }
  }
  say_line("callbackSubmitted");
}

// "As soon as possible" (when the centre opens, if closed) or a later time.
// Without any open slot ahead there is nothing to choose: the callback is made.
void Step::request_callback_time() {
  const auto number = chosen_number();
  if (!number) {
    redirect(url(WaitMode::kRequestCallback, with_task()));
    return;
  }
  if (!schedules() || page_slots(*now_ms_).empty()) {
    redirect(url(WaitMode::kSubmitCallback, with_task({{"cbphone", *number}})));
    return;
  }
  add(gather(url(WaitMode::kHandleCallbackTime, with_task({{"cbphone", *number}})),
             {say_message(closed_until() ? "callbackTimeOptionsClosed" : "callbackTimeOptions")}, 5, 1,
             std::nullopt));
  back_to_queue();
}

void Step::handle_callback_time() {
  const auto number = chosen_number();
  if (!number) {
    redirect(url(WaitMode::kRequestCallback, with_task()));
    return;
  }
  const std::string digit = param("Digits").value_or("");
  if (digit == "1" || !schedules()) {
    redirect(url(WaitMode::kSubmitCallback, with_task({{"cbphone", *number}})));
  } else if (digit == "2") {
    redirect(url(WaitMode::kOfferCallbackTimes, with_task({{"cbphone", *number}})));
  } else {
    say_line("invalidChoice");
    redirect(url(WaitMode::kRequestCallbackTime, with_task({{"cbphone", *number}})));
  }
}

// The next open slots from `slotsFrom` (now on the first page), a key each,
// spoken in the zone of the number to call back.
void Step::offer_callback_times() {
  const auto number = chosen_number();
  if (!number || !schedules()) {
    redirect(url(number ? WaitMode::kSubmitCallback : WaitMode::kRequestCallback,
                 with_task(number ? Query{{"cbphone", *number}} : Query{})));
    return;
  }
  const int64_t from = std::max(instant_param("slotsFrom").value_or(*now_ms_), *now_ms_ - kScheduleSlackMs);
  std::vector<int64_t> slots = page_slots(from);
  if (slots.empty()) {
    say_line("noSlots");
    redirect(url(WaitMode::kRequestCallbackTime, with_task({{"cbphone", *number}})));
    return;
  }
  const bool more = slots.size() > static_cast<size_t>(kSlotsPerPage);
  if (more) slots.resize(kSlotsPerPage);
  std::vector<Verb> menu{say_message("slotsIntro")};
  for (size_t i = 0; i < slots.size(); ++i)
    menu.push_back(say_texts("slotOption", {{"slot", spoken(slots[i], number)}, {"key", std::to_string(i + 1)}}));
  if (more) menu.push_back(say_message("slotsMore"));
  menu.push_back(say_message("slotsBack"));
  add(gather(url(WaitMode::kHandleCallbackTimeChoice,
                 with_task({{"cbphone", *number}, {"slotsFrom", format_iso_instant(from)}})),
             std::move(menu), 5, 1, std::nullopt));
  back_to_queue();
}

// A key of the page `slotsFrom` offered: a slot (read back next), 9 for the
// later slots, star back to "as soon as possible or later"; any other key
// offers the page again.
void Step::handle_callback_time_choice() {
  const auto number = chosen_number();
  if (!number || !schedules()) {
    redirect(url(WaitMode::kRequestCallbackTime, with_task(number ? Query{{"cbphone", *number}} : Query{})));
    return;
  }
  const std::string digit = param("Digits").value_or("");
  if (digit == "*") {
    redirect(url(WaitMode::kRequestCallbackTime, with_task({{"cbphone", *number}})));
    return;
  }
  // The page as it was read out (its action carries the instant it started
  // from), so a key means the slot the caller heard; one that has passed
  // meanwhile is refused when read back.
  const int64_t from = instant_param("slotsFrom").value_or(*now_ms_);
  const std::vector<int64_t> slots = page_slots(from);
  const size_t shown = std::min(slots.size(), static_cast<size_t>(kSlotsPerPage));
  if (digit.size() == 1 && digit[0] >= '1' && static_cast<size_t>(digit[0] - '0') <= shown) {
    const int64_t chosen = slots[static_cast<size_t>(digit[0] - '1')];
    redirect(url(WaitMode::kConfirmCallbackTime,
                 with_task({{"cbphone", *number}, {"scheduledFor", format_iso_instant(chosen)}})));
  } else if (digit == "9" && slots.size() > shown) {
    redirect(url(WaitMode::kOfferCallbackTimes,
                 with_task({{"cbphone", *number}, {"slotsFrom", format_iso_instant(slots[shown])}})));
  } else {
    say_line("invalidChoice");
    redirect(url(WaitMode::kOfferCallbackTimes,
                 with_task({{"cbphone", *number}, {"slotsFrom", format_iso_instant(from)}})));
  }
}

// Reads the chosen time back: 1 confirms it, 2 chooses another.
void Step::confirm_callback_time() {
  const auto number = chosen_number();
  if (!number || !schedules()) {
    redirect(url(WaitMode::kRequestCallbackTime, with_task(number ? Query{{"cbphone", *number}} : Query{})));
    return;
  }
  const auto at = instant_param("scheduledFor");
  if (!at || !validate_scheduled_for(*now_ms_, *at, *options_.window, options_.horizon_days).ok()) {
    if (at) say_line("slotPassed");
    redirect(url(WaitMode::kOfferCallbackTimes, with_task({{"cbphone", *number}})));
    return;
  }
  const std::string action = url(WaitMode::kHandleConfirmCallbackTime,
                                 with_task({{"cbphone", *number}, {"scheduledFor", format_iso_instant(*at)}}));
  add(gather(action, {say_texts("confirmSlot", {{"slot", spoken(*at, number)}})}, 10, 1, std::nullopt));
  redirect(action);
}

void Step::handle_confirm_callback_time() {
  const auto number = chosen_number();
  const std::string digit = param("Digits").value_or("");
  const auto at = instant_param("scheduledFor");
  if (number && at && digit == "1") {
    redirect(url(WaitMode::kSubmitCallback,
                 with_task({{"cbphone", *number}, {"scheduledFor", format_iso_instant(*at)}})));
  } else if (number && digit == "2") {
    redirect(url(WaitMode::kOfferCallbackTimes, with_task({{"cbphone", *number}})));
  } else {
    confirm_callback_time();
  }
}

void Step::request_voicemail() {
  if (const auto& failed = failure()) {
    recover_voicemail(*failed);
    return;
  }
  if (!offers_voicemail()) {
    back_to_queue();
    return;
  }
  const CallTaskLookup call = waiting_call_task();
  if (call.ends) return;
  if (!call_sid_) {
    log("request-voicemail: no CallSid to move to the recording");
    say_line("voicemailUnavailable");
    back_to_queue();
    return;
  }
  // Cancel first: once the call leaves the queue TaskRouter would cancel the
  // task itself, without the reason and Follow-Up attributes.
  if (call.task != nullptr) effect(cancel_effect(*call.task, lit::kCancelReasonVoicemail));
  move_to_recording();
}

void Step::move_to_recording() {
  WaitEffect move;
  move.type = WaitEffectType::kUpdateCall;
  move.call_sid = call_sid_.value_or("");
  move.url = url(WaitMode::kRecordVoicemail, voicemail_query());
  // Twilio tells this URL when the call ends: a caller who hangs up before a
  // recording exists is called back instead of lost.
  move.status_callback = url(WaitMode::kVoicemailCallEnded, voicemail_query());
  effect(std::move(move));
  pause(5);
}

// An effect's failure says only that its answer did not come: the change may
// have happened. So the recovery reads the call task again and chooses by what
// it finds. A callback is withdrawn, and a caller told to keep holding, only
// while the caller still holds a live queue task.
std::optional<QueueState> Step::queue_state_now(std::string_view our_reason) {
  if (!task_sid_) return QueueState::kGone;
  const auto& reread = lookups_.reread;
  if (!reread || reread->task_sid != *task_sid_) {
    WaitNeed n;
    n.type = NeedType::kReread;
    n.task_sid = *task_sid_;
    need(std::move(n));
    return std::nullopt;
  }
  if (!reread->known) return QueueState::kUnknown;
  if (!reread->task) return QueueState::kGone;
  const CallTask& now = *reread->task;
  const std::string& status = now.assignment_status;
  if (still_waiting(now)) return QueueState::kWaiting;
  if (status == "assigned" || status == "wrapping") return QueueState::kWithAgent;
  if (status == "canceled" && now.reason == our_reason) return QueueState::kCanceledByUs;
  if (status.empty()) return QueueState::kUnknown;
  return QueueState::kGone;
}

void Step::recover_callback(const WaitFailure& failed) {
  const bool created =
      failed.created_task_sid.has_value() ||
      std::find(failed.completed.begin(), failed.completed.end(), WaitEffectType::kCreateTask) !=
          failed.completed.end();
  if (failed.effect != WaitEffectType::kCancelTask || !created) {
    // No callback exists (the create failed before the cancel was tried, or
    // this was the withdrawal of one): the caller's task is as the step found it.
    say_line("callbackFailed");
    back_to_queue();
    return;
  }
  const std::optional<QueueState> state = queue_state_now(lit::kCancelReasonCallback);
  if (!state) return;
  if (*state == QueueState::kWaiting || *state == QueueState::kWithAgent) {
    // The call could not be taken out of the queue (an agent may be answering
    // it): withdraw the callback so the contact is not served twice.
    if (failed.created_task_sid) {
      WaitEffect withdraw;
      withdraw.type = WaitEffectType::kCancelTask;
      withdraw.task_sid = *failed.created_task_sid;
      withdraw.reason = "Withdrawn: the call could not leave the queue";
      effect(std::move(withdraw));
    }
    say_line(*state == QueueState::kWithAgent ? "agentAnswering" : "callbackFailed");
    back_to_queue();
    return;
  }
  // The cancel happened and only its answer was lost, or nothing holds the
  // caller any more: the callback is their place. When the task cannot be read,
  // hanging up is still safe: TaskRouter cancels a hung-up call's waiting task.
  log(*state == QueueState::kCanceledByUs
          ? "submit-callback: the cancel's answer was lost, but the call task is canceled"
          : *state == QueueState::kGone
                ? "submit-callback: the call task left the queue; the callback stands"
                : "submit-callback: the call task could not be read again; the callback stands");
  say_submitted();
  hangup();
}

void Step::recover_voicemail(const WaitFailure& failed) {
  switch (failed.effect) {
    case WaitEffectType::kCreateTask:
      // Only the callback offered instead of the voicemail is created here.
      log("request-voicemail: the callback offered instead could not be created");
      say_line("voicemailFailedHangup");
      hangup();
      return;
    case WaitEffectType::kUpdateCall:
      // The call task is canceled (or there was none) and the call could not be
      // moved to the recording: nothing holds the caller, so they get a callback.
    case WaitEffectType::kUpdateTask:
      // Or the callback's key named a task that changed meanwhile: look again.
      callback_instead_of_voicemail();
      return;
    case WaitEffectType::kCancelTask:
      break;
  }
  const std::optional<QueueState> state = queue_state_now(lit::kCancelReasonVoicemail);
  if (!state) return;
  switch (*state) {
    case QueueState::kWaiting:
      say_line("voicemailUnavailable");
      back_to_queue();
      return;
    case QueueState::kWithAgent:
      say_line("agentAnswering");
      back_to_queue();
      return;
    case QueueState::kCanceledByUs:
    case QueueState::kGone:
    case QueueState::kUnknown:
      // The cancel happened (its answer was lost) or the task left the queue:
      // go on to the recording. When the task cannot be read, moving the call
      // is still safe: TaskRouter cancels the task of a call that left the queue.
      log(*state == QueueState::kCanceledByUs
              ? "request-voicemail: the cancel's answer was lost, but the call task is canceled"
              : "request-voicemail: the call task is no longer waiting; moving to the recording");
      if (!call_sid_) {
        callback_instead_of_voicemail();
        return;
      }
      move_to_recording();
      return;
  }
}

void Step::callback_instead_of_voicemail() {
  if (lookups_.existing) {
    // The call already has its task (the move happened after all, or a retry).
    reconcile(Params{});
    say_line("voicemailFailedCallback");
    hangup();
    return;
  }
  auto create = create_effect(caller_number_, fetched_task(), Params{});
  if (!create) {
    say_line("voicemailFailedHangup");
    hangup();
    return;
  }
  // Under the voicemail's key: if the call was moved after all, its recording
  // is added to this task instead of making a second one.
  keyed_to_voicemail(*create);
  effect(std::move(*create));
  say_line("voicemailFailedCallback");
  hangup();
}

void Step::record_voicemail() {
  say_line("voicemailPrompt");
  Verb record;
  record.type = VerbType::kRecord;
  record.timeout = 10;
  record.max_length = options_.voicemail_max_length;
  record.finish_on_key = "*";
  record.action = url(WaitMode::kVoicemailRecorded, voicemail_query());
  record.transcribe = options_.transcribe;
  if (options_.transcribe)
    record.transcribe_callback = url(WaitMode::kSubmitVoicemail, voicemail_query());
  add(std::move(record));
  say_line("voicemailNotCaptured");
  redirect(url(WaitMode::kRecordVoicemail, voicemail_query()));
}

void Step::voicemail_recorded() {
  // Twilio made no recording, or an empty one: ask again while the caller is
  // on the line. A caller who hung up gets a callback when the call's end is told.
  if (!param("RecordingSid") || param("RecordingDuration").value_or("") == "0") {
    say_line("voicemailNotCaptured");
    redirect(url(WaitMode::kRecordVoicemail, voicemail_query()));
    return;
  }
  // The voicemail task is made now, from the recording, so that the call's end
  // (which can come before the transcription, minutes later) finds it.
  file_voicemail(recording_params());
  if (plan_.needs) return;
  say_line("voicemailRecorded");
  hangup();
}

void Step::submit_voicemail() {
  if (!param("RecordingSid")) {
    log("submit-voicemail: no RecordingSid in the transcription callback");
    return;
  }
  Params request = recording_params();
  if (param("TranscriptionStatus").value_or("completed") == "completed") {
    if (auto sid = param("TranscriptionSid")) request["TranscriptionSid"] = text(std::move(*sid));
    if (auto t = param("TranscriptionText")) request["TranscriptionText"] = text(std::move(*t));
  }
  file_voicemail(std::move(request));
}

// Whatever arrives first for a call (its recording, its transcription, its end)
// makes its one task under the call's voicemail key; what arrives later is
// added to that task.
void Step::file_voicemail(Params request) {
  if (lookups_.existing) {
    reconcile(std::move(request));
    return;
  }
  if (failure()) {
    // The transcription callback or the call's end makes the task instead.
    log("the voicemail task could not be created");
    return;
  }
  if (need_task_if_any()) return;
  if (auto e = create_effect(caller_number_, fetched_task(), std::move(request))) {
    keyed_to_voicemail(*e);
    effect(std::move(*e));
  }
}

// One key per call for the voicemail and the callback that stands in for it,
// so whichever comes first is the call's only task. Without a CallSid (an old
// URL), the recording's own key.
void Step::keyed_to_voicemail(WaitEffect& create) const {
  if (call_sid_) create.task.request_key = std::string(kVoicemailKeyPrefix) + *call_sid_;
  create.reconcile = true;
}

// The task the key already names gets the recording and transcript this step
// carries that it lacks (a callback made at the call's end becomes the
// voicemail); a task already closed, or lacking nothing, is left alone.
void Step::reconcile(Params carried) {
  const ExistingTask& existing = *lookups_.existing;
  const std::string& sid = existing.task.task.sid;
  const std::string& status = existing.task.assignment_status;
  if (status == "canceled" || status == "completed") {
    log("the call's task " + sid + " is " + status + "; nothing added to it");
    return;
  }
  // Only the recording and transcript are read; the numbers are the task's when
  // this step names none.
  const CallbackData& has = existing.task.task.callback_data;
  carried["numberToCall"] = text(caller_number_ ? *caller_number_ : has.number_to_call.value_or(""));
  carried["numberToCallFrom"] =
      text(called_number_ ? *called_number_ : has.number_to_call_from.value_or(""));
  auto request = validate_create_callback(carried, lit::kWaitExperiencePath);
  if (!request.ok()) {
    log("nothing to add to " + sid + ": " + request.error().message);
    return;
  }
  AttributePatch patch;
  patch.update_callback_data = true;
  if (request.value().recording_sid && !has.recording_sid) {
    patch.texts.emplace_back("taskType", std::string(lit::kTaskTypeVoicemail));
    patch.callback_data_removed.emplace_back("voicemailAbandoned");
    patch.callback_data_texts.emplace_back("recordingSid", *request.value().recording_sid);
    if (request.value().recording_url)
      patch.callback_data_texts.emplace_back("recordingUrl", *request.value().recording_url);
  }
  if (request.value().transcript_sid && !has.transcript_sid) {
    patch.callback_data_texts.emplace_back("transcriptSid", *request.value().transcript_sid);
    if (request.value().transcript_text)
      patch.callback_data_texts.emplace_back("transcriptText", *request.value().transcript_text);
  }
  if (patch.callback_data_texts.empty()) {
    log("the call's task " + sid + " already has what this step carries");
    return;
  }
  WaitEffect update;
  update.type = WaitEffectType::kUpdateTask;
  update.task_sid = sid;
  update.etag = existing.etag;
  update.attributes = std::move(patch);
  effect(std::move(update));
}

// Twilio's status callback of a call moved to the recording. The TwiML
// answered is not played. A caller who hung up before any recording existed
// (during the prompt, before speaking, or with nothing recorded) is called back.
void Step::voicemail_call_ended() {
  const std::string status = param("CallStatus").value_or("completed");
  if (status != "completed" && status != "canceled" && status != "failed" && status != "busy" &&
      status != "no-answer") {
    log("voicemail-call-ended: the call is " + status.substr(0, 32) + ", not ended");
    return;
  }
  if (!call_sid_) {
    log("voicemail-call-ended: no CallSid");
    return;
  }
  if (lookups_.existing) {
    reconcile(Params{});
    return;
  }
  if (failure()) {
    log("voicemail-call-ended: the callback for call " + *call_sid_ + " could not be created");
    return;
  }
  if (need_task_if_any()) return;
  auto create = create_effect(caller_number_, fetched_task(), Params{});
  if (!create) return;
  create->task.callback_data.voicemail_abandoned = true;
  keyed_to_voicemail(*create);
  effect(std::move(*create));
}

// When the caller entered the queue, if known: the URL's `receivedAt` (an ISO
// instant or epoch seconds, believed only within bounds), else the call task's
// creation, else now less Twilio's QueueTime.
std::optional<std::string> Step::reception_time() {
  const auto now = parse_iso_instant(context_.now);
  if (!now) return std::nullopt;
  const auto believable = [&](int64_t ms) -> std::optional<std::string> {
    if (ms > *now + kReceivedSlackMs || ms < *now - kMaxReceivedAgeMs) return std::nullopt;
    return format_iso_instant(std::min(ms, *now));
  };
  const auto seconds = [](const std::string& s) { return text::whole_number(s, 12); };
  if (auto given = param("receivedAt")) {
    std::optional<int64_t> ms = parse_iso_instant(*given);
    if (!ms)
      if (auto s = seconds(*given)) ms = *s * 1000;
    if (ms)
      if (auto r = believable(*ms)) return r;
    if (!received_logged_) {
      log("receivedAt \"" + given->substr(0, 40) + "\" is not a believable reception time; not used");
      received_logged_ = true;
    }
  }
  if (const CallTask* t = fetched_task(); t != nullptr && t->task.date_created) {
    if (auto ms = parse_iso_instant(*t->task.date_created))
      if (auto r = believable(*ms)) return r;
  }
  if (auto queued = param("QueueTime"))
    if (auto s = seconds(*queued); s && *s <= kMaxReceivedAgeMs / 1000) return believable(*now - *s * 1000);
  return std::nullopt;
}

// The old feature's own modes, as it meant them. Its other modes have our names.
void Step::run_old(OldWaitMode mode) {
  switch (mode) {
    // 1: callback, 2: voicemail, any other key: keep holding, as our menu.
    case OldWaitMode::kHandleCallbackOrVoicemailChoice: handle_menu_choice(); break;
    case OldWaitMode::kHandleCallbackForOtherNumberConfirmationOption:
      old_confirm_number_option();
      break;
    case OldWaitMode::kHandleCallbackForOtherNumberConfirmation: old_confirm_number(); break;
  }
}

// The number was keyed after the old prompt, which asked for the country code first.
void Step::old_confirm_number_option() {
  auto digits = param("Digits");
  confirm_or_ask_again(digits ? old_number(*digits, "Digits")
                              : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no digits")));
}

// 1 submits the callback to `updatedPhoneNumber`; any other key enters the number again.
void Step::old_confirm_number() {
  auto updated = param("updatedPhoneNumber");
  auto n = updated ? old_number(*updated, "updatedPhoneNumber")
                   : Result<std::string>(make_error(ErrorCode::kInvalidParameter, "no number"));
  if (!n.ok()) {
    say_line("invalidNumber");
    redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
  } else if (param("Digits").value_or("") == "1") {
    to_submit_callback(n.value());
  } else {
    redirect(url(WaitMode::kRequestCallbackNumber, with_task()));
  }
}

void Step::unknown_mode(std::string_view m) {
  log("unknown mode \"" + std::string(m.substr(0, 64)) + "\"");
  say_line("unknownMode");
  back_to_queue();
}

}  // namespace

const std::map<std::string, std::string, std::less<>>& default_wait_messages(
    std::string_view locale) {
  using Messages = std::map<std::string, std::string, std::less<>>;
  static const std::vector<Messages> kByLocale = [] {
    std::vector<Messages> all(prompts::kLocaleCount);
    for (size_t i = 0; i < prompts::kLocaleCount; ++i)
      for (size_t k = 0; k < prompts::kMessageCount; ++k)
        all[i].emplace(prompts::kMessageKeys[k], prompts::kLocales[i].messages[k]);
    return all;
  }();
  const prompts::Locale* l = locale_by_tag(locale);
  return kByLocale[l != nullptr ? static_cast<size_t>(l - prompts::kLocales) : 0];
}

std::optional<WaitLocale> wait_locale(std::string_view tag) {
  const prompts::Locale* l = find_locale(tag);
  if (l == nullptr) return std::nullopt;
  return WaitLocale{l->tag, l->voice, l->language};
}

std::vector<WaitLocale> wait_locales() {
  std::vector<WaitLocale> all;
  for (size_t i = 0; i < prompts::kLocaleCount; ++i)
    all.push_back({prompts::kLocales[i].tag, prompts::kLocales[i].voice, prompts::kLocales[i].language});
  return all;
}

Result<WaitPlan> wait_step(const WaitStepInput& input) {
  if (input.context.wait_url.empty())
    return make_error(ErrorCode::kInvalidInput, "context.waitUrl must be the function's URL.");
  for (const auto& [key, text] : input.options.messages) {
    if (default_wait_messages().count(key) == 0)
      return make_error(ErrorCode::kInvalidInput,
                        "options.messages." + key.substr(0, 64) + " is not a known message.");
  }
  // Overrides and voices name a locale by its exact tag, so two spellings of
  // one locale cannot both claim it.
  for (const auto& [tag, messages] : input.options.locale_messages) {
    if (locale_by_tag(tag) == nullptr)
      return make_error(ErrorCode::kInvalidInput,
                        "options.messages." + tag.substr(0, 64) +
                            " is neither a known message nor a locale (" + locale_tags() + ").");
    for (const auto& [key, text] : messages) {
      if (default_wait_messages().count(key) == 0)
        return make_error(ErrorCode::kInvalidInput, "options.messages." + tag + "." +
                                                        key.substr(0, 64) + " is not a known message.");
    }
  }
  for (const auto& [tag, voice] : input.options.voices) {
    if (locale_by_tag(tag) == nullptr)
      return make_error(ErrorCode::kInvalidInput, "options.voices." + tag.substr(0, 64) +
                                                      " is not a locale (" + locale_tags() + ").");
  }
  return Step(input).run();
}

WaitEstimate estimate_wait(const std::optional<QueueStatistics>& statistics,
                           std::optional<int64_t> queue_position, int64_t queue_time_seconds,
                           int64_t offer_after_seconds) {
  WaitEstimate e;
  if (queue_position && *queue_position >= 1) e.position = queue_position;
  if (statistics && statistics->accepted > 0 && statistics->average_wait_seconds &&
      *statistics->average_wait_seconds >= 0) {
    const int64_t left = *statistics->average_wait_seconds - std::max<int64_t>(queue_time_seconds, 0);
    e.expected_seconds = std::max<int64_t>(left, 0);
  }
  e.offer = offer_after_seconds <= 0 || !e.expected_seconds || *e.expected_seconds > offer_after_seconds;
  return e;
}

std::optional<std::string> find_task_by_call_sid(const std::vector<PendingTask>& tasks,
                                                 std::string_view call_sid) {
  if (call_sid.empty()) return std::nullopt;
  for (const auto& task : tasks) {
    // A task whose status the page did not give is taken as waiting.
    if (!task.assignment_status.empty() && task.assignment_status != "pending" &&
        task.assignment_status != "reserved")
      continue;
    if (!task.sid.empty() && task.call_sid == call_sid) return task.sid;
  }
  return std::nullopt;
}

}  // namespace cbvm
