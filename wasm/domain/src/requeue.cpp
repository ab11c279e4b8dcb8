#include "cbvm/requeue.hpp"

#include "cbvm/literals.hpp"
#include "cbvm/time.hpp"

namespace cbvm {
namespace {

bool is_supervisor(const Viewer& viewer) {
  for (const auto& role : viewer.roles) {
    if (role == "supervisor" || role == "admin") return true;
  }
  return false;
}

// Whether the viewer's reservation has one of `statuses`. A pending
// reservation is only an offer: the worker does not hold the task yet.
bool worker_has(const RequeueInput& in, std::initializer_list<std::string_view> statuses) {
  if (in.viewer.worker_sid.empty()) return false;
  for (const Reservation& r : in.reservations) {
    if (r.worker_sid != in.viewer.worker_sid) continue;
    for (std::string_view s : statuses) {
      if (r.status == s) return true;
    }
  }
  return false;
}

Error not_holder(const std::string& sid) {
  return make_error(ErrorCode::kNotAllowed,
                    "Task " + sid.substr(0, 34) +
                        " is not held by this agent (no accepted or wrapping reservation), so "
                        "only a supervisor or admin may requeue it.");
}

// Whether a claim's holder may still be working: its instant is within the
// lease. An unreadable instant is no live claim.
bool is_live(const RequeueClaim& claim, const RequeueInput& in) {
  const auto at = parse_iso_instant(claim.claimed_at);
  return at && *at <= in.now_ms + 1000 && in.now_ms - *at < in.lease_ms;
}

}  // namespace

std::string requeue_request_id(const std::string& original_sid) {
  return "requeue:" + original_sid;
}

Result<RequeuePlan> decide_requeue(const RequeueInput& in) {
  const std::string& sid = in.original.sid;
  const bool supervisor = is_supervisor(in.viewer);
  const bool holder = worker_has(in, {"accepted", "wrapping"});
  // The worker who held it may hear what their own requeue made, even after
  // completing the task (an answer lost before the plugin completed it).
  const bool former_holder = worker_has(in, {"completed"});
  if (!supervisor && !holder && !former_holder) return not_holder(sid);

  RequeuePlan plan;
  if (in.claim && in.claim->successor_sid) {
    plan.action = RequeueAction::kAnswer;
    plan.successor_sid = *in.claim->successor_sid;
    return plan;
  }
  if (!supervisor && !holder) return not_holder(sid);

  if (in.created_sid) {
    // Step 3: the successor exists; record it whatever became of the claim.
    RequeueClaim done = in.claim.value_or(RequeueClaim{requeue_request_id(sid), in.attempt_id, in.now, {}});
    done.successor_sid = *in.created_sid;
    plan.action = RequeueAction::kRecord;
    plan.successor_sid = *in.created_sid;
    plan.claim = std::move(done);
    return plan;
  }

  const bool ours = in.claim && !in.attempt_id.empty() && in.claim->attempt_id == in.attempt_id;
  if (in.claim && !ours && is_live(*in.claim, in)) {
    plan.action = RequeueAction::kWait;
    plan.wait_ms = 250;
    plan.message = "Task " + sid.substr(0, 34) +
                   " is being requeued by another request right now; try again in a few seconds.";
    return plan;
  }

  // A claim (ours, or one taken over) means the state was already checked when
  // it was written: the plugin may have wrapped the task since.
  if (!in.claim && in.task_status != "assigned" && in.task_status != "wrapping")
    return make_error(ErrorCode::kConflict,
                      "Task " + sid.substr(0, 34) + " is " +
                          (in.task_status.empty() ? std::string("in an unknown state")
                                                  : in.task_status.substr(0, 32)) +
                          "; only an assigned or wrapping callback can be requeued.");
  if (in.original.task_type != lit::kTaskTypeCallback &&
      in.original.task_type != lit::kTaskTypeVoicemail)
    return make_error(ErrorCode::kConflict, "Task " + sid.substr(0, 34) +
                                                " is not a callback or voicemail, so it cannot be "
                                                "requeued.");

  // Built before anything is written, so a refused requeue leaves no claim.
  auto spec = decide_callback_task(CallbackRequest{}, &in.original, in.config, in.now);
  if (!spec.ok()) return spec.error();

  plan.action = RequeueAction::kRequeue;
  plan.task = std::move(spec.value());
  if (!ours) {
    plan.claim = RequeueClaim{requeue_request_id(sid), in.attempt_id, in.now, {}};
  }
  // A claim not written by this request belongs to a holder that may have
  // created the successor before it stopped; one written by this request may
  // have too, if its create's answer was lost.
  if (in.claim) plan.look_since = in.claim->claimed_at;
  return plan;
}

}  // namespace cbvm
