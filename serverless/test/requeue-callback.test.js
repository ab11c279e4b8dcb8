'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const AGENT = 'WK' + '1'.repeat(32);
const OTHER_AGENT = 'WK' + '2'.repeat(32);
let stack;
let token;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAX_ATTEMPTS: '3' } });
});
after(() => stack && stack.close());
beforeEach(() => {
  stack.emulator.reset();
  token = tokenFor(AGENT, ['agent']);
});

function tokenFor(workerSid, roles) {
  return stack.emulator.issueToken({ identity: `${workerSid}@example.com`, workerSid, roles }).token;
}

const requeue = (params, options = {}) => stack.request(PATHS.requeueCallback, { params, ...options });

// A callback, assigned to `holder` (the agent of the default token) unless null:
// only the worker holding a callback (or a supervisor) may requeue it.
async function createCallback(extra = {}, holder = AGENT) {
  const response = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', ...extra },
  });
  assert.equal(response.status, 200);
  if (holder) stack.emulator.assignTask(response.body.taskSid, { workerSid: holder, status: 'assigned' });
  return response.body.taskSid;
}

const assigned = (taskSid) => {
  stack.emulator.assignTask(taskSid, { workerSid: AGENT, status: 'assigned' });
  return taskSid;
};

test('requeues a callback as a new task and counts the attempts 0 → 1 → 2, then refuses (409)', async () => {
  const first = await createCallback();
  assert.equal(attributesOf(stack.emulator.task(first)).callBackData.attempts, 0);

  const second = await requeue({ taskSid: first, Token: token });
  assert.equal(second.status, 200);
  assert.equal(second.body.success, true);
  assert.notEqual(second.body.taskSid, first);
  const secondAttributes = attributesOf(stack.emulator.task(second.body.taskSid));
  assert.equal(secondAttributes.callBackData.attempts, 1);
  assert.equal(secondAttributes.taskType, 'callback');
  assert.equal(secondAttributes.callBackData.numberToCall, '+14155550100');
  assert.equal(secondAttributes.conversations.conversation_id, first);

  const third = await requeue({ taskSid: assigned(second.body.taskSid), Token: token }, { json: true });
  assert.equal(third.status, 200);
  assert.equal(attributesOf(stack.emulator.task(third.body.taskSid)).callBackData.attempts, 2);

  const tasksBefore = stack.emulator.tasks().length;
  const refused = await requeue({ taskSid: assigned(third.body.taskSid), Token: token });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.success, false);
  assert.match(refused.body.message, /3 of 3/);
  assert.equal(stack.emulator.tasks().length, tasksBefore, 'a refused requeue creates nothing');
});

test('counts an original without attempts as attempt 0, so its requeue is attempt 1', async () => {
  const [seeded] = stack.emulator.seed({
    tasks: [{
      taskChannel: 'voice',
      attributes: { taskType: 'callback', name: '+14155550111', callBackData: { numberToCall: '+14155550111', numberToCallFrom: '+18005550199' } },
    }],
  }).tasks;
  const response = await requeue({ taskSid: assigned(seeded.sid), Token: token });
  assert.equal(response.status, 200);
  const data = attributesOf(stack.emulator.task(response.body.taskSid)).callBackData;
  assert.equal(data.attempts, 1);
  assert.equal(data.numberToCall, '+14155550111');
});

test('keeps a requeued voicemail a voicemail with its recording', async () => {
  const recordingSid = 'RE' + '3'.repeat(32);
  const first = await createCallback({ recordingSid, transcriptText: 'Hello there.' });
  const response = await requeue({ taskSid: first, Token: token });
  assert.equal(response.status, 200);
  const attributes = attributesOf(stack.emulator.task(response.body.taskSid));
  assert.equal(attributes.taskType, 'voicemail');
  assert.equal(attributes.callBackData.recordingSid, recordingSid);
  assert.equal(attributes.callBackData.transcriptText, 'Hello there.');
});

test('refuses any requeue when the attempts are not configured (default: one attempt)', async () => {
  const saved = stack.env.CALLBACK_MAX_ATTEMPTS;
  delete stack.env.CALLBACK_MAX_ATTEMPTS;
  try {
    const first = await createCallback();
    const response = await requeue({ taskSid: first, Token: token });
    assert.equal(response.status, 409);
    assert.equal(stack.emulator.tasks().length, 1);
  } finally {
    stack.env.CALLBACK_MAX_ATTEMPTS = saved;
  }
});

test('refuses a missing or invalid Flex token with 403 and creates nothing', async () => {
  const first = await createCallback();
  for (const params of [{ taskSid: first }, { taskSid: first, Token: 'not-a-token' }, { taskSid: first, Token: '' }]) {
    const response = await requeue(params);
    assert.equal(response.status, 403);
    assert.equal(response.body.success, false);
    assert.match(response.body.message, /Flex token/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  }
  assert.equal(stack.emulator.tasks().length, 1);
});

test('refuses a missing taskSid with the missing-parameter body', async () => {
  const response = await requeue({ Token: token });
  assert.equal(response.status, 400);
  assert.equal(response.body.data, null);
  assert.match(response.body.message, /^\(\/features\/callback-and-voicemail\/flex\/requeue-callback\) Missing taskSid: /);
});

test('refuses a malformed taskSid with a sentence naming it', async () => {
  const response = await requeue({ Token: token, taskSid: 'WT-nope' });
  assert.equal(response.status, 400);
  assert.equal(response.body.data, null);
  assert.match(response.body.message, /taskSid/);
});

test("mirrors TaskRouter's 404 for a task it does not know", async () => {
  const response = await requeue({ Token: token, taskSid: 'WT' + '9'.repeat(32) });
  assert.equal(response.status, 404);
  assert.equal(response.body.success, false);
  assert.equal(response.body.twilioErrorCode, 20404);
  assert.equal(stack.emulator.tasks().length, 0);
});
