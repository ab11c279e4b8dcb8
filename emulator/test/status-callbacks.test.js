'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, rejection, receiver } = require('./helpers');
const { signature } = require('../src/status-callbacks');


test('a call update with StatusCallback is told when the call ends, as Twilio does', async (t) => {
  const { emu, client } = await setup();
  const app = await receiver();
  t.after(() => Promise.all([emu.close(), app.close()]));

  const inbound = emu.simulateInboundCall({ from: '+15550001111', to: '+15550002222' });
  const callbackUrl = `${app.url}/ended?mode=voicemail-call-ended`;
  await client.calls(inbound.callSid).update({ url: 'https://example.com/record', method: 'POST', statusCallback: callbackUrl, statusCallbackMethod: 'POST' });
  assert.equal(emu.call(inbound.callSid).status_callback, callbackUrl);
  assert.equal(app.received.length, 0, 'nothing is told while the call is in progress');

  emu.hangup(inbound.callSid);
  const delivered = await emu.statusCallbacksSettled();
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0].status, 200);
  assert.equal(app.received.length, 1);
  const { params, headers, method } = app.received[0];
  assert.equal(method, 'POST');
  assert.equal(params.CallSid, inbound.callSid);
  assert.equal(params.CallStatus, 'completed');
  assert.match(params.CallDuration, /^\d+$/);
  assert.equal(params.AccountSid, emu.accountSid);
  assert.equal(params.From, '+15550001111');
  assert.equal(params.To, '+15550002222');
  assert.equal(params.CallbackSource, 'call-progress-events');
  assert.equal(headers['x-twilio-signature'], signature(emu.authToken, callbackUrl, params));

  emu.hangup(inbound.callSid);
  assert.equal((await emu.statusCallbacksSettled()).length, 1, 'an ended call is told once');
});

test('a call ended through the API (Status=completed) is told too; a bad StatusCallback is refused', async (t) => {
  const { emu, client } = await setup();
  const app = await receiver();
  t.after(() => Promise.all([emu.close(), app.close()]));
  const inbound = emu.simulateInboundCall({});
  const bad = await rejection(client.calls(inbound.callSid).update({ url: 'https://example.com/x', statusCallback: 'not a url' }));
  assert.equal(bad.status, 400);
  assert.equal(emu.call(inbound.callSid).status_callback, null);
  await client.calls(inbound.callSid).update({ url: 'https://example.com/x', statusCallback: `${app.url}/s` });
  await client.calls(inbound.callSid).update({ status: 'completed' });
  await emu.statusCallbacksSettled();
  assert.equal(app.received.length, 1);
  assert.equal(app.received[0].params.CallStatus, 'completed');
});

test('a call without a status callback tells nothing; an unreachable one is recorded as failed', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const quiet = emu.simulateInboundCall({});
  emu.hangup(quiet.callSid);
  assert.deepEqual(await emu.statusCallbacksSettled(), []);
  const loud = emu.simulateInboundCall({});
  await client.calls(loud.callSid).update({ url: 'https://example.com/x', statusCallback: 'http://127.0.0.1:9/never' });
  emu.hangup(loud.callSid);
  const [delivery] = await emu.statusCallbacksSettled();
  assert.equal(delivery.status, null);
  assert.ok(delivery.error);
});
