#include "cbvm/agent_door.hpp"

#include <cmath>
#include <vector>

#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/panel.hpp"
#include "convert.hpp"

namespace cbvm::door {
namespace {

// Numbers are read by the JSON door's rule, so both doors answer alike.
using boundary::integral;

void set(bool& has, std::string& text, const std::optional<std::string>& value) {
  has = value.has_value();
  text = value.value_or("");
}

std::string key_name(const std::optional<StringKey>& key) {
  return key ? std::string(name_of(*key)) : std::string();
}

}  // namespace

PanelAnswer panel_state(const PanelCall& c) {
  PanelAnswer a;
  PanelInput in;
  PanelTask& t = in.task;
  t.task_channel = c.task_channel;
  t.task_status = c.task_status;
  t.date_created = c.date_created;
  t.task_type = c.task_type;
  t.name = c.name;
  t.from = c.from;
  t.has_callback_data = c.has_callback_data;
  if (c.has_callback_data) {
    PanelCallbackData& d = t.callback_data;
    d.recording_sid = c.recording_sid;
    d.is_deleted = c.is_deleted == "true";  // JSON true, or text some flows wrote
    d.transcript_text = c.transcript_text;
    d.transcription_text = c.transcription_text;
    d.twilio_transcription_text = c.twilio_transcription_text;
    d.number_to_call = c.number_to_call;
    d.utc_date_time_received = c.utc_date_time_received;
    d.main_time_zone = c.main_time_zone;
    d.scheduled_for = c.scheduled_for;
    d.scheduled_time_zone = c.scheduled_time_zone;
    d.attempts = c.attempts_text.empty() ? integral(c.attempts) : boundary::integral_text(c.attempts_text);
  }
  in.worker_activity_sid = c.worker_activity_sid;
  in.offline_activity_sid = c.offline_activity_sid;
  in.config.enabled = c.enabled;
  in.config.allow_requeue = c.allow_requeue;
  in.config.auto_select_task = c.auto_select_task;
  in.config.default_region = c.default_region;
  if (!std::isnan(c.max_attempts)) {
    auto max = integral(c.max_attempts);
    if (!max || *max < -1000000 || *max > 1000000) {
      a.error = "panelState: config.max_attempts must be a whole number from -1000000 to 1000000.";
      return a;
    }
    in.config.max_attempts = static_cast<int>(*max);
  } else {
    in.config.max_attempts = lit::kDefaultMaxAttempts;
  }
  in.action_pending = c.action_pending;
  in.agent_time_zone = c.has_agent_time_zone ? c.agent_time_zone : "UTC";
  auto status = placed_call_status_from(c.placed_call_status);
  if (!status) {
    a.error = "panelState: placedCall.status must be in-progress or ended.";
    return a;
  }
  in.placed_call.status = *status;
  in.placed_call.at = c.placed_call_at;
  in.requeued = c.requeued;
  if (c.outbound_flows >= 0) {
    // Only whether any is enabled matters, so counts stand for the list.
    std::vector<bool> flows(static_cast<size_t>(c.outbound_flows), false);
    for (int i = 0; i < c.outbound_flows_enabled && i < c.outbound_flows; ++i) flows[i] = true;
    in.outbound_call_flows_enabled = std::move(flows);
  }

  const PanelState s = cbvm::panel_state(in);
  a.kind = std::string(name_of(s.kind));
  a.heading_key = s.heading ? std::string(name_of(*s.heading)) : "";
  a.description_key = s.description ? std::string(name_of(*s.description)) : "";
  a.has_callback_data = s.has_callback_data;
  a.show_recording = s.show_recording;
  a.recording_deleted = s.recording_deleted;
  set(a.has_recording_sid, a.recording_sid, s.recording_sid);
  set(a.has_transcript, a.transcript, s.transcript);
  set(a.has_contact_phone, a.contact_phone, s.contact_phone);
  set(a.has_number_to_call, a.number_to_call, s.number_to_call);
  set(a.has_received_at, a.received_at, s.received_at);
  a.agent_time_zone = s.agent_time_zone;
  set(a.has_main_time_zone, a.main_time_zone, s.main_time_zone);
  a.show_system_time = s.show_system_time;
  if (s.attempt_number) {
    a.attempt_number = *s.attempt_number;
    a.attempt_of = *s.max_attempts;
  }
  a.last_attempt = s.last_attempt;
  a.attempt_line_key = key_name(s.attempt_line);
  set(a.has_called_at, a.called_at, s.called_at);
  set(a.has_scheduled_for, a.scheduled_for, s.scheduled_for);
  set(a.has_customer_time_zone, a.customer_time_zone, s.customer_time_zone);
  a.place_call_visible = s.place_call.visible;
  a.place_call_enabled = s.place_call.enabled;
  a.place_call_disabled_reason = std::string(name_of(s.place_call.disabled_reason));
  a.place_call_hint = key_name(s.place_call.hint);
  a.retry_later_visible = s.retry_later.visible;
  a.retry_later_enabled = s.retry_later.enabled;
  a.retry_later_disabled_reason = std::string(name_of(s.retry_later.disabled_reason));
  a.retry_later_hint = key_name(s.retry_later.hint);
  return a;
}

int classify_task(const std::string& channel, const std::string& task_type) {
  return static_cast<int>(cbvm::classify_task(channel, task_type));
}

std::string channel_title(const std::string& surface, const std::string& word,
                          const std::string& queue_name, const std::string& name) {
  auto s = title_surface_from_name(surface);
  if (!s || word.empty()) return "";
  return cbvm::channel_title(*s, word, queue_name, name);
}

}  // namespace cbvm::door
