'use strict';
// The customer phones control (how a phone answers calls placed to it), and
// where the workflow holds a task as the control endpoints show it.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup } = require('./helpers');

test('a customer phone can be set not to answer, to be busy, and back; reset forgets it', async (t) => {
  const { emu } = await setup();
  t.after(() => emu.close());
  const number = '+14155550100';
  assert.deepEqual(emu.phone(number), { number, answer: 'answer' });
  assert.deepEqual(emu.setPhone({ number, answer: 'no-answer' }), { number, answer: 'no-answer' });

  const base = emu.url;
  const busy = await fetch(`${base}/__control/phones`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ number, answer: 'busy' }),
  }).then((r) => r.json());
  assert.equal(busy.answer, 'busy');
  const read = await fetch(`${base}/__control/phones/${encodeURIComponent(number)}`).then((r) => r.json());
  assert.equal(read.answer, 'busy');

  const bad = await fetch(`${base}/__control/phones`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ number, answer: 'maybe' }),
  });
  assert.equal(bad.status, 400);
  assert.throws(() => emu.setPhone({ number: '555', answer: 'busy' }), /E\.164/);

  emu.reset();
  assert.equal(emu.phone(number).answer, 'answer');
});

test('a task held by a `1==0` target shows where it is held until its timeout moves it on', async (t) => {
  const { emu, ws } = await setup();
  t.after(() => emu.close());
  const queue = emu.defaultTaskQueueSid;
  const wf = await ws.workflows.create({
    friendlyName: 'Outcome waits',
    configuration: JSON.stringify({
      task_routing: {
        filters: [{ filter_friendly_name: 'waits 10', expression: 'callBackData.retryWaitMinutes == 10', targets: [{ queue, expression: '1==0', timeout: 600 }, { queue }] }],
        default_filter: { queue },
      },
    }),
  });
  const task = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { retryWaitMinutes: 10 } }) });
  assert.deepEqual(emu.task(task.sid).routing, { filter_index: 0, target_index: 0, expression: '1==0', exhausted: false });
  emu.advanceClock(599 * 1000);
  assert.equal(emu.task(task.sid).routing.expression, '1==0');
  emu.advanceClock(2 * 1000);
  assert.equal(emu.task(task.sid).routing.target_index, 1);
  assert.equal(emu.task(task.sid).routing.expression, null);
});
