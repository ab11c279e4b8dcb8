'use strict';
// Creates a callback (or, with a recording, a voicemail) task. Called by Studio,
// and usable as a Record / transcription callback URL.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig } = require(Runtime.getFunctions()['common/config'].path);
const { createTask } = require(Runtime.getFunctions()['common/tasks'].path);
const { taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function createCallback(context, event, callback) {
  try {
    const core = await loadCore();
    // One decision validates the request and builds the task.
    const spec = core.buildCallbackTask({
      params: requestParams(event),
      config: callbackConfig(context),
      now: new Date().toISOString(),
    });
    const task = await createTask({ core, context, client: getTwilioClient(context) }, spec);
    return callback(null, taskOutcome(200, { taskSid: task.sid, success: true, message: `Created ${spec.attributes.taskType} task ${task.sid}.` }));
  } catch (err) {
    return callback(null, failure(err));
  }
};
