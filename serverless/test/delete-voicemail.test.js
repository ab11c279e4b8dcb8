'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, fileVoicemail } = require('./helpers');

const DELETE_PATH = '/features/callback-and-voicemail/flex/delete-voicemail';
const AGENT = 'WK' + '1'.repeat(32);
const OTHER_AGENT = 'WK' + '2'.repeat(32);
let stack;
let twilio;
const tokens = {};

before(async () => {
  stack = await startStack();
});
after(() => stack && stack.close());
beforeEach(() => {
  stack.emulator.reset();
  twilio = stack.emulator.twilioClient();
  tokens.agent = stack.emulator.issueToken({ identity: 'agent@example.com', workerSid: AGENT, roles: ['agent'] }).token;
  tokens.other = stack.emulator.issueToken({ identity: 'other@example.com', workerSid: OTHER_AGENT, roles: ['agent'] }).token;
  tokens.supervisor = stack.emulator.issueToken({ identity: 'lead@example.com', roles: ['supervisor'] }).token;
});

const deleteVoicemail = (params) => stack.request(DELETE_PATH, { params });

// A voicemail task with a recording and its transcription, held by AGENT.
async function voicemail() {
  const { recordingSid, transcriptSid, created } = await fileVoicemail(stack, { params: { TranscriptionText: 'Please call me back' } });
  assert.equal(created.status, 200);
  stack.emulator.assignTask(created.body.taskSid, { workerSid: AGENT, status: 'assigned' });
  return { taskSid: created.body.taskSid, recordingSid, transcriptSid };
}

const exists = (resource) => resource.fetch().then(() => true, (err) => (err.status === 404 ? false : Promise.reject(err)));
const callBackData = (taskSid) => JSON.parse(stack.emulator.task(taskSid).attributes).callBackData;

test('the agent holding the task deletes the recording and its transcription; the task is marked deleted', async () => {
  const vm = await voicemail();
  const response = await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.agent });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.success, true);
  assert.equal(response.body.taskSid, vm.taskSid);
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), false);
  assert.equal(await exists(twilio.transcriptions(vm.transcriptSid)), false);
  const data = callBackData(vm.taskSid);
  assert.equal(data.isDeleted, true);
  assert.equal(data.deletedBy, AGENT);
  assert.equal(data.recordingSid, vm.recordingSid);
  // The recording is no longer served.
  const fetched = await stack.request(PATHS.fetchVoicemail, { params: { taskSid: vm.taskSid, Token: tokens.agent } });
  assert.equal(fetched.status, 404);
});

test('a repeated delete answers 200 with the same state and deletes nothing more', async () => {
  const vm = await voicemail();
  assert.equal((await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.agent })).status, 200);
  const before = stack.emulator.requests({ kind: 'voice.recordings.delete' }).length;
  const again = await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.agent });
  assert.equal(again.status, 200);
  assert.equal(again.body.success, true);
  assert.equal(stack.emulator.requests({ kind: 'voice.recordings.delete' }).length, before);
  assert.equal(callBackData(vm.taskSid).isDeleted, true);
});

test('a delete whose answer was lost at Twilio still ends deleted and marked (200)', async () => {
  const vm = await voicemail();
  stack.emulator.addFault({ target: 'voice.recordings.delete', rate: 1, reset: true, after: true, times: 1 });
  const response = await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.agent });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), false);
  assert.equal(callBackData(vm.taskSid).isDeleted, true);
});

test('a supervisor who does not hold the task may delete it', async () => {
  const vm = await voicemail();
  const response = await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.supervisor });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), false);
});

test('another agent is refused (403) and the recording stays', async () => {
  const vm = await voicemail();
  const response = await deleteVoicemail({ taskSid: vm.taskSid, Token: tokens.other });
  assert.equal(response.status, 403);
  assert.equal(response.body.success, false);
  assert.equal(await exists(twilio.recordings(vm.recordingSid)), true);
  assert.equal(await exists(twilio.transcriptions(vm.transcriptSid)), true);
  assert.notEqual(callBackData(vm.taskSid).isDeleted, true);
});

test('bad requests: no token 403, no taskSid 400 naming it, an unknown task 404', async () => {
  assert.equal((await deleteVoicemail({ taskSid: 'WT' + 'f'.repeat(32) })).status, 403);
  const missing = await deleteVoicemail({ Token: tokens.agent });
  assert.equal(missing.status, 400);
  assert.match(missing.body.message, /Missing taskSid/);
  assert.equal((await deleteVoicemail({ taskSid: 'WT' + 'f'.repeat(32), Token: tokens.agent })).status, 404);
});
