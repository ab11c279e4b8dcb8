// Placing a call back from a callback or voicemail task, and selecting the
// task again once that call has ended.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cbvm/attributes.hpp"
#include "cbvm/result.hpp"

namespace cbvm {

struct OutboundCallInput {
  std::string task_sid;
  std::optional<std::string> queue_sid;
  // What the rule reads of the task's attributes (text that is absent or empty is nullopt).
  std::optional<std::string> number_to_call;       // callBackData.numberToCall
  std::optional<std::string> number_to_call_from;  // callBackData.numberToCallFrom
  std::optional<std::string> conversation_id;      // conversations.conversation_id
  // Each of Flex's `outbound_call_flows`: whether it is enabled.
  std::vector<bool> outbound_call_flows_enabled;
  // The feature's default_region: the region national numbers are read in, as
  // the panel reads them ("" or an unknown region: international only).
  std::string default_region;
};

// The payload of Flex's StartOutboundCall action.
struct OutboundCallRequest {
  std::string destination;
  std::optional<std::string> caller_id;  // omitted when the number to call from is sip:
  std::optional<std::string> queue_sid;
  AttributePatch task_attributes;        // over the callback task's attributes
  int retry_budget = 0;
};

// Returns whether outbound dialing is on: at least one of Flex's outbound
// call flows is enabled.
bool outbound_dialing_enabled(const std::vector<bool>& outbound_call_flows_enabled);

// Returns the StartOutboundCall request for a callback task: refused when no
// outbound flow is enabled (kOutboundDisabled) or when the task has no number
// that can be dialled (kNoNumberToCall).
Result<OutboundCallRequest> plan_outbound_call(const OutboundCallInput& input);

// Whether and when a failed StartOutboundCall is tried again, after `failures`
// failures: within the budget (lit::kOutboundCallRetryBudget), after a delay
// that doubles from 500 ms; past it, the agent is told.
struct OutboundRetry {
  bool retry = false;
  int delay_ms = 0;
};
OutboundRetry retry_outbound_call(int failures);

// Flex's beforeSelectTask, seen from the callback feature.
struct AutoSelectInput {
  bool enabled = false;
  std::optional<std::string> requested_sid;  // the task Flex is about to select; none = "no task"
  std::optional<std::string> selected_sid;   // the task selected now
  std::optional<std::string> selected_parent_task;  // its attributes.parentTask, if any
  std::optional<std::string> remembered_task_sid;   // the callback an agent placed a call from
  std::vector<std::string> worker_task_sids;         // tasks the worker still holds
};

struct AutoSelectDecision {
  bool abort = false;                       // cancel Flex's selection
  std::optional<std::string> select_sid;    // select this task instead
};

// Returns what to do when Flex selects "no task" after the outbound call back
// went away: select the callback task again if the worker still holds it.
AutoSelectDecision decide_auto_select(const AutoSelectInput& input);

}  // namespace cbvm
