'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { setup, control } = require('./helpers');
const { startEmulator } = require('../src');

test('control endpoints over HTTP', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());

  let seeded;
  await t.test('seed: task queues, workflows, voice queues, tasks, recordings (base64 and file), tokens', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-'));
    const file = path.join(dir, 'vm.mp3');
    fs.writeFileSync(file, Buffer.from([1, 2, 3, 4, 5]));
    const res = await control(emu, 'POST', '/seed', {
      taskQueues: [{ sid: 'WQ' + '2'.repeat(32), friendlyName: 'Callbacks' }],
      workflows: [{ sid: 'WW' + '2'.repeat(32), friendlyName: 'Callback', taskQueueSid: 'WQ' + '2'.repeat(32) }],
      voiceQueues: [{ friendlyName: 'WW' + '2'.repeat(32) }],
      tasks: [
        { workflowSid: 'WW' + '2'.repeat(32), attributes: { taskType: 'callback' }, taskChannel: 'voice' },
        { workflow: 'Callback', attributes: { taskType: 'voicemail' }, assignmentStatus: 'assigned', workerSid: 'WK' + '3'.repeat(32) },
      ],
      recordings: [
        { sid: 'RE' + '4'.repeat(32), callSid: 'CA' + '4'.repeat(32), duration: 3, audioBase64: Buffer.from('abc').toString('base64') },
        { audioPath: file, duration: 1 },
      ],
      tokens: [{ identity: 'agent-1', roles: ['agent'] }],
    });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(res.status, 201);
    seeded = res.body;
    assert.equal(seeded.workflows[0].task_queue_sid, 'WQ' + '2'.repeat(32));
    assert.equal(seeded.tasks[0].task_queue_friendly_name, 'Callbacks');
    assert.equal(seeded.tasks[1].assignment_status, 'assigned');
    assert.equal(seeded.tasks[1].worker_sid, 'WK' + '3'.repeat(32));
    assert.equal(seeded.recordings[0].sid, 'RE' + '4'.repeat(32));
    assert.match(seeded.tokens[0].token, /\S+/);
    const tasks = await ws.tasks.list({ workflowSid: 'WW' + '2'.repeat(32) });
    assert.equal(tasks.length, 2);
    assert.equal((await client.recordings(seeded.recordings[1].sid).fetch()).duration, '1');
    const bad = await control(emu, 'POST', '/seed', { workflows: [{ friendlyName: 'x', taskQueue: 'missing' }] });
    assert.equal(bad.status, 400);
  });

  let inbound;
  await t.test('simulate an inbound call entering a queue', async () => {
    const res = await control(emu, 'POST', '/calls', { from: '+15551112222', to: '+15553334444', workflowSid: 'WW' + '2'.repeat(32) });
    assert.equal(res.status, 201);
    inbound = res.body;
    assert.match(inbound.callSid, /^CA[0-9a-f]{32}$/);
    assert.match(inbound.taskSid, /^WT[0-9a-f]{32}$/);
    assert.equal(inbound.queue.friendly_name, 'WW' + '2'.repeat(32));
    assert.equal(inbound.queueSid, seeded.voiceQueues[0].sid, 'reuses the queue named after the workflow');
    const task = await ws.tasks(inbound.taskSid).fetch();
    assert.equal(task.assignmentStatus, 'pending');
    assert.equal(task.taskChannelUniqueName, 'voice');
    const attrs = JSON.parse(task.attributes);
    assert.equal(attrs.call_sid, inbound.callSid);
    assert.equal(attrs.from, '+15551112222');
    assert.equal(attrs.to, '+15553334444');
    assert.equal(attrs.direction, 'inbound');
    // the wait experience's lookup: newest open tasks of the workflow, matched on call_sid
    const open = await ws.tasks.list({ assignmentStatus: ['pending', 'reserved'], workflowSid: 'WW' + '2'.repeat(32), ordering: 'DateCreated:desc', limit: 50 });
    assert.equal(open.find((x) => JSON.parse(x.attributes).call_sid === inbound.callSid).sid, inbound.taskSid);
  });

  await t.test('assign a task: pending -> reserved -> assigned', async () => {
    const reserved = await control(emu, 'POST', `/tasks/${inbound.taskSid}/assign`, { status: 'reserved', workerName: 'alice' });
    assert.equal(reserved.body.assignment_status, 'reserved');
    const assigned = await control(emu, 'POST', `/tasks/${inbound.taskSid}/assign`, {});
    assert.equal(assigned.body.assignment_status, 'assigned');
    assert.equal(assigned.body.worker_sid, reserved.body.worker_sid);
    assert.equal((await ws.tasks(inbound.taskSid).fetch()).assignmentStatus, 'assigned');
    const again = await control(emu, 'POST', `/tasks/${inbound.taskSid}/assign`, {});
    assert.equal(again.status, 400);
  });

  await t.test('read state: tasks and calls with their update history', async () => {
    const url = 'https://example.com/next';
    await client.calls(inbound.callSid).update({ url, method: 'GET' });
    const call = await control(emu, 'GET', `/calls/${inbound.callSid}`);
    assert.equal(call.body.updates[0].url, url);
    assert.equal(call.body.updates[0].method, 'GET');
    const calls = await control(emu, 'GET', '/calls');
    assert.ok(calls.body.calls.some((c) => c.sid === inbound.callSid));
    const tasks = await control(emu, 'GET', '/tasks?assignmentStatus=assigned');
    assert.equal(tasks.body.tasks.length, 2);
    assert.equal((await control(emu, 'GET', `/tasks/${inbound.taskSid}`)).body.sid, inbound.taskSid);
    assert.equal((await control(emu, 'GET', '/tasks/WTnope')).status, 404);
    const state = await control(emu, 'GET', '/state');
    assert.equal(state.body.workspaceSid, emu.workspaceSid);
    assert.ok(state.body.counts.tasks >= 3);
  });

  await t.test('hang up: the call completes and its waiting task is canceled', async () => {
    const other = (await control(emu, 'POST', '/calls', { from: '+15550000001', to: '+15550000002' })).body;
    const res = await control(emu, 'POST', `/calls/${other.callSid}/hangup`);
    assert.equal(res.body.status, 'completed');
    const task = await ws.tasks(other.taskSid).fetch();
    assert.equal(task.assignmentStatus, 'canceled');
    assert.equal(task.reason, 'hangup');
  });

  await t.test('request log: read, filter and clear', async () => {
    await control(emu, 'DELETE', '/requests');
    await ws.tasks.list({ assignmentStatus: ['pending'], pageSize: 5 });
    await client.queues.list();
    const log = (await control(emu, 'GET', '/requests')).body.requests;
    assert.equal(log.length, 2);
    assert.equal(log[0].method, 'GET');
    assert.equal(log[0].path, `/taskrouter/v1/Workspaces/${emu.workspaceSid}/Tasks`);
    assert.deepEqual(log[0].query, { AssignmentStatus: 'pending', PageSize: '5' });
    assert.equal(log[0].status, 200);
    assert.equal(log[0].kind, 'taskrouter.tasks.list');
    assert.ok(!Number.isNaN(Date.parse(log[0].timestamp)));
    const onlyVoice = (await control(emu, 'GET', '/requests?kind=voice.*')).body.requests;
    assert.equal(onlyVoice.length, 1);
    await control(emu, 'DELETE', '/requests');
    assert.deepEqual((await control(emu, 'GET', '/requests')).body.requests, []);
  });

  await t.test('clock: advancing ages tasks', async () => {
    const before = await ws.tasks(inbound.taskSid).fetch();
    const res = await control(emu, 'POST', '/clock', { advanceMs: 120000 });
    assert.equal(res.status, 200);
    const after = await ws.tasks(inbound.taskSid).fetch();
    assert.ok(after.age >= before.age + 120);
  });

  await t.test('reset: back to the defaults, faults and log cleared', async () => {
    await control(emu, 'POST', '/faults', { target: '*', statuses: [503] });
    const res = await control(emu, 'POST', '/reset');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.workflows.map((w) => w.sid), [emu.defaultWorkflowSid]);
    assert.deepEqual(await ws.tasks.list(), []);
    assert.deepEqual(await client.queues.list(), []);
    assert.deepEqual((await control(emu, 'GET', '/faults')).body.faults, []);
    assert.equal((await control(emu, 'GET', '/requests')).body.requests.length, 2);
    assert.equal((await control(emu, 'GET', '/calls')).body.calls.length, 0);
  });

  await t.test('unknown control paths are 404 and wrong methods 405', async () => {
    assert.equal((await control(emu, 'GET', '/nothing')).status, 404);
    assert.equal((await control(emu, 'GET', '/reset')).status, 405);
  });
});

