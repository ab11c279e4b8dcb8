#include "cbvm/panel.hpp"

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

using wire::Value;

namespace {

const Value* first_text(std::initializer_list<const Value*> values) {
  for (const Value* v : values) {
    if (v->is_string() && !v->str().empty()) return v;
  }
  return nullptr;
}

std::optional<std::string_view> text_of(const Value* v) {
  return v ? std::optional<std::string_view>(v->str()) : std::nullopt;
}

enum { kTaskType, kCallBackData, kName, kFrom };
constexpr std::string_view kAttrKeys[] = {"taskType", "callBackData", "name", "from"};
enum { kRecordingSid, kIsDeleted, kTranscriptText, kTranscriptionText, kTwilioTranscriptionText,
       kNumberToCall, kReceived, kMainTimeZone, kAttempts };
constexpr std::string_view kDataKeys[] = {
    "recordingSid", "isDeleted",   "transcriptText", "transcriptionText", "TranscriptionText",
    "numberToCall", "utcDateTimeReceived", "mainTimeZone", "attempts"};
constexpr wire::Reads kDataReads = wire::reads_of(kDataKeys);
constexpr const wire::Reads* kAttrMembers[] = {nullptr, &kDataReads, nullptr, nullptr};
constexpr wire::Reads kAttrReads = wire::reads_of(kAttrKeys, kAttrMembers);

PanelText text_from(std::string_view input, std::string computed) {
  if (computed == input) computed.clear();
  return PanelText{input, std::move(computed)};
}

// The reception time, normalised, when the text is an ISO instant.
std::optional<PanelText> instant(std::string_view text) {
  auto ms = parse_iso_instant(text);
  if (!ms) return std::nullopt;
  return text_from(text, format_iso_instant(*ms));
}

bool truthy(const Value& m) {
  if (m.is_bool()) return m.as_bool();
  if (m.is_string()) return m.str() == "true";
  return false;
}

}  // namespace

const wire::Reads& panel_attribute_reads() { return kAttrReads; }

PanelState panel_state(const PanelInput& in) {
  PanelState out;
  Value attrs[4];
  in.task.attributes.pick(kAttrKeys, attrs);
  out.kind = classify_task(in.task.task_channel, attrs[kTaskType].str());
  out.agent_time_zone = in.agent_time_zone;
  if (out.kind != TaskKind::kCallback && out.kind != TaskKind::kVoicemail) return out;

  const bool voicemail = out.kind == TaskKind::kVoicemail;
  out.heading_key = voicemail ? "VoicemailHeading" : "CallbackHeading";
  out.description_key = voicemail ? "VoicemailDescription" : "CallbackDescription";

  out.has_callback_data = attrs[kCallBackData].is_object();
  Value data[9];
  attrs[kCallBackData].pick(kDataKeys, data);  // all absent unless an object

  if (voicemail) {
    auto sid = text_of(first_text({&data[kRecordingSid]}));
    out.recording_deleted = truthy(data[kIsDeleted]);
    if (sid && is_sid(*sid, "RE")) {
      out.recording_sid = sid;
      out.show_recording = !out.recording_deleted;
    }
  }
  // Older flows wrote the transcript under Twilio's callback name.
  out.transcript = text_of(first_text(
      {&data[kTranscriptText], &data[kTranscriptionText], &data[kTwilioTranscriptionText]}));

  const auto number = text_of(first_text({&data[kNumberToCall]}));
  out.contact_phone = number ? number : text_of(first_text({&attrs[kName], &attrs[kFrom]}));
  bool dialable = false;
  if (number) {
    // The same rule the outbound call applies, so the button never offers a
    // call that would then be refused.
    auto e164 = normalize_phone_number(*number, "numberToCall", NumberRole::kToCall);
    dialable = e164.ok();
    out.number_to_call = text_from(*number, dialable ? std::move(e164.value()) : std::string());
  }

  if (auto received = text_of(first_text({&data[kReceived]}))) out.received_at = instant(*received);
  if (!out.received_at && in.task.date_created) out.received_at = instant(*in.task.date_created);
  if (auto zone = text_of(first_text({&data[kMainTimeZone]})); zone && looks_like_iana_zone(*zone))
    out.main_time_zone = zone;
  out.show_system_time = out.received_at && out.main_time_zone &&
                         *out.main_time_zone != in.agent_time_zone;

  const int max_attempts = in.config.max_attempts < 1 ? 1 : in.config.max_attempts;
  auto attempts = data[kAttempts].integer();
  const int64_t done = attempts && *attempts >= 0 && *attempts < 100000 ? *attempts : 0;
  const int attempt_number = static_cast<int>(done) + 1;
  if (in.config.allow_requeue) {
    out.attempt_number = attempt_number;
    out.max_attempts = max_attempts;
  }

  const bool assigned = in.task.task_status == "assigned";
  const bool offline = !in.offline_activity_sid.empty() &&
                       in.worker_activity_sid == in.offline_activity_sid;

  out.place_call.visible = true;
  if (!assigned) out.place_call.disabled_reason = "not-assigned";
  else if (in.action_pending) out.place_call.disabled_reason = "action-pending";
  else if (offline) out.place_call.disabled_reason = "worker-offline";
  else if (!out.number_to_call) out.place_call.disabled_reason = "no-number";
  else if (!dialable) out.place_call.disabled_reason = "invalid-number";
  out.place_call.enabled = out.place_call.disabled_reason.empty();

  out.retry_later.visible =
      in.config.allow_requeue && out.has_callback_data && attempt_number < max_attempts;
  if (out.retry_later.visible) {
    if (!assigned) out.retry_later.disabled_reason = "not-assigned";
    else if (in.action_pending) out.retry_later.disabled_reason = "action-pending";
    out.retry_later.enabled = out.retry_later.disabled_reason.empty();
  }
  return out;
}

}  // namespace cbvm
