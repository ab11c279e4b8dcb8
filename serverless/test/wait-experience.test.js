'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, SimulatedCall, verbNames, queryOf, attributesOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
// The old feature's hold music is the default, so migrated callers hear what they heard.
const HOLD_MUSIC = 'http://com.twilio.music.soft-rock.s3.amazonaws.com/_ghost_-_promo_2_sample_pack.mp3';
let stack;
let messages;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'Europe/London' } });
  // The prompts the callers should hear: the core's defaults.
  const { loadCore } = require('@cbvm/core');
  messages = (await loadCore()).constants().waitMessages;
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

function enqueueCaller(from = CALLER) {
  const inbound = stack.emulator.simulateInboundCall({ from, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from, to: CALLED });
  return { inbound, call };
}

// Enqueues a caller and walks to the menu behind the star key.
async function openMenu() {
  const { inbound, call } = enqueueCaller();
  const toLoop = await call.enqueue();
  assert.deepEqual(verbNames(toLoop), ['Redirect']);
  assert.equal(queryOf(toLoop[0].text).enqueuedTaskSid, inbound.taskSid);
  const loop = await call.followRedirect(toLoop);
  const menu = await call.press(loop, '*');
  return { inbound, call, loop, menu };
}

function assertCancelledForFollowUp(taskSid, reason) {
  const original = stack.emulator.task(taskSid);
  assert.equal(original.assignment_status, 'canceled');
  assert.equal(original.reason, reason);
  const attributes = attributesOf(original);
  assert.equal(attributes.conversations.abandoned, 'Follow-Up');
  assert.match(attributes.call_sid, /^CA/, 'the rest of the attributes are kept');
  return original;
}

function newTasks(originalSid) {
  return stack.emulator.tasks().filter((t) => t.sid !== originalSid);
}

test('the wait loop greets, offers the star key over hold music, and loops without the greeting', async () => {
  const { call, loop } = await openMenu();
  assert.deepEqual(verbNames(loop), ['Say', 'Gather', 'Redirect']);
  assert.equal(loop[0].text, messages.greeting);
  assert.deepEqual(loop[0].attrs, { voice: 'Polly.Joanna', language: 'en-US' });
  const gather = loop[1];
  assert.equal(gather.attrs.input, 'dtmf');
  assert.equal(gather.attrs.timeout, '2');
  assert.deepEqual(verbNames(gather.children), ['Say', 'Play']);
  assert.equal(gather.children[0].text, messages.optionsPrompt);
  assert.equal(gather.children[1].text, HOLD_MUSIC);
  assert.equal(queryOf(loop[2].text).skipGreeting, 'true');

  const again = await call.followRedirect(loop);
  assert.deepEqual(verbNames(again), ['Gather', 'Redirect']);
});

test('callback to the number the caller is calling from', async () => {
  const { inbound, call, menu } = await openMenu();
  assert.deepEqual(verbNames(menu), ['Gather', 'Redirect']);
  assert.equal(menu[0].children[0].text, messages.menu);
  assert.equal(menu[0].attrs.timeout, '2', "the old feature's menu timeout");

  const toCallback = await call.press(menu, '1');
  const offer = await call.followRedirect(toCallback);
  assert.deepEqual(verbNames(offer), ['Gather', 'Redirect']);
  assert.equal(offer[0].attrs.timeout, '5');
  assert.equal(offer[0].attrs.numDigits, '1');
  const [intro, number, options] = offer[0].children;
  assert.equal(intro.text, messages.callbackNumberIntro);
  assert.deepEqual(number.children.map((c) => [c.name, c.attrs['interpret-as'], c.text]), [['say-as', 'telephone', CALLER]]);
  assert.equal(options.text, messages.callbackNumberOptions);

  const toSubmit = await call.press(offer, '1');
  assert.equal(queryOf(toSubmit[0].text).cbphone, CALLER);
  const submitted = await call.followRedirect(toSubmit);
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assert.equal(submitted[0].text, messages.callbackSubmitted);

  const original = assertCancelledForFollowUp(inbound.taskSid, 'Opted to request a callback');
  const [callbackTask] = newTasks(inbound.taskSid);
  assert.equal(callbackTask.assignment_status, 'pending');
  assert.equal(callbackTask.virtual_start_time, original.date_created, 'the callback keeps the place in queue');
  const attributes = attributesOf(callbackTask);
  assert.equal(attributes.taskType, 'callback');
  assert.equal(attributes.callBackData.numberToCall, CALLER);
  assert.equal(attributes.callBackData.numberToCallFrom, CALLED);
  assert.equal(attributes.callBackData.mainTimeZone, 'Europe/London');
  assert.equal(attributes.conversations.conversation_id, inbound.taskSid);
  assert.equal(attributes.conversations.abandoned, undefined);
  assert.equal(attributes.call_sid, undefined);
});