test('a seed given at start is applied again on reset', async (t) => {
  const emu = await startEmulator({ seed: { taskQueues: [{ friendlyName: 'Q2' }], workflows: [{ friendlyName: 'W2', taskQueue: 'Q2' }] }, defaults: false });
  t.after(() => emu.close());
  assert.equal(emu.defaultWorkflowSid, null);
  const names = () => emu.state().workflows.map((w) => w.friendly_name);
  assert.deepEqual(names(), ['W2']);
  emu.seed({ workflows: [{ friendlyName: 'W3' }] });
  emu.reset();
  assert.deepEqual(names(), ['W2']);
});

test('the CLI starts, prints its URL and stops on SIGTERM', async () => {
  const bin = path.join(__dirname, '..', 'bin', 'twilio-emulator.js');
  const child = spawn(process.execPath, [bin, '--port', '0'], { env: { ...process.env, EMULATOR_AUTH_TOKEN: 'cli-token' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${out}`)));
  });
  const health = await fetch(`${url}/__control/health`);
  assert.equal(health.status, 200);
  const res = await fetch(`${url}/api/2010-04-01/Accounts/${(await health.json()).accountSid}/Queues.json`, {
    headers: { Authorization: 'Basic ' + Buffer.from(`AC${'0'.repeat(32)}:cli-token`).toString('base64') },
  });
  assert.equal(res.status, 200);
  const code = await new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  assert.equal(code, 0);
});
