'use strict';
// Voicemail lifecycle on TaskRouter events: when a voicemail task enters a
// queue, its team is notified (VOICEMAIL_NOTIFY_TO; see common/voicemail-notify).
// task-queue.entered, not task.created: a task has no queue until its
// workflow routes it. A task moved to another queue is not notified again
// (callBackData.notified). TaskRouter does not retry events: a delivery lost
// means no notification for that voicemail, which agents still see in Flex.

const { voicemailNotifySettings } = require(Runtime.getFunctions()['common/config'].path);
const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { notifyVoicemail } = require(Runtime.getFunctions()['common/voicemail-notify'].path);

function looksLikeVoicemail(event) {
  try {
    const attrs = JSON.parse(event.TaskAttributes || '{}');
    return attrs && attrs.taskType === 'voicemail';
  } catch {
    return true; // unreadable here: let the core read the task itself
  }
}

module.exports = {
  eventTypes: ['task-queue.entered'],
  async handle(context, event) {
    if (typeof event.TaskSid !== 'string' || !looksLikeVoicemail(event)) return;
    const settings = voicemailNotifySettings(context);
    if (!settings) return;
    const core = await loadCore();
    const deps = { core, context, client: await getTwilioClient(context) };
    const outcome = await notifyVoicemail(deps, settings, event.TaskSid, { queueName: event.TaskQueueName });
    if (outcome.sent) console.log(`Voicemail ${event.TaskSid}: notified ${outcome.channel} ${outcome.to}.`);
  },
};
