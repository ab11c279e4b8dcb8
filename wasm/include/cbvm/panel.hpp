// Agent panel state: what the task info panel shows and enables for a task.
#pragma once

#include <optional>
#include <string>

#include "cbvm/channel.hpp"
#include "cbvm/wire.hpp"

namespace cbvm {

// The feature's Flex configuration (`custom_data.features.callback_and_voicemail`).
struct FeatureConfig {
  bool enabled = false;
  bool allow_requeue = false;
  int max_attempts = 1;  // values below 1 count as 1
  bool auto_select_task = false;
};

// The part of a Flex task the panel reads.
struct PanelTask {
  std::string sid;
  std::string task_channel;  // taskChannelUniqueName
  std::string task_status;   // TaskRouter assignment status (Flex's task.taskStatus)
  wire::Value attributes;  // an object (anything else reads as no attributes)
  std::optional<std::string> date_created;  // ISO instant, fallback reception time
};

struct PanelInput {
  PanelTask task;
  std::string worker_activity_sid;
  std::string offline_activity_sid;
  FeatureConfig config;
  bool action_pending = false;  // a place-call or requeue for this task is in flight
  std::string agent_time_zone;  // the agent browser's IANA zone
};

struct PanelButton {
  bool visible = false;
  bool enabled = false;
  // Why a visible button is disabled: "not-assigned", "action-pending",
  // "worker-offline", "no-number", "invalid-number"; empty when enabled or hidden.
  std::string disabled_reason;
};

struct PanelState {
  TaskKind kind = TaskKind::kOther;
  std::string heading_key;
  std::string description_key;
  bool has_callback_data = false;
  bool show_recording = false;
  bool recording_deleted = false;
  std::optional<std::string> recording_sid;
  std::optional<std::string> transcript;
  std::optional<std::string> contact_phone;
  // Reception time: an instant for the UI to format in the agent's zone, with
  // a "System time" hint in the contact centre's zone when the two differ.
  std::optional<std::string> received_at;
  std::string agent_time_zone;
  std::optional<std::string> main_time_zone;
  bool show_system_time = false;
  std::optional<int> attempt_number;  // "attempt N of M", only when requeue is allowed
  std::optional<int> max_attempts;
  std::optional<std::string> number_to_call;  // in E.164 when it can be dialled
  PanelButton place_call;
  PanelButton retry_later;
};

// Returns the panel state. Never fails: a task with no callBackData yields a
// state with nothing to show and both actions disabled.
PanelState panel_state(const PanelInput& input);

}  // namespace cbvm
