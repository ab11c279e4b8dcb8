'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection } = require('./helpers');
const { Faults, seededRandom, matchesTarget } = require('../src/faults');

test('fault injection through the control endpoint', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());
  const createTask = () => ws.tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid });
  t.beforeEach(() => emu.clearFaults());

  for (const status of [412, 429, 503]) {
    await t.test(`a ${status} answer with a Twilio error body`, async () => {
      const added = await control(emu, 'POST', '/faults', { target: 'taskrouter.tasks.create', statuses: [status], times: 1 });
      assert.equal(added.status, 201);
      const err = await rejection(createTask());
      assert.equal(err.status, status);
      assert.equal(typeof err.code, 'number');
      assert.match(err.moreInfo, /^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/);
      // times: 1 -> the next request goes through
      const task = await createTask();
      assert.equal(task.assignmentStatus, 'pending');
      const log = emu.requests({ kind: 'taskrouter.tasks.create' }).slice(-2);
      assert.deepEqual(log.map((e) => [e.status, e.fault]), [[status, 'status'], [201, null]]);
    });
  }

  await t.test('connection reset', async () => {
    emu.addFault({ target: 'voice.queues.list', reset: true, times: 1 });
    const err = await rejection(client.queues.list());
    assert.equal(err.status, undefined, 'not an HTTP answer');
    assert.match(`${err.code} ${err.message}`, /ECONNRESET|socket hang up|EPIPE/);
    assert.deepEqual(await client.queues.list(), []);
    const last = emu.requests({ kind: 'voice.queues.list' });
    assert.equal(last[0].fault, 'reset');
    assert.equal(last[0].status, null);
  });

  await t.test('added latency still answers normally', async () => {
    const rule = emu.addFault({ target: 'taskrouter.*', latencyMs: [5, 15] });
    const task = await createTask();
    assert.equal(task.assignmentStatus, 'pending');
    assert.equal(emu.listFaults().find((r) => r.id === rule.id).matched, 1);
  });

  await t.test('rate 0 never fires; rate 1 always fires; other endpoints are untouched', async () => {
    emu.addFault({ target: 'taskrouter.tasks.list', statuses: [503], rate: 0 });
    assert.ok(Array.isArray(await ws.tasks.list()));
    emu.clearFaults();
    emu.addFault({ target: 'taskrouter.tasks.list', statuses: [503], rate: 1 });
    assert.equal((await rejection(ws.tasks.list())).status, 503);
    assert.equal((await rejection(ws.tasks.list())).status, 503);
    assert.ok(await ws.workflows.list());
  });

  await t.test('a seeded rule gives the same sequence every time', async () => {
    const run = async () => {
      emu.clearFaults();
      emu.addFault({ target: 'voice.queues.list', rate: 0.5, statuses: [429, 503], seed: 42 });
      const out = [];
      for (let i = 0; i < 12; i += 1) {
        try {
          await client.queues.list();
          out.push(200);
        } catch (err) {
          out.push(err.status);
        }
      }
      return out;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes(200));
    assert.ok(a.some((s) => s !== 200));
  });

  await t.test('list, remove one, clear; bad rules are 400', async () => {
    const r1 = (await control(emu, 'POST', '/faults', { target: 'iam.*', statuses: [503] })).body;
    const many = (await control(emu, 'POST', '/faults', { rules: [{ target: 'voice.calls.update', statuses: [429] }, { target: '*', latencyMs: 1 }] })).body;
    assert.equal(many.faults.length, 2);
    assert.equal((await control(emu, 'GET', '/faults')).body.faults.length, 3);
    assert.equal((await control(emu, 'DELETE', `/faults/${r1.id}`)).status, 200);
    assert.equal((await control(emu, 'GET', '/faults')).body.faults.length, 2);
    assert.equal((await control(emu, 'DELETE', '/faults')).status, 200);
    assert.deepEqual((await control(emu, 'GET', '/faults')).body.faults, []);
    assert.equal((await control(emu, 'POST', '/faults', { statuses: [503] })).status, 400);
    assert.equal((await control(emu, 'POST', '/faults', { target: '*', statuses: [200] })).status, 400);
    assert.equal((await control(emu, 'POST', '/faults', { target: '*', rate: 2 })).status, 400);
  });

  await t.test('faults do not apply to the control surface', async () => {
    emu.addFault({ target: '*', statuses: [503] });
    assert.equal((await control(emu, 'GET', '/state')).status, 200);
  });
});

test('fault rules in isolation', () => {
  assert.ok(matchesTarget('*', 'voice.calls.update'));
  assert.ok(matchesTarget('voice.*', 'voice.calls.update'));
  assert.ok(matchesTarget('voice.calls.*', 'voice.calls.update'));
  assert.ok(!matchesTarget('voice.calls.fetch', 'voice.calls.update'));
  assert.ok(matchesTarget(['iam.tokens.validate', 'voice.calls.update'], 'voice.calls.update'));
  const r1 = seededRandom(7);
  const r2 = seededRandom(7);
  for (let i = 0; i < 5; i += 1) assert.equal(r1(), r2());
  const faults = new Faults();
  faults.add({ target: 'a.b', statuses: [429, 503], reset: true, rate: 1, seed: 1 });
  const kinds = new Set();
  for (let i = 0; i < 60; i += 1) {
    const d = faults.decide('a.b');
    kinds.add(d.action.type === 'reset' ? 'reset' : d.action.status);
  }
  assert.deepEqual([...kinds].sort(), [429, 503, 'reset'].sort());
  assert.equal(faults.decide('c.d').action, null);
});
