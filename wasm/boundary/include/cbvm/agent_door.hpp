// The typed door of the agent's hot decisions: flat structs the WebAssembly
// bindings expose as embind value objects, filled by one small JavaScript
// projection of the Flex task (js-shim/src/marshal.cjs). No JSON crosses.
// Optional text travels as text plus a `has_` flag; optional numbers as NaN.
#pragma once

#include <string>

namespace cbvm::door {

// The panel's input, projected from the Flex task and the agent's state.
struct PanelCall {
  std::string task_channel;
  std::string task_status;
  std::string date_created;
  // The task's attributes: text members that are not text arrive as "".
  std::string task_type;
  std::string name;
  std::string from;
  bool has_callback_data = false;
  std::string recording_sid;
  std::string is_deleted;  // a boolean or text, spelled as text ("true")
  std::string transcript_text;
  std::string transcription_text;
  std::string twilio_transcription_text;
  std::string number_to_call;
  std::string utc_date_time_received;
  std::string main_time_zone;
  std::string scheduled_for;
  std::string scheduled_time_zone;
  double attempts = 0;        // NaN unless a number
  std::string attempts_text;  // when attempts is text ("2", as some flows wrote it)
  // The agent and the feature's configuration.
  std::string worker_activity_sid;
  std::string offline_activity_sid;
  bool enabled = false;
  bool allow_requeue = false;
  bool auto_select_task = false;
  double max_attempts = 0;  // NaN when absent
  std::string default_region;  // "" when absent
  bool action_pending = false;
  bool has_agent_time_zone = false;
  std::string agent_time_zone;
  // What the agent did with this task.
  std::string placed_call_status;  // "", "in-progress" or "ended"
  std::string placed_call_at;
  bool requeued = false;
  // Flex's outbound_call_flows: how many there are (-1: not given) and how many are enabled.
  int outbound_flows = -1;
  int outbound_flows_enabled = 0;
};

struct PanelAnswer {
  std::string error;  // "" unless the input was refused (INVALID_INPUT)
  std::string kind;
  std::string heading_key;
  std::string description_key;
  bool has_callback_data = false;
  bool show_recording = false;
  bool recording_deleted = false;
  bool has_recording_sid = false;
  std::string recording_sid;
  bool has_transcript = false;
  std::string transcript;
  bool has_contact_phone = false;
  std::string contact_phone;
  bool has_number_to_call = false;
  std::string number_to_call;
  bool has_received_at = false;
  std::string received_at;
  std::string agent_time_zone;
  bool has_main_time_zone = false;
  std::string main_time_zone;
  bool show_system_time = false;
  int attempt_number = 0;  // 0: no "attempt N of M"
  int attempt_of = 0;
  bool last_attempt = false;
  std::string attempt_line_key;  // "" when none
  bool has_called_at = false;
  std::string called_at;
  bool has_scheduled_for = false;
  std::string scheduled_for;
  bool has_customer_time_zone = false;
  std::string customer_time_zone;
  bool place_call_visible = false;
  bool place_call_enabled = false;
  std::string place_call_disabled_reason;  // "" when none
  std::string place_call_hint;             // "" when none
  bool retry_later_visible = false;
  bool retry_later_enabled = false;
  std::string retry_later_disabled_reason;
  std::string retry_later_hint;
};

// Returns the panel state (or why the input was refused).
PanelAnswer panel_state(const PanelCall& call);

// Returns the kind of a task (its TaskKind number) from its channel and taskType.
int classify_task(const std::string& channel, const std::string& task_type);

// Returns the title of a task on a Flex surface, or "" when the surface is
// unknown or the word empty (the JSON door says why).
std::string channel_title(const std::string& surface, const std::string& word,
                          const std::string& queue_name, const std::string& name);

}  // namespace cbvm::door
