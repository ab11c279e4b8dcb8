'use strict';
// The shipped Studio flow (studio/callback-and-voicemail.flow.json), filled and
// deployed as a deploy command would through the official library: created and
// published, a number pointed at it; then a simulated caller calls the number
// and the emulator's flow engine runs it into the functions' wait experience.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { SimulatedCaller } = require('@cbvm/local/src/caller');
const { startStack, attributesOf } = require('./helpers');
const { fillFlow, placeholdersOf, loadShippedFlow, FlowFillError } = require('../../studio/fill');

const CALLER = '+14155550123';
const NUMBER = '+18005550100';
const sid = (prefix, digit) => prefix + digit.repeat(32);

test('the shipped flow names its placeholders, and fillFlow refuses to leave one', () => {
  const shipped = loadShippedFlow();
  assert.deepEqual(placeholdersOf(shipped), ['CREATE_CALLBACK_FUNCTION_SID', 'ENVIRONMENT_SID', 'FUNCTIONS_BASE_URL', 'SERVICE_SID', 'WORKFLOW_SID']);
  assert.throws(() => fillFlow(shipped, { FUNCTIONS_BASE_URL: 'https://x.twil.io' }), (err) => {
    assert.ok(err instanceof FlowFillError);
    assert.equal(err.code, 'missing-values');
    assert.deepEqual(err.names, ['CREATE_CALLBACK_FUNCTION_SID', 'ENVIRONMENT_SID', 'SERVICE_SID', 'WORKFLOW_SID']);
    return true;
  });
  assert.throws(() => fillFlow('{"a": "{{WORKFLOW_SID}}"}', { WORKFLOW_SID: ' ' }), { code: 'bad-value' });
  assert.throws(() => fillFlow('{"a": "{{A}}"}', { A: '{{B}}' }), { code: 'missing-values' });
  assert.throws(() => fillFlow('{"a": ', {}), { code: 'not-json' });
  const filled = fillFlow(shipped, {
    FUNCTIONS_BASE_URL: 'https://cbvm-1234-dev.twil.io',
    WORKFLOW_SID: sid('WW', '1'),
    SERVICE_SID: sid('ZS', '2'),
    ENVIRONMENT_SID: sid('ZE', '3'),
    CREATE_CALLBACK_FUNCTION_SID: sid('ZH', '4'),
  });
  const flex = filled.states.find((s) => s.type === 'send-to-flex');
  assert.equal(flex.properties.waitUrl, 'https://cbvm-1234-dev.twil.io/features/callback-and-voicemail/studio/wait-experience?mode=initialize');
  assert.equal(flex.properties.workflow, sid('WW', '1'));
  assert.match(flex.properties.attributes, /\{\{trigger\.call\.From\}\}/, 'Studio\'s own expressions are left for Studio');
  assert.deepEqual(placeholdersOf(filled), []);
  assert.deepEqual(placeholdersOf(shipped).length, 5, 'the shipped definition is not changed');
});

let stack;
let client;

before(async () => {
  stack = await startStack();
  client = stack.emulator.twilioClient();
  // What a deploy command does: fill, validate, create published, point the number at it.
  const definition = fillFlow(loadShippedFlow(), {
    FUNCTIONS_BASE_URL: stack.url,
    WORKFLOW_SID: stack.emulator.defaultWorkflowSid,
    SERVICE_SID: sid('ZS', '2'),
    ENVIRONMENT_SID: sid('ZE', '3'),
    CREATE_CALLBACK_FUNCTION_SID: sid('ZH', '4'),
  });
  const friendlyName = 'Callbacks and voicemail';
  assert.equal((await client.studio.v2.flowValidate.update({ friendlyName, status: 'published', definition })).valid, true);
  const flow = await client.studio.v2.flows.create({ friendlyName, status: 'published', definition, commitMessage: 'Deployed by the tests' });
  const number = await client.incomingPhoneNumbers.create({ phoneNumber: NUMBER, friendlyName: 'Contact centre' });
  const [found] = await client.incomingPhoneNumbers.list({ phoneNumber: NUMBER });
  assert.equal(found.sid, number.sid);
  await client.incomingPhoneNumbers(found.sid).update({ voiceUrl: flow.webhookUrl, voiceMethod: 'POST' });
});
after(() => stack && stack.close());

const call = () => SimulatedCaller.callNumber({
  emulatorUrl: stack.emulator.url, functionsUrl: stack.url, accountSid: stack.emulator.accountSid, from: CALLER, to: NUMBER,
});
const said = (caller) => caller.log.filter((l) => l.kind === 'say').map((l) => l.text).join('\n');
const tasksOf = (type) => stack.emulator.tasks().filter((t) => attributesOf(t).taskType === type);

test('staying on the line reaches the wait experience; * then 1 then 1 gives a callback task', async () => {
  const caller = await call();
  assert.equal(caller.view().awaiting.type, 'gather');
  assert.match(said(caller), /To be called back without waiting, press 1/);

  await caller.keepWaiting();
  assert.equal(caller.inQueue, true);
  const queued = stack.emulator.task(caller.taskSid);
  assert.equal(queued.assignment_status, 'pending');
  assert.equal(attributesOf(queued).call_sid, caller.callSid);
  assert.equal(attributesOf(queued).name, CALLER);
  assert.equal(caller.view().awaiting.type, 'gather', 'the wait loop listens for the star key');
  assert.match(said(caller), /press the star key/i);

  await caller.press('*');
  assert.match(said(caller), /To request a callback, press 1/);
  await caller.press('1');
  assert.match(said(caller), /We can call you back at/);
  await caller.press('1');
  assert.match(said(caller), /Your callback request has been received/);
  assert.equal(caller.view().ended, true);

  const [callback] = tasksOf('callback').filter((t) => attributesOf(t).callBackData.numberToCall === CALLER);
  assert.ok(callback, 'a callback task');
  assert.equal(attributesOf(callback).callBackData.numberToCallFrom, NUMBER);
  assert.equal(stack.emulator.task(caller.taskSid).assignment_status, 'canceled', 'the queued call\'s task made way for the callback');
});

test('pressing 1 before the queue asks for a callback at once', async () => {
  const before = tasksOf('callback').length;
  const caller = await call();
  await caller.press('1');
  assert.match(said(caller), /Your callback request has been received/);
  assert.equal(caller.view().ended, true);
  assert.equal(caller.inQueue, false, 'the call never waited in the queue');
  const created = tasksOf('callback');
  assert.equal(created.length, before + 1);
  assert.equal(attributesOf(created.at(-1)).callBackData.numberToCall, CALLER);
});

test('pressing 2 before the queue records a voicemail and makes a voicemail task of it', async () => {
  const caller = await call();
  await caller.press('2');
  assert.equal(caller.view().awaiting.type, 'record');
  await caller.leaveRecording();
  assert.match(said(caller), /your message has been received/);
  assert.equal(caller.view().ended, true);
  const [voicemail] = tasksOf('voicemail');
  assert.ok(voicemail, 'a voicemail task');
  const data = attributesOf(voicemail).callBackData;
  assert.equal(data.numberToCall, CALLER);
  assert.match(data.recordingSid, /^RE[0-9a-f]{32}$/);
  assert.equal(stack.emulator.state().counts.recordings >= 1, true);
});

test('any other key goes to the queue, as staying on the line does', async () => {
  const caller = await call();
  await caller.press('7');
  assert.equal(caller.inQueue, true);
  assert.equal(stack.emulator.task(caller.taskSid).assignment_status, 'pending');
  await caller.hangUp();
  assert.equal(stack.emulator.task(caller.taskSid).assignment_status, 'canceled');
});
