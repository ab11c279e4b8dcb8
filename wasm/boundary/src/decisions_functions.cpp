// The JSON door of the functions' decisions (the Node module only).
#include "cbvm/access.hpp"
#include "cbvm/callback_task.hpp"
#include "cbvm/deployment.hpp"
#include "cbvm/literals.hpp"
#include "cbvm/requeue.hpp"
#include "cbvm/retry.hpp"
#include "cbvm/time.hpp"
#include "cbvm/validation.hpp"
#include "cbvm/voicemail_lifecycle.hpp"
#include "cbvm/workflow.hpp"
#include "decisions.hpp"

namespace cbvm::boundary {
namespace {

constexpr const char* kRequeueClaimKey = "callbackRequeue";

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// The request's parameters (`params`, an object) and the function path its
// missing-parameter messages name.
struct Request {
  Params params;
  std::string path;
};

Result<Request> request_from(Reader& r, const json& in, std::string_view default_path) {
  const json* params = r.object(&in, "params", "params", true);
  auto path = r.text(&in, "path", "path");
  if (auto s = r.status(); !s.ok()) return s.error();
  return Request{params_from(*params),
                 path && !path->empty() ? *path : std::string(default_path)};
}

// A task's reservations as the caller read them (member `reservations`).
std::vector<Reservation> reservations_from(const json& task) {
  std::vector<Reservation> out;
  const json* reservations = Reader::member(&task, "reservations");
  if (reservations == nullptr || !reservations->is_array()) return out;
  for (const json& res : *reservations) {
    auto text = [&](std::initializer_list<std::string_view> keys) {
      for (std::string_view key : keys) {
        const json* m = Reader::member(&res, key);
        if (m != nullptr && m->is_string()) return m->get<std::string>();
      }
      return std::string();
    };
    // The library's camelCase, the REST API's snake_case.
    out.push_back({text({"workerSid", "worker_sid"}),
                   text({"status", "reservationStatus", "reservation_status"})});
  }
  return out;
}

// Who is asking (member `viewer`: workerSid and roles from their Flex token).
std::optional<Viewer> viewer_from(Reader& r, const json& in, std::string_view decision,
                                  std::optional<Error>& refusal) {
  if (Reader::member(&in, "viewer") == nullptr) return std::nullopt;
  const json* v = r.object(&in, "viewer", "viewer", true);
  Viewer viewer{r.text(v, "workerSid", "viewer.workerSid").value_or(""), {}};
  if (const json* roles = Reader::member(v, "roles")) {
    if (!roles->is_array()) {
      refusal = bad_input(decision, "viewer.roles must be an array.");
      return std::nullopt;
    }
    for (const json& role : *roles) {
      if (!role.is_string()) {
        refusal = bad_input(decision, "viewer.roles must hold strings.");
        return std::nullopt;
      }
      viewer.roles.push_back(role.get<std::string>());
    }
  }
  return viewer;
}

// attributes.callbackRequeue: a requeue's claim on its original.
std::optional<RequeueClaim> requeue_claim_from(const json& attrs) {
  const json* claim = Reader::member(&attrs, kRequeueClaimKey);
  if (claim == nullptr || !claim->is_object()) return std::nullopt;
  return RequeueClaim{text_or_empty(Reader::member(claim, "requestId")),
                      text_or_empty(Reader::member(claim, "attemptId")),
                      text_or_empty(Reader::member(claim, "claimedAt")),
                      nonempty_text(Reader::member(claim, "successorSid"))};
}

// The original's attributes (all of them: TaskRouter replaces attributes
// whole) with the claim written over the old one.
json with_claim(json attrs, const RequeueClaim& claim) {
  json c = {{"requestId", claim.request_id},
            {"attemptId", claim.attempt_id},
            {"claimedAt", claim.claimed_at}};
  if (claim.successor_sid) c["successorSid"] = *claim.successor_sid;
  attrs[kRequeueClaimKey] = std::move(c);
  return attrs;
}

// A task that may carry a voicemail, with its reservations as the caller read them.
VoicemailTask voicemail_task_from(const json& task) {
  VoicemailTask t;
  const json attrs = attributes_of(task);
  t.task_type = text_or_empty(Reader::member(&attrs, "taskType"));
  const json* data = Reader::member(&attrs, "callBackData");
  if (data != nullptr && data->is_object()) {
    t.recording_sid = nonempty_text(Reader::member(data, "recordingSid"));
    const json* deleted = Reader::member(data, "isDeleted");
    t.recording_deleted = deleted != nullptr && deleted->is_boolean() && deleted->get<bool>();
  }
  t.reservations = reservations_from(task);
  return t;
}

}  // namespace

Answer validate_create_callback_decision(const json& in) {
  Reader r("validateCreateCallback");
  auto request = request_from(r, in, lit::kCreateCallbackPath);
  if (!request.ok()) return request.error();
  const CallbackConfig config = callback_config_from(r, &in, "config", "config");
  if (auto s = r.status(); !s.ok()) return s.error();
  auto q = validate_create_callback(request.value().params, request.value().path,
                                    config.default_region);
  if (!q.ok()) return q.error();
  return request_json(q.value());
}

Answer validate_requeue_callback_decision(const json& in) {
  Reader r("validateRequeueCallback");
  auto request = request_from(r, in, lit::kRequeueCallbackPath);
  if (!request.ok()) return request.error();
  auto sid = validate_requeue_callback(request.value().params, request.value().path);
  if (!sid.ok()) return sid.error();
  return json{{"taskSid", sid.value()}};
}

Answer validate_fetch_voicemail_decision(const json& in) {
  Reader r("validateFetchVoicemail");
  auto request = request_from(r, in, lit::kFetchVoicemailPath);
  if (!request.ok()) return request.error();
  std::optional<Error> refusal;
  const std::optional<Viewer> viewer = viewer_from(r, in, "validateFetchVoicemail", refusal);
  if (refusal) return *refusal;
  if (auto s = r.status(); !s.ok()) return s.error();
  auto q = validate_fetch_voicemail(request.value().params, request.value().path);
  if (!q.ok()) return q.error();
  if (auto s = check_voicemail_lookup(q.value(), viewer, request.value().path); !s.ok())
    return s.error();
  return json{{"taskSid", optional_json(q.value().task_sid)},
              {"recordingSid", optional_json(q.value().recording_sid)}};
}

Answer voicemail_recording_decision(const json& in) {
  Reader r("voicemailRecording");
  const auto requested = r.text(&in, "recordingSid", "recordingSid");
  std::optional<Error> refusal;
  const std::optional<Viewer> viewer = viewer_from(r, in, "voicemailRecording", refusal);
  if (refusal) return *refusal;
  if (const json* tasks = Reader::member(&in, "tasks")) {
    if (auto s = r.status(); !s.ok()) return s.error();
    if (!tasks->is_array()) return bad_input("voicemailRecording", "tasks must be an array.");
    if (!requested) return bad_input("voicemailRecording", "recordingSid is required with tasks.");
    std::vector<std::optional<VoicemailTask>> found;
    for (const json& task : *tasks) {
      found.push_back(task.is_object() ? std::optional<VoicemailTask>(voicemail_task_from(task))
                                       : std::nullopt);
    }
    auto sid = voicemail_recording_among(found, *requested, viewer);
    if (!sid.ok()) return sid.error();
    return json{{"recordingSid", sid.value()}};
  }
  const json* task = r.object(&in, "task", "task", true);
  if (auto s = r.status(); !s.ok()) return s.error();
  const VoicemailTask t = voicemail_task_from(*task);
  auto sid = voicemail_recording_for(&t, requested, viewer);
  if (!sid.ok()) return sid.error();
  return json{{"recordingSid", sid.value()}};
}

Answer build_callback_task_decision(const json& in) {
  Reader r("buildCallbackTask");
  const json* params = Reader::member(&in, "params");
  if (params != nullptr && !params->is_object())
    return bad_input("buildCallbackTask", "params must be an object.");
  const json* original = r.object(&in, "original", "original", false);
  const CallbackConfig config = callback_config_from(r, &in, "config", "config");
  auto now = r.text(&in, "now", "now");
  auto path = r.text(&in, "path", "path");
  if (auto s = r.status(); !s.ok()) return s.error();
  auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input("buildCallbackTask", "now must be an ISO-8601 instant.");

  CallbackRequest request;
  if (params != nullptr) {
    auto q = validate_create_callback(
        params_from(*params),
        path && !path->empty() ? *path : std::string(lit::kCreateCallbackPath),
        config.default_region);
    if (!q.ok()) return q.error();
    request = std::move(q.value());
  }
  if (params == nullptr && original == nullptr)
    return bad_input("buildCallbackTask", "give params (a new request) or original (a requeue).");
  std::optional<OriginalTask> from;
  if (original != nullptr) from = original_task_from(*original);
  auto spec = decide_callback_task(request, from ? &*from : nullptr, config,
                                   format_iso_instant(*now_ms));
  if (!spec.ok()) return spec.error();
  return callback_task_json(spec.value(), original ? attributes_of(*original) : json::object());
}

Answer requeue_callback_decision(const json& in) {
  constexpr std::string_view kName = "requeueCallback";
  Reader r(kName);
  auto request = request_from(r, in, lit::kRequeueCallbackPath);
  if (!request.ok()) return request.error();
  auto sid = validate_requeue_callback(request.value().params, request.value().path);
  if (!sid.ok()) return sid.error();
  const json* task = r.object(&in, "task", "task", false);
  if (auto s = r.status(); !s.ok()) return s.error();
  // The parameters are checked before anything reaches Twilio; then the task is needed.
  if (task == nullptr) return json{{"action", "fetch"}, {"taskSid", sid.value()}};

  RequeueInput q;
  std::optional<Error> refusal;
  q.viewer = viewer_from(r, in, kName, refusal).value_or(Viewer{});
  if (refusal) return *refusal;
  q.config = callback_config_from(r, &in, "config", "config");
  auto now = r.text(&in, "now", "now");
  q.attempt_id = r.text(&in, "attemptId", "attemptId").value_or("");
  q.created_sid = r.text(&in, "createdSid", "createdSid");
  q.lease_ms = r.integer(&in, "leaseMs", "leaseMs", 1000, 3600000).value_or(q.lease_ms);
  if (auto s = r.status(); !s.ok()) return s.error();
  const auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kName, "now must be an ISO-8601 instant.");
  q.now_ms = *now_ms;
  q.now = format_iso_instant(*now_ms);
  q.original = original_task_from(*task);
  if (q.original.sid != sid.value())
    return bad_input(kName, "task.sid must be the taskSid the request names.");
  q.task_status = text_or_empty(Reader::member(task, "assignmentStatus"));
  if (q.task_status.empty()) q.task_status = text_or_empty(Reader::member(task, "assignment_status"));
  q.reservations = reservations_from(*task);
  const json attrs = attributes_of(*task);
  q.claim = requeue_claim_from(attrs);

