'use strict';
// Requeues a callback or voicemail for a later attempt: a new task built from
// the original by the core (attempts + 1), refused once the attempts run out.
// Every check happens before the create, and the create is a single call, so a
// refused or failed requeue leaves no task behind.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig } = require(Runtime.getFunctions()['common/config'].path);
const { fetchTask, createTask } = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken } = require(Runtime.getFunctions()['common/flex-token'].path);
const { taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function requeueCallback(context, event, callback) {
  let originalSid = null;
  try {
    await validateFlexToken(context, event);
    const core = await loadCore();
    // The SID is checked before it reaches Twilio; the task is then built from what TaskRouter holds.
    originalSid = core.validateRequeueCallback(requestParams(event));
    const deps = { core, context, client: getTwilioClient(context) };
    const original = await fetchTask(deps, originalSid);
    const spec = core.buildCallbackTask({
      original,
      config: callbackConfig(context, { forRequeue: true }),
      now: new Date().toISOString(),
    });
    const task = await createTask(deps, spec);
    return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message: `Requeued task ${originalSid} as ${task.sid}.` }));
  } catch (err) {
    return callback(null, failure(err, { taskSid: originalSid }));
  }
};
