// The JSON door of the agent's decisions. The browser module carries these.
#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/outbound.hpp"
#include "cbvm/panel.hpp"
#include "cbvm/validation.hpp"
#include "cbvm/wait_experience.hpp"
#include "cbvm/api.hpp"
#include "decisions.hpp"

namespace cbvm::boundary {
namespace {

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json key_json(const std::optional<StringKey>& key) {
  return key ? json(name_of(*key)) : json("");
}

json optional_key_json(const std::optional<StringKey>& key) {
  return key ? json(name_of(*key)) : json(nullptr);
}

json button_json(const PanelButton& b) {
  return {{"visible", b.visible},
          {"enabled", b.enabled},
          {"disabledReason", b.disabled_reason == DisabledReason::kNone
                                 ? json(nullptr)
                                 : json(name_of(b.disabled_reason))},
          {"hint", optional_key_json(b.hint)}};
}

// Whether each of Flex's outbound_call_flows is enabled (a flow is enabled
// only when its `enabled` is the boolean true).
std::vector<bool> flows_enabled(const json& flows) {
  std::vector<bool> out;
  for (const auto& [name, flow] : flows.items()) {
    const json* enabled = Reader::member(&flow, "enabled");
    out.push_back(enabled != nullptr && enabled->is_boolean() && enabled->get<bool>());
  }
  return out;
}

}  // namespace

Answer classify_task_decision(const json& in) {
  Reader r("classifyTask");
  const json* task = r.object(&in, "task", "task", true);
  auto channel = r.text(task, "taskChannelUniqueName", "task.taskChannelUniqueName");
  if (auto s = r.status(); !s.ok()) return s.error();
  const json attributes = attributes_of(*task);
  const TaskKind kind =
      classify_task(channel.value_or(""), text_or_empty(Reader::member(&attributes, "taskType")));
  return json{{"kind", name_of(kind)}};
}

Answer channel_definitions_decision(const json&) {
  json list = json::array();
  for (const auto& d : channel_definitions()) {
    list.push_back({{"name", name_of(d.kind)},
                    {"color", d.color},
                    {"icon", d.icon},
                    {"stringKey", name_of(d.string_key)}});
  }
  return list;
}

Answer channel_title_decision(const json& in) {
  Reader r("channelTitle");
  auto surface_name = r.text(&in, "surface", "surface");
  auto word = r.text(&in, "word", "word");
  auto queue = r.text(&in, "queueName", "queueName");
  auto name = r.text(&in, "name", "name");
  if (auto s = r.status(); !s.ok()) return s.error();
  auto surface = title_surface_from_name(surface_name.value_or(""));
  if (!surface)
    return bad_input("channelTitle",
                     "surface must be one of TaskListItem, TaskCanvasHeader, IncomingTaskCanvas, "
                     "SupervisorTaskOverview, TaskCard, SupervisorTaskCanvasHeader.");
  if (!word || word->empty()) return bad_input("channelTitle", "word is required.");
  return json{{"title", channel_title(*surface, *word, queue.value_or(""), name.value_or(""))}};
}

json panel_state_json(const PanelState& s) {
  json attempt = nullptr;
  if (s.attempt_number) attempt = {{"number", *s.attempt_number}, {"of", *s.max_attempts}};
  return {{"kind", name_of(s.kind)},
          {"headingKey", key_json(s.heading)},
          {"descriptionKey", key_json(s.description)},
          {"hasCallbackData", s.has_callback_data},
          {"showRecording", s.show_recording},
          {"recordingDeleted", s.recording_deleted},
          {"recordingSid", optional_json(s.recording_sid)},
          {"transcript", optional_json(s.transcript)},
          {"contactPhone", optional_json(s.contact_phone)},
          {"numberToCall", optional_json(s.number_to_call)},
          {"receivedAt", optional_json(s.received_at)},
          {"agentTimeZone", s.agent_time_zone},
          {"mainTimeZone", optional_json(s.main_time_zone)},
          {"showSystemTime", s.show_system_time},
          {"attempt", attempt},
          {"lastAttempt", s.last_attempt},
          {"attemptLineKey", optional_key_json(s.attempt_line)},
          {"calledAt", optional_json(s.called_at)},
          {"scheduledFor", optional_json(s.scheduled_for)},
          {"customerTimeZone", optional_json(s.customer_time_zone)},
          {"placeCall", button_json(s.place_call)},
          {"retryLater", button_json(s.retry_later)}};
}

Answer panel_state_decision(const json& in) {
  Reader r("panelState");
  PanelInput p;
  const json* task = r.object(&in, "task", "task", true);
  p.task = panel_task_from(r, task);
  p.worker_activity_sid = r.text(&in, "workerActivitySid", "workerActivitySid").value_or("");
  p.offline_activity_sid = r.text(&in, "offlineActivitySid", "offlineActivitySid").value_or("");
  p.config = feature_config_from(r, &in);
  p.action_pending = r.boolean(&in, "actionPending", "actionPending").value_or(false);
  p.agent_time_zone = r.text(&in, "agentTimeZone", "agentTimeZone").value_or("UTC");
  p.requeued = r.boolean(&in, "requeued", "requeued").value_or(false);
  const json* placed = r.object(&in, "placedCall", "placedCall", false);
  auto status = r.text(placed, "status", "placedCall.status");
  p.placed_call.at = r.text(placed, "at", "placedCall.at").value_or("");
  const json* flows = r.object(&in, "outboundCallFlows", "outboundCallFlows", false);
  if (auto s = r.status(); !s.ok()) return s.error();
  if (status) {
    auto parsed = placed_call_status_from(*status);
    if (!parsed) return bad_input("panelState", "placedCall.status must be in-progress or ended.");
    p.placed_call.status = *parsed;
  }
  if (flows != nullptr) p.outbound_call_flows_enabled = flows_enabled(*flows);
  return panel_state_json(panel_state(p));
}

Answer normalize_phone_number_decision(const json& in) {
  Reader r("normalizePhoneNumber");
  auto number = r.text(&in, "number", "number");
  auto field = r.text(&in, "field", "field");
  auto role = r.text(&in, "role", "role");
  auto region = r.text(&in, "region", "region");
  if (auto s = r.status(); !s.ok()) return s.error();
  if (!number) return bad_input("normalizePhoneNumber", "number is required.");
  if (region && !is_phone_region(*region))
    return bad_input("normalizePhoneNumber",
                     "region must be an ISO 3166 alpha-2 code of a numbering plan, like US.");
  if (role && *role != "toCall" && *role != "callFrom")
    return bad_input("normalizePhoneNumber", "role must be toCall or callFrom.");
  const NumberRole nr = role.value_or("toCall") == "callFrom" ? NumberRole::kCallFrom
                                                              : NumberRole::kToCall;
  auto result = normalize_phone_number(*number, field.value_or("number"), nr, region.value_or(""));
  if (!result.ok()) return result.error();
  return json{{"number", result.value()}};
}

Answer plan_outbound_call_decision(const json& in) {
  Reader r("planOutboundCall");
  const json* task = r.object(&in, "task", "task", true);
  OutboundCallInput p;
  p.task_sid = r.text(task, "sid", "task.sid").value_or("");
  p.queue_sid = r.text(task, "queueSid", "task.queueSid");
  const json* flows = r.object(&in, "outboundCallFlows", "outboundCallFlows", false);
  // The feature's config.default_region, as the panel reads it, so the panel and
  // the call agree on whether a national number can be dialled.
  p.default_region = r.text(&in, "defaultRegion", "defaultRegion").value_or("");
  if (auto s = r.status(); !s.ok()) return s.error();
  const json attributes = attributes_of(*task);
  const json* data = Reader::member(&attributes, "callBackData");
  p.number_to_call = nonempty_text(Reader::member(data, "numberToCall"));
  p.number_to_call_from = nonempty_text(Reader::member(data, "numberToCallFrom"));
  p.conversation_id =
      nonempty_text(Reader::member(Reader::member(&attributes, "conversations"), "conversation_id"));
  if (flows != nullptr) p.outbound_call_flows_enabled = flows_enabled(*flows);
  auto plan = plan_outbound_call(p);
  if (!plan.ok()) return plan.error();
  const OutboundCallRequest& o = plan.value();
  json task_attributes = attributes;
  apply_patch(task_attributes, o.task_attributes);
  json out = {{"destination", o.destination},
              {"queueSid", optional_json(o.queue_sid)},
              {"taskAttributes", std::move(task_attributes)},
              {"retryBudget", o.retry_budget}};
  if (o.caller_id) out["callerId"] = *o.caller_id;
  return out;
}

Answer retry_outbound_call_decision(const json& in) {
  Reader r("retryOutboundCall");
  auto failures = r.integer(&in, "failures", "failures", 0, 1000000);
  if (auto s = r.status(); !s.ok()) return s.error();
  if (!failures) return bad_input("retryOutboundCall", "failures is required.");
  const OutboundRetry next = retry_outbound_call(static_cast<int>(*failures));
  return json{{"retry", next.retry}, {"notify", !next.retry}, {"delayMs", next.delay_ms}};
}

Answer auto_select_decision(const json& in) {
  Reader r("autoSelect");
  AutoSelectInput p;
  p.enabled = r.boolean(&in, "enabled", "enabled").value_or(false);
  p.requested_sid = r.text(&in, "requestedSid", "requestedSid");
  p.selected_sid = r.text(&in, "selectedSid", "selectedSid");
  p.selected_parent_task = r.text(&in, "selectedParentTask", "selectedParentTask");
  p.remembered_task_sid = r.text(&in, "rememberedTaskSid", "rememberedTaskSid");
  if (const json* held = Reader::member(&in, "workerTaskSids")) {
    if (!held->is_array()) return bad_input("autoSelect", "workerTaskSids must be an array.");
    for (const auto& sid : *held) {
      if (!sid.is_string()) return bad_input("autoSelect", "workerTaskSids must hold strings.");
      p.worker_task_sids.push_back(sid.get<std::string>());
    }
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  const AutoSelectDecision d = decide_auto_select(p);
  return json{{"abort", d.abort}, {"selectSid", optional_json(d.select_sid)}};
}

Answer constants_decision(const json&) {
  json modes = json::array();
  for (std::string_view mode : kWaitModeNames) modes.push_back(mode);
  json messages = json::object();
  json locales = json::array();
#ifndef CBVM_AGENT_DECISIONS_ONLY  // the prompts are the functions' business
  for (const auto& [k, v] : default_wait_messages()) messages[k] = v;
  for (const WaitLocale& l : wait_locales()) {
    json texts = json::object();
    for (const auto& [k, v] : default_wait_messages(l.tag)) texts[k] = v;
    locales.push_back(
        {{"tag", l.tag}, {"voice", l.voice}, {"language", l.language}, {"messages", std::move(texts)}});
  }
#endif
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
      {"waitLocales", locales},
      {"decisions", api::decision_names()},
  };
}

}  // namespace cbvm::boundary
