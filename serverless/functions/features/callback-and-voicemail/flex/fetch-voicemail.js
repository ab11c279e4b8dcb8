'use strict';
// Serves a voicemail recording to Flex, as base64. Only a recording carried by
// a voicemail task is served: by that task's SID, or found through the task that
// carries the requested recording SID. An arbitrary recording SID is refused.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { fetchTask, findTasksByRecording, withReservations } = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken } = require(Runtime.getFunctions()['common/flex-token'].path);
const { fetchRecordingMedia } = require(Runtime.getFunctions()['common/recording-media'].path);
const { json, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

// The recording the request may have: from the named task, or from the tasks
// found carrying the requested recording (the core refuses one no task carries),
// and only from a task the token's holder may see.
async function allowedRecording(core, deps, { taskSid, recordingSid }, viewer) {
  if (taskSid) {
    const task = await withReservations(deps, await fetchTask(deps, taskSid));
    return core.voicemailRecording(task, recordingSid, viewer);
  }
  const found = await findTasksByRecording(deps, recordingSid);
  const tasks = await Promise.all(found.map((task) => withReservations(deps, task)));
  return core.voicemailRecordingAmong(tasks, recordingSid, viewer);
}

// Who asks, from the validated Flex token.
function viewerOf(validation) {
  return {
    workerSid: typeof validation?.worker_sid === 'string' ? validation.worker_sid : '',
    roles: Array.isArray(validation?.roles) ? validation.roles.filter((role) => typeof role === 'string') : [],
  };
}

exports.handler = async function fetchVoicemail(context, event, callback) {
  let request = { taskSid: null, recordingSid: null };
  try {
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    request = core.validateFetchVoicemail(requestParams(event));
    const deps = { core, context, client: getTwilioClient(context) };
    const recordingSid = await allowedRecording(core, deps, request, viewer);
    return callback(null, json(200, await fetchRecordingMedia(deps, recordingSid)));
  } catch (err) {
    return callback(null, failure(err, { taskSid: request.taskSid }));
  }
};
