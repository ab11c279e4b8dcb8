// Agent panel state: what the task info panel shows and enables for a task.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cbvm/literals.hpp"

namespace cbvm {

// The feature's Flex configuration (`custom_data.features.callback_and_voicemail`).
struct FeatureConfig {
  bool enabled = false;
  bool allow_requeue = false;
  int max_attempts = 1;  // values below 1 count as 1
  bool auto_select_task = false;
  // ISO 3166 alpha-2 region a national number to call is read in (legacy tasks
  // hold numbers like "4155550100"); "" or an unknown region: international only.
  std::string default_region;
};

// What the panel reads of a task's `callBackData`. Text that is absent,
// empty or not text at all is "".
struct PanelCallbackData {
  std::string recording_sid;
  bool is_deleted = false;
  // Older flows wrote the transcript under other names, Twilio's included.
  std::string transcript_text;
  std::string transcription_text;
  std::string twilio_transcription_text;
  std::string number_to_call;
  std::string utc_date_time_received;
  std::string main_time_zone;
  std::optional<int64_t> attempts;
  std::string scheduled_for;  // set when the callback was scheduled (held until then)
  std::string scheduled_time_zone;  // the zone the customer chose the time in (the IVR's)
};

// The part of a Flex task the panel reads.
struct PanelTask {
  std::string task_channel;  // taskChannelUniqueName
  std::string task_status;   // TaskRouter assignment status (Flex's task.taskStatus)
  std::string task_type;     // attributes.taskType
  bool has_callback_data = false;  // attributes.callBackData is an object
  PanelCallbackData callback_data;
  std::string name;          // attributes.name
  std::string from;          // attributes.from
  std::string date_created;  // ISO instant, the fallback reception time; "" when unknown
};

// The call the agent placed from this task, as the plugin sees it.
struct PlacedCall {
  PlacedCallStatus status = PlacedCallStatus::kNone;
  std::string at;  // ISO instant the call was placed; "" when unknown
};

struct PanelInput {
  PanelTask task;
  std::string worker_activity_sid;
  std::string offline_activity_sid;
  FeatureConfig config;
  bool action_pending = false;         // a place-call or requeue for this task is in flight
  std::string agent_time_zone = "UTC";  // the agent browser's IANA zone
  PlacedCall placed_call;
  bool requeued = false;  // Retry Later succeeded: the next attempt exists, this task wraps up
  // Each of Flex's `outbound_call_flows`: whether it is enabled. Absent when
  // the plugin cannot tell (then only the call itself can be refused).
  std::optional<std::vector<bool>> outbound_call_flows_enabled;
};

struct PanelButton {
  bool visible = false;
  bool enabled = false;
  // kNone when enabled or simply not offered; a hidden button may still say
  // why it is not offered (kLastAttempt).
  DisabledReason disabled_reason = DisabledReason::kNone;
  // A sentence to show the agent about the reason, when there is one worth
  // telling ({{number}} and {{max}} are the state's number_to_call and max_attempts).
  std::optional<StringKey> hint;
};

struct PanelState {
  TaskKind kind = TaskKind::kOther;
  std::optional<StringKey> heading;      // absent for tasks that are not ours
  std::optional<StringKey> description;
  bool has_callback_data = false;
  bool show_recording = false;
  bool recording_deleted = false;
  std::optional<std::string> recording_sid;
  std::optional<std::string> transcript;
  std::optional<std::string> contact_phone;
  // The number to call, in E.164 when it can be dialled.
  std::optional<std::string> number_to_call;
  // Reception time: an instant for the UI to format in the agent's zone, with
  // a "System time" hint in the contact centre's zone when the two differ.
  std::optional<std::string> received_at;
  std::string agent_time_zone;
  std::optional<std::string> main_time_zone;
  bool show_system_time = false;
  // A scheduled callback's time: an instant for the UI to show as "Scheduled for …"
  // in the agent's zone (with the contact centre's when the two differ).
  std::optional<std::string> scheduled_for;
  // The customer's zone for that time, when known and other than the agent's
  // and the contact centre's (shown as "Customer's time: …").
  std::optional<std::string> customer_time_zone;
  std::optional<int> attempt_number;  // "attempt N of M", only when requeue is allowed
  std::optional<int> max_attempts;
  bool last_attempt = false;  // attempt_number has reached max_attempts
  // The attempt line: what just happened to this attempt ({{attempt}}, {{max}},
  // {{time}} = called_at). Absent when there is nothing to say.
  std::optional<StringKey> attempt_line;
  std::optional<std::string> called_at;  // ISO instant the call was placed, once it has ended
  PanelButton place_call;
  PanelButton retry_later;
};

// Returns the panel state. Never fails: a task with no callBackData yields a
// state that says so, with nothing to call and nothing to requeue.
PanelState panel_state(const PanelInput& input);

}  // namespace cbvm
