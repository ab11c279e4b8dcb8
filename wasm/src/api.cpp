#include "cbvm/api.hpp"

#include <functional>
#include <map>

#include "cbvm/access.hpp"
#include "cbvm/callback_task.hpp"
#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/outbound.hpp"
#include "cbvm/panel.hpp"
#include "cbvm/result.hpp"
#include "cbvm/retry.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "cbvm/wait_experience.hpp"
#include "cbvm/wire.hpp"
#include "json_access.hpp"

namespace cbvm::api {
namespace {

using detail::json;
// Decisions that answer with nlohmann::json; the hot ones write frames (Native).
using Decision = std::function<Result<json>(const wire::Value&)>;

Error bad_input(std::string_view decision, std::string what) {
  return make_error(ErrorCode::kInvalidInput,
                    std::string(decision) + ": " + std::move(what));
}

// Reads typed members of a decision's input frame, remembering the first
// problem so each decision can read everything and check once. Each read
// takes the member itself (picked beforehand) or the object and key to find
// it by; null counts as absent either way.
class Reader {
 public:
  explicit Reader(std::string_view decision) : decision_(decision) {}

  wire::Value object(const wire::Value& from, const char* key, const char* path, bool required) {
    return object(from.member(key), path, required);
  }
  std::optional<std::string_view> text(const wire::Value& from, const char* key, const char* path) {
    return text(from.member(key), path);
  }
  std::optional<bool> boolean(const wire::Value& from, const char* key, const char* path) {
    return boolean(from.member(key), path);
  }
  std::optional<int64_t> integer(const wire::Value& from, const char* key, const char* path,
                                 int64_t min, int64_t max) {
    return integer(from.member(key), path, min, max);
  }

  wire::Value object(const wire::Value& m, const char* path, bool required) {
    if (m.missing()) {
      if (required) fail(std::string(path) + " is required and must be an object.");
      return {};
    }
    if (!m.is_object()) {
      fail(std::string(path) + " must be an object.");
      return {};
    }
    return m;
  }

  std::optional<std::string_view> text(const wire::Value& m, const char* path) {
    if (m.missing()) return std::nullopt;
    if (!m.is_string()) {
      fail(std::string(path) + " must be a string.");
      return std::nullopt;
    }
    return m.str();
  }

  std::optional<bool> boolean(const wire::Value& m, const char* path) {
    if (m.missing()) return std::nullopt;
    if (!m.is_bool()) {
      fail(std::string(path) + " must be true or false.");
      return std::nullopt;
    }
    return m.as_bool();
  }

  std::optional<int64_t> integer(const wire::Value& m, const char* path, int64_t min, int64_t max) {
    if (m.missing()) return std::nullopt;
    auto v = m.integer();
    if (!v || *v < min || *v > max) {
      fail(std::string(path) + " must be a whole number from " + std::to_string(min) + " to " +
           std::to_string(max) + ".");
      return std::nullopt;
    }
    return v;
  }

  std::optional<Error> error() const { return error_; }

