// The callback workflow's routing, from the retry policy as data.
//
// TaskRouter cannot hold a task back by itself; a workflow can: a first target
// whose worker expression no worker matches (`1==0`) keeps the task in the
// queue for the target's timeout, then the next target offers it to every
// worker of the queue. A callback's `callBackData.attempts` counts the attempts
// made before it (the first callback has none, its successor 1), so "attempt 2
// waits 10 minutes" is a filter on `attempts == 1` with such a first target.
//
// A task a supervisor sent to a worker carries Flex's transfer attributes
// (`transferTargetType: "worker"`, `transferTargetSid: WK…`); the first filter
// sends it to that worker only, by TaskRouter's known agent routing (a target's
// `known_worker_sid` names the task attribute holding the worker's SID:
// https://www.twilio.com/docs/taskrouter/workflow-configuration/known-agent-routing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cbvm/result.hpp"

namespace cbvm {

// Attempt `attempt` (2 or more) reaches agents `wait_minutes` after it is made.
struct RetryDelay {
  int64_t attempt = 2;
  int64_t wait_minutes = 0;
};

struct WorkflowPolicy {
  std::string queue_sid;  // the TaskRouter queue (WQ…) callbacks and voicemails go to
  // By attempt, increasing; each applies up to the next one's attempt, the
  // last to every later attempt. Attempts before the first entry do not wait.
  std::vector<RetryDelay> retry_delays;
  // The callback task's own timeout, when known: a wait must end before it.
  std::optional<int64_t> task_timeout_seconds;
  // The waits a retry by outcome may carry (callBackData.retryWaitMinutes, see
  // outcome.hpp): a task carrying one waits exactly that, whatever its attempt.
  std::vector<int64_t> outcome_waits;
};

struct WorkflowTarget {
  std::string queue;
  std::optional<std::string> expression;  // worker expression; none: every worker of the queue
  std::optional<int64_t> timeout;         // seconds at this target before the next
  // Known agent routing: the task attribute naming the one worker offered the
  // task ("task.transferTargetSid"); none: any worker the expression matches.
  std::optional<std::string> known_worker_sid;
};

struct WorkflowFilter {
  std::string friendly_name;
  std::string expression;  // over the task's attributes
  std::vector<WorkflowTarget> targets;
};

struct WorkflowConfiguration {
  std::vector<WorkflowFilter> filters;  // first match wins
  std::string default_queue;
};

inline constexpr int64_t kMaxRetryWaitMinutes = 7 * 24 * 60;

// Flex's worker transfer attributes, which the callbacks view's "assign" writes.
inline constexpr const char* kKnownWorkerFilterName = "Assigned to a worker";
inline constexpr const char* kKnownWorkerExpression = "transferTargetType == 'worker'";
inline constexpr const char* kKnownWorkerSid = "task.transferTargetSid";

// Returns the workflow's configuration, or why the policy cannot be routed
// (a sentence naming the field).
Result<WorkflowConfiguration> callback_workflow(const WorkflowPolicy& policy);

}  // namespace cbvm
