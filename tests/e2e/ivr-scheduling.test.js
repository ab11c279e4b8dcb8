'use strict';
// The caller's side of right-time callbacks, through the shipped Studio flow
// and the wait loop, with a calling window (CALLING_WINDOW) that is closed now
// and opens a quarter of an hour or so from now:
// - a caller chooses "a later time", picks an offered slot on the keypad, hears
//   it read back in their own zone and confirms; the agent sees nothing until
//   the emulator clock reaches the slot, then the callback "Scheduled for …";
// - a caller asks for a callback while the centre is closed; the loop says when
//   it opens; the agent sees the callback only once the clock reaches the opening.
// The functions read the real clock and TaskRouter's timers run on the
// emulator's, so each test freezes the emulator clock at the real time and then
// moves it to each pending timer's expiry, as time passing would.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, enterQueue, press, taskItem, acceptTask } = require('./harness');

const MINUTE = 60 * 1000;
const SLOT_MINUTES = 15;
const CENTRE_ZONE = 'America/New_York';
const UK_CALLER = '+442079460958'; // one zone (Europe/London): slots are read in London time
const US_CALLER = '+14155550123'; // several zones: the centre's
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
// The product never releases before the due time by its own clock, but the functions read the real
// clock while this test steps the emulator's (frozen at the real time): theirs runs ahead of it by the
// seconds the test has taken, so the emulator's time at release may read up to that much early.
const RELEASE_SLACK_MS = 30 * 1000;

// The centre opens at the first slot boundary at least 12 minutes from now
// (time enough to start the stack and load Flex) and stays open to the end of
// the next day: closed now, and slots after the opening.
const OPENING = Math.ceil((Date.now() + 12 * MINUTE) / (SLOT_MINUTES * MINUTE)) * SLOT_MINUTES * MINUTE;

function wallClock(instant, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { day: DAYS.indexOf(parts.weekday.toLowerCase()), date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

function callingWindow() {
  const opens = wallClock(OPENING, CENTRE_ZONE);
  return {
    timeZone: CENTRE_ZONE,
    weekly: { [DAYS[opens.day]]: [[opens.time, '24:00']], [DAYS[(opens.day + 1) % 7]]: [['00:00', '24:00']] },
  };
}

/** A time as the en-US wait prompts say it: "today at 3:15 PM", "tomorrow at 9 AM", "Monday, December 7 at 9 AM". */
function spoken(instant, timeZone) {
  const at = new Date(instant);
  const day = (d) => Date.parse(`${wallClock(d, timeZone).date}T00:00:00Z`);
  const days = Math.round((day(at) - day(Date.now())) / (24 * 60 * MINUTE));
  const date = days === 0 ? 'today' : days === 1 ? 'tomorrow'
    : at.toLocaleDateString('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' });
  const time = at.toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).replace(':00 ', ' ');
  return `${date} at ${time}`;
}

let e2e;
let agent;
let caller;

before(async () => {
  e2e = await startE2E('ivr-scheduling', {
    // Warm instances, as a deployed service answers (twilio-run otherwise forks a process per request).
    warmFunctions: true,
    // The suite's own functions environment: passed through the deploy into the service's variables.
    functionsExtraEnv: { CALLING_WINDOW: JSON.stringify(callingWindow()), SCHEDULE_SLOT_MINUTES: String(SLOT_MINUTES) },
  });
  agent = await e2e.agent();
  caller = await e2e.caller();
});
after(() => e2e && e2e.close());
beforeEach(async () => {
  await e2e.reset();
  // The emulator's clock stops at the real time; only advanceMs moves it from here.
  await e2e.control('clock', { freeze: true });
});

const callbackTasks = async (number) => (await e2e.tasks()).filter((t) => t.attributes.callBackData && t.attributes.callBackData.numberToCall === number);
const released = async (number) => (await callbackTasks(number)).find((t) => !t.attributes.callbackHold && t.assignment_status !== 'canceled');
const agentSees = (number) => agent.locator('[data-testid="task-item"][data-channel="callback"]', { hasText: number }).count();
const says = async (call) => call.getByTestId('call-log').locator('li[data-kind="say"]').allInnerTexts();

/** Everything the caller heard after `heard` lines. */
async function heardSince(call, heard) {
  return (await says(call)).slice(heard);
}

/** From the queue to the choice of time: star, 1 (a callback), 1 (on this number). */
async function toChoiceOfTime(call) {
  await press(call, ['*'], { expect: 'To request a callback, press 1' });
  await press(call, ['1'], { expect: 'We can call you back at' });
  await press(call, ['1'], { expect: 'To be called back as soon as we open, press 1. To choose a later time, press 2.' });
}

/**
 * Moves the emulator clock to each pending hold timer's expiry (its events
 * answered by the functions) until the callback for `number` is released;
 * checks at each step that the agent does not see it yet. Answers the
 * released task and the emulator time at which it was released.
 */
