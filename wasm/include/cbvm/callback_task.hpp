// Building a callback or voicemail task: the one rule create and requeue share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cbvm/result.hpp"
#include "cbvm/wire.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

// The task a callback derives from: the callback being requeued, or the call
// task a caller left the queue from. Its text and attributes are views into
// the task it was read from (or into the documents it holds), which must
// outlive it.
struct OriginalTask {
  std::string_view sid;
  std::optional<std::string_view> workflow_sid;
  std::optional<int64_t> timeout;
  std::optional<int64_t> priority;
  std::optional<std::string_view> task_channel;
  wire::Value attributes;  // an object, or absent (none, or text that is not an object)
  std::optional<std::string_view> date_created;
  // Held when the views point into documents made here (attributes parsed
  // from text; a task given as nlohmann::json).
  std::unique_ptr<wire::Document> attributes_doc;
  std::unique_ptr<wire::Document> task_doc;
};

// Returns the original task from a TaskRouter task, in the REST wire shape
// (snake_case, attributes as a string) or the twilio library's camelCase.
OriginalTask original_task_from(const wire::Value& task);
// What original_task_from reads of a task (attributes whole).
const wire::Reads& original_task_reads();
OriginalTask original_task_from_json(const nlohmann::json& task);

// Server configuration the rule reads.
struct CallbackConfig {
  std::optional<std::string> default_workflow_sid;  // TWILIO_FLEX_CALLBACK_WORKFLOW_SID
  std::string main_time_zone = "UTC";               // the contact centre's IANA zone
  std::optional<int> max_attempts;                  // refuse requeues beyond it
};

// Writes the task to create: {workflowSid, taskChannel, timeout, priority,
// attributes, virtualStartTime?}. Each value is the request's, else the
// original's, else the default. The original's attributes are kept, less the
// ones that tie it to its call, with the callback's own set over them.
// Attempts count up only from an original that is itself a callback or
// voicemail (one without `attempts` counts as 0), and such a requeue beyond
// config.max_attempts is refused. `now` (an ISO instant) stamps the
// reception time of a first request. On an error nothing is written.
std::optional<Error> write_callback_task(const CallbackRequest& request,
                                         const OriginalTask* original,
                                         const CallbackConfig& config, std::string_view now,
                                         wire::Writer& out);

// The same task as JSON.
Result<nlohmann::json> build_callback_task(const CallbackRequest& request,
                                           const OriginalTask* original,
                                           const CallbackConfig& config, std::string_view now);

}  // namespace cbvm
