'use strict';
// Voicemail retention: a set time after a voicemail's task ends, its recording
// and transcription are deleted at Twilio, exactly once, through the holds'
// records and timers; a lost or repeated event changes nothing; unset, nothing.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, addHoldWorkflow, attributesOf, fileVoicemail } = require('./helpers');

const EVENTS_PATH = '/features/callback-and-voicemail/taskrouter/events';
const MINUTE = 60 * 1000;
const HOURS = 2;
const AGENT = 'WK' + '1'.repeat(32);
let stack;
let twilio;
let holdWorkflowSid;

before(async () => {
  stack = await startStack({ env: { CALLBACK_HOLD_SWEEP_SECONDS: '0' } });
});
after(() => stack && stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  stack.emulator.advanceClock({ freeze: true });
  stack.env.VOICEMAIL_RETENTION_HOURS = String(HOURS);
  twilio = stack.emulator.twilioClient();
  holdWorkflowSid = await addHoldWorkflow(stack);
});

const ws = () => twilio.taskrouter.v1.workspaces(stack.emulator.workspaceSid);
const useEvents = () => ws().update({ eventCallbackUrl: `${stack.url}${EVENTS_PATH}` });
const emulatorNow = () => Date.parse(stack.emulator.advanceClock(0).now);
const exists = (resource) => resource.fetch().then(() => true, (err) => (err.status === 404 ? false : Promise.reject(err)));
const records = () => stack.emulator.tasks().filter((t) => t.workflow_sid === holdWorkflowSid && attributesOf(t).voicemailRetention);
const recordingDeletes = () => stack.emulator.requests({ kind: 'voice.recordings.delete' }).filter((r) => r.status < 300);

// A voicemail (recording and transcription) an agent handled and completed.
async function handledVoicemail(number = '+14155550100') {
  const { recordingSid, transcriptSid, created, taskSid } = await fileVoicemail(stack, { numberToCall: number });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  stack.emulator.assignTask(taskSid, { workerSid: AGENT, status: 'assigned' });
  await ws().tasks(taskSid).update({ assignmentStatus: 'completed', reason: 'Handled' });
  return { taskSid, recordingSid, transcriptSid, completedAt: emulatorNow() };
}

// Advances the emulator clock a step at a time, letting each step's events be
// handled, until `done()`; answers the time it stopped at.
const STEP_MS = 5 * MINUTE;
async function advanceUntil(done, { stepMs = STEP_MS, maxMs = (HOURS + 1) * 60 * MINUTE } = {}) {
  for (let passed = 0; passed < maxMs; passed += stepMs) {
    stack.emulator.advanceClock(stepMs);
    await stack.emulator.eventCallbacksSettled();
    if (await done()) return emulatorNow();
  }
  throw new Error('not done in time');
}

test('a completed voicemail keeps its recording for the set time, then it and its transcription are deleted and the task marked', async () => {
  await useEvents();
  const vm = await handledVoicemail();
  await stack.emulator.eventCallbacksSettled();
  const [record] = records();
  assert.ok(record, 'the task.completed event held a retention record');
  const retention = attributesOf(record).voicemailRetention;
  assert.equal(retention.taskSid, vm.taskSid);
  assert.equal(retention.recordingSid, vm.recordingSid);
  assert.equal(retention.transcriptSid, vm.transcriptSid);
  assert.ok(Math.abs(Date.parse(retention.due) - (vm.completedAt + HOURS * 60 * MINUTE)) < 5000, retention.due);

  const deletedAt = await advanceUntil(async () => !(await exists(twilio.recordings(vm.recordingSid))));
  assert.ok(deletedAt >= Date.parse(retention.due), 'not before its time');
  // A timer made while the emulator handles a step starts at the step's end: up to a step late each.
  assert.ok(deletedAt - Date.parse(retention.due) <= 2 * STEP_MS, 'within two steps after its time');
  assert.equal(await exists(twilio.transcriptions(vm.transcriptSid)), false);
  const data = attributesOf(stack.emulator.task(vm.taskSid)).callBackData;
  assert.equal(data.isDeleted, true);
  assert.equal(data.deletedBy, 'retention');
  assert.equal(stack.emulator.task(record.sid).assignment_status, 'canceled');
  // A timer still running when the record was deleted runs out and wakes nothing.
  stack.emulator.advanceClock(30 * MINUTE);
  await stack.emulator.eventCallbacksSettled();
  assert.equal(recordingDeletes().length, 1);
  assert.equal(stack.emulator.tasks().filter((t) => t.workflow_sid === holdWorkflowSid && t.assignment_status === 'pending').length, 0, 'no record or timer left behind');
});

test('a repeated end event, repeated wake-ups and a task TaskRouter forgot delete the recording exactly once', async () => {
  await useEvents();
  const vm = await handledVoicemail();
  const deliveries = await stack.emulator.eventCallbacksSettled();
  const completed = deliveries.find((d) => d.eventType === 'task.completed' && d.params.TaskSid === vm.taskSid);
  assert.ok(completed, 'TaskRouter posted task.completed');
  // The same event delivered again, twice at once.
  await Promise.all([1, 2].map(() => stack.request(EVENTS_PATH, { params: completed.params })));
  assert.equal(records().filter((t) => t.assignment_status === 'pending').length, 1, 'one record');
  // TaskRouter deletes an ended task five minutes after it ends: the record alone must do.
  await ws().tasks(vm.taskSid).remove();

  await advanceUntil(async () => recordingDeletes().length > 0);
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), false);
  assert.equal(await exists(twilio.transcriptions(vm.transcriptSid)), false);
  // The last timer's expiry, delivered again three times at once, and more time.
  const expiry = (await stack.emulator.eventCallbacksSettled()).filter((d) => d.eventType === 'task.canceled' && d.params.TaskCanceledReason === 'Task TTL Exceeded').pop();
  await Promise.all([1, 2, 3].map(() => stack.request(EVENTS_PATH, { params: expiry.params })));
  stack.emulator.advanceClock(60 * MINUTE);
  await stack.emulator.eventCallbacksSettled();
  assert.equal(recordingDeletes().length, 1, 'deleted once');
});

test('a lost task.completed is recovered by the next delivery of any event while TaskRouter still lists the ended task', async () => {
  const vm = await handledVoicemail(); // no event callback yet: its task.completed is lost
  assert.equal(records().length, 0);
  stack.emulator.advanceClock(2 * MINUTE);
  await useEvents();
  await ws().tasks.create({ workflowSid: stack.emulator.defaultWorkflowSid, attributes: '{}' });
  await stack.emulator.eventCallbacksSettled();
  const [record] = records();
  assert.ok(record, 'the sweep held its record');
  assert.ok(Math.abs(Date.parse(attributesOf(record).voicemailRetention.due) - (vm.completedAt + HOURS * 60 * MINUTE)) < 5000, 'due from when it ended');
  await advanceUntil(async () => !(await exists(twilio.recordings(vm.recordingSid))));
  assert.equal(recordingDeletes().length, 1);
});

test('without VOICEMAIL_RETENTION_HOURS nothing is scheduled and the recording stays', async () => {
  delete stack.env.VOICEMAIL_RETENTION_HOURS;
  await useEvents();
  const vm = await handledVoicemail();
  await stack.emulator.eventCallbacksSettled();
  assert.equal(stack.emulator.tasks().filter((t) => t.workflow_sid === holdWorkflowSid).length, 0, 'nothing held');
  stack.emulator.advanceClock((HOURS + 1) * 60 * MINUTE);
  await stack.emulator.eventCallbacksSettled();
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), true);
  assert.equal(recordingDeletes().length, 0);
});
