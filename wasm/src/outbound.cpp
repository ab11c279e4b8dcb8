#include "cbvm/outbound.hpp"

#include <algorithm>

#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"
#include "json_access.hpp"

namespace cbvm {

using detail::json;

bool outbound_dialing_enabled(const json& flows) {
  if (!flows.is_object()) return false;
  for (const auto& [name, flow] : flows.items()) {
    if (detail::bool_member(flow, "enabled").value_or(false)) return true;
  }
  return false;
}

Result<OutboundCallRequest> plan_outbound_call(const OutboundCallInput& in) {
  if (!outbound_dialing_enabled(in.outbound_call_flows))
    return make_error(ErrorCode::kOutboundDisabled,
                      "Outbound dialing is not enabled for this Flex account, so the call "
                      "cannot be placed.");
  const json& data = detail::object_member_or_empty(in.attributes, "callBackData");
  auto raw_number = detail::nonempty_string_member(data, "numberToCall");
  if (!raw_number)
    return make_error(ErrorCode::kNoNumberToCall,
                      "This task has no callBackData.numberToCall, so there is no number to call.");
  auto number = normalize_phone_number(*raw_number, "numberToCall", NumberRole::kToCall);
  if (!number.ok()) return make_error(ErrorCode::kNoNumberToCall, number.error().message);

  OutboundCallRequest out;
  out.destination = number.value();
  if (auto from = detail::nonempty_string_member(data, "numberToCallFrom")) {
    // A SIP address cannot be a PSTN caller ID: Flex then uses its default.
    auto caller_id = normalize_phone_number(*from, "numberToCallFrom", NumberRole::kCallFrom);
    if (caller_id.ok() && !is_sip_address(caller_id.value())) out.caller_id = caller_id.value();
  }
  out.queue_sid = in.queue_sid;
  json attrs = in.attributes.is_object() ? in.attributes : json::object();
  attrs["taskType"] = lit::kTaskTypeCallbackOutbound;
  attrs["parentTask"] = in.task_sid;
  attrs["autoClose"] = true;
  attrs.erase("call_sid");
  attrs.erase("conference");
  attrs.erase("reservation_attributes");
  json conversations = detail::object_member_or_empty(attrs, "conversations");
  if (!detail::nonempty_string_member(conversations, "conversation_id") && !in.task_sid.empty())
    conversations["conversation_id"] = in.task_sid;
  if (!conversations.empty()) attrs["conversations"] = std::move(conversations);
  out.task_attributes = std::move(attrs);
  out.retry_budget = lit::kOutboundCallRetryBudget;
  return out;
}

OutboundRetry retry_outbound_call(int failures) {
  OutboundRetry out;
  out.retry = failures >= 0 && failures < lit::kOutboundCallRetryBudget;
  if (out.retry && failures > 0) out.delay_ms = 500 << (failures - 1);
  return out;
}

AutoSelectDecision decide_auto_select(const AutoSelectInput& in) {
  AutoSelectDecision none;
  if (!in.enabled) return none;
  if (in.requested_sid && !in.requested_sid->empty()) return none;  // a real selection
  if (!in.selected_sid || in.selected_sid->empty()) return none;    // nothing was selected
  // The task to go back to: the outbound call's parent, else the one remembered.
  std::optional<std::string> target = in.selected_parent_task;
  if (!target || target->empty()) target = in.remembered_task_sid;
  if (!target || target->empty() || *target == *in.selected_sid) return none;
  const auto& held = in.worker_task_sids;
  if (std::find(held.begin(), held.end(), *target) == held.end()) return none;
  return AutoSelectDecision{true, target};
}

}  // namespace cbvm
