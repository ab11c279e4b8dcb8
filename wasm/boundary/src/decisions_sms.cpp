// The JSON door of the SMS decisions (the Node module only).
#include "cbvm/sms.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "decisions.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

constexpr const char* kConfirmationKey = "smsConfirmation";

std::string status_of(const json& task) {
  const json* s = Reader::member(&task, "assignmentStatus");
  if (s == nullptr) s = Reader::member(&task, "assignment_status");
  return text_or_empty(s);
}

// callBackData of a task's attributes, or nullptr.
const json* callback_data(const json& attrs) {
  const json* data = Reader::member(&attrs, "callBackData");
  return data != nullptr && data->is_object() ? data : nullptr;
}

SmsBooking booking_from(const json& task) {
  SmsBooking b;
  const json attrs = attributes_of(task);
  b.task_sid = text_or_empty(Reader::member(&task, "sid"));
  b.assignment_status = status_of(task);
  b.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  if (const json* data = callback_data(attrs)) {
    b.number_to_call = text_or_empty(Reader::member(data, "numberToCall"));
    b.number_to_call_from = text_or_empty(Reader::member(data, "numberToCallFrom"));
    b.time_zone = text_or_empty(Reader::member(data, "mainTimeZone"));
    if (auto at = nonempty_text(Reader::member(data, "scheduledFor"))) b.expected_at = parse_iso_instant(*at);
    if (const json* c = Reader::member(data, kConfirmationKey); c != nullptr && c->is_object()) {
      b.confirmation_status = text_or_empty(Reader::member(c, "status"));
      b.confirmation_to = nonempty_text(Reader::member(c, "to"));
      if (auto at = nonempty_text(Reader::member(c, "at"))) b.confirmation_at = parse_iso_instant(*at);
      b.confirmation_claim_id = text_or_empty(Reader::member(c, "claimId"));
    }
  }
  return b;
}

std::string_view action_name(SmsConfirmationAction a) {
  switch (a) {
    case SmsConfirmationAction::kSend: return "send";
    case SmsConfirmationAction::kVerify: return "verify";
    case SmsConfirmationAction::kSkip: break;
  }
  return "skip";
}

std::string_view intent_name(SmsIntent i) {
  switch (i) {
    case SmsIntent::kCancel: return "cancel";
    case SmsIntent::kOptOut: return "optOut";
    case SmsIntent::kOther: break;
  }
  return "other";
}

}  // namespace

Answer sms_confirmation_decision(const json& in) {
  Reader r("smsConfirmation");
  SmsConfirmationInput q;
  const json* sender = r.object(&in, "sender", "sender", false);
  q.sender.from = r.text(sender, "from", "sender.from").value_or("");
  q.sender.messaging_service_sid = r.text(sender, "messagingServiceSid", "sender.messagingServiceSid").value_or("");
  const json* task = r.object(&in, "task", "task", true);
  q.language = r.text(&in, "language", "language").value_or("");
  q.default_language = r.text(&in, "defaultLanguage", "defaultLanguage").value_or("");
  q.claim_id = r.text(&in, "claimId", "claimId").value_or("");
  auto now_text = r.text(&in, "now", "now");
  if (auto s = r.status(); !s.ok()) return s.error();
  const auto now = now_text ? parse_iso_instant(*now_text) : std::nullopt;
  if (!now) return bad_input("smsConfirmation", "now is required: an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
  if (!q.sender.messaging_service_sid.empty() && !is_sid(q.sender.messaging_service_sid, "MG"))
    return make_error(ErrorCode::kInvalidConfiguration,
                      "CALLBACK_SMS_MESSAGING_SERVICE_SID (sender.messagingServiceSid) must be a Messaging Service SID: MG followed by 32 hex digits.");
  if (!q.sender.from.empty() && q.sender.from[0] != '+')
    return make_error(ErrorCode::kInvalidConfiguration,
                      "CALLBACK_SMS_FROM (sender.from) must be a Twilio phone number in E.164 form, like +14155550100.");
  q.booking = booking_from(*task);
  q.now = *now;
  const SmsConfirmation c = plan_sms_confirmation(q);
  json out = {{"action", action_name(c.action)},
              {"reason", c.reason},
              {"locale", c.locale},
              {"numberType", name_of(c.number_type)}};
  if (c.action == SmsConfirmationAction::kSend) {
    json message = {{"to", c.to}, {"body", c.body}};
    if (!c.messaging_service_sid.empty()) message["messagingServiceSid"] = c.messaging_service_sid;
    else message["from"] = c.from;
    out["message"] = std::move(message);
    // Recorded on the task (If-Match) before sending: the booking's one confirmation.
    out["claim"] = {{"status", "sending"}, {"to", c.to}, {"locale", c.locale}, {"at", format_iso_instant(q.now)}};
    if (!q.claim_id.empty()) out["claim"]["claimId"] = q.claim_id;
  } else if (c.action == SmsConfirmationAction::kVerify) {
    out["verify"] = {{"to", c.to}, {"since", format_iso_instant(c.claimed_at)}};
  }
  return out;
}

Answer sms_reply_decision(const json& in) {
  Reader r("smsReply");
  SmsReplyInput q;
  q.body = r.text(&in, "body", "body").value_or("");
  q.from = r.text(&in, "from", "from").value_or("");
  q.default_language = r.text(&in, "defaultLanguage", "defaultLanguage").value_or("");
  q.attempted = r.text(&in, "attempted", "attempted").value_or("");
  if (auto s = r.status(); !s.ok()) return s.error();
  if (const json* sent = Reader::member(&in, "sent")) {
    if (!sent->is_array()) return bad_input("smsReply", "sent must be a list of message bodies, newest first.");
    q.sent.emplace();
    for (const json& m : *sent) q.sent->push_back(m.is_string() ? m.get<std::string>() : text_or_empty(Reader::member(&m, "body")));
  }
  if (const json* tasks = Reader::member(&in, "tasks")) {
    if (!tasks->is_array()) return bad_input("smsReply", "tasks must be a list of the tasks asked for.");
    q.tasks.emplace();
    for (const json& t : *tasks) {
      SmsOpenTask o;
      const SmsBooking b = booking_from(t);
      o.sid = b.task_sid;
      const json* found = Reader::member(&t, "found");
      o.found = found == nullptr ? Reader::member(&t, "attributes") != nullptr : found->is_boolean() && found->get<bool>();
      o.assignment_status = b.assignment_status;
      o.task_type = b.task_type;
      o.number_to_call = b.number_to_call;
      const json attrs = attributes_of(t);
      if (const json* data = callback_data(attrs))
        if (const json* c = Reader::member(data, kConfirmationKey))
          o.locale = text_or_empty(Reader::member(c, "locale"));
      o.etag = text_or_empty(Reader::member(&t, "etag"));
      o.reason = text_or_empty(Reader::member(&t, "reason"));
      q.tasks->push_back(std::move(o));
    }
  }
  const SmsReplyPlan p = plan_sms_reply(q);
  json out = {{"intent", intent_name(p.intent)}, {"reply", p.reply}, {"locale", p.locale}};
  if (p.needs_messages) out["needs"] = {{"messages", {{"to", q.from}}}};
  else if (!p.needs_tasks.empty()) out["needs"] = {{"tasks", p.needs_tasks}};
  if (p.cancel) {
    json c = {{"taskSid", p.cancel->sid}, {"reason", std::string(kSmsCancelReason)}};
    if (!p.cancel->etag.empty()) c["etag"] = p.cancel->etag;
    out["cancel"] = std::move(c);
  }
  return out;
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
