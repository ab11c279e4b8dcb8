'use strict';
// Serves a voicemail recording to Flex, as base64. Only a recording carried by
// a voicemail task is served: by that task's SID, or, for a recording SID alone,
// found among the tasks the requesting worker holds. An arbitrary recording SID
// is refused; a supervisor names the task (the core asks for taskSid).

const { deployment } = require(Runtime.getFunctions()['common/config'].path);
const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { fetchTask, tasksHeldBy, withReservations } = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { fetchRecordingMedia } = require(Runtime.getFunctions()['common/recording-media'].path);
const { json, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

// The recording the request may have: from the named task, or from the one of
// the viewer's held tasks that carries it (the core refuses one none carries),
// and only from a task the token's holder may see. Neither lookup filters tasks
// by their attributes, which TaskRouter limits to 3 requests a second.
async function allowedRecording(core, deps, { taskSid, recordingSid }, viewer) {
  if (taskSid) {
    const task = await withReservations(deps, await fetchTask(deps, taskSid));
    return core.voicemailRecording(task, recordingSid, viewer);
  }
  const held = viewer.workerSid ? await tasksHeldBy(deps, viewer.workerSid) : [];
  return core.voicemailRecordingAmong(held, recordingSid, viewer);
}

exports.handler = async function fetchVoicemail(context, event, callback) {
  let request = { taskSid: null, recordingSid: null };
  try {
    await deployment(context); // refuses a configuration that may not run here, before anything is sent
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    request = core.validateFetchVoicemail(requestParams(event), undefined, viewer);
    const deps = { core, context, client: await getTwilioClient(context) };
    const recordingSid = await allowedRecording(core, deps, request, viewer);
    return callback(null, json(200, await fetchRecordingMedia(deps, recordingSid)));
  } catch (err) {
    return callback(null, failure(err, { taskSid: request.taskSid }));
  }
};
