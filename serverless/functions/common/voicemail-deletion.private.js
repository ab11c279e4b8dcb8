'use strict';
// Deletes a voicemail's recording (and its transcription) at Twilio and marks
// its task `callBackData.isDeleted`, for the agent's delete button and the
// retention sweep alike. Each round reads the task (with its ETag and
// reservations) and asks the core (core.deleteVoicemail) what to do:
//   answer - the task already says the recording is deleted;
//   delete - delete the transcription, then the recording (a 404 means an
//            earlier attempt already did), then write the mark with If-Match.
// Deleting comes first, so a mark never claims a recording that still exists;
// a request whose answer was lost, repeated, finds the recording gone or the
// mark written and ends in the same state. A 412 on the mark (someone changed
// the task) re-reads and decides again.
// Recording: https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource
// Transcription: https://www.twilio.com/docs/voice/api/recording-transcription

const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);

const MAX_ROUNDS = 5;

async function removeIfPresent({ core, context }, remove) {
  try {
    await withRetry(core, context, remove);
  } catch (err) {
    if (!(err && err.status === 404)) throw err;
  }
}

async function readTask(deps, taskSid) {
  const { task, etag } = await tasks.fetchTaskWithEtag(deps, taskSid);
  return { task: await tasks.withReservations(deps, task), etag };
}

/**
 * Deletes the recording of the voicemail task `step.params.taskSid` for
 * `step.viewer` (or `step.by: 'retention'`). Resolves with the core's final
 * plan ({ action: 'answer' | 'delete', taskSid, recordingSid, message });
 * a refusal is thrown as the core's error (403 NOT_ALLOWED, 404 NOT_FOUND).
 */
async function deleteVoicemail(deps, step) {
  const { core, client } = deps;
  const taskSid = core.deleteVoicemail(step).taskSid;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { task, etag } = await readTask(deps, taskSid);
    const plan = core.deleteVoicemail({ ...step, task, now: new Date().toISOString() });
    if (plan.action === 'answer') return plan;
    if (plan.transcriptSid) await removeIfPresent(deps, () => client.transcriptions(plan.transcriptSid).remove());
    await removeIfPresent(deps, () => client.recordings(plan.recordingSid).remove());
    const written = await tasks.updateAttributesIfMatch(deps, taskSid, plan.attributes, etag);
    if (!written.conflict) return plan;
  }
  const err = new Error(`Task ${taskSid} kept changing while its recording was being deleted; try again.`);
  Object.assign(err, { name: 'CoreError', code: 'CONFLICT', status: 409 });
  throw err;
}

module.exports = { deleteVoicemail, removeIfPresent };
