'use strict';
// Tells a queue's team that a voicemail arrived, once per voicemail: the core
// (core.voicemailNotification) decides whether and where; the task records
// callBackData.notified with If-Match BEFORE anything is sent, so of any
// number of deliveries (a repeated event, a retried webhook, two instances at
// once) only the one whose write lands sends. The cost of that order: a send
// that fails after the mark is not retried (at most one notification, never
// two); the failure is logged and the voicemail is still in Flex.

const { serviceBaseUrl } = require(Runtime.getFunctions()['common/config'].path);
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { signedLink } = require(Runtime.getFunctions()['common/voicemail-link'].path);
const { send } = require(Runtime.getFunctions()['common/notify-senders'].path);

const MAX_ROUNDS = 4;

function messageFor(plan, task, link, queueName) {
  const attrs = typeof task.attributes === 'string' ? JSON.parse(task.attributes || '{}') : task.attributes || {};
  const from = (attrs.callBackData && attrs.callBackData.numberToCall) || attrs.from || 'a caller';
  const subject = `New voicemail from ${from}${queueName ? ` (${queueName})` : ''}`;
  const text = `${subject}.\nOpen it in Flex: ${link}\nThe link expires ${plan.linkExpiresAt}.`;
  return { channel: plan.channel, to: plan.to, subject, text };
}

/**
 * Notifies of the voicemail on task `taskSid` if the core says so. `queueName`
 * (from the event) overrides the task's own. Resolves { sent, reason?, channel?, to? }.
 */
async function notifyVoicemail(deps, settings, taskSid, { queueName } = {}) {
  const { core, context } = deps;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { task, etag } = await tasks.fetchTaskWithEtag(deps, taskSid);
    const name = queueName || task.queueName || '';
    const plan = core.voicemailNotification({
      task: { ...task, queueName: name },
      settings: { targets: settings.targets, ...(settings.linkTtlSeconds ? { linkTtlSeconds: settings.linkTtlSeconds } : {}) },
      now: new Date().toISOString(),
    });
    if (plan.action !== 'notify') return { sent: false, reason: plan.reason };
    const claimed = await tasks.updateAttributesIfMatch(deps, taskSid, plan.attributes, etag);
    if (claimed.conflict) continue;
    const link = signedLink(serviceBaseUrl(context), settings.linkSecret, taskSid, plan.linkExpiresEpochSeconds);
    await send(deps, settings, messageFor(plan, task, link, name));
    return { sent: true, channel: plan.channel, to: plan.to };
  }
  return { sent: false, reason: 'the task kept changing' };
}

module.exports = { notifyVoicemail };
