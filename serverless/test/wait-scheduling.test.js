'use strict';
// The wait experience with a calling window (CALLING_WINDOW), driven over HTTP
// as Twilio's voice side drives it: a caller who chooses a callback chooses "as
// soon as possible" or one of the next open slots, read out in their language,
// chosen on the keypad, read back and confirmed; the callback task carries
// callBackData.scheduledFor. Outside the window the loop says when the centre
// opens. The functions read the real clock, so the windows are built from it.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, addHoldWorkflow, PATHS, SimulatedCall, verbNames, queryOf, attributesOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
let stack;
let locales;

// Open all day every day in UTC: there are always slots ahead.
const ALWAYS = { timeZone: 'UTC', weekly: Object.fromEntries(DAYS.map((d) => [d, [['00:00', '24:00']]])) };

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'UTC', CALLING_WINDOW: JSON.stringify(ALWAYS), SCHEDULE_SLOT_MINUTES: '30' } });
  const { loadCore } = require('@cbvm/core');
  locales = Object.fromEntries((await loadCore()).constants().waitLocales.map((l) => [l.tag, l]));
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  await addHoldWorkflow(stack); // scheduled and after-hours callbacks are held there until due
});

function enqueueCaller() {
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  return { inbound, call };
}

const says = (verbs) => verbs.flatMap((v) => [...(v.name === 'Say' ? [v.text] : []), ...says(v.children || [])]);
const fill = (text, values) => Object.entries(values).reduce((t, [k, v]) => t.replace(`{{${k}}}`, v), text);
const callbacks = (inbound) => stack.emulator.tasks().filter((t) => t.sid !== inbound.taskSid);

// From the loop to the choice of time: star, 1 (callback), 1 (this number).
async function toChoiceOfTime(call, loop) {
  const menu = await call.press(loop, '*');
  const offer = await call.followRedirect(await call.press(menu, '1'));
  return call.followRedirect(await call.press(offer, '1'));
}

test('English: a later time is chosen from the slots, a wrong key offers them again, and the task carries scheduledFor', async () => {
  const en = locales['en-US'].messages;
  const { inbound, call } = enqueueCaller();
  const loop = await call.followRedirect(await call.enqueue());
  const choice = await toChoiceOfTime(call, loop);
  assert.deepEqual(says(choice), [en.callbackTimeOptions]);

  const slots = await call.followRedirect(await call.press(choice, '2'));
  const spoken = says(slots);
  assert.equal(spoken[0], en.slotsIntro);
  assert.match(spoken[1], /^For (today|tomorrow) at \d{1,2}(:30)? (AM|PM), press 1\.$/);
  assert.deepEqual(spoken.slice(-2), [en.slotsMore, en.slotsBack]);
  assert.equal(spoken.length, 1 + 5 + 2);

  const wrong = await call.press(slots, '7');
  assert.deepEqual(says(wrong), [en.invalidChoice]);
  const again = await call.followRedirect(wrong);
  assert.deepEqual(says(again), spoken, 'the same page is offered again');

  const toConfirm = await call.press(again, '2');
  const { scheduledFor } = queryOf(toConfirm[toConfirm.length - 1].text);
  const confirm = await call.followRedirect(toConfirm);
  const slot = spoken[2].replace(/^For (.*), press 2\.$/, '$1');
  assert.deepEqual(says(confirm), [fill(en.confirmSlot, { slot })]);

  const done = await call.followRedirect(await call.press(confirm, '1'));
  assert.deepEqual(verbNames(done), ['Say', 'Hangup']);
  assert.deepEqual(says(done), [fill(en.callbackScheduled, { slot })]);
  const [task] = callbacks(inbound);
  const data = attributesOf(task).callBackData;
  assert.equal(data.scheduledFor, scheduledFor);
  assert.equal(data.scheduledTimeZone, 'UTC', 'a US number (several zones) hears the centre\'s zone');
  assert.equal(new Date(scheduledFor).getUTCMinutes() % 30, 0);
  assert.ok(Date.parse(scheduledFor) > Date.now());
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'canceled');
});

test('es-MX: the later times (9), back (star) and on, a slot read back in Spanish, confirmed into a scheduled task', async () => {
  const es = locales['es-MX'].messages;
  const { inbound, call } = enqueueCaller();
  const loop = await call.followRedirect(await call.fetch(`${PATHS.waitExperience}?mode=initialize&language=es-MX`));
  const choice = await toChoiceOfTime(call, loop);
  assert.deepEqual(says(choice), [es.callbackTimeOptions]);
  const first = await call.followRedirect(await call.press(choice, '2'));
  const later = await call.followRedirect(await call.press(first, '9'));
  const spoken = says(later);
  assert.equal(spoken[0], es.slotsIntro);
  assert.match(spoken[1], /^Para (hoy|mañana|el \S+ \d+ de \S+) a las? \d{1,2}(:30)? de la (mañana|tarde|noche), presione 1\.$/);
  assert.notDeepEqual(spoken, says(first), 'the later times are others');

  const back = await call.followRedirect(await call.press(later, '*'));
  assert.deepEqual(says(back), [es.callbackTimeOptions]);
  const page = await call.followRedirect(await call.press(back, '2'));
  const confirm = await call.followRedirect(await call.press(page, '1'));
  const slot = says(page)[1].replace(/^Para (.*), presione 1\.$/, '$1');
  assert.deepEqual(says(confirm), [fill(es.confirmSlot, { slot })]);
  const done = await call.followRedirect(await call.press(confirm, '1'));
  assert.deepEqual(says(done), [fill(es.callbackScheduled, { slot })]);
  const data = attributesOf(callbacks(inbound)[0]).callBackData;
  assert.ok(Date.parse(data.scheduledFor) > Date.now() - 60000);
  assert.equal(data.scheduledTimeZone, 'UTC');
});

test('outside the window the loop says when the centre opens, and "as soon as possible" is a callback then', async (t) => {
  const en = locales['en-US'].messages;
  // Open only three days from now (UTC), 09:00 to 17:00: closed now.
  const opens = new Date(Date.now() + 3 * 86400000);
  opens.setUTCHours(9, 0, 0, 0);
  stack.env.CALLING_WINDOW = JSON.stringify({ timeZone: 'UTC', weekly: { [DAYS[opens.getUTCDay()]]: [['09:00', '17:00']] } });
  t.after(() => {
    stack.env.CALLING_WINDOW = JSON.stringify(ALWAYS);
  });
  const weekday = opens.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const month = opens.toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
  const opening = `${weekday}, ${month} ${opens.getUTCDate()} at 9 AM`;

  const { inbound, call } = enqueueCaller();
  const loop = await call.followRedirect(await call.enqueue());
  assert.deepEqual(says(loop), [en.greeting, fill(en.closedNow, { opening }), en.closedOptionsPrompt]);
  const choice = await toChoiceOfTime(call, loop);
  assert.deepEqual(says(choice), [en.callbackTimeOptionsClosed]);
  const done = await call.followRedirect(await call.press(choice, '1'));
  assert.deepEqual(says(done), [fill(en.callbackWhenOpen, { opening })]);
  const data = attributesOf(callbacks(inbound)[0]).callBackData;
  assert.equal(data.scheduledFor, undefined, 'made as any callback; holding it until the window opens is the creation path\'s');
});
