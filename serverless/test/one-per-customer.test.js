'use strict';
// One open callback per customer (CALLBACK_ONE_PER_CUSTOMER): a second request
// for a number with an open callback joins it; the Sync index is claimed once
// under concurrency, repaired when its task ended unseen, and cleared by the
// TaskRouter event callback; voicemails stay their own tasks.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const twilio = require('twilio');
const { createLocalHttpClient } = require('@cbvm/twilio-emulator');
const { startStack, PATHS, SimulatedCall, verbNames, queryOf, attributesOf } = require('./helpers');

const EVENTS = '/features/callback-and-voicemail/taskrouter/events';
const NUMBER = '+14155550100';
const FROM = '+18005550199';
let stack;
let client;
let items;
let messages;

before(async () => {
  stack = await startStack({ env: { CALLBACK_ONE_PER_CUSTOMER: 'true' } });
  client = twilio(stack.emulator.accountSid, stack.emulator.authToken, { httpClient: createLocalHttpClient(stack.emulator.url) });
  const { loadCore } = require('@cbvm/core');
  messages = (await loadCore()).constants().waitMessages;
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  stack.env.CALLBACK_ONE_PER_CUSTOMER = 'true';
  delete stack.env.CALLBACK_MAX_ATTEMPTS;
  // What the deploy makes: the Sync service and the index's map.
  const service = await client.sync.v1.services.create({ friendlyName: 'Callbacks and voicemail' });
  await client.sync.v1.services(service.sid).syncMaps.create({ uniqueName: 'open-callbacks' });
  stack.env.SYNC_SERVICE_SID = service.sid;
  items = client.sync.v1.services(service.sid).syncMaps('open-callbacks').syncMapItems;
});

const create = (params) => stack.request(PATHS.createCallback, { params: { numberToCall: NUMBER, numberToCallFrom: FROM, ...params } });
const indexKey = (number = NUMBER) => `${stack.emulator.defaultWorkflowSid}_${number.slice(1)}`;
const workspace = () => client.taskrouter.v1.workspaces(stack.emulator.workspaceSid);

test('a second request for the number joins its open callback: 200, the same taskSid, merged, recorded on it', async () => {
  const first = await create();
  assert.equal(first.status, 200);
  assert.equal(first.body.merged, undefined);
  const second = await create({ numberToCallFrom: '+18005550111' });
  assert.equal(second.status, 200);
  assert.equal(second.body.success, true);
  assert.equal(second.body.merged, true);
  assert.equal(second.body.taskSid, first.body.taskSid);
  assert.match(second.body.message, /already booked/);
  assert.equal(stack.emulator.tasks().length, 1);
  const data = attributesOf(stack.emulator.task(first.body.taskSid)).callBackData;
  assert.equal(data.mergedRequests.length, 1);
  assert.equal(data.mergedRequests[0].source, 'create-callback');
  assert.equal(data.mergedRequests[0].numberToCallFrom, '+18005550111');
  assert.ok(Date.parse(data.mergedRequests[0].at) > 0);
  const item = await items(indexKey()).fetch();
  assert.equal(item.data.taskSid, first.body.taskSid);
});

test('two requests at once for the same number make one task', async () => {
  const answers = await Promise.all([create(), create(), create()]);
  assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.map((a) => a.body)));
  const sids = new Set(answers.map((a) => a.body.taskSid));
  assert.equal(sids.size, 1);
  assert.equal(answers.filter((a) => a.body.merged).length, 2);
  assert.equal(stack.emulator.tasks().length, 1);
});

