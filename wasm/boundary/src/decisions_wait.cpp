// The wait experience through the JSON door: the step's input read into
// WaitStepInput, its plan written back as the functions render it.
#include <initializer_list>

#include "cbvm/time.hpp"
#include "cbvm/wait_experience.hpp"
#include "decisions.hpp"

namespace cbvm::boundary {
namespace {

// The first of `keys` that is text; a member of another type is passed over.
std::optional<std::string> first_text(const json& obj,
                                      std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    const json* m = Reader::member(&obj, key);
    if (m != nullptr && m->is_string()) return m->get<std::string>();
  }
  return std::nullopt;
}

// A task of a page, as TaskRouter's REST API, the twilio library or Flex shape it.
PendingTask pending_task_from(const json& task) {
  PendingTask t;
  t.sid = text_or_empty(Reader::member(&task, "sid"));
  t.assignment_status =
      first_text(task, {"assignment_status", "assignmentStatus", "taskStatus"}).value_or("");
  const json attributes = attributes_of(task);
  t.call_sid = nonempty_text(Reader::member(&attributes, "call_sid")).value_or("");
  t.date_created = first_text(task, {"date_created", "dateCreated"});
  t.task_queue_sid = first_text(task, {"task_queue_sid", "taskQueueSid"}).value_or("");
  return t;
}

std::vector<PendingTask> pending_tasks_from(const json* tasks) {
  std::vector<PendingTask> out;
  if (tasks == nullptr || !tasks->is_array()) return out;
  out.reserve(tasks->size());
  for (const json& task : *tasks) out.push_back(pending_task_from(task));
  return out;
}

// `{page, tasks, hasMore}`; a page number that is absent or negative is 0.
PendingPage pending_page_from(const json& page) {
  PendingPage p;
  auto number = integral(Reader::member(&page, "page"));
  p.page = number && *number >= 0 ? *number : 0;
  const json* more = Reader::member(&page, "hasMore");
  p.has_more = more != nullptr && more->is_boolean() && more->get<bool>();
  p.tasks = pending_tasks_from(Reader::member(&page, "tasks"));
  return p;
}

std::optional<WaitEffectType> effect_type_from(const std::string& name) {
  if (name == "createTask") return WaitEffectType::kCreateTask;
  if (name == "cancelTask") return WaitEffectType::kCancelTask;
  if (name == "updateCall") return WaitEffectType::kUpdateCall;
  if (name == "updateTask") return WaitEffectType::kUpdateTask;
  return std::nullopt;
}

std::string_view name_of_effect(WaitEffectType type) {
  switch (type) {
    case WaitEffectType::kCreateTask: return "createTask";
    case WaitEffectType::kCancelTask: return "cancelTask";
    case WaitEffectType::kUpdateCall: return "updateCall";
    case WaitEffectType::kUpdateTask: return "updateTask";
  }
  return "";
}

CallTask call_task_from(const json& task) {
  return CallTask{original_task_from(task),
                  first_text(task, {"assignment_status", "assignmentStatus"}).value_or(""),
                  first_text(task, {"reason"}).value_or("")};
}

// Lookups are data the handler fetched; they are read leniently, as TaskRouter
// shapes them, and never refused. `call_task` is left at the call task's JSON:
// the plan's effects write over its attributes, which the domain never holds.
WaitLookups lookups_from(const json* lookups, const json*& call_task, const json*& existing_task) {
  WaitLookups l;
  if (lookups == nullptr) return l;
  if (const json* queue = Reader::member(lookups, "queue")) {
    l.queue_fetched = true;
    l.queue_name = first_text(*queue, {"friendly_name", "friendlyName"});
  }
  if (const json* pending = Reader::member(lookups, "pendingTasks")) {
    if (pending->is_array()) {
      for (const json& page : *pending) l.pending_pages.push_back(pending_page_from(page));
      // An empty list was still an answer: nothing more to read.
      if (l.pending_pages.empty()) l.pending_pages.emplace_back();
    } else {
      l.pending_pages.push_back(pending_page_from(*pending));
    }
  }
  // A task of null (or of another type) was fetched and not found.
  if (auto it = lookups->find("task"); it != lookups->end()) {
    l.task_fetched = true;
    if (it->is_object()) {
      call_task = &*it;
      l.task = call_task_from(*it);
    }
  }
  // {taskSid, task}: task null when TaskRouter no longer knows it; `unknown`
  // true when it could not be read.
  if (const json* reread = Reader::member(lookups, "reread"); reread != nullptr && reread->is_object()) {
    TaskReread r;
    r.task_sid = first_text(*reread, {"taskSid"}).value_or("");
    const json* unknown = Reader::member(reread, "unknown");
    r.known = !(unknown != nullptr && unknown->is_boolean() && unknown->get<bool>());
    if (const json* task = Reader::member(reread, "task"); r.known && task != nullptr && task->is_object())
      r.task = call_task_from(*task);
    l.reread = std::move(r);
  }
  // {waiting, accepted, averageWaitSeconds}: the queue's statistics; null when
  // they could not be read (the loop then says nothing of the wait).
  if (auto it = lookups->find("statistics"); it != lookups->end()) {
    l.statistics_fetched = true;
    if (it->is_object()) {
      QueueStatistics q;
      q.waiting = integral(Reader::member(&*it, "waiting")).value_or(0);
      q.accepted = integral(Reader::member(&*it, "accepted")).value_or(0);
      q.average_wait_seconds = integral(Reader::member(&*it, "averageWaitSeconds"));
      l.statistics = q;
    }
  }
  // {task, etag}: the task a keyed create found already made.
  if (const json* existing = Reader::member(lookups, "existing"); existing != nullptr && existing->is_object()) {
    if (const json* task = Reader::member(existing, "task"); task != nullptr && task->is_object()) {
      existing_task = task;
      l.existing = ExistingTask{call_task_from(*task), first_text(*existing, {"etag"}).value_or("")};
    }
  }
  if (const json* merged = Reader::member(lookups, "merged"); merged != nullptr && merged->is_object()) {
    l.merged_scheduled_local = text_or_empty(Reader::member(merged, "scheduledLocal"));
  }
  if (const json* failure = Reader::member(lookups, "failure")) {
    if (auto effect = first_text(*failure, {"effect"})) {
      WaitFailure f;
      // Only a failed cancel or call update has its own recovery: any other
      // named effect is recovered from as a failed create.
      f.effect = effect_type_from(*effect).value_or(WaitEffectType::kCreateTask);
      const json* completed = Reader::member(failure, "completed");
      if (completed != nullptr && completed->is_array()) {
        for (const json& done : *completed)
          if (done.is_string())
            if (auto type = effect_type_from(done.get<std::string>())) f.completed.push_back(*type);
      }
      f.created_task_sid = first_text(*failure, {"createdTaskSid"});
      l.failure = std::move(f);
    }
  }
  return l;
}

json verb_json(const Verb& v) {
  switch (v.type) {
    case VerbType::kSay: {
      json out = {{"verb", "say"}, {"text", v.text}, {"voice", v.voice}, {"language", v.language}};
      if (v.as_telephone) out["interpretAs"] = "telephone";
      return out;
    }
    case VerbType::kPlay:
      return {{"verb", "play"}, {"url", v.url}};
    case VerbType::kPause:
      return {{"verb", "pause"}, {"length", v.length}};
    case VerbType::kRedirect:
      return {{"verb", "redirect"}, {"url", v.url}, {"method", "POST"}};
    case VerbType::kHangup:
      return {{"verb", "hangup"}};
    case VerbType::kGather: {
      json children = json::array();
      for (const Verb& child : v.children) children.push_back(verb_json(child));
      json out = {{"verb", "gather"},   {"input", "dtmf"},
                  {"timeout", v.timeout}, {"action", v.action},
                  {"method", "POST"},   {"actionOnEmptyResult", false},
                  {"children", std::move(children)}};
      if (v.num_digits) out["numDigits"] = *v.num_digits;
      if (v.finish_on_key) out["finishOnKey"] = *v.finish_on_key;
      return out;
    }
    case VerbType::kRecord: {
      json out = {{"verb", "record"},     {"playBeep", true},        {"timeout", v.timeout},
                  {"action", v.action},   {"method", "POST"},        {"transcribe", v.transcribe}};
      if (v.max_length) out["maxLength"] = *v.max_length;
      if (v.finish_on_key) out["finishOnKey"] = *v.finish_on_key;
      if (v.transcribe_callback) out["transcribeCallback"] = *v.transcribe_callback;
      return out;
    }
  }
  return json::object();
}

json need_json(const WaitNeed& n) {
  switch (n.type) {
    case NeedType::kQueue:
      return {{"type", "queue"}, {"queueSid", n.queue_sid}};
    case NeedType::kPendingTasks:
      return {{"type", "pendingTasks"},
              {"workflowSid", n.workflow_sid},
              {"assignmentStatus", json::array({"pending", "reserved"})},
              {"ordering", "DateCreated:desc"},
              {"pageSize", 50},
              {"page", n.page}};
    case NeedType::kTask:
      return {{"type", "task"}, {"taskSid", n.task_sid}};
    case NeedType::kReread:
      return {{"type", "reread"}, {"taskSid", n.task_sid}};
    case NeedType::kQueueStatistics:
      return {{"type", "queueStatistics"}, {"queueSid", n.queue_sid}};
  }
  return nullptr;
}

// Attribute changes apply to the call task the lookups carried, or for an
// update, to the existing task they carried.
json effect_json(const WaitEffect& e, const json* call_task, const json* existing_task) {
  const auto call_task_attributes = [&] {
    return call_task != nullptr ? attributes_of(*call_task) : json::object();
  };
  switch (e.type) {
    case WaitEffectType::kCreateTask:
    {
      json out = {{"type", name_of_effect(e.type)},
                  {"task", callback_task_json(e.task, e.from_call_task ? call_task_attributes()
                                                                       : json::object())}};
      if (e.reconcile) out["reconcile"] = true;
      for (const auto& [key, value] : e.callback_data_texts) out["task"]["attributes"]["callBackData"][key] = value;
      return out;
    }
    case WaitEffectType::kCancelTask: {
      json attributes = nullptr;
      if (e.attributes) {
        attributes = call_task_attributes();
        apply_patch(attributes, *e.attributes);
      }
      return {{"type", name_of_effect(e.type)},
              {"taskSid", e.task_sid},
              {"reason", e.reason},
              {"attributes", std::move(attributes)}};
    }
    case WaitEffectType::kUpdateCall: {
      json out = {{"type", name_of_effect(e.type)},
                  {"callSid", e.call_sid},
                  {"url", e.url},
                  {"method", "POST"}};
      if (!e.status_callback.empty()) {
        out["statusCallback"] = e.status_callback;
        out["statusCallbackMethod"] = "POST";
      }
      return out;
    }
    case WaitEffectType::kUpdateTask: {
      json attributes = existing_task != nullptr ? attributes_of(*existing_task) : json::object();
      if (e.attributes) apply_patch(attributes, *e.attributes);
      return {{"type", name_of_effect(e.type)},
              {"taskSid", e.task_sid},
              {"etag", e.etag.empty() ? json(nullptr) : json(e.etag)},
              {"attributes", std::move(attributes)}};
    }
  }
  return nullptr;
}

json plan_json(const WaitPlan& plan, const json* call_task, const json* existing_task) {
  json twiml = json::array();
  for (const Verb& v : plan.twiml) twiml.push_back(verb_json(v));
  json effects = json::array();
  for (const WaitEffect& e : plan.effects) effects.push_back(effect_json(e, call_task, existing_task));
  json log = json::array();
  for (const std::string& line : plan.log) log.push_back(line);
  return {{"twiml", std::move(twiml)},
          {"effects", std::move(effects)},
          {"needs", plan.needs ? need_json(*plan.needs) : json(nullptr)},
          {"log", std::move(log)}};
}

}  // namespace

