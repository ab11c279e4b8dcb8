'use strict';
// TaskQueue and Workflow statistics through the official client, from tasks
// that wait, are accepted and are canceled on a frozen emulator clock.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, rejection } = require('./helpers');

const SECOND = 1000;

test('queue and workflow statistics follow the tasks and their waits', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  emu.advanceClock({ freeze: true });
  const queue = ws.taskQueues(emu.defaultTaskQueueSid);
  const create = () => ws.tasks.create({ workflowSid: emu.defaultWorkflowSid, attributes: '{}' });

  // t=0: three tasks; t=30: the first is accepted; t=90: the second, and a
  // fourth arrives; t=100: the fourth is canceled; the third still waits.
  const [first, second, third] = [await create(), await create(), await create()];
  emu.advanceClock(30 * SECOND);
  emu.assignTask(first.sid, { workerName: 'alice' });
  emu.advanceClock(60 * SECOND);
  emu.assignTask(second.sid, { workerName: 'bob' });
  const fourth = await create();
  emu.advanceClock(10 * SECOND);
  await ws.tasks(fourth.sid).update({ assignmentStatus: 'canceled', reason: 'hangup' });

  const realtime = await queue.realTimeStatistics().fetch();
  assert.deepEqual(realtime.tasksByStatus, { pending: 1, reserved: 0, assigned: 2, wrapping: 0 });
  assert.equal(realtime.totalTasks, 3);
  assert.equal(realtime.longestTaskWaitingSid, third.sid);
  assert.equal(realtime.longestTaskWaitingAge, 100);
  assert.equal(realtime.longestRelativeTaskSidInQueue, third.sid);
  assert.equal(realtime.longestRelativeTaskAgeInQueue, 100);
  assert.deepEqual(realtime.tasksByPriority, { 0: 3 });
  assert.equal(realtime.totalEligibleWorkers, 2);
  assert.equal(realtime.totalAvailableWorkers, 0);
  assert.equal(realtime.taskQueueSid, emu.defaultTaskQueueSid);
  assert.ok(realtime.activityStatistics.some((a) => a.friendly_name === 'Available'));

  const cumulative = await queue.cumulativeStatistics().fetch({ splitByWaitTime: '60' });
  assert.equal(cumulative.tasksEntered, 4);
  assert.equal(cumulative.reservationsCreated, 2);
  assert.equal(cumulative.reservationsAccepted, 2);
  assert.deepEqual(cumulative.waitDurationUntilAccepted, { avg: 60, min: 30, max: 90, total: 120 });
  assert.deepEqual(cumulative.waitDurationInQueueUntilAccepted, { avg: 60, min: 30, max: 90, total: 120 });
  assert.equal(cumulative.avgTaskAcceptanceTime, 60);
  assert.equal(cumulative.tasksCanceled, 1);
  assert.deepEqual(cumulative.waitDurationUntilCanceled, { avg: 10, min: 10, max: 10, total: 10 });
  assert.deepEqual(cumulative.splitByWaitTime, {
    60: { above: { tasks_canceled: 0, reservations_accepted: 1 }, below: { tasks_canceled: 1, reservations_accepted: 1 } },
  });
  assert.equal(cumulative.endTime.getTime() - cumulative.startTime.getTime(), 15 * 60 * SECOND, 'the last 15 minutes by default');

  // The last minute only: the second acceptance, the fourth task's arrival and cancel.
  const lastMinute = await queue.cumulativeStatistics().fetch({ minutes: 1 });
  assert.equal(lastMinute.tasksEntered, 1);
  assert.equal(lastMinute.reservationsAccepted, 1);
  assert.deepEqual(lastMinute.waitDurationUntilAccepted, { avg: 90, min: 90, max: 90, total: 90 });
  // (dates cross the API in whole seconds)
  const created = first.dateCreated.getTime();
  const firstHalfMinute = await queue.cumulativeStatistics().fetch({
    startDate: new Date(created), endDate: new Date(created + 31 * SECOND),
  });
  assert.equal(firstHalfMinute.tasksEntered, 3);
  assert.equal(firstHalfMinute.reservationsAccepted, 1);
  assert.equal(firstHalfMinute.avgTaskAcceptanceTime, 30);

  // A channel with no tasks has nothing; an unknown one is refused.
  const sms = await queue.realTimeStatistics().fetch({ taskChannel: 'sms' });
  assert.equal(sms.totalTasks, 0);
  assert.equal(sms.longestTaskWaitingSid, null);
  assert.equal((await rejection(queue.cumulativeStatistics().fetch({ taskChannel: 'fax' }))).status, 400);

  const [listed] = await ws.taskQueues.statistics.list({ friendlyName: 'Everyone' });
  assert.equal(listed.taskQueueSid, emu.defaultTaskQueueSid);
  assert.equal(listed.realtime.total_tasks, 3);
  assert.equal(listed.cumulative.tasks_entered, 4);
  const single = await queue.statistics().fetch();
  assert.equal(single.realtime.longest_task_waiting_sid, third.sid);

  const wfRealtime = await ws.workflows(emu.defaultWorkflowSid).realTimeStatistics().fetch();
  assert.equal(wfRealtime.totalTasks, 3);
  assert.equal(wfRealtime.longestTaskWaitingSid, third.sid);
  const wfCumulative = await ws.workflows(emu.defaultWorkflowSid).cumulativeStatistics().fetch();
  assert.equal(wfCumulative.tasksEntered, 4);
  assert.equal(wfCumulative.avgTaskAcceptanceTime, 60);
  assert.equal(wfCumulative.tasksTimedOutInWorkflow, 0);

  // Each statistics request has its kind in the request log, for a bench to count.
  assert.equal(emu.requests({ kind: 'taskrouter.taskqueues.realtime-statistics' }).length, 2);
  assert.equal(emu.requests({ kind: 'taskrouter.taskqueues.cumulative-statistics' }).length, 4);
  assert.equal(emu.requests({ kind: 'taskrouter.taskqueues.statistics-list' }).length, 1);
  assert.equal(emu.requests({ kind: 'taskrouter.taskqueues.statistics' }).length, 1);
  assert.equal(emu.requests({ kind: 'taskrouter.workflows.realtime-statistics' }).length, 1);
  assert.equal(emu.requests({ kind: 'taskrouter.workflows.cumulative-statistics' }).length, 1);

  const missing = await rejection(ws.taskQueues('WQ' + '1'.repeat(32)).realTimeStatistics().fetch());
  assert.equal(missing.status, 404);
});

