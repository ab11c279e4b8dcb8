#include "cbvm/access.hpp"

#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

bool sees_every_task(const Viewer& viewer) {
  for (const auto& role : viewer.roles) {
    if (role == "supervisor" || role == "admin") return true;
  }
  return false;
}

bool may_see_task(const VoicemailTask& task, const Viewer& viewer) {
  if (sees_every_task(viewer)) return true;
  if (viewer.worker_sid.empty()) return false;
  for (const Reservation& r : task.reservations) {
    const bool holding = r.status == "pending" || r.status == "accepted" || r.status == "wrapping";
    if (r.worker_sid == viewer.worker_sid && holding) return true;
  }
  return false;
}

Result<std::string> voicemail_recording_for(const VoicemailTask* task,
                                            const std::optional<std::string>& requested_sid,
                                            const std::optional<Viewer>& viewer) {
  if (task == nullptr) return make_error(ErrorCode::kNotFound, "The voicemail task was not found.");
  if (task->task_type != lit::kTaskTypeVoicemail && task->task_type != lit::kTaskTypeCallback)
    return make_error(ErrorCode::kNotAllowed,
                      "This task is not a callback or voicemail, so it has no voicemail to fetch.");
  const auto& sid = task->recording_sid;
  if (!sid || !is_sid(*sid, "RE"))
    return make_error(ErrorCode::kNotFound, "This task has no voicemail recording.");
  if (requested_sid && *requested_sid != *sid)
    return make_error(ErrorCode::kNotAllowed,
                      "recordingSid does not belong to this task, so it cannot be fetched.");
  if (task->recording_deleted)
    return make_error(ErrorCode::kNotFound, "This voicemail recording has been deleted.");
  if (viewer && !may_see_task(*task, *viewer))
    return make_error(ErrorCode::kNotAllowed,
                      "This voicemail's task is not reserved for this agent, so its recording "
                      "cannot be fetched.");
  return *sid;
}

Status check_voicemail_lookup(const VoicemailFetchRequest& request,
                              const std::optional<Viewer>& viewer, std::string_view path) {
  if (request.task_sid || !viewer || !sees_every_task(*viewer)) return {};
  return missing_parameter(path, "taskSid",
                           "the voicemail's task. A supervisor or admin passes taskSid: a "
                           "recording SID alone is looked for only among the tasks reserved "
                           "for the requesting agent");
}

Result<std::string> voicemail_recording_among(const std::vector<std::optional<VoicemailTask>>& tasks,
                                              const std::string& requested_sid,
                                              const std::optional<Viewer>& viewer) {
  std::optional<Error> refusal;
  for (const auto& task : tasks) {
    // The viewer's other reserved tasks are not candidates: their refusals
    // would hide the one that matters.
    if (task && task->recording_sid != requested_sid) continue;
    auto sid = voicemail_recording_for(task ? &*task : nullptr, requested_sid, viewer);
    if (sid.ok()) return sid;
    if (!refusal) refusal = sid.error();
  }
  if (refusal) return *refusal;
  return make_error(ErrorCode::kNotAllowed, "Recording " + requested_sid.substr(0, 34) +
                                                " is not the voicemail of any task, so it cannot "
                                                "be fetched.");
}

}  // namespace cbvm
