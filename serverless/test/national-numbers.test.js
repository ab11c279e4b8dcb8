'use strict';
// National numbers are read in the country the caller dialled (ToCountry /
// CalledCountry on Twilio's voice requests), else in CALLBACK_DEFAULT_REGION,
// through the functions as deployed: the wait experience and create-callback.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, SimulatedCall, queryOf, attributesOf } = require('./helpers');

const UK_CALLER = '+447700900123';
const UK_NUMBER = '+442071838750';
let stack;

before(async () => {
  stack = await startStack({ env: { CALLBACK_DEFAULT_REGION: 'US' } });
});
after(() => stack && stack.close());
beforeEach(() => {
  stack.emulator.reset();
  stack.env.CALLBACK_DEFAULT_REGION = 'US';
});

async function typedCallback(from, to, digits) {
  const inbound = stack.emulator.simulateInboundCall({ from, to });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from, to });
  const loop = await call.followRedirect(await call.enqueue());
  const menu = await call.press(loop, '*');
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const entry = await call.followRedirect(await call.press(offer, '2'));
  const confirm = await call.press(entry, digits);
  return { inbound, call, confirm };
}

test('a caller who dialled a UK number types a UK national number: read back and called as +44', async () => {
  const { inbound, call, confirm } = await typedCallback(UK_CALLER, UK_NUMBER, '02079460958');
  assert.equal(confirm[0].children[1].text, '+442079460958');
  assert.equal(confirm[0].children[1].children[0].attrs['interpret-as'], 'telephone');
  await call.followRedirect(await call.press(confirm, '1'));
  const [task] = stack.emulator.tasks().filter((t) => t.sid !== inbound.taskSid);
  assert.equal(attributesOf(task).callBackData.numberToCall, '+442079460958');
  assert.equal(attributesOf(task).callBackData.numberToCallFrom, UK_NUMBER);
});

test('the same digits on a US number are a US number; the dialled country beats the default region', async () => {
  const us = await typedCallback('+14155550123', '+18005550100', '4155550999');
  assert.equal(us.confirm[0].children[1].text, '+14155550999');
  stack.env.CALLBACK_DEFAULT_REGION = 'US';
  const uk = await typedCallback(UK_CALLER, UK_NUMBER, '4155550999');
  // Not a valid UK number: refused and asked for again, never dialled as +44 415…
  assert.equal(queryOf(uk.confirm[uk.confirm.length - 1].text).mode, 'request-callback-number');
});

test('create-callback reads a national number in ToCountry, else in CALLBACK_DEFAULT_REGION', async () => {
  const byDefault = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '(415) 555-0100', numberToCallFrom: '+18005550199' },
  });
  assert.equal(byDefault.status, 200, JSON.stringify(byDefault.body));
  assert.equal(attributesOf(stack.emulator.task(byDefault.body.taskSid)).callBackData.numberToCall, '+14155550100');

  const byDialled = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '020 7946 0958', numberToCallFrom: UK_NUMBER, ToCountry: 'GB' },
  });
  assert.equal(byDialled.status, 200, JSON.stringify(byDialled.body));
  assert.equal(attributesOf(stack.emulator.task(byDialled.body.taskSid)).callBackData.numberToCall, '+442079460958');
});

test('without a default region or a dialled country, a national number is refused naming the field', async () => {
  delete stack.env.CALLBACK_DEFAULT_REGION;
  const refused = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '4155550100', numberToCallFrom: '+18005550199' },
  });
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.match(refused.body.message, /numberToCall/);
  assert.equal(stack.emulator.tasks().length, 0);
  // The international form needs no region.
  const accepted = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+1 415 555 0100', numberToCallFrom: '+18005550199' },
  });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
});
