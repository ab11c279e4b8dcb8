'use strict';
// Requeue-callback as a hostile agent and a flaky network would try it: repeats
// and concurrent requeues make one successor; only the worker holding the task
// (or a supervisor/admin) may requeue it, only while it is assigned or wrapping;
// an attempts count that cannot be read is refused, never reset.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const AGENT = 'WK' + '1'.repeat(32);
const OTHER_AGENT = 'WK' + '2'.repeat(32);
const SUPERVISOR = 'WK' + '3'.repeat(32);
let stack;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAX_ATTEMPTS: '5' } });
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

const tokenFor = (workerSid, roles) =>
  stack.emulator.issueToken({ identity: `${workerSid || 'nobody'}@example.com`, workerSid, roles }).token;
const requeue = (taskSid, token) => stack.request(PATHS.requeueCallback, { params: { taskSid, Token: token } });
const tasksApi = () => stack.emulator.twilioClient().taskrouter.v1.workspaces(stack.emulator.workspaceSid).tasks;

function seedCallback(attributes = {}, callBackData = {}) {
  const [task] = stack.emulator.seed({
    tasks: [{
      taskChannel: 'voice',
      attributes: {
        taskType: 'callback',
        name: '+14155550100',
        callBackData: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', attempts: 0, ...callBackData },
        ...attributes,
      },
    }],
  }).tasks;
  return task.sid;
}

// Puts a seeded callback in `state`, held by `holder` where a worker is involved.
async function inState(taskSid, state, holder = AGENT) {
  if (state === 'pending') return taskSid;
  if (state === 'canceled') {
    await tasksApi()(taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
    return taskSid;
  }
  stack.emulator.assignTask(taskSid, { workerSid: holder, status: state === 'reserved' ? 'reserved' : 'assigned' });
  if (state === 'wrapping' || state === 'completed') {
    await tasksApi()(taskSid).update({ assignmentStatus: state });
  }
  return taskSid;
}

const successorsOf = (taskSid) =>
  stack.emulator.tasks().filter((t) => attributesOf(t).callbackRequestId === `requeue:${taskSid}`);

test('20 requeues of one callback make one successor, each answering its taskSid', async () => {
  const original = await inState(seedCallback(), 'assigned');
  const token = tokenFor(AGENT, ['agent']);
  const answers = [];
  for (let i = 0; i < 20; i += 1) answers.push(await requeue(original, token));
  for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const sids = new Set(answers.map((a) => a.body.taskSid));
  assert.equal(sids.size, 1);
  assert.equal(successorsOf(original).length, 1);
  assert.equal(stack.emulator.tasks().length, 2);
  assert.equal(attributesOf(stack.emulator.task([...sids][0])).callBackData.attempts, 1);
  assert.equal(attributesOf(stack.emulator.task(original)).callbackRequeue.successorSid, [...sids][0]);
  assert.equal(attributesOf(stack.emulator.task([...sids][0])).callbackRequeue, undefined, 'the claim is not copied');
});

test('two requeues at once make one task, 10 trials of 10', async () => {
  const token = tokenFor(AGENT, ['agent']);
  let doubled = 0;
  for (let trial = 0; trial < 10; trial += 1) {
    const original = await inState(seedCallback(), 'assigned');
    const [a, b] = await Promise.all([requeue(original, token), requeue(original, token)]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.equal(a.body.taskSid, b.body.taskSid);
    if (successorsOf(original).length !== 1) doubled += 1;
  }
  assert.equal(doubled, 0);
});

test('five requeues at once by the holder and a supervisor make one task', async () => {
  const original = await inState(seedCallback(), 'assigned');
  const tokens = [tokenFor(AGENT, ['agent']), tokenFor(SUPERVISOR, ['supervisor'])];
  const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => requeue(original, tokens[i % 2])));
  for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(new Set(answers.map((a) => a.body.taskSid)).size, 1);
  assert.equal(successorsOf(original).length, 1);
});

