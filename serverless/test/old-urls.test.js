'use strict';
// Calls in flight at cut-over: a call that was waiting in the old feature's
// wait experience when these functions were deployed keeps requesting the URLs
// the old feature wrote into its TwiML (same function path, its own modes and
// parameters). Each test replays such a URL with its query string exactly as
// the old feature wrote it (numbers unencoded, `enqueuedTaskSid=undefined`
// when it had no task), adds what Twilio sends with it, and checks what the
// caller hears and what happens to the tasks.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, SimulatedCall, parseTwiml, verbNames, queryOf, attributesOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
let stack;
let messages;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'Europe/London' } });
  const { loadCore } = require('@cbvm/core');
  messages = (await loadCore()).constants().waitMessages;
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

function waitingCaller() {
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  return { inbound, call };
}

/** The old feature's URL: its query string verbatim after the function's path. */
const oldUrl = (query) => `${stack.url}${PATHS.waitExperience}?${query}`;

/** Twilio requests a <Gather method="GET"> action with its parameters added to the URL's query. */
async function getAsTwilio(call, url, extra) {
  const response = await stack.request(`${url}&${new URLSearchParams(call.callParams(extra))}`, { method: 'GET' });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return parseTwiml(response.body);
}

function callbacksBesides(taskSid) {
  return stack.emulator.tasks().filter((t) => t.sid !== taskSid);
}

function assertCancelled(taskSid, reason) {
  const task = stack.emulator.task(taskSid);
  assert.equal(task.assignment_status, 'canceled');
  assert.equal(task.reason, reason);
  assert.equal(attributesOf(task).conversations.abandoned, 'Follow-Up');
  return task;
}

function assertCallbackTo(originalSid, number) {
  const original = assertCancelled(originalSid, 'Opted to request a callback');
  const tasks = callbacksBesides(originalSid);
  assert.equal(tasks.length, 1, 'one callback');
  const attributes = attributesOf(tasks[0]);
  assert.equal(attributes.taskType, 'callback');
  assert.equal(attributes.callBackData.numberToCall, number);
  assert.equal(attributes.callBackData.numberToCallFrom, CALLED);
  assert.equal(tasks[0].virtual_start_time, original.date_created, 'the callback keeps the place in queue');
  for (const key of ['recordingSid', 'recordingUrl', 'transcriptSid', 'transcriptText']) {
    assert.equal(Object.hasOwn(attributes.callBackData, key), false, `no ${key} key on a callback`);
  }
}

test('handle-callback-or-voicemail-choice 1: the number offer, then 1 files a callback to the caller', async () => {
  const { inbound, call } = waitingCaller();
  const toOffer = await call.fetch(oldUrl(`mode=handle-callback-or-voicemail-choice&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}`), { Digits: '1' });
  const offer = await call.followRedirect(toOffer);
  assert.deepEqual(verbNames(offer), ['Gather', 'Redirect']);
  assert.equal(offer[0].attrs.timeout, '5');
  assert.equal(offer[0].attrs.numDigits, '1');
  assert.equal(offer[0].children[1].text, CALLER);

  const submitted = await call.followRedirect(await call.press(offer, '1'));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assert.equal(submitted[0].text, messages.callbackSubmitted);
  assertCallbackTo(inbound.taskSid, CALLER);
});

test('handle-callback-or-voicemail-choice 2: the call task is cancelled and the call moved to the recording', async () => {
  const { inbound, call } = waitingCaller();
  const toVoicemail = await call.fetch(oldUrl(`mode=handle-callback-or-voicemail-choice&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}`), { Digits: '2' });
  const moving = await call.followRedirect(toVoicemail);
  assert.deepEqual(verbNames(moving), ['Pause']);
  assertCancelled(inbound.taskSid, 'Opted to leave a voicemail');
  assert.equal(queryOf(stack.emulator.call(inbound.callSid).current_url).mode, 'record-voicemail');
});

test('handle-callback-or-voicemail-choice with another key keeps the caller holding', async () => {
  const { inbound, call } = waitingCaller();
  const verbs = await call.fetch(oldUrl(`mode=handle-callback-or-voicemail-choice&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}`), { Digits: '7' });
  assert.deepEqual(verbNames(verbs), ['Redirect']);
  assert.equal(queryOf(verbs[0].text).mode, 'main-wait-loop');
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'pending');
});

test('handle-callback-choice 1 files a callback to the caller; 2 asks for a number; another key keeps holding', async () => {
  const { inbound, call } = waitingCaller();
  const url = oldUrl(`mode=handle-callback-choice&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}`);

  const other = await call.fetch(url, { Digits: '3' });
  assert.equal(queryOf(other[0].text).mode, 'main-wait-loop');
  const entry = await call.followRedirect(await call.fetch(url, { Digits: '2' }));
  assert.equal(entry[0].attrs.finishOnKey, '#');
  assert.equal(entry[0].attrs.numDigits, '13');
  assert.equal(entry[0].attrs.timeout, '10');
  assert.equal(callbacksBesides(inbound.taskSid).length, 0);

  const submitted = await call.followRedirect(await call.fetch(url, { Digits: '1' }));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assertCallbackTo(inbound.taskSid, CALLER);
});

