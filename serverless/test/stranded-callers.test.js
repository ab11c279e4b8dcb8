'use strict';
// "No caller stranded": wait sequences (callback and voicemail) driven as
// Twilio's voice side drives them, against TaskRouter and voice endpoints that
// reset 15 % of connections and lose 25 % of answers AFTER the change was
// committed (the emulator's `after` faults). A lost cancel answer is the case
// that stranded callers: the retry is refused ("already canceled") although the
// cancel happened.
//
// A sequence strands its caller when it ends
//   - with the caller told to keep holding (a redirect to the wait loop) while
//     their queue task is neither pending nor reserved, or
//   - with the caller hung up on (or moved out of the queue) while no callback or
//     voicemail task of theirs is waiting for an agent.
//
// STRANDED_SEQUENCES raises the number of sequences locally (default 100).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, SimulatedCall, verbNames, queryOf, attributesOf } = require('./helpers');

const SEQUENCES = Number(process.env.STRANDED_SEQUENCES || 100);
const CALLED = '+18005550100';
const TARGETS = ['taskrouter.*', 'voice.*'];
const LIVE = new Set(['pending', 'reserved']);

let stack;

before(async () => {
  // Retries enough that reads do not give up under these rates: the figure
  // measured is what the recoveries decide, not an exhausted retry budget.
  stack = await startStack({ env: { TWILIO_SERVICE_RETRY_LIMIT: '12' } });
});
after(() => stack && stack.close());

// A fresh emulator per sequence, with faults seeded by the sequence's number:
// the same sequence meets the same faults on every run.
function freshEmulator(i) {
  stack.emulator.reset();
  stack.emulator.addFault({ target: TARGETS, rate: 0.15, reset: true, seed: 7000 + i });
  stack.emulator.addFault({ target: TARGETS, rate: 0.25, reset: true, statuses: [503], after: true, seed: 9000 + i });
}

function callerNumber(i) {
  return `+1415555${String(1000 + i).padStart(4, '0')}`;
}

// The caller's callback or voicemail tasks that wait for an agent.
function waitingRequests(number, taskType) {
  return stack.emulator.tasks().filter((t) => {
    const attributes = attributesOf(t);
    return LIVE.has(t.assignment_status)
      && attributes.taskType === taskType
      && attributes.callBackData && attributes.callBackData.numberToCall === number;
  });
}

const endsWithHold = (verbs) => {
  const last = verbs[verbs.length - 1];
  return Boolean(last && last.name === 'Redirect' && queryOf(last.text).mode === 'main-wait-loop');
};
const endsWithHangup = (verbs) => verbs.length > 0 && verbs[verbs.length - 1].name === 'Hangup';

async function openMenu(call) {
  const toLoop = await call.enqueue();
  const loop = await call.followRedirect(toLoop);
  return call.press(loop, '*');
}

// Returns { kind, outcome, stranded, why }.
async function callbackSequence(call, inbound, number) {
  const menu = await openMenu(call);
  const offer = await call.followRedirect(await call.press(menu, '1'));
  const submitted = await call.followRedirect(await call.press(offer, '1'));
  const callTask = stack.emulator.task(inbound.taskSid);
  const callbacks = waitingRequests(number, 'callback');
  if (endsWithHold(submitted)) {
    const stranded = !LIVE.has(callTask.assignment_status);
    return { outcome: 'holding', stranded, why: stranded ? `told to hold on a ${callTask.assignment_status} task` : '', doubled: callbacks.length > 0 };
  }
  if (endsWithHangup(submitted)) {
    const stranded = callbacks.length === 0;
    return { outcome: 'callback', stranded, why: stranded ? 'hung up without a callback task' : '', doubled: callbacks.length > 1 };
  }
  return { outcome: 'other', stranded: true, why: `unexpected answer ${JSON.stringify(verbNames(submitted))}` };
}

