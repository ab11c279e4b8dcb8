'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, rejection } = require('./helpers');

test('TaskRouter through the official client', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());

  await t.test('create fills defaults, routes to the workflow queue, and returns the Twilio shape', async () => {
    const task = await ws.tasks.create({
      attributes: JSON.stringify({ taskType: 'callback', callBackData: { numberToCall: '+15551230000' } }),
      workflowSid: emu.defaultWorkflowSid,
      taskChannel: 'voice',
    });
    assert.match(task.sid, /^WT[0-9a-f]{32}$/);
    assert.equal(task.assignmentStatus, 'pending');
    assert.equal(task.accountSid, emu.accountSid);
    assert.equal(task.workspaceSid, emu.workspaceSid);
    assert.equal(task.workflowSid, emu.defaultWorkflowSid);
    assert.equal(task.workflowFriendlyName, 'Assign to Anyone');
    assert.equal(task.taskQueueSid, emu.defaultTaskQueueSid);
    assert.equal(task.taskQueueFriendlyName, 'Everyone');
    assert.equal(task.taskChannelUniqueName, 'voice');
    assert.match(task.taskChannelSid, /^TC[0-9a-f]{32}$/);
    assert.equal(task.priority, 0);
    assert.equal(task.timeout, 86400);
    assert.equal(task.age, 0);
    assert.equal(task.reason, null);
    assert.ok(task.dateCreated instanceof Date);
    assert.ok(task.dateUpdated instanceof Date);
    assert.ok(task.taskQueueEnteredDate instanceof Date);
    assert.equal(task.virtualStartTime.getTime(), task.dateCreated.getTime());
    assert.equal(JSON.parse(task.attributes).callBackData.numberToCall, '+15551230000');
    assert.equal(task.url, `https://taskrouter.twilio.com/v1/Workspaces/${emu.workspaceSid}/Tasks/${task.sid}`);
    assert.equal(typeof task.links.reservations, 'string');
  });

  await t.test('create honours Priority, Timeout, VirtualStartTime and the default task channel', async () => {
    const vst = new Date('2024-05-01T10:00:00Z');
    const task = await ws.tasks.create({
      attributes: '{}', workflowSid: emu.defaultWorkflowSid, priority: 7, timeout: 600, virtualStartTime: vst,
    });
    assert.equal(task.priority, 7);
    assert.equal(task.timeout, 600);
    assert.equal(task.virtualStartTime.toISOString(), vst.toISOString());
    assert.equal(task.taskChannelUniqueName, 'default');
  });

  await t.test('create rejects bad input with Twilio errors', async () => {
    let err = await rejection(ws.tasks.create({ attributes: 'not json', workflowSid: emu.defaultWorkflowSid }));
    assert.equal(err.status, 400);
    assert.equal(err.code, 20001);
    err = await rejection(ws.tasks.create({ attributes: '{}', workflowSid: 'WW' + 'f'.repeat(32) }));
    assert.equal(err.status, 400);
    err = await rejection(ws.tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid, taskChannel: 'nope' }));
    assert.equal(err.status, 400);
  });

  await t.test('fetch returns the task with an ETag; unknown SIDs are 404 20404', async () => {
    const created = await ws.tasks.create({ attributes: '{"a":1}', workflowSid: emu.defaultWorkflowSid });
    const res = await ws.tasks(created.sid).fetchWithHttpInfo();
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.sid, created.sid);
    assert.equal(String(res.headers.etag), '0');
    const err = await rejection(ws.tasks('WT' + 'a'.repeat(32)).fetch());
    assert.equal(err.status, 404);
    assert.equal(err.code, 20404);
    assert.equal(err.moreInfo, 'https://www.twilio.com/docs/errors/20404');
  });

  await t.test('update: attributes, priority, cancel with reason; revision bumps; stale If-Match gives 412', async () => {
    const created = await ws.tasks.create({ attributes: '{"step":1}', workflowSid: emu.defaultWorkflowSid });
    const r1 = await ws.tasks(created.sid).updateWithHttpInfo({ attributes: '{"step":2}', priority: 3, ifMatch: '0' });
    assert.equal(r1.body.priority, 3);
    assert.equal(JSON.parse(r1.body.attributes).step, 2);
    assert.equal(String(r1.headers.etag), '1');

    const stale = await rejection(ws.tasks(created.sid).update({ attributes: '{"step":3}', ifMatch: '0' }));
    assert.equal(stale.status, 412);
    assert.equal(stale.code, 20001);
    assert.equal(JSON.parse((await ws.tasks(created.sid).fetch()).attributes).step, 2, 'a 412 leaves the task unchanged');

    const canceled = await ws.tasks(created.sid).update({
      assignmentStatus: 'canceled', reason: 'Opted to request a callback', ifMatch: '1',
    });
    assert.equal(canceled.assignmentStatus, 'canceled');
    assert.equal(canceled.reason, 'Opted to request a callback');
    assert.equal(emu.task(created.sid).revision, 2);

    const again = await rejection(ws.tasks(created.sid).update({ assignmentStatus: 'canceled' }));
    assert.equal(again.status, 400);
  });

  await t.test('wrapping and completed follow assignment; a pending task cannot complete', async () => {
    const created = await ws.tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid });
    const err = await rejection(ws.tasks(created.sid).update({ assignmentStatus: 'completed' }));
    assert.equal(err.status, 400);
    const assigned = emu.assignTask(created.sid);
    assert.equal(assigned.assignment_status, 'assigned');
    assert.match(assigned.worker_sid, /^WK[0-9a-f]{32}$/);
    assert.equal((await ws.tasks(created.sid).update({ assignmentStatus: 'wrapping' })).assignmentStatus, 'wrapping');
    const done = await ws.tasks(created.sid).update({ assignmentStatus: 'completed', reason: 'done' });
    assert.equal(done.assignmentStatus, 'completed');
    assert.equal(done.reason, 'done');
  });

  await t.test('delete honours If-Match and removes the task', async () => {
    const created = await ws.tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid });
    const stale = await rejection(ws.tasks(created.sid).remove({ ifMatch: '5' }));
    assert.equal(stale.status, 412);
    assert.equal(await ws.tasks(created.sid).remove({ ifMatch: '0' }), true);
    assert.equal((await rejection(ws.tasks(created.sid).fetch())).status, 404);
  });

  await t.test('workflows and task queues: list and fetch', async () => {
    const workflows = await ws.workflows.list();
    assert.ok(workflows.some((w) => w.sid === emu.defaultWorkflowSid && w.friendlyName === 'Assign to Anyone'));
    const wf = await ws.workflows(emu.defaultWorkflowSid).fetch();
    assert.equal(JSON.parse(wf.configuration).task_routing.default_filter.queue, emu.defaultTaskQueueSid);
    const queues = await ws.taskQueues.list({ friendlyName: 'Everyone' });
    assert.equal(queues.length, 1);
    assert.equal((await ws.taskQueues(emu.defaultTaskQueueSid).fetch()).friendlyName, 'Everyone');
    assert.equal((await rejection(ws.workflows('WW' + '1'.repeat(32)).fetch())).status, 404);
    const channels = await ws.taskChannels.list();
    assert.ok(channels.some((c) => c.uniqueName === 'voice'));
  });

  await t.test('a wrong workspace SID is 404', async () => {
    const other = client.taskrouter.v1.workspaces('WS' + '9'.repeat(32));
    assert.equal((await rejection(other.tasks.list())).status, 404);
  });
});

