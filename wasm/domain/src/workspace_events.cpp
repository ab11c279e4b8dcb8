#include "cbvm/workspace_events.hpp"

namespace cbvm {

std::vector<std::string> workspace_events(const EnabledFeatures& features) {
  std::vector<std::string> events{"task.canceled"};
  if (features.one_per_customer || features.voicemail_retention) events.emplace_back("task.completed");
  if (features.one_per_customer) events.emplace_back("task.deleted");
  if (features.voicemail_notify) events.emplace_back("task-queue.entered");
  return events;
}

}  // namespace cbvm
