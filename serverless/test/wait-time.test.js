'use strict';
// The wait loop tells callers their place in line and the expected wait, from
// the TaskRouter queue's statistics, and offers the callback/voicemail menu
// only when the expected wait is longer than CALLBACK_OFFER_AFTER_SECONDS.
// Statistics are read once per queue per 15 s, however many calls wait.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, SimulatedCall, verbNames } = require('./helpers');

const CALLED = '+18005550100';
const AGENT = 'WK00000000000000000000000000000001';
let stack;
let workflowSid;
let n = 0;

before(async () => {
  stack = await startStack({
    env: { WAIT_EXPERIENCE_ANNOUNCE_POSITION: 'true', WAIT_EXPERIENCE_ANNOUNCE_WAIT: 'true', CALLBACK_OFFER_AFTER_SECONDS: '120' },
  });
});
after(() => stack && stack.close());
// Each test's calls wait in a queue of their own: statistics are cached per queue.
beforeEach(async () => {
  stack.emulator.reset();
  const ws = stack.emulator.twilioClient().taskrouter.v1.workspaces(stack.emulator.workspaceSid);
  n += 1;
  const queue = await ws.taskQueues.create({ friendlyName: `Waiting ${n}` });
  const workflow = await ws.workflows.create({
    friendlyName: `Calls ${n}`,
    configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
  });
  workflowSid = workflow.sid;
});

// Tasks the queue's agents accepted after waiting `seconds` each.
function acceptedAfter(seconds, count) {
  const sids = [];
  for (let i = 0; i < count; i += 1) sids.push(stack.emulator.simulateInboundCall({ from: `+1415555010${i}`, to: CALLED, workflowSid }).taskSid);
  stack.emulator.advanceClock(seconds * 1000);
  for (const sid of sids) stack.emulator.assignTask(sid, { workerSid: AGENT, status: 'assigned' });
}

async function waitLoop(from) {
  const inbound = stack.emulator.simulateInboundCall({ from, to: CALLED, workflowSid });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from, to: CALLED });
  return call.followRedirect(await call.enqueue());
}

const spoken = (verbs) => verbs.filter((v) => v.name === 'Say').map((v) => v.text);

test('a long expected wait is announced with the caller\'s place, and the menu is offered', async () => {
  acceptedAfter(600, 3);
  const loop = await waitLoop('+14155550123');
  assert.ok(spoken(loop).includes('You are number 1 in line.'), JSON.stringify(spoken(loop)));
  assert.ok(spoken(loop).some((t) => /about 10 minutes/.test(t)), JSON.stringify(spoken(loop)));
  assert.ok(verbNames(loop).includes('Gather'), 'the star key is offered');
});

test('an expected wait within the threshold offers no menu', async () => {
  acceptedAfter(60, 3);
  const loop = await waitLoop('+14155550124');
  assert.ok(spoken(loop).some((t) => /one minute/.test(t)), JSON.stringify(spoken(loop)));
  assert.ok(!verbNames(loop).includes('Gather'), JSON.stringify(verbNames(loop)));
});

test('with no task accepted lately the wait is not told and the menu stays', async () => {
  const loop = await waitLoop('+14155550125');
  assert.ok(!spoken(loop).some((t) => /expected wait|less than a minute/.test(t)), JSON.stringify(spoken(loop)));
  assert.ok(verbNames(loop).includes('Gather'));
});

test('30 callers waiting at once share one statistics read of their queue', async (t) => {
  acceptedAfter(300, 2);
  await Promise.all(Array.from({ length: 30 }, (_, i) => waitLoop(`+1415556${String(i).padStart(4, '0')}`)));
  const reads = stack.emulator.requests().filter((r) => /statistics/.test(r.kind || '')).length;
  t.diagnostic(`30 waiting calls: ${reads} statistics requests`);
  assert.ok(reads <= 2, `${reads} statistics requests`);
});
