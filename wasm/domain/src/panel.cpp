#include "cbvm/panel.hpp"

#include <initializer_list>

#include "cbvm/channel.hpp"
#include "cbvm/outbound.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {
namespace {

// The first text that is not empty.
std::optional<std::string> first_text(std::initializer_list<const std::string*> texts) {
  for (const std::string* t : texts) {
    if (!t->empty()) return *t;
  }
  return std::nullopt;
}

// The reception time, normalised, when the text is an ISO instant.
std::optional<std::string> instant(const std::string& text) {
  auto ms = parse_iso_instant(text);
  if (!ms) return std::nullopt;
  return format_iso_instant(*ms);
}

}  // namespace

PanelState panel_state(const PanelInput& in) {
  PanelState out;
  const PanelTask& task = in.task;
  out.kind = classify_task(task.task_channel, task.task_type);
  out.agent_time_zone = in.agent_time_zone;
  if (out.kind != TaskKind::kCallback && out.kind != TaskKind::kVoicemail) return out;

  const bool voicemail = out.kind == TaskKind::kVoicemail;
  out.heading = voicemail ? StringKey::kVoicemailHeading : StringKey::kCallbackHeading;
  out.description = voicemail ? StringKey::kVoicemailDescription : StringKey::kCallbackDescription;

  out.has_callback_data = task.has_callback_data;
  const PanelCallbackData& data = task.callback_data;  // all empty unless there is callBackData

  if (voicemail) {
    out.recording_deleted = data.is_deleted;
    if (!data.recording_sid.empty() && is_sid(data.recording_sid, "RE")) {
      out.recording_sid = data.recording_sid;
      out.show_recording = !out.recording_deleted;
    }
  }
  out.transcript = first_text(
      {&data.transcript_text, &data.transcription_text, &data.twilio_transcription_text});

  const auto number = first_text({&data.number_to_call});
  // Without callBackData the task's name is no contact phone: it would be
  // offered as a number to call that the call would then refuse.
  if (task.has_callback_data) out.contact_phone = number ? number : first_text({&task.name, &task.from});
  bool dialable = false;
  if (number) {
    // The same rule the outbound call applies, so the button never offers a
    // call that would then be refused.
    auto e164 = normalize_phone_number(*number, "numberToCall", NumberRole::kToCall,
                                       in.config.default_region);
    dialable = e164.ok();
    out.number_to_call = dialable ? e164.value() : *number;
  }

  if (!data.utc_date_time_received.empty()) out.received_at = instant(data.utc_date_time_received);
  if (!out.received_at && !task.date_created.empty()) out.received_at = instant(task.date_created);
  if (!data.main_time_zone.empty() && looks_like_iana_zone(data.main_time_zone))
    out.main_time_zone = data.main_time_zone;
  out.show_system_time =
      out.received_at && out.main_time_zone && *out.main_time_zone != in.agent_time_zone;
  if (!data.scheduled_for.empty()) out.scheduled_for = instant(data.scheduled_for);
  // A callback asked for at a chosen time is not an "immediate" one.
  if (!voicemail && out.scheduled_for) out.description = StringKey::kCBVMScheduledCallbackDescription;
  if (out.scheduled_for && looks_like_iana_zone(data.scheduled_time_zone) &&
      data.scheduled_time_zone != in.agent_time_zone &&
      (!out.main_time_zone || data.scheduled_time_zone != *out.main_time_zone))
    out.customer_time_zone = data.scheduled_time_zone;

  const int max_attempts = in.config.max_attempts < 1 ? 1 : in.config.max_attempts;
  const auto attempts = data.attempts;
  const int64_t done = attempts && *attempts >= 0 && *attempts < 100000 ? *attempts : 0;
  const int attempt_number = static_cast<int>(done) + 1;
  const bool requeue = in.config.allow_requeue && out.has_callback_data;
  const PlacedCallStatus call = in.placed_call.status;
  const bool calling = call == PlacedCallStatus::kInProgress;
  if (call == PlacedCallStatus::kEnded) out.called_at = instant(in.placed_call.at);
  if (requeue) {
    out.attempt_number = attempt_number;
    out.max_attempts = max_attempts;
    out.last_attempt = attempt_number >= max_attempts;
    if (in.requeued) out.attempt_line = StringKey::kCBVMAttemptRequeued;
    else if (calling) out.attempt_line = StringKey::kCBVMAttemptCalling;
    else if (out.called_at) out.attempt_line = StringKey::kCBVMAttemptCalled;
    else out.attempt_line = StringKey::kCBVMAttempt;
  } else if (out.has_callback_data) {
    if (calling) out.attempt_line = StringKey::kCBVMCalling;
    else if (out.called_at) out.attempt_line = StringKey::kCBVMCalledAt;
  }

  const bool assigned = task.task_status == "assigned";
  const bool offline = !in.offline_activity_sid.empty() &&
                       in.worker_activity_sid == in.offline_activity_sid;
  const bool outbound_off = in.outbound_call_flows_enabled &&
                            !outbound_dialing_enabled(*in.outbound_call_flows_enabled);

  // Without callBackData there is nothing to call: the button is not offered.
  PanelButton& place = out.place_call;
  place.visible = out.has_callback_data;
  if (!out.has_callback_data) place.disabled_reason = DisabledReason::kNoCallbackData;
  else if (!assigned) place.disabled_reason = DisabledReason::kNotAssigned;
  else if (in.requeued) place.disabled_reason = DisabledReason::kRequeued;
  else if (in.action_pending) place.disabled_reason = DisabledReason::kActionPending;
  else if (calling) place.disabled_reason = DisabledReason::kCallInProgress;
  else if (offline) place.disabled_reason = DisabledReason::kWorkerOffline;
  else if (outbound_off) place.disabled_reason = DisabledReason::kOutboundDisabled;
  else if (!out.number_to_call) place.disabled_reason = DisabledReason::kNoNumber;
  else if (!dialable) place.disabled_reason = DisabledReason::kInvalidNumber;
  place.enabled = place.visible && place.disabled_reason == DisabledReason::kNone;
  switch (place.disabled_reason) {
    case DisabledReason::kRequeued: place.hint = StringKey::kCBVMHintRequeued; break;
    case DisabledReason::kCallInProgress: place.hint = StringKey::kCBVMHintCallInProgress; break;
    case DisabledReason::kWorkerOffline: place.hint = StringKey::kCBVMWorkerOffline; break;
    case DisabledReason::kOutboundDisabled: place.hint = StringKey::kCBVMHintOutboundDisabled; break;
    case DisabledReason::kInvalidNumber: place.hint = StringKey::kCBVMHintInvalidNumber; break;
    default: break;
  }

  // The last attempt is said, not silently dropped: the agent learns why
  // Retry Later is not offered.
  PanelButton& retry = out.retry_later;
  if (requeue && out.last_attempt) {
    retry.disabled_reason = DisabledReason::kLastAttempt;
    retry.hint = StringKey::kCBVMHintLastAttempt;
  } else if (requeue) {
    retry.visible = true;
    if (!assigned) retry.disabled_reason = DisabledReason::kNotAssigned;
    else if (in.requeued) retry.disabled_reason = DisabledReason::kRequeued;
    else if (in.action_pending) retry.disabled_reason = DisabledReason::kActionPending;
    else if (calling) retry.disabled_reason = DisabledReason::kCallInProgress;
    retry.enabled = retry.disabled_reason == DisabledReason::kNone;
  }
  return out;
}

}  // namespace cbvm