test('a number keyed after the old prompt (country code first) is read back, then 1 files the callback', async () => {
  const { inbound, call } = waitingCaller();
  const confirm = await getAsTwilio(
    call,
    oldUrl(`mode=handle-callback-for-other-number-confirmation-option&enqueuedTaskSid=${inbound.taskSid}&CallSid=${inbound.callSid}`),
    { Digits: '442071234567' },
  );
  assert.deepEqual(verbNames(confirm), ['Gather', 'Redirect']);
  assert.equal(confirm[0].attrs.timeout, '15');
  assert.equal(confirm[0].attrs.numDigits, '1');
  const readBack = confirm[0].children[1];
  assert.equal(readBack.children[0].attrs['interpret-as'], 'telephone');
  assert.equal(readBack.text, '+442071234567');

  const submitted = await call.followRedirect(await call.press(confirm, '1'));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assertCallbackTo(inbound.taskSid, '+442071234567');
});

test('the old confirmation: 1 files the callback to updatedPhoneNumber, another key asks for the number again', async () => {
  const { inbound, call } = waitingCaller();
  const url = oldUrl(`mode=handle-callback-for-other-number-confirmation&enqueuedTaskSid=${inbound.taskSid}&updatedPhoneNumber=442071234567`);

  const again = await getAsTwilio(call, url, { Digits: '2' });
  assert.equal(queryOf(again[0].text).mode, 'request-callback-number');
  assert.equal(callbacksBesides(inbound.taskSid).length, 0);

  const toSubmit = await getAsTwilio(call, url, { Digits: '1' });
  assert.equal(queryOf(toSubmit[0].text).cbphone, '+442071234567');
  await call.followRedirect(toSubmit);
  assertCallbackTo(inbound.taskSid, '+442071234567');
});

test('submit-callback with the number in `to`, written unencoded (its "+" arrives as a space)', async () => {
  const { inbound, call } = waitingCaller();
  const submitted = await call.fetch(oldUrl(`mode=submit-callback&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}&to=${CALLER}`));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assert.equal(submitted[0].text, messages.callbackSubmitted);
  assertCallbackTo(inbound.taskSid, CALLER);
});

test('record-voicemail of a call the old feature moved records with no length cap and our own URLs', async () => {
  const { inbound, call } = waitingCaller();
  call.inQueue = false;
  const verbs = await call.fetch(oldUrl(`mode=record-voicemail&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}`));
  assert.deepEqual(verbNames(verbs), ['Say', 'Record', 'Say', 'Redirect']);
  const record = verbs[1].attrs;
  assert.equal(record.maxLength, undefined);
  assert.equal(record.timeout, '10');
  assert.equal(record.finishOnKey, '*');
  assert.deepEqual(
    { ...queryOf(record.transcribeCallback) },
    { mode: 'submit-voicemail', enqueuedTaskSid: inbound.taskSid, numberToCall: CALLER, numberToCallFrom: CALLED },
  );
});

test('submit-voicemail reads the numbers from callerNumber and calledNumber', async () => {
  const { inbound } = waitingCaller();
  stack.emulator.hangup(inbound.callSid);
  const recording = stack.emulator.addRecording({ callSid: inbound.callSid, duration: 9 });
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${stack.emulator.accountSid}/Recordings/${recording.sid}`;
  // A transcription callback names the call and the recording, not the caller.
  const response = await stack.request(
    oldUrl(`mode=submit-voicemail&CallSid=${inbound.callSid}&enqueuedTaskSid=${inbound.taskSid}&calledNumber=${CALLED}&callerNumber=${CALLER}`),
    {
      params: {
        AccountSid: stack.emulator.accountSid,
        CallSid: inbound.callSid,
        RecordingSid: recording.sid,
        RecordingUrl: recordingUrl,
        TranscriptionSid: 'TR' + 'e'.repeat(32),
        TranscriptionText: 'Call me about the invoice.',
        TranscriptionStatus: 'completed',
      },
    },
  );
  assert.equal(response.status, 200);
  const [voicemail] = callbacksBesides(inbound.taskSid);
  const data = attributesOf(voicemail).callBackData;
  assert.equal(attributesOf(voicemail).taskType, 'voicemail');
  assert.equal(data.numberToCall, CALLER);
  assert.equal(data.numberToCallFrom, CALLED);
  assert.equal(data.recordingSid, recording.sid);
  assert.equal(data.transcriptText, 'Call me about the invoice.');
});

test('enqueuedTaskSid=undefined counts as no task: the caller holds without options and nothing is filed', async () => {
  const { inbound, call } = waitingCaller();
  const loop = await call.fetch(oldUrl(`mode=main-wait-loop&CallSid=${inbound.callSid}&enqueuedTaskSid=undefined&skipGreeting=true`));
  assert.deepEqual(verbNames(loop), ['Say', 'Play', 'Redirect']);
  assert.equal(loop[0].text, messages.optionsUnavailable);
  assert.equal(queryOf(loop[2].text).enqueuedTaskSid, undefined);

  const choice = await call.fetch(oldUrl(`mode=handle-callback-or-voicemail-choice&CallSid=${inbound.callSid}&enqueuedTaskSid=undefined`), { Digits: '1' });
  assert.deepEqual(verbNames(choice), ['Redirect']);
  assert.equal(queryOf(choice[0].text).mode, 'main-wait-loop');
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'pending');
  assert.equal(callbacksBesides(inbound.taskSid).length, 0);
});
