'use strict';
// A caller asks for a callback while waiting in the queue; the agent sees the
// Callback task, places the call back, and returns to the callback afterwards.
// "Retry Later" requeues up to the attempt limit, which the server enforces.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, enterQueue, press, taskItem, acceptTask } = require('./harness');

const CALLER = '+14155550123';
const CONTACT_CENTRE = '+18005550100';
const NO_ANSWER_CUSTOMER = '+14155550177';
let e2e;
let agent;
let caller;

before(async () => {
  e2e = await startE2E('callback');
  agent = await e2e.agent();
  caller = await e2e.caller();
});
after(() => e2e && e2e.close());
beforeEach(() => e2e.reset());

/** Drives the caller's menus to a callback on the number they call from; returns the callback task. */
async function requestCallback(from) {
  const call = await enterQueue(caller, from);
  await press(call, ['*'], { expect: 'To request a callback, press 1' });
  await press(call, ['1'], { expect: 'We can call you back at' });
  await press(call, ['1'], { expect: 'Your callback request has been received' });
  await call.getByTestId('call-state').getByText('ended').waitFor();
  return eventually(async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'callback' && t.attributes.callBackData.numberToCall === from), {
    what: 'the callback task in the emulator',
  });
}

function canvasOf(taskSid) {
  return agent.locator(`[data-testid="task-canvas"][data-selected="${taskSid}"]`);
}

test('a callback requested in the queue is called back, and the agent returns to it afterwards', async () => {
  const callback = await requestCallback(CALLER);
  assert.equal(callback.assignment_status, 'pending');

  const item = taskItem(agent, callback.sid);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-channel'), 'callback');
  assert.equal(await item.getByTestId('task-title').innerText(), `${CALLER} · Callback · Everyone`);

  const canvas = await acceptTask(agent, callback.sid);
  assert.equal(await canvas.getByTestId('canvas-title').innerText(), `Everyone: Callback (${CALLER})`);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /Callback Request/);
  assert.match(text, /Contact phone\s+\+14155550123/);
  assert.match(text, /Call reception time\s+\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M GMT\+1/, 'the reception time in the agent\'s zone');
  assert.match(text, /System time: .* (EST|EDT)/, 'and in the contact centre\'s zone');
  assert.match(text, /Callback attempt 1 of 3/);
  await e2e.screenshot(agent, 'callback-panel');

  await panel.getByRole('button', { name: `Place Call Now To ${CALLER}` }).click();
  const outboundTask = await eventually(async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'callback-outbound'), {
    what: 'the outbound call task',
  });
  const calls = await e2e.calls();
  const outboundCall = calls.find((c) => c.direction === 'outbound-api');
  assert.ok(outboundCall, 'an outbound call was placed');
  assert.equal(outboundCall.to, CALLER, 'to the number to call');
  assert.equal(outboundCall.from, CONTACT_CENTRE, 'with the number the caller called as caller ID');
  assert.equal(outboundTask.assignment_status, 'assigned');
  assert.equal(outboundTask.attributes.parentTask, callback.sid);
  assert.equal(outboundTask.attributes.autoClose, true);
  assert.equal(outboundTask.attributes.call_sid, outboundCall.sid);
  assert.equal(outboundTask.attributes.conversations.conversation_id, callback.attributes.conversations.conversation_id);

  const callCanvas = canvasOf(outboundTask.sid);
  await callCanvas.waitFor();
  await callCanvas.getByRole('button', { name: 'Hang up' }).click();

  await canvasOf(callback.sid).getByTestId('cbvm-panel').waitFor();
  assert.equal((await e2e.calls()).find((c) => c.sid === outboundCall.sid).status, 'completed');
  await eventually(async () => (await e2e.tasks()).find((t) => t.sid === outboundTask.sid).assignment_status === 'completed', {
    what: 'the outbound task to complete',
  });
  assert.equal((await e2e.tasks()).find((t) => t.sid === callback.sid).assignment_status, 'assigned', 'the callback is still the agent\'s');
  const after = canvasOf(callback.sid).getByTestId('cbvm-panel');
  await after.getByText(/^Callback attempt 1 of 3 — called at /).waitFor();
  assert.equal(await after.getByRole('button', { name: 'Retry Later' }).isEnabled(), true, 'Retry Later is offered after the call');
});

