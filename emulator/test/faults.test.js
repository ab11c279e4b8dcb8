'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection, twilio } = require('./helpers');
const { createLocalHttpClient } = require('../src');
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

test('answers lost after the change is committed', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());
  t.beforeEach(() => emu.clearFaults());
  const createTask = () => ws.tasks.create({ attributes: '{"n":1}', workflowSid: emu.defaultWorkflowSid });

  await t.test('a reset after commit: the task exists though the client saw no answer', async () => {
    emu.addFault({ target: 'taskrouter.tasks.create', reset: true, after: true, times: 1 });
    const err = await rejection(createTask());
    assert.equal(err.status, undefined, 'not an HTTP answer');
    assert.match(`${err.code} ${err.message}`, /ECONNRESET|socket hang up|EPIPE/);
    assert.equal(emu.tasks().length, 1, 'the create was committed');
    const [entry] = emu.requests({ kind: 'taskrouter.tasks.create' });
    assert.deepEqual([entry.status, entry.fault, entry.handled], [null, 'reset-after-commit', 201]);
  });

  await t.test('a status after commit: the cancel happened, and its retry is refused as already canceled', async () => {
    const task = await createTask();
    emu.addFault({ target: 'taskrouter.tasks.update', statuses: [503], after: true, times: 1 });
    const cancel = () => ws.tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'mine' });
    const lost = await rejection(cancel());
    assert.equal(lost.status, 503);
    const fetched = await ws.tasks(task.sid).fetch();
    assert.equal(fetched.assignmentStatus, 'canceled');
    assert.equal(fetched.reason, 'mine');
    const retried = await rejection(cancel());
    assert.equal(retried.status, 400, 'what a retry of a committed cancel gets');
    const entries = emu.requests({ kind: 'taskrouter.tasks.update' });
    assert.deepEqual(entries.map((e) => [e.status, e.fault, e.handled]), [[503, 'status-after-commit', 200], [400, null, undefined]]);
  });

  await t.test('a call update whose answer is lost still moved the call', async () => {
    const inbound = emu.simulateInboundCall({ from: '+14155550123', to: '+18005550100' });
    emu.addFault({ target: 'voice.calls.update', reset: true, after: true, times: 1 });
    await rejection(client.calls(inbound.callSid).update({ url: 'https://example.com/next', method: 'POST' }));
    assert.equal(emu.call(inbound.callSid).current_url, 'https://example.com/next');
  });

  await t.test('a hang after commit: no answer within the client timeout, the change stands', async () => {
    const impatient = twilio(emu.accountSid, emu.authToken, {
      httpClient: createLocalHttpClient(emu.url, { requestClientOptions: { timeout: 200 } }),
    });
    emu.addFault({ target: 'taskrouter.tasks.create', hang: true, hangMs: 5000, after: true, times: 1 });
    const before = emu.tasks().length;
    const started = Date.now();
    const err = await rejection(impatient.taskrouter.v1.workspaces(emu.workspaceSid).tasks.create({ attributes: '{}', workflowSid: emu.defaultWorkflowSid }));
    assert.ok(Date.now() - started < 4000, 'the client gave up, not the emulator');
    assert.match(`${err.code} ${err.message}`, /timeout|ECONNABORTED|ETIMEDOUT|ECONNRESET|hang up/i);
    assert.equal(emu.tasks().length, before + 1);
    assert.equal(emu.requests({ kind: 'taskrouter.tasks.create' }).at(-1).fault, 'hang-after-commit');
  });

  await t.test('rules say whether they act after the commit; a bad hangMs is refused', async () => {
    const rule = emu.addFault({ target: 'voice.*', reset: true, after: true, rate: 0.25, seed: 3 });
    assert.equal(rule.after, true);
    assert.equal(emu.listFaults()[0].after, true);
    assert.throws(() => new Faults().add({ target: 'a', hang: true, hangMs: -1 }), /hangMs/);
    const faults = new Faults();
    faults.add({ target: 'a', reset: true, after: true, seed: 9 });
    assert.deepEqual(faults.decide('a').action, { type: 'reset', after: true });
  });
});
