// Telling a queue's team that a voicemail arrived: whether, to whom, and how.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cbvm/result.hpp"

namespace cbvm {

enum class NotifyChannel { kEmail, kSms };

// What the rule reads of a task that may carry a new voicemail.
struct NotificationTask {
  std::string task_type;                     // attributes.taskType
  std::optional<std::string> recording_sid;  // attributes.callBackData.recordingSid
  bool recording_deleted = false;            // callBackData.isDeleted
  bool already_notified = false;             // callBackData.notified is present
  std::string queue_name;                    // the task's TaskRouter queue
};

struct NotificationSettings {
  // Queue name -> address: an email address, or "sms:" and an E.164 number.
  // The key "*" serves every queue not named.
  std::map<std::string, std::string, std::less<>> targets;
  int64_t link_ttl_seconds = 7 * 24 * 3600;
};

struct NotificationPlan {
  bool notify = false;
  std::string reason;  // why not, when notify is false
  NotifyChannel channel = NotifyChannel::kEmail;
  std::string to;
  int64_t link_expires_ms = 0;
};

// Returns whether to notify of the voicemail on `task`, and where: only a
// voicemail task with a recording not yet deleted, not notified before (the
// task records callBackData.notified under If-Match before sending, so a
// repeated event or webhook sends nothing more), whose queue (or "*") has an
// address. An address that is neither an email address nor "sms:+<E.164>"
// is a kInvalidConfiguration error naming VOICEMAIL_NOTIFY_TO and the queue.
Result<NotificationPlan> decide_voicemail_notification(const NotificationTask& task,
                                                      const NotificationSettings& settings,
                                                      int64_t now_ms);

}  // namespace cbvm
