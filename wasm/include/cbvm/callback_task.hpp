// Building a callback or voicemail task: the one rule create and requeue share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cbvm/result.hpp"
#include "cbvm/wire.hpp"
#include "cbvm/validation.hpp"

namespace cbvm {

// The task a callback derives from: the callback being requeued, or the call
// task a caller left the queue from.
struct OriginalTask {
  std::string sid;
  std::optional<std::string> workflow_sid;
  std::optional<int64_t> timeout;
  std::optional<int64_t> priority;
  std::optional<std::string> task_channel;
  nlohmann::json attributes = nlohmann::json::object();
  std::optional<std::string> date_created;
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

// What to create in TaskRouter.
struct CallbackTaskSpec {
  std::string workflow_sid;
  std::string task_channel;
  int64_t timeout = 0;
  int64_t priority = 0;
  nlohmann::json attributes;
  std::optional<std::string> virtual_start_time;
};

// Returns the task to create. Each value is the request's, else the
// original's, else the default. Attempts count up only from an original that
// is itself a callback or voicemail (one without `attempts` counts as 0), and
// such a requeue beyond config.max_attempts is refused. `now` (an ISO instant)
// stamps the reception time of a first request.
Result<CallbackTaskSpec> build_callback_task(const CallbackRequest& request,
                                             const OriginalTask* original,
                                             const CallbackConfig& config,
                                             const std::string& now);

// The same, taking the original's attributes rather than copying them.
Result<CallbackTaskSpec> build_callback_task(const CallbackRequest& request,
                                             OriginalTask&& original, const CallbackConfig& config,
                                             const std::string& now);

}  // namespace cbvm
