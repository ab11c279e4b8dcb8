#include "cbvm/callback_task.hpp"

#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "cbvm/wire.hpp"
#include "json_access.hpp"

namespace cbvm {

using detail::json;

namespace {

// Attributes that describe the original interaction and must not leak into a
// new task: they would tie it to a call or conference that no longer exists.
void strip_never_copied(json& attrs) {
  attrs.erase("call_sid");
  attrs.erase("reservation_attributes");
  attrs.erase("conference");
  auto conv = attrs.find("conversations");
  if (conv != attrs.end() && conv->is_object()) {
    conv->erase("abandoned");
    conv->erase("hang_up_by");
  }
}

template <typename T>
std::optional<T> first_of(const std::optional<T>& a, const std::optional<T>& b) {
  return a ? a : b;
}

}  // namespace

namespace {
enum {
  kSid, kWorkflowSid, kWorkflowSidCamel, kTimeout, kPriority, kChannel, kChannelCamel,
  kAttributes, kDateCreated, kDateCreatedCamel
};
constexpr std::string_view kOriginalKeys[] = {
    "sid",      "workflow_sid",        "workflowSid",           "timeout",
    "priority", "task_channel_unique_name", "taskChannelUniqueName", "attributes",
    "date_created", "dateCreated"};
constexpr wire::Reads kOriginalReads = wire::reads_of(kOriginalKeys);
}  // namespace

const wire::Reads& original_task_reads() { return kOriginalReads; }

OriginalTask original_task_from(const wire::Value& task) {
  wire::Value m[10];
  task.pick(kOriginalKeys, m);
  // Accept the REST wire shape and the twilio library's camelCase shape alike.
  auto text = [&](int snake, int camel) -> std::optional<std::string> {
    for (int k : {snake, camel}) {
      if (m[k].is_string() && !m[k].str().empty()) return std::string(m[k].str());
    }
    return std::nullopt;
  };
  OriginalTask o;
  o.sid = std::string(m[kSid].str());
  o.workflow_sid = text(kWorkflowSid, kWorkflowSidCamel);
  o.timeout = m[kTimeout].integer();
  o.priority = m[kPriority].integer();
  o.task_channel = text(kChannel, kChannelCamel);
  const wire::Value attributes = m[kAttributes];
  if (attributes.is_object()) {
    o.attributes = wire::to_json(attributes);
  } else if (attributes.is_string()) {
    json parsed = json::parse(attributes.str(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) o.attributes = std::move(parsed);
  }
  o.date_created = text(kDateCreated, kDateCreatedCamel);
  return o;
}

OriginalTask original_task_from_json(const json& task) {
  wire::Writer w;
  w.json(task);
  const wire::Document doc(std::move(w));
  return original_task_from(doc.root());
}

namespace {

// `attrs` starts as the original's attributes (or {}) and becomes the new task's.
Result<CallbackTaskSpec> build(const CallbackRequest& req, const OriginalTask* original, json attrs,
                               const CallbackConfig& config, const std::string& now) {
  const json& prior = detail::object_member_or_empty(attrs, "callBackData");
  const std::string original_type = detail::string_member(attrs, "taskType").value_or("");
  const bool is_requeue =
      original != nullptr && (original_type == lit::kTaskTypeCallback ||
                              original_type == lit::kTaskTypeVoicemail);

  CallbackTaskSpec spec;
  auto workflow = first_of(req.workflow_sid, original ? original->workflow_sid : std::nullopt);
  workflow = first_of(workflow, config.default_workflow_sid);
  if (!workflow || workflow->empty())
    return make_error(ErrorCode::kNoWorkflow,
                      "No workflow to route the callback: pass workflowSid or set "
                      "TWILIO_FLEX_CALLBACK_WORKFLOW_SID.");
  spec.workflow_sid = *workflow;
  spec.timeout = req.timeout.value_or(
      original && original->timeout ? *original->timeout : lit::kDefaultTaskTimeoutSeconds);
  spec.priority = req.priority.value_or(original && original->priority ? *original->priority : 0);
  spec.task_channel = req.task_channel.value_or(
      original && original->task_channel && !original->task_channel->empty()
          ? *original->task_channel
          : std::string(lit::kVoiceChannel));
  spec.virtual_start_time = req.virtual_start_time;

  int64_t attempts = 0;
  if (req.attempts) {
    attempts = *req.attempts;
  } else if (is_requeue) {
    auto prior_attempts = detail::int_member(prior, "attempts");
    attempts = (prior_attempts && *prior_attempts >= 0 ? *prior_attempts : 0) + 1;
  }
  if (is_requeue && config.max_attempts && attempts + 1 > *config.max_attempts) {
    const int max = *config.max_attempts;
    return make_error(ErrorCode::kAttemptsExhausted,
                      "This callback has already had its last attempt (" + std::to_string(max) +
                          " of " + std::to_string(max) + "), so it cannot be requeued again.");
  }

  // Inherited callback details come only from a callback being requeued.
  auto inherited = [&](const char* key) -> std::optional<std::string> {
    return is_requeue ? detail::nonempty_string_member(prior, key) : std::nullopt;
  };
  auto number_to_call = first_of(req.number_to_call, inherited("numberToCall"));
  if (!number_to_call)
    return make_error(ErrorCode::kNoNumberToCall,
                      "The original task has no callBackData.numberToCall, so there is no "
                      "number to call back.");
  auto number_from = first_of(req.number_to_call_from, inherited("numberToCallFrom"));
  auto recording_sid = first_of(req.recording_sid, inherited("recordingSid"));
  auto recording_url = first_of(req.recording_url, inherited("recordingUrl"));
  auto transcript_sid = first_of(req.transcript_sid, inherited("transcriptSid"));
  auto transcript_text = first_of(req.transcript_text, inherited("transcriptText"));
  auto received = first_of(req.utc_date_time_received, inherited("utcDateTimeReceived"));
  auto zone = inherited("mainTimeZone");
  bool is_deleted = req.is_deleted.value_or(
      is_requeue && detail::bool_member(prior, "isDeleted").value_or(false));

  json data = json::object();
  data["numberToCall"] = *number_to_call;
  data["numberToCallFrom"] = number_from.value_or("");
  data["attempts"] = attempts;
  data["mainTimeZone"] = zone && looks_like_iana_zone(*zone) ? *zone : config.main_time_zone;
  data["utcDateTimeReceived"] = received.value_or(now);
  data["recordingSid"] = recording_sid.value_or("");
  data["recordingUrl"] = recording_url.value_or("");
  data["transcriptSid"] = transcript_sid.value_or("");
  data["transcriptText"] = transcript_text.value_or("");
  data["isDeleted"] = is_deleted;
  if (req.transcript_truncated) data["transcriptTruncated"] = true;

  strip_never_copied(attrs);
  attrs["taskType"] = recording_sid ? lit::kTaskTypeVoicemail : lit::kTaskTypeCallback;
  attrs["name"] = *number_to_call;
  attrs["from"] = *number_to_call;
  attrs["direction"] = "inbound";
  if (req.flex_flow_sid) attrs["flow_execution_sid"] = *req.flex_flow_sid;
  attrs["callBackData"] = std::move(data);

  auto existing = attrs.find("conversations");
  json* conversations = existing != attrs.end() && existing->is_object() ? &*existing : nullptr;
  std::optional<std::string> conversation_id = req.conversation_id;
  if (!conversation_id && conversations != nullptr)
    conversation_id = detail::nonempty_string_member(*conversations, "conversation_id");
  if (!conversation_id && original && !original->sid.empty()) conversation_id = original->sid;
  if (conversation_id) {
    if (conversations != nullptr) (*conversations)["conversation_id"] = *conversation_id;
    else attrs["conversations"] = json{{"conversation_id", *conversation_id}};
  }

  spec.attributes = std::move(attrs);
  return spec;
}

}  // namespace

Result<CallbackTaskSpec> build_callback_task(const CallbackRequest& request,
                                             const OriginalTask* original,
                                             const CallbackConfig& config,
                                             const std::string& now) {
  return build(request, original, original ? original->attributes : json::object(), config, now);
}

Result<CallbackTaskSpec> build_callback_task(const CallbackRequest& request,
                                             OriginalTask&& original, const CallbackConfig& config,
                                             const std::string& now) {
  json attrs = std::move(original.attributes);
  original.attributes = json::object();
  return build(request, &original, std::move(attrs), config, now);
}

}  // namespace cbvm
