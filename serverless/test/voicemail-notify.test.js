'use strict';

const crypto = require('crypto');
const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS } = require('./helpers');

const EVENTS_PATH = '/features/callback-and-voicemail/taskrouter/events';
const LINK_PATH = '/features/callback-and-voicemail/voicemail-link';
const SECRET = 'a-long-random-test-secret';
let stack;

before(async () => {
  stack = await startStack({
    env: {
      VOICEMAIL_NOTIFY_TO: JSON.stringify({ Everyone: 'team@example.com' }),
      VOICEMAIL_NOTIFY_FROM: 'voicemail@example.com',
      VOICEMAIL_LINK_SECRET: SECRET,
      SENDGRID_API_KEY: 'SG.test-key',
    },
  });
  stack.env.SENDGRID_API_BASE_URL = `${stack.emulator.url}/sendgrid`;
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  await stack.emulator.twilioClient().taskrouter.v1.workspaces(stack.emulator.workspaceSid).update({ eventCallbackUrl: `${stack.url}${EVENTS_PATH}` });
});

const mails = async () => (await (await fetch(`${stack.emulator.url}/__control/mails`)).json()).mails;
const callBackData = (taskSid) => JSON.parse(stack.emulator.task(taskSid).attributes).callBackData;

function createVoicemail(recordingSid) {
  return stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', RecordingSid: recordingSid, TranscriptionText: 'Call me' },
  });
}

test('a new voicemail is mailed once to its queue, even when the webhook and the event are delivered again', async () => {
  const recordingSid = stack.emulator.addRecording({ duration: 3 }).sid;
  const first = await createVoicemail(recordingSid);
  const retried = await createVoicemail(recordingSid);
  assert.equal(first.status, 200);
  assert.equal(retried.body.taskSid, first.body.taskSid, 'the retried webhook found the same task');
  const deliveries = await stack.emulator.eventCallbacksSettled();
  const entered = deliveries.find((d) => d.eventType === 'task-queue.entered' && d.params.TaskSid === first.body.taskSid);
  assert.ok(entered, 'TaskRouter posted task-queue.entered');
  // The same event delivered again, as a duplicate delivery would.
  const again = await stack.request(EVENTS_PATH, { params: entered.params });
  assert.ok(again.status < 300, `the repeated event is accepted (${again.status})`);

  const sent = await mails();
  assert.equal(sent.length, 1);
  const message = sent[0].message;
  assert.equal(message.personalizations[0].to[0].email, 'team@example.com');
  assert.equal(message.from.email, 'voicemail@example.com');
  assert.match(message.subject, /New voicemail from \+14155550100 \(Everyone\)/);
  assert.doesNotMatch(JSON.stringify(message), new RegExp(recordingSid), 'the mail carries a link, not the recording');
  const data = callBackData(first.body.taskSid);
  assert.equal(data.notified.channel, 'email');
  assert.equal(data.notified.to, 'team@example.com');

  // The link opens the task in Flex.
  const link = /https?:\/\/\S+voicemail-link\?\S+/.exec(message.content[0].value)[0];
  const opened = await fetch(link, { redirect: 'manual' });
  assert.equal(opened.status, 302);
  assert.equal(opened.headers.get('location'), `https://flex.twilio.com/agent-desktop/${first.body.taskSid}`);
});

test('a new voicemail for a queue mapped to sms: is texted once, with the signed time-limited link and not the audio, even when the event is delivered twice', async () => {
  const TEAM_PHONE = '+14155550142';
  const OURS = '+15555550199'; // the emulator's contact-centre number
  const saved = stack.env.VOICEMAIL_NOTIFY_TO;
  stack.env.VOICEMAIL_NOTIFY_TO = JSON.stringify({ Everyone: `sms:${TEAM_PHONE}` });
  stack.env.VOICEMAIL_NOTIFY_SMS_FROM = OURS;
  try {
    const recording = stack.emulator.addRecording({ duration: 3 });
    const created = await createVoicemail(recording.sid);
    assert.equal(created.status, 200);
    const deliveries = await stack.emulator.eventCallbacksSettled();
    const entered = deliveries.find((d) => d.eventType === 'task-queue.entered' && d.params.TaskSid === created.body.taskSid);
    assert.ok(entered, 'TaskRouter posted task-queue.entered');
    const again = await stack.request(EVENTS_PATH, { params: entered.params });
    assert.ok(again.status < 300, `the repeated event is accepted (${again.status})`);

    const texts = stack.emulator.messagesOf(TEAM_PHONE);
    assert.equal(texts.length, 1, 'one text');
    const [sms] = texts;
    assert.equal(sms.from, OURS);
    assert.match(sms.body, /^New voicemail from \+14155550100 \(Everyone\)\./);
    assert.doesNotMatch(sms.body, new RegExp(`${recording.sid}|\\.mp3|\\.wav|/Recordings/`), 'a link, not the audio');
    assert.equal((await mails()).length, 0, 'no mail');
    assert.equal(callBackData(created.body.taskSid).notified.channel, 'sms');

    // The link is signed over the task and its expiry (168 h by default), and opens the task.
    const link = new URL(/https?:\/\/\S+voicemail-link\?\S+/.exec(sms.body)[0]);
    const { taskSid, expires, sig } = Object.fromEntries(link.searchParams);
    assert.equal(taskSid, created.body.taskSid);
    assert.equal(sig, crypto.createHmac('sha256', SECRET).update(`${taskSid}.${expires}`).digest('base64url'));
    assert.ok(Math.abs(Number(expires) - (Date.now() / 1000 + 168 * 3600)) < 120, `expires ${expires}`);
    const opened = await fetch(link, { redirect: 'manual' });
    assert.equal(opened.status, 302);
    assert.equal(opened.headers.get('location'), `https://flex.twilio.com/agent-desktop/${taskSid}`);
  } finally {
    stack.env.VOICEMAIL_NOTIFY_TO = saved;
    delete stack.env.VOICEMAIL_NOTIFY_SMS_FROM;
  }
});

test('a callback (no recording) is not notified', async () => {
  await stack.request(PATHS.createCallback, { params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' } });
  await stack.emulator.eventCallbacksSettled();
  assert.equal((await mails()).length, 0);
});

test('voicemail links: a changed signature is refused (403), an expired one is gone (410), a malformed one is 400', async () => {
  const taskSid = 'WT' + 'a'.repeat(32);
  const sign = (expires) => crypto.createHmac('sha256', SECRET).update(`${taskSid}.${expires}`).digest('base64url');
  const open = (q) => fetch(`${stack.url}${LINK_PATH}?${new URLSearchParams(q)}`, { redirect: 'manual' });
  const future = String(Math.floor(Date.now() / 1000) + 3600);
  assert.equal((await open({ taskSid, expires: future, sig: sign(future) })).status, 302);
  const tampered = await open({ taskSid: 'WT' + 'b'.repeat(32), expires: future, sig: sign(future) });
  assert.equal(tampered.status, 403);
  assert.match((await tampered.json()).message, /signature/);
  const longer = String(Number(future) + 86400);
  assert.equal((await open({ taskSid, expires: longer, sig: sign(future) })).status, 403, 'the expiry is signed too');
  const past = String(Math.floor(Date.now() / 1000) - 60);
  const expired = await open({ taskSid, expires: past, sig: sign(past) });
  assert.equal(expired.status, 410);
  assert.equal((await open({ taskSid, expires: future })).status, 400);
});