test('Retry Later requeues each attempt up to the limit, and the server refuses one more', async () => {
  let current = await requestCallback('+14155550188');
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const canvas = await acceptTask(agent, current.sid);
    const panel = canvas.getByTestId('cbvm-panel');
    await panel.getByText(`Callback attempt ${attempt} of 3`).waitFor();
    if (attempt === 3) {
      assert.equal(await panel.getByRole('button', { name: 'Retry Later' }).count(), 0, 'no Retry Later at the last attempt');
      await panel.getByText('This is the last attempt, so Retry Later is not offered.').waitFor();
      assert.equal(await panel.getByRole('button', { name: /Place Call Now/ }).count(), 1);
      break;
    }
    await panel.getByRole('button', { name: 'Retry Later' }).click();
    await canvas.getByTestId('canvas-status').getByText('wrapping').waitFor();
    const previousSid = current.sid;
    current = await eventually(async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'callback' && t.attributes.callBackData.attempts === attempt), {
      what: `the requeued attempt ${attempt + 1}`,
    });
    assert.equal(current.assignment_status, 'pending');
    assert.equal(current.attributes.conversations.conversation_id, (await e2e.tasks()).find((t) => t.sid === previousSid).attributes.conversations.conversation_id);
    await canvas.getByRole('button', { name: 'Complete', exact: true }).click();
    await taskItem(agent, previousSid).waitFor({ state: 'detached' });
  }

  // The agent holding the last attempt asks for one more, with the agent page's own token.
  const { token } = await agent.evaluate(() => window.__cbvmHost.config);
  const response = await fetch(`${e2e.stack.urls.functions}/features/callback-and-voicemail/flex/requeue-callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ taskSid: current.sid, Token: token }),
  });
  const body = await response.json();
  assert.equal(response.status, 409, JSON.stringify(body));
  assert.equal(body.success, false);
  assert.equal((await e2e.tasks()).filter((t) => t.attributes.taskType === 'callback').length, 3, 'no fourth attempt exists');
});

// Retry by outcome: the customer's phone does not answer the agent's call back;
// Flex cancels the outbound reservation with 45305, the plugin records "no
// answer", the server requeues the callback, and the next attempt reaches the
// queue after the policy's wait (10 minutes, on the emulator clock).
test('a call back nobody answers is recorded as no answer and comes back to the queue after its wait', async () => {
  await e2e.control('phones', { number: NO_ANSWER_CUSTOMER, answer: 'no-answer' });
  const created = await fetch(`${e2e.stack.urls.functions}/features/callback-and-voicemail/studio/create-callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ numberToCall: NO_ANSWER_CUSTOMER, numberToCallFrom: '+18005550100' }).toString(),
  }).then((r) => r.json());
  assert.ok(created.taskSid, JSON.stringify(created));

  const canvas = await acceptTask(agent, created.taskSid);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.getByRole('button', { name: 'No answer' }).waitFor(); // the disposition, until the outcome is known
  await panel.getByRole('button', { name: `Place Call Now To ${NO_ANSWER_CUSTOMER}` }).click();

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

test("the customer's text confirms the callback, and replying CANCEL CALLBACK removes it from the agent's queue", async () => {
  const callback = await requestCallback(CALLER);
  const item = taskItem(agent, callback.sid);
  await item.waitFor();
  const texts = caller.getByTestId('message-list');
  await texts.getByText(`Reply CANCEL to cancel it. Ref ${callback.sid}`, { exact: false }).waitFor();
  await caller.getByTestId('sms-reply').fill('CANCEL CALLBACK');
  await caller.getByTestId('sms-send').click();
  await texts.getByText('Your callback has been canceled.', { exact: false }).waitFor();
  await item.waitFor({ state: 'detached' });
  const task = (await e2e.tasks()).find((t) => t.sid === callback.sid);
  assert.equal(task.assignment_status, 'canceled');
  assert.equal(task.reason, 'Canceled by the customer by SMS');
});
