'use strict';
// Requeues a callback or voicemail for a later attempt: one successor per
// callback, ever, made only for the worker holding the task or a supervisor.
// The protocol's rounds live in common/requeue (core.requeueCallback decides
// each step; see wasm/domain/include/cbvm/requeue.hpp).

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig, deployment } = require(Runtime.getFunctions()['common/config'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { requeueOnce } = require(Runtime.getFunctions()['common/requeue'].path);
const { taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function requeueCallback(context, event, callback) {
  let originalSid = null;
  try {
    await deployment(context); // refuses a configuration that may not run here, before anything is sent
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    const params = requestParams(event);
    const config = callbackConfig(context, { forRequeue: true });
    // Without a task the core checks the parameters and names the task to read.
    originalSid = core.requeueCallback({ params, viewer, config }).taskSid;
    const deps = { core, context, client: await getTwilioClient(context) };
    const done = await requeueOnce(deps, { originalSid, viewer, config, params });
    return callback(null, taskOutcome(200, { taskSid: done.taskSid, success: true, message: done.message }));
  } catch (err) {
    return callback(null, failure(err, { taskSid: originalSid }));
  }
};
