'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { parseEnvFile } = require('../src/env-file');
const { readOptions } = require('../src/options');
const { nextVersion } = require('../src/steps/plugin');
const { withFeature } = require('../src/steps/flex-configuration');

const EXAMPLE = path.join(__dirname, '../deploy.env.example');

test('the example env file parses, names no local endpoint, and only lacks a real account', () => {
  const env = parseEnvFile(fs.readFileSync(EXAMPLE, 'utf8'));
  assert.equal(env.TWILIO_API_BASE_URL, undefined);
  assert.equal(env.FLEX_TOKEN_VALIDATION_BASE_URL, undefined);
  assert.throws(() => readOptions(env), /ACCOUNT_SID/);
  const options = readOptions({ ...env, ACCOUNT_SID: `AC${'0'.repeat(32)}` });
  assert.deepEqual(options.retryDelays, [{ attempt: 2, waitMinutes: 10 }, { attempt: 3, waitMinutes: 60 }]);
  assert.equal(options.workflowName, 'Callbacks and voicemails');
  assert.equal(options.feature.max_attempts, 3);
  // The deploy's own keys never reach the functions; theirs do.
  assert.equal(options.functionsEnv.AUTH_TOKEN, undefined);
  assert.equal(options.functionsEnv.CALLBACK_RETRY_DELAYS, undefined);
  assert.equal(options.functionsEnv.CALLBACK_MAIN_TIME_ZONE, 'America/New_York');
});

test('settings it cannot use are refused naming the variable', () => {
  const base = { ACCOUNT_SID: `AC${'0'.repeat(32)}`, AUTH_TOKEN: 'x' };
  assert.throws(() => readOptions({ ...base, CALLBACK_RETRY_DELAYS: '2-10' }), /CALLBACK_RETRY_DELAYS/);
  assert.throws(() => readOptions({ ...base, FLEX_ALLOW_REQUEUE: 'maybe' }), /FLEX_ALLOW_REQUEUE/);
  assert.throws(() => readOptions({ ...base, CBVM_PHONE_NUMBERS: '4155550100' }), /CBVM_PHONE_NUMBERS/);
  assert.throws(() => readOptions({ ...base, CBVM_ENVIRONMENT: 'Prod!' }), /CBVM_ENVIRONMENT/);
  assert.throws(() => readOptions({ AUTH_TOKEN: 'x' }), /ACCOUNT_SID/);
  assert.throws(() => parseEnvFile('just words'), /line 1/);
});

test('plugin versions count up from the package version; Flex settings keep every other key', () => {
  assert.equal(nextVersion('0.1.0', []), '0.1.0');
  assert.equal(nextVersion('0.1.0', ['0.1.0']), '0.1.1');
  assert.equal(nextVersion('0.1.0', ['0.1.0', '0.1.4', 'x']), '0.1.5');
  assert.equal(nextVersion('1.0.0', ['0.1.4']), '1.0.0');
  const ui = withFeature({ theme: 1, custom_data: { a: 2, features: { b: { enabled: true } } } }, { enabled: true });
  assert.deepEqual(ui, { theme: 1, custom_data: { a: 2, features: { b: { enabled: true }, callback_and_voicemail: { enabled: true } } } });
});
