#include "cbvm/callback_task.hpp"

#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "cbvm/wire.hpp"
#include "json_access.hpp"

namespace cbvm {

using detail::json;

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

// A string member, with "" treated as absent.
std::optional<std::string_view> nonempty_text(const wire::Value& v) {
  if (v.is_string() && !v.str().empty()) return v.str();
  return std::nullopt;
}
}  // namespace

const wire::Reads& original_task_reads() { return kOriginalReads; }

OriginalTask original_task_from(const wire::Value& task) {
  wire::Value m[10];
  task.pick(kOriginalKeys, m);
  // Accept the REST wire shape and the twilio library's camelCase shape alike.
  auto text = [&](int snake, int camel) {
    auto v = nonempty_text(m[snake]);
    return v ? v : nonempty_text(m[camel]);
  };
  OriginalTask o;
  o.sid = m[kSid].str();
  o.workflow_sid = text(kWorkflowSid, kWorkflowSidCamel);
  o.timeout = m[kTimeout].integer();
  o.priority = m[kPriority].integer();
  o.task_channel = text(kChannel, kChannelCamel);
  o.attributes = wire::object_or_parsed(m[kAttributes], o.attributes_doc);
  o.date_created = text(kDateCreated, kDateCreatedCamel);
  return o;
}

OriginalTask original_task_from_json(const json& task) {
  wire::Writer w;
  w.json(task);
  auto doc = std::make_unique<wire::Document>(std::move(w));
  OriginalTask o = original_task_from(doc->root());
  o.task_doc = std::move(doc);
  return o;
}

namespace {

// Attributes that describe the original interaction and must not leak into a
// new task (they would tie it to a call or conference that no longer exists),
// and those the new task sets itself.
bool never_copied(std::string_view key, bool sets_flow) {
  static constexpr std::string_view kKeys[] = {"call_sid",  "reservation_attributes",
                                               "conference", "taskType", "name", "from",
                                               "direction", "callBackData"};
  for (std::string_view k : kKeys) {
    if (wire::same(k, key)) return true;
  }
  return sets_flow && key == "flow_execution_sid";
}

std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

template <typename T>
std::optional<T> first_of(const std::optional<T>& a, const std::optional<T>& b) {
  return a ? a : b;
}

}  // namespace