test('TaskRouter task lists: filters, ordering and paging', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());
  const [other] = emu.seed({
    taskQueues: [{ friendlyName: 'Callbacks' }],
    workflows: [{ friendlyName: 'Callback workflow', taskQueue: 'Callbacks' }],
  }).workflows;

  const created = [];
  for (let i = 0; i < 7; i += 1) {
    created.push(await ws.tasks.create({
      attributes: JSON.stringify({ call_sid: `CA${String(i).padStart(32, '0')}`, n: i, nested: { kind: i % 2 ? 'odd' : 'even' } }),
      workflowSid: i < 5 ? emu.defaultWorkflowSid : other.sid,
      priority: i,
    }));
  }
  await ws.tasks(created[1].sid).update({ assignmentStatus: 'canceled' });
  emu.assignTask(created[2].sid, { status: 'reserved' });

  await t.test('AssignmentStatus (repeated and comma-separated) and WorkflowSid', async () => {
    const pending = await ws.tasks.list({ assignmentStatus: ['pending'], workflowSid: emu.defaultWorkflowSid });
    assert.deepEqual(pending.map((x) => x.sid), [created[0], created[3], created[4]].map((x) => x.sid));
    const open = await ws.tasks.list({ assignmentStatus: ['pending', 'reserved'], workflowSid: emu.defaultWorkflowSid });
    assert.equal(open.length, 4);
    const res = await fetch(`${emu.url}/taskrouter/v1/Workspaces/${emu.workspaceSid}/Tasks?AssignmentStatus=pending,reserved&WorkflowSid=${emu.defaultWorkflowSid}`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64') },
    });
    assert.equal((await res.json()).tasks.length, 4);
  });

  await t.test('TaskQueueSid, TaskQueueName and WorkflowName', async () => {
    assert.equal((await ws.tasks.list({ taskQueueName: 'Callbacks' })).length, 2);
    assert.equal((await ws.tasks.list({ taskQueueSid: emu.defaultTaskQueueSid })).length, 5);
    assert.equal((await ws.tasks.list({ workflowName: 'Callback workflow' })).length, 2);
  });

  await t.test('Ordering DateCreated:desc (newest first) and Priority:asc', async () => {
    const newest = await ws.tasks.list({ ordering: 'DateCreated:desc', limit: 3 });
    assert.deepEqual(newest.map((x) => x.sid), [created[6], created[5], created[4]].map((x) => x.sid));
    const byPriority = await ws.tasks.list({ ordering: 'Priority:desc' });
    assert.equal(byPriority[0].priority, 6);
    assert.equal((await rejection(ws.tasks.list({ ordering: 'Nope:sideways' }))).status, 400);
  });

  await t.test('paging: page(), nextPage(), list() and each() follow next_page_url', async () => {
    const first = await ws.tasks.page({ pageSize: 3 });
    assert.equal(first.instances.length, 3);
    // At Twilio's host, as TaskRouter answers: the rewriting client sends it back here.
    assert.ok(first.nextPageUrl.startsWith('https://taskrouter.twilio.com/v1/'), first.nextPageUrl);
    const second = await first.nextPage();
    assert.equal(second.instances.length, 3);
    const third = await second.nextPage();
    assert.equal(third.instances.length, 1);
    assert.equal(third.nextPageUrl, undefined);
    const all = [...first.instances, ...second.instances, ...third.instances].map((x) => x.sid);
    assert.deepEqual(all, created.map((x) => x.sid));
    const listed = await ws.tasks.list({ pageSize: 2 });
    assert.deepEqual(listed.map((x) => x.sid), all);
    const seen = [];
    await new Promise((resolve, reject) => {
      ws.tasks.each({ pageSize: 2, done: (err) => (err ? reject(err) : resolve()) }, (task) => seen.push(task.sid));
    });
    assert.deepEqual(seen, all);
    const limited = await ws.tasks.list({ pageSize: 2, limit: 5 });
    assert.equal(limited.length, 5);
  });

  await t.test("a task's reservations name the worker holding it and its status", async () => {
    assert.deepEqual(await ws.tasks(created[0].sid).reservations.list(), []);
    const reserved = await ws.tasks(created[2].sid).reservations.list();
    assert.equal(reserved.length, 1);
    assert.equal(reserved[0].reservationStatus, 'pending');
    const worker = 'WK' + '3'.repeat(32);
    emu.assignTask(created[3].sid, { workerSid: worker, status: 'assigned' });
    const [accepted] = await ws.tasks(created[3].sid).reservations.list();
    assert.equal(accepted.workerSid, worker);
    assert.equal(accepted.reservationStatus, 'accepted');
    assert.equal(accepted.taskSid, created[3].sid);
  });

  await t.test("a worker's reservations list its tasks, filtered by one ReservationStatus", async () => {
    const worker = 'WK' + '4'.repeat(32);
    emu.assignTask(created[4].sid, { workerSid: worker, status: 'reserved' });
    emu.assignTask(created[5].sid, { workerSid: worker, status: 'assigned' });
    emu.assignTask(created[6].sid, { workerSid: worker, status: 'assigned' });
    await ws.tasks(created[6].sid).update({ assignmentStatus: 'wrapping' });
    const reservations = ws.workers(worker).reservations;
    const all = await reservations.list();
    assert.deepEqual(all.map((r) => r.taskSid), [created[4], created[5], created[6]].map((x) => x.sid));
    assert.deepEqual(all.map((r) => r.reservationStatus), ['pending', 'accepted', 'wrapping']);
    const [one] = all;
    assert.match(one.sid, /^WR[0-9a-f]{32}$/);
    assert.equal(one.workerSid, worker);
    assert.equal(one.workspaceSid, emu.workspaceSid);
    assert.equal(one.accountSid, emu.accountSid);
    assert.equal(one.url, `https://taskrouter.twilio.com/v1/Workspaces/${emu.workspaceSid}/Workers/${worker}/Reservations/${one.sid}`);
    assert.equal(one.links.worker, `https://taskrouter.twilio.com/v1/Workspaces/${emu.workspaceSid}/Workers/${worker}`);
    // the same reservation as the task lists it
    assert.equal((await ws.tasks(created[4].sid).reservations.list())[0].sid, one.sid);
    const accepted = await reservations.list({ reservationStatus: 'accepted' });
    assert.deepEqual(accepted.map((r) => r.taskSid), [created[5].sid]);
    assert.deepEqual(await reservations.list({ reservationStatus: 'rescinded' }), []);
    const page = await reservations.page({ pageSize: 2 });
    assert.equal(page.instances.length, 2);
    assert.equal((await page.nextPage()).instances.length, 1);
    assert.equal((await rejection(reservations.list({ reservationStatus: 'sideways' }))).status, 400);
    const unknown = await rejection(ws.workers('WK' + '9'.repeat(32)).reservations.list());
    assert.equal(unknown.status, 404);
    assert.equal(emu.requests({ kind: 'taskrouter.workers.reservations.list' }).length > 0, true);
  });

  await t.test('paging newest first while tasks are created neither repeats nor skips a task', async () => {
    const first = await ws.tasks.page({ ordering: 'DateCreated:desc', pageSize: 3 });
    for (let i = 0; i < 4; i += 1) {
      await ws.tasks.create({ attributes: JSON.stringify({ late: i }), workflowSid: emu.defaultWorkflowSid });
    }
    const rest = [];
    for (let page = await first.nextPage(); page; page = await page.nextPage()) rest.push(...page.instances);
    const seen = [...first.instances, ...rest].map((x) => x.sid);
    assert.deepEqual(seen, [...created].reverse().map((x) => x.sid));
  });

  await t.test('EvaluateTaskAttributes filters on attributes', async () => {
    emu.advanceClock(1500); // a fresh rate-limit window
    const byCall = await ws.tasks.list({ evaluateTaskAttributes: `call_sid == "CA${'3'.padStart(32, '0')}"` });
    assert.deepEqual(byCall.map((x) => x.sid), [created[3].sid]);
    const nested = await ws.tasks.list({ evaluateTaskAttributes: "nested.kind == 'odd' AND n > 2" });
    assert.deepEqual(nested.map((x) => x.sid), [created[3].sid, created[5].sid]);
    const bad = await rejection(ws.tasks.list({ evaluateTaskAttributes: 'n == ' }));
    assert.equal(bad.status, 400);
  });

  await t.test('EvaluateTaskAttributes is limited to 3 requests per rolling second (429 20429)', async () => {
    emu.advanceClock({ advanceMs: 1500, freeze: true }); // a fresh window, and time stands still
    t.after(() => emu.advanceClock({ freeze: false }));
    // the client mutates the params object it is given: one object per call
    const q = () => ({ evaluateTaskAttributes: 'n >= 0' });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => ws.tasks.list(q())));
    const rejected = results.filter((r) => r.status === 'rejected');
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0].reason.status, 429);
    assert.equal(rejected[0].reason.code, 20429);
    // lists without the filter are not limited
    assert.equal((await ws.tasks.list({ assignmentStatus: ['pending'] })).length > 0, true);
    emu.advanceClock(999);
    assert.equal((await rejection(ws.tasks.list(q()))).status, 429, 'still inside the rolling second');
    emu.advanceClock(1); // the window rolls on
    assert.equal((await ws.tasks.list(q())).length, 7);
  });

  await t.test('a task past its Timeout before assignment is canceled (Task TTL Exceeded)', async () => {
    const short = await ws.tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid, timeout: 60 });
    emu.advanceClock(61000);
    const fetched = await ws.tasks(short.sid).fetch();
    assert.equal(fetched.assignmentStatus, 'canceled');
    assert.equal(fetched.reason, 'Task TTL Exceeded');
    assert.ok(fetched.age >= 61);
    assert.ok(client);
  });
});
