'use strict';
// The shared helpers on their own: the retry wrapper (with the real core's
// policy) and the API URL rewrite. They read their siblings through the Functions
// runtime's global Runtime, which is stood in for here.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { loadCore } = require('@cbvm/core');

const COMMON = path.join(__dirname, '..', 'functions', 'common');
global.Runtime = {
  getFunctions: () => Object.fromEntries(
    ['config', 'core', 'deadline', 'retry', 'twilio-client', 'twilio-url'].map((name) => [`common/${name}`, { path: path.join(COMMON, `${name}.private.js`) }]),
  ),
};
const { withRetry, describeFailure } = require(path.join(COMMON, 'retry.private.js'));
const { rewriteTwilioUrl, resolveTwilioUrl } = require(path.join(COMMON, 'twilio-client.private.js'));

const context = { TWILIO_SERVICE_RETRY_LIMIT: '3', TWILIO_SERVICE_MIN_BACKOFF: '0', TWILIO_SERVICE_MAX_BACKOFF: '1' };
let core;
before(async () => {
  core = await loadCore();
});

function failing(...failures) {
  let calls = 0;
  const operation = async () => {
    const failure = failures[calls];
    calls += 1;
    if (failure) throw failure;
    return 'done';
  };
  return { operation, calls: () => calls };
}

const httpError = (status) => Object.assign(new Error(`HTTP ${status}`), { status, code: 20000 + status });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

test('retries 429 and 503 until the operation succeeds', async () => {
  const op = failing(httpError(429), httpError(503));
  assert.equal(await withRetry(core, context, op.operation), 'done');
  assert.equal(op.calls(), 3);
});

test('throws the last failure once the retry limit is reached', async () => {
  const op = failing(httpError(503), httpError(503), httpError(503), httpError(503), httpError(503));
  await assert.rejects(withRetry(core, context, op.operation), /HTTP 503/);
  assert.equal(op.calls(), 4);
});

test('does not retry what the policy calls final', async () => {
  const op = failing(httpError(400));
  await assert.rejects(withRetry(core, context, op.operation), /HTTP 400/);
  assert.equal(op.calls(), 1);
});

test('a create whose answer was lost is looked for before it is tried again', async () => {
  const op = failing(reset());
  let verified = 0;
  const found = await withRetry(core, context, op.operation, {
    idempotent: false,
    verify: async () => {
      verified += 1;
      return 'the task the lost attempt created';
    },
  });
  assert.equal(found, 'the task the lost attempt created');
  assert.equal(op.calls(), 1, 'not created twice');
  assert.equal(verified, 1);
});

test('a create whose lost attempt made nothing is tried again', async () => {
  const op = failing(reset());
  const result = await withRetry(core, context, op.operation, { idempotent: false, verify: async () => null });
  assert.equal(result, 'done');
  assert.equal(op.calls(), 2);
});

test('reads a failure as HTTP status or transport code', () => {
  assert.deepEqual(describeFailure(httpError(429)), { status: 429 });
  assert.deepEqual(describeFailure(reset()), { errorCode: 'ECONNRESET' });
  assert.deepEqual(describeFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ETIMEDOUT' } })), { errorCode: 'ETIMEDOUT' });
  assert.deepEqual(describeFailure(new Error('odd')), {});
});

test('aims Twilio API URLs at a local base and leaves others alone', () => {
  const base = 'http://127.0.0.1:3001';
  assert.equal(
    rewriteTwilioUrl('https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks?PageSize=50', base),
    'http://127.0.0.1:3001/taskrouter/v1/Workspaces/WS1/Tasks?PageSize=50',
  );
  assert.equal(rewriteTwilioUrl('https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC1/Calls/CA1.json', base),
    'http://127.0.0.1:3001/api/2010-04-01/Accounts/AC1/Calls/CA1.json');
  assert.equal(rewriteTwilioUrl('https://example.com/twilio.com/x', base), 'https://example.com/twilio.com/x');
  assert.equal(rewriteTwilioUrl('https://nottwilio.com/x', base), 'https://nottwilio.com/x');
  assert.equal(resolveTwilioUrl({}, 'https://api.twilio.com/x'), 'https://api.twilio.com/x');
  assert.equal(resolveTwilioUrl({ TWILIO_API_BASE_URL: `${base}/` }, 'https://api.twilio.com/x'), `${base}/api/x`);
});
