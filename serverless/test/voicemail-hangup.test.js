'use strict';
// A caller who chose voicemail is never lost: whichever comes first of the
// recording, its transcription and the call's end makes the call's one task
// (key voicemail:<CallSid>), and what comes later is added to it. Twilio's side
// is the emulator: it tells the call's status callback when the call ends.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, SimulatedCall, verbNames, queryOf, attributesOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
let stack;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'Europe/London' } });
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

// Walks a caller to the voicemail: the call is moved to record-voicemail.
async function chooseVoicemail() {
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  const loop = await call.followRedirect(await call.enqueue());
  const menu = await call.press(loop, '*');
  const moving = await call.followRedirect(await call.press(menu, '2'));
  assert.deepEqual(verbNames(moving), ['Pause']);
  call.inQueue = false;
  const live = stack.emulator.call(inbound.callSid);
  const recordTwiml = await call.fetch(live.current_url);
  const record = recordTwiml.find((v) => v.name === 'Record').attrs;
  return { inbound, call, live, record };
}

function tasksOfCall(originalSid) {
  return stack.emulator.tasks().filter((t) => t.sid !== originalSid && t.assignment_status !== 'canceled');
}

async function hangUp(callSid) {
  stack.emulator.hangup(callSid);
  const delivered = await stack.emulator.statusCallbacksSettled();
  return delivered.filter((d) => d.params.CallSid === callSid);
}

function recordingOf(callSid) {
  const recording = stack.emulator.addRecording({ callSid, duration: 7 });
  const url = `https://api.twilio.com/2010-04-01/Accounts/${stack.emulator.accountSid}/Recordings/${recording.sid}`;
  return { RecordingSid: recording.sid, RecordingUrl: url, RecordingDuration: '7' };
}

function transcriptionOf(recorded, text = 'Please call me about my order.') {
  return {
    RecordingSid: recorded.RecordingSid,
    RecordingUrl: recorded.RecordingUrl,
    TranscriptionSid: 'TR' + 'e'.repeat(32),
    TranscriptionText: text,
    TranscriptionStatus: 'completed',
  };
}

test('the call is moved to the recording with a status callback that carries the queue entry time', async () => {
  const { inbound, live } = await chooseVoicemail();
  const original = stack.emulator.task(inbound.taskSid);
  assert.equal(queryOf(live.status_callback).mode, 'voicemail-call-ended');
  assert.equal(live.updates[0].status_callback_method, 'POST');
  assert.equal(Date.parse(queryOf(live.current_url).receivedAt), Date.parse(original.date_created));
  assert.equal(queryOf(live.status_callback).receivedAt, queryOf(live.current_url).receivedAt);
});

test('a caller who hangs up before the beep gets one callback task, marked as an abandoned voicemail', async () => {
  const { inbound } = await chooseVoicemail();
  const original = stack.emulator.task(inbound.taskSid);
  const delivered = await hangUp(inbound.callSid);
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0].status, 200);
  assert.equal(delivered[0].params.CallStatus, 'completed');

  const tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1);
  const attributes = attributesOf(tasks[0]);
  assert.equal(attributes.taskType, 'callback');
  assert.equal(attributes.callBackData.voicemailAbandoned, true);
  assert.equal(attributes.callBackData.numberToCall, CALLER);
  assert.equal(attributes.callBackData.numberToCallFrom, CALLED);
  assert.equal(attributes.callbackRequestId, `voicemail:${inbound.callSid}`);
  assert.equal(Date.parse(attributes.callBackData.utcDateTimeReceived), Date.parse(original.date_created), 'received when it entered the queue');
  assert.equal(tasks[0].virtual_start_time, original.date_created, 'the caller keeps their place');
});

test('recording, then hang-up, then the transcription: one voicemail task, the transcript added, no callback', async () => {
  const { inbound, call, record } = await chooseVoicemail();
  const original = stack.emulator.task(inbound.taskSid);
  const recorded = recordingOf(inbound.callSid);
  const thanks = await call.fetch(record.action, recorded);
  assert.deepEqual(verbNames(thanks), ['Say', 'Hangup']);
  let tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1, 'the voicemail is filed from the recording at once');
  assert.equal(attributesOf(tasks[0]).taskType, 'voicemail');
  assert.equal(attributesOf(tasks[0]).callBackData.transcriptText, undefined);

  await hangUp(inbound.callSid);
  tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1, "the call's end finds the voicemail: no callback");

  const filed = await call.fetch(record.transcribeCallback, transcriptionOf(recorded));
  assert.deepEqual(filed, []);
  tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1);
  const data = attributesOf(tasks[0]).callBackData;
  assert.equal(data.recordingSid, recorded.RecordingSid);
  assert.equal(data.transcriptSid, 'TR' + 'e'.repeat(32));
  assert.equal(data.transcriptText, 'Please call me about my order.');
  assert.equal(data.voicemailAbandoned, undefined);
  assert.equal(Date.parse(data.utcDateTimeReceived), Date.parse(original.date_created));
});