  auto plan = decide_requeue(q);
  if (!plan.ok()) return plan.error();
  const RequeuePlan& p = plan.value();
  switch (p.action) {
    case RequeueAction::kAnswer:
      return json{{"action", "answer"},
                  {"taskSid", p.successor_sid},
                  {"message", "Task " + sid.value() + " was already requeued as " + p.successor_sid + "."}};
    case RequeueAction::kWait:
      return json{{"action", "wait"}, {"waitMs", p.wait_ms}, {"message", p.message}};
    case RequeueAction::kRecord:
      return json{{"action", "record"},
                  {"taskSid", p.successor_sid},
                  {"attributes", with_claim(attrs, *p.claim)},
                  {"message", "Requeued task " + sid.value() + " as " + p.successor_sid + "."}};
    case RequeueAction::kRequeue:
      break;
  }
  return json{{"action", "requeue"},
              {"requestId", requeue_request_id(sid.value())},
              {"claimAttributes", p.claim ? with_claim(attrs, *p.claim) : json(nullptr)},
              {"lookSince", optional_json(p.look_since)},
              {"task", with_outcomes(callback_task_json(*p.task, attrs), attrs)}};
}

Answer retry_decision(const json& in) {
  Reader r("retryDecision");
  RetryInput p;
  p.retries_done = static_cast<int>(r.integer(&in, "retriesDone", "retriesDone", 0, 1000).value_or(0));
  if (auto s = r.integer(&in, "status", "status", 100, 599)) p.status = static_cast<int>(*s);
  p.error_code = r.text(&in, "errorCode", "errorCode");
  p.idempotent = r.boolean(&in, "idempotent", "idempotent").value_or(true);
  p.seed = static_cast<uint64_t>(r.integer(&in, "seed", "seed", 0, 9007199254740991).value_or(0));
  const json* policy = r.object(&in, "policy", "policy", false);
  p.policy.max_retries = static_cast<int>(
      r.integer(policy, "maxRetries", "policy.maxRetries", 0, 100).value_or(p.policy.max_retries));
  p.policy.min_backoff_ms = static_cast<int>(
      r.integer(policy, "minBackoffMs", "policy.minBackoffMs", 0, 600000)
          .value_or(p.policy.min_backoff_ms));
  p.policy.max_backoff_ms = static_cast<int>(
      r.integer(policy, "maxBackoffMs", "policy.maxBackoffMs", 0, 600000)
          .value_or(p.policy.max_backoff_ms));
  if (auto s = r.status(); !s.ok()) return s.error();
  const RetryDecision d = decide_retry(p);
  return json{{"retry", d.retry}, {"delayMs", d.delay_ms}, {"verifyFirst", d.verify_first},
              {"reason", d.reason}};
}

