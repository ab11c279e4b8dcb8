'use strict';

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, attributesOf } = require('./helpers');

const PATH = PATHS.createCallback;
let stack;

before(async () => {
  stack = await startStack({ env: { CALLBACK_MAIN_TIME_ZONE: 'America/Chicago' } });
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

const create = (params, options = {}) => stack.request(PATH, { params, ...options });

function assertCors(response) {
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('access-control-allow-methods'), 'GET,POST,OPTIONS');
}

test('creates a callback task from the two numbers Studio sends', async () => {
  const before = Date.now();
  const response = await create({ numberToCall: '+14155550100', numberToCallFrom: '+18005550199', flexFlowSid: 'FW' + 'a'.repeat(32) });
  assert.equal(response.status, 200);
  assertCors(response);
  assert.equal(response.body.success, true);
  assert.match(response.body.taskSid, /^WT[0-9a-f]{32}$/);
  assert.equal(response.body.twilioErrorCode, null);
  assert.equal(response.body.twilioDocPage, null);
  assert.equal(typeof response.body.message, 'string');

  const task = stack.emulator.task(response.body.taskSid);
  assert.equal(task.assignment_status, 'pending');
  assert.equal(task.workflow_sid, stack.emulator.defaultWorkflowSid);
  assert.equal(task.task_channel_unique_name, 'voice');
  assert.equal(task.timeout, 86400);
  assert.equal(task.priority, 0);
  const attributes = attributesOf(task);
  assert.equal(attributes.taskType, 'callback');
  assert.equal(attributes.name, '+14155550100');
  assert.equal(attributes.from, '+14155550100');
  assert.equal(attributes.direction, 'inbound');
  assert.equal(attributes.flow_execution_sid, 'FW' + 'a'.repeat(32));
  const data = attributes.callBackData;
  assert.equal(data.numberToCall, '+14155550100');
  assert.equal(data.numberToCallFrom, '+18005550199');
  assert.equal(data.attempts, 0);
  assert.equal(data.mainTimeZone, 'America/Chicago');
  assert.equal(data.isDeleted, false);
  // As in the feature this replaces, a callback has no recording or transcript keys at all.
  for (const key of ['recordingSid', 'recordingUrl', 'transcriptSid', 'transcriptText']) {
    assert.equal(Object.hasOwn(data, key), false, `callBackData.${key} is absent`);
  }
  assert.ok(Date.parse(data.utcDateTimeReceived) >= before - 1000);
});

test('accepts a JSON body and a GET with query parameters', async () => {
  const json = await create({ numberToCall: '+14155550101', numberToCallFrom: '+18005550199', priority: 5 }, { json: true });
  assert.equal(json.status, 200);
  assert.equal(stack.emulator.task(json.body.taskSid).priority, 5);

  const query = new URLSearchParams({ numberToCall: '+14155550102', numberToCallFrom: '+18005550199' });
  const get = await stack.request(`${PATH}?${query}`, { method: 'GET' });
  assert.equal(get.status, 200);
  assert.equal(attributesOf(stack.emulator.task(get.body.taskSid)).callBackData.numberToCall, '+14155550102');
});

test('creates a voicemail from the parameter names of Twilio recording and transcription callbacks', async () => {
  const recordingSid = 'RE' + '1'.repeat(32);
  const response = await create({
    numberToCall: '+14155550103',
    numberToCallFrom: '+18005550199',
    RecordingSid: recordingSid,
    RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/' + recordingSid,
    TranscriptionSid: 'TR' + '2'.repeat(32),
    TranscriptionText: 'Please call me back about my order.',
  });
  assert.equal(response.status, 200);
  const attributes = attributesOf(stack.emulator.task(response.body.taskSid));
  assert.equal(attributes.taskType, 'voicemail');
  assert.equal(attributes.callBackData.recordingSid, recordingSid);
  assert.equal(attributes.callBackData.transcriptSid, 'TR' + '2'.repeat(32));
  assert.equal(attributes.callBackData.transcriptText, 'Please call me back about my order.');
});

test('passes the optional routing parameters through', async () => {
  const [workflow] = stack.emulator.seed({ workflows: [{ friendlyName: 'Callbacks', taskQueueSid: stack.emulator.defaultTaskQueueSid }] }).workflows;
  const response = await create({
    numberToCall: '+14155550104',
    numberToCallFrom: '+18005550199',
    workflowSid: workflow.sid,
    timeout: '3600',
    priority: '10',
    attempts: '2',
    conversation_id: 'conversation-42',
    utcDateTimeReceived: '2024-05-01T14:30:00Z',
    isDeleted: 'false',
  });
  assert.equal(response.status, 200);
  const task = stack.emulator.task(response.body.taskSid);
  assert.equal(task.workflow_sid, workflow.sid);
  assert.equal(task.timeout, 3600);
  assert.equal(task.priority, 10);
  const attributes = attributesOf(task);
  assert.equal(attributes.callBackData.attempts, 2);
  assert.equal(attributes.conversations.conversation_id, 'conversation-42');
  assert.equal(Date.parse(attributes.callBackData.utcDateTimeReceived), Date.parse('2024-05-01T14:30:00Z'));
});

test("does not let a caller's virtualStartTime move the task up the queue", async () => {
  for (const virtualStartTime of ['1970-01-01T00:00:00Z', 'not a time']) {
    const response = await create({ numberToCall: '+14155550105', numberToCallFrom: '+18005550199', virtualStartTime });
    assert.equal(response.status, 200);
    const task = stack.emulator.task(response.body.taskSid);
    // TaskRouter's default: the task waits from when it was created.
    assert.equal(task.virtual_start_time, task.date_created);
  }
});

for (const [missing, params] of [
  ['numberToCall', { numberToCallFrom: '+18005550199' }],
  ['numberToCallFrom', { numberToCall: '+14155550100' }],
]) {
  test(`refuses a request without ${missing} with the missing-parameter body`, async () => {
    const response = await create(params);
    assert.equal(response.status, 400);
    assertCors(response);
    assert.equal(response.body.data, null);
    assert.match(response.body.message, new RegExp(`^\\(${PATH}\\) Missing ${missing}: `));
    assert.equal(stack.emulator.tasks().length, 0);
  });
}

test('refuses a request without either number with one body naming both', async () => {
  const response = await create({ flexFlowSid: 'FW' + 'a'.repeat(32) });
  assert.equal(response.status, 400);
  assertCors(response);
  assert.equal(response.body.data, null);
  assert.equal(
    response.body.message,
    `(${PATH}) Missing numberToCall: the number of the customer to call back; Missing numberToCallFrom: the number to call the customer from`,
  );
  assert.equal(stack.emulator.tasks().length, 0);
});

const valid = { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' };
for (const [field, value] of [
  ['numberToCall', 'call me maybe'],
  ['numberToCallFrom', '12'],
  ['flexFlowSid', 'FW123'],
  ['workflowSid', 'not-a-workflow'],
  ['timeout', 'soon'],
  ['priority', '-1'],
  ['attempts', 'many'],
  ['utcDateTimeReceived', 'yesterday'],
  ['recordingSid', 'RE42'],
  ['recordingUrl', 'ftp://example.com/a.mp3'],
  ['transcriptSid', 'TR1'],
  ['isDeleted', 'perhaps'],
  ['taskChannel', 'voice channel'],
]) {
  test(`refuses a malformed ${field} with a sentence naming it`, async () => {
    const response = await create({ ...valid, [field]: value });
    assert.equal(response.status, 400);
    assert.equal(response.body.data, null);
    assert.ok(response.body.message.includes(field), response.body.message);
    assert.equal(stack.emulator.tasks().length, 0);
  });
}

test('refuses a request when no workflow is configured or given', async () => {
  const saved = stack.env.TWILIO_FLEX_CALLBACK_WORKFLOW_SID;
  delete stack.env.TWILIO_FLEX_CALLBACK_WORKFLOW_SID;
  try {
    const response = await create(valid);
    assert.equal(response.status, 400);
    assert.match(response.body.message, /TWILIO_FLEX_CALLBACK_WORKFLOW_SID/);
  } finally {
    stack.env.TWILIO_FLEX_CALLBACK_WORKFLOW_SID = saved;
  }
});

test("mirrors TaskRouter's status and error when it refuses the task", async () => {
  const response = await create({ ...valid, workflowSid: 'WW' + 'f'.repeat(32) });
  assert.equal(response.status, 400);
  assert.equal(response.body.success, false);
  assert.equal(response.body.taskSid, null);
  assert.equal(response.body.twilioErrorCode, 20001);
  assert.match(response.body.twilioDocPage, /20001/);
  assert.match(response.body.message, /Workflow/);
});

test('answers the CORS preflight', async () => {
  const response = await stack.request(PATH, { method: 'OPTIONS' });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.match(response.headers.get('access-control-allow-methods'), /GET.*POST.*OPTIONS/);
});
