// Who may fetch which voicemail recording.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cbvm/result.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

// Who is asking, from their validated Flex token.
struct Viewer {
  std::string worker_sid;
  std::vector<std::string> roles;
};

// A reservation of a task, as the caller read it.
struct Reservation {
  std::string worker_sid;
  std::string status;  // pending, accepted, wrapping, completed, canceled, ...
};

// What the rule reads of a TaskRouter task that may carry a voicemail.
struct VoicemailTask {
  std::string task_type;                     // attributes.taskType
  std::optional<std::string> recording_sid;  // attributes.callBackData.recordingSid, non-empty
  bool recording_deleted = false;            // attributes.callBackData.isDeleted is true
  std::vector<Reservation> reservations;
};

// Returns whether the viewer's roles let them see every task (supervisor or admin).
bool sees_every_task(const Viewer& viewer);

// Returns whether the viewer may see the task: a supervisor or admin sees
// every task; an agent only a task reserved for them, being handled or in
// wrap-up.
bool may_see_task(const VoicemailTask& task, const Viewer& viewer);

// Returns the recording SID to serve for a fetch-voicemail request, given the
// TaskRouter task it is tied to (nullptr: none was found). A recording is
// served only from a voicemail task that carries it, has not marked it
// deleted, and (when a viewer is given) the viewer may see; when the request
// also names a recording, it must be that task's. Otherwise kNotAllowed (or
// kNotFound).
Result<std::string> voicemail_recording_for(const VoicemailTask* task,
                                            const std::optional<std::string>& requested_sid,
                                            const std::optional<Viewer>& viewer);

// Checks that a fetch-voicemail request can be looked up for this viewer. A
// recording SID alone is looked for among the tasks reserved for the viewer's
// worker (TaskRouter has no unthrottled way to find a task by an attribute:
// EvaluateTaskAttributes allows 3 requests a second per account). A supervisor
// or admin may hear voicemails that are not theirs, which that lookup cannot
// find, so they must name the task: kMissingParameter asks for taskSid.
// Without a viewer there is nothing to check.
Status check_voicemail_lookup(const VoicemailFetchRequest& request,
                              const std::optional<Viewer>& viewer, std::string_view path);

// Returns the recording SID when one of `tasks` that carries it (nullopt for a
// task that could not be read; tasks carrying another recording or none are
// passed over, so `tasks` may be all the viewer's reserved tasks) may serve it;
// otherwise the refusal of the first task carrying it, or kNotAllowed when no
// task carries the recording at all.
Result<std::string> voicemail_recording_among(const std::vector<std::optional<VoicemailTask>>& tasks,
                                              const std::string& requested_sid,
                                              const std::optional<Viewer>& viewer);

}  // namespace cbvm