 private:
  void fail(std::string what) {
    if (!error_) error_ = bad_input(decision_, std::move(what));
  }
  std::string_view decision_;
  std::optional<Error> error_;
};

constexpr std::string_view kFeatureConfigKeys[] = {"enabled", "allow_requeue", "max_attempts",
                                                   "auto_select_task"};
constexpr wire::Reads kFeatureConfigReads = wire::reads_of(kFeatureConfigKeys);

FeatureConfig read_feature_config(Reader& r, const wire::Value& config) {
  FeatureConfig c;
  wire::Value m[4];
  r.object(config, "config", false).pick(kFeatureConfigKeys, m);
  c.enabled = r.boolean(m[0], "config.enabled").value_or(false);
  c.allow_requeue = r.boolean(m[1], "config.allow_requeue").value_or(false);
  c.max_attempts = static_cast<int>(
      r.integer(m[2], "config.max_attempts", -1000000, 1000000).value_or(lit::kDefaultMaxAttempts));
  c.auto_select_task = r.boolean(m[3], "config.auto_select_task").value_or(false);
  return c;
}



// A subtree handed to a rule that reads nlohmann::json: {} when absent.
json object_json(const wire::Value& v) { return v.exists() ? wire::to_json(v) : json::object(); }

Result<json> classify_task_decision(const wire::Value& in) {
  Reader r("classifyTask");
  const wire::Value task = r.object(in, "task", "task", true);
  auto channel = r.text(task, "taskChannelUniqueName", "task.taskChannelUniqueName");
  if (auto e = r.error()) return *e;
  std::unique_ptr<wire::Document> parsed;
  const wire::Value attributes = wire::object_or_parsed(task.member("attributes"), parsed);
  const wire::Value type = attributes["taskType"];
  TaskKind kind = classify_task(channel.value_or(""), type.is_string() ? type.str() : "");
  return json{{"kind", task_kind_name(kind)}};
}

Result<json> channel_definitions_decision(const wire::Value&) {
  json list = json::array();
  for (const auto& d : channel_definitions()) {
    list.push_back({{"name", d.name}, {"color", d.color}, {"icon", d.icon},
                    {"stringKey", d.string_key}});
  }
  return list;
}

Result<json> channel_title_decision(const wire::Value& in) {
  Reader r("channelTitle");
  auto surface_name = r.text(in, "surface", "surface");
  auto word = r.text(in, "word", "word");
  auto queue = r.text(in, "queueName", "queueName");
  auto name = r.text(in, "name", "name");
  if (auto e = r.error()) return *e;
  auto surface = title_surface_from_name(std::string(surface_name.value_or("")));
  if (!surface)
    return bad_input("channelTitle",
                     "surface must be one of TaskListItem, TaskCanvasHeader, IncomingTaskCanvas, "
                     "SupervisorTaskOverview, TaskCard, SupervisorTaskCanvasHeader.");
  if (!word || word->empty()) return bad_input("channelTitle", "word is required.");
  return json{{"title", channel_title(*surface, std::string(*word), std::string(queue.value_or("")),
                                     std::string(name.value_or("")))}};
}

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::optional<std::string_view> panel_text(const std::optional<PanelText>& t) {
  return t ? std::optional<std::string_view>(t->view()) : std::nullopt;
}

void write_button(wire::Writer& w, const PanelButton& b) {
  w.begin_object();
  w.key_lit("visible");
  w.boolean(b.visible);
  w.key_lit("enabled");
  w.boolean(b.enabled);
  w.key_lit("disabledReason");
  if (b.disabled_reason.empty()) w.null();
  else w.string_lit(b.disabled_reason);
  w.end_object();
}

constexpr std::string_view kPanelKeys[] = {"task",          "workerActivitySid",
                                           "offlineActivitySid", "config",
                                           "actionPending", "agentTimeZone"};
constexpr std::string_view kPanelTaskKeys[] = {"taskChannelUniqueName", "taskStatus",
                                               "attributes", "dateCreated"};
const wire::Reads* const kPanelTaskMembers[] = {nullptr, nullptr, &panel_attribute_reads(),
                                                nullptr};
const wire::Reads kPanelTaskReads = wire::reads_of(kPanelTaskKeys, kPanelTaskMembers);
const wire::Reads* const kPanelMembers[] = {&kPanelTaskReads, nullptr, nullptr,
                                            &kFeatureConfigReads, nullptr, nullptr};
const wire::Reads kPanelReads = wire::reads_of(kPanelKeys, kPanelMembers);

std::optional<Error> panel_state_decision(const wire::Value& in, wire::Writer& w) {
  Reader r("panelState");
  PanelInput p;
  wire::Value m[6];
  in.pick(kPanelKeys, m);
  wire::Value t[4];
  r.object(m[0], "task", true).pick(kPanelTaskKeys, t);
  p.task.task_channel = r.text(t[0], "task.taskChannelUniqueName").value_or("");
  p.task.task_status = r.text(t[1], "task.taskStatus").value_or("");
  std::unique_ptr<wire::Document> parsed;
  p.task.attributes = wire::object_or_parsed(t[2], parsed);
  p.task.date_created = r.text(t[3], "task.dateCreated");
  p.worker_activity_sid = r.text(m[1], "workerActivitySid").value_or("");
  p.offline_activity_sid = r.text(m[2], "offlineActivitySid").value_or("");
  p.config = read_feature_config(r, m[3]);
  p.action_pending = r.boolean(m[4], "actionPending").value_or(false);
  p.agent_time_zone = r.text(m[5], "agentTimeZone").value_or("UTC");
  if (auto e = r.error()) return e;

  const PanelState s = panel_state(p);
  w.begin_object();
  w.key_lit("kind");
  w.string_lit(task_kind_name(s.kind));
  w.key_lit("headingKey");
  w.string_lit(s.heading_key);
  w.key_lit("descriptionKey");
  w.string_lit(s.description_key);
  w.key_lit("hasCallbackData");
  w.boolean(s.has_callback_data);
  w.key_lit("showRecording");
  w.boolean(s.show_recording);
  w.key_lit("recordingDeleted");
  w.boolean(s.recording_deleted);
  w.key_lit("recordingSid");
  w.optional_string(s.recording_sid);
  w.key_lit("transcript");
  w.optional_string(s.transcript);
  w.key_lit("contactPhone");
  w.optional_string(s.contact_phone);
  w.key_lit("numberToCall");
  w.optional_string(panel_text(s.number_to_call));
  w.key_lit("receivedAt");
  w.optional_string(panel_text(s.received_at));
  w.key_lit("agentTimeZone");
  w.string(s.agent_time_zone);
  w.key_lit("mainTimeZone");
  w.optional_string(s.main_time_zone);
  w.key_lit("showSystemTime");
  w.boolean(s.show_system_time);
  w.key_lit("attempt");
  if (s.attempt_number) {
    w.begin_object();
    w.key_lit("number");
    w.number(*s.attempt_number);
    w.key_lit("of");
    w.number(*s.max_attempts);
    w.end_object();
  } else {
    w.null();
  }
  w.key_lit("placeCall");
  write_button(w, s.place_call);
  w.key_lit("retryLater");
  write_button(w, s.retry_later);
  w.end_object();
  return std::nullopt;
}

Result<json> normalize_phone_number_decision(const wire::Value& in) {
  Reader r("normalizePhoneNumber");
  auto number = r.text(in, "number", "number");
  auto field = r.text(in, "field", "field");
  auto role = r.text(in, "role", "role");
  if (auto e = r.error()) return *e;
  if (!number) return bad_input("normalizePhoneNumber", "number is required.");
  NumberRole nr = role.value_or("toCall") == "callFrom" ? NumberRole::kCallFrom : NumberRole::kToCall;
  if (role && *role != "toCall" && *role != "callFrom")
    return bad_input("normalizePhoneNumber", "role must be toCall or callFrom.");
  auto result = normalize_phone_number(*number, field.value_or("number"), nr);
  if (!result.ok()) return result.error();
  return json{{"number", result.value()}};
}

json request_json(const CallbackRequest& q) {
  json out = json::object();
  auto put = [&](const char* key, const auto& v) {
    if (v) out[key] = *v;
  };
  put("numberToCall", q.number_to_call);
  put("numberToCallFrom", q.number_to_call_from);
  put("flexFlowSid", q.flex_flow_sid);
  put("workflowSid", q.workflow_sid);
  put("timeout", q.timeout);
  put("priority", q.priority);
  put("attempts", q.attempts);
  put("conversation_id", q.conversation_id);
  put("utcDateTimeReceived", q.utc_date_time_received);
  put("recordingSid", q.recording_sid);
  put("recordingUrl", q.recording_url);
  put("transcriptSid", q.transcript_sid);
  put("transcriptText", q.transcript_text);
  put("isDeleted", q.is_deleted);
  put("taskChannel", q.task_channel);
  put("virtualStartTime", q.virtual_start_time);
  if (q.transcript_truncated) out["transcriptTruncated"] = true;
  return out;
}

std::string path_or(Reader& r, const wire::Value& in, const char* fallback) {
  auto path = r.text(in, "path", "path");
  return path && !path->empty() ? std::string(*path) : std::string(fallback);
}

Result<json> validate_create_callback_decision(const wire::Value& in) {
  Reader r("validateCreateCallback");
  const wire::Value params = r.object(in, "params", "params", true);
  std::string path = path_or(r, in, lit::kCreateCallbackPath.data());
  if (auto e = r.error()) return *e;
  auto q = validate_create_callback(wire::to_json(params), path);
  if (!q.ok()) return q.error();
  return request_json(q.value());
}

Result<json> validate_requeue_callback_decision(const wire::Value& in) {
  Reader r("validateRequeueCallback");
  const wire::Value params = r.object(in, "params", "params", true);
  std::string path = path_or(r, in, lit::kRequeueCallbackPath.data());
  if (auto e = r.error()) return *e;
  auto sid = validate_requeue_callback(wire::to_json(params), path);
  if (!sid.ok()) return sid.error();
  return json{{"taskSid", sid.value()}};
}

Result<json> validate_fetch_voicemail_decision(const wire::Value& in) {
  Reader r("validateFetchVoicemail");
  const wire::Value params = r.object(in, "params", "params", true);
  std::string path = path_or(r, in, lit::kFetchVoicemailPath.data());
  if (auto e = r.error()) return *e;
  auto q = validate_fetch_voicemail(wire::to_json(params), path);
  if (!q.ok()) return q.error();
  return json{{"taskSid", optional_json(q.value().task_sid)},
              {"recordingSid", optional_json(q.value().recording_sid)}};
}

// The strings of an array member, or an error naming it.
std::optional<Error> read_strings(const wire::Value& list, std::string_view decision,
                                  const char* path, std::vector<std::string>& out) {
  if (!list.is_array()) return bad_input(decision, std::string(path) + " must be an array.");
  bool all_strings = true;
  list.for_each_item([&](const wire::Value& item) {
    if (item.is_string()) out.emplace_back(item.str());
    else all_strings = false;
  });
  if (!all_strings) return bad_input(decision, std::string(path) + " must hold strings.");
  return std::nullopt;
}

Result<json> voicemail_recording_decision(const wire::Value& in) {
  Reader r("voicemailRecording");
  std::optional<std::string> requested;
  if (auto sid = r.text(in, "recordingSid", "recordingSid")) requested = std::string(*sid);
  std::optional<Viewer> viewer;
  if (in.member("viewer").exists()) {
    const wire::Value v = r.object(in, "viewer", "viewer", true);
    viewer = Viewer{std::string(r.text(v, "workerSid", "viewer.workerSid").value_or("")), {}};
    if (const wire::Value roles = v.member("roles"); roles.exists()) {
      if (auto e = read_strings(roles, "voicemailRecording", "viewer.roles", viewer->roles)) return *e;
    }
  }
  const wire::Value tasks = in.member("tasks");
  if (tasks.exists()) {
    if (auto e = r.error()) return *e;
    if (!tasks.is_array()) return bad_input("voicemailRecording", "tasks must be an array.");
    if (!requested) return bad_input("voicemailRecording", "recordingSid is required with tasks.");
    auto sid = voicemail_recording_among(wire::to_json(tasks), *requested, viewer);
    if (!sid.ok()) return sid.error();
    return json{{"recordingSid", sid.value()}};
  }
  const wire::Value task = r.object(in, "task", "task", true);
  if (auto e = r.error()) return *e;
  auto sid = voicemail_recording_for(object_json(task), requested, viewer);
  if (!sid.ok()) return sid.error();
  return json{{"recordingSid", sid.value()}};
}

constexpr std::string_view kCallbackConfigKeys[] = {"defaultWorkflowSid", "mainTimeZone",
                                                    "maxAttempts"};
constexpr wire::Reads kCallbackConfigReads = wire::reads_of(kCallbackConfigKeys);

CallbackConfig read_callback_config(Reader& r, const wire::Value& config, const char* path) {
  CallbackConfig c;
  wire::Value m[3];
  r.object(config, path, false).pick(kCallbackConfigKeys, m);
  if (auto sid = r.text(m[0], "config.defaultWorkflowSid"); sid && !sid->empty())
    c.default_workflow_sid = std::string(*sid);
  if (auto zone = r.text(m[1], "config.mainTimeZone"); zone && !zone->empty())
    c.main_time_zone = std::string(*zone);
  if (auto max = r.integer(m[2], "config.maxAttempts", 1, 1000)) c.max_attempts = static_cast<int>(*max);
  return c;
}

// params are validated whole; the original's attributes are copied whole.
constexpr std::string_view kBuildKeys[] = {"params", "original", "config", "now", "path"};
const wire::Reads* const kBuildMembers[] = {nullptr, &original_task_reads(),
                                            &kCallbackConfigReads, nullptr, nullptr};
const wire::Reads kBuildReads = wire::reads_of(kBuildKeys, kBuildMembers);

std::optional<Error> build_callback_task_decision(const wire::Value& in, wire::Writer& w) {
  Reader r("buildCallbackTask");
  wire::Value m[5];
  in.pick(kBuildKeys, m);
  if (!m[0].missing() && !m[0].is_object())
    return bad_input("buildCallbackTask", "params must be an object.");
  const wire::Value original_value = r.object(m[1], "original", false);
  CallbackConfig config = read_callback_config(r, m[2], "config");
  auto now = r.text(m[3], "now");
  auto path_text = r.text(m[4], "path");
  if (auto e = r.error()) return e;
  const std::string path = path_text && !path_text->empty()
                               ? std::string(*path_text)
                               : std::string(lit::kCreateCallbackPath);
  auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input("buildCallbackTask", "now must be an ISO-8601 instant.");

  CallbackRequest request;
  if (!m[0].missing()) {
    auto q = validate_create_callback(wire::to_json(m[0]), path);
    if (!q.ok()) return q.error();
    request = std::move(q.value());
  }
  std::optional<OriginalTask> original;
  if (!m[1].missing()) original = original_task_from(original_value);
  if (m[0].missing() && !original)
    return bad_input("buildCallbackTask", "give params (a new request) or original (a requeue).");
  return write_callback_task(request, original ? &*original : nullptr, config,
                             format_iso_instant(*now_ms), w);
}

Result<json> plan_outbound_call_decision(const wire::Value& in) {
  Reader r("planOutboundCall");
  const wire::Value task = r.object(in, "task", "task", true);
  OutboundCallInput p;
  p.task_sid = std::string(r.text(task, "sid", "task.sid").value_or(""));
  if (auto queue = r.text(task, "queueSid", "task.queueSid")) p.queue_sid = std::string(*queue);
  std::unique_ptr<wire::Document> parsed;
  p.attributes = object_json(wire::object_or_parsed(task.member("attributes"), parsed));
  p.outbound_call_flows =
      object_json(r.object(in, "outboundCallFlows", "outboundCallFlows", false));
  if (auto e = r.error()) return *e;
  auto plan = plan_outbound_call(p);
  if (!plan.ok()) return plan.error();
  const OutboundCallRequest& o = plan.value();
  json out = {{"destination", o.destination},
              {"queueSid", optional_json(o.queue_sid)},
              {"taskAttributes", o.task_attributes},
              {"retryBudget", o.retry_budget}};
  if (o.caller_id) out["callerId"] = *o.caller_id;
  return out;
}

Result<json> retry_outbound_call_decision(const wire::Value& in) {
  Reader r("retryOutboundCall");
  auto failures = r.integer(in, "failures", "failures", 0, 1000000);
  if (auto e = r.error()) return *e;
  if (!failures) return bad_input("retryOutboundCall", "failures is required.");
  const OutboundRetry next = retry_outbound_call(static_cast<int>(*failures));
  return json{{"retry", next.retry}, {"notify", !next.retry}, {"delayMs", next.delay_ms}};
}

Result<json> auto_select_decision(const wire::Value& in) {
  Reader r("autoSelect");
  AutoSelectInput p;
  auto text = [&](const char* key, std::optional<std::string>& target) {
    if (auto v = r.text(in, key, key)) target = std::string(*v);
  };
  p.enabled = r.boolean(in, "enabled", "enabled").value_or(false);
  text("requestedSid", p.requested_sid);
  text("selectedSid", p.selected_sid);
  text("selectedParentTask", p.selected_parent_task);
  text("rememberedTaskSid", p.remembered_task_sid);
  if (const wire::Value held = in.member("workerTaskSids"); held.exists()) {
    if (auto e = read_strings(held, "autoSelect", "workerTaskSids", p.worker_task_sids)) return *e;
  }
  if (auto e = r.error()) return *e;
  auto d = decide_auto_select(p);
  return json{{"abort", d.abort}, {"selectSid", optional_json(d.select_sid)}};
}

Result<json> retry_decision(const wire::Value& in) {
  Reader r("retryDecision");
  RetryInput p;
  p.retries_done = static_cast<int>(r.integer(in, "retriesDone", "retriesDone", 0, 1000).value_or(0));
  if (auto s = r.integer(in, "status", "status", 100, 599)) p.status = static_cast<int>(*s);
  if (auto code = r.text(in, "errorCode", "errorCode")) p.error_code = std::string(*code);
  p.idempotent = r.boolean(in, "idempotent", "idempotent").value_or(true);
  p.seed = static_cast<uint64_t>(r.integer(in, "seed", "seed", 0, 9007199254740991).value_or(0));
  const wire::Value policy = r.object(in, "policy", "policy", false);
  p.policy.max_retries = static_cast<int>(
      r.integer(policy, "maxRetries", "policy.maxRetries", 0, 100).value_or(p.policy.max_retries));
  p.policy.min_backoff_ms = static_cast<int>(
      r.integer(policy, "minBackoffMs", "policy.minBackoffMs", 0, 600000)
          .value_or(p.policy.min_backoff_ms));
  p.policy.max_backoff_ms = static_cast<int>(
      r.integer(policy, "maxBackoffMs", "policy.maxBackoffMs", 0, 600000)
          .value_or(p.policy.max_backoff_ms));
  if (auto e = r.error()) return *e;
  auto d = decide_retry(p);
  return json{{"retry", d.retry}, {"delayMs", d.delay_ms}, {"verifyFirst", d.verify_first},
              {"reason", d.reason}};
}


// The caller's parameters, messages and lookups are read whole.
constexpr std::string_view kWaitKeys[] = {"params", "options", "context", "lookups"};
constexpr std::string_view kWaitOptionKeys[] = {
    "retainPlaceInQueue", "retainRouting", "allowAlternateNumber", "allowVoicemail",
    "transcribe",         "voice",         "language",             "holdMusicUrl",
    "maxLookupPages",     "messages",      "config"};
constexpr const wire::Reads* kWaitOptionMembers[] = {
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, &kCallbackConfigReads};
constexpr wire::Reads kWaitOptionReads = wire::reads_of(kWaitOptionKeys, kWaitOptionMembers);
constexpr std::string_view kWaitContextKeys[] = {"waitUrl", "serviceBaseUrl", "now"};
constexpr wire::Reads kWaitContextReads = wire::reads_of(kWaitContextKeys);
constexpr const wire::Reads* kWaitMembers[] = {nullptr, &kWaitOptionReads, &kWaitContextReads,
                                               nullptr};
constexpr wire::Reads kWaitReads = wire::reads_of(kWaitKeys, kWaitMembers);

std::optional<Error> wait_step_decision(const wire::Value& in, wire::Writer& w) {
  Reader r("waitStep");
  wire::Value m[4];
  in.pick(kWaitKeys, m);
  const wire::Value params = r.object(m[0], "params", true);
  const wire::Value opts = r.object(m[1], "options", false);
  const wire::Value ctx = r.object(m[2], "context", true);
  const wire::Value lookups = r.object(m[3], "lookups", false);
  WaitOptions o;
  wire::Value op[11];
  opts.pick(kWaitOptionKeys, op);
  auto flag = [&](const wire::Value& v, const char* path, bool& target) {
    if (auto b = r.boolean(v, path)) target = *b;
  };
  flag(op[0], "options.retainPlaceInQueue", o.retain_place_in_queue);
  flag(op[1], "options.retainRouting", o.retain_routing);
  flag(op[2], "options.allowAlternateNumber", o.allow_alternate_number);
  flag(op[3], "options.allowVoicemail", o.allow_voicemail);
  flag(op[4], "options.transcribe", o.transcribe);
  if (auto v = r.text(op[5], "options.voice"); v && !v->empty()) o.voice = *v;
  if (auto v = r.text(op[6], "options.language"); v && !v->empty()) o.language = *v;
  if (auto v = r.text(op[7], "options.holdMusicUrl"); v && !v->empty()) o.hold_music_url = *v;
  if (auto v = r.integer(op[8], "options.maxLookupPages", 1, 20))
    o.max_lookup_pages = static_cast<int>(*v);
  const wire::Value messages = r.object(op[9], "options.messages", false);
  std::optional<Error> bad_message;
  messages.for_each_member([&](std::string_view key, const wire::Value& text) {
    if (bad_message) return;
    if (!text.is_string()) {
      bad_message = bad_input("waitStep", "options.messages." + std::string(key.substr(0, 64)) +
                                              " must be a string.");
      return;
    }
    if (!text.str().empty()) o.messages[std::string(key)] = std::string(text.str());
  });
  if (bad_message) return bad_message;
  o.callback = read_callback_config(r, op[10], "options.config");
  WaitContext c;
  wire::Value cx[3];
  ctx.pick(kWaitContextKeys, cx);
  c.wait_url = r.text(cx[0], "context.waitUrl").value_or("");
  c.service_base_url = r.text(cx[1], "context.serviceBaseUrl").value_or("");
  auto now = r.text(cx[2], "context.now");
  if (auto e = r.error()) return e;
  auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input("waitStep", "context.now must be an ISO-8601 instant.");
  c.now = format_iso_instant(*now_ms);
  if (!lookups.exists()) return wait_step(params, o, c, detail::empty_object(), w);
  return wait_step(params, o, c, wire::to_json(lookups), w);
}

Result<json> find_task_by_call_sid_decision(const wire::Value& in) {
  Reader r("findTaskByCallSid");
  auto call_sid = r.text(in, "callSid", "callSid");
  const wire::Value tasks = in.member("tasks");
  if (auto e = r.error()) return *e;
  if (!tasks.is_array()) return bad_input("findTaskByCallSid", "tasks must be an array.");
  return json{{"taskSid", optional_json(find_task_by_call_sid(wire::to_json(tasks),
                                                              call_sid.value_or("")))}};
}

Result<json> index_pending_tasks_decision(const wire::Value& in) {
  const wire::Value tasks = in.member("tasks");
  if (!tasks.is_array()) return bad_input("indexPendingTasks", "tasks must be an array.");
  const PendingTaskIndex index = index_pending_tasks(wire::to_json(tasks));
  json by_call = json::object();
  for (const auto& [call, task] : index.task_by_call_sid) by_call[call] = task;
  return json{{"taskByCallSid", by_call},
              {"oldestDateCreated", optional_json(index.oldest_date_created)}};
}

Result<json> constants_decision(const wire::Value&) {
  json modes = json::array({mode::kInitialize, mode::kMainWaitLoop, mode::kHandleInitialChoice,
                            mode::kHandleMenuChoice, mode::kRequestCallback,
                            mode::kHandleCallbackChoice, mode::kRequestCallbackNumber,
                            mode::kConfirmCallbackNumber, mode::kHandleConfirmCallbackNumber,
                            mode::kSubmitCallback, mode::kRequestVoicemail, mode::kRecordVoicemail,
                            mode::kVoicemailRecorded, mode::kSubmitVoicemail});
  json messages = json::object();
  for (const auto& [k, v] : default_wait_messages()) messages[k] = v;
  return json{
      {"taskTypes",
       {{"callback", lit::kTaskTypeCallback},
        {"voicemail", lit::kTaskTypeVoicemail},
        {"callbackOutbound", lit::kTaskTypeCallbackOutbound}}},
      {"voiceChannel", lit::kVoiceChannel},
      {"paths",
       {{"createCallback", lit::kCreateCallbackPath},
        {"requeueCallback", lit::kRequeueCallbackPath},
        {"fetchVoicemail", lit::kFetchVoicemailPath},
        {"waitExperience", lit::kWaitExperiencePath}}},
      {"defaults",
       {{"taskTimeoutSeconds", lit::kDefaultTaskTimeoutSeconds},
        {"maxAttempts", lit::kDefaultMaxAttempts},
        {"outboundCallRetryBudget", lit::kOutboundCallRetryBudget}}},
      {"waitModes", modes},
      {"waitMessages", messages},
      {"decisions", decision_names()},
  };
}

// A decision reads its input either as a frame (the hot ones, written
// straight into the answer) or as nlohmann::json.
using Native = std::optional<Error> (*)(const wire::Value&, wire::Writer&);
struct Entry {
  Decision json;
  Native native = nullptr;
  // What a native decision reads of its input (see inputShapes); nullptr: all of it.
  const wire::Reads* reads = nullptr;
};

Result<json> input_shapes_decision(const wire::Value&);

const std::map<std::string, Entry, std::less<>>& decisions() {
  // The browser module (CBVM_AGENT_DECISIONS_ONLY) carries only what the
  // agent's desktop decides; the server-side decisions stay out of its bytes.
  static const std::map<std::string, Entry, std::less<>> kDecisions = {
      {"classifyTask", {classify_task_decision}},
      {"channelDefinitions", {channel_definitions_decision}},
      {"channelTitle", {channel_title_decision}},
      {"panelState", {nullptr, panel_state_decision, &kPanelReads}},
      {"inputShapes", {input_shapes_decision}},
      {"normalizePhoneNumber", {normalize_phone_number_decision}},
      {"planOutboundCall", {plan_outbound_call_decision}},
      {"retryOutboundCall", {retry_outbound_call_decision}},
      {"autoSelect", {auto_select_decision}},
      {"constants", {constants_decision}},
#ifndef CBVM_AGENT_DECISIONS_ONLY
      {"validateCreateCallback", {validate_create_callback_decision}},
      {"validateRequeueCallback", {validate_requeue_callback_decision}},
      {"validateFetchVoicemail", {validate_fetch_voicemail_decision}},
      {"voicemailRecording", {voicemail_recording_decision}},
      {"buildCallbackTask", {nullptr, build_callback_task_decision, &kBuildReads}},
      {"retryDecision", {retry_decision}},
      {"waitStep", {nullptr, wait_step_decision, &kWaitReads}},
      {"findTaskByCallSid", {find_task_by_call_sid_decision}},
      {"indexPendingTasks", {index_pending_tasks_decision}},
#endif
  };
  return kDecisions;
}

// The entries in decision-number order.
const std::vector<const Entry*>& numbered_decisions() {
  static const std::vector<const Entry*> kNumbered = [] {
    std::vector<const Entry*> v;
    for (const auto& [name, entry] : decisions()) v.push_back(&entry);
    return v;
  }();
  return kNumbered;
}

// {key: {"number": n, "members": {...}}, ...}: the members a decision reads
// (and what it reads of each that is an object; without "members", all of
// it). JavaScript writes these keys by number and leaves the rest out.
json shape_json(const wire::Reads& reads) {
  json shape = json::object();
  for (size_t i = 0; i < reads.count; ++i) {
    const std::string key(reads.keys[i]);
    json& member = shape[key] = {{"number", wire::key_number(key)}};
    if (reads.members && reads.members[i]) member["members"] = shape_json(*reads.members[i]);
  }
  return shape;
}

Result<json> input_shapes_decision(const wire::Value&) {
  json shapes = json::object();
  for (const auto& [name, entry] : decisions()) {
    if (entry.reads) shapes[name] = shape_json(*entry.reads);
  }
  return shapes;
}

void write_error(wire::Writer& w, const Error& e) {
  w.begin_object();
  w.key_lit("ok");
  w.boolean(false);
  w.key_lit("error");
  w.begin_object();
  w.key_lit("code");
  w.string_lit(error_code_name(e.code));
  w.key_lit("message");
  w.string(e.message);
  w.key_lit("status");
  w.number(http_status_for(e.code));
  w.end_object();
  w.end_object();
}

// Writes the envelope of one decision's answer.
void dispatch(const Entry& entry, const wire::Value& input, wire::Writer& w) {
  if (!input.is_object()) {
    write_error(w, make_error(ErrorCode::kInvalidJson, "The input must be a JSON object."));
    return;
  }
  const wire::Writer::Mark start = w.mark();
  w.begin_object();
  w.key_lit("ok");
  w.boolean(true);
  w.key_lit("value");
  if (entry.native != nullptr) {
    if (auto e = entry.native(input, w)) {
      w.rewind(start);
      write_error(w, *e);
      return;
    }
  } else {
    const Result<json> result = entry.json(input);
    if (!result.ok()) {
      w.rewind(start);
      write_error(w, result.error());
      return;
    }
    w.json(result.value());
  }
  w.end_object();
}

Error unknown_decision(std::string_view decision) {
  return make_error(ErrorCode::kUnknownDecision,
                    "There is no decision named \"" + std::string(decision.substr(0, 64)) + "\".");
}

const Error& too_large() {
  static const Error e =
      make_error(ErrorCode::kInvalidJson, "The input is larger than 1 MiB, so it was not read.");
  return e;
}

const Error& too_deep_error() {
  static const Error e = make_error(ErrorCode::kInvalidJson,
                                    "The input nests deeper than 64 levels, so it was not read.");
  return e;
}

}  // namespace

std::string run(std::string_view decision, std::string_view input_json) {
  wire::Writer out;
  const auto& table = decisions();
  auto it = table.find(decision);
  if (it == table.end()) {
    write_error(out, unknown_decision(decision));
  } else if (input_json.size() > kMaxInputBytes) {
    write_error(out, too_large());
  } else {
    wire::Writer in;
    const wire::ParseStatus status = wire::from_json_text(input_json, in);
    if (status == wire::ParseStatus::kTooDeep) {
      write_error(out, too_deep_error());
    } else if (status != wire::ParseStatus::kOk) {
      write_error(out, make_error(ErrorCode::kInvalidJson, "The input is not valid JSON."));
    } else {
      const wire::Document doc(std::move(in));
      dispatch(it->second, doc.root(), out);
    }
  }
  const wire::Document answer(std::move(out));
  std::string text;
  wire::to_json_text(answer.root(), text);
  return text;
}

void run_frame(size_t decision_index, const FrameIn& in, wire::Writer& out, bool refer_to_input) {
  const auto& table = numbered_decisions();
  if (decision_index >= table.size()) {
    write_error(out, make_error(ErrorCode::kUnknownDecision,
                                "There is no decision number " + std::to_string(decision_index) + "."));
    return;
  }
  const Entry& entry = *table[decision_index];
  if (in.too_deep) {
    write_error(out, too_deep_error());
    return;
  }
  if (in.word_count * 4 + in.num_count * 8 + in.text_bytes > kMaxInputBytes) {
    write_error(out, too_large());
    return;
  }
  const wire::Doc doc(in.words, in.word_count, in.nums, in.num_count, in.text, in.text_bytes,
                      in.text_units);
  if (!doc.ok()) {
    write_error(out, make_error(ErrorCode::kInvalidInput, "The input frame is malformed."));
    return;
  }
  if (refer_to_input) out.set_source(&doc);
  dispatch(entry, doc.root(), out);
  out.set_source(nullptr);
}

std::vector<std::string> decision_names() {
  std::vector<std::string> names;
  for (const auto& [name, entry] : decisions()) names.push_back(name);
  return names;
}

}  // namespace cbvm::api