Answer settle_keyed_tasks_decision(const json& in) {
  constexpr std::string_view kDecision = "settleKeyedTasks";
  Reader r(kDecision);
  const json* tasks = Reader::member(&in, "tasks");
  if (tasks == nullptr || !tasks->is_array() || tasks->empty() || tasks->size() > 2000)
    return bad_input(kDecision, "tasks must be an array of 1 to 2000 tasks.");
  std::vector<KeyedTask> keyed;
  keyed.reserve(tasks->size());
  for (size_t i = 0; i < tasks->size(); ++i) {
    const json* t = &(*tasks)[i];
    const std::string at = "tasks[" + std::to_string(i) + "]";
    KeyedTask k;
    k.sid = r.text(t, "sid", at + ".sid").value_or("");
    if (k.sid.empty() && r.status().ok()) r.fail(at + ".sid must be a task SID.");
    k.assignment_status = r.text(t, "assignmentStatus", at + ".assignmentStatus").value_or("");
    if (auto created = r.text(t, "dateCreated", at + ".dateCreated")) k.created_ms = parse_iso_instant(*created);
    keyed.push_back(std::move(k));
  }
  const std::string key = r.text(&in, "key", "key").value_or("");
  if (auto s = r.status(); !s.ok()) return s.error();
  const KeyedSettlement d = settle_keyed_tasks(keyed, key);
  return json{{"keep", d.keep}, {"cancel", d.cancel}, {"cancelReason", d.cancel_reason}};
}

