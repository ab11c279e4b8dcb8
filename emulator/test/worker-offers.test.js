'use strict';
// Pending tasks offered to available workers: queue membership, target
// expressions over worker and task, and known agent routing
// (https://www.twilio.com/docs/taskrouter/workflow-configuration/known-agent-routing).

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection } = require('./helpers');

const ANA = 'WK' + 'a'.repeat(32);
const BEN = 'WK' + 'b'.repeat(32);
const CAL = 'WK' + 'c'.repeat(32);

test('tasks are offered to available workers the target matches', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  const queue = emu.defaultTaskQueueSid;
  const workflow = async (targets) => (await ws.workflows.create({
    friendlyName: `Routing ${Math.random()}`,
    configuration: JSON.stringify({ task_routing: { filters: [{ expression: 'transferTargetType == "worker"', targets }], default_filter: { queue } } }),
  })).sid;
  const knownSidWorkflow = () => workflow([{ queue, known_worker_sid: 'task.transferTargetSid' }]);
  const reservationOf = async (sid) => (await ws.tasks(sid).reservations.list()).map((r) => r.workerSid);

  await t.test('no worker is available: tasks wait, as before', async () => {
    emu.setWorker({ sid: ANA, friendlyName: 'ana' });
    const task = await ws.tasks.create({ workflowSid: await knownSidWorkflow(), attributes: '{}' });
    assert.equal(task.assignmentStatus, 'pending');
    assert.equal(emu.state().workers.find((w) => w.sid === ANA).available, false);
  });

  await t.test('known_worker_sid: the worker the task attribute names, and no other', async () => {
    emu.reset();
    const byKnownSid = await knownSidWorkflow();
    emu.setWorker({ sid: ANA, friendlyName: 'ana', available: true });
    const task = await ws.tasks.create({ workflowSid: byKnownSid, attributes: JSON.stringify({ transferTargetType: 'worker', transferTargetSid: BEN }) });
    assert.equal(task.assignmentStatus, 'pending', 'ana is available but not the known worker');
    const { status, body } = await control(emu, 'POST', '/workers', { sid: BEN, friendlyName: 'ben', available: true });
    assert.equal(status, 200);
    assert.equal(body.available, true);
    const reserved = emu.task(task.sid);
    assert.equal(reserved.assignment_status, 'reserved');
    assert.equal(reserved.worker_sid, BEN);
    assert.deepEqual(await reservationOf(task.sid), [BEN]);
    assert.ok(emu.taskrouterEvents().some((e) => e.event_type === 'reservation.created' && e.task_sid === task.sid));
    // A task without the transfer attributes falls to the default filter: any worker (ana is free).
    const other = await ws.tasks.create({ workflowSid: byKnownSid, attributes: '{}' });
    assert.equal(emu.task(other.sid).worker_sid, ANA);
  });

  await t.test('an update that names a worker routes the waiting task to that worker', async () => {
    emu.reset();
    const wf = (await ws.workflows.create({
      friendlyName: 'Assign or wait',
      configuration: JSON.stringify({ task_routing: { filters: [
        { expression: "transferTargetType == 'worker'", targets: [{ queue, known_worker_sid: 'task.transferTargetSid' }] },
        { expression: '1==1', targets: [{ queue, expression: '1==0' }] },
      ] } }),
    })).sid;
    emu.setWorker({ sid: ANA, available: true });
    emu.setWorker({ sid: BEN, available: true });
    const task = await ws.tasks.create({ workflowSid: wf, attributes: '{}' });
    assert.equal(emu.task(task.sid).assignment_status, 'pending', 'the 1==0 target offers it to no one');
    await ws.tasks(task.sid).update({ attributes: JSON.stringify({ transferTargetType: 'worker', transferTargetSid: BEN }) });
    assert.equal(emu.task(task.sid).worker_sid, BEN);
  });

  await t.test('known_worker_friendly_name, a null reference, a worker outside the queue, a busy worker', async () => {
    emu.reset();
    const sales = await ws.taskQueues.create({ friendlyName: 'Sales', targetWorkers: "skills HAS 'sales'" });
    const wf = (await ws.workflows.create({
      friendlyName: 'Known by name',
      configuration: JSON.stringify({ task_routing: { filters: [
        { expression: '1==1', targets: [{ queue: sales.sid, known_worker_friendly_name: 'task.agent', timeout: 60 }, { queue: sales.sid }] },
      ] } }),
    })).sid;
    emu.setWorker({ sid: CAL, friendlyName: 'cal', attributes: { skills: ['support'] }, available: true });
    const outside = await ws.tasks.create({ workflowSid: wf, attributes: JSON.stringify({ agent: 'cal' }) });
    assert.equal(emu.task(outside.sid).assignment_status, 'pending', 'cal is not in the Sales queue (40152)');
    const nobody = await ws.tasks.create({ workflowSid: wf, attributes: JSON.stringify({ agent: null }) });
    emu.setWorker({ sid: ANA, friendlyName: 'ana', attributes: { skills: ['sales'] }, available: true });
    assert.equal(emu.task(outside.sid).assignment_status, 'pending', 'ana is not the worker named');
    assert.equal(emu.task(nobody.sid).assignment_status, 'pending', 'a null reference stays in the target until its timeout');
    emu.advanceClock(61 * 1000);
    assert.equal(emu.task(outside.sid).worker_sid, ANA, 'past the timeout, the next target offers it to the queue');
    assert.equal(emu.task(nobody.sid).assignment_status, 'pending', 'ana holds a task: one at a time');
    emu.assignTask(outside.sid, { status: 'assigned' });
    await ws.tasks(outside.sid).update({ assignmentStatus: 'completed' });
    assert.equal(emu.task(nobody.sid).worker_sid, ANA, 'freed, ana is offered the next');
  });

  await t.test('a target expression reads worker.sid and the task\'s attributes', async () => {
    emu.reset();
    const wf = (await ws.workflows.create({
      friendlyName: 'Not the last agent',
      configuration: JSON.stringify({ task_routing: { filters: [
        { expression: '1==1', targets: [{ queue, expression: 'worker.sid NOT IN task.excluded' }] },
      ] } }),
    })).sid;
    emu.setWorker({ sid: ANA, available: true });
    emu.setWorker({ sid: BEN, available: true });
    const task = await ws.tasks.create({ workflowSid: wf, attributes: JSON.stringify({ excluded: [ANA] }) });
    assert.equal(emu.task(task.sid).worker_sid, BEN);
  });

  await t.test('a target naming its known worker both ways, or by a non-text value, is refused', async () => {
    for (const target of [
      { queue, known_worker_sid: 'task.a', known_worker_friendly_name: 'task.b' },
      { queue, known_worker_sid: 42 },
    ]) {
      const err = await rejection(ws.workflows.create({
        friendlyName: 'Bad', configuration: JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [target] }] } }),
      }));
      assert.equal(err.status, 400);
      assert.match(err.message, /known_worker/);
    }
    assert.equal((await control(emu, 'POST', '/workers', { sid: 'nope' })).status, 400);
  });
});
