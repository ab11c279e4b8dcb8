'use strict';
// A caller chooses voicemail and hangs up before the beep: Twilio (the
// emulator) tells the call's status callback, and the agent is given a
// callback task for the caller instead of nothing.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, enterQueue, press, taskItem } = require('./harness');

const CALLER = '+14155550188';
let e2e;
let agent;
let caller;

before(async () => {
  e2e = await startE2E('voicemail-hangup');
  agent = await e2e.agent();
  caller = await e2e.caller();
});
after(() => e2e && e2e.close());

test('a caller who hangs up at the voicemail prompt is called back', async () => {
  const call = await enterQueue(caller, CALLER);
  await press(call, ['*'], { expect: 'To leave a voicemail, press 2' });
  await press(call, ['2']);
  await call.getByTestId('recorder').waitFor();
  await call.getByTestId('hang-up').click();

  const callback = await eventually(
    async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'callback' && t.attributes.callBackData.numberToCall === CALLER),
    { what: 'the callback task' },
  );
  assert.equal(callback.attributes.callBackData.voicemailAbandoned, true);
  assert.equal((await e2e.tasks()).filter((t) => t.attributes.callBackData && t.attributes.callBackData.numberToCall === CALLER).length, 1);
  const item = taskItem(agent, callback.sid);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-channel'), 'callback');
});
