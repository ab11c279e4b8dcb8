'use strict';
// Serves a voicemail recording to Flex, as base64. Only a recording carried by
// a voicemail task is served: by that task's SID, or found through the task that
// carries the requested recording SID. An arbitrary recording SID is refused.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { fetchTask, findTasksByRecording } = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken } = require(Runtime.getFunctions()['common/flex-token'].path);
const { fetchRecordingMedia } = require(Runtime.getFunctions()['common/recording-media'].path);
const { json, taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

// The recording the request may have: from the named task, or from the first
// task carrying the recording that the core agrees to serve it from.
async function allowedRecording(core, deps, { taskSid, recordingSid }) {
  if (taskSid) return core.voicemailRecording(await fetchTask(deps, taskSid), recordingSid);
  let refusal = null;
  for (const task of await findTasksByRecording(deps, recordingSid)) {
    try {
      return core.voicemailRecording(task, recordingSid);
    } catch (err) {
      refusal = err;
    }
  }
  if (refusal) throw refusal;
  return null;
}

exports.handler = async function fetchVoicemail(context, event, callback) {
  let request = { taskSid: null, recordingSid: null };
  try {
    await validateFlexToken(context, event);
    const core = await loadCore();
    request = core.validateFetchVoicemail(requestParams(event), core.constants().paths.fetchVoicemail);
    const deps = { core, context, client: getTwilioClient(context) };
    const recordingSid = await allowedRecording(core, deps, request);
    if (!recordingSid) {
      return callback(null, taskOutcome(403, {
        success: false,
        message: `Recording ${request.recordingSid} is not the voicemail of any task, so it cannot be fetched.`,
      }));
    }
    return callback(null, json(200, await fetchRecordingMedia(deps, recordingSid)));
  } catch (err) {
    return callback(null, failure(err, { taskSid: request.taskSid }));
  }
};