async function voicemailSequence(call, inbound, number) {
  const menu = await openMenu(call);
  const answer = await call.followRedirect(await call.press(menu, '2'));
  const callTask = stack.emulator.task(inbound.taskSid);
  if (endsWithHold(answer)) {
    const stranded = !LIVE.has(callTask.assignment_status);
    return { outcome: 'holding', stranded, why: stranded ? `told to hold on a ${callTask.assignment_status} task` : '' };
  }
  if (endsWithHangup(answer)) {
    // Hung up with an apology: only a callback offered instead keeps the caller.
    const stranded = waitingRequests(number, 'callback').length === 0;
    return { outcome: 'callback-instead', stranded, why: stranded ? 'hung up without a callback or voicemail task' : '' };
  }
  const recordUrl = stack.emulator.call(inbound.callSid).current_url;
  if (!recordUrl || queryOf(recordUrl).mode !== 'record-voicemail') {
    return { outcome: 'other', stranded: true, why: `not moved to the recording (${JSON.stringify(verbNames(answer))})` };
  }
  // The call left the queue for the recording; the voicemail is filed from the transcription.
  call.inQueue = false;
  const recordTwiml = await call.fetch(recordUrl);
  const record = recordTwiml.find((v) => v.name === 'Record').attrs;
  const recording = stack.emulator.addRecording({ callSid: inbound.callSid, duration: 5 });
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${stack.emulator.accountSid}/Recordings/${recording.sid}`;
  await call.fetch(record.action, { RecordingSid: recording.sid, RecordingUrl: recordingUrl, RecordingDuration: '5', Digits: '*' });
  await call.fetch(record.transcribeCallback, {
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl,
    TranscriptionSid: 'TR' + 'd'.repeat(32),
    TranscriptionText: 'Please call me back.',
    TranscriptionStatus: 'completed',
  });
  const voicemails = waitingRequests(number, 'voicemail');
  const stranded = voicemails.length === 0;
  return { outcome: 'voicemail', stranded, why: stranded ? 'recorded, but no voicemail task' : '', doubled: voicemails.length > 1 };
}

test(`no caller stranded: ${SEQUENCES} wait sequences with 15 % resets and 25 % of answers lost after commit`, async () => {
  const results = [];
  let lostAfterCommit = 0;
  let lostCancels = 0;
  for (let i = 0; i < SEQUENCES; i += 1) {
    freshEmulator(i);
    const number = callerNumber(i);
    const inbound = stack.emulator.simulateInboundCall({ from: number, to: CALLED });
    const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: number, to: CALLED });
    const kind = i % 2 === 0 ? 'callback' : 'voicemail';
    let result;
    try {
      result = await (kind === 'callback' ? callbackSequence(call, inbound, number) : voicemailSequence(call, inbound, number));
    } catch (err) {
      result = { outcome: 'error', stranded: true, why: err.message };
    }
    const lost = stack.emulator.requests().filter((e) => /after-commit$/.test(e.fault || ''));
    lostAfterCommit += lost.length;
    lostCancels += lost.filter((e) => e.kind === 'taskrouter.tasks.update').length;
    results.push({ i, kind, ...result });
  }
  stack.emulator.reset();

  const stranded = results.filter((r) => r.stranded);
  const count = (kind, outcome) => results.filter((r) => r.kind === kind && r.outcome === outcome).length;
  console.log(`stranded: ${stranded.length} of ${SEQUENCES} callers`);
  console.log(
    `  callback: ${count('callback', 'callback')} submitted, ${count('callback', 'holding')} holding; `
    + `voicemail: ${count('voicemail', 'voicemail')} filed, ${count('voicemail', 'callback-instead')} callback instead, `
    + `${count('voicemail', 'holding')} holding`,
  );
  console.log(`  answers lost after commit: ${lostAfterCommit} (task updates: ${lostCancels}); doubled requests: ${results.filter((r) => r.doubled).length}`);
  for (const r of stranded) console.log(`  stranded #${r.i} (${r.kind}): ${r.why}`);
  assert.ok(lostCancels > 0, 'the run lost the answers of some cancels');
  assert.equal(stranded.length, 0, `${stranded.length} of ${SEQUENCES} callers stranded`);
  // Nor served twice: no caller has two requests, or a request while still holding.
  assert.equal(results.filter((r) => r.doubled).length, 0, 'no caller is served twice');
});
