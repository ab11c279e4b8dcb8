'use strict';
// Workflow routing over time and the workspace's event callback, through the official client.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, rejection, receiver } = require('./helpers');
const { signature } = require('../src/status-callbacks');

const eventReceiver = () => receiver({ status: 204, contentType: 'application/json', body: '' });

const SECOND = 1000;

async function holdingWorkflow(emu, ws, { targets, withDefault = true }) {
  const hold = await ws.taskQueues.create({ friendlyName: 'Callbacks held', targetWorkers: '1==1' });
  const agents = await ws.taskQueues.create({ friendlyName: 'Callbacks', targetWorkers: '1==1' });
  const configuration = {
    task_routing: {
      filters: [{ filter_friendly_name: 'Retries wait', expression: 'callBackData.attempts >= 1', targets: targets(hold.sid, agents.sid) }],
      ...(withDefault ? { default_filter: { queue: emu.defaultTaskQueueSid } } : {}),
    },
  };
  const wf = await ws.workflows.create({ friendlyName: 'Callback', configuration: JSON.stringify(configuration) });
  return { hold, agents, wf };
}

const typesOf = (list, taskSid) => list.filter((d) => d.params.TaskSid === taskSid).map((d) => d.params.EventType);

test('a task held by a 1==0 target moves on when its timeout elapses on the emulator clock, and each step is posted in order', async (t) => {
  const { emu, ws } = await setup();
  const app = await eventReceiver();
  t.after(() => Promise.all([emu.close(), app.close()]));
  emu.advanceClock({ freeze: true });

  const callbackUrl = `${app.url}/taskrouter-events`;
  const updated = await ws.update({ eventCallbackUrl: callbackUrl });
  assert.equal(updated.eventCallbackUrl, callbackUrl);
  assert.equal((await ws.fetch()).eventCallbackUrl, callbackUrl);

  const { hold, agents, wf } = await holdingWorkflow(emu, ws, {
    targets: (held, open) => [{ queue: held, expression: '1==0', timeout: 600 }, { queue: open }],
  });
  const created = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 1 } }) });
  assert.equal(created.taskQueueSid, hold.sid);
  const createdAt = created.dateCreated.getTime();

  emu.advanceClock(599 * SECOND);
  assert.equal((await ws.tasks(created.sid).fetch()).taskQueueSid, hold.sid, 'still held a second before the timeout');

  emu.advanceClock(1 * SECOND);
  const moved = await ws.tasks(created.sid).fetch();
  assert.equal(moved.taskQueueSid, agents.sid);
  assert.equal(moved.taskQueueFriendlyName, 'Callbacks');
  assert.equal(moved.taskQueueEnteredDate.getTime(), createdAt + 600 * SECOND);
  assert.equal(moved.age, 600);
  assert.equal(moved.assignmentStatus, 'pending');

  const delivered = await emu.eventCallbacksSettled();
  const expected = [
    'task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered',
    'task-queue.timeout', 'workflow.target-matched', 'task-queue.moved', 'task-queue.entered',
  ];
  assert.deepEqual(typesOf(delivered, created.sid), expected);
  assert.ok(delivered.every((d) => d.status === 204));
  assert.deepEqual(app.received.map((r) => r.params.EventType), expected, 'the receiver saw them in the order they happened');

  const byType = (type, n = 0) => app.received.filter((r) => r.params.EventType === type)[n];
  for (const r of app.received) {
    assert.equal(r.method, 'POST');
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(r.headers['x-twilio-signature'], signature(emu.authToken, callbackUrl, r.params));
    assert.equal(r.params.AccountSid, emu.accountSid);
    assert.equal(r.params.WorkspaceSid, emu.workspaceSid);
    assert.equal(r.params.WorkflowSid, wf.sid);
    assert.equal(r.params.TaskSid, created.sid);
    assert.deepEqual(JSON.parse(r.params.TaskAttributes), { callBackData: { attempts: 1 } });
    assert.equal(r.params.ResourceType, 'task');
    assert.equal(r.params.ResourceSid, created.sid);
    assert.match(r.params.Timestamp, /^\d+$/);
    assert.match(r.params.Sid, /^EV[0-9a-f]{32}$/);
    assert.ok(r.params.EventDescription);
  }
  assert.equal(byType('workflow.target-matched', 0).params.WorkflowFilterTargetExpression, '1==0');
  assert.equal(byType('workflow.target-matched', 0).params.WorkflowFilterName, 'Retries wait');
  assert.equal(byType('task-queue.entered', 0).params.TaskQueueSid, hold.sid);
  assert.equal(byType('task-queue.timeout').params.TaskQueueSid, hold.sid);
  assert.equal(byType('task-queue.timeout').params.Timestamp, String(Math.floor((createdAt + 600 * SECOND) / 1000)));
  assert.equal(byType('task-queue.timeout').params.TaskAge, '600');
  assert.equal(byType('task-queue.entered', 1).params.TaskQueueSid, agents.sid);
  assert.equal(byType('task-queue.entered', 1).params.TaskQueueName, 'Callbacks');

  // Accepting and finishing the task are told too.
  emu.assignTask(created.sid, { workerName: 'alice' });
  await ws.tasks(created.sid).update({ assignmentStatus: 'completed', reason: 'called back' });
  const later = await emu.eventCallbacksSettled();
  assert.deepEqual(typesOf(later, created.sid).slice(expected.length), ['reservation.created', 'reservation.accepted', 'task.completed']);
  const accepted = later.find((d) => d.params.EventType === 'reservation.accepted').params;
  assert.equal(accepted.ResourceType, 'reservation');
  assert.match(accepted.ReservationSid, /^WR/);
  assert.equal(accepted.WorkerName, 'alice');
  assert.equal(accepted.TaskQueueSid, agents.sid);
  assert.equal(later.at(-1).params.TaskCompletedReason, 'called back');
});

