#include "cbvm/access.hpp"

#include "cbvm/channel.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"
#include "json_access.hpp"

namespace cbvm {

using detail::json;

Result<std::string> voicemail_recording_for(const json& task,
                                            const std::optional<std::string>& requested_sid) {
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
  return *sid;
}

Result<std::string> voicemail_recording_among(const json& tasks, const std::string& requested_sid) {
  std::optional<Error> refusal;
  if (tasks.is_array()) {
    for (const auto& task : tasks) {
      auto sid = voicemail_recording_for(task, requested_sid);
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
