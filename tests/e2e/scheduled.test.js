'use strict';
// A callback scheduled through create-callback (scheduledFor) for a later slot:
// the agent does not see it before its time; the clock advances (TaskRouter's
// timers run out on the emulator clock, their events reach the functions); the
// agent then sees it, with its scheduled time on the panel.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, taskItem, acceptTask } = require('./harness');

const CALLER = '+14155550177';
const CONTACT_CENTRE = '+18005550100';
const MINUTE = 60 * 1000;
let e2e;
let agent;

before(async () => {
  e2e = await startE2E('scheduled');
  agent = await e2e.agent();
});
after(() => e2e && e2e.close());

const releasedFor = async (number) =>
  (await e2e.tasks()).find((t) => t.attributes.callBackData && t.attributes.callBackData.numberToCall === number && !t.attributes.callbackHold &&
    t.assignment_status !== 'canceled');

test('a callback scheduled for a later slot reaches the agent at its time, not before, showing when', async () => {
  const { body: clock } = await e2e.control('clock', { freeze: true });
  const due = new Date(Math.ceil((Date.parse(clock.now) + 40 * MINUTE) / (10 * MINUTE)) * 10 * MINUTE).toISOString();
  const response = await fetch(`${e2e.stack.urls.functions}/features/callback-and-voicemail/studio/create-callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ numberToCall: CALLER, numberToCallFrom: CONTACT_CENTRE, scheduledFor: due }).toString(),
  });
  const answer = await response.json();
  assert.equal(response.status, 200, JSON.stringify(answer));
  assert.equal(answer.held, true);
  assert.equal(answer.due, due);

  // Half an hour on: still held, nothing for the agent.
  await e2e.control('clock', { advanceMs: 30 * MINUTE });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await releasedFor(CALLER), undefined, 'not released before its time');
  assert.equal(await agent.locator('[data-testid="task-item"]', { hasText: CALLER }).count(), 0, 'the agent sees nothing yet');

  // On to its time, a few minutes at a time (each timer's expiry is an event to the functions).
  let released;
  for (let step = 0; step < 12 && !released; step += 1) {
    await e2e.control('clock', { advanceMs: 3 * MINUTE });
    // Every event this step caused is answered by the functions before the clock moves on.
    await e2e.control('taskrouter/event-callbacks?settled=true', undefined, 'GET');
    released = await releasedFor(CALLER);
  }
  assert.ok(released, 'released at its time');
  const { body: after } = await e2e.control('clock', {});
  assert.ok(Date.parse(after.now) >= Date.parse(due), 'not before its time');

  await taskItem(agent, released.sid).waitFor();
  const canvas = await acceptTask(agent, released.sid);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.waitFor();
  // The agent's zone is Europe/Paris; the contact centre's New York.
  await panel.getByTestId('cbvm-scheduled-for').waitFor();
  const text = await panel.innerText();
  assert.match(text, /Scheduled for \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M GMT\+1/);
  assert.match(text, /System time: .* (EST|EDT)/);
  await e2e.screenshot(agent, 'scheduled-callback-panel');
});
