// Input validation: phone numbers, SIDs and the HTTP parameters of the functions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/result.hpp"

namespace cbvm {

// Which end of the call a number is; only the caller-ID end may be a SIP address.
enum class NumberRole { kToCall, kCallFrom };

// Returns the number as it will be dialled, in E.164 form, when it is valid by
// libphonenumber's numbering plans (cbvm/phone_metadata.hpp). Visual
// separators and a keypad's closing '#' are dropped. It is read as
// international after a "+" (or a "+" turned into a space by URL decoding),
// after the region's international prefix (00, 011…), or when the digits are
// keyed country code first and form a valid number; otherwise as a national
// number of `region` (ISO 3166 alpha-2, e.g. the country the caller dialled),
// whose national prefix is stripped. A `sip:` address of valid basic syntax is
// returned unchanged for kCallFrom. Anything else, including withheld-number
// placeholders, is a kInvalidParameter error whose message names `field`.
Result<std::string> normalize_phone_number(std::string_view raw, std::string_view field,
                                           NumberRole role, std::string_view region = {});

// Returns whether the text names a region of the numbering plans (ISO 3166
// alpha-2, any case), so it can be a default region.
bool is_phone_region(std::string_view region);

// Returns the region (ISO 3166 alpha-2) of an E.164 number: the first region
// of its calling code that finds the rest valid; nullopt for a non-geographic
// code or a number no region finds valid.
std::optional<std::string> region_of_number(std::string_view e164);

// Returns whether the text is a `sip:` URI (case-insensitive scheme).
bool is_sip_address(std::string_view text);

// Returns whether text is a Twilio SID with the given two-letter prefix.
bool is_sid(std::string_view text, std::string_view prefix);

// One HTTP parameter as Twilio Functions hands it over: text, or (from a JSON
// body) a number or boolean in its JSON spelling, or a value of another JSON
// type that no parameter accepts. A null parameter is absent.
struct Param {
  enum class Kind { kText, kNumber, kBoolean, kOther };
  Kind kind = Kind::kText;
  std::string text;       // the text, or the JSON spelling of a number or boolean
  std::string type_name;  // for kOther: "object", "array"
};
using Params = std::map<std::string, Param, std::less<>>;

// The create-callback request after validation: every optional field is
// either absent or usable as it is.
struct CallbackRequest {
  std::optional<std::string> number_to_call;
  std::optional<std::string> number_to_call_from;
  std::optional<std::string> flex_flow_sid;
  std::optional<std::string> workflow_sid;
  std::optional<int64_t> timeout;
  std::optional<int64_t> priority;
  std::optional<int64_t> attempts;
  std::optional<std::string> conversation_id;
  std::optional<std::string> utc_date_time_received;  // normalised ISO instant
  std::optional<std::string> recording_sid;
  std::optional<std::string> recording_url;
  std::optional<std::string> transcript_sid;
  std::optional<std::string> transcript_text;
  bool transcript_truncated = false;
  std::optional<bool> is_deleted;
  std::optional<std::string> task_channel;
  // Never read from parameters (it would let a caller jump the queue): only
  // the wait experience sets it, to its call task's creation time.
  std::optional<std::string> virtual_start_time;  // normalised ISO instant
  std::optional<std::string> call_sid;         // the call the request is for (CallSid), if any
  std::optional<std::string> idempotency_key;  // a caller's name for its request
};

// Longest transcript kept on a task; longer text is cut on a character boundary.
inline constexpr size_t kMaxTranscriptBytes = 8000;

// Validates the parameters of create-callback. `path` prefixes the
// "(<path>) Missing <key>: <purpose>" message of a missing required
// parameter. Unknown parameters are ignored; empty text counts as absent.
// Numbers are read in the country the caller dialled (ToCountry/CalledCountry),
// else in `default_region`.
Result<CallbackRequest> validate_create_callback(const Params& params, std::string_view path,
                                                 std::string_view default_region = {});

// Validates requeue-callback's parameters; returns the task SID to requeue.
Result<std::string> validate_requeue_callback(const Params& params, std::string_view path);

// What fetch-voicemail was asked for: a task whose recording to fetch, or a
// recording that must then be checked against a task the caller may see.
struct VoicemailFetchRequest {
  std::optional<std::string> task_sid;
  std::optional<std::string> recording_sid;
};
Result<VoicemailFetchRequest> validate_fetch_voicemail(const Params& params,
                                                       std::string_view path);

// Returns a parameter-missing error in the reference's wording.
Error missing_parameter(std::string_view path, std::string_view key, std::string_view purpose);

struct MissingParameter {
  std::string_view key;
  std::string_view purpose;
};
// Returns one error naming every missing parameter, in the reference's
// wording joined by "; ": "(<path>) Missing <a>: <purpose>; Missing <b>: <purpose>".
Error missing_parameters(std::string_view path, const std::vector<MissingParameter>& missing);

}  // namespace cbvm
