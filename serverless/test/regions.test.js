'use strict';
// Every Twilio API call of the functions goes to the configured region and
// edge (TWILIO_REGION, TWILIO_EDGE): TaskRouter and calls through the official
// library, recording media and Flex token validation through plain fetch. The
// local rewrite sends them all to the emulator, naming the host each was meant
// for (X-Original-Host), which the emulator's request log records.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, PATHS, SimulatedCall, verbNames, queryOf } = require('./helpers');

const CALLER = '+14155550123';
const CALLED = '+18005550100';
const AGENT = 'WK' + '1'.repeat(32);
const AUDIO = Buffer.from('ID3 regional mp3', 'latin1');
let stack;

before(async () => {
  stack = await startStack({ env: { TWILIO_REGION: 'au1', TWILIO_EDGE: 'sydney', CALLBACK_MAX_ATTEMPTS: '3' } });
});
after(() => stack && stack.close());
beforeEach(() => stack.emulator.reset());

const agentToken = () => stack.emulator.issueToken({ identity: 'agent@example.com', workerSid: AGENT, roles: ['agent'] }).token;

async function createTask(params) {
  const response = await stack.request(PATHS.createCallback, {
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199', ...params },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  stack.emulator.assignTask(response.body.taskSid, { workerSid: AGENT, status: 'assigned' });
  return response.body.taskSid;
}

test('TaskRouter, calls, recording media and token validation all go to <product>.sydney.au1.twilio.com', async () => {
  // The wait experience: the queue, the task list, the cancel and the call's move to the recording.
  const inbound = stack.emulator.simulateInboundCall({ from: CALLER, to: CALLED });
  const call = new SimulatedCall(stack, { callSid: inbound.callSid, queueSid: inbound.queueSid, from: CALLER, to: CALLED });
  const loop = await call.followRedirect(await call.enqueue());
  const moving = await call.followRedirect(await call.press(await call.press(loop, '*'), '2'));
  assert.deepEqual(verbNames(moving), ['Pause']);
  assert.equal(queryOf(stack.emulator.call(inbound.callSid).current_url).mode, 'record-voicemail');

  // A voicemail served to its agent (token validation, the task, the media) and a callback requeued.
  const recordingSid = stack.emulator.addRecording({ audioBase64: AUDIO.toString('base64') }).sid;
  const voicemailSid = await createTask({ recordingSid });
  const served = await stack.request(PATHS.fetchVoicemail, { params: { taskSid: voicemailSid, Token: agentToken() } });
  assert.equal(served.status, 200, JSON.stringify(served.body));
  assert.deepEqual(Buffer.from(served.body.recording, 'base64'), AUDIO);
  const callbackSid = await createTask({});
  const requeued = await stack.request(PATHS.requeueCallback, { params: { taskSid: callbackSid, Token: agentToken() } });
  assert.equal(requeued.status, 200, JSON.stringify(requeued.body));

  const requests = stack.emulator.requests();
  const hostsOf = (prefix) => new Set(requests.filter((r) => r.kind && r.kind.startsWith(prefix)).map((r) => r.host));
  assert.deepEqual(hostsOf('taskrouter.'), new Set(['taskrouter.sydney.au1.twilio.com']));
  assert.deepEqual(hostsOf('voice.'), new Set(['api.sydney.au1.twilio.com']));
  assert.deepEqual(hostsOf('iam.'), new Set(['iam.sydney.au1.twilio.com']));
  for (const kind of ['voice.queues.fetch', 'taskrouter.tasks.list', 'taskrouter.tasks.update', 'voice.calls.update',
    'taskrouter.tasks.create', 'iam.tokens.validate', 'voice.recordings.media']) {
    assert.ok(requests.some((r) => r.kind === kind), `a ${kind} request was made`);
  }
  const elsewhere = requests.filter((r) => !/^(taskrouter|api|iam)\.sydney\.au1\.twilio\.com$/.test(r.host || ''));
  assert.deepEqual(elsewhere, [], 'every request names its regional host');
});

test('without a region or edge every request goes to Twilio’s default hosts', async () => {
  const saved = { region: stack.env.TWILIO_REGION, edge: stack.env.TWILIO_EDGE };
  delete stack.env.TWILIO_REGION;
  delete stack.env.TWILIO_EDGE;
  try {
    const recordingSid = stack.emulator.addRecording({ audioBase64: AUDIO.toString('base64') }).sid;
    const taskSid = await createTask({ recordingSid });
    const served = await stack.request(PATHS.fetchVoicemail, { params: { taskSid, Token: agentToken() } });
    assert.equal(served.status, 200);
    const hosts = new Set(stack.emulator.requests().map((r) => r.host));
    assert.deepEqual(hosts, new Set(['taskrouter.twilio.com', 'iam.twilio.com', 'api.twilio.com']));
  } finally {
    Object.assign(stack.env, { TWILIO_REGION: saved.region, TWILIO_EDGE: saved.edge });
  }
});

test('an implausible region or edge is refused with a sentence naming the variable, and nothing is sent', async () => {
  for (const [name, value, expected] of [
    ['TWILIO_REGION', 'AU1', /^TWILIO_REGION must be a Twilio region/],
    ['TWILIO_EDGE', 'sydney.evil.example', /^TWILIO_EDGE must be a Twilio edge location/],
  ]) {
    const saved = stack.env[name];
    stack.env[name] = value;
    try {
      stack.emulator.reset();
      const response = await stack.request(PATHS.createCallback, {
        params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' },
      });
      assert.equal(response.status, 500);
      assert.equal(response.body.success, false);
      assert.match(response.body.message, expected);
      assert.deepEqual(stack.emulator.requests(), []);
    } finally {
      stack.env[name] = saved;
    }
  }
});

test('a region other than us1 without an edge is refused, naming TWILIO_EDGE', async () => {
  const saved = stack.env.TWILIO_EDGE;
  delete stack.env.TWILIO_EDGE;
  try {
    const response = await stack.request(PATHS.requeueCallback, { params: { taskSid: 'WT' + '0'.repeat(32), Token: agentToken() } });
    assert.equal(response.status, 500);
    assert.match(response.body.message, /TWILIO_EDGE is not set.*e\.g\. sydney/);
  } finally {
    stack.env.TWILIO_EDGE = saved;
  }
});