Answer wait_step_decision(const json& in) {
  constexpr std::string_view kDecision = "waitStep";
  Reader r(kDecision);
  const json* params = r.object(&in, "params", "params", true);
  const json* opts = r.object(&in, "options", "options", false);
  const json* ctx = r.object(&in, "context", "context", true);
  const json* lookups = r.object(&in, "lookups", "lookups", false);
  WaitStepInput step;
  WaitOptions& o = step.options;
  auto flag = [&](std::string_view key, std::string_view path, bool& target) {
    if (auto b = r.boolean(opts, key, path)) target = *b;
  };
  flag("retainPlaceInQueue", "options.retainPlaceInQueue", o.retain_place_in_queue);
  flag("retainRouting", "options.retainRouting", o.retain_routing);
  flag("allowAlternateNumber", "options.allowAlternateNumber", o.allow_alternate_number);
  flag("allowVoicemail", "options.allowVoicemail", o.allow_voicemail);
  flag("transcribe", "options.transcribe", o.transcribe);
  // Empty text keeps the default, as Studio sends unset variables as "".
  auto text = [&](std::string_view key, std::string_view path, std::string& target) {
    if (auto v = r.text(opts, key, path); v && !v->empty()) target = std::move(*v);
  };
  text("voice", "options.voice", o.voice);
  text("language", "options.language", o.language);
  text("holdMusicUrl", "options.holdMusicUrl", o.hold_music_url);
  text("defaultRegion", "options.defaultRegion", o.default_region);
  if (auto v = r.integer(opts, "maxLookupPages", "options.maxLookupPages", 1, 20))
    o.max_lookup_pages = static_cast<int>(*v);
  flag("announcePosition", "options.announcePosition", o.announce_position);
  flag("announceWait", "options.announceWait", o.announce_wait);
  if (auto v = r.integer(opts, "offerAfterSeconds", "options.offerAfterSeconds", 0, 86400))
    o.offer_after_seconds = *v;
  if (auto v = r.integer(opts, "voicemailMaxLength", "options.voicemailMaxLength", 1,
                         kMaxVoicemailMaxLength))
    o.voicemail_max_length = static_cast<int>(*v);
  if (const json* messages = r.object(opts, "messages", "options.messages", false)) {
    for (const auto& [key, message] : messages->items()) {
      // An object holds one locale's overrides: {"es-MX": {"greeting": "..."}}.
      if (message.is_object()) {
        auto& locale = o.locale_messages[key];
        for (const auto& [name, text] : message.items()) {
          if (!text.is_string())
            return bad_input(kDecision, "options.messages." + key.substr(0, 64) + "." +
                                            name.substr(0, 64) + " must be a string.");
          if (!text.get_ref<const std::string&>().empty()) locale[name] = text.get<std::string>();
        }
        continue;
      }
      if (!message.is_string())
        return bad_input(kDecision, "options.messages." + key.substr(0, 64) + " must be a string.");
      if (!message.get_ref<const std::string&>().empty())
        o.messages[key] = message.get<std::string>();
    }
  }
  if (const json* voices = r.object(opts, "voices", "options.voices", false)) {
    for (const auto& [tag, voice] : voices->items()) {
      if (!voice.is_string())
        return bad_input(kDecision, "options.voices." + tag.substr(0, 64) + " must be a string.");
      if (!voice.get_ref<const std::string&>().empty()) o.voices[tag] = voice.get<std::string>();
    }
  }
  o.callback = callback_config_from(r, opts, "config", "options.config");
  // {window, horizonDays, slotMinutes}: the functions' schedulingOptions.
  if (const json* scheduling = r.object(opts, "scheduling", "options.scheduling", false)) {
    auto window = window_from(r, *scheduling);
    if (!window.ok()) return window.error();
    o.window = std::move(window.value());
    if (auto v = r.integer(scheduling, "slotMinutes", "options.scheduling.slotMinutes", 1, 1440))
      o.slot_minutes = static_cast<int>(*v);
    if (auto v = r.integer(scheduling, "horizonDays", "options.scheduling.horizonDays", 1, kMaxHorizonDays))
      o.horizon_days = static_cast<int>(*v);
  }
  step.context.wait_url = r.text(ctx, "waitUrl", "context.waitUrl").value_or("");
  step.context.service_base_url =
      r.text(ctx, "serviceBaseUrl", "context.serviceBaseUrl").value_or("");
  auto now = r.text(ctx, "now", "context.now");
  if (Status s = r.status(); !s.ok()) return s.error();
  auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kDecision, "context.now must be an ISO-8601 instant.");
  step.context.now = format_iso_instant(*now_ms);
  step.params = params_from(*params);
  const json* call_task = nullptr;
  const json* existing_task = nullptr;
  step.lookups = lookups_from(lookups, call_task, existing_task);
  auto plan = wait_step(step);
  if (!plan.ok()) return plan.error();
  return plan_json(plan.value(), call_task, existing_task);
}

Answer find_task_by_call_sid_decision(const json& in) {
  constexpr std::string_view kDecision = "findTaskByCallSid";
  Reader r(kDecision);
  auto call_sid = r.text(&in, "callSid", "callSid");
  const json* tasks = Reader::member(&in, "tasks");
  if (Status s = r.status(); !s.ok()) return s.error();
  if (tasks == nullptr || !tasks->is_array())
    return bad_input(kDecision, "tasks must be an array.");
  auto sid = find_task_by_call_sid(pending_tasks_from(tasks), call_sid.value_or(""));
  return json{{"taskSid", sid ? json(*sid) : json(nullptr)}};
}

}  // namespace cbvm::boundary
