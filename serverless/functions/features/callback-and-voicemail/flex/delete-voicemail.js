'use strict';
// Deletes a voicemail's recording for the agent holding its task, or for a
// supervisor or admin (Flex token `Token`, parameter `taskSid`): the recording
// and its transcription are deleted at Twilio and the task is marked
// callBackData.isDeleted. Repeating the request answers 200 with the same state.

const { deployment } = require(Runtime.getFunctions()['common/config'].path);
const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { deleteVoicemail } = require(Runtime.getFunctions()['common/voicemail-deletion'].path);
const { taskOutcome, failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function deleteVoicemailHandler(context, event, callback) {
  let taskSid = null;
  try {
    await deployment(context); // refuses a configuration that may not run here, before anything is sent
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    const step = { params: requestParams(event), viewer };
    taskSid = core.deleteVoicemail(step).taskSid;
    const deps = { core, context, client: await getTwilioClient(context) };
    const plan = await deleteVoicemail(deps, step);
    return callback(null, taskOutcome(200, { taskSid, success: true, message: plan.message }));
  } catch (err) {
    return callback(null, failure(err, { taskSid }));
  }
};