test("after the last target's timeout the task times out of the workflow into the default filter's queue", async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  emu.advanceClock({ freeze: true });
  const { wf } = await holdingWorkflow(emu, ws, {
    targets: (held, open) => [{ queue: held, expression: '1==0', timeout: 60 }, { queue: open, timeout: 60 }],
  });
  const task = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 2 } }) });
  // One jump past both deadlines walks through each step, at its own time.
  emu.advanceClock(500 * SECOND);
  const fetched = await ws.tasks(task.sid).fetch();
  assert.equal(fetched.taskQueueSid, emu.defaultTaskQueueSid);
  assert.equal(fetched.taskQueueEnteredDate.getTime(), task.dateCreated.getTime() + 120 * SECOND);
  const events = emu.taskrouterEvents({ taskSid: task.sid });
  assert.deepEqual(events.map((e) => e.event_type), [
    'task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered',
    'task-queue.timeout', 'workflow.target-matched', 'task-queue.moved', 'task-queue.entered',
    'task-queue.timeout', 'workflow.timeout', 'task-queue.moved', 'task-queue.entered',
  ]);
  assert.deepEqual(events.slice(-4).map((e) => e.params.TaskAge), ['120', '120', '120', '120']);
  emu.advanceClock(10000 * SECOND);
  assert.equal(emu.taskrouterEvents({ taskSid: task.sid }).length, 12, 'the default filter has no further timeout');
});

test('with no default filter the task stays in its last queue after the workflow timeout', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  emu.advanceClock({ freeze: true });
  const { agents, wf } = await holdingWorkflow(emu, ws, {
    withDefault: false,
    targets: (held, open) => [{ queue: held, timeout: 10 }, { queue: open, timeout: 10 }],
  });
  const task = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 1 } }) });
  emu.advanceClock(30 * SECOND);
  assert.equal((await ws.tasks(task.sid).fetch()).taskQueueSid, agents.sid);
  assert.deepEqual(emu.taskrouterEvents({ taskSid: task.sid }).slice(-2).map((e) => e.event_type), ['task-queue.timeout', 'workflow.timeout']);
});

test('updating a pending task\'s attributes evaluates its workflow again from the top', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  emu.advanceClock({ freeze: true });
  const { hold, wf } = await holdingWorkflow(emu, ws, {
    targets: (held, open) => [{ queue: held, expression: '1==0', timeout: 600 }, { queue: open }],
  });
  const task = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 0 } }) });
  assert.equal(task.taskQueueSid, emu.defaultTaskQueueSid);

  emu.advanceClock(5 * SECOND);
  const rerouted = await ws.tasks(task.sid).update({ attributes: JSON.stringify({ callBackData: { attempts: 1 } }) });
  assert.equal(rerouted.taskQueueSid, hold.sid);
  assert.equal(rerouted.taskQueueEnteredDate.getTime(), task.dateCreated.getTime() + 5 * SECOND);
  assert.deepEqual(emu.taskrouterEvents({ taskSid: task.sid }).slice(3).map((e) => e.event_type),
    ['task.updated', 'workflow.target-matched', 'task-queue.moved', 'task-queue.entered']);

  // The target's timeout counts on the task's age, not from the update.
  emu.advanceClock(595 * SECOND);
  assert.notEqual((await ws.tasks(task.sid).fetch()).taskQueueSid, hold.sid);

  // Back out of the filter: to the default filter's queue.
  const back = await ws.tasks(task.sid).update({ attributes: JSON.stringify({ callBackData: { attempts: 0 } }) });
  assert.equal(back.taskQueueSid, emu.defaultTaskQueueSid);

  // A priority change alone is told but does not route again.
  const before = emu.taskrouterEvents({ taskSid: task.sid }).length;
  await ws.tasks(task.sid).update({ priority: 5 });
  assert.deepEqual(emu.taskrouterEvents({ taskSid: task.sid }).slice(before).map((e) => e.event_type), ['task.updated']);
});