test("the call's end first, then a late recording and transcription: the callback becomes the voicemail", async () => {
  const { inbound, call, record } = await chooseVoicemail();
  await hangUp(inbound.callSid);
  assert.equal(attributesOf(tasksOfCall(inbound.taskSid)[0]).taskType, 'callback');

  const recorded = recordingOf(inbound.callSid);
  await call.fetch(record.action, recorded);
  await call.fetch(record.transcribeCallback, transcriptionOf(recorded));
  const tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1);
  const attributes = attributesOf(tasks[0]);
  assert.equal(attributes.taskType, 'voicemail');
  assert.equal(attributes.callBackData.recordingSid, recorded.RecordingSid);
  assert.equal(attributes.callBackData.transcriptText, 'Please call me about my order.');
  assert.equal(attributes.callBackData.voicemailAbandoned, undefined);
});

test('an empty recording then a hang-up: one callback', async () => {
  const { inbound, call, record } = await chooseVoicemail();
  const again = await call.fetch(record.action, { ...recordingOf(inbound.callSid), RecordingDuration: '0' });
  assert.equal(verbNames(again).at(-1), 'Redirect');
  assert.equal(tasksOfCall(inbound.taskSid).length, 0);
  await hangUp(inbound.callSid);
  const tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1);
  assert.equal(attributesOf(tasks[0]).callBackData.voicemailAbandoned, true);
});

test('every webhook retried (recording action, transcription, status callback) still leaves one task', async () => {
  const { inbound, call, live, record } = await chooseVoicemail();
  const recorded = recordingOf(inbound.callSid);
  const [delivered] = await hangUp(inbound.callSid);
  for (let i = 0; i < 3; i += 1) {
    await call.fetch(record.action, recorded);
    await call.fetch(record.transcribeCallback, transcriptionOf(recorded));
    await call.fetch(live.status_callback, delivered.params);
  }
  const tasks = tasksOfCall(inbound.taskSid);
  assert.equal(tasks.length, 1);
  assert.equal(attributesOf(tasks[0]).taskType, 'voicemail');
  assert.equal(attributesOf(tasks[0]).callBackData.transcriptText, 'Please call me about my order.');
});

test('the recording, transcription and call end arriving at once leave one voicemail task (10 trials)', async () => {
  let voicemails = 0;
  for (let trial = 0; trial < 10; trial += 1) {
    stack.emulator.reset();
    const { inbound, call, live, record } = await chooseVoicemail();
    const recorded = recordingOf(inbound.callSid);
    const endParams = { CallSid: inbound.callSid, CallStatus: 'completed', CallDuration: '20', From: CALLER, To: CALLED };
    await Promise.all([
      call.fetch(record.action, recorded),
      call.fetch(record.transcribeCallback, transcriptionOf(recorded)),
      call.fetch(live.status_callback, endParams),
    ]);
    const tasks = tasksOfCall(inbound.taskSid);
    assert.equal(tasks.length, 1, `trial ${trial}: one task waiting`);
    const data = attributesOf(tasks[0]).callBackData;
    if (attributesOf(tasks[0]).taskType === 'voicemail' && data.transcriptText) voicemails += 1;
  }
  console.log(`# 10 races of recording, transcription and call end: ${voicemails} / 10 one voicemail with its transcript`);
  assert.equal(voicemails, 10);
});

test('the old submit-voicemail URL with callerNumber and calledNumber still files the voicemail', async () => {
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  call.inQueue = false;
  const recorded = recordingOf(inbound.callSid);
  const url = `/features/callback-and-voicemail/studio/wait-experience?mode=submit-voicemail&enqueuedTaskSid=undefined&callerNumber=${CALLER.slice(1)}&calledNumber=${CALLED.slice(1)}`;
  await call.fetch(url, transcriptionOf(recorded));
  const tasks = tasksOfCall(inbound.taskSid).filter((t) => attributesOf(t).taskType === 'voicemail');
  assert.equal(tasks.length, 1);
  assert.equal(attributesOf(tasks[0]).callBackData.numberToCall, CALLER);
  assert.equal(attributesOf(tasks[0]).callBackData.numberToCallFrom, CALLED);
});