test('the authorisation matrix: holder or supervisor/admin, assigned or wrapping', async () => {
  const viewers = {
    holder: [AGENT, ['agent']],
    otherAgent: [OTHER_AGENT, ['agent']],
    noWorker: [undefined, ['agent']],
    supervisor: [SUPERVISOR, ['supervisor']],
    admin: [SUPERVISOR, ['admin']],
  };
  const states = ['pending', 'reserved', 'assigned', 'wrapping', 'completed', 'canceled'];
  const expected = (viewer, state) => {
    const privileged = viewer === 'supervisor' || viewer === 'admin';
    const holds = viewer === 'holder' && (state === 'assigned' || state === 'wrapping');
    if (!privileged && !holds) return 403;
    return state === 'assigned' || state === 'wrapping' ? 200 : 409;
  };
  let cases = 0;
  for (const [viewer, [workerSid, roles]] of Object.entries(viewers)) {
    for (const state of states) {
      const original = await inState(seedCallback(), state);
      const before = stack.emulator.tasks().length;
      const response = await requeue(original, tokenFor(workerSid, roles));
      const want = expected(viewer, state);
      assert.equal(response.status, want, `${viewer} on a ${state} task: ${JSON.stringify(response.body)}`);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      if (want !== 200) {
        assert.equal(response.body.success, false);
        assert.equal(stack.emulator.tasks().length, before, `${viewer} on a ${state} task created nothing`);
        if (want === 409) assert.match(response.body.message, new RegExp(`is ${state};`));
      }
      cases += 1;
    }
  }
  assert.equal(cases, 30);
});

test('a requeued task answers its former holder its successor, even once completed', async () => {
  const original = await inState(seedCallback(), 'assigned');
  const token = tokenFor(AGENT, ['agent']);
  const first = await requeue(original, token);
  assert.equal(first.status, 200);
  await tasksApi()(original).update({ assignmentStatus: 'completed' });
  const again = await requeue(original, token);
  assert.equal(again.status, 200);
  assert.equal(again.body.taskSid, first.body.taskSid);
  const stranger = await requeue(original, tokenFor(OTHER_AGENT, ['agent']));
  assert.equal(stranger.status, 403);
});

test('attempts written as text count; anything else is refused with a sentence', async () => {
  const token = tokenFor(AGENT, ['agent']);
  const counted = await requeue(await inState(seedCallback({}, { attempts: '2' }), 'assigned'), token);
  assert.equal(counted.status, 200, JSON.stringify(counted.body));
  assert.equal(attributesOf(stack.emulator.task(counted.body.taskSid)).callBackData.attempts, 3);
  for (const [attempts, shown] of [[2.5, '2.5'], [-1000, '-1000'], [1e300, '1e+300'], ['two', '"two"'], [{}, '{}']]) {
    const original = await inState(seedCallback({}, { attempts }), 'assigned');
    const before = stack.emulator.tasks().length;
    const response = await requeue(original, token);
    assert.equal(response.status, 409, `attempts ${shown}`);
    assert.ok(response.body.message.includes(`attempts is ${shown}`), response.body.message);
    assert.equal(stack.emulator.tasks().length, before);
    assert.equal(attributesOf(stack.emulator.task(original)).callbackRequeue, undefined, 'a refusal writes no claim');
  }
});

test('a claim left by a requeue that stopped before creating is finished by the next', async () => {
  const claimedAt = new Date(Date.now() - 5 * 60 * 1000).toISOString();
  const original = seedCallback({ callbackRequeue: { requestId: 'x', attemptId: 'crashed', claimedAt } });
  await inState(original, 'assigned');
  const response = await requeue(original, tokenFor(AGENT, ['agent']));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(successorsOf(original).length, 1);
  assert.equal(attributesOf(stack.emulator.task(original)).callbackRequeue.successorSid, response.body.taskSid);
});

test('a claim left by a requeue that stopped after creating answers that successor', async () => {
  const claimedAt = new Date(Date.now() - 5 * 60 * 1000).toISOString();
  const original = seedCallback({ callbackRequeue: { requestId: 'x', attemptId: 'crashed', claimedAt } });
  await inState(original, 'assigned');
  const [made] = stack.emulator.seed({
    tasks: [{ taskChannel: 'voice', attributes: { taskType: 'callback', callbackRequestId: `requeue:${original}`, callBackData: { numberToCall: '+14155550100', attempts: 1 } } }],
  }).tasks;
  const response = await requeue(original, tokenFor(AGENT, ['agent']));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.taskSid, made.sid);
  assert.equal(successorsOf(original).length, 1);
});
