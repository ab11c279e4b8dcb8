// The TaskRouter events the workspace posts to the functions' events endpoint
// (its EventsFilter), from the features that are on. A workspace posts every
// event to its EventCallbackUrl unless filtered
// (https://www.twilio.com/docs/taskrouter/api/workspace, EventsFilter), and
// each post runs a Function: only what an enabled feature reacts to is sent.
#pragma once

#include <string>
#include <vector>

namespace cbvm {

struct EnabledFeatures {
  bool one_per_customer = false;    // CALLBACK_ONE_PER_CUSTOMER: the Sync index of open callbacks
  bool voicemail_retention = false; // VOICEMAIL_RETENTION_HOURS: reacts to a voicemail's end
  bool voicemail_notify = false;    // VOICEMAIL_NOTIFY_TO: a voicemail entering its queue
};

// Returns the event types to post, in a fixed order: task.canceled always (the
// holds' timers expire as canceled tasks); task.completed when a task's end
// matters (the open-callback index, voicemail retention); task.deleted for the
// index; task-queue.entered for voicemail notifications.
std::vector<std::string> workspace_events(const EnabledFeatures& features);

}  // namespace cbvm
