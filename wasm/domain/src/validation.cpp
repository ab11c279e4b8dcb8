#include "cbvm/validation.hpp"

#include <array>
#include <cctype>

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"
#include "text.hpp"

namespace cbvm {
namespace {

constexpr size_t kMaxPlainField = 256;
constexpr size_t kMaxUrl = 2048;

using text::quoted_echo;
using text::starts_with_ci;
using text::trim;

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidParameter, std::move(message));
}

// Reads a parameter as text: strings as they are, numbers and booleans in
// their JSON spelling (a JSON body may carry them), "" and null as absent.
struct TextParam {
  std::optional<std::string> value;
  std::optional<Error> error;
};

TextParam text_param(const Params& params, std::string_view key) {
  auto it = params.find(key);
  if (it == params.end()) return {};
  const Param& m = it->second;
  if (m.kind == Param::Kind::kOther)
    return {std::nullopt, invalid(std::string(key) + " must be text, not a JSON " + m.type_name + ".")};
  if (m.kind == Param::Kind::kText && trim(m.text).empty()) return {};
  return {m.text, std::nullopt};
}

// The first present parameter among its accepted spellings.
TextParam text_param_any(const Params& params, std::string_view a, std::string_view b) {
  TextParam first = text_param(params, a);
  if (first.value || first.error) return first;
  return text_param(params, b);
}

Status read_int(const TextParam& p, std::string_view field, int64_t min, int64_t max,
                std::optional<int64_t>& out) {
  if (p.error) return *p.error;
  if (!p.value) return {};
  std::string_view s = trim(*p.value);
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 12) {
    return invalid(std::string(field) + " must be a whole number from " + std::to_string(min) +
                   " to " + std::to_string(max) + " (got " + quoted_echo(*p.value) + ").");
  }
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return invalid(std::string(field) + " must be a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + " (got " + quoted_echo(*p.value) + ").");
    v = v * 10 + (c - '0');
  }
  if (negative) v = -v;
  if (v < min || v > max)
    return invalid(std::string(field) + " must be a whole number from " + std::to_string(min) +
                   " to " + std::to_string(max) + " (got " + quoted_echo(*p.value) + ").");
  out = v;
  return {};
}

Status read_sid(const TextParam& p, std::string_view field, std::string_view prefix,
                std::optional<std::string>& out) {
  if (p.error) return *p.error;
  if (!p.value) return {};
  std::string_view s = trim(*p.value);
  if (!is_sid(s, prefix))
    return invalid(std::string(field) + " must be a Twilio SID starting with " +
                   std::string(prefix) + " followed by 32 hexadecimal characters (got " +
                   quoted_echo(*p.value) + ").");
  out = std::string(s);
  return {};
}

Status read_plain(const TextParam& p, std::string_view field, size_t max_len,
                  std::optional<std::string>& out) {
  if (p.error) return *p.error;
  if (!p.value) return {};
  if (p.value->size() > max_len)
    return invalid(std::string(field) + " must be at most " + std::to_string(max_len) +
                   " characters long (got " + std::to_string(p.value->size()) + ").");
  for (char c : *p.value)
    if (static_cast<unsigned char>(c) < 0x20)
      return invalid(std::string(field) + " must not contain control characters.");
  out = std::string(trim(*p.value));
  return {};
}

Status read_instant(const TextParam& p, std::string_view field,
                    std::optional<std::string>& out) {
  if (p.error) return *p.error;
  if (!p.value) return {};
  auto ms = parse_iso_instant(trim(*p.value));
  if (!ms)
    return invalid(std::string(field) +
                   " must be an ISO-8601 date and time with its offset, like "
                   "2024-05-01T14:30:00Z (got " + quoted_echo(*p.value) + ").");
  out = format_iso_instant(*ms);
  return {};
}

// Cuts text to at most max_bytes without splitting a UTF-8 sequence.
std::string truncate_utf8(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t continuation;
    if (c < 0x80) continuation = 0;
    else if ((c >> 5) == 0x6) continuation = 1;
    else if ((c >> 4) == 0xE) continuation = 2;
    else if ((c >> 3) == 0x1E) continuation = 3;
    else return false;
    if (i + continuation >= s.size() && continuation > 0) return false;
    for (size_t k = 1; k <= continuation; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += continuation + 1;
  }
  return true;
}

}  // namespace

