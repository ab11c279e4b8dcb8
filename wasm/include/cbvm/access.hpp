// Who may fetch which voicemail recording.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cbvm/result.hpp"

namespace cbvm {

// Returns the recording SID to serve for a fetch-voicemail request, given the
// TaskRouter task it is tied to. A recording is served only from a voicemail
// task that carries it and has not marked it deleted; when the request also
// names a recording, it must be that task's. Otherwise kNotAllowed.
Result<std::string> voicemail_recording_for(const nlohmann::json& task,
                                            const std::optional<std::string>& requested_sid);

// Returns the recording SID when one of `tasks` (those found carrying it) may
// serve it; otherwise the first task's refusal, or kNotAllowed when no task
// carries the recording at all.
Result<std::string> voicemail_recording_among(const nlohmann::json& tasks,
                                              const std::string& requested_sid);

}  // namespace cbvm
