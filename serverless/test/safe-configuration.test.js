'use strict';
// A deployment made from a local configuration must not send its API calls and
// token checks to this machine: deployed functions (DOMAIN_NAME is a public
// domain) refuse to run while a base URL points at a loopback or private
// address, answering 500 JSON with a sentence naming the variable, and logging
// it. The example environment enables no local endpoint.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { startStack, PATHS } = require('./helpers');

const LOCAL_ENDPOINTS = ['TWILIO_API_BASE_URL', 'FLEX_TOKEN_VALIDATION_BASE_URL', 'SERVICE_BASE_URL', 'SENDGRID_API_BASE_URL'];
const PUBLIC_DOMAIN = 'callback-and-voicemail-1234-dev.twil.io';
const REQUESTS = {
  createCallback: { numberToCall: '+14155550100', numberToCallFrom: '+18005550199' },
  waitExperience: { CallSid: 'CA' + '1'.repeat(32), Caller: '+14155550100', Called: '+18005550199' },
  requeueCallback: { taskSid: 'WT' + '1'.repeat(32), Token: 'a-token' },
  fetchVoicemail: { taskSid: 'WT' + '1'.repeat(32), Token: 'a-token' },
};
let stack;
let saved;

before(async () => {
  stack = await startStack();
  saved = { ...stack.env };
});
after(() => stack && stack.close());
beforeEach(() => {
  for (const key of Object.keys(stack.env)) delete stack.env[key];
  Object.assign(stack.env, saved);
  stack.emulator.reset();
});

// Runs fn with console.error captured; resolves with what was logged.
async function capturingErrors(fn) {
  const original = console.error;
  const logged = [];
  console.error = (...args) => logged.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return logged;
}

for (const variable of LOCAL_ENDPOINTS) {
  test(`deployed, every function refuses to run with ${variable} on a loopback address`, async () => {
    stack.env.DOMAIN_NAME = PUBLIC_DOMAIN;
    for (const name of LOCAL_ENDPOINTS) delete stack.env[name];
    stack.env[variable] = stack.emulator.url; // http://127.0.0.1:<port>
    for (const [fn, params] of Object.entries(REQUESTS)) {
      let response;
      const logged = await capturingErrors(async () => {
        response = await stack.request(PATHS[fn], { params });
      });
      assert.equal(response.status, 500, fn);
      assert.match(response.headers.get('content-type'), /json/);
      assert.equal(response.body.success, false);
      assert.match(response.body.message, new RegExp(`^${variable} points at 127\\.0\\.0\\.1, a loopback or private address`), fn);
      assert.ok(logged.some((line) => line.includes(`${variable} points at 127.0.0.1`)), `${fn} logs the refusal`);
    }
    assert.deepEqual(stack.emulator.requests(), [], 'nothing reached the API');
  });
}

test('deployed, a private network address is refused as well', async () => {
  stack.env.DOMAIN_NAME = PUBLIC_DOMAIN;
  delete stack.env.TWILIO_API_BASE_URL;
  stack.env.FLEX_TOKEN_VALIDATION_BASE_URL = 'http://192.168.1.20:3001';
  const response = await stack.request(PATHS.fetchVoicemail, { params: REQUESTS.fetchVoicemail });
  assert.equal(response.status, 500);
  assert.match(response.body.message, /^FLEX_TOKEN_VALIDATION_BASE_URL points at 192\.168\.1\.20/);
});

test('run locally (DOMAIN_NAME on this machine), the same endpoints are used', async () => {
  for (const domain of ['localhost:3000', '127.0.0.1:3000']) {
    stack.env.DOMAIN_NAME = domain;
    const response = await stack.request(PATHS.createCallback, { params: REQUESTS.createCallback });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
});

// The example's active lines (not comments), as twilio-run reads a .env file.
function activeVariables(file) {
  const entries = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m) entries[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return entries;
}

test('serverless/.env.example enables no local endpoint, so a deployment made from it is accepted', async () => {
  const file = path.join(__dirname, '..', '.env.example');
  const active = activeVariables(file);
  assert.ok(active.TWILIO_FLEX_WORKSPACE_SID, 'the parser reads the active lines');
  for (const name of LOCAL_ENDPOINTS) assert.equal(active[name], undefined, `${name} is commented out`);
  // Every URL the example sets is checked as a deployment would check it.
  const { loadCore } = require('@cbvm/core');
  const core = await loadCore();
  const urls = Object.fromEntries(Object.entries(active).filter(([, value]) => /^[a-z]+:\/\//i.test(value)));
  const checked = core.checkDeployment({ domainName: PUBLIC_DOMAIN, region: active.TWILIO_REGION, edge: active.TWILIO_EDGE, urls });
  assert.equal(checked.deployed, true);
  // The region and edge are documented there.
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^# TWILIO_REGION=/m);
  assert.match(text, /^# TWILIO_EDGE=/m);
});
