// The JSON door of the workspace's EventsFilter (the deploy's): which events
// the enabled features need.
#include "cbvm/workspace_events.hpp"
#include "decisions.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {

Answer workspace_events_decision(const json& in) {
  Reader r("workspaceEvents");
  EnabledFeatures features;
  features.one_per_customer = r.boolean(&in, "onePerCustomer", "onePerCustomer").value_or(false);
  features.voicemail_retention = r.boolean(&in, "voicemailRetention", "voicemailRetention").value_or(false);
  features.voicemail_notify = r.boolean(&in, "voicemailNotify", "voicemailNotify").value_or(false);
  if (auto s = r.status(); !s.ok()) return s.error();
  const std::vector<std::string> events = workspace_events(features);
  std::string filter;
  for (const std::string& e : events) filter += (filter.empty() ? "" : ",") + e;
  return json{{"events", events}, {"eventsFilter", filter}};
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
