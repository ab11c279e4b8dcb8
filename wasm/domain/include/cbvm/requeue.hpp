// Requeuing a callback: who may, from which states, and exactly once.
//
// The protocol (one successor per callback, ever). The original task carries
// the requeue's claim in its attributes (`callbackRequeue`: requestId,
// attemptId, claimedAt, and successorSid once the successor exists). Every
// write of it is an If-Match update against the ETag the decision was made
// from, so of two requeues only one can write a claim; the other's write fails
// with 412, and it re-reads and decides again.
//   1. fetch the original (with its ETag and reservations) and decide;
//   2. kRequeue: write the claim (If-Match), then create the successor with the
//      natural request id "requeue:<originalSid>" (a create whose answer was
//      lost is found again by that id, never repeated); when the claim taken
//      over was older than the lease, first look for the successor its holder
//      may have created since it claimed;
//   3. re-read the original and decide with the successor's SID: kRecord, the
//      attributes to write (If-Match; re-read and repeat on 412);
//   later repeats read the recorded successor and answer it (kAnswer).
// A requeue that finds another's live claim waits and re-reads (kWait). A claim
// whose holder crashed between claim and record stops blocking once it is older
// than the lease (longer than a function may run): the next requeue takes it
// over and finishes the job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cbvm/access.hpp"
#include "cbvm/callback_task.hpp"
#include "cbvm/result.hpp"

namespace cbvm {

// attributes.callbackRequeue of an original task.
struct RequeueClaim {
  std::string request_id;                   // "requeue:<originalSid>", the successor's request id
  std::string attempt_id;                   // the requeue request that wrote it
  std::string claimed_at;                   // ISO instant
  std::optional<std::string> successor_sid; // once the successor exists
};

// What the decision reads of the original and of the request.
struct RequeueInput {
  Viewer viewer;
  OriginalTask original;
  std::string task_status;  // assignmentStatus
  std::vector<Reservation> reservations;
  std::optional<RequeueClaim> claim;
  std::string attempt_id;  // this request's own id (random, chosen by the caller)
  std::optional<std::string> created_sid;  // the successor this request created (step 3)
  CallbackConfig config;
  std::string now;         // ISO instant
  int64_t now_ms = 0;
  int64_t lease_ms = 30000;
};

enum class RequeueAction { kAnswer, kWait, kRequeue, kRecord };

struct RequeuePlan {
  RequeueAction action = RequeueAction::kAnswer;
  std::string successor_sid;               // kAnswer, kRecord
  std::string message;                     // kWait: what to answer if waiting runs out
  int wait_ms = 0;                         // kWait
  std::optional<RequeueClaim> claim;       // kRequeue (none: this request already holds it), kRecord
  std::optional<std::string> look_since;   // kRequeue: an earlier holder may have created since
  std::optional<CallbackTaskSpec> task;    // kRequeue
};

// The request id a requeue of `original_sid` creates its successor with.
std::string requeue_request_id(const std::string& original_sid);

// Returns the next step of a requeue. Refused with kNotAllowed (403) unless
// the viewer is a supervisor or admin, or the worker holding the task (an
// accepted or wrapping reservation; a completed one too, only to be told the
// successor already made); with kConflict (409) naming the status unless the
// task is assigned or wrapping; with the callback rule's own refusals
// (attempts exhausted or unreadable, no number) before anything is written.
Result<RequeuePlan> decide_requeue(const RequeueInput& in);

}  // namespace cbvm
