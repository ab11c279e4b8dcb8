'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection, receiver } = require('./helpers');
const { signature } = require('../src/status-callbacks');

const OURS = '+15555550100';
const CUSTOMER = '+14155550123';

async function withNumber(client, smsUrl) {
  return client.incomingPhoneNumbers.create({ phoneNumber: OURS, ...(smsUrl ? { smsUrl } : {}) });
}

test('Messages: send from a number of the account, fetch, list newest first by To and From', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  await withNumber(client);
  const first = await client.messages.create({ to: CUSTOMER, from: OURS, body: 'one' });
  assert.match(first.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(first.status, 'queued');
  assert.equal(first.direction, 'outbound-api');
  assert.equal(first.numSegments, '1');
  const second = await client.messages.create({ to: CUSTOMER, from: OURS, body: 'two' });
  await client.messages.create({ to: '+14155550999', from: OURS, body: 'other' });
  const fetched = await client.messages(first.sid).fetch();
  assert.equal(fetched.status, 'delivered');
  assert.equal(fetched.body, 'one');
  const listed = await client.messages.list({ to: CUSTOMER, from: OURS, limit: 20 });
  assert.deepEqual(listed.map((m) => m.sid).sort(), [first.sid, second.sid].sort());
  assert.equal(listed[0].body, 'two', 'newest first');
  const today = await client.messages.list({ to: CUSTOMER, dateSent: new Date(), limit: 20 });
  assert.equal(today.length, 2);
  const tomorrow = await client.messages.list({ to: CUSTOMER, dateSentAfter: new Date(Date.now() + 2 * 86400000), limit: 20 });
  assert.equal(tomorrow.length, 0);
});

test('Messages: a messaging service picks the sender (accepted); the documented refusals', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  await withNumber(client);
  const viaService = await client.messages.create({ to: CUSTOMER, messagingServiceSid: 'MG' + '1'.repeat(32), body: 'hi' });
  assert.equal(viaService.status, 'accepted');
  const ours = (await client.incomingPhoneNumbers.list()).map((n) => n.phoneNumber);
  assert.ok(ours.includes((await client.messages(viaService.sid).fetch()).from), 'a number of the account sent it');
  const refusals = [
    [{ to: CUSTOMER, body: 'x' }, 21603],
    [{ to: CUSTOMER, from: OURS }, 21602],
    [{ to: CUSTOMER, from: '+15550000000', body: 'x' }, 21606],
    [{ to: CUSTOMER, messagingServiceSid: 'MGnope', body: 'x' }, 21701],
  ];
  for (const [params, code] of refusals) {
    const err = await rejection(client.messages.create(params));
    assert.equal(err.status, 400);
    assert.equal(err.code, code, JSON.stringify(params));
  }
});

test('an inbound text reaches the number\'s SmsUrl signed, and its TwiML <Message> is sent back', async (t) => {
  const { emu, client } = await setup();
  const app = await receiver({ body: '<?xml version="1.0"?><Response><Message>Got it &amp; thanks</Message></Response>' });
  t.after(() => Promise.all([emu.close(), app.close()]));
  const smsUrl = `${app.url}/sms/inbound`;
  const number = await withNumber(client, smsUrl);
  assert.equal(number.smsUrl, smsUrl);
  const res = await control(emu, 'POST', '/messages', { from: CUSTOMER, to: OURS, body: 'hello' });
  assert.equal(res.status, 201);
  assert.equal(res.body.webhook.status, 200);
  const { params, headers } = app.received[0];
  assert.equal(params.Body, 'hello');
  assert.equal(params.From, CUSTOMER);
  assert.equal(params.To, OURS);
  assert.match(params.MessageSid, /^SM/);
  assert.equal(headers['x-twilio-signature'], signature(emu.authToken, smsUrl, params));
  assert.deepEqual(res.body.replies.map((r) => [r.body, r.status]), [['Got it & thanks', 'delivered']]);
  const seen = await control(emu, 'GET', `/messages?number=${encodeURIComponent(CUSTOMER)}`);
  assert.deepEqual(seen.body.messages.map((m) => [m.direction, m.body]), [['inbound', 'hello'], ['outbound-reply', 'Got it & thanks']]);
});

test('STOP opts the sender out (Twilio answers, later sends fail 21610); START opts back in', async (t) => {
  const { emu, client } = await setup();
  const app = await receiver({ body: '<Response><Message>ours</Message></Response>' });
  t.after(() => Promise.all([emu.close(), app.close()]));
  await withNumber(client, `${app.url}/sms`);
  const stop = await control(emu, 'POST', '/messages', { from: CUSTOMER, to: OURS, body: ' stop ' });
  assert.equal(app.received[0].params.OptOutType, 'STOP', 'the webhook still hears it');
  assert.match(stop.body.replies[0].body, /unsubscribed/);
  assert.deepEqual([stop.body.replies[1].status, stop.body.replies[1].errorCode], ['failed', 21610]);
  const err = await rejection(client.messages.create({ to: CUSTOMER, from: OURS, body: 'x' }));
  assert.equal(err.code, 21610);
  await control(emu, 'POST', '/messages', { from: CUSTOMER, to: OURS, body: 'START' });
  assert.equal((await client.messages.create({ to: CUSTOMER, from: OURS, body: 'x' })).status, 'queued');
});
