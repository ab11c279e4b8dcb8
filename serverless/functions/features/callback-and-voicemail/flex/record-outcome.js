'use strict';
// Records how an attempt of a callback ended and acts on it (retry by
// outcome). Called by the plugin, with the agent's Flex token: when Flex
// cancels the outbound call's reservation (canceledReasonCode 45303 busy,
// 45305 no answer, other codes: failed), or from the agent's one-click
// disposition (outcome = reached, no-answer, busy, failed, machine,
// wrong-number). Only the worker holding the callback or a supervisor may.
//   1. read the callback (ETag, reservations); core.callbackOutcome decides;
//   2. record: append the attempt's outcome to callBackData.outcomes with
//      If-Match (412: re-read, decide again); a report of an attempt already
//      recorded writes nothing and answers the recorded outcome;
//   3. next = retry: requeue through the requeue protocol (common/requeue),
//      whose successor carries callBackData.retryWaitMinutes, which the
//      callback workflow holds it back for; one successor ever, however often
//      the outcome is reported.
// Answers { taskSid, outcome, next, successorSid?, waitMinutes?, message }.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig, deployment, outcomePolicy } = require(Runtime.getFunctions()['common/config'].path);
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { requeueOnce, conflict } = require(Runtime.getFunctions()['common/requeue'].path);
const { json, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

const MAX_ROUNDS = 20;

exports.handler = async function recordOutcome(context, event, callback) {
  let taskSid = null;
  try {
    await deployment(context);
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    const params = requestParams(event);
    const config = callbackConfig(context, { forRequeue: true });
    const step = { params, viewer, policy: await outcomePolicy(context), maxAttempts: config.maxAttempts };
    // Without a task the core checks the parameters and names the task to read.
    taskSid = core.callbackOutcome(step).taskSid;
    const deps = { core, context, client: await getTwilioClient(context) };

    let decided = null;
    for (let round = 0; round < MAX_ROUNDS && !decided; round += 1) {
      const { task, etag } = await tasks.fetchTaskWithEtag(deps, taskSid);
      const withReservations = await tasks.withReservations(deps, task);
      const plan = core.callbackOutcome({ ...step, task: withReservations, now: new Date().toISOString() });
      if (plan.action === 'record') {
        const written = await tasks.updateAttributesIfMatch(deps, taskSid, plan.attributes, etag);
        if (written.conflict) continue;
      }
      decided = plan;
    }
    if (!decided) throw conflict(`Task ${taskSid} kept changing while its outcome was being recorded; try again.`);

    const answer = {
      taskSid,
      success: true,
      twilioDocPage: null,
      twilioErrorCode: null,
      outcome: decided.outcome.result,
      attempt: decided.outcome.attempt,
      next: decided.next,
      message: decided.message,
    };
    if (decided.next === 'retry') {
      const successor = await requeueOnce(deps, { originalSid: taskSid, viewer, config });
      answer.successorSid = successor.taskSid;
      answer.waitMinutes = decided.outcome.waitMinutes;
    }
    return callback(null, json(200, answer));
  } catch (err) {
    return callback(null, failure(err, { taskSid }));
  }
};
