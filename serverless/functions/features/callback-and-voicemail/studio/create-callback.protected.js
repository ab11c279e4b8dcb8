'use strict';
// Creates a callback (or, with a recording, a voicemail) task. Called by Studio,
// and usable as a Record / transcription callback URL.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig, deployment } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { createOrMerge } = require(Runtime.getFunctions()['common/callback-index'].path);
const { json, taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);
const { confirmBooking } = require(Runtime.getFunctions()['common/sms'].path);

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
    // With CALLBACK_ONE_PER_CUSTOMER on, a number's second callback is merged into its open one;
    // a callback due later (scheduledFor, or the calling window closed) is held until then.
    const deps = { core, context, client: await getTwilioClient(context) };
    const task = await createOrMerge(deps, spec, { key: spec.requestKey, source: 'create-callback', scheduledFor: params.scheduledFor });
    if (task.merged) {
      const merged = { taskSid: task.sid, success: true, merged: true, message: task.message };
      if (task.scheduledFor) merged.scheduledFor = task.scheduledFor;
      return callback(null, taskOutcome(200, merged));
    }
    if (task.held) {
      const message = task.existing
        ? `Held task ${task.sid} was already created for this request; it reaches agents at ${task.due}.`
        : `Holding ${spec.attributes.taskType} task ${task.sid} until ${task.due}, when it reaches agents.`;
      return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message }, { held: true, due: task.due }));
    }
    // The customer's text (when configured); a retried request finds it recorded on the task.
    const sms = await confirmBooking(deps, { taskSid: task.sid, language: typeof params.language === 'string' ? params.language : undefined });
    const message = task.existing
      ? `Task ${task.sid} was already created for this request.`
      : `Created ${spec.attributes.taskType} task ${task.sid}.`;
    const outcome = { taskSid: task.sid, success: true, message };
    if (sms.reason === 'off') return callback(null, taskOutcome(200, outcome));
    // What became of the customer's text, only when texts are configured (the body is otherwise as before).
    return callback(null, json(200, { ...outcome, twilioDocPage: null, twilioErrorCode: null, sms }));
  } catch (err) {
    return callback(null, failure(err));
  }
};