test('callback to a typed number, re-entered once, then confirmed', async () => {
  const { inbound, call, menu } = await openMenu();
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const entry = await call.followRedirect(await call.press(offer, '2'));
  assert.deepEqual(verbNames(entry), ['Gather', 'Redirect']);
  assert.equal(entry[0].attrs.finishOnKey, '#');
  assert.equal(entry[0].attrs.timeout, '10');
  assert.equal(entry[0].attrs.numDigits, '13');
  assert.equal(entry[0].children[0].text, messages.enterNumber);

  const firstConfirm = await call.press(entry, '14155550999');
  assert.deepEqual(verbNames(firstConfirm), ['Gather', 'Redirect']);
  assert.equal(firstConfirm[0].attrs.timeout, '15');
  assert.equal(firstConfirm[0].attrs.numDigits, '1');
  assert.equal(firstConfirm[0].children[1].children[0].name, 'say-as');
  assert.equal(firstConfirm[0].children[1].text, '+14155550999');

  const reentry = await call.followRedirect(await call.press(firstConfirm, '2'));
  assert.equal(reentry[0].children[0].text, messages.enterNumber);
  // Dialled from the US: its international prefix, 011.
  const secondConfirm = await call.press(reentry, '011442071234567');
  assert.equal(secondConfirm[0].children[1].text, '+442071234567');
  assert.equal(secondConfirm[0].children[1].children[0].attrs['interpret-as'], 'telephone');

  const submitted = await call.followRedirect(await call.press(secondConfirm, '1'));
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assertCancelledForFollowUp(inbound.taskSid, 'Opted to request a callback');
  const [callbackTask] = newTasks(inbound.taskSid);
  assert.equal(attributesOf(callbackTask).callBackData.numberToCall, '+442071234567');
  assert.equal(attributesOf(callbackTask).callBackData.numberToCallFrom, CALLED);
});

test('an unusable typed number is refused and asked for again', async () => {
  const { call, menu } = await openMenu();
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const entry = await call.followRedirect(await call.press(offer, '2'));
  const refused = await call.press(entry, '123');
  assert.deepEqual(verbNames(refused), ['Say', 'Redirect']);
  assert.equal(refused[0].text, messages.invalidNumber);
  assert.equal(queryOf(refused[1].text).mode, 'request-callback-number');
});

