'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { loadCore } = require('@cbvm/core');
const { startStack, addHoldWorkflow, PATHS, attributesOf } = require('./helpers');

const LIST = '/features/callback-and-voicemail/flex/list-callbacks';
const MANAGE = '/features/callback-and-voicemail/flex/manage-callback';
const SUPERVISOR = 'WK' + 'a'.repeat(32);
const OTHER_SUPERVISOR = 'WK' + 'b'.repeat(32);
const AGENT = 'WK' + 'c'.repeat(32);
let stack;

before(async () => {
  stack = await startStack();
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  await addHoldWorkflow(stack); // scheduled and after-hours callbacks are held there until due
});

const tokenFor = (workerSid, roles, identity = `${workerSid}@example.com`) =>
  stack.emulator.issueToken({ identity, workerSid, roles }).token;
const supervisor = () => tokenFor(SUPERVISOR, ['supervisor'], 'Sam Supervisor');

async function createCallback(numberToCall = '+14155550100') {
  const response = await stack.request(PATHS.createCallback, { params: { numberToCall, numberToCallFrom: '+18005550199' } });
  assert.equal(response.status, 200);
  return response.body.taskSid;
}

test('an agent, or a request without a token, is refused (403) and nothing is read or changed', async () => {
  const sid = await createCallback();
  const agent = tokenFor(AGENT, ['agent']);
  const listed = await stack.request(LIST, { params: { Token: agent } });
  assert.equal(listed.status, 403);
  assert.match(listed.body.message, /supervisor or admin/);
  assert.equal((await stack.request(LIST, { params: {} })).status, 403);
  const canceled = await stack.request(MANAGE, { params: { Token: agent, action: 'cancel', taskSid: sid, reason: 'x' } });
  assert.equal(canceled.status, 403);
  assert.equal(stack.emulator.task(sid).assignment_status, 'pending');
});

