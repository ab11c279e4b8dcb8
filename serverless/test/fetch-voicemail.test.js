'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS } = require('./helpers');

const AUDIO = Buffer.from('ID3 pretend mp3 bytes \u0000\u0001\u0002', 'latin1');
const AGENT = 'WK' + '1'.repeat(32);
const OTHER_AGENT = 'WK' + '2'.repeat(32);
let stack;
let token;

before(async () => {
  stack = await startStack();
});
after(() => stack && stack.close());
beforeEach(() => {
  stack.emulator.reset();
  token = stack.emulator.issueToken({ identity: 'agent@example.com', workerSid: AGENT, roles: ['agent'] }).token;
});

const fetchVoicemail = (params, options = {}) => stack.request(PATHS.fetchVoicemail, { params, ...options });
const mediaRequests = () => stack.emulator.requests({ kind: 'voice.recordings.media' }).length;

// A voicemail task, assigned to `holder` (the agent the token belongs to) unless null.
async function voicemailTask(recordingSid, extra = {}, holder = AGENT) {
  const response = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', recordingSid, ...extra },
  });
  assert.equal(response.status, 200);
  if (holder) stack.emulator.assignTask(response.body.taskSid, { workerSid: holder, status: 'assigned' });
  return response.body.taskSid;
}

function addRecording() {
  return stack.emulator.addRecording({ audioBase64: AUDIO.toString('base64') }).sid;
}

test("serves a voicemail task's recording as base64 with its content type", async () => {
  const recordingSid = addRecording();
  const taskSid = await voicemailTask(recordingSid);
  const response = await fetchVoicemail({ taskSid, Token: token });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.body.type, 'audio/mpeg');
  assert.deepEqual(Buffer.from(response.body.recording, 'base64'), AUDIO);
  const [media] = stack.emulator.requests({ kind: 'voice.recordings.media' });
  assert.match(media.path, new RegExp(`/Recordings/${recordingSid}\\.mp3$`));
});

test('serves a recording named by SID when a voicemail task carries it', async () => {
  const recordingSid = addRecording();
  await voicemailTask(recordingSid);
  const response = await fetchVoicemail({ recordingSid, Token: token }, { json: true });
  assert.equal(response.status, 200);
  assert.deepEqual(Buffer.from(response.body.recording, 'base64'), AUDIO);
});

test("refuses (403) another agent's voicemail, and one still waiting in the queue", async () => {
  const theirs = await voicemailTask(addRecording(), {}, OTHER_AGENT);
  const response = await fetchVoicemail({ taskSid: theirs, Token: token });
  assert.equal(response.status, 403);
  assert.match(response.body.message, /not reserved for this agent/);
  const waiting = await voicemailTask(addRecording(), {}, null);
  assert.equal((await fetchVoicemail({ taskSid: waiting, Token: token })).status, 403);
  assert.equal(mediaRequests(), 0);
});

test('serves a supervisor any voicemail', async () => {
  const supervisor = stack.emulator.issueToken({ identity: 'lead@example.com', workerSid: OTHER_AGENT, roles: ['supervisor'] }).token;
  const recordingSid = addRecording();
  const taskSid = await voicemailTask(recordingSid, {}, null);
  assert.equal((await fetchVoicemail({ taskSid, Token: supervisor })).status, 200);
  assert.equal((await fetchVoicemail({ recordingSid, Token: supervisor })).status, 200);
});

test('serves a recording named with its task when they match', async () => {
  const recordingSid = addRecording();
  const taskSid = await voicemailTask(recordingSid);
  const response = await fetchVoicemail({ taskSid, recordingSid, Token: token });
  assert.equal(response.status, 200);
});

test('refuses (403) a recording that no voicemail task carries, without reading its media', async () => {
  const unrelated = addRecording();
  await voicemailTask(addRecording());
  const response = await fetchVoicemail({ recordingSid: unrelated, Token: token });
  assert.equal(response.status, 403);
  assert.equal(response.body.success, false);
  assert.match(response.body.message, new RegExp(unrelated));
  assert.equal(mediaRequests(), 0);
});

test("refuses (403) a recording named with a task that is not its own", async () => {
  const other = addRecording();
  const taskSid = await voicemailTask(addRecording());
  const response = await fetchVoicemail({ taskSid, recordingSid: other, Token: token });
  assert.equal(response.status, 403);
  assert.match(response.body.message, /recordingSid/);
  assert.equal(mediaRequests(), 0);
});

test('answers 404 for a callback task with no recording and for a deleted voicemail', async () => {
  const callbackSid = (await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' },
  })).body.taskSid;
  const noRecording = await fetchVoicemail({ taskSid: callbackSid, Token: token });
  assert.equal(noRecording.status, 404);
  assert.equal(noRecording.body.success, false);

  const deleted = await voicemailTask(addRecording(), { isDeleted: 'true' });
  const response = await fetchVoicemail({ taskSid: deleted, Token: token });
  assert.equal(response.status, 404);
  assert.match(response.body.message, /deleted/);
  assert.equal(mediaRequests(), 0);
});

test('refuses a plain voice task (403)', async () => {
  const inbound = stack.emulator.simulateInboundCall({ from: '+14155550100' });
  const response = await fetchVoicemail({ taskSid: inbound.taskSid, Token: token });
  assert.equal(response.status, 403);
});

test("mirrors Twilio's 404 when the recording media is gone", async () => {
  const taskSid = await voicemailTask('RE' + 'd'.repeat(32));
  const response = await fetchVoicemail({ taskSid, Token: token });
  assert.equal(response.status, 404);
  assert.equal(response.body.success, false);
  assert.equal(response.body.twilioErrorCode, 20404);
});

test('refuses a request naming neither a task nor a recording', async () => {
  const response = await fetchVoicemail({ Token: token });
  assert.equal(response.status, 400);
  assert.equal(response.body.data, null);
  assert.match(response.body.message, /^\(\/features\/callback-and-voicemail\/flex\/fetch-voicemail\) Missing recordingSid: /);
});

for (const [field, value] of [['recordingSid', 'RE-1'], ['taskSid', 'task-1']]) {
  test(`refuses a malformed ${field} with a sentence naming it`, async () => {
    const response = await fetchVoicemail({ [field]: value, Token: token });
    assert.equal(response.status, 400);
    assert.equal(response.body.data, null);
    assert.ok(response.body.message.includes(field), response.body.message);
  });
}

test('refuses a missing or invalid Flex token (403)', async () => {
  const recordingSid = addRecording();
  const taskSid = await voicemailTask(recordingSid);
  for (const params of [{ taskSid }, { taskSid, Token: 'forged' }]) {
    const response = await fetchVoicemail(params);
    assert.equal(response.status, 403);
    assert.match(response.body.message, /Flex token/);
  }
  const expired = stack.emulator.issueToken({ expiresInSec: -1 }).token;
  assert.equal((await fetchVoicemail({ taskSid, Token: expired })).status, 403);
  assert.equal(mediaRequests(), 0);
});
