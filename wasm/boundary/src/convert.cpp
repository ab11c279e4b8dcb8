#include "convert.hpp"

#include "cbvm/literals.hpp"

namespace cbvm::boundary {

Error bad_input(std::string_view decision, std::string what) {
  return make_error(ErrorCode::kInvalidInput, std::string(decision) + ": " + std::move(what));
}

const json* Reader::member(const json* from, std::string_view key) {
  if (from == nullptr || !from->is_object()) return nullptr;
  auto it = from->find(key);
  if (it == from->end() || it->is_null()) return nullptr;
  return &*it;
}

void Reader::fail(std::string what) {
  if (!error_) error_ = bad_input(decision_, std::move(what));
}

const json* Reader::object(const json* from, std::string_view key, std::string_view path,
                           bool required) {
  const json* m = member(from, key);
  if (m == nullptr) {
    if (required) fail(std::string(path) + " is required and must be an object.");
    return nullptr;
  }
  if (!m->is_object()) {
    fail(std::string(path) + " must be an object.");
    return nullptr;
  }
  return m;
}

std::optional<std::string> Reader::text(const json* from, std::string_view key,
                                        std::string_view path) {
  const json* m = member(from, key);
  if (m == nullptr) return std::nullopt;
  if (!m->is_string()) {
    fail(std::string(path) + " must be a string.");
    return std::nullopt;
  }
  return m->get<std::string>();
}

std::optional<bool> Reader::boolean(const json* from, std::string_view key,
                                    std::string_view path) {
  const json* m = member(from, key);
  if (m == nullptr) return std::nullopt;
  if (!m->is_boolean()) {
    fail(std::string(path) + " must be true or false.");
    return std::nullopt;
  }
  return m->get<bool>();
}

std::optional<int64_t> Reader::integer(const json* from, std::string_view key,
                                       std::string_view path, int64_t min, int64_t max) {
  const json* m = member(from, key);
  if (m == nullptr) return std::nullopt;
  auto v = integral(m);
  if (!v || *v < min || *v > max) {
    fail(std::string(path) + " must be a whole number from " + std::to_string(min) + " to " +
         std::to_string(max) + ".");
    return std::nullopt;
  }
  return v;
}

std::string text_or_empty(const json* value) {
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::optional<std::string> nonempty_text(const json* value) {
  if (value == nullptr || !value->is_string() || value->get_ref<const std::string&>().empty())
    return std::nullopt;
  return value->get<std::string>();
}

std::optional<int64_t> integral(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned()) {
      const uint64_t u = value->get<uint64_t>();
      if (u > 9000000000000000ULL) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    const int64_t i = value->get<int64_t>();
    if (i > 9000000000000000LL || i < -9000000000000000LL) return std::nullopt;
    return i;
  }
  if (value->is_number_float()) return integral(value->get<double>());
  return std::nullopt;
}

std::optional<int64_t> integral_text(const std::string& text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  const json number = json::parse(text, nullptr, false);
  if (number.is_discarded() || !number.is_number()) return std::nullopt;
  return integral(&number);
}

std::optional<int64_t> integral(double d) {
  // The range check comes first: converting a double outside int64 is undefined.
  if (!(d > -9e15 && d < 9e15)) return std::nullopt;
  if (d != static_cast<double>(static_cast<int64_t>(d))) return std::nullopt;
  return static_cast<int64_t>(d);
}

json attributes_of(const json& task) {
  const json* raw = Reader::member(&task, "attributes");
  if (raw == nullptr) return json::object();
  if (raw->is_object()) return *raw;
  if (raw->is_string()) {
    json parsed = json::parse(raw->get_ref<const std::string&>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  return json::object();
}

Params params_from(const json& params) {
  Params out;
  if (!params.is_object()) return out;
  for (const auto& [key, value] : params.items()) {
    Param p;
    if (value.is_null()) continue;
    if (value.is_string()) {
      p.text = value.get<std::string>();
    } else if (value.is_number()) {
      p.kind = Param::Kind::kNumber;
      p.text = value.dump();
    } else if (value.is_boolean()) {
      p.kind = Param::Kind::kBoolean;
      p.text = value.dump();
    } else {
      p.kind = Param::Kind::kOther;
      p.type_name = value.type_name();
    }
    out.emplace(key, std::move(p));
  }
  return out;
}

FeatureConfig feature_config_from(Reader& r, const json* from) {
  FeatureConfig c;
  const json* config = r.object(from, "config", "config", false);
  c.enabled = r.boolean(config, "enabled", "config.enabled").value_or(false);
  c.allow_requeue = r.boolean(config, "allow_requeue", "config.allow_requeue").value_or(false);
  c.max_attempts = static_cast<int>(
      r.integer(config, "max_attempts", "config.max_attempts", -1000000, 1000000)
          .value_or(lit::kDefaultMaxAttempts));
  c.auto_select_task =
      r.boolean(config, "auto_select_task", "config.auto_select_task").value_or(false);
  // An unknown region (a typo in the Flex configuration) is passed on: the
  // domain then reads numbers as international only, as before the setting.
  c.default_region = r.text(config, "default_region", "config.default_region").value_or("");
  return c;
}

CallbackConfig callback_config_from(Reader& r, const json* from, std::string_view key,
                                    std::string_view path) {
  CallbackConfig c;
  const json* config = r.object(from, key, path, false);
  if (auto sid = r.text(config, "defaultWorkflowSid", "config.defaultWorkflowSid");
      sid && !sid->empty())
    c.default_workflow_sid = *sid;
  if (auto zone = r.text(config, "mainTimeZone", "config.mainTimeZone"); zone && !zone->empty())
    c.main_time_zone = *zone;
  if (auto max = r.integer(config, "maxAttempts", "config.maxAttempts", 1, 1000))
    c.max_attempts = static_cast<int>(*max);
  // An unknown region (a typo in CALLBACK_DEFAULT_REGION) reads numbers as international only.
  if (auto region = r.text(config, "defaultRegion", "config.defaultRegion");
      region && is_phone_region(*region))
    c.default_region = *region;
  return c;
}

namespace {

// Accepts the REST wire shape and the twilio library's camelCase shape alike.
std::optional<std::string> either(const json& task, std::string_view snake, std::string_view camel) {
  auto v = nonempty_text(Reader::member(&task, snake));
  return v ? v : nonempty_text(Reader::member(&task, camel));
}

// Flows and older versions wrote attempts as text ("2"); such text is read as
// the number it spells. Anything else present is kept as written, for the
// rule to refuse by name instead of restarting the count.
void read_attempts(const json* value, CallbackData& d) {
  d.attempts = integral(value);
  if (value == nullptr || d.attempts) return;
  if (value->is_string()) {
    d.attempts = integral_text(value->get_ref<const std::string&>());
    if (d.attempts) return;
  }
  d.attempts_unreadable = value->dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 40);
}

}  // namespace

OriginalTask original_task_from(const json& task) {
  OriginalTask o;
  o.sid = text_or_empty(Reader::member(&task, "sid"));
  o.workflow_sid = either(task, "workflow_sid", "workflowSid");
  o.timeout = integral(Reader::member(&task, "timeout"));
  o.priority = integral(Reader::member(&task, "priority"));
  o.task_channel = either(task, "task_channel_unique_name", "taskChannelUniqueName");
  o.date_created = either(task, "date_created", "dateCreated");
  const json attrs = attributes_of(task);
  o.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  const json* data = Reader::member(&attrs, "callBackData");
  if (data != nullptr && data->is_object()) {
    CallbackData& d = o.callback_data;
    auto text = [&](std::string_view key) { return nonempty_text(Reader::member(data, key)); };
    d.number_to_call = text("numberToCall");
    d.number_to_call_from = text("numberToCallFrom");
    d.recording_sid = text("recordingSid");
    d.recording_url = text("recordingUrl");
    d.transcript_sid = text("transcriptSid");
    d.transcript_text = text("transcriptText");
    d.utc_date_time_received = text("utcDateTimeReceived");
    d.main_time_zone = text("mainTimeZone");
    read_attempts(Reader::member(data, "attempts"), d);
    const json* deleted = Reader::member(data, "isDeleted");
    d.is_deleted = deleted != nullptr && deleted->is_boolean() && deleted->get<bool>();
  }
  const json* conversations = Reader::member(&attrs, "conversations");
  o.conversation_id = nonempty_text(Reader::member(conversations, "conversation_id"));
  return o;
}

PanelTask panel_task_from(Reader& r, const json* task) {
  PanelTask t;
  t.task_channel = r.text(task, "taskChannelUniqueName", "task.taskChannelUniqueName").value_or("");
  t.task_status = r.text(task, "taskStatus", "task.taskStatus").value_or("");
  t.date_created = r.text(task, "dateCreated", "task.dateCreated").value_or("");
  if (task == nullptr) return t;
  const json attrs = attributes_of(*task);
  t.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  t.name = text_or_empty(Reader::member(&attrs, "name"));
  t.from = text_or_empty(Reader::member(&attrs, "from"));
  const json* data = Reader::member(&attrs, "callBackData");
  t.has_callback_data = data != nullptr && data->is_object();
  if (!t.has_callback_data) return t;
  PanelCallbackData& d = t.callback_data;
  auto text = [&](std::string_view key) { return text_or_empty(Reader::member(data, key)); };
  d.recording_sid = text("recordingSid");
  const json* deleted = Reader::member(data, "isDeleted");
  // Some flows wrote the flag as text.
  d.is_deleted = deleted != nullptr &&
                 ((deleted->is_boolean() && deleted->get<bool>()) ||
                  (deleted->is_string() && deleted->get_ref<const std::string&>() == "true"));
  d.transcript_text = text("transcriptText");
  d.transcription_text = text("transcriptionText");
  d.twilio_transcription_text = text("TranscriptionText");
  d.number_to_call = text("numberToCall");
  d.utc_date_time_received = text("utcDateTimeReceived");
  d.main_time_zone = text("mainTimeZone");
  d.scheduled_for = text("scheduledFor");
  d.scheduled_time_zone = text("scheduledTimeZone");
  // Read as the requeue reads it: "2" is 2; anything else unreadable counts none.
  const json* attempts = Reader::member(data, "attempts");
  d.attempts = attempts != nullptr && attempts->is_string()
                   ? integral_text(attempts->get_ref<const std::string&>())
                   : integral(attempts);
  return t;
}

void apply_patch(json& attributes, const AttributePatch& patch) {
  if (!attributes.is_object()) attributes = json::object();
  for (std::string_view key : patch.removed) attributes.erase(std::string(key));
  if (patch.update_conversations) {
    auto it = attributes.find("conversations");
    const bool was_object = it != attributes.end() && it->is_object();
    json conversations = was_object ? *it : json::object();
    for (std::string_view key : patch.conversations_removed) conversations.erase(std::string(key));
    for (const auto& [key, value] : patch.conversations_texts) conversations[std::string(key)] = value;
    if (was_object || !conversations.empty()) attributes["conversations"] = std::move(conversations);
  }
  for (const auto& [key, value] : patch.texts) attributes[std::string(key)] = value;
  for (const auto& [key, value] : patch.flags) attributes[std::string(key)] = value;
  if (patch.update_callback_data) {
    json& data = attributes["callBackData"];
    if (!data.is_object()) data = json::object();
    for (std::string_view key : patch.callback_data_removed) data.erase(std::string(key));
    for (const auto& [key, value] : patch.callback_data_texts) data[std::string(key)] = value;
  }
}

json callback_task_json(const CallbackTaskSpec& spec, json base) {
  apply_patch(base, spec.attributes);
  const CallbackDataOut& d = spec.callback_data;
  json data = {{"numberToCall", d.number_to_call},
               {"numberToCallFrom", d.number_to_call_from},
               {"attempts", d.attempts},
               {"mainTimeZone", d.main_time_zone},
               {"utcDateTimeReceived", d.utc_date_time_received},
               {"isDeleted", d.is_deleted}};
  if (d.recording_sid) data["recordingSid"] = *d.recording_sid;
  if (d.recording_url) data["recordingUrl"] = *d.recording_url;
  if (d.transcript_sid) data["transcriptSid"] = *d.transcript_sid;
  if (d.transcript_text) data["transcriptText"] = *d.transcript_text;
  if (d.transcript_truncated) data["transcriptTruncated"] = true;
  if (d.voicemail_abandoned) data["voicemailAbandoned"] = true;
  base["callBackData"] = std::move(data);
  json task = {{"workflowSid", spec.workflow_sid},
               {"taskChannel", spec.task_channel},
               {"timeout", spec.timeout},
               {"priority", spec.priority},
               {"attributes", std::move(base)}};
  if (spec.virtual_start_time) task["virtualStartTime"] = *spec.virtual_start_time;
  if (spec.request_key) task["requestKey"] = *spec.request_key;
  return task;
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

}  // namespace cbvm::boundary
