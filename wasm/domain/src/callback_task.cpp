#include "cbvm/callback_task.hpp"

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"

namespace cbvm {
namespace {

// Attributes that describe the original interaction and must not leak into a
// new task (they would tie it to a call or conference that no longer exists),
// and those the new task sets itself.
constexpr std::string_view kNeverCopied[] = {"call_sid",  "reservation_attributes",
                                             "conference", "taskType", "name", "from",
                                             "direction", "callBackData",
                                             // the original's requeue claim is its own, never its successor's
                                             "callbackRequeue"};
// What a call's hang-up wrote into conversations (Flex Insights); a callback
// is a new segment of the conversation, not an abandoned one.
constexpr std::string_view kConversationsNeverCopied[] = {"abandoned", "hang_up_by"};

template <typename T>
std::optional<T> first_of(const std::optional<T>& a, const std::optional<T>& b) {
  return a ? a : b;
}

}  // namespace

Result<CallbackTaskSpec> decide_callback_task(const CallbackRequest& req,
                                              const OriginalTask* original,
                                              const CallbackConfig& config, std::string_view now) {
  const bool is_requeue = original != nullptr && (original->task_type == lit::kTaskTypeCallback ||
                                                  original->task_type == lit::kTaskTypeVoicemail);
  // Inherited details come only from a callback.
  const CallbackData prior = is_requeue ? original->callback_data : CallbackData{};

  auto workflow = first_of(req.workflow_sid, original ? original->workflow_sid : std::nullopt);
  workflow = first_of(workflow, config.default_workflow_sid);
  if (!workflow || workflow->empty())
    return make_error(ErrorCode::kNoWorkflow,
                      "No workflow to route the callback: pass workflowSid or set "
                      "TWILIO_FLEX_CALLBACK_WORKFLOW_SID.");

  CallbackTaskSpec spec;
  spec.workflow_sid = *workflow;
  spec.timeout = req.timeout.value_or(original && original->timeout ? *original->timeout
                                                                    : lit::kDefaultTaskTimeoutSeconds);
  spec.priority = req.priority.value_or(original && original->priority ? *original->priority : 0);
  spec.task_channel = std::string(lit::kVoiceChannel);
  if (req.task_channel) spec.task_channel = *req.task_channel;
  else if (original && original->task_channel) spec.task_channel = *original->task_channel;

  // A count that cannot be read is refused: restarting it would lift the
  // limit on attempts, which is what a requeue must enforce.
  if (is_requeue && !req.attempts && prior.attempts_unreadable)
    return make_error(ErrorCode::kConflict,
                      "The original task's callBackData.attempts is " + *prior.attempts_unreadable +
                          ", not a whole number of attempts, so it cannot be requeued.");
  if (is_requeue && !req.attempts && prior.attempts && *prior.attempts < 0)
    return make_error(ErrorCode::kConflict,
                      "The original task's callBackData.attempts is " +
                          std::to_string(*prior.attempts) +
                          ", below 0, so it cannot be requeued.");

  int64_t attempts = 0;
  if (req.attempts) {
    attempts = *req.attempts;
  } else if (is_requeue) {
    attempts = prior.attempts.value_or(0) + 1;
  }
  if (is_requeue && config.max_attempts && attempts + 1 > *config.max_attempts) {
    const int max = *config.max_attempts;
    return make_error(ErrorCode::kAttemptsExhausted,
                      "This callback has already had its last attempt (" + std::to_string(max) +
                          " of " + std::to_string(max) + "), so it cannot be requeued again.");
  }

  const auto number_to_call = first_of(req.number_to_call, prior.number_to_call);
  if (!number_to_call)
    return make_error(ErrorCode::kNoNumberToCall,
                      "The original task has no callBackData.numberToCall, so there is no "
                      "number to call back.");

  CallbackDataOut& data = spec.callback_data;
  data.number_to_call = *number_to_call;
  data.number_to_call_from = first_of(req.number_to_call_from, prior.number_to_call_from).value_or("");
  data.attempts = attempts;
  data.main_time_zone = prior.main_time_zone && looks_like_iana_zone(*prior.main_time_zone)
                            ? *prior.main_time_zone
                            : config.main_time_zone;
  data.utc_date_time_received =
      first_of(req.utc_date_time_received, prior.utc_date_time_received).value_or(std::string(now));
  const auto recording_sid = first_of(req.recording_sid, prior.recording_sid);
  data.recording_sid = recording_sid;
  data.recording_url = first_of(req.recording_url, prior.recording_url);
  data.transcript_sid = first_of(req.transcript_sid, prior.transcript_sid);
  data.transcript_text = first_of(req.transcript_text, prior.transcript_text);
  data.is_deleted = req.is_deleted.value_or(prior.is_deleted);
  data.transcript_truncated = req.transcript_truncated;

  std::optional<std::string> conversation_id = req.conversation_id;
  if (!conversation_id && original) conversation_id = original->conversation_id;
  if (!conversation_id && original && !original->sid.empty()) conversation_id = original->sid;

  AttributePatch& patch = spec.attributes;
  patch.removed.assign(std::begin(kNeverCopied), std::end(kNeverCopied));
  patch.update_conversations = true;
  patch.conversations_removed.assign(std::begin(kConversationsNeverCopied),
                                     std::end(kConversationsNeverCopied));
  if (conversation_id) patch.conversations_texts.emplace_back("conversation_id", *conversation_id);
  patch.texts.emplace_back("taskType", recording_sid ? lit::kTaskTypeVoicemail
                                                     : lit::kTaskTypeCallback);
  patch.texts.emplace_back("name", *number_to_call);
  patch.texts.emplace_back("from", *number_to_call);
  patch.texts.emplace_back("direction", "inbound");
  if (req.flex_flow_sid) patch.texts.emplace_back("flow_execution_sid", *req.flex_flow_sid);

  spec.virtual_start_time = req.virtual_start_time;
  if (req.recording_sid) spec.request_key = "recording:" + *req.recording_sid;
  else if (req.call_sid) spec.request_key = "call:" + *req.call_sid;
  else spec.request_key = req.idempotency_key;
  return spec;
}

KeyedSettlement settle_keyed_tasks(const std::vector<KeyedTask>& tasks, std::string_view key) {
  KeyedSettlement out;
  const KeyedTask* first = nullptr;
  auto earlier = [](const KeyedTask& a, const KeyedTask& b) {
    if (a.created_ms != b.created_ms) {
      if (!a.created_ms) return false;
      if (!b.created_ms) return true;
      return *a.created_ms < *b.created_ms;
    }
    return a.sid < b.sid;
  };
  for (const KeyedTask& t : tasks) {
    if (first == nullptr || earlier(t, *first)) first = &t;
  }
  if (first == nullptr) return out;
  out.keep = first->sid;
  out.cancel_reason = std::string(kDuplicateReasonPrefix) + out.keep;
  if (!key.empty()) out.cancel_reason += " (same request: " + std::string(key) + ")";
  for (const KeyedTask& t : tasks) {
    if (t.sid == first->sid) continue;
    if (t.assignment_status == "pending" || t.assignment_status == "reserved") {
      out.cancel.push_back(t.sid);
    }
  }
  return out;
}

}  // namespace cbvm
