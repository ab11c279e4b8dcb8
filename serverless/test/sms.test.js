'use strict';
// The customer kept informed by SMS: one confirmation per booking (also when
// Studio's webhook is retried or the send's answer is lost), none to a
// landline, and a reply that cancels the open callback.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const OURS = '+15555550199'; // the emulator's contact-centre number
const MOBILE = '+14155550100'; // NANP: fixed line or mobile, so texted
const LANDLINE = '+442071838750'; // a London landline
const INBOUND = '/features/callback-and-voicemail/sms/inbound';
let stack;
let calls = 0;

before(async () => {
  stack = await startStack({ env: { CALLBACK_SMS_FROM: OURS, CALLBACK_MAIN_TIME_ZONE: 'America/New_York' } });
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  const client = stack.emulator.twilioClient();
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: OURS });
  await client.incomingPhoneNumbers(number.sid).update({ smsUrl: `${stack.url}${INBOUND}` });
});

function book(numberToCall, extra = {}) {
  calls += 1;
  const CallSid = `CA${String(calls).padStart(32, '0')}`;
  return stack.request(PATHS.createCallback, { params: { numberToCall, numberToCallFrom: OURS, CallSid, ...extra } });
}

const texts = (number) => stack.emulator.messagesOf(number);
const confirmation = (taskSid) => attributesOf(stack.emulator.task(taskSid)).callBackData.smsConfirmation;

test('a booking texts the customer once: the number that will call, when, how to cancel', async () => {
  const booked = await book(MOBILE);
  assert.equal(booked.status, 200);
  assert.equal(booked.body.sms.status, 'sent');
  const [sms] = texts(MOBILE);
  assert.equal(texts(MOBILE).length, 1);
  assert.equal(sms.from, OURS);
  assert.equal(sms.body, `Your callback is booked: we will call you from ${OURS} as soon as an agent is free. Reply CANCEL to cancel it. Ref ${booked.body.taskSid}`);
  assert.deepEqual(
    { ...confirmation(booked.body.taskSid), claimId: undefined },
    { status: 'sent', to: MOBILE, locale: 'en-US', at: confirmation(booked.body.taskSid).at, messageSid: sms.sid, claimId: undefined },
  );
});

test("a retried webhook, or one whose text's answer was lost, sends no second text", async () => {
  const CallSid = `CA${'f'.repeat(32)}`;
  // The message is created but its answer never arrives: it is found, not sent again.
  stack.emulator.addFault({ target: 'messaging.messages.create', reset: true, after: true, times: 1 });
  const first = await book(MOBILE, { CallSid, language: 'es-MX' });
  assert.equal(first.body.sms.status, 'sent');
  assert.ok(stack.emulator.requests({ kind: 'messaging.messages.list' }).length >= 1, 'the lost send was looked for');
  const again = await book(MOBILE, { CallSid, language: 'es-MX' });
  assert.equal(again.body.taskSid, first.body.taskSid);
  assert.deepEqual(again.body.sms, { action: 'skip', reason: 'recorded' });
  assert.equal(texts(MOBILE).length, 1);
  assert.match(texts(MOBILE)[0].body, /^Su llamada de regreso está agendada/);
  assert.equal(confirmation(first.body.taskSid).status, 'sent');
});

test('a landline gets no text', async () => {
  const booked = await book(LANDLINE);
  assert.equal(booked.status, 200);
  assert.deepEqual(booked.body.sms, { action: 'skip', reason: 'notSmsCapable' });
  assert.equal(texts(LANDLINE).length, 0);
  assert.equal(confirmation(booked.body.taskSid), undefined);
});

test('replying CANCEL CALLBACK cancels the open callback and confirms; a second CANCEL says nothing is open', async () => {
  const booked = await book(MOBILE);
  const reply = await stack.emulator.sendInboundMessage({ from: MOBILE, to: OURS, body: 'cancel callback' });
  assert.equal(reply.webhook.status, 200);
  const task = stack.emulator.task(booked.body.taskSid);
  assert.equal(task.assignment_status, 'canceled');
  assert.equal(task.reason, 'Canceled by the customer by SMS');
  assert.deepEqual(reply.replies.map((r) => [r.status, r.body]), [['delivered', 'Your callback has been canceled. Call us again any time.']]);

  const second = await stack.emulator.sendInboundMessage({ from: MOBILE, to: OURS, body: 'CANCEL CALLBACK' });
  assert.deepEqual(second.replies.map((r) => r.body), ['You have no callback booked with us, so there is nothing to cancel.']);
});

test("CANCEL itself cancels too (Twilio also opts the number out and answers); a locale's word answers in it", async () => {
  const english = await book(MOBILE);
  const stop = await stack.emulator.sendInboundMessage({ from: MOBILE, to: OURS, body: 'CANCEL' });
  assert.equal(stack.emulator.task(english.body.taskSid).assignment_status, 'canceled');
  assert.match(stop.replies[0].body, /unsubscribed/, "Twilio's own opt-out answer");
  assert.equal(stop.replies[1].errorCode, 21610, 'ours is refused to an opted-out number, as Twilio does');

  const other = '+14155550123';
  const spanish = await book(other, { language: 'es' });
  const cancelar = await stack.emulator.sendInboundMessage({ from: other, to: OURS, body: 'Cancelar' });
  assert.equal(stack.emulator.task(spanish.body.taskSid).assignment_status, 'canceled');
  assert.deepEqual(cancelar.replies.map((r) => r.body), ['Su llamada de regreso fue cancelada. Llámenos cuando guste.']);
});

test('an inbound request without From is a 400 naming it', async () => {
  const res = await stack.request(INBOUND, { params: { To: OURS, Body: 'CANCEL' } });
  assert.equal(res.status, 400);
  assert.match(JSON.stringify(res.body), /From is required/);
});