test('tasks held in a queue by a target and then moved count as moved out of it', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  emu.advanceClock({ freeze: true });
  const hold = await ws.taskQueues.create({ friendlyName: 'Held' });
  const configuration = { task_routing: { filters: [{ expression: '1==1', targets: [{ queue: hold.sid, expression: '1==0', timeout: 60 }, { queue: emu.defaultTaskQueueSid }] }] } };
  const wf = await ws.workflows.create({ friendlyName: 'Hold a minute', configuration: JSON.stringify(configuration) });
  await ws.tasks.create({ workflowSid: wf.sid, attributes: '{}' });
  assert.equal((await ws.taskQueues(hold.sid).realTimeStatistics().fetch()).totalTasks, 1);
  emu.advanceClock(61 * SECOND);
  const held = await ws.taskQueues(hold.sid).cumulativeStatistics().fetch();
  assert.equal(held.tasksEntered, 1);
  assert.equal(held.tasksMoved, 1);
  assert.equal((await ws.taskQueues(hold.sid).realTimeStatistics().fetch()).totalTasks, 0);
  const open = await ws.taskQueues(emu.defaultTaskQueueSid).realTimeStatistics().fetch();
  assert.equal(open.totalTasks, 1);
  assert.equal(open.longestTaskWaitingAge, 61);
  assert.equal(open.longestRelativeTaskAgeInQueue, 1);
  assert.equal((await ws.workflows(wf.sid).cumulativeStatistics().fetch()).tasksMoved, 1);
});
