#include "cbvm/voicemail_lifecycle.hpp"

#include "cbvm/literals.hpp"

namespace cbvm {

Result<std::string> validate_delete_voicemail(const Params& params, std::string_view path) {
  auto it = params.find("taskSid");
  if (it == params.end() || (it->second.kind == Param::Kind::kText && it->second.text.empty()))
    return missing_parameter(path, "taskSid", "the voicemail task whose recording to delete");
  const Param& p = it->second;
  if (p.kind != Param::Kind::kText || !is_sid(p.text, "WT"))
    return make_error(ErrorCode::kInvalidParameter,
                      "taskSid must be a Twilio SID starting with WT followed by 32 hexadecimal "
                      "characters.");
  return p.text;
}

Result<DeletionPlan> decide_voicemail_deletion(const VoicemailTask* task,
                                               const std::optional<std::string>& transcript_sid,
                                               const Deleter& deleter) {
  if (task == nullptr) return make_error(ErrorCode::kNotFound, "The voicemail task was not found.");
  if (task->task_type != lit::kTaskTypeVoicemail && task->task_type != lit::kTaskTypeCallback)
    return make_error(ErrorCode::kNotAllowed,
                      "This task is not a callback or voicemail, so it has no recording to delete.");
  const auto& sid = task->recording_sid;
  if (!sid || !is_sid(*sid, "RE"))
    return make_error(ErrorCode::kNotFound, "This task has no voicemail recording to delete.");
  // Access is checked before the task's state is told, even for a repeat.
  if (deleter.viewer && !may_see_task(*task, *deleter.viewer))
    return make_error(ErrorCode::kNotAllowed,
                      "This voicemail's task is not reserved for this agent, so only a supervisor "
                      "or admin may delete its recording.");
  DeletionPlan plan;
  plan.recording_sid = *sid;
  if (task->recording_deleted) return plan;
  plan.action = DeletionAction::kDelete;
  if (transcript_sid && is_sid(*transcript_sid, "TR")) plan.transcript_sid = *transcript_sid;
  return plan;
}

}  // namespace cbvm