test('EventsFilter limits which events are posted; the workspace shows both settings', async (t) => {
  const { emu, ws } = await setup();
  const app = await eventReceiver();
  t.after(() => Promise.all([emu.close(), app.close()]));
  const updated = await ws.update({ eventCallbackUrl: `${app.url}/e`, eventsFilter: 'task.created,task.canceled' });
  assert.equal(updated.eventsFilter, 'task.created,task.canceled');
  const fetched = await ws.fetch();
  assert.equal(fetched.eventsFilter, 'task.created,task.canceled');
  assert.equal(fetched.eventCallbackUrl, `${app.url}/e`);

  const task = await ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: '{}' });
  await ws.tasks(task.sid).update({ attributes: '{"a":1}' });
  await ws.tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'hangup' });
  await emu.eventCallbacksSettled();
  assert.deepEqual(app.received.map((r) => r.params.EventType), ['task.created', 'task.canceled']);
  assert.equal(app.received[1].params.TaskCanceledReason, 'hangup');
  assert.ok(emu.taskrouterEvents({ taskSid: task.sid }).some((e) => e.event_type === 'task.updated'), 'every event is still recorded');

  // An empty filter lets everything through again; an empty URL stops the posts.
  await ws.update({ eventsFilter: '' });
  assert.equal((await ws.fetch()).eventsFilter, null);
  await ws.update({ eventCallbackUrl: '' });
  await ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: '{}' });
  assert.equal((await emu.eventCallbacksSettled()).length, 2);

  const bad = await rejection(ws.update({ eventCallbackUrl: 'not a url' }));
  assert.equal(bad.status, 400);

  // The control route lists the posts.
  const res = await fetch(`${emu.url}/__control/taskrouter/event-callbacks?settled=true`);
  assert.equal((await res.json()).eventCallbacks.length, 2);
  assert.equal(emu.requests({ kind: 'taskrouter.workspaces.update' }).length, 4);
});

test('with the clock running, a real-time timer moves the task when its target times out', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  const { agents, wf } = await holdingWorkflow(emu, ws, {
    targets: (held, open) => [{ queue: held, expression: '1==0', timeout: 1 }, { queue: open }],
  });
  const task = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 1 } }) });
  await new Promise((r) => setTimeout(r, 1300));
  // Read through the control state, which does not itself sweep: the timer moved it.
  const types = emu.taskrouterEvents({ taskSid: task.sid }).map((e) => e.event_type);
  assert.ok(types.includes('task-queue.timeout'), types.join(','));
  assert.equal(emu.store.tasks.get(task.sid).taskQueueSid, agents.sid);
});

test('a task whose Timeout runs out on the emulator clock is canceled and posted as task.canceled "Task TTL Exceeded"; Timeout is at most two weeks', async (t) => {
  const { emu, ws } = await setup();
  const app = await eventReceiver();
  t.after(() => Promise.all([emu.close(), app.close()]));
  emu.advanceClock({ freeze: true });
  await ws.update({ eventCallbackUrl: `${app.url}/taskrouter-events` });

  // https://www.twilio.com/docs/taskrouter/api/task: "Can be up to a maximum of 2 weeks (1,209,600 seconds)".
  assert.equal((await rejection(ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: '{}', timeout: 1209601 }))).status, 400);
  const longest = await ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: '{}', timeout: 1209600 });
  assert.equal(longest.timeout, 1209600);

  const timer = await ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: JSON.stringify({ timer: 1 }), timeout: 120 });
  emu.advanceClock(119 * SECOND);
  assert.equal((await ws.tasks(timer.sid).fetch()).assignmentStatus, 'pending');
  emu.advanceClock(1 * SECOND);
  const delivered = await emu.eventCallbacksSettled();
  const canceled = delivered.find((d) => d.params.TaskSid === timer.sid && d.params.EventType === 'task.canceled');
  assert.ok(canceled, 'the expiry is posted');
  assert.equal(canceled.params.TaskCanceledReason, 'Task TTL Exceeded');
  assert.match(canceled.params.EventDescription, /Task TTL Exceeded/);
  assert.equal(Number(canceled.params.Timestamp), Math.floor((timer.dateCreated.getTime() + 120 * SECOND) / 1000));
  assert.deepEqual(JSON.parse(canceled.params.TaskAttributes), { timer: 1 });
});
