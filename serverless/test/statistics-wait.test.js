'use strict';
// The wait loop's queue statistics are waited for at most ~2 s: a slow
// TaskRouter must not keep a waiting caller in silence for the 8 s the
// Functions budget would allow. Late statistics answer null (the loop then
// speaks without the expected wait); the read goes on and serves later calls.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { loadCore } = require('@cbvm/core');

const COMMON = path.join(__dirname, '..', 'functions', 'common');
global.Runtime = {
  getFunctions: () => Object.fromEntries(
    ['config', 'deadline', 'retry', 'tasks'].map((name) => [`common/${name}`, { path: path.join(COMMON, `${name}.private.js`) }]),
  ),
};
const { queueStatistics, STATISTICS_WAIT_MS } = require(path.join(COMMON, 'lookups.private.js'));

const context = { ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_FLEX_WORKSPACE_SID: `WS${'0'.repeat(32)}` };
let core;
before(async () => {
  core = await loadCore();
});

// A TaskRouter queue whose statistics answer after `delayMs`.
function slowClient(delayMs) {
  let reads = 0;
  const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), delayMs));
  const queue = {
    realTimeStatistics: () => ({ fetch: () => (reads += 1, later({ tasksByStatus: { pending: 2, reserved: 1 } })) }),
    cumulativeStatistics: () => ({ fetch: () => later({ reservationsAccepted: 4, waitDurationUntilAccepted: { avg: 300 } }) }),
  };
  return { client: { taskrouter: { v1: { workspaces: () => ({ taskQueues: () => queue }) } } }, reads: () => reads };
}

test('the loop waits about 2 s for the statistics, no longer', () => {
  assert.equal(STATISTICS_WAIT_MS, 2000);
});

test('statistics slower than the wait answer null at the cap, and the read still fills the cache', async () => {
  const { client, reads } = slowClient(150);
  const deps = { core, context, client };
  const queueSid = `WQ${'1'.repeat(32)}`;
  const started = Date.now();
  assert.equal(await queueStatistics(deps, queueSid, Date.now(), 30), null);
  const waited = Date.now() - started;
  assert.ok(waited < 140, `answered after ${waited} ms, not at the 30 ms cap`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  // The next call is answered from the read that went on, without another request.
  assert.deepEqual(await queueStatistics(deps, queueSid, Date.now(), 30), { waiting: 3, accepted: 4, averageWaitSeconds: 300 });
  assert.equal(reads(), 1);
});

test('statistics within the wait are answered as read', async () => {
  const { client } = slowClient(5);
  const stats = await queueStatistics({ core, context, client }, `WQ${'2'.repeat(32)}`, Date.now(), 500);
  assert.deepEqual(stats, { waiting: 3, accepted: 4, averageWaitSeconds: 300 });
});
