// The customer kept informed by text message: whether and what to send when a
// callback is booked, and what a customer's reply does. Plain decisions; the
// functions send and cancel (features/callback-and-voicemail/sms).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cbvm {

// libphonenumber's number types, as far as SMS cares.
enum class NumberType { kFixedLine, kMobile, kFixedLineOrMobile, kOther, kUnknown };

// Returns the type of an E.164 number by libphonenumber's patterns
// (cbvm/phone_metadata.hpp): kUnknown when it is not a valid number (or the
// module was built with lengths only), kOther for toll-free, premium, VoIP…
NumberType phone_number_type(std::string_view e164);

// "mobile", "fixedLine", "fixedLineOrMobile", "other", "unknown".
std::string_view name_of(NumberType type);

// Returns whether a number of this type can receive SMS: mobile, or a number
// libphonenumber cannot tell from a mobile one (the NANP's FIXED_LINE_OR_MOBILE).
bool can_receive_sms(NumberType type);

// The reason a customer's callback canceled by their reply carries on the task.
inline constexpr std::string_view kSmsCancelReason = "Canceled by the customer by SMS";

// Where confirmations come from; both empty: confirmations are off.
struct SmsSender {
  std::string from;                   // a Twilio number, E.164
  std::string messaging_service_sid;  // MG…, preferred when both are set
};

// What a confirmation reads of the booked task.
struct SmsBooking {
  std::string task_sid;
  std::string assignment_status;
  std::string task_type;
  std::string number_to_call;
  std::string number_to_call_from;
  std::string time_zone;                 // callBackData.mainTimeZone
  std::optional<int64_t> expected_at;    // a scheduled callback's time (epoch ms)
  std::optional<std::string> confirmation_status;  // callBackData.smsConfirmation.status, when recorded
  std::optional<std::string> confirmation_to;      // the number it was sent to
  std::optional<int64_t> confirmation_at;          // when it was claimed
  std::string confirmation_claim_id;               // who claimed it
};

struct SmsConfirmationInput {
  SmsSender sender;
  SmsBooking booking;
  std::string language;          // the caller's language, when known
  std::string default_language;  // the configured one
  std::string claim_id;          // this attempt's: a claim of its own (written, answer lost) is resumed
  int64_t now = 0;
};

enum class SmsConfirmationAction {
  kSkip,    // send nothing; `reason` says why
  kSend,    // claim on the task (If-Match), then send
  kVerify,  // claimed earlier without an outcome: look for the message sent
};

struct SmsConfirmation {
  SmsConfirmationAction action = SmsConfirmationAction::kSkip;
  std::string reason;  // off, notCallback, closed, noNumber, notSmsCapable, recorded, claimed, send
  std::string to, from, messaging_service_sid, body, locale;
  NumberType number_type = NumberType::kUnknown;
  int64_t claimed_at = 0;  // kVerify: look for messages from then on
};

// Returns whether to text the customer of a booked callback, and what: only a
// callback (not a voicemail) still open, to a number that can receive SMS,
// and never when the task records a confirmation already (exactly once per
// booking; a claim without an outcome is verified, never sent again).
SmsConfirmation plan_sms_confirmation(const SmsConfirmationInput& in);

// A callback the customer's reply may be about, as the functions read it.
struct SmsOpenTask {
  std::string sid;
  bool found = false;
  std::string assignment_status;
  std::string task_type;
  std::string number_to_call;
  std::string locale;  // callBackData.smsConfirmation.locale
  std::string reason;  // why it was canceled or completed
  std::string etag;
};

struct SmsReplyInput {
  std::string body;
  std::string from;  // the customer, E.164
  std::string default_language;
  std::optional<std::vector<std::string>> sent;  // our messages to the customer, newest first
  std::optional<std::vector<SmsOpenTask>> tasks;  // the bookings `needs` asked for, in that order
  std::string attempted;  // the task this reply tried to cancel when the answer was lost or refused (412)
};

enum class SmsIntent { kCancel, kOptOut, kOther };

struct SmsReplyPlan {
  SmsIntent intent = SmsIntent::kOther;
  bool needs_messages = false;          // list our messages to the customer, then ask again
  std::vector<std::string> needs_tasks;  // read these tasks (with their ETag), then ask again
  std::optional<SmsOpenTask> cancel;     // cancel it (If-Match its etag), then reply
  std::string reply;                     // "" answers nothing (Twilio answers opt-out words)
  std::string locale;
};

// Returns what a customer's text does: a cancel word (any locale's) cancels
// their newest open callback that we confirmed to that number; Twilio's
// opt-out words are Twilio's to answer; anything else gets the help text.
SmsReplyPlan plan_sms_reply(const SmsReplyInput& in);

}  // namespace cbvm
