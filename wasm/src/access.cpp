#include "cbvm/access.hpp"

#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"
#include "json_access.hpp"

namespace cbvm {

using detail::json;

bool may_see_task(const json& task, const Viewer& viewer) {
  for (const auto& role : viewer.roles) {
    if (role == "supervisor" || role == "admin") return true;
  }
  if (viewer.worker_sid.empty()) return false;
  const json* reservations = detail::member(task, "reservations");
  if (reservations == nullptr || !reservations->is_array()) return false;
  for (const auto& r : *reservations) {
    auto worker = detail::string_member(r, "workerSid");
    if (!worker) worker = detail::string_member(r, "worker_sid");
    auto status = detail::string_member(r, "status");
    if (!status) status = detail::string_member(r, "reservationStatus");
    if (!status) status = detail::string_member(r, "reservation_status");
    const bool holding = status && (*status == "pending" || *status == "accepted" ||
                                    *status == "wrapping");
    if (worker && *worker == viewer.worker_sid && holding) return true;
  }
  return false;
}

Result<std::string> voicemail_recording_for(const json& task,
                                            const std::optional<std::string>& requested_sid,
                                            const std::optional<Viewer>& viewer) {
  if (!task.is_object())
    return make_error(ErrorCode::kNotFound, "The voicemail task was not found.");
  const json attrs = detail::attributes_object(detail::member(task, "attributes"));
  const std::string type = detail::string_member(attrs, "taskType").value_or("");
  if (type != lit::kTaskTypeVoicemail && type != lit::kTaskTypeCallback)
    return make_error(ErrorCode::kNotAllowed,
                      "This task is not a callback or voicemail, so it has no voicemail to fetch.");
  const json& data = detail::object_member_or_empty(attrs, "callBackData");
  auto sid = detail::nonempty_string_member(data, "recordingSid");
  if (!sid || !is_sid(*sid, "RE"))
    return make_error(ErrorCode::kNotFound, "This task has no voicemail recording.");
  if (requested_sid && *requested_sid != *sid)
    return make_error(ErrorCode::kNotAllowed,
                      "recordingSid does not belong to this task, so it cannot be fetched.");
  if (detail::bool_member(data, "isDeleted").value_or(false))
    return make_error(ErrorCode::kNotFound, "This voicemail recording has been deleted.");
  if (viewer && !may_see_task(task, *viewer))
    return make_error(ErrorCode::kNotAllowed,
                      "This voicemail's task is not reserved for this agent, so its recording "
                      "cannot be fetched.");
  return *sid;
}

Result<std::string> voicemail_recording_among(const json& tasks, const std::string& requested_sid,
                                              const std::optional<Viewer>& viewer) {
  std::optional<Error> refusal;
  if (tasks.is_array()) {
    for (const auto& task : tasks) {
      auto sid = voicemail_recording_for(task, requested_sid, viewer);
      if (sid.ok()) return sid;
      if (!refusal) refusal = sid.error();
    }
  }
  if (refusal) return *refusal;
  return make_error(ErrorCode::kNotAllowed, "Recording " + requested_sid.substr(0, 34) +
                                                " is not the voicemail of any task, so it cannot "
                                                "be fetched.");
}

}  // namespace cbvm