test('lists open callbacks page by page, oldest first, passing TaskRouter page tokens through', async () => {
  const sids = [];
  for (let i = 0; i < 3; i += 1) sids.push(await createCallback(`+1415555010${i}`));
  stack.emulator.assignTask(sids[1], { workerSid: AGENT, status: 'assigned' });
  const token = supervisor();
  const first = await stack.request(LIST, { params: { Token: token, pageSize: '2' } });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.rows.map((r) => r.taskSid), sids.slice(0, 2));
  assert.equal(first.body.rows[0].state, 'waiting');
  assert.equal(first.body.rows[0].number, '+14155550100');
  assert.deepEqual(first.body.rows[0].actions, { reschedule: true, cancel: true, assign: true });
  assert.equal(first.body.rows[1].state, 'assigned');
  assert.ok(first.body.next && first.body.next.pageToken);
  const second = await stack.request(LIST, { params: { Token: token, pageSize: '2', ...first.body.next }, json: true });
  assert.equal(second.status, 200);
  assert.deepEqual(second.body.rows.map((r) => r.taskSid), [sids[2]]);
  assert.equal(second.body.next, null);
  const bad = await stack.request(LIST, { params: { Token: token, pageSize: '500' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /pageSize/);
});

test('cancel needs a reason (400 naming it) and records who canceled and why', async () => {
  const sid = await createCallback();
  const token = supervisor();
  const missing = await stack.request(MANAGE, { params: { Token: token, action: 'cancel', taskSid: sid } });
  assert.equal(missing.status, 400);
  assert.match(missing.body.message, /reason is required/);
  const done = await stack.request(MANAGE, { params: { Token: token, action: 'cancel', taskSid: sid, reason: 'Customer called back' } });
  assert.equal(done.status, 200);
  const task = stack.emulator.task(sid);
  assert.equal(task.assignment_status, 'canceled');
  assert.equal(task.reason, 'Canceled by Sam Supervisor: Customer called back');
  const again = await stack.request(MANAGE, { params: { Token: token, action: 'cancel', taskSid: sid, reason: 'Customer called back' } });
  assert.equal(again.status, 200, 'a repeat is answered, not refused');
});

test('assign to myself sends the task to the supervisor once; another supervisor cannot take it too', async () => {
  const sid = await createCallback();
  const mine = await stack.request(MANAGE, { params: { Token: supervisor(), action: 'assign', taskSid: sid } });
  assert.equal(mine.status, 200);
  const attributes = attributesOf(stack.emulator.task(sid));
  assert.equal(attributes.transferTargetType, 'worker');
  assert.equal(attributes.transferTargetSid, SUPERVISOR);
  assert.equal((await stack.request(MANAGE, { params: { Token: supervisor(), action: 'assign', taskSid: sid } })).status, 200);
  const theirs = await stack.request(MANAGE, {
    params: { Token: tokenFor(OTHER_SUPERVISOR, ['supervisor']), action: 'assign', taskSid: sid },
  });
  assert.equal(theirs.status, 409);
  assert.equal(attributesOf(stack.emulator.task(sid)).transferTargetSid, SUPERVISOR);
});

test('assigned to myself, the callback workflow routes the waiting callback to my worker, not to another available one', async () => {
  const core = await loadCore();
  const ws = stack.emulator.twilioClient().taskrouter.v1.workspaces(stack.emulator.workspaceSid);
  const configuration = core.callbackWorkflow({ queueSid: stack.emulator.defaultTaskQueueSid, retryDelays: [{ attempt: 2, waitMinutes: 10 }] });
  const workflow = await ws.workflows.create({ friendlyName: 'Callbacks and voicemails', configuration: JSON.stringify(configuration) });
  stack.env.TWILIO_FLEX_CALLBACK_WORKFLOW_SID = workflow.sid;
  try {
    const sid = await createCallback();
    assert.equal(stack.emulator.task(sid).workflow_sid, workflow.sid);
    assert.equal((await stack.request(MANAGE, { params: { Token: supervisor(), action: 'assign', taskSid: sid } })).status, 200);
    stack.emulator.setWorker({ sid: AGENT, friendlyName: 'Alex Agent', available: true });
    assert.equal(stack.emulator.task(sid).assignment_status, 'pending', 'the agent available first is not offered it');
    stack.emulator.setWorker({ sid: SUPERVISOR, friendlyName: 'Sam Supervisor', available: true });
    assert.deepEqual((await ws.tasks(sid).reservations.list()).map((r) => [r.workerSid, r.reservationStatus]), [[SUPERVISOR, 'pending']]);
    assert.deepEqual(await ws.workers(AGENT).reservations.list(), []);
    // A callback nobody was assigned is offered to the agent as before.
    const other = await createCallback('+14155550101');
    assert.equal(stack.emulator.task(other).worker_sid, AGENT);
  } finally {
    stack.env.TWILIO_FLEX_CALLBACK_WORKFLOW_SID = stack.emulator.defaultWorkflowSid;
  }
});

test('reschedule cancels the callback and creates its successor for the new time, once', async () => {
  const sid = await createCallback();
  const token = supervisor();
  const scheduledFor = new Date(Date.now() + 2 * 3600 * 1000).toISOString();
  const past = await stack.request(MANAGE, { params: { Token: token, action: 'reschedule', taskSid: sid, scheduledFor: '2001-01-01T00:00:00Z' } });
  assert.equal(past.status, 400);
  assert.match(past.body.message, /scheduledFor/);
  const done = await stack.request(MANAGE, { params: { Token: token, action: 'reschedule', taskSid: sid, scheduledFor } });
  assert.equal(done.status, 200);
  assert.match(stack.emulator.task(sid).reason, /^Rescheduled by Sam Supervisor for /);
  const successor = stack.emulator.task(done.body.newTaskSid);
  const data = attributesOf(successor).callBackData;
  assert.equal(data.scheduledFor, new Date(scheduledFor).toISOString());
  assert.equal(data.rescheduledFrom, sid);
  assert.equal(data.numberToCall, '+14155550100');
  // Held until its time in the hold workflow, as the callback its request makes.
  assert.equal(successor.workflow_sid, stack.env.CALLBACK_HOLD_WORKFLOW_SID);
  assert.equal(attributesOf(successor).callbackRequestId, `held:reschedule:${sid}`);
  assert.equal(attributesOf(successor).callbackHold.release.workflowSid, stack.emulator.defaultWorkflowSid);
  const again = await stack.request(MANAGE, { params: { Token: token, action: 'reschedule', taskSid: sid, scheduledFor } });
  assert.equal(again.status, 200);
  assert.equal(again.body.newTaskSid, done.body.newTaskSid, 'a repeat finds the successor instead of making another');
  const listed = await stack.request(LIST, { params: { Token: token } });
  assert.deepEqual(listed.body.rows, [], 'the queues hold nothing until it is due');
  const held = await stack.request(LIST, { params: { Token: token, held: 'true' } });
  assert.deepEqual(held.body.rows.map((r) => [r.taskSid, r.state]), [[done.body.newTaskSid, 'scheduled']], 'its timer is no row');
});

test('with CALLING_WINDOW set, a reschedule outside the window is refused naming scheduledFor', async () => {
  const windowed = await startStack({
    env: { CALLING_WINDOW: JSON.stringify({ timeZone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } }) },
  });
  try {
    await addHoldWorkflow(windowed); // outside the window the callback is held until it opens
    const created = await windowed.request(PATHS.createCallback, { params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' } });
    const token = windowed.emulator.issueToken({ identity: 'Sam Supervisor', workerSid: SUPERVISOR, roles: ['admin'] }).token;
    // Next Sunday at 12:00 UTC: the window is closed all day.
    const sunday = new Date();
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7 || 7));
    sunday.setUTCHours(12, 0, 0, 0);
    const refused = await windowed.request(MANAGE, {
      params: { Token: token, action: 'reschedule', taskSid: created.body.taskSid, scheduledFor: sunday.toISOString() },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /scheduledFor/);
    assert.equal(windowed.emulator.task(created.body.taskSid).assignment_status, 'pending');
  } finally {
    await windowed.close();
  }
});
