'use strict';
// The shim's own contract: one load, typed errors, plain values, clear misuse messages.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadCore, CoreError } = require('@cbvm/core');

test('loadCore loads once and returns the same core', async () => {
  const [a, b] = await Promise.all([loadCore(), loadCore()]);
  assert.equal(a, b);
  assert.equal(await loadCore(), a);
  assert.ok(Object.isFrozen(a));
});

test('a refusal becomes a CoreError with a code, a status and a sentence', async () => {
  const core = await loadCore();
  assert.throws(
    () => core.validateCreateCallback({ numberToCallFrom: '+18005550199' }),
    (e) => {
      assert.ok(e instanceof CoreError);
      assert.ok(e instanceof Error);
      assert.equal(e.code, 'MISSING_PARAMETER');
      assert.equal(e.status, 400);
      assert.equal(e.message, '(/features/callback-and-voicemail/studio/create-callback) Missing numberToCall: the number of the customer to call back');
      return true;
    },
  );
});

test('answers are plain JSON values with nothing to free', async () => {
  const core = await loadCore();
  const state = core.panelState({
    task: { sid: 'WT1', taskChannelUniqueName: 'voice', taskStatus: 'assigned', attributes: { taskType: 'callback', callBackData: { numberToCall: '+14155550100' } } },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
  assert.equal(Object.getPrototypeOf(state), Object.prototype);
  for (const value of Object.values(state)) assert.notEqual(typeof value, 'function');
});

test('every decision of the core is reachable through the typed API', async () => {
  const core = await loadCore();
  const typed = ['classifyTask', 'channelDefinitions', 'channelTitle', 'panelState', 'normalizePhoneNumber',
    'validateCreateCallback', 'validateRequeueCallback', 'validateFetchVoicemail', 'voicemailRecording',
    'buildCallbackTask', 'planOutboundCall', 'retryOutboundCall', 'autoSelect', 'retryDecision', 'waitStep',
    'findTaskByCallSid', 'voicemailRecordingAmong', 'checkDeployment', 'callingWindow', 'openSlots',
    'validateScheduledFor', 'callbackDue', 'holdStep', 'constants', 'deleteVoicemail', 'voicemailNotification'];
  for (const name of typed) assert.equal(typeof core[name], 'function', name);
  assert.equal(core.run('noSuchDecision', {}).error.code, 'UNKNOWN_DECISION');
});

test('the typed helpers unwrap their single values', async () => {
  const core = await loadCore();
  assert.equal(core.normalizePhoneNumber('0044 20 7946 0958'), '+442079460958');
  assert.equal(core.channelTitle({ surface: 'TaskCard', word: 'Voicemail', name: '+1415' }), '+1415 · Voicemail');
  assert.equal(core.validateRequeueCallback({ taskSid: 'WT' + '1'.repeat(32) }), 'WT' + '1'.repeat(32));
  assert.equal(core.findTaskByCallSid([], 'CA1'), null);
  assert.equal(core.constants(), core.constants());
});

test('classifyTask accepts Flex tasks with missing parts', async () => {
  const core = await loadCore();
  assert.equal(core.classifyTask(undefined), 'other');
  assert.equal(core.classifyTask({}), 'other');
  assert.equal(core.classifyTask({ taskChannelUniqueName: 'voice', attributes: null }), 'other');
  assert.equal(core.classifyTask({ taskChannelUniqueName: 'voice', attributes: '{bad' }), 'other');
});

test('values JSON cannot carry are refused with a sentence', async () => {
  const core = await loadCore();
  const cyclic = {};
  cyclic.self = cyclic;
  const answer = core.run('channelTitle', cyclic);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'INVALID_INPUT');
  assert.match(answer.error.message, /^channelTitle: the input cannot be written as JSON/);
});

test('an unbuilt core is reported with the command that builds it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-shim-'));
  fs.mkdirSync(path.join(dir, 'src'));
  for (const f of ['api.cjs', 'marshal.cjs', 'literals.cjs', 'node.cjs']) {
    fs.copyFileSync(path.join(__dirname, '..', 'src', f), path.join(dir, 'src', f));
  }
  const { loadCore: loadUnbuilt } = require(path.join(dir, 'src', 'node.cjs'));
  await assert.rejects(loadUnbuilt(), /not built .* Run "npm run build:wasm"/);
  // A failed load is not cached: the next call tries again.
  await assert.rejects(loadUnbuilt(), /not built/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the browser loader needs the bytes or the URL of the module', async () => {
  const { loadCore: loadBrowser } = await import('@cbvm/core/browser');
  await assert.rejects(loadBrowser({}), /wasmBinary.*wasmUrl/);
});

