'use strict';
// Callbacks held until due: scheduledFor on create-callback, the calling window,
// and the release through TaskRouter's event callback, exactly once.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const EVENTS_PATH = '/features/callback-and-voicemail/taskrouter/events';
const MINUTE = 60 * 1000;
let stack;
let client;

before(async () => {
  stack = await startStack({ env: { CALLBACK_HOLD_SWEEP_SECONDS: '0' } });
  client = stack.emulator.twilioClient();
});
after(() => stack && stack.close());

let holdWorkflowSid;
beforeEach(async () => {
  stack.emulator.reset();
  stack.emulator.advanceClock({ freeze: true });
  delete stack.env.CALLING_WINDOW;
  // The hold workflow as the deploy makes it: one target, a queue no worker matches.
  const ws = client.taskrouter.v1.workspaces(stack.emulator.workspaceSid);
  const queue = await ws.taskQueues.create({ friendlyName: 'Callbacks on hold', targetWorkers: '1==0' });
  const wf = await ws.workflows.create({
    friendlyName: 'Callbacks on hold',
    configuration: JSON.stringify({ task_routing: { filters: [{ filter_friendly_name: 'Held', expression: '1==1', targets: [{ queue: queue.sid }] }], default_filter: { queue: queue.sid } } }),
  });
  holdWorkflowSid = wf.sid;
  stack.env.CALLBACK_HOLD_WORKFLOW_SID = wf.sid;
});

