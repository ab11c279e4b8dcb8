'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const AGENT = 'WK' + '1'.repeat(32);
const OTHER_AGENT = 'WK' + '2'.repeat(32);
const RECORD_OUTCOME = '/features/callback-and-voicemail/flex/record-outcome';
let stack;
let token;

before(async () => {
  stack = await startStack({
    env: { CALLBACK_MAX_ATTEMPTS: '2', CALLBACK_OUTCOME_POLICY: '{"busy": {"retry": true, "waitMinutes": [7]}}' },
  });
});
after(() => stack && stack.close());
beforeEach(() => {
  stack.emulator.reset();
  token = stack.emulator.issueToken({ identity: 'agent@example.com', workerSid: AGENT, roles: ['agent'] }).token;
});

const record = (params) => stack.request(RECORD_OUTCOME, { params: { Token: token, ...params } });

async function assignedCallback() {
  const response = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' },
  });
  assert.equal(response.status, 200);
  stack.emulator.assignTask(response.body.taskSid, { workerSid: AGENT, status: 'assigned' });
  return response.body.taskSid;
}

const callbackTasks = () => stack.emulator.tasks().filter((t) => attributesOf(t).taskType === 'callback');

test('no answer (Flex reason code 45305) is recorded and requeued with the policy wait', async () => {
  const taskSid = await assignedCallback();
  const response = await record({ taskSid, canceledReasonCode: '45305' });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.outcome, 'no-answer');
  assert.equal(response.body.next, 'retry');
  assert.equal(response.body.waitMinutes, 10);
  const original = attributesOf(stack.emulator.task(taskSid)).callBackData;
  assert.deepEqual(original.outcomes.map(({ attempt, result, next, waitMinutes }) => ({ attempt, result, next, waitMinutes })), [
    { attempt: 1, result: 'no-answer', next: 'retry', waitMinutes: 10 },
  ]);
  assert.ok(!Number.isNaN(Date.parse(original.outcomes[0].at)));
  const successor = attributesOf(stack.emulator.task(response.body.successorSid)).callBackData;
  assert.equal(successor.attempts, 1);
  assert.equal(successor.retryWaitMinutes, 10);
  assert.equal(successor.outcomes.length, 1);
});

test('the configured policy gives busy its own wait', async () => {
  const taskSid = await assignedCallback();
  const response = await record({ taskSid, outcome: 'busy' });
  assert.equal(response.status, 200);
  assert.equal(response.body.waitMinutes, 7);
  assert.equal(attributesOf(stack.emulator.task(response.body.successorSid)).callBackData.retryWaitMinutes, 7);
});

test('reached completes: recorded, no successor', async () => {
  const taskSid = await assignedCallback();
  const response = await record({ taskSid, outcome: 'reached' });
  assert.equal(response.status, 200);
  assert.equal(response.body.next, 'complete');
  assert.equal(response.body.successorSid, undefined);
  assert.equal(callbackTasks().length, 1);
  assert.equal(attributesOf(stack.emulator.task(taskSid)).callBackData.outcomes[0].result, 'reached');
});

test('the last attempt is not requeued (max attempts)', async () => {
  const first = await assignedCallback();
  const retried = await record({ taskSid: first, outcome: 'no-answer' });
  stack.emulator.assignTask(retried.body.successorSid, { workerSid: AGENT, status: 'assigned' });
  const last = await record({ taskSid: retried.body.successorSid, outcome: 'no-answer' });
  assert.equal(last.status, 200);
  assert.equal(last.body.attempt, 2);
  assert.equal(last.body.next, 'stop');
  assert.equal(last.body.successorSid, undefined);
  assert.equal(callbackTasks().length, 2);
  const outcomes = attributesOf(stack.emulator.task(retried.body.successorSid)).callBackData.outcomes;
  assert.deepEqual(outcomes.map((o) => o.attempt), [1, 2]);
});

test('a duplicated or concurrent outcome report makes one successor', async () => {
  const taskSid = await assignedCallback();
  const answers = await Promise.all([
    record({ taskSid, canceledReasonCode: '45305' }),
    record({ taskSid, canceledReasonCode: '45305' }),
    record({ taskSid, outcome: 'busy' }),
  ]);
  for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(new Set(answers.map((a) => a.body.successorSid)).size, 1);
  assert.equal(new Set(answers.map((a) => a.body.outcome)).size, 1, 'the first outcome recorded stands');
  assert.equal(callbackTasks().length, 2);
  assert.equal(attributesOf(stack.emulator.task(taskSid)).callBackData.outcomes.length, 1);
  const again = await record({ taskSid, canceledReasonCode: '45305' });
  assert.equal(again.body.successorSid, answers[0].body.successorSid);
});

test('bad input and strangers are refused with a sentence', async () => {
  const taskSid = await assignedCallback();
  const missing = await record({ outcome: 'busy' });
  assert.equal(missing.status, 400);
  assert.match(missing.body.message, /taskSid/);
  const unknown = await record({ taskSid, outcome: 'maybe' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.message, /outcome/);
  token = stack.emulator.issueToken({ identity: 'other@example.com', workerSid: OTHER_AGENT, roles: ['agent'] }).token;
  const stranger = await record({ taskSid, outcome: 'busy' });
  assert.equal(stranger.status, 403);
  assert.equal(callbackTasks().length, 1);
});