test('an index item whose task ended unseen is repaired: a new callback is made and indexed', async () => {
  const first = await create();
  // Canceled with no event delivered (TaskRouter does not retry its event callback).
  await workspace().tasks(first.body.taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
  const second = await create();
  assert.equal(second.status, 200);
  assert.equal(second.body.merged, undefined);
  assert.notEqual(second.body.taskSid, first.body.taskSid);
  assert.equal((await items(indexKey()).fetch()).data.taskSid, second.body.taskSid);
  // An item naming a task that no longer exists is repaired too.
  await items(indexKey()).update({ data: { taskSid: 'WT' + 'f'.repeat(32), claimedBy: 'x', claimedAt: new Date().toISOString() } });
  const third = await create();
  assert.equal(third.body.merged, undefined);
  assert.equal((await items(indexKey()).fetch()).data.taskSid, third.body.taskSid);
});

test("a task's end event clears its item, and only its own", async () => {
  const first = await create();
  const task = stack.emulator.task(first.body.taskSid);
  const event = (sid) => ({ EventType: 'task.canceled', TaskSid: sid, WorkflowSid: task.workflow_sid, TaskAttributes: task.attributes });
  const other = await stack.request(EVENTS, { params: event('WT' + 'e'.repeat(32)) });
  assert.equal(other.status, 204);
  assert.equal((await items(indexKey()).fetch()).data.taskSid, first.body.taskSid, 'an item naming another task stays');
  const own = await stack.request(EVENTS, { params: event(first.body.taskSid) });
  assert.equal(own.status, 204);
  await assert.rejects(items(indexKey()).fetch(), (err) => err.status === 404);
});

test('a voicemail on an open callback is its own task; the callback is left as it was', async () => {
  const first = await create();
  const voicemail = await create({ RecordingSid: 'RE' + '1'.repeat(32), RecordingUrl: 'https://api.twilio.com/rec/RE1' });
  assert.equal(voicemail.status, 200);
  assert.equal(voicemail.body.merged, undefined);
  assert.notEqual(voicemail.body.taskSid, first.body.taskSid);
  assert.equal(attributesOf(stack.emulator.task(voicemail.body.taskSid)).taskType, 'voicemail');
  assert.equal(attributesOf(stack.emulator.task(first.body.taskSid)).callBackData.mergedRequests, undefined);
});

test('off: every request makes its own task, and nothing is written to Sync', async () => {
  stack.env.CALLBACK_ONE_PER_CUSTOMER = 'false';
  const a = await create();
  const b = await create();
  assert.notEqual(a.body.taskSid, b.body.taskSid);
  assert.equal(b.body.merged, undefined);
  assert.deepEqual(Object.keys(b.body).sort(), ['message', 'success', 'taskSid', 'twilioDocPage', 'twilioErrorCode']);
  assert.equal((await items.list()).length, 0);
});

test('the caller who asks again in the queue hears the callback is already booked', async () => {
  const first = await create({ numberToCall: '+14155550123' });
  const inbound = stack.emulator.simulateInboundCall({ from: '+14155550123', to: '+18005550100' });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: '+14155550123', to: '+18005550100' });
  const loop = await call.followRedirect(await call.enqueue());
  const menu = await call.press(loop, '*');
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const toSubmit = await call.press(offer, '1');
  assert.equal(queryOf(toSubmit[0].text).cbphone, '+14155550123');
  const submitted = await call.followRedirect(toSubmit);
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assert.equal(submitted[0].text, messages.callbackAlreadyBooked);
  // The waiting call's task is withdrawn; the open callback is the only one.
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'canceled');
  const open = stack.emulator.tasks().filter((t) => t.assignment_status === 'pending');
  assert.deepEqual(open.map((t) => t.sid), [first.body.taskSid]);
  assert.equal(attributesOf(stack.emulator.task(first.body.taskSid)).callBackData.mergedRequests[0].source, 'wait-experience');
});

test("a requeued callback's successor takes over its item: a new request joins the successor", async () => {
  const agent = 'WK' + '1'.repeat(32);
  stack.env.CALLBACK_MAX_ATTEMPTS = '3';
  const first = await create();
  stack.emulator.assignTask(first.body.taskSid, { workerSid: agent, status: 'assigned' });
  const token = stack.emulator.issueToken({ identity: `${agent}@example.com`, workerSid: agent, roles: ['agent'] }).token;
  const requeued = await stack.request(PATHS.requeueCallback, { params: { taskSid: first.body.taskSid, Token: token } });
  assert.equal(requeued.status, 200);
  assert.equal((await items(indexKey()).fetch()).data.taskSid, requeued.body.taskSid);
  const again = await create();
  assert.equal(again.body.merged, true);
  assert.equal(again.body.taskSid, requeued.body.taskSid);
});
