// The only file that knows about Emscripten: it registers the two doors and
// converts nothing itself. No C++ object for JavaScript to own or delete.
//   _run(decision, json)            the JSON door: any decision, JSON text in and out
//   _classifyTask(channel, type)    the typed door of the agent's hot decisions,
//   _channelTitle(surface, word, queue, name)   fed by js-shim/src/marshal.cjs
//   _panelState(PanelCall) -> PanelAnswer
#include <emscripten/bind.h>

#include <string>

#include "cbvm/agent_door.hpp"
#include "cbvm/api.hpp"

namespace {

std::string run_decision(const std::string& decision, const std::string& input_json) {
  return cbvm::api::run(decision, input_json);
}

}  // namespace

EMSCRIPTEN_BINDINGS(cbvm_core) {
  using cbvm::door::PanelAnswer;
  using cbvm::door::PanelCall;
  using emscripten::value_object;

  emscripten::function("_run", &run_decision);
  emscripten::function("_classifyTask", &cbvm::door::classify_task);
  emscripten::function("_channelTitle", &cbvm::door::channel_title);
  emscripten::function("_panelState", &cbvm::door::panel_state);

  value_object<PanelCall>("PanelCall")
      .field("taskChannel", &PanelCall::task_channel)
      .field("taskStatus", &PanelCall::task_status)
      .field("dateCreated", &PanelCall::date_created)
      .field("taskType", &PanelCall::task_type)
      .field("name", &PanelCall::name)
      .field("from", &PanelCall::from)
      .field("hasCallbackData", &PanelCall::has_callback_data)
      .field("recordingSid", &PanelCall::recording_sid)
      .field("isDeleted", &PanelCall::is_deleted)
      .field("transcriptText", &PanelCall::transcript_text)
      .field("transcriptionText", &PanelCall::transcription_text)
      .field("twilioTranscriptionText", &PanelCall::twilio_transcription_text)
      .field("numberToCall", &PanelCall::number_to_call)
      .field("utcDateTimeReceived", &PanelCall::utc_date_time_received)
      .field("mainTimeZone", &PanelCall::main_time_zone)
      .field("scheduledFor", &PanelCall::scheduled_for)
      .field("scheduledTimeZone", &PanelCall::scheduled_time_zone)
      .field("attempts", &PanelCall::attempts)
      .field("attemptsText", &PanelCall::attempts_text)
      .field("workerActivitySid", &PanelCall::worker_activity_sid)
      .field("offlineActivitySid", &PanelCall::offline_activity_sid)
      .field("enabled", &PanelCall::enabled)
      .field("allowRequeue", &PanelCall::allow_requeue)
      .field("autoSelectTask", &PanelCall::auto_select_task)
      .field("maxAttempts", &PanelCall::max_attempts)
      .field("defaultRegion", &PanelCall::default_region)
      .field("actionPending", &PanelCall::action_pending)
      .field("hasAgentTimeZone", &PanelCall::has_agent_time_zone)
      .field("agentTimeZone", &PanelCall::agent_time_zone)
      .field("placedCallStatus", &PanelCall::placed_call_status)
      .field("placedCallAt", &PanelCall::placed_call_at)
      .field("requeued", &PanelCall::requeued)
      .field("outboundFlows", &PanelCall::outbound_flows)
      .field("outboundFlowsEnabled", &PanelCall::outbound_flows_enabled);

  value_object<PanelAnswer>("PanelAnswer")
      .field("error", &PanelAnswer::error)
      .field("kind", &PanelAnswer::kind)
      .field("headingKey", &PanelAnswer::heading_key)
      .field("descriptionKey", &PanelAnswer::description_key)
      .field("hasCallbackData", &PanelAnswer::has_callback_data)
      .field("showRecording", &PanelAnswer::show_recording)
      .field("recordingDeleted", &PanelAnswer::recording_deleted)
      .field("hasRecordingSid", &PanelAnswer::has_recording_sid)
      .field("recordingSid", &PanelAnswer::recording_sid)
      .field("hasTranscript", &PanelAnswer::has_transcript)
      .field("transcript", &PanelAnswer::transcript)
      .field("hasContactPhone", &PanelAnswer::has_contact_phone)
      .field("contactPhone", &PanelAnswer::contact_phone)
      .field("hasNumberToCall", &PanelAnswer::has_number_to_call)
      .field("numberToCall", &PanelAnswer::number_to_call)
      .field("hasReceivedAt", &PanelAnswer::has_received_at)
      .field("receivedAt", &PanelAnswer::received_at)
      .field("agentTimeZone", &PanelAnswer::agent_time_zone)
      .field("hasMainTimeZone", &PanelAnswer::has_main_time_zone)
      .field("mainTimeZone", &PanelAnswer::main_time_zone)
      .field("showSystemTime", &PanelAnswer::show_system_time)
      .field("attemptNumber", &PanelAnswer::attempt_number)
      .field("attemptOf", &PanelAnswer::attempt_of)
      .field("lastAttempt", &PanelAnswer::last_attempt)
      .field("attemptLineKey", &PanelAnswer::attempt_line_key)
      .field("hasCalledAt", &PanelAnswer::has_called_at)
      .field("calledAt", &PanelAnswer::called_at)
      .field("hasScheduledFor", &PanelAnswer::has_scheduled_for)
      .field("scheduledFor", &PanelAnswer::scheduled_for)
      .field("hasCustomerTimeZone", &PanelAnswer::has_customer_time_zone)
      .field("customerTimeZone", &PanelAnswer::customer_time_zone)
      .field("placeCallVisible", &PanelAnswer::place_call_visible)
      .field("placeCallEnabled", &PanelAnswer::place_call_enabled)
      .field("placeCallDisabledReason", &PanelAnswer::place_call_disabled_reason)
      .field("placeCallHint", &PanelAnswer::place_call_hint)
      .field("retryLaterVisible", &PanelAnswer::retry_later_visible)
      .field("retryLaterEnabled", &PanelAnswer::retry_later_enabled)
      .field("retryLaterDisabledReason", &PanelAnswer::retry_later_disabled_reason)
      .field("retryLaterHint", &PanelAnswer::retry_later_hint);
}
