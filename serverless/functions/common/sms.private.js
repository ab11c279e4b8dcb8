'use strict';
// The customer kept informed by SMS: the booking confirmation, sent at most
// once per callback task. The core decides whether and what (smsConfirmation);
// this file records and sends.
//
// Exactly once, or visibly unknown: the confirmation is claimed on the task
// (callBackData.smsConfirmation, status "sending", written with If-Match, so of
// two retried webhooks one claims and the other sees the claim), then sent,
// then its outcome recorded ("sent" with the message SID, "failed" with
// Twilio's error, or "unknown" when the send's answer was lost and no message
// can be found). A claim is never sent again by another attempt: it is
// verified by looking for the message (the Messages list, To + date), and the
// task says what is known. Supervisors see the status in the task's attributes.

const crypto = require('crypto');
const { smsSender, smsLanguage } = require(Runtime.getFunctions()['common/config'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { fetchTaskWithEtag, updateAttributesIfMatch } = require(Runtime.getFunctions()['common/tasks'].path);

// Rounds of read, decide, write when someone else changes the task meanwhile (412).
const MAX_ROUNDS = 3;
// A claim this old whose message cannot be found is recorded as unknown: its
// sender has stopped (a Function runs 10 s at most) without saying.
const STALE_CLAIM_MS = 15000;

function parse(attributes) {
  if (typeof attributes !== 'string') return attributes || {};
  try {
    return JSON.parse(attributes);
  } catch {
    return {};
  }
}

/** Writes callBackData.smsConfirmation (a patch over what is recorded) at the task's current revision. */
async function record(deps, taskSid, patch) {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { task, etag } = await fetchTaskWithEtag(deps, taskSid);
    const attributes = parse(task.attributes);
    const data = attributes.callBackData || {};
    attributes.callBackData = { ...data, smsConfirmation: { ...(data.smsConfirmation || {}), ...patch } };
    const { conflict } = await updateAttributesIfMatch(deps, taskSid, attributes, etag);
    if (!conflict) return;
  }
  console.log(`sms: could not record the confirmation of ${taskSid} (${patch.status}); the task keeps its claim`);
}

/** Our message to `to` about this booking since `since`, or null. */
async function findConfirmation({ core, context, client }, { to, since, taskSid }) {
  const after = new Date(Date.parse(since) - 60000);
  const messages = await withRetry(core, context, () => client.messages.list({ to, dateSentAfter: after, limit: 50 }));
  return messages.find((m) => typeof m.body === 'string' && m.body.includes(`Ref ${taskSid}`)) || null;
}

// Sends once: a create whose answer is lost is looked for before it is ever sent again.
async function send(deps, taskSid, plan) {
  const { core, context, client } = deps;
  const lookup = () => findConfirmation(deps, { to: plan.message.to, since: plan.claim.at, taskSid });
  try {
    const message = await withRetry(core, context, () => client.messages.create(plan.message), { idempotent: false, verify: lookup });
    return { status: 'sent', messageSid: message.sid };
  } catch (err) {
    const status = err && err.status;
    if (Number.isInteger(status) && status < 500) {
      // Twilio refused it (an opted-out or unreachable number): nothing was sent.
      return { status: 'failed', errorCode: err.code, error: String(err.message || err).slice(0, 200) };
    }
    const found = await lookup().catch(() => null);
    return found ? { status: 'sent', messageSid: found.sid } : { status: 'unknown', error: String((err && err.message) || err).slice(0, 200) };
  }
}

/**
 * Texts the customer of a newly booked callback its confirmation, when SMS is
 * configured and the core says so; returns { action, reason, status?, messageSid? }.
 * `language`: the caller's, when known. Never throws: the booking stands
 * whatever happens to its text (the task records what did).
 */
async function confirmBooking(deps, { taskSid, language }) {
  const { core, context } = deps;
  const sender = smsSender(context);
  if (!sender) return { action: 'skip', reason: 'off' };
  const claimId = crypto.randomUUID();
  try {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const { task, etag } = await fetchTaskWithEtag(deps, taskSid);
      const plan = core.smsConfirmation({
        sender,
        task,
        language,
        defaultLanguage: smsLanguage(context),
        claimId,
        now: new Date().toISOString(),
      });
      if (plan.action === 'skip') return { action: plan.action, reason: plan.reason };
      if (plan.action === 'verify') {
        const found = await findConfirmation(deps, { ...plan.verify, taskSid });
        if (found) await record(deps, taskSid, { status: 'sent', messageSid: found.sid });
        else if (Date.now() - Date.parse(plan.verify.since) > STALE_CLAIM_MS) await record(deps, taskSid, { status: 'unknown' });
        return { action: 'verify', reason: plan.reason, status: found ? 'sent' : 'unknown' };
      }
      // Claimed first, so a second attempt (a retried webhook) sees it and sends nothing.
      const attributes = parse(task.attributes);
      attributes.callBackData = { ...(attributes.callBackData || {}), smsConfirmation: plan.claim };
      const { conflict } = await updateAttributesIfMatch(deps, taskSid, attributes, etag);
      if (conflict) continue; // changed since read (maybe by our own lost write): decide again
      const outcome = await send(deps, taskSid, plan);
      await record(deps, taskSid, { ...outcome, at: plan.claim.at });
      return { action: 'send', reason: plan.reason, ...outcome };
    }
    return { action: 'skip', reason: 'busy' };
  } catch (err) {
    console.log(`sms: the confirmation of ${taskSid} failed: ${(err && err.message) || err}`);
    return { action: 'skip', reason: 'error', error: String((err && err.message) || err).slice(0, 200) };
  }
}

module.exports = { confirmBooking, findConfirmation };
