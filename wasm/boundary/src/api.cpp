#include "cbvm/api.hpp"

#include <map>

#include "decisions.hpp"
#include "decisions_retention.hpp"
#include "decisions_voicemail.hpp"

namespace cbvm::api {
namespace {

using boundary::Answer;
using boundary::json;
using Decision = Answer (*)(const json&);

const std::map<std::string, Decision, std::less<>>& decisions() {
  // The browser module (CBVM_AGENT_DECISIONS_ONLY) carries only what the
  // agent's desktop decides; the server-side decisions stay out of its bytes.
  static const std::map<std::string, Decision, std::less<>> kDecisions = {
      {"classifyTask", boundary::classify_task_decision},
      {"channelDefinitions", boundary::channel_definitions_decision},
      {"channelTitle", boundary::channel_title_decision},
      {"panelState", boundary::panel_state_decision},
      {"normalizePhoneNumber", boundary::normalize_phone_number_decision},
      {"planOutboundCall", boundary::plan_outbound_call_decision},
      {"retryOutboundCall", boundary::retry_outbound_call_decision},
      {"autoSelect", boundary::auto_select_decision},
      {"constants", boundary::constants_decision},
#ifndef CBVM_AGENT_DECISIONS_ONLY
      {"validateCreateCallback", boundary::validate_create_callback_decision},
      {"validateRequeueCallback", boundary::validate_requeue_callback_decision},
      {"validateFetchVoicemail", boundary::validate_fetch_voicemail_decision},
      {"voicemailRecording", boundary::voicemail_recording_decision},
      {"deleteVoicemail", boundary::delete_voicemail_decision},
      {"voicemailNotification", boundary::voicemail_notification_decision},
      {"buildCallbackTask", boundary::build_callback_task_decision},
      {"requeueCallback", boundary::requeue_callback_decision},
      {"retryDecision", boundary::retry_decision},
      {"settleKeyedTasks", boundary::settle_keyed_tasks_decision},
      {"callbackWorkflow", boundary::callback_workflow_decision},
      {"workspaceEvents", boundary::workspace_events_decision},
      {"outcomePolicy", boundary::outcome_policy_decision},
      {"callbackOutcome", boundary::callback_outcome_decision},
      {"checkDeployment", boundary::check_deployment_decision},
      {"callingWindow", boundary::calling_window_decision},
      {"openSlots", boundary::open_slots_decision},
      {"validateScheduledFor", boundary::validate_scheduled_for_decision},
      {"callbackDue", boundary::callback_due_decision},
      {"holdStep", boundary::hold_step_decision},
      {"callbackRows", boundary::callback_rows_decision},
      {"manageCallback", boundary::manage_callback_decision},
      {"holdPlan", boundary::hold_plan_decision},
      {"retentionPlan", boundary::retention_plan_decision},
      {"waitStep", boundary::wait_step_decision},
      {"findTaskByCallSid", boundary::find_task_by_call_sid_decision},
      {"mergeCallback", boundary::merge_callback_decision},
      {"callbackIndexEnded", boundary::callback_index_ended_decision},
      {"smsConfirmation", boundary::sms_confirmation_decision},
      {"smsReply", boundary::sms_reply_decision},
#endif
  };
  return kDecisions;
}

std::string envelope(const Error& e) {
  json out = {{"ok", false},
              {"error",
               {{"code", name_of(e.code)}, {"message", e.message}, {"status", http_status_of(e.code)}}}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Whether the text nests arrays and objects deeper than the limit (counted
// before parsing, so a deep input costs no parse).
bool too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::string run(std::string_view decision, std::string_view input_json) {
  const auto& table = decisions();
  auto it = table.find(decision);
  if (it == table.end()) {
    return envelope(make_error(ErrorCode::kUnknownDecision, "There is no decision named \"" +
                                                                std::string(decision.substr(0, 64)) +
                                                                "\"."));
  }
  if (input_json.size() > kMaxInputBytes)
    return envelope(
        make_error(ErrorCode::kInvalidJson, "The input is larger than 1 MiB, so it was not read."));
  if (too_deep(input_json))
    return envelope(make_error(ErrorCode::kInvalidJson,
                               "The input nests deeper than 64 levels, so it was not read."));
  const json input = json::parse(input_json, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded())
    return envelope(make_error(ErrorCode::kInvalidJson, "The input is not valid JSON."));
  if (!input.is_object())
    return envelope(make_error(ErrorCode::kInvalidJson, "The input must be a JSON object."));
  const Answer answer = it->second(input);
  if (!answer.ok()) return envelope(answer.error());
  const json out = {{"ok", true}, {"value", answer.value()}};
  // Text the input carried as invalid UTF-8 is answered with U+FFFD.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> decision_names() {
  std::vector<std::string> names;
  for (const auto& [name, decision] : decisions()) names.push_back(name);
  return names;
}

}  // namespace cbvm::api
