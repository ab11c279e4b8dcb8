#include "cbvm/voicemail_notification.hpp"

#include "cbvm/literals.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {
namespace {

// A deliberately plain check: one "@", a dot in the domain, no spaces. The
// mail service is the judge of deliverability; this catches typing slips.
bool looks_like_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '<' || c == '>' || c == ',') return false;
  }
  return s.size() <= 254;
}

NotificationPlan skip(std::string reason) {
  NotificationPlan p;
  p.reason = std::move(reason);
  return p;
}

}  // namespace

Result<NotificationPlan> decide_voicemail_notification(const NotificationTask& task,
                                                      const NotificationSettings& settings,
                                                      int64_t now_ms) {
  if (task.task_type != lit::kTaskTypeVoicemail || !task.recording_sid || !is_sid(*task.recording_sid, "RE"))
    return skip("not a voicemail with a recording");
  if (task.recording_deleted) return skip("the recording is deleted");
  if (task.already_notified) return skip("already notified");
  auto it = settings.targets.find(task.queue_name);
  if (it == settings.targets.end()) it = settings.targets.find("*");
  if (it == settings.targets.end()) return skip("no address for queue " + task.queue_name.substr(0, 64));
  const std::string& address = it->second;
  const std::string where = "VOICEMAIL_NOTIFY_TO[\"" + it->first.substr(0, 64) + "\"]";
  NotificationPlan plan;
  plan.notify = true;
  plan.link_expires_ms = now_ms + settings.link_ttl_seconds * 1000;
  if (address.rfind("sms:", 0) == 0) {
    auto number = normalize_phone_number(address.substr(4), where, NumberRole::kToCall);
    if (!number.ok())
      return make_error(ErrorCode::kInvalidConfiguration,
                        where + " must be an email address or sms: and a number with its country code, "
                                "like sms:+14155550100.");
    plan.channel = NotifyChannel::kSms;
    plan.to = number.value();
    return plan;
  }
  if (!looks_like_email(address))
    return make_error(ErrorCode::kInvalidConfiguration,
                      where + " must be an email address or sms: and a number with its country code, "
                              "like team@example.com.");
  plan.channel = NotifyChannel::kEmail;
  plan.to = address;
  return plan;
}

}  // namespace cbvm
