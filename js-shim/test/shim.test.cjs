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
    'findTaskByCallSid', 'indexPendingTasks', 'voicemailRecordingAmong', 'constants'];
  for (const name of typed) assert.equal(typeof core[name], 'function', name);
  assert.equal(core.run('noSuchDecision', {}).error.code, 'UNKNOWN_DECISION');
});

test('the typed helpers unwrap their single values', async () => {
  const core = await loadCore();
  assert.equal(core.normalizePhoneNumber('0044 20 7946 0958'), '+442079460958');
  assert.equal(core.channelTitle({ surface: 'TaskCard', word: 'Voicemail', name: '+1415' }), 'Voicemail (+1415)');
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
  for (const f of ['api.cjs', 'frames.cjs', 'node.cjs']) {
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

// Values cross into the core as frames (src/frames.cjs); they must read as
// JSON.stringify would have written them.
const viaText = (core, decision, input) => core.runText(decision, JSON.stringify(input));
const voicemail = (extra) => ({
  task: {
    taskChannelUniqueName: 'voice',
    taskStatus: 'assigned',
    attributes: { taskType: 'voicemail', name: 'Zoë 😀', callBackData: { numberToCall: '+14155550100', transcriptText: 'Grüße — 你好 😀', ...extra } },
  },
  config: { allow_requeue: true, max_attempts: 3 },
});

test('frames carry what JSON.stringify would: toJSON, left-out members, non-finite numbers, any text', async () => {
  const core = await loadCore();
  const inputs = [
    voicemail({ utcDateTimeReceived: new Date('2024-05-01T14:30:00Z'), attempts: 1 }),
    voicemail({ recordingSid: undefined, isDeleted: () => true, attempts: NaN, mainTimeZone: Symbol('x') }),
    voicemail({ attempts: Infinity, list: [undefined, () => 1, 2, null] }),
    { ...voicemail({}), agentTimeZone: 'x'.repeat(70000) }, // larger than the areas first made
  ];
  for (const input of inputs) assert.deepStrictEqual(core.run('panelState', input), viaText(core, 'panelState', input));
  const value = core.panelState(inputs[0]);
  assert.equal(value.receivedAt, '2024-05-01T14:30:00.000Z');
  assert.equal(value.transcript, 'Grüße — 你好 😀');
  assert.equal(value.contactPhone, '+14155550100');
  // A lone surrogate, which JSON text cannot carry, reaches the core as U+FFFD;
  // a string the answer repeats from the input comes back as the caller's own.
  assert.equal(core.panelState(voicemail({ transcriptText: 'a\ud800b' })).transcript, 'a\ud800b');
  assert.equal(core.panelState(voicemail({ numberToCall: '+1 (415) 555-0100' })).numberToCall, '+14155550100');
});

test('a frame too deep, or circular, is refused with the core\'s error; a BigInt as JSON.stringify refuses it', async () => {
  const core = await loadCore();
  let deep = {};
  for (let i = 0; i < 70; i++) deep = { d: deep };
  assert.equal(core.run('channelTitle', deep).error.message, 'The input nests deeper than 64 levels, so it was not read.');
  // The same through members the panel reads (it names them: see inputShapes).
  const task = voicemail({}).task;
  const reading = (value) => ({ task: { ...task, attributes: { ...task.attributes, callBackData: { numberToCall: value } } } });
  assert.equal(core.run('panelState', reading(deep)).error.message, 'The input nests deeper than 64 levels, so it was not read.');
  const loop = reading(null);
  loop.task.attributes.callBackData.numberToCall = loop;
  assert.match(core.run('panelState', loop).error.message, /cannot be written as JSON \(.*circular/);
  assert.equal(core.run('panelState', { task: { taskStatus: 1n } }).error.code, 'INVALID_INPUT');
  // The module keeps working after each refusal.
  assert.equal(core.panelState(voicemail({})).kind, 'voicemail');
});

test('members a decision does not read are left out of its frame', async () => {
  const core = await loadCore();
  const input = voicemail({ recordingUrl: 1n });
  const cyclic = {};
  cyclic.self = cyclic;
  input.task.attributes.conversations = cyclic;
  input.task.queueName = () => 'not JSON';
  const answer = core.run('panelState', input);
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  assert.equal(answer.value.kind, 'voicemail');
  // Members it reads are written as JSON.stringify would see them.
  const withToJSON = voicemail({ numberToCall: { toJSON: () => '+14155550100' } });
  assert.equal(core.panelState(withToJSON).numberToCall, '+14155550100');
  // Nothing but shapes changes: the JSON-text door gives the same answer.
  const plain = voicemail({});
  assert.deepStrictEqual(core.run('panelState', plain), core.runText('panelState', JSON.stringify(plain)));
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