async function advanceUntilReleased(number, dueMs) {
  for (let step = 0; step < 12; step += 1) {
    const { body: clock } = await e2e.control('clock', {});
    const now = Date.parse(clock.now);
    const task = await released(number);
    if (task) return { task, now };
    assert.equal(await agentSees(number), 0, `the agent sees nothing at ${clock.now}, before ${new Date(dueMs).toISOString()}`);
    const timers = (await e2e.tasks()).filter((t) => t.attributes.callbackHoldTimer && t.assignment_status === 'pending');
    assert.ok(timers.length > 0, `a timer wakes the held callback at ${clock.now}`);
    const next = Math.min(...timers.map((t) => Date.parse(t.date_created) + t.timeout * 1000));
    await e2e.control('clock', { advanceMs: Math.max(0, next - now) + 1000 });
    await e2e.control('taskrouter/event-callbacks?settled=true', undefined, 'GET');
  }
  throw new Error(`the callback for ${number} was not released`);
}

test('a caller schedules a callback for a later slot through the IVR; the agent sees it at its time, "Scheduled for …"', async () => {
  const call = await enterQueue(caller, UK_CALLER);
  await call.getByTestId('call-log').getByText('We are closed right now.', { exact: false }).waitFor();
  await toChoiceOfTime(call);

  // "A later time": the next open slots, from the opening, read in London time.
  let heard = (await says(call)).length;
  await press(call, ['2'], { expect: 'For later times, press 9.' });
  const page = await heardSince(call, heard);
  assert.equal(page[0], 'Please choose a time for your callback.');
  const offered = [0, 1, 2, 3, 4].map((i) => `For ${spoken(OPENING + i * SLOT_MINUTES * MINUTE, 'Europe/London')}, press ${i + 1}.`);
  assert.deepEqual(page.slice(1, 6), offered, 'five slots from the opening, every 15 minutes, in the caller\'s zone');

  // The second slot, read back, confirmed.
  const due = OPENING + SLOT_MINUTES * MINUTE;
  const slot = spoken(due, 'Europe/London');
  await press(call, ['2'], { expect: `You chose ${slot}. If this is correct, press 1.` });
  await press(call, ['1'], { expect: `Thank you. An agent will call you back ${slot}. Goodbye.` });
  await call.getByTestId('call-state').getByText('ended').waitFor();

  const [held] = await callbackTasks(UK_CALLER);
  assert.ok(held && held.attributes.callbackHold, 'held until its time');
  assert.equal(held.attributes.callBackData.scheduledFor, new Date(due).toISOString());
  assert.equal(held.attributes.callBackData.scheduledTimeZone, 'Europe/London');

  const { task, now } = await advanceUntilReleased(UK_CALLER, due);
  assert.ok(now >= due - RELEASE_SLACK_MS, `released at ${new Date(now).toISOString()}, not before its time`);

  await taskItem(agent, task.sid).waitFor();
  const canvas = await acceptTask(agent, task.sid);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.getByTestId('cbvm-scheduled-for').waitFor();
  const text = await panel.innerText();
  // The agent's zone is Europe/Paris, the centre's New York, the customer's London.
  assert.match(text, /A contact has asked to be called back at a chosen time\./);
  assert.match(text, /Scheduled for \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M GMT\+[12]/);
  assert.match(text, /System time: .* (EST|EDT)/);
  assert.match(text, /Customer's time: .* GMT(\+1)?\b/);
  await e2e.screenshot(agent, 'ivr-scheduled-callback-panel');
});

test('a callback asked for after hours reaches the agent when the window opens', async () => {
  const call = await enterQueue(caller, US_CALLER);
  const opening = spoken(OPENING, CENTRE_ZONE);
  await call.getByTestId('call-log').getByText(`We are closed right now. We open ${opening}.`).waitFor();
  await call.getByTestId('call-log').getByText('To request a callback when we open, or to leave a voicemail, press the star key.').waitFor();
  await toChoiceOfTime(call);
  await press(call, ['1'], { expect: `an agent will call you back when we open, ${opening}. Goodbye.` });
  await call.getByTestId('call-state').getByText('ended').waitFor();

  const [held] = await callbackTasks(US_CALLER);
  assert.ok(held && held.attributes.callbackHold, 'held until the window opens');
  assert.equal(held.attributes.callBackData.scheduledFor, undefined, 'not a scheduled callback');

  const { task, now } = await advanceUntilReleased(US_CALLER, OPENING);
  assert.ok(now >= OPENING - RELEASE_SLACK_MS, `released at ${new Date(now).toISOString()}, when the window opens`);
  await taskItem(agent, task.sid).waitFor();
  assert.equal(await agent.getByTestId('task-item').filter({ hasText: US_CALLER }).getByTestId('task-title').innerText(), `${US_CALLER} · Callback · Everyone`);
});
