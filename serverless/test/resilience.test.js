'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

let stack;

before(async () => {
  stack = await startStack({ env: { TWILIO_SERVICE_RETRY_LIMIT: '12' } });
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

const CREATE_KIND = 'taskrouter.tasks.create';

function callbackParams(i) {
  return { numberToCall: `+1415555${String(i).padStart(4, '0')}`, numberToCallFrom: '+18005550199' };
}

// Sends `count` create-callback requests, `concurrency` at a time.
async function createMany(count, concurrency) {
  const results = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      results[i] = await stack.request(PATHS.createCallback, { params: callbackParams(i) });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

function assertEachCreatedOnce(results) {
  const tasks = stack.emulator.tasks();
  assert.equal(tasks.length, results.length, 'one task per request, none twice');
  const numbers = tasks.map((t) => attributesOf(t).callBackData.numberToCall).sort();
  const expected = results.map((_, i) => callbackParams(i).numberToCall).sort();
  assert.deepEqual(numbers, expected);
  const sids = new Set(results.map((r) => r.body.taskSid));
  assert.equal(sids.size, results.length);
  for (const sid of sids) assert.ok(stack.emulator.task(sid));
}

test('with 30% of task creates answered 429 or 503, 200 requests each create exactly one task', async () => {
  stack.emulator.addFault({ target: CREATE_KIND, rate: 0.3, statuses: [429, 503], seed: 20240501 });
  const results = await createMany(200, 10);
  for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
  assertEachCreatedOnce(results);
  const [fault] = stack.emulator.listFaults();
  assert.ok(fault.injected > 20, `faults were injected (${fault.injected})`);
});

test('with 30% of task creates reset at the connection, every request creates exactly one task', async () => {
  stack.emulator.addFault({ target: CREATE_KIND, rate: 0.3, reset: true, seed: 7 });
  const results = await createMany(60, 6);
  for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
  assertEachCreatedOnce(results);
});

test('a 412 is retried at once', async () => {
  stack.emulator.addFault({ target: CREATE_KIND, statuses: [412], times: 1 });
  const [result] = await createMany(1, 1);
  assert.equal(result.status, 200);
  assert.equal(stack.emulator.requests({ kind: CREATE_KIND }).length, 2);
});

test('when every create fails, the caller gets the status and a message after the retry limit', async () => {
  stack.env.TWILIO_SERVICE_RETRY_LIMIT = '3';
  try {
    stack.emulator.addFault({ target: CREATE_KIND, statuses: [503] });
    const [unavailable] = await createMany(1, 1);
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.body.success, false);
    assert.equal(unavailable.body.taskSid, null);
    assert.match(unavailable.body.message, /Unavailable/);
    assert.equal(unavailable.body.twilioErrorCode, 20503);
    assert.equal(stack.emulator.requests({ kind: CREATE_KIND }).length, 4, 'the first try and 3 retries');

    stack.emulator.clearFaults();
    stack.emulator.addFault({ target: CREATE_KIND, reset: true });
    const [reset] = await createMany(1, 1);
    assert.equal(reset.status, 502);
    assert.equal(reset.body.success, false);
    assert.match(reset.body.message, /ECONNRESET/);
    assert.equal(stack.emulator.tasks().length, 0);
  } finally {
    stack.env.TWILIO_SERVICE_RETRY_LIMIT = '12';
  }
});

test('a failure the policy does not retry is answered at once', async () => {
  stack.emulator.addFault({ target: CREATE_KIND, statuses: [500] });
  const [result] = await createMany(1, 1);
  assert.equal(result.status, 500);
  assert.equal(result.body.success, false);
  assert.equal(stack.emulator.requests({ kind: CREATE_KIND }).length, 1);
});

test('a malformed retry setting is reported as a sentence naming it', async () => {
  stack.env.TWILIO_SERVICE_RETRY_LIMIT = 'lots';
  try {
    stack.emulator.addFault({ target: CREATE_KIND, statuses: [503], times: 1 });
    const [result] = await createMany(1, 1);
    assert.equal(result.status, 500);
    assert.match(result.body.message, /TWILIO_SERVICE_RETRY_LIMIT/);
  } finally {
    stack.env.TWILIO_SERVICE_RETRY_LIMIT = '12';
  }
});
