// The customer kept informed by text message (cbvm/sms.hpp).
#include "cbvm/sms.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "cbvm/tz.hpp"
#include "cbvm/wait_experience.hpp"
#include "sms_texts.hpp"
#include "text.hpp"

namespace cbvm {
namespace {

// The SMS locale of a tag or alias: the wait experience's rule ("es" -> es-MX).
const sms_texts::Locale* find_locale(std::string_view tag) {
  if (tag.empty()) return nullptr;
  auto wait = wait_locale(tag);
  if (!wait) return nullptr;
  for (size_t i = 0; i < sms_texts::kLocaleCount; ++i)
    if (sms_texts::kLocales[i].tag == wait->tag) return &sms_texts::kLocales[i];
  return nullptr;
}

const sms_texts::Locale& locale_for(std::string_view language, std::string_view default_language) {
  if (auto* l = find_locale(language)) return *l;
  if (auto* l = find_locale(default_language)) return *l;
  return sms_texts::kLocales[0];
}

std::string_view message(const sms_texts::Locale& l, std::string_view key) {
  for (size_t i = 0; i < sms_texts::kMessageCount; ++i)
    if (sms_texts::kMessageKeys[i] == key) return l.messages[i];
  return {};
}

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
    s.replace(at, what.size(), with);
}

std::string fill(const sms_texts::Locale& l, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string s(message(l, key));
  replace_all(s, "{{word}}", l.cancel_words[0]);
  for (const auto& [name, value] : values) replace_all(s, name, value);
  return s;
}

// "2027-03-15 14:00 EDT": numeric, so it reads the same in every locale.
std::string local_time(int64_t at, std::string_view zone) {
  auto rule = zone.empty() ? std::nullopt : zone_rule(zone);
  if (!rule) rule = zone_rule("UTC");
  const LocalTime t = to_local(*rule, at);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d", static_cast<long long>(t.local.year),
                t.local.month, t.local.day, t.local.hour, t.local.minute);
  return std::string(buf) + (t.abbreviation.empty() ? "" : " " + t.abbreviation);
}

bool open_status(std::string_view s) { return s == "pending" || s == "reserved"; }

// Upper-cases ASCII letters; other bytes (Thai, Chinese) are compared as they are.
std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// The reply as a keyword: trimmed, upper case, inner runs of spaces as one,
// without a final '.' or '!' (phones add them).
std::string keyword_of(std::string_view body) {
  std::string_view t = text::trim(body);
  while (!t.empty() && (t.back() == '.' || t.back() == '!')) t.remove_suffix(1);
  t = text::trim(t);
  std::string out;
  bool space = false;
  for (char c : t) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return upper_ascii(out);
}

// Twilio's own keywords on long codes: opt-out (STOP…), opt-in and help. Twilio
// answers them itself, so the product adds no reply of its own. CANCEL is one
// of Twilio's opt-out words too, but it is also the product's: see plan_sms_reply.
// https://help.twilio.com/articles/223134027
constexpr std::string_view kTwilioKeywords[] = {"STOP", "STOPALL", "UNSUBSCRIBE", "END",  "QUIT", "REVOKE",
                                                "OPTOUT", "START",  "UNSTOP",      "YES", "HELP", "INFO"};

constexpr size_t kMaxBookingsRead = 5;

// The booking references (task SIDs) in our messages, newest first, distinct.
std::vector<std::string> references(const std::vector<std::string>& sent) {
  std::vector<std::string> out;
  for (const std::string& body : sent) {
    const size_t at = body.rfind("Ref WT");
    if (at == std::string::npos) continue;
    const std::string sid = body.substr(at + 4, 34);
    bool hex = sid.size() == 34;
    for (size_t i = 2; hex && i < sid.size(); ++i) hex = std::isxdigit(static_cast<unsigned char>(sid[i])) != 0;
    if (!hex || std::find(out.begin(), out.end(), sid) != out.end()) continue;
    out.push_back(sid);
    if (out.size() == kMaxBookingsRead) break;
  }
  return out;
}

}  // namespace

std::string_view name_of(NumberType type) {
  switch (type) {
    case NumberType::kFixedLine: return "fixedLine";
    case NumberType::kMobile: return "mobile";
    case NumberType::kFixedLineOrMobile: return "fixedLineOrMobile";
    case NumberType::kOther: return "other";
    case NumberType::kUnknown: break;
  }
  return "unknown";
}

bool can_receive_sms(NumberType type) {
  return type == NumberType::kMobile || type == NumberType::kFixedLineOrMobile;
}

