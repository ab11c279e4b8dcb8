// Deleting a voicemail's recording: who may, and what is written.
#pragma once

#include <optional>
#include <string>

#include "cbvm/access.hpp"
#include "cbvm/result.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

inline constexpr std::string_view kDeleteVoicemailPath =
    "/features/callback-and-voicemail/flex/delete-voicemail";

// Validates delete-voicemail's parameters; returns the voicemail task's SID.
Result<std::string> validate_delete_voicemail(const Params& params, std::string_view path);

// What a deletion does next.
enum class DeletionAction {
  kAnswer,  // the task already records the recording as deleted: nothing to do
  kDelete,  // delete the transcription and the recording at Twilio, then mark the task
};

struct DeletionPlan {
  DeletionAction action = DeletionAction::kAnswer;
  std::string recording_sid;
  std::optional<std::string> transcript_sid;  // a TR... SID the task carries, if any
};

// Who deletes: a person (their Flex token) or the retention sweep, which acts
// for the contact centre on tasks that have ended.
struct Deleter {
  std::optional<Viewer> viewer;  // nullopt: the retention sweep
};

// Returns what deleting the voicemail of `task` (nullptr: not found) takes.
// Only a callback or voicemail task that carries a recording has one to
// delete; a person must hold the task (pending, accepted or wrapping
// reservation) or be a supervisor or admin, as for hearing it. A task already
// marked deleted is answered as it is (kAnswer), so a repeated request, or one
// whose answer was lost, ends in the same state. Deleting at Twilio comes
// before marking the task, so a mark never claims a recording still exists.
Result<DeletionPlan> decide_voicemail_deletion(const VoicemailTask* task,
                                               const std::optional<std::string>& transcript_sid,
                                               const Deleter& deleter);

}  // namespace cbvm
