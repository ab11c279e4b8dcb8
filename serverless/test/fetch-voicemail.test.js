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

test('serves a supervisor any voicemail named by its task, and asks for taskSid (400) when only the recording is named', async () => {
  const supervisor = stack.emulator.issueToken({ identity: 'lead@example.com', workerSid: OTHER_AGENT, roles: ['supervisor'] }).token;
  const recordingSid = addRecording();
  const taskSid = await voicemailTask(recordingSid, {}, null);
  assert.equal((await fetchVoicemail({ taskSid, Token: supervisor })).status, 200);
  assert.equal((await fetchVoicemail({ taskSid, recordingSid, Token: supervisor })).status, 200);
  const recordingOnly = await fetchVoicemail({ recordingSid, Token: supervisor });
  assert.equal(recordingOnly.status, 400);
  assert.equal(recordingOnly.headers.get('access-control-allow-origin'), '*');
  assert.match(recordingOnly.body.message, /Missing taskSid: .*passes taskSid/);
  assert.equal(mediaRequests(), 2);
});

test('finds a recording named alone among the tasks the agent holds, whatever else they hold', async () => {
  const recordingSid = addRecording();
  await voicemailTask(addRecording());                       // another voicemail they hold
  stack.emulator.simulateInboundCall({ from: '+14155550111' }); // a voice task nobody holds
  const taskSid = await voicemailTask(recordingSid, {}, null);
  stack.emulator.assignTask(taskSid, { workerSid: AGENT, status: 'reserved' }); // pending reservation
  const response = await fetchVoicemail({ recordingSid, Token: token });
  assert.equal(response.status, 200);
  assert.deepEqual(Buffer.from(response.body.recording, 'base64'), AUDIO);
  // someone else's voicemail is not among this agent's tasks
  const theirs = addRecording();
  await voicemailTask(theirs, {}, OTHER_AGENT);
  const refused = await fetchVoicemail({ recordingSid: theirs, Token: token });
  assert.equal(refused.status, 403);
  assert.match(refused.body.message, new RegExp(theirs));
});

test('20 agents opening voicemails at once by recording SID: no 429, no EvaluateTaskAttributes', async (t) => {
  const agents = [];
  for (let i = 0; i < 20; i += 1) {
    const workerSid = 'WK' + i.toString(16).padStart(32, '0');
    const agentToken = stack.emulator.issueToken({ identity: `agent${i}@example.com`, workerSid, roles: ['agent'] }).token;
    const recordingSid = addRecording();
    await voicemailTask(recordingSid, {}, workerSid);
    await voicemailTask(addRecording(), {}, workerSid); // a second task held, as a busy agent has
    agents.push({ agentToken, recordingSid });
  }
  stack.emulator.clearRequests();
  const responses = await Promise.all(agents.map(({ agentToken, recordingSid }) => fetchVoicemail({ recordingSid, Token: agentToken })));
  const log = stack.emulator.requests();
  const tooMany = log.filter((r) => r.status === 429).length;
  const evaluate = log.filter((r) => Object.keys(r.query || {}).some((k) => /^EvaluateTaskAttributes$/i.test(k))).length;
  const taskRouter = log.filter((r) => String(r.kind).startsWith('taskrouter.')).length;
  const served = responses.filter((r) => r.status === 200).length;
  t.diagnostic(`20 concurrent agents by recordingSid: ${served}/20 served, ${tooMany} × 429, ` +
    `${evaluate} EvaluateTaskAttributes requests, ${taskRouter} TaskRouter requests`);
  assert.deepEqual(responses.map((r) => r.status), Array(20).fill(200));
  assert.equal(tooMany, 0);
  assert.equal(evaluate, 0);
});

test('no function filters tasks by EvaluateTaskAttributes (limited to 3 requests a second per account)', () => {
  const fs = require('fs');
  const path = require('path');
  const offenders = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js') && /evaluateTaskAttributes\s*:|EvaluateTaskAttributes=/.test(fs.readFileSync(full, 'utf8'))) offenders.push(full);
    }
  };
  walk(path.join(__dirname, '..', 'functions'));
  assert.deepEqual(offenders, []);
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
