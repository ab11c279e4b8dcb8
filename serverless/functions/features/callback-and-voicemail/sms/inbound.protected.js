'use strict';
// A customer's text to the number the confirmations come from (the number's
// "A message comes in" webhook): CANCEL (or a locale's word) cancels their open
// callback and says so; Twilio's own keywords (STOP, HELP…) are left to Twilio.
// Answers TwiML <Response><Message>…</Message></Response>.
//
// Finding the booking without EvaluateTaskAttributes (3 requests/s per
// account): every confirmation carries its booking's reference (the task SID),
// and Twilio keeps the messages we sent. So the customer's bookings are the
// references in our messages to their number from the number they wrote to
// (the Messages list filtered by To and From: one indexed read, no scan of
// the queue), newest first; each is read (with its ETag) and the core picks
// the newest callback still open for that very number.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { smsLanguage } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { fetchTaskWithEtag, cancelTaskIfMatch } = require(Runtime.getFunctions()['common/tasks'].path);
const { failure, requestParams, MalformedRequest } = require(Runtime.getFunctions()['common/response'].path);

// Our messages to one customer read for references: the newest this many.
const MESSAGES_READ = 20;
// Needs, a cancel and a re-read after a refused cancel: fewer than this.
const MAX_ROUNDS = 6;

async function readTask(deps, sid) {
  try {
    const { task, etag } = await fetchTaskWithEtag(deps, sid);
    return { ...task, ...(etag === undefined ? {} : { etag }), found: true };
  } catch (err) {
    if (err && err.status === 404) return { sid, found: false };
    throw err;
  }
}

// Cancels at the revision read; returns 'canceled', or 'changed' when TaskRouter
// refused (412: changed since; 400/404: no longer cancelable or gone) or the answer was lost.
async function cancel(deps, { taskSid, reason, etag }) {
  try {
    const { conflict } = await cancelTaskIfMatch(deps, taskSid, reason, etag || undefined);
    return conflict ? 'changed' : 'canceled';
  } catch (err) {
    console.log(`sms/inbound: canceling ${taskSid} failed (${(err && err.status) || (err && err.message)}); reading it again`);
    return 'changed';
  }
}

exports.handler = async function smsInbound(context, event, callback) {
  try {
    startDeadline(context);
    const params = requestParams(event);
    for (const name of ['From', 'To']) {
      if (typeof params[name] !== 'string' || params[name] === '') {
        throw new MalformedRequest(400, `${name} is required: the ${name === 'From' ? "customer's number" : 'number they wrote to'}, as Twilio sends it.`);
      }
    }
    const core = await loadCore();
    const deps = { core, context, client: await getTwilioClient(context) };
    const input = { body: typeof params.Body === 'string' ? params.Body : '', from: params.From, defaultLanguage: smsLanguage(context) };
    let plan = core.smsReply(input);
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (plan.needs && plan.needs.messages) {
        const sent = await withRetry(core, context, () =>
          deps.client.messages.list({ to: params.From, from: params.To, limit: MESSAGES_READ }),
        );
        input.sent = sent.map((m) => m.body || '');
      } else if (plan.needs && plan.needs.tasks) {
        input.tasks = await Promise.all(plan.needs.tasks.map((sid) => readTask(deps, sid)));
      } else if (plan.cancel) {
        if ((await cancel(deps, plan.cancel)) === 'canceled') break;
        // Read again and decide again; the core knows this reply tried this one.
        input.attempted = plan.cancel.taskSid;
        delete input.tasks;
      } else {
        break;
      }
      plan = core.smsReply(input);
    }
    const twiml = new Twilio.twiml.MessagingResponse();
    if (plan.reply) twiml.message(plan.reply);
    return callback(null, twiml);
  } catch (err) {
    return callback(null, failure(err));
  }
};