std::optional<Error> write_callback_task(const CallbackRequest& req, const OriginalTask* original,
                                         const CallbackConfig& config, std::string_view now,
                                         wire::Writer& w) {
  // The original's attributes become the new task's, less what never_copied names.
  const wire::Value attrs = original ? original->attributes : wire::Value();
  enum { kTaskType, kCallBackData, kConversations };
  static constexpr std::string_view kAttrKeys[] = {"taskType", "callBackData", "conversations"};
  wire::Value a[3];
  attrs.pick(kAttrKeys, a);
  const wire::Value prior = a[kCallBackData].is_object() ? a[kCallBackData] : wire::Value();
  const std::string_view original_type = a[kTaskType].str();
  const bool is_requeue = original != nullptr && (original_type == lit::kTaskTypeCallback ||
                                                  original_type == lit::kTaskTypeVoicemail);

  auto workflow = first_of(view_of(req.workflow_sid), original ? original->workflow_sid : std::nullopt);
  workflow = first_of(workflow, view_of(config.default_workflow_sid));
  if (!workflow || workflow->empty())
    return make_error(ErrorCode::kNoWorkflow,
                      "No workflow to route the callback: pass workflowSid or set "
                      "TWILIO_FLEX_CALLBACK_WORKFLOW_SID.");
  const int64_t timeout = req.timeout.value_or(
      original && original->timeout ? *original->timeout : lit::kDefaultTaskTimeoutSeconds);
  const int64_t priority =
      req.priority.value_or(original && original->priority ? *original->priority : 0);
  std::string_view task_channel = lit::kVoiceChannel;
  if (req.task_channel) task_channel = *req.task_channel;
  else if (original && original->task_channel && !original->task_channel->empty())
    task_channel = *original->task_channel;

  enum { kNumberToCall, kNumberToCallFrom, kRecordingSid, kRecordingUrl, kTranscriptSid,
         kTranscriptText, kReceived, kMainTimeZone, kAttempts, kIsDeleted };
  static constexpr std::string_view kPriorKeys[] = {
      "numberToCall",   "numberToCallFrom", "recordingSid",        "recordingUrl", "transcriptSid",
      "transcriptText", "utcDateTimeReceived", "mainTimeZone",     "attempts",     "isDeleted"};
  wire::Value p[10];
  if (is_requeue) prior.pick(kPriorKeys, p);  // inherited details come only from a callback

  int64_t attempts = 0;
  if (req.attempts) {
    attempts = *req.attempts;
  } else if (is_requeue) {
    auto prior_attempts = p[kAttempts].integer();
    attempts = (prior_attempts && *prior_attempts >= 0 ? *prior_attempts : 0) + 1;
  }
  if (is_requeue && config.max_attempts && attempts + 1 > *config.max_attempts) {
    const int max = *config.max_attempts;
    return make_error(ErrorCode::kAttemptsExhausted,
                      "This callback has already had its last attempt (" + std::to_string(max) +
                          " of " + std::to_string(max) + "), so it cannot be requeued again.");
  }

  auto detail = [&](const std::optional<std::string>& asked, int inherited) {
    return first_of(view_of(asked), nonempty_text(p[inherited]));
  };
  const auto number_to_call = detail(req.number_to_call, kNumberToCall);
  if (!number_to_call)
    return make_error(ErrorCode::kNoNumberToCall,
                      "The original task has no callBackData.numberToCall, so there is no "
                      "number to call back.");
  const auto number_from = detail(req.number_to_call_from, kNumberToCallFrom);
  const auto recording_sid = detail(req.recording_sid, kRecordingSid);
  const auto recording_url = detail(req.recording_url, kRecordingUrl);
  const auto transcript_sid = detail(req.transcript_sid, kTranscriptSid);
  const auto transcript_text = detail(req.transcript_text, kTranscriptText);
  const auto received = detail(req.utc_date_time_received, kReceived);
  const auto zone = nonempty_text(p[kMainTimeZone]);
  const bool is_deleted = req.is_deleted.value_or(p[kIsDeleted].as_bool());

  const wire::Value conversations =
      a[kConversations].is_object() ? a[kConversations] : wire::Value();
  std::optional<std::string_view> conversation_id = view_of(req.conversation_id);
  if (!conversation_id) conversation_id = nonempty_text(conversations.member("conversation_id"));
  if (!conversation_id && original && !original->sid.empty()) conversation_id = original->sid;

  // Everything is decided: write the task.
  w.begin_object();
  w.key_lit("workflowSid");
  w.string(*workflow);
  w.key_lit("taskChannel");
  w.string(task_channel);
  w.key_lit("timeout");
  w.number(static_cast<double>(timeout));
  w.key_lit("priority");
  w.number(static_cast<double>(priority));
  w.key_lit("attributes");
  w.begin_object();
  auto write_conversations = [&](const wire::Value& kept) {
    w.begin_object();
    kept.for_each_member([&](std::string_view key, const wire::Value& v) {
      if (key == "abandoned" || key == "hang_up_by" || (conversation_id && key == "conversation_id"))
        return;
      w.key_shared(key);
      w.value(v);
    });
    if (conversation_id) {
      w.key_lit("conversation_id");
      w.string(*conversation_id);
    }
    w.end_object();
  };
  bool wrote_conversations = false;
  attrs.for_each_member([&](std::string_view key, const wire::Value& v) {
    if (never_copied(key, req.flex_flow_sid.has_value())) return;
    w.key_shared(key);  // attribute names recur from call to call
    if (key == "conversations" && (v.is_object() || conversation_id)) {
      write_conversations(v);  // (an object that is not one is replaced)
      wrote_conversations = true;
    } else {
      w.value(v);
    }
  });
  if (conversation_id && !wrote_conversations) {
    w.key_lit("conversations");
    write_conversations(wire::Value());
  }
  w.key_lit("taskType");
  w.string_lit(recording_sid ? lit::kTaskTypeVoicemail : lit::kTaskTypeCallback);
  w.key_lit("name");
  w.string(*number_to_call);
  w.key_lit("from");
  w.string(*number_to_call);
  w.key_lit("direction");
  w.string_lit("inbound");
  if (req.flex_flow_sid) {
    w.key_lit("flow_execution_sid");
    w.string(*req.flex_flow_sid);
  }
  w.key_lit("callBackData");
  w.begin_object();
  w.key_lit("numberToCall");
  w.string(*number_to_call);
  w.key_lit("numberToCallFrom");
  w.string(number_from.value_or(""));
  w.key_lit("attempts");
  w.number(static_cast<double>(attempts));
  w.key_lit("mainTimeZone");
  w.string(zone && looks_like_iana_zone(*zone) ? *zone : std::string_view(config.main_time_zone));
  w.key_lit("utcDateTimeReceived");
  w.string(received.value_or(now));
  w.key_lit("recordingSid");
  w.string(recording_sid.value_or(""));
  w.key_lit("recordingUrl");
  w.string(recording_url.value_or(""));
  w.key_lit("transcriptSid");
  w.string(transcript_sid.value_or(""));
  w.key_lit("transcriptText");
  w.string(transcript_text.value_or(""));
  w.key_lit("isDeleted");
  w.boolean(is_deleted);
  if (req.transcript_truncated) {
    w.key_lit("transcriptTruncated");
    w.boolean(true);
  }
  w.end_object();
  w.end_object();
  if (req.virtual_start_time) {
    w.key_lit("virtualStartTime");
    w.string(*req.virtual_start_time);
  }
  w.end_object();
  return std::nullopt;
}

Result<json> build_callback_task(const CallbackRequest& request, const OriginalTask* original,
                                 const CallbackConfig& config, std::string_view now) {
  wire::Writer w;
  if (auto e = write_callback_task(request, original, config, now, w)) return *e;
  const wire::Document task(std::move(w));
  return wire::to_json(task.root());
}

}  // namespace cbvm