SmsConfirmation plan_sms_confirmation(const SmsConfirmationInput& in) {
  SmsConfirmation out;
  const SmsBooking& b = in.booking;
  const sms_texts::Locale& l = locale_for(in.language, in.default_language);
  out.locale = std::string(l.tag);
  auto skip = [&](std::string reason) {
    out.action = SmsConfirmationAction::kSkip;
    out.reason = std::move(reason);
    return out;
  };
  if (in.sender.from.empty() && in.sender.messaging_service_sid.empty()) return skip("off");
  // A recorded confirmation is final: sent, failed, or unknown after a lost answer.
  const bool own_claim = b.confirmation_status && *b.confirmation_status == "sending" && !in.claim_id.empty() &&
                         b.confirmation_claim_id == in.claim_id;
  if (b.confirmation_status && !own_claim) {
    if (*b.confirmation_status != "sending") return skip("recorded");
    // Claimed, outcome not recorded: the sender may have died after sending.
    // Look for the message; sending again could text the customer twice.
    out.action = SmsConfirmationAction::kVerify;
    out.reason = "claimed";
    out.to = b.confirmation_to.value_or(b.number_to_call);
    out.claimed_at = b.confirmation_at.value_or(0);
    return out;
  }
  if (b.task_type != "callback") return skip("notCallback");
  if (!open_status(b.assignment_status)) return skip("closed");
  if (b.number_to_call.empty() || b.number_to_call[0] != '+') return skip("noNumber");
  out.number_type = phone_number_type(b.number_to_call);
  if (!can_receive_sms(out.number_type)) return skip("notSmsCapable");
  out.to = b.number_to_call;
  if (!in.sender.messaging_service_sid.empty()) out.messaging_service_sid = in.sender.messaging_service_sid;
  else out.from = in.sender.from;
  const std::string when = b.expected_at && *b.expected_at > in.now
                               ? fill(l, "at", {{"{{time}}", local_time(*b.expected_at, b.time_zone)}})
                               : std::string(message(l, "asap"));
  const bool number = !b.number_to_call_from.empty() && b.number_to_call_from[0] == '+';
  out.body = fill(l, number ? "confirmation" : "confirmationNoNumber",
                  {{"{{from}}", b.number_to_call_from}, {"{{when}}", when}, {"{{ref}}", b.task_sid}});
  out.action = SmsConfirmationAction::kSend;
  out.reason = "send";
  return out;
}

SmsReplyPlan plan_sms_reply(const SmsReplyInput& in) {
  SmsReplyPlan out;
  const std::string word = keyword_of(in.body);
  // The locales whose cancel words include the reply; the booking's, when it is one, answers.
  std::vector<const sms_texts::Locale*> by_word;
  for (size_t i = 0; i < sms_texts::kLocaleCount; ++i) {
    const auto& l = sms_texts::kLocales[i];
    for (size_t w = 0; w < l.cancel_word_count; ++w)
      if (upper_ascii(l.cancel_words[w]) == word) {
        by_word.push_back(&l);
        break;
      }
  }
  const sms_texts::Locale& fallback = locale_for("", in.default_language);
  if (by_word.empty()) {
    out.locale = std::string(fallback.tag);
    if (std::find(std::begin(kTwilioKeywords), std::end(kTwilioKeywords), word) != std::end(kTwilioKeywords)) {
      out.intent = SmsIntent::kOptOut;
      return out;
    }
    out.intent = SmsIntent::kOther;
    out.reply = fill(fallback, "help", {});
    return out;
  }
  out.intent = SmsIntent::kCancel;
  auto pick = [&](std::string_view booking_locale) -> const sms_texts::Locale& {
    for (auto* l : by_word)
      if (l->tag == booking_locale) return *l;
    for (auto* l : by_word)
      if (l == &fallback) return *l;
    return *by_word.front();
  };
  if (!in.sent) {
    out.needs_messages = true;
    return out;
  }
  const std::vector<std::string> refs = references(*in.sent);
  if (!in.tasks && !refs.empty()) {
    out.needs_tasks = refs;
    return out;
  }
  std::optional<SmsOpenTask> newest;  // the first task asked for that is the customer's callback
  bool done_by_us = false;             // this reply's own cancel, its answer lost
  if (in.tasks) {
    for (const SmsOpenTask& t : *in.tasks) {
      // Only a callback to this very number: a reference alone proves nothing.
      if (!t.found || t.task_type != "callback" || t.number_to_call != in.from) continue;
      if (!newest) newest = t;
      if (t.sid == in.attempted && t.assignment_status == "canceled" && t.reason == kSmsCancelReason) {
        done_by_us = true;
        newest = t;
        break;
      }
      if (open_status(t.assignment_status)) {
        out.cancel = t;
        break;
      }
    }
  }
  const sms_texts::Locale& l = pick(out.cancel ? out.cancel->locale : newest ? newest->locale : "");
  out.locale = std::string(l.tag);
  if (out.cancel || done_by_us) out.reply = fill(l, "canceled", {});
  else if (newest && newest->assignment_status == "assigned") out.reply = fill(l, "alreadyCalling", {});
  else out.reply = fill(l, "nothingOpen", {});
  return out;
}

}  // namespace cbvm

#endif  // CBVM_AGENT_DECISIONS_ONLY
