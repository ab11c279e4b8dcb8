'use strict';
// Retry by outcome: the customer's phone does not answer the agent's call
// back; Flex cancels the outbound reservation with 45305, the plugin records
// "no answer", the server requeues the callback, and the next attempt reaches
// the queue after the policy's wait (10 minutes, on the emulator clock).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, taskItem, acceptTask } = require('./harness');

const CUSTOMER = '+14155550177';
let e2e;
let agent;

before(async () => {
  e2e = await startE2E('outcome');
  agent = await e2e.agent();
});
after(() => e2e && e2e.close());

test('a call back nobody answers is recorded as no answer and comes back to the queue after its wait', async () => {
  await e2e.reset();
  await e2e.control('phones', { number: CUSTOMER, answer: 'no-answer' });
  const created = await fetch(`${e2e.stack.urls.functions}/features/callback-and-voicemail/studio/create-callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ numberToCall: CUSTOMER, numberToCallFrom: '+18005550100' }).toString(),
  }).then((r) => r.json());
  assert.ok(created.taskSid, JSON.stringify(created));

  const canvas = await acceptTask(agent, created.taskSid);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.getByRole('button', { name: 'No answer' }).waitFor(); // the disposition, until the outcome is known
  await panel.getByRole('button', { name: `Place Call Now To ${CUSTOMER}` }).click();

  const next = await eventually(
    async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'callback' && t.attributes.callBackData.attempts === 1),
    { what: 'the requeued attempt 2' },
  );
  const original = (await e2e.tasks()).find((t) => t.sid === created.taskSid);
  assert.deepEqual(
    original.attributes.callBackData.outcomes.map(({ attempt, result, next: then, waitMinutes }) => ({ attempt, result, then, waitMinutes })),
    [{ attempt: 1, result: 'no-answer', then: 'retry', waitMinutes: 10 }],
  );
  await canvas.getByTestId('canvas-status').getByText('wrapping').waitFor();
  await panel.getByText('Attempt 1: No answer (tried again after 10 min)').waitFor();
  await e2e.screenshot(agent, 'outcome-no-answer');

  assert.equal(next.assignment_status, 'pending');
  assert.equal(next.attributes.callBackData.retryWaitMinutes, 10);
  assert.equal(next.routing.expression, '1==0', 'held back: offered to no worker during the wait');
  await e2e.control('clock', { advanceMs: 9 * 60 * 1000 });
  assert.equal((await e2e.tasks()).find((t) => t.sid === next.sid).routing.expression, '1==0', 'still waiting after 9 minutes');
  await e2e.control('clock', { advanceMs: 60 * 1000 + 1000 });
  const released = (await e2e.tasks()).find((t) => t.sid === next.sid);
  assert.equal(released.assignment_status, 'pending');
  assert.equal(released.routing.expression, null, 'offered to the queue\'s workers after 10 minutes');
  await taskItem(agent, next.sid).waitFor();
});
