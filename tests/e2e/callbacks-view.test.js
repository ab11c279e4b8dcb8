'use strict';
// A supervisor opens the Callbacks view from the side navigation, reschedules
// one callback and cancels another with a reason; TaskRouter (the emulator)
// shows the original canceled, its rescheduled successor, and the reason.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually } = require('./harness');
const { createCallback } = require('../../local/src/seed');

let e2e;
let supervisor;

before(async () => {
  e2e = await startE2E('callbacks-view');
  supervisor = await e2e.agent('?role=supervisor');
});
after(() => e2e && e2e.close());

const rowOf = (taskSid) => supervisor.getByTestId(`cbvm-row-${taskSid}`);

test('a supervisor reschedules one callback and cancels another from the Callbacks view', async () => {
  const first = await createCallback(e2e.stack, { numberToCall: '+14155550123', numberToCallFrom: '+18005550100' });
  const second = await createCallback(e2e.stack, { numberToCall: '+14155550124', numberToCallFrom: '+18005550100' });

  await supervisor.getByTestId('side-nav').getByRole('button', { name: 'Callbacks' }).click();
  await supervisor.getByTestId('cbvm-callbacks-view').waitFor();
  await rowOf(first).waitFor();
  assert.match(await rowOf(second).innerText(), /\+14155550124\s+Callback\s+Everyone\s+Waiting/);
  await e2e.screenshot(supervisor, 'callbacks-view');

  // Reschedule the first to tomorrow at 10:00 (the browser's zone).
  await rowOf(first).getByRole('button', { name: 'Reschedule' }).click();
  const dialog = supervisor.getByRole('dialog');
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await dialog.locator('input[name="date"]').fill(date);
  await dialog.locator('input[name="time"]').fill('10:00');
  await dialog.getByRole('button', { name: 'Reschedule' }).click();
  await supervisor.getByText(/was rescheduled for/).waitFor();
  const successor = await eventually(async () => (await e2e.tasks()).find((t) => t.attributes.callBackData?.rescheduledFrom === first), {
    what: 'the rescheduled callback',
  });
  assert.equal(successor.attributes.callBackData.numberToCall, '+14155550123');
  assert.ok(Date.parse(successor.attributes.callBackData.scheduledFor) > Date.now());
  const original = (await e2e.tasks()).find((t) => t.sid === first);
  assert.equal(original.assignment_status, 'canceled');
  assert.match(original.reason, /^Rescheduled by alex\.agent@example\.com for /);
  // Held until its time: not in the queues' list, listed under "Scheduled".
  await rowOf(first).waitFor({ state: 'detached' });
  await supervisor.getByTestId('cbvm-callbacks-view').getByRole('button', { name: 'Scheduled' }).click();
  await rowOf(successor.sid).getByText('Scheduled').waitFor();
  await supervisor.getByTestId('cbvm-callbacks-view').getByRole('button', { name: 'Waiting' }).click();

  // Cancel the second, with a reason.
  await rowOf(second).getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByLabel(/Reason/).fill('Customer reached us by email');
  await dialog.getByRole('button', { name: 'Cancel callback' }).click();
  await supervisor.getByText(/was canceled/).waitFor();
  const canceled = (await e2e.tasks()).find((t) => t.sid === second);
  assert.equal(canceled.assignment_status, 'canceled');
  assert.equal(canceled.reason, 'Canceled by alex.agent@example.com: Customer reached us by email');
  await rowOf(second).waitFor({ state: 'detached' });
  await e2e.screenshot(supervisor, 'callbacks-view-after');
});
