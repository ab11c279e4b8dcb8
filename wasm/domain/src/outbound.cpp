#include "cbvm/outbound.hpp"

#include <algorithm>

#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

bool outbound_dialing_enabled(const std::vector<bool>& flows) {
  return std::find(flows.begin(), flows.end(), true) != flows.end();
}

Result<OutboundCallRequest> plan_outbound_call(const OutboundCallInput& in) {
  if (!outbound_dialing_enabled(in.outbound_call_flows_enabled))
    return make_error(ErrorCode::kOutboundDisabled,
                      "Outbound dialing is not enabled for this Flex account, so the call "
                      "cannot be placed.");
  if (!in.number_to_call)
    return make_error(ErrorCode::kNoNumberToCall,
                      "This task has no callBackData.numberToCall, so there is no number to call.");
  auto number = normalize_phone_number(*in.number_to_call, "numberToCall", NumberRole::kToCall,
                                       in.default_region);
  if (!number.ok()) return make_error(ErrorCode::kNoNumberToCall, number.error().message);

  OutboundCallRequest out;
  out.destination = number.value();
  if (in.number_to_call_from) {
    // A SIP address cannot be a PSTN caller ID: Flex then uses its default.
    auto caller_id =
        normalize_phone_number(*in.number_to_call_from, "numberToCallFrom",
                               NumberRole::kCallFrom, in.default_region);
    if (caller_id.ok() && !is_sip_address(caller_id.value())) out.caller_id = caller_id.value();
  }
  out.queue_sid = in.queue_sid;
  // The outbound task belongs to the callback: linked to it, closed with the
  // call, and free of what tied the callback to its original call.
  AttributePatch& attrs = out.task_attributes;
  attrs.removed = {"call_sid", "conference", "reservation_attributes"};
  attrs.texts.emplace_back("taskType", lit::kTaskTypeCallbackOutbound);
  attrs.texts.emplace_back("parentTask", in.task_sid);
  attrs.flags.emplace_back("autoClose", true);
  attrs.update_conversations = true;
  if (!in.conversation_id && !in.task_sid.empty())
    attrs.conversations_texts.emplace_back("conversation_id", in.task_sid);
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
