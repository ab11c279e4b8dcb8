'use strict';
// A supervisor's action on an open callback or voicemail from the callbacks
// view. Parameters: Token (Flex token of a supervisor or admin), action
// (cancel | assign | reschedule), taskSid, reason (cancel), scheduledFor
// (reschedule). Each round reads the task with its ETag and asks the core
// what to do (core.manageCallback):
//   answer     - already done (a repeat of a request whose answer was lost);
//   cancel     - cancel with If-Match, reason "Canceled by <supervisor>: <reason>";
//   assign     - write Flex's worker target (transferTargetType "worker",
//                transferTargetSid the supervisor's worker) with If-Match; a
//                task already sent to someone is refused, never sent twice;
//   reschedule - cancel the task with If-Match, then create its successor
//                with callBackData.scheduledFor through the create path under
//                the natural key "reschedule:<sid>" (a repeat finds it).
// A 412 means someone changed the task since it was read: read and decide again.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { deployment, schedulingOptions } = require(Runtime.getFunctions()['common/config'].path);
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { createCallbackOrHold } = require(Runtime.getFunctions()['common/holds'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { conflict, json, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

const MAX_ROUNDS = 5;

// The successor carries callBackData.scheduledFor, so the hold path keeps it
// from agents until then (common/holds).
async function reschedule(deps, plan, etag) {
  if (!plan.skipCancel) {
    const canceled = await tasks.cancelTaskIfMatch(deps, plan.taskSid, plan.reason, etag);
    if (canceled.conflict) return null;
  }
  const created = await createCallbackOrHold(deps, plan.task, { key: plan.requestId });
  return { newTaskSid: created.sid, scheduledFor: plan.scheduledFor };
}

exports.handler = async function manageCallback(context, event, callback) {
  let taskSid = null;
  try {
    await deployment(context);
    const validation = await validateFlexToken(context, event);
    const viewer = viewerOf(validation);
    const core = await loadCore();
    const scheduling = schedulingOptions(context);
    const step = {
      viewer,
      by: typeof validation?.identity === 'string' && validation.identity ? validation.identity : viewer.workerSid,
      params: requestParams(event),
      ...(scheduling ? { window: scheduling.window, ...(scheduling.horizonDays ? { horizonDays: scheduling.horizonDays } : {}) } : {}),
    };
    taskSid = core.manageCallback(step).taskSid;
    const deps = { core, context, client: await getTwilioClient(context) };
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const { task, etag } = await tasks.fetchTaskWithEtag(deps, taskSid);
      const plan = core.manageCallback({ ...step, task, now: new Date().toISOString() });
      const done = (extra = {}) => callback(null, json(200, { taskSid, success: true, message: plan.message, ...extra }));
      if (plan.action === 'answer') return done();
      if (plan.action === 'cancel') {
        const written = await tasks.cancelTaskIfMatch(deps, taskSid, plan.reason, etag);
        if (!written.conflict) return done({ reason: plan.reason });
      } else if (plan.action === 'assign') {
        const written = await tasks.updateAttributesIfMatch(deps, taskSid, plan.attributes, etag);
        if (!written.conflict) return done({ assignedTo: viewer.workerSid });
      } else if (plan.action === 'reschedule') {
        const result = await reschedule(deps, plan, etag);
        if (result) return done(result);
      }
    }
    throw conflict(`Task ${taskSid} kept changing while it was being updated; try again.`);
  } catch (err) {
    return callback(null, failure(err, { taskSid }));
  }
};
