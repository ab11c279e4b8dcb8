// Agent panel state: what the task info panel shows and enables for a task.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// The part of a Flex task the panel reads. Text is viewed, not copied: the
// input and the state computed from it live only for one call.
struct PanelTask {
  std::string_view task_channel;  // taskChannelUniqueName
  std::string_view task_status;   // TaskRouter assignment status (Flex's task.taskStatus)
  wire::Value attributes;         // an object (anything else reads as no attributes)
  std::optional<std::string_view> date_created;  // ISO instant, fallback reception time
};

struct PanelInput {
  PanelTask task;
  std::string_view worker_activity_sid;
  std::string_view offline_activity_sid;
  FeatureConfig config;
  bool action_pending = false;       // a place-call or requeue for this task is in flight
  std::string_view agent_time_zone;  // the agent browser's IANA zone
};

struct PanelButton {
  bool visible = false;
  bool enabled = false;
  // Why a visible button is disabled: "not-assigned", "action-pending",
  // "worker-offline", "no-number", "invalid-number"; empty when enabled or hidden.
  std::string_view disabled_reason;
};

// Text the panel computed from an input text: that text itself when the rule
// left it unchanged (so an answer can refer to the input instead of copying
// it), else the new text.
struct PanelText {
  std::string_view input;
  std::string changed;  // empty when unchanged
  std::string_view view() const { return changed.empty() ? input : std::string_view(changed); }
};

struct PanelState {
  TaskKind kind = TaskKind::kOther;
  std::string_view heading_key;
  std::string_view description_key;
  bool has_callback_data = false;
  bool show_recording = false;
  bool recording_deleted = false;
  std::optional<std::string_view> recording_sid;
  std::optional<std::string_view> transcript;
  std::optional<std::string_view> contact_phone;
  // Reception time: an instant for the UI to format in the agent's zone, with
  // a "System time" hint in the contact centre's zone when the two differ.
  std::optional<PanelText> received_at;
  std::string_view agent_time_zone;
  std::optional<std::string_view> main_time_zone;
  bool show_system_time = false;
  std::optional<int> attempt_number;  // "attempt N of M", only when requeue is allowed
  std::optional<int> max_attempts;
  std::optional<PanelText> number_to_call;  // in E.164 when it can be dialled
  PanelButton place_call;
  PanelButton retry_later;
};

// What panel_state reads of a task's attributes (an object).
const wire::Reads& panel_attribute_reads();

// Returns the panel state. Never fails: a task with no callBackData yields a
// state with nothing to show and both actions disabled.
PanelState panel_state(const PanelInput& input);

}  // namespace cbvm
