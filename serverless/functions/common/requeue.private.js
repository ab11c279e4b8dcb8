'use strict';
// The requeue protocol's rounds, shared by requeue-callback (an agent's Retry
// Later) and record-outcome (a retried outcome): one successor per callback,
// ever. Each round reads the original (with its ETag and reservations) and
// asks the core for the next step (core.requeueCallback; the protocol is
// described in wasm/domain/include/cbvm/requeue.hpp):
//   answer  - already requeued: the recorded successor;
//   wait    - another request holds a live claim: re-read shortly;
//   requeue - write the claim with If-Match, then create the successor under
//             the natural request id "requeue:<originalSid>";
//   record  - write the successor into the claim with If-Match.
// Every If-Match write that meets 412 (another writer, or our own write whose
// answer was lost) re-reads and decides again instead of acting on stale state.

const crypto = require('crypto');
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { conflict } = require(Runtime.getFunctions()['common/response'].path);
const { handOver } = require(Runtime.getFunctions()['common/callback-index'].path);

// Rounds of read-and-decide before giving up (a round per 412 or wait), and how
// long this request waits for another's live claim: within a function's 10 s.
const MAX_ROUNDS = 40;
const WAIT_BUDGET_MS = 5000;
// The search for an earlier holder's successor covers TaskRouter's
// whole-second dateCreated and clock skew.
const CLOCK_SLACK_MS = 10000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function readOriginal(deps, taskSid) {
  const { task, etag } = await tasks.fetchTaskWithEtag(deps, taskSid);
  return { task: await tasks.withReservations(deps, task), etag };
}

// The successor an earlier holder of the claim may have made before it stopped.
async function earlierSuccessor(deps, plan) {
  const since = Date.parse(plan.lookSince);
  if (!Number.isFinite(since)) return null;
  const found = await tasks.findByRequestId(deps, plan.task.workflowSid, plan.requestId, since - CLOCK_SLACK_MS);
  return found ? found.sid : null;
}

/**
 * Requeues `originalSid` for `viewer` ({ workerSid, roles }); `config` is the
 * core's CallbackConfig for requeues. Resolves to { taskSid, message } of the
 * one successor; throws the core's refusal or a 409 CONFLICT.
 */
async function requeueOnce(deps, { originalSid, viewer, config, params }) {
  const { core } = deps;
  const step = { params: params || { taskSid: originalSid }, viewer, attemptId: crypto.randomUUID(), config };
  const waitUntil = Date.now() + WAIT_BUDGET_MS;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { task, etag } = await readOriginal(deps, originalSid);
    const plan = core.requeueCallback({ ...step, task, now: new Date().toISOString() });
    if (plan.action === 'answer') return { taskSid: plan.taskSid, message: plan.message };
    if (plan.action === 'wait') {
      if (Date.now() + plan.waitMs > waitUntil) throw conflict(plan.message);
      await sleep(plan.waitMs);
      continue;
    }
    if (plan.action === 'record') {
      const written = await tasks.updateAttributesIfMatch(deps, originalSid, plan.attributes, etag);
      if (written.conflict) continue;
      await handOver(deps, task, plan.taskSid); // one open callback per customer: the successor is the number's
      return { taskSid: plan.taskSid, message: plan.message };
    }
    if (plan.claimAttributes) {
      const claimed = await tasks.updateAttributesIfMatch(deps, originalSid, plan.claimAttributes, etag);
      if (claimed.conflict) continue;
    }
    // Created under the natural key: a create whose answer is lost is found, not repeated.
    step.createdSid =
      (plan.lookSince && (await earlierSuccessor(deps, plan))) ||
      (await tasks.createTask(deps, plan.task, { key: plan.requestId })).sid;
  }
  throw conflict(`Task ${originalSid} kept changing while it was being requeued; try again.`);
}

module.exports = { requeueOnce, conflict };