test('the browser module needs no eval, so it runs under a strict CSP', () => {
  const dir = path.join(path.dirname(require.resolve('@cbvm/core/package.json')), 'core');
  const source = fs.readFileSync(path.join(dir, 'cbvm-core.web.mjs'), 'utf8');
  assert.doesNotMatch(source, /\bnew Function\s*\(/);
  assert.doesNotMatch(source, /\beval\s*\(/);
});

test('remembered task kinds stay the core\'s answers past the table bounds', async () => {
  const core = await loadCore();
  for (let i = 0; i < 700; i++) {
    assert.equal(core.classifyTask({ taskChannelUniqueName: i % 2 ? 'voice' : `ch${i}`, attributes: { taskType: `t${i}` } }), 'other');
    assert.equal(core.classifyTask({ taskChannelUniqueName: 'voice', attributes: { taskType: 'voicemail' } }), 'voicemail');
  }
  for (const [channel, type, kind] of [['voice', 'callback', 'callback'], ['voice', 'callback-outbound', 'callback-outbound'], ['chat', 'callback', 'other'], ['voice', '', 'other']]) {
    assert.equal(core.classifyTask({ taskChannelUniqueName: channel, attributes: { taskType: type } }), kind);
    assert.equal(core.classifyTask({ taskChannelUniqueName: channel, attributes: { taskType: type } }), core.run('classifyTask', { task: { taskChannelUniqueName: channel, attributes: { taskType: type } } }).value.kind);
  }
});

// The panel crosses through its typed door (src/marshal.cjs); anything else as JSON text.
const viaText = (core, decision, input) => core.runText(decision, JSON.stringify(input));
const voicemail = (extra) => ({
  task: {
    taskChannelUniqueName: 'voice',
    taskStatus: 'assigned',
    attributes: { taskType: 'voicemail', name: 'Zoë 😀', callBackData: { numberToCall: '+14155550100', transcriptText: 'Grüße — 你好 😀', ...extra } },
  },
  config: { allow_requeue: true, max_attempts: 3 },
});

test('the panel\'s typed door answers as the JSON door does, whatever the attributes hold', async () => {
  const core = await loadCore();
  const inputs = [
    voicemail({ utcDateTimeReceived: '2024-05-01T14:30:00Z', attempts: 1 }),
    voicemail({ recordingSid: undefined, isDeleted: 'true', attempts: NaN, mainTimeZone: 7 }),
    voicemail({ attempts: Infinity, recordingSid: 'RE' + 'a'.repeat(32), isDeleted: false }),
    { ...voicemail({}), agentTimeZone: 'x'.repeat(70000) },
    { ...voicemail({}), task: { ...voicemail({}).task, attributes: JSON.stringify(voicemail({}).task.attributes) } },
    { ...voicemail({}), config: { max_attempts: 2.5 } },
  ];
  for (const input of inputs) {
    const json = viaText(core, 'panelState', input);
    let typed;
    try {
      typed = { ok: true, value: core.panelState(input) };
    } catch (err) {
      typed = { ok: false, error: { code: err.code, message: err.message, status: err.status } };
    }
    assert.deepStrictEqual(typed, json);
  }
  const value = core.panelState(inputs[0]);
  assert.equal(value.receivedAt, '2024-05-01T14:30:00.000Z');
  assert.equal(value.transcript, 'Grüße — 你好 😀');
  assert.equal(core.panelState(voicemail({ numberToCall: '+1 (415) 555-0100' })).numberToCall, '+14155550100');
});

test('members the typed door does not carry go through the JSON door, which names them', async () => {
  const core = await loadCore();
  assert.throws(() => core.panelState({ task: { taskStatus: 1 } }), { code: 'INVALID_INPUT', message: 'panelState: task.taskStatus must be a string.' });
  assert.throws(() => core.panelState({ ...voicemail({}), config: { max_attempts: '3' } }), { code: 'INVALID_INPUT' });
  assert.throws(() => core.channelTitle({ surface: 'TaskCard', word: ['x'] }), { message: 'channelTitle: word must be a string.' });
  assert.throws(() => core.channelTitle({ surface: 'Sidebar', word: 'Callback' }), { code: 'INVALID_INPUT' });
});

test('values JSON cannot carry are refused with a sentence, and the module keeps working', async () => {
  const core = await loadCore();
  let deep = {};
  for (let i = 0; i < 70; i++) deep = { d: deep };
  assert.equal(core.run('channelTitle', deep).error.message, 'The input nests deeper than 64 levels, so it was not read.');
  assert.equal(core.run('panelState', { task: { taskStatus: 1n } }).error.code, 'INVALID_INPUT');
  // Members the panel does not read never cross, whatever they hold.
  const input = voicemail({ recordingUrl: 1n });
  const cyclic = {};
  cyclic.self = cyclic;
  input.task.attributes.conversations = cyclic;
  input.task.queueName = () => 'not JSON';
  assert.equal(core.panelState(input).kind, 'voicemail');
});

test('answers read back keys named __proto__ as plain members', async () => {
  const core = await loadCore();
  const answer = core.run('channelTitle', JSON.parse('{"surface":"TaskCard","word":"Callback","name":"__proto__"}'));
  assert.equal(answer.ok, true);
  const built = core.buildCallbackTask({
    params: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' },
    original: { sid: 'WT' + '1'.repeat(32), attributes: '{"__proto__":{"polluted":true},"x":1}' },
    config: { defaultWorkflowSid: 'WW' + 'a'.repeat(32) },
    now: '2024-05-01T14:30:00Z',
  });
  assert.equal(Object.getPrototypeOf(built.attributes), Object.prototype);
  assert.deepStrictEqual(built.attributes.__proto__, { polluted: true });
  assert.equal({}.polluted, undefined);
});