test('voicemail: cancels the call task, moves the call to the recording, and files the transcribed voicemail', async () => {
  const { inbound, call, menu } = await openMenu();
  const moving = await call.followRedirect(await call.press(menu, '2'));
  assert.deepEqual(verbNames(moving), ['Pause']);

  const original = assertCancelledForFollowUp(inbound.taskSid, 'Opted to leave a voicemail');
  const liveCall = stack.emulator.call(inbound.callSid);
  const recordUrl = liveCall.current_url;
  assert.equal(liveCall.updates.length, 1);
  assert.equal(liveCall.updates[0].method, 'POST');
  assert.deepEqual(
    { ...queryOf(recordUrl) },
    {
      mode: 'record-voicemail',
      enqueuedTaskSid: inbound.taskSid,
      numberToCall: CALLER,
      numberToCallFrom: CALLED,
      receivedAt: new Date(Date.parse(original.date_created)).toISOString(),
    },
  );

  call.inQueue = false; // the call left the queue: Twilio now fetches the new URL
  const recordTwiml = await call.fetch(recordUrl);
  assert.deepEqual(verbNames(recordTwiml), ['Say', 'Record', 'Say', 'Redirect']);
  assert.equal(recordTwiml[0].text, messages.voicemailPrompt);
  const record = recordTwiml[1].attrs;
  assert.equal(record.playBeep, 'true');
  assert.equal(record.transcribe, 'true');
  assert.equal(record.timeout, '10');
  assert.equal(record.finishOnKey, '*');
  assert.equal(record.maxLength, undefined, "no cap of ours: Twilio's default length");
  assert.equal(queryOf(record.action).mode, 'voicemail-recorded');
  assert.equal(queryOf(record.transcribeCallback).mode, 'submit-voicemail');
  assert.equal(recordTwiml[2].text, messages.voicemailNotCaptured);

  const recording = stack.emulator.addRecording({ callSid: inbound.callSid, duration: 7 });
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${stack.emulator.accountSid}/Recordings/${recording.sid}`;
  const thanks = await call.fetch(record.action, { RecordingSid: recording.sid, RecordingUrl: recordingUrl, RecordingDuration: '7', Digits: '*' });
  assert.deepEqual(verbNames(thanks), ['Say', 'Hangup']);
  assert.equal(thanks[0].text, messages.voicemailRecorded);
  assert.equal(newTasks(inbound.taskSid).length, 1, 'the voicemail is filed from the recording, its transcript to follow');

  const transcriptionSid = 'TR' + 'c'.repeat(32);
  const filed = await call.fetch(record.transcribeCallback, {
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl,
    TranscriptionSid: transcriptionSid,
    TranscriptionText: 'Hi, please call me about my delivery.',
    TranscriptionStatus: 'completed',
  });
  assert.deepEqual(filed, []);

  const [voicemail] = newTasks(inbound.taskSid);
  assert.equal(voicemail.assignment_status, 'pending');
  assert.equal(voicemail.virtual_start_time, original.date_created);
  const attributes = attributesOf(voicemail);
  assert.equal(attributes.taskType, 'voicemail');
  assert.equal(attributes.callBackData.recordingSid, recording.sid);
  assert.equal(attributes.callBackData.recordingUrl, recordingUrl);
  assert.equal(attributes.callBackData.transcriptSid, transcriptionSid);
  assert.equal(attributes.callBackData.transcriptText, 'Hi, please call me about my delivery.');
  assert.equal(attributes.callBackData.numberToCall, CALLER);
  assert.equal(attributes.callBackData.numberToCallFrom, CALLED);
});

test('voicemail: when the call cannot be moved, the caller hears an apology and the call ends', async () => {
  const { inbound, call, menu } = await openMenu();
  stack.emulator.addFault({ target: 'voice.calls.update', statuses: [500] });
  const apology = await call.followRedirect(await call.press(menu, '2'));
  assert.deepEqual(verbNames(apology), ['Say', 'Hangup']);
  // Nothing holds the caller after the cancel: a callback stands in for the voicemail.
  assert.equal(apology[0].text, messages.voicemailFailedCallback);
  assertCancelledForFollowUp(inbound.taskSid, 'Opted to leave a voicemail');
  assert.equal(stack.emulator.call(inbound.callSid).current_url, null);
  const [callbackTask] = newTasks(inbound.taskSid);
  assert.equal(callbackTask.assignment_status, 'pending');
  assert.equal(attributesOf(callbackTask).taskType, 'callback');
  assert.equal(attributesOf(callbackTask).callBackData.numberToCall, CALLER);
});

test('callback: when the call task cannot be cancelled, the new callback is withdrawn and the caller keeps holding', async () => {
  const { inbound, call, menu } = await openMenu();
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const toSubmit = await call.press(offer, '1');
  stack.emulator.addFault({ target: 'taskrouter.tasks.update', statuses: [400], times: 1 });
  const holding = await call.followRedirect(toSubmit);
  assert.deepEqual(verbNames(holding), ['Say', 'Redirect']);
  assert.equal(holding[0].text, messages.callbackFailed);
  assert.equal(queryOf(holding[1].text).mode, 'main-wait-loop');
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'pending');
  const [withdrawn] = newTasks(inbound.taskSid);
  assert.equal(withdrawn.assignment_status, 'canceled');
  assert.match(withdrawn.reason, /Withdrawn/);
});

test('an agent about to answer keeps the caller in the queue', async () => {
  const { inbound, call, menu } = await openMenu();
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const toSubmit = await call.press(offer, '1');
  stack.emulator.assignTask(inbound.taskSid);
  const holding = await call.followRedirect(toSubmit);
  assert.deepEqual(verbNames(holding), ['Say', 'Redirect']);
  assert.equal(holding[0].text, messages.agentAnswering);
  assert.equal(newTasks(inbound.taskSid).length, 0);
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'assigned');
});

test('a call without a pending task waits without the options', async () => {
  const { inbound, call } = enqueueCaller();
  stack.emulator.hangup(inbound.callSid); // its task is cancelled
  const toLoop = await call.enqueue();
  assert.equal(queryOf(toLoop[0].text).enqueuedTaskSid, undefined);
  const loop = await call.followRedirect(toLoop);
  assert.deepEqual(verbNames(loop), ['Say', 'Say', 'Play', 'Redirect']);
  assert.equal(loop[1].text, messages.optionsUnavailable);
  const pressed = await call.fetch(`${PATHS.waitExperience}?mode=handle-initial-choice`, { Digits: '*' });
  assert.deepEqual(verbNames(pressed), ['Redirect']);
  assert.equal(queryOf(pressed[0].text).mode, 'main-wait-loop');
});

test("finds the caller's task beyond the first page of the workflow's waiting tasks", async () => {
  const { inbound, call } = enqueueCaller();
  stack.emulator.seed({
    tasks: Array.from({ length: 60 }, (_, i) => ({ taskChannel: 'voice', attributes: { call_sid: `CA${String(i).padStart(32, '0')}` } })),
  });
  stack.emulator.clearRequests();
  const toLoop = await call.enqueue();
  assert.equal(queryOf(toLoop[0].text).enqueuedTaskSid, inbound.taskSid);
  assert.equal(stack.emulator.requests({ kind: 'taskrouter.tasks.list' }).length, 2);
});

test('an unknown mode apologises and returns the caller to the wait loop', async () => {
  const { inbound, call } = enqueueCaller();
  const verbs = await call.fetch(`${PATHS.waitExperience}?mode=dance&enqueuedTaskSid=${inbound.taskSid}`);
  assert.deepEqual(verbNames(verbs), ['Say', 'Redirect']);
  assert.equal(verbs[0].text, messages.unknownMode);
  const query = queryOf(verbs[1].text);
  assert.equal(query.mode, 'main-wait-loop');
  assert.equal(query.enqueuedTaskSid, inbound.taskSid);
  assert.equal(stack.emulator.task(inbound.taskSid).assignment_status, 'pending');
});

test('options come from the environment: callback only, voice, messages and a relative hold music URL', async () => {
  Object.assign(stack.env, {
    CALLBACK_ALLOW_VOICEMAIL: 'false',
    WAIT_EXPERIENCE_VOICE: 'Polly.Amy',
    WAIT_EXPERIENCE_LANGUAGE: 'en-GB',
    WAIT_EXPERIENCE_HOLD_MUSIC_URL: '/hold.mp3',
    WAIT_EXPERIENCE_MESSAGES: JSON.stringify({ greeting: 'Thanks for calling the test line.' }),
  });
  try {
    const { call, loop, menu } = await openMenu();
    assert.equal(loop[0].text, 'Thanks for calling the test line.');
    assert.deepEqual(loop[0].attrs, { voice: 'Polly.Amy', language: 'en-GB' });
    assert.equal(loop[1].children[0].text, messages.optionsPromptCallbackOnly);
    assert.equal(loop[1].children[1].text, `${stack.url}/hold.mp3`);
    assert.equal(menu[0].children[0].text, messages.menuCallbackOnly);
    const stillHolding = await call.press(menu, '2');
    assert.equal(queryOf(stillHolding[0].text).mode, 'main-wait-loop');
  } finally {
    for (const key of ['CALLBACK_ALLOW_VOICEMAIL', 'WAIT_EXPERIENCE_VOICE', 'WAIT_EXPERIENCE_LANGUAGE', 'WAIT_EXPERIENCE_HOLD_MUSIC_URL', 'WAIT_EXPERIENCE_MESSAGES']) {
      delete stack.env[key];
    }
  }
});

test('a malformed option is reported as a sentence naming the variable', async () => {
  stack.env.CALLBACK_ALLOW_VOICEMAIL = 'sometimes';
  try {
    const response = await stack.request(`${PATHS.waitExperience}?mode=main-wait-loop`, { params: { CallSid: 'CA' + '1'.repeat(32) } });
    assert.equal(response.status, 500);
    assert.match(response.body.message, /CALLBACK_ALLOW_VOICEMAIL/);
  } finally {
    delete stack.env.CALLBACK_ALLOW_VOICEMAIL;
  }
});

test('VOICEMAIL_MAX_LENGTH caps the recording; a value below 1 is a sentence naming it', async () => {
  const { inbound } = enqueueCaller();
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: null, from: CALLER, to: CALLED });
  const recordUrl = `${PATHS.waitExperience}?mode=record-voicemail&enqueuedTaskSid=${inbound.taskSid}`;
  stack.env.VOICEMAIL_MAX_LENGTH = '120';
  try {
    const capped = await call.fetch(recordUrl);
    assert.equal(capped.find((v) => v.name === 'Record').attrs.maxLength, '120');
    stack.env.VOICEMAIL_MAX_LENGTH = '0';
    const refused = await stack.request(recordUrl, { params: call.callParams({}) });
    assert.equal(refused.status, 500);
    assert.match(refused.body.message, /VOICEMAIL_MAX_LENGTH/);
  } finally {
    delete stack.env.VOICEMAIL_MAX_LENGTH;
  }
});

test('without transcription the voicemail task is filed when the recording ends', async () => {
  stack.env.VOICEMAIL_TRANSCRIBE = 'false';
  try {
    const { inbound, call, menu } = await openMenu();
    await call.followRedirect(await call.press(menu, '2'));
    call.inQueue = false;
    const recordTwiml = await call.fetch(stack.emulator.call(inbound.callSid).current_url);
    const record = recordTwiml.find((v) => v.name === 'Record').attrs;
    assert.equal(record.transcribe, 'false');
    assert.equal(record.transcribeCallback, undefined);

    const recording = stack.emulator.addRecording({ callSid: inbound.callSid });
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${stack.emulator.accountSid}/Recordings/${recording.sid}`;
    const thanks = await call.fetch(record.action, { RecordingSid: recording.sid, RecordingUrl: recordingUrl });
    assert.deepEqual(verbNames(thanks), ['Say', 'Hangup']);
    const [voicemail] = newTasks(inbound.taskSid);
    const attributes = attributesOf(voicemail);
    assert.equal(attributes.taskType, 'voicemail');
    assert.equal(attributes.callBackData.recordingSid, recording.sid);
    assert.equal(Object.hasOwn(attributes.callBackData, 'transcriptText'), false, 'no transcript, no transcript keys');
    assert.equal(Object.hasOwn(attributes.callBackData, 'transcriptSid'), false);
  } finally {
    delete stack.env.VOICEMAIL_TRANSCRIBE;
  }
});