const create = (params) => stack.request(PATHS.createCallback, { params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', ...params } });
const emulatorNow = () => Date.parse(stack.emulator.advanceClock(0).now);
const tasksOf = (workflowSid) => stack.emulator.tasks().filter((t) => t.workflow_sid === workflowSid);
const callbacks = () => tasksOf(stack.emulator.defaultWorkflowSid);
const slotIn = (ms) => new Date(Math.ceil((emulatorNow() + ms) / MINUTE) * MINUTE).toISOString();

async function useEvents() {
  const ws = client.taskrouter.v1.workspaces(stack.emulator.workspaceSid);
  await ws.update({ eventCallbackUrl: `${stack.url}${EVENTS_PATH}` });
}

// Advances the emulator clock a step at a time, letting each step's events be
// handled, until `done()` or `maxMs` have passed; answers the time it stopped at.
async function advanceUntil(done, { stepMs = 5 * MINUTE, maxMs = 4 * 60 * MINUTE } = {}) {
  for (let passed = 0; passed < maxMs; passed += stepMs) {
    stack.emulator.advanceClock(stepMs);
    await stack.emulator.eventCallbacksSettled();
    if (process.env.DEBUG_HOLDS) console.log(new Date(emulatorNow()).toISOString(), stack.emulator.tasks().map((t) => `${t.sid.slice(-4)}:${t.assignment_status}:${t.timeout}`).join(' '));
    if (await done()) return emulatorNow();
  }
  throw new Error('not done in time');
}

test('scheduledFor is refused with a sentence naming it: in the past, beyond the horizon, outside the window, unreadable', async () => {
  const past = await create({ scheduledFor: new Date(Date.now() - 10 * MINUTE).toISOString() });
  assert.equal(past.status, 400);
  assert.match(past.body.message, /scheduledFor .* is in the past/);
  const far = await create({ scheduledFor: new Date(Date.now() + 40 * 24 * 60 * MINUTE).toISOString() });
  assert.equal(far.status, 400);
  assert.match(far.body.message, /scheduledFor .* more than 30 days ahead/);
  const unreadable = await create({ scheduledFor: 'tomorrow at noon' });
  assert.equal(unreadable.status, 400);
  assert.match(unreadable.body.message, /scheduledFor must be an ISO-8601 instant/);
  stack.env.CALLING_WINDOW = JSON.stringify({ timeZone: 'UTC', weekly: { mon: [['09:00', '10:00']] } });
  const closed = await create({ scheduledFor: nextUtc(3) });
  assert.equal(closed.status, 400);
  assert.match(closed.body.message, /scheduledFor .* is outside the calling window/);
  assert.equal(stack.emulator.tasks().length, 0, 'nothing was created');
});

// An instant at hh:00 UTC on a Tuesday ahead (never inside a Monday-only window).
function nextUtc(hour) {
  const d = new Date(Date.now() + 24 * 60 * MINUTE);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

test('a scheduled callback is held in the hold workflow, reaches agents at its time (not before), once, in its place', async () => {
  await useEvents();
  const due = slotIn(100 * MINUTE);
  const response = await create({ scheduledFor: due });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.held, true);
  assert.equal(response.body.due, due);
  const held = stack.emulator.task(response.body.taskSid);
  assert.equal(held.workflow_sid, holdWorkflowSid);
  assert.equal(held.assignment_status, 'pending');
  assert.equal(attributesOf(held).callBackData.scheduledFor, due);
  assert.equal(callbacks().length, 0);
  // An ASAP callback asked for later than the scheduled one.
  const later = await create({ numberToCall: '+14155550111' });
  assert.equal(later.body.held, undefined);

  const releasedAt = await advanceUntil(() => callbacks().length > 1);
  assert.ok(releasedAt >= Date.parse(due), 'not before its time');
  assert.ok(releasedAt - Date.parse(due) <= 5 * MINUTE, 'within the step after its time');
  assert.ok(Date.parse(callbacks().find((t) => attributesOf(t).callBackData.scheduledFor === due).date_created) >= Date.parse(due));
  const [released] = callbacks().filter((t) => attributesOf(t).callBackData.scheduledFor === due);
  assert.equal(attributesOf(released).callbackHold, undefined);
  assert.equal(attributesOf(released).taskType, 'callback');
  // Its place in line is its request time (the held task's), not its release time.
  assert.ok(Math.abs(Date.parse(released.virtual_start_time) - Date.parse(held.date_created)) < 10000, released.virtual_start_time);
  assert.ok(Date.parse(released.date_created) - Date.parse(released.virtual_start_time) > 90 * MINUTE);
  assert.equal(stack.emulator.task(held.sid).assignment_status, 'canceled');
  // More time and more events release nothing more.
  stack.emulator.advanceClock(60 * MINUTE);
  await stack.emulator.eventCallbacksSettled();
  assert.equal(callbacks().length, 2);
  assert.equal(tasksOf(holdWorkflowSid).filter((t) => t.assignment_status === 'pending').length, 0, 'no timer left behind');
});

test('duplicated and concurrent wake-ups, and a lost answer, release a held callback exactly once', async () => {
  // No event callback yet: every expiry is an event TaskRouter could not deliver.
  const due = slotIn(10 * MINUTE);
  const response = await create({ scheduledFor: due });
  const heldSid = response.body.taskSid;
  const [timer] = tasksOf(holdWorkflowSid).filter((t) => attributesOf(t).callbackHoldTimer);
  assert.equal(attributesOf(timer).callbackHoldTimer.heldTaskSid, heldSid);
  stack.emulator.advanceClock(20 * MINUTE);
  assert.equal(stack.emulator.task(timer.sid).assignment_status, 'canceled');
  assert.equal(callbacks().length, 0, 'a lost event releases nothing by itself');

  // The create's answer is lost once (it happened); the same event arrives three times at once.
  stack.emulator.addFault({ target: 'taskrouter.tasks.create', reset: true, after: true, times: 1 });
  const event = {
    EventType: 'task.canceled',
    TaskSid: timer.sid,
    TaskAttributes: JSON.stringify(attributesOf(timer)),
    TaskCanceledReason: 'Task TTL Exceeded',
    EventDescription: `Task ${timer.sid} canceled: Task TTL Exceeded`,
    WorkflowSid: holdWorkflowSid,
    Timestamp: String(Math.floor(emulatorNow() / 1000)),
    TimestampMs: String(emulatorNow()),
  };
  const answers = await Promise.all([1, 2, 3].map(() => stack.request(EVENTS_PATH, { params: event })));
  for (const a of answers) assert.ok([204, 500, 502].includes(a.status), `answered ${a.status}`);
  // Delivered again later (a second later: past the claims of the first ones).
  stack.emulator.advanceClock(2 * MINUTE);
  await stack.request(EVENTS_PATH, { params: { ...event, TimestampMs: String(emulatorNow()) } });
  const live = callbacks().filter((t) => t.assignment_status !== 'canceled');
  assert.equal(live.length, 1, 'one callback reaches agents');
  assert.equal(stack.emulator.task(heldSid).assignment_status, 'canceled');
});

test('a lost event is recovered by the sweep on the next delivery of any event', async () => {
  const due = slotIn(10 * MINUTE);
  await create({ scheduledFor: due });
  stack.emulator.advanceClock(20 * MINUTE); // the timer's event is not delivered (no callback URL)
  await useEvents();
  await client.taskrouter.v1.workspaces(stack.emulator.workspaceSid).tasks.create({ workflowSid: stack.emulator.defaultWorkflowSid, attributes: '{}' });
  await stack.emulator.eventCallbacksSettled();
  const released = callbacks().filter((t) => attributesOf(t).callBackData && attributesOf(t).callBackData.scheduledFor === due);
  assert.equal(released.length, 1);
});

test('a voicemail left after hours is held until the calling window opens, then reaches agents', async () => {
  await useEvents();
  // A window that opens about two hours from now (every day, in UTC).
  const nowMin = Math.floor((emulatorNow() % (24 * 60 * MINUTE)) / MINUTE);
  let open = (Math.ceil((nowMin + 90) / 30) * 30) % 1440;
  if (open > 1380) open = 0;
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const range = [[hhmm(open), hhmm(open + 60)]];
  stack.env.CALLING_WINDOW = JSON.stringify({ timeZone: 'UTC', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, range])) });
  const response = await create({ RecordingSid: 'RE' + '1'.repeat(32), RecordingUrl: 'https://api.twilio.com/recording' });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.held, true);
  assert.equal(attributesOf(stack.emulator.task(response.body.taskSid)).taskType, 'voicemail');
  assert.equal(callbacks().length, 0);
  const releasedAt = await advanceUntil(() => callbacks().length === 1, { stepMs: 10 * MINUTE, maxMs: 26 * 60 * MINUTE });
  assert.ok(releasedAt >= Date.parse(response.body.due));
  const [voicemail] = callbacks();
  assert.equal(attributesOf(voicemail).taskType, 'voicemail');
  assert.equal(attributesOf(voicemail).callBackData.recordingSid, 'RE' + '1'.repeat(32));
});
