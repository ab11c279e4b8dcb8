'use strict';
// Creates a callback (or, with a recording, a voicemail) task. Called by Studio,
// and usable as a Record / transcription callback URL.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig, deployment } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { createCallbackOrHold } = require(Runtime.getFunctions()['common/holds'].path);
const { taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function createCallback(context, event, callback) {
  try {
    startDeadline(context);
    await deployment(context); // refuses a configuration that may not run here, before anything is sent
    const params = requestParams(event);
    const core = await loadCore();
    // One decision validates the request and builds the task.
    const spec = core.buildCallbackTask({
      params,
      config: callbackConfig(context),
      now: new Date().toISOString(),
    });
    // The core names the request's natural key (recording, call, or the caller's idempotencyKey).
    // A callback due later (scheduledFor, or the calling window closed) is held until then.
    const deps = { core, context, client: await getTwilioClient(context) };
    const task = await createCallbackOrHold(deps, spec, { key: spec.requestKey, scheduledFor: params.scheduledFor });
    if (task.held) {
      const message = task.existing
        ? `Held task ${task.sid} was already created for this request; it reaches agents at ${task.due}.`
        : `Holding ${spec.attributes.taskType} task ${task.sid} until ${task.due}, when it reaches agents.`;
      return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message }, { held: true, due: task.due }));
    }
    const message = task.existing
      ? `Task ${task.sid} was already created for this request.`
      : `Created ${spec.attributes.taskType} task ${task.sid}.`;
    return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message }));
  } catch (err) {
    return callback(null, failure(err));
  }
};
