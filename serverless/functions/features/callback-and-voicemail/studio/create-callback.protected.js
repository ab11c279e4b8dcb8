'use strict';
// Creates a callback (or, with a recording, a voicemail) task. Called by Studio,
// and usable as a Record / transcription callback URL.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { createTask } = require(Runtime.getFunctions()['common/tasks'].path);
const { taskOutcome, failure, requestParams, MalformedRequest } = require(Runtime.getFunctions()['common/response'].path);

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

// The key that makes a repeated request answer the first one's task: the same
// recording never makes two voicemails (Twilio retries its callbacks), the same
// call never makes two callbacks, and other callers may name their request.
function idempotencyKeyOf(spec, params) {
  const recordingSid = spec.attributes && spec.attributes.callBackData && spec.attributes.callBackData.recordingSid;
  if (recordingSid) return `recording:${recordingSid}`;
  if (typeof params.CallSid === 'string' && CALL_SID.test(params.CallSid)) return `call:${params.CallSid}`;
  const given = params.idempotencyKey;
  if (given === undefined || given === '') return undefined;
  if (typeof given !== 'string' || !IDEMPOTENCY_KEY.test(given)) {
    throw new MalformedRequest(400, 'idempotencyKey must be 1 to 128 letters, digits, dots, underscores, colons or hyphens.');
  }
  return given;
}

exports.handler = async function createCallback(context, event, callback) {
  try {
    startDeadline(context);
    const params = requestParams(event);
    const core = await loadCore();
    // One decision validates the request and builds the task.
    const spec = core.buildCallbackTask({
      params,
      config: callbackConfig(context),
      now: new Date().toISOString(),
    });
    const key = idempotencyKeyOf(spec, params);
    const task = await createTask({ core, context, client: getTwilioClient(context) }, spec, { key });
    const message = task.existing
      ? `Task ${task.sid} was already created for this request.`
      : `Created ${spec.attributes.taskType} task ${task.sid}.`;
    return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message }));
  } catch (err) {
    return callback(null, failure(err));
  }
};
