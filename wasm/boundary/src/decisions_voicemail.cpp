// The JSON door of the voicemail notification decision (the Node module only).
#include "cbvm/time.hpp"
#include "cbvm/voicemail_notification.hpp"
#include "decisions_voicemail.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {

Answer voicemail_notification_decision(const json& in) {
  constexpr std::string_view kName = "voicemailNotification";
  Reader r(kName);
  const json* task = r.object(&in, "task", "task", true);
  const json* settings = r.object(&in, "settings", "settings", true);
  const json* targets = r.object(settings, "targets", "settings.targets", settings != nullptr);
  const auto ttl = r.integer(settings, "linkTtlSeconds", "settings.linkTtlSeconds", 60, 90LL * 24 * 3600);
  const auto now = r.text(&in, "now", "now");
  if (auto s = r.status(); !s.ok()) return s.error();
  const auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kName, "now must be an ISO-8601 instant.");

  NotificationSettings set;
  if (ttl) set.link_ttl_seconds = *ttl;
  for (const auto& [queue, address] : targets->items()) {
    if (!address.is_string())
      return make_error(ErrorCode::kInvalidConfiguration,
                        "VOICEMAIL_NOTIFY_TO[\"" + queue.substr(0, 64) + "\"] must be text.");
    set.targets.emplace(queue, address.get<std::string>());
  }
  json attrs = attributes_of(*task);
  const json* data = Reader::member(&attrs, "callBackData");
  NotificationTask t;
  t.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  t.queue_name = text_or_empty(Reader::member(task, "queueName"));
  if (data != nullptr && data->is_object()) {
    t.recording_sid = nonempty_text(Reader::member(data, "recordingSid"));
    const json* deleted = Reader::member(data, "isDeleted");
    t.recording_deleted = deleted != nullptr && deleted->is_boolean() && deleted->get<bool>();
    t.already_notified = Reader::member(data, "notified") != nullptr;
  }
  auto plan = decide_voicemail_notification(t, set, *now_ms);
  if (!plan.ok()) return plan.error();
  const NotificationPlan& p = plan.value();
  if (!p.notify) return json{{"action", "none"}, {"reason", p.reason}};
  const std::string channel = p.channel == NotifyChannel::kSms ? "sms" : "email";
  // Written with If-Match before sending: whoever writes it first sends.
  attrs["callBackData"]["notified"] = {{"at", format_iso_instant(*now_ms)}, {"channel", channel}, {"to", p.to}};
  return json{{"action", "notify"},
              {"channel", channel},
              {"to", p.to},
              {"linkExpiresAt", format_iso_instant(p.link_expires_ms)},
              {"linkExpiresEpochSeconds", p.link_expires_ms / 1000},
              {"attributes", std::move(attrs)}};
}

}  // namespace cbvm::boundary

#endif