Answer check_deployment_decision(const json& in) {
  Reader r("checkDeployment");
  DeploymentInput p;
  p.domain_name = r.text(&in, "domainName", "domainName");
  p.region = r.text(&in, "region", "region");
  p.edge = r.text(&in, "edge", "edge");
  // The URLs by the variable that set them (an unset one is null or absent).
  if (const json* urls = r.object(&in, "urls", "urls", false)) {
    for (const auto& [variable, value] : urls->items()) {
      if (value.is_null()) continue;
      if (auto url = r.text(urls, variable, "urls." + variable)) p.urls.push_back({variable, *url});
    }
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  auto d = check_deployment(p);
  if (!d.ok()) return d.error();
  const Deployment& v = d.value();
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{{"deployed", v.deployed},
              {"region", or_null(v.region)},
              {"edge", or_null(v.edge)},
              {"hostSuffix", v.host_suffix}};
}

Answer callback_workflow_decision(const json& in) {
  constexpr std::string_view kDecision = "callbackWorkflow";
  Reader r(kDecision);
  WorkflowPolicy p;
  p.queue_sid = r.text(&in, "queueSid", "queueSid").value_or("");
  p.task_timeout_seconds = r.integer(&in, "taskTimeoutSeconds", "taskTimeoutSeconds", 1, 2592000);
  const json* delays = Reader::member(&in, "retryDelays");
  if (delays != nullptr && (!delays->is_array() || delays->size() > 100))
    return bad_input(kDecision, "retryDelays must be a list of at most 100 { attempt, waitMinutes }.");
  if (delays != nullptr) {
    for (size_t i = 0; i < delays->size(); ++i) {
      const json* d = &(*delays)[i];
      const std::string at = "retryDelays[" + std::to_string(i) + "]";
      RetryDelay delay;
      delay.attempt = r.integer(d, "attempt", at + ".attempt", -1000000, 1000000).value_or(0);
      delay.wait_minutes =
          r.integer(d, "waitMinutes", at + ".waitMinutes", -1000000, 1000000).value_or(-1);
      p.retry_delays.push_back(delay);
    }
  }
  const json* waits = Reader::member(&in, "outcomeWaits");
  if (waits != nullptr && (!waits->is_array() || waits->size() > 100))
    return bad_input(kDecision, "outcomeWaits must be a list of at most 100 whole minutes.");
  for (size_t i = 0; waits != nullptr && i < waits->size(); ++i) {
    if (!(*waits)[i].is_number_integer())
      return bad_input(kDecision, "outcomeWaits[" + std::to_string(i) + "] must be a whole number of minutes.");
    p.outcome_waits.push_back((*waits)[i].get<int64_t>());
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  auto config = callback_workflow(p);
  if (!config.ok()) return config.error();
  json filters = json::array();
  for (const WorkflowFilter& f : config.value().filters) {
    json targets = json::array();
    for (const WorkflowTarget& t : f.targets) {
      json target = {{"queue", t.queue}};
      if (t.expression) target["expression"] = *t.expression;
      if (t.timeout) target["timeout"] = *t.timeout;
      if (t.known_worker_sid) target["known_worker_sid"] = *t.known_worker_sid;
      targets.push_back(std::move(target));
    }
    filters.push_back({{"filter_friendly_name", f.friendly_name},
                       {"expression", f.expression},
                       {"targets", std::move(targets)}});
  }
  // TaskRouter's workflow configuration document, as its Configuration parameter takes it.
  return json{{"task_routing",
               {{"filters", std::move(filters)},
                {"default_filter", {{"queue", config.value().default_queue}}}}}};
}

Answer delete_voicemail_decision(const json& in) {
  constexpr std::string_view kName = "deleteVoicemail";
  Reader r(kName);
  auto request = request_from(r, in, kDeleteVoicemailPath);
  if (!request.ok()) return request.error();
  auto sid = validate_delete_voicemail(request.value().params, request.value().path);
  if (!sid.ok()) return sid.error();
  const json* task = r.object(&in, "task", "task", false);
  auto by = r.text(&in, "by", "by");
  auto now = r.text(&in, "now", "now");
  std::optional<Error> refusal;
  Deleter deleter{viewer_from(r, in, kName, refusal)};
  if (refusal) return *refusal;
  if (auto s = r.status(); !s.ok()) return s.error();
  // The parameters are checked before anything reaches Twilio; then the task is needed.
  if (task == nullptr) return json{{"action", "fetch"}, {"taskSid", sid.value()}};
  const bool retention = by && *by == "retention";
  if (!retention && !deleter.viewer)
    return bad_input(kName, "viewer is required (or by: \"retention\" for the retention sweep).");
  if (retention) deleter.viewer.reset();
  const auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kName, "now must be an ISO-8601 instant.");
  if (text_or_empty(Reader::member(task, "sid")) != sid.value())
    return bad_input(kName, "task.sid must be the taskSid the request names.");

  json attrs = attributes_of(*task);
  const json* data = Reader::member(&attrs, "callBackData");
  const VoicemailTask t = voicemail_task_from(*task);
  auto plan = decide_voicemail_deletion(&t, nonempty_text(Reader::member(data, "transcriptSid")), deleter);
  if (!plan.ok()) return plan.error();
  const DeletionPlan& p = plan.value();
  if (p.action == DeletionAction::kAnswer)
    return json{{"action", "answer"},
                {"taskSid", sid.value()},
                {"recordingSid", p.recording_sid},
                {"message", "The recording of task " + sid.value() + " is deleted."}};
  // TaskRouter replaces attributes whole: the task's own, with the mark.
  json& marked = attrs["callBackData"];
  marked["isDeleted"] = true;
  marked["deletedAt"] = format_iso_instant(*now_ms);
  marked["deletedBy"] = retention ? std::string("retention") : deleter.viewer->worker_sid;
  return json{{"action", "delete"},
              {"taskSid", sid.value()},
              {"recordingSid", p.recording_sid},
              {"transcriptSid", optional_json(p.transcript_sid)},
              {"attributes", std::move(attrs)},
              {"message", "The recording of task " + sid.value() + " is deleted."}};
}

}  // namespace cbvm::boundary
