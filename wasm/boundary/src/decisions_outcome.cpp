// The JSON door of retry by outcome: the policy (CALLBACK_OUTCOME_POLICY) and
// the outcome of a call back.
#include <cctype>

#include "cbvm/literals.hpp"
#include "cbvm/outcome.hpp"
#include "cbvm/time.hpp"
#include "decisions.hpp"

namespace cbvm::boundary {
namespace {

constexpr std::string_view kOutcomesKey = "outcomes";

// Member `policy`: { "<outcome>": { retry, waitMinutes: [..] } }, each outcome
// named over the defaults.
Result<OutcomePolicy> policy_from(std::string_view decision, const json& in) {
  OutcomePolicy policy = default_outcome_policy();
  const json* p = Reader::member(&in, "policy");
  if (p == nullptr) return policy;
  if (!p->is_object())
    return bad_input(decision, "policy must be an object such as {\"no-answer\": {\"retry\": true, \"waitMinutes\": [10, 30]}}.");
  for (const auto& [key, value] : p->items()) {
    const auto outcome = outcome_from_name(key);
    const std::string at = "policy." + key.substr(0, 32);
    if (!outcome)
      return bad_input(decision, at + " is not an outcome: the outcomes are reached, no-answer, busy, failed, machine and wrong-number.");
    if (!value.is_object()) return bad_input(decision, at + " must be an object { retry, waitMinutes }.");
    OutcomeRule& rule = policy.rule(*outcome);
    if (const json* retry = Reader::member(&value, "retry")) {
      if (!retry->is_boolean()) return bad_input(decision, at + ".retry must be true or false.");
      rule.retry = retry->get<bool>();
    }
    if (const json* waits = Reader::member(&value, "waitMinutes")) {
      if (waits->is_number_integer()) {
        rule.wait_minutes = {waits->get<int64_t>()};
      } else if (waits->is_array() && waits->size() <= 20) {
        rule.wait_minutes.clear();
        for (size_t i = 0; i < waits->size(); ++i) {
          if (!(*waits)[i].is_number_integer())
            return bad_input(decision, at + ".waitMinutes[" + std::to_string(i) + "] must be a whole number of minutes.");
          rule.wait_minutes.push_back((*waits)[i].get<int64_t>());
        }
      } else {
        return bad_input(decision, at + ".waitMinutes must be whole minutes, or a list of at most 20 (one per attempt).");
      }
    }
  }
  if (auto s = check_outcome_policy(policy, "policy"); !s.ok()) return s.error();
  return policy;
}

json policy_json(const OutcomePolicy& policy) {
  json out = json::object();
  for (int i = 0; i < kCallOutcomeCount; ++i) {
    const OutcomeRule& rule = policy.rules[i];
    out[std::string(outcome_name(static_cast<CallOutcome>(i)))] = {{"retry", rule.retry},
                                                                    {"waitMinutes", rule.wait_minutes}};
  }
  return out;
}

std::vector<OutcomeRecord> outcomes_from(const json& attrs) {
  std::vector<OutcomeRecord> out;
  const json* data = Reader::member(&attrs, "callBackData");
  const json* list = Reader::member(data, kOutcomesKey);
  if (list == nullptr || !list->is_array()) return out;
  for (const json& e : *list) {
    const auto attempt = integral(Reader::member(&e, "attempt"));
    if (!attempt) continue;
    OutcomeRecord r;
    r.attempt = *attempt;
    r.result = text_or_empty(Reader::member(&e, "result"));
    r.at = text_or_empty(Reader::member(&e, "at"));
    r.next = text_or_empty(Reader::member(&e, "next"));
    r.wait_minutes = integral(Reader::member(&e, "waitMinutes"));
    out.push_back(std::move(r));
  }
  return out;
}

json record_json(const OutcomeRecord& r) {
  json e = {{"attempt", r.attempt}, {"result", r.result}, {"at", r.at}, {"next", r.next}};
  if (r.wait_minutes) e["waitMinutes"] = *r.wait_minutes;
  return e;
}

bool is_task_sid(std::string_view s) {
  if (s.size() != 34 || s.substr(0, 2) != "WT") return false;
  for (char c : s.substr(2)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<std::string> param(const json* params, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (auto v = nonempty_text(Reader::member(params, key))) return v;
  }
  return std::nullopt;
}

}  // namespace

json with_outcomes(json successor_task, const json& original_attributes) {
  const auto outcomes = outcomes_from(original_attributes);
  if (outcomes.empty()) return successor_task;
  json& data = successor_task["attributes"]["callBackData"];
  json list = json::array();
  for (const OutcomeRecord& r : outcomes) list.push_back(record_json(r));
  data[std::string(kOutcomesKey)] = std::move(list);
  const auto attempts = integral(Reader::member(&data, "attempts"));
  // The successor's attempts count the original's attempt: its outcome sets the wait.
  if (attempts) {
    if (auto wait = retry_wait_for(outcomes, *attempts)) data["retryWaitMinutes"] = *wait;
  }
  return successor_task;
}

Answer outcome_policy_decision(const json& in) {
  auto policy = policy_from("outcomePolicy", in);
  if (!policy.ok()) return policy.error();
  return json{{"policy", policy_json(policy.value())}, {"waits", outcome_waits(policy.value())}};
}

Answer callback_outcome_decision(const json& in) {
  constexpr std::string_view kName = "callbackOutcome";
  Reader r(kName);
  const json* params = r.object(&in, "params", "params", true);
  if (auto s = r.status(); !s.ok()) return s.error();
  const std::string path =
      r.text(&in, "path", "path").value_or(std::string(lit::kRecordOutcomePath));
  const auto sid = param(params, {"taskSid"});
  if (!sid) return make_error(ErrorCode::kMissingParameter, "(" + path + ") Missing taskSid: the callback task whose call back ended.");
  if (!is_task_sid(*sid)) return bad_input(kName, "taskSid must be a task SID (WT followed by 32 hex digits).");

  CallSignal signal;
  signal.outcome = param(params, {"outcome", "Outcome"});
  if (auto code = param(params, {"canceledReasonCode", "CanceledReasonCode"})) {
    signal.canceled_reason_code = integral_text(*code);
    if (!signal.canceled_reason_code) return bad_input(kName, "canceledReasonCode must be a whole number, such as 45305.");
  }
  signal.call_status = param(params, {"CallStatus", "callStatus"});
  signal.answered_by = param(params, {"AnsweredBy", "answeredBy"});
  auto outcome = outcome_of(signal);
  if (!outcome.ok()) return outcome.error();
  auto policy = policy_from(kName, in);
  if (!policy.ok()) return policy.error();

  const json* task = r.object(&in, "task", "task", false);
  if (auto s = r.status(); !s.ok()) return s.error();
  if (task == nullptr)
    return json{{"action", "fetch"}, {"taskSid", *sid}, {"outcome", outcome_name(outcome.value())}};

  OutcomeInput q;
  q.outcome = outcome.value();
  q.policy = policy.value();
  q.max_attempts = r.integer(&in, "maxAttempts", "maxAttempts", 1, 1000).value_or(lit::kDefaultMaxAttempts);
  const auto now = r.text(&in, "now", "now");
  if (const json* v = r.object(&in, "viewer", "viewer", false)) {
    q.viewer.worker_sid = r.text(v, "workerSid", "viewer.workerSid").value_or("");
    if (const json* roles = Reader::member(v, "roles"); roles != nullptr && roles->is_array()) {
      for (const json& role : *roles) {
        if (role.is_string()) q.viewer.roles.push_back(role.get<std::string>());
      }
    }
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  const auto now_ms = now ? parse_iso_instant(*now) : std::nullopt;
  if (!now_ms) return bad_input(kName, "now must be an ISO-8601 instant.");
  q.now = format_iso_instant(*now_ms);

  const OriginalTask original = original_task_from(*task);
  if (original.sid != *sid) return bad_input(kName, "task.sid must be the taskSid the request names.");
  q.task_sid = original.sid;
  q.task_type = original.task_type;
  q.attempts_before = original.callback_data.attempts.value_or(0);
  q.task_status = text_or_empty(Reader::member(task, "assignmentStatus"));
  if (q.task_status.empty()) q.task_status = text_or_empty(Reader::member(task, "assignment_status"));
  if (const json* list = Reader::member(task, "reservations"); list != nullptr && list->is_array()) {
    for (const json& res : *list) {
      auto text = [&](std::initializer_list<std::string_view> keys) {
        for (std::string_view key : keys) {
          if (auto v = nonempty_text(Reader::member(&res, key))) return *v;
        }
        return std::string();
      };
      q.reservations.push_back({text({"workerSid", "worker_sid"}),
                                text({"status", "reservationStatus", "reservation_status"})});
    }
  }
  json attrs = attributes_of(*task);
  q.outcomes = outcomes_from(attrs);

  auto d = decide_outcome(q);
  if (!d.ok()) return d.error();
  const OutcomeDecision& o = d.value();
  json out = {{"action", o.write ? "record" : "recorded"},
              {"taskSid", *sid},
              {"outcome", record_json(o.record)},
              {"next", next_name(o.next)}};
  if (o.write) {
    json& data = attrs["callBackData"];
    if (!data.is_object()) data = json::object();
    json& list = data[std::string(kOutcomesKey)];
    if (!list.is_array()) list = json::array();
    list.push_back(record_json(o.record));
    out["attributes"] = std::move(attrs);
  }
  std::string message = "Attempt " + std::to_string(o.record.attempt) + " of task " + *sid + ": " + o.record.result;
  if (o.next == OutcomeNext::kRetry)
    message += "; the next attempt reaches agents in " + std::to_string(o.record.wait_minutes.value_or(0)) + " min.";
  else if (o.next == OutcomeNext::kComplete)
    message += "; the callback is complete.";
  else
    message += "; no further attempt.";
  out["message"] = message;
  return out;
}

}  // namespace cbvm::boundary