bool is_sid(std::string_view text, std::string_view prefix) {
  if (text.size() != 34 || text.substr(0, 2) != prefix) return false;
  for (char c : text.substr(2)) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

Error missing_parameter(std::string_view path, std::string_view key, std::string_view purpose) {
  return missing_parameters(path, {{key, purpose}});
}

Error missing_parameters(std::string_view path, const std::vector<MissingParameter>& missing) {
  std::string message = "(" + std::string(path) + ")";
  for (size_t i = 0; i < missing.size(); ++i) {
    message += i == 0 ? " " : "; ";
    message += "Missing ";
    message += missing[i].key;
    message += ": ";
    message += missing[i].purpose;
  }
  return make_error(ErrorCode::kMissingParameter, std::move(message));
}

Result<CallbackRequest> validate_create_callback(const Params& params, std::string_view path,
                                                 std::string_view default_region) {
  CallbackRequest req;
  std::string region(default_region);
  for (const char* key : {"ToCountry", "CalledCountry"}) {
    TextParam country = text_param(params, key);
    if (country.value && is_phone_region(*country.value)) {
      region = trim(*country.value);
      break;
    }
  }

  TextParam to_call = text_param(params, "numberToCall");
  if (to_call.error) return *to_call.error;
  TextParam call_from = text_param(params, "numberToCallFrom");
  if (call_from.error) return *call_from.error;
  // One answer names every missing parameter, so a flow is fixed in one go.
  std::vector<MissingParameter> missing;
  if (!to_call.value) missing.push_back({"numberToCall", "the number of the customer to call back"});
  if (!call_from.value)
    missing.push_back({"numberToCallFrom", "the number to call the customer from"});
  if (!missing.empty()) return missing_parameters(path, missing);

  auto n1 = normalize_phone_number(*to_call.value, "numberToCall", NumberRole::kToCall, region);
  if (!n1.ok()) return n1.error();
  req.number_to_call = n1.value();
  auto n2 =
      normalize_phone_number(*call_from.value, "numberToCallFrom", NumberRole::kCallFrom, region);
  if (!n2.ok()) return n2.error();
  req.number_to_call_from = n2.value();

  Status e;
  if (!(e = read_sid(text_param(params, "flexFlowSid"), "flexFlowSid", "FW", req.flex_flow_sid)).ok())
    return e.error();
  if (!(e = read_sid(text_param(params, "workflowSid"), "workflowSid", "WW", req.workflow_sid)).ok())
    return e.error();
  if (!(e = read_int(text_param(params, "timeout"), "timeout", 1, lit::kMaxTaskTimeoutSeconds,
                    req.timeout)).ok())
    return e.error();
  if (!(e = read_int(text_param(params, "priority"), "priority", 0, 2147483647, req.priority)).ok())
    return e.error();
  if (!(e = read_int(text_param(params, "attempts"), "attempts", 0, 1000, req.attempts)).ok())
    return e.error();
  if (!(e = read_plain(text_param(params, "conversation_id"), "conversation_id", kMaxPlainField,
                      req.conversation_id)).ok())
    return e.error();
  if (!(e = read_instant(text_param(params, "utcDateTimeReceived"), "utcDateTimeReceived",
                        req.utc_date_time_received)).ok())
    return e.error();
  // virtualStartTime is not read from callers: an earlier start puts a task
  // ahead of everyone waiting. Only the wait experience sets it, from the
  // call's own task (wait_experience.cpp). A caller's value is ignored like any
  // unknown parameter, so flows that still send it keep working.
  if (!(e = read_sid(text_param_any(params, "recordingSid", "RecordingSid"), "recordingSid", "RE",
                    req.recording_sid)).ok())
    return e.error();
  if (!(e = read_sid(text_param_any(params, "transcriptSid", "TranscriptionSid"), "transcriptSid",
                    "TR", req.transcript_sid)).ok())
    return e.error();

  TextParam url = text_param_any(params, "recordingUrl", "RecordingUrl");
  if (url.error) return *url.error;
  if (url.value) {
    std::string_view u = trim(*url.value);
    if (u.size() > kMaxUrl || !(starts_with_ci(u, "https://") || starts_with_ci(u, "http://")))
      return invalid("recordingUrl must be an http(s) URL of at most 2048 characters (got " +
                     quoted_echo(*url.value) + ").");
    for (char c : u)
      if (static_cast<unsigned char>(c) <= 0x20)
        return invalid("recordingUrl must not contain spaces or control characters.");
    req.recording_url = std::string(u);
  }

  TextParam transcript = text_param_any(params, "transcriptText", "TranscriptionText");
  if (transcript.error) return *transcript.error;
  if (transcript.value) {
    if (!is_valid_utf8(*transcript.value))
      return invalid("transcriptText must be valid UTF-8 text.");
    req.transcript_truncated = transcript.value->size() > kMaxTranscriptBytes;
    req.transcript_text = truncate_utf8(*transcript.value, kMaxTranscriptBytes);
  }

  TextParam deleted = text_param(params, "isDeleted");
  if (deleted.error) return *deleted.error;
  if (deleted.value) {
    std::string_view d = trim(*deleted.value);
    if (d == "true" || d == "1" || d == "True" || d == "TRUE") {
      req.is_deleted = true;
    } else if (d == "false" || d == "0" || d == "False" || d == "FALSE") {
      req.is_deleted = false;
    } else {
      return invalid("isDeleted must be true or false (got " + quoted_echo(*deleted.value) + ").");
    }
  }

  // Twilio names the call in its own requests; a value that is not a call SID is not one.
  if (TextParam call = text_param(params, "CallSid"); call.value && is_sid(trim(*call.value), "CA"))
    req.call_sid = std::string(trim(*call.value));

  TextParam key = text_param(params, "idempotencyKey");
  if (key.error) return *key.error;
  if (key.value) {
    std::string_view k = trim(*key.value);
    bool ok = !k.empty() && k.size() <= 128;
    for (char ch : k)
      ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '.' || ch == '_' || ch == ':' || ch == '-');
    if (!ok)
      return invalid("idempotencyKey must be 1 to 128 letters, digits, dots, underscores, colons "
                     "or hyphens (got " + quoted_echo(*key.value) + ").");
    req.idempotency_key = std::string(k);
  }

  TextParam channel = text_param(params, "taskChannel");
  if (channel.error) return *channel.error;
  if (channel.value) {
    std::string_view c = trim(*channel.value);
    bool ok = !c.empty() && c.size() <= 64;
    for (char ch : c)
      ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '-' || ch == '_');
    if (!ok)
      return invalid("taskChannel must be a task channel unique name such as voice (got " +
                     quoted_echo(*channel.value) + ").");
    req.task_channel = std::string(c);
  }
  return req;
}

Result<std::string> validate_requeue_callback(const Params& params, std::string_view path) {
  TextParam sid = text_param(params, "taskSid");
  if (sid.error) return *sid.error;
  if (!sid.value) return missing_parameter(path, "taskSid", "the callback task to requeue");
  std::optional<std::string> out;
  if (auto e = read_sid(sid, "taskSid", "WT", out); !e.ok()) return e.error();
  return *out;
}

Result<VoicemailFetchRequest> validate_fetch_voicemail(const Params& params,
                                                       std::string_view path) {
  VoicemailFetchRequest req;
  TextParam task = text_param(params, "taskSid");
  TextParam recording = text_param(params, "recordingSid");
  if (!task.value && !task.error && !recording.value && !recording.error)
    return missing_parameter(path, "recordingSid",
                             "the voicemail recording to fetch (or taskSid, the voicemail task)");
  if (auto e = read_sid(task, "taskSid", "WT", req.task_sid); !e.ok()) return e.error();
  if (auto e = read_sid(recording, "recordingSid", "RE", req.recording_sid); !e.ok())
    return e.error();
  return req;
}

}  // namespace cbvm
