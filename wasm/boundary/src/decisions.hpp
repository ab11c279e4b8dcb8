// Every decision of the JSON door: input object in, value (or error) out.
// The registry (api.cpp) names them; each is defined beside the conversions
// of its part of the domain.
#pragma once

#include "cbvm/calling_window.hpp"
#include "convert.hpp"

namespace cbvm::boundary {

// The agent's desktop (decisions_agent.cpp).
Answer classify_task_decision(const json& in);
Answer channel_definitions_decision(const json& in);
Answer channel_title_decision(const json& in);
Answer panel_state_decision(const json& in);
Answer normalize_phone_number_decision(const json& in);
Answer plan_outbound_call_decision(const json& in);
Answer retry_outbound_call_decision(const json& in);
Answer auto_select_decision(const json& in);
Answer constants_decision(const json& in);

// The functions (decisions_functions.cpp).
Answer validate_create_callback_decision(const json& in);
Answer validate_requeue_callback_decision(const json& in);
Answer validate_fetch_voicemail_decision(const json& in);
Answer voicemail_recording_decision(const json& in);
Answer build_callback_task_decision(const json& in);
Answer requeue_callback_decision(const json& in);
Answer retry_decision(const json& in);
Answer settle_keyed_tasks_decision(const json& in);
Answer callback_workflow_decision(const json& in);
Answer check_deployment_decision(const json& in);
Answer delete_voicemail_decision(const json& in);

// Retry by outcome (decisions_outcome.cpp).
Answer outcome_policy_decision(const json& in);
Answer callback_outcome_decision(const json& in);
// A requeue's successor task with the original's outcomes and the wait the
// outcome of the original's attempt gave it (callBackData.retryWaitMinutes).
json with_outcomes(json successor_task, const json& original_attributes);

// Calling windows and scheduled callbacks (decisions_windows.cpp).
Answer calling_window_decision(const json& in);
Answer open_slots_decision(const json& in);
Answer validate_scheduled_for_decision(const json& in);
Answer callback_due_decision(const json& in);
Answer hold_step_decision(const json& in);
// Member `window` of `in`, read and checked (decisions_windows.cpp; also the wait step's and the holds').
Result<CallingWindow> window_from(Reader& r, const json& in);

// The supervisors' callbacks view (decisions_view.cpp).
Answer callback_rows_decision(const json& in);
Answer manage_callback_decision(const json& in);

// Holding callbacks until due (decisions_holds.cpp).
Answer hold_plan_decision(const json& in);
// The workspace's EventsFilter from the enabled features (decisions_events.cpp).
Answer workspace_events_decision(const json& in);

// The wait experience (decisions_wait.cpp).
Answer wait_step_decision(const json& in);
Answer find_task_by_call_sid_decision(const json& in);

// One open callback per customer (decisions_merge.cpp).
Answer merge_callback_decision(const json& in);
Answer callback_index_ended_decision(const json& in);
// The customer kept informed by SMS (decisions_sms.cpp).
Answer sms_confirmation_decision(const json& in);
Answer sms_reply_decision(const json& in);

// The panel state as JSON (shared by the JSON door and the tests of the typed door).
json panel_state_json(const PanelState& state);

}  // namespace cbvm::boundary
