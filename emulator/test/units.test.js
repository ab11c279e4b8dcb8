'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { compile } = require('../src/expression');
const { rewriteTwilioUrl, createLocalHttpClient } = require('../src/local-client');

test('EvaluateTaskAttributes expressions', () => {
  const attrs = {
    call_sid: 'CA1', taskType: 'callback', n: 3, tags: ['vip', 'es'],
    callBackData: { numberToCall: '+1555', attempts: 0 }, name: 'Maria Lopez',
  };
  const cases = [
    ['call_sid == "CA1"', true],
    ["call_sid == 'CA2'", false],
    ['callBackData.numberToCall == "+1555"', true],
    ['callBackData.missing == "x"', false],
    ['taskType != "voicemail"', true],
    ['n > 2 AND n <= 3', true],
    ['n > 5 OR taskType == "callback"', true],
    ['n > 5 || (taskType == "callback" && n == 3)', true],
    ['taskType IN ["callback", "voicemail"]', true],
    ['taskType NOT IN ["voicemail"]', true],
    ['tags HAS "vip"', true],
    ['name CONTAINS "Lopez"', true],
    ['NOT (n == 3)', false],
    ['callBackData.attempts == 0', true],
    ['n == "3"', true],
    ['1==1', true],
    ['1 == 2', false],
  ];
  for (const [expr, expected] of cases) assert.equal(compile(expr)(attrs), expected, expr);
  for (const bad of ['', 'n ==', 'n == "x', '(n == 1', 'n == 1 )', 'n @ 1']) {
    assert.throws(() => compile(bad), undefined, bad);
  }
});

test('rewriteTwilioUrl maps https://<domain>.twilio.com/<path> to <base>/<domain>/<path>', () => {
  const base = 'http://127.0.0.1:3001/';
  assert.equal(rewriteTwilioUrl('https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks?PageSize=5', base),
    'http://127.0.0.1:3001/taskrouter/v1/Workspaces/WS1/Tasks?PageSize=5');
  assert.equal(rewriteTwilioUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls/CA1.json', base),
    'http://127.0.0.1:3001/api/2010-04-01/Accounts/AC1/Calls/CA1.json');
  assert.equal(rewriteTwilioUrl('https://iam.us1.twilio.com/v1/Accounts/AC1/Tokens/validate', base),
    'http://127.0.0.1:3001/iam/v1/Accounts/AC1/Tokens/validate');
  assert.equal(rewriteTwilioUrl('https://api.sydney.au1.twilio.com/2010-04-01/Accounts.json', base),
    'http://127.0.0.1:3001/api/2010-04-01/Accounts.json');
  assert.equal(rewriteTwilioUrl('http://127.0.0.1:3001/taskrouter/v1/x', base), 'http://127.0.0.1:3001/taskrouter/v1/x');
  assert.equal(rewriteTwilioUrl('https://example.com/a', base), 'https://example.com/a');
});

test('createLocalHttpClient wraps a RequestClient and passes the rewritten uri', async () => {
  const seen = [];
  class FakeRequestClient {
    request(opts) {
      seen.push(opts);
      return Promise.resolve({ statusCode: 200, body: '{}', headers: {} });
    }
  }
  const httpClient = createLocalHttpClient('http://127.0.0.1:9', { RequestClient: FakeRequestClient });
  await httpClient.request({ method: 'get', uri: 'https://taskrouter.twilio.com/v1/Workspaces', username: 'u', password: 'p' });
  assert.equal(seen[0].uri, 'http://127.0.0.1:9/taskrouter/v1/Workspaces');
  assert.equal(seen[0].username, 'u');
  assert.equal(seen[0].headers['X-Original-Host'], 'taskrouter.twilio.com');
  await httpClient.request({ method: 'get', uri: 'https://example.com/a', headers: { A: '1' } });
  assert.deepEqual(seen[1].headers, { A: '1' }, 'a URL that is not Twilio\'s is sent as it is');
  assert.throws(() => createLocalHttpClient());
});
