// Who may fetch which voicemail recording.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cbvm/result.hpp"

namespace cbvm {

// Who is asking, from their validated Flex token.
struct Viewer {
  std::string worker_sid;
  std::vector<std::string> roles;
};

// Returns whether the viewer may see the task: a supervisor or admin sees
// every task; an agent only a task reserved for them, being handled or in
// wrap-up (`task.reservations`: [{workerSid, status}] as the caller read them).
bool may_see_task(const nlohmann::json& task, const Viewer& viewer);

// Returns the recording SID to serve for a fetch-voicemail request, given the
// TaskRouter task it is tied to. A recording is served only from a voicemail
// task that carries it, has not marked it deleted, and (when a viewer is
// given) the viewer may see; when the request also names a recording, it
// must be that task's. Otherwise kNotAllowed (or kNotFound).
Result<std::string> voicemail_recording_for(const nlohmann::json& task,
                                            const std::optional<std::string>& requested_sid,
                                            const std::optional<Viewer>& viewer = std::nullopt);

// Returns the recording SID when one of `tasks` (those found carrying it) may
// serve it; otherwise the first task's refusal, or kNotAllowed when no task
// carries the recording at all.
Result<std::string> voicemail_recording_among(const nlohmann::json& tasks,
                                              const std::string& requested_sid,
                                              const std::optional<Viewer>& viewer = std::nullopt);

}  // namespace cbvm