test('callback: a cancel that happened but lost its answer keeps the callback and ends the call', async () => {
  const { inbound, call, menu } = await openMenu();
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const toSubmit = await call.press(offer, '1');
  // The cancel commits, its answer is lost, and the retry is refused as already canceled.
  stack.emulator.addFault({ target: 'taskrouter.tasks.update', reset: true, after: true, times: 1 });
  const submitted = await call.followRedirect(toSubmit);
  assert.deepEqual(verbNames(submitted), ['Say', 'Hangup']);
  assert.equal(submitted[0].text, messages.callbackSubmitted);
  assertCancelledForFollowUp(inbound.taskSid, 'Opted to request a callback');
  const [callbackTask] = newTasks(inbound.taskSid);
  assert.equal(callbackTask.assignment_status, 'pending', 'the callback is not withdrawn');
  assert.ok(stack.emulator.requests({ kind: 'taskrouter.tasks.fetch' }).length >= 2, 'the call task was read again');
});

test('voicemail: a cancel that happened but lost its answer goes on to the recording', async () => {
  const { inbound, call, menu } = await openMenu();
  stack.emulator.addFault({ target: 'taskrouter.tasks.update', statuses: [503], after: true, times: 1 });
  const moving = await call.followRedirect(await call.press(menu, '2'));
  assert.deepEqual(verbNames(moving), ['Pause']);
  assertCancelledForFollowUp(inbound.taskSid, 'Opted to leave a voicemail');
  assert.equal(queryOf(stack.emulator.call(inbound.callSid).current_url).mode, 'record-voicemail');
});
