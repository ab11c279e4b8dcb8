'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection, twilio } = require('./helpers');
const { startEmulator, createLocalHttpClient } = require('../src');

test('basic auth on every REST request', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());

  await t.test('a wrong auth token gets 401 with Twilio error 20003', async () => {
    const bad = twilio(emu.accountSid, 'wrong-token', { httpClient: createLocalHttpClient(emu.url) });
    const err = await rejection(bad.taskrouter.v1.workspaces(emu.workspaceSid).tasks.list());
    assert.equal(err.status, 401);
    assert.equal(err.code, 20003);
    assert.equal(err.moreInfo, 'https://www.twilio.com/docs/errors/20003');
    const err2 = await rejection(bad.calls('CA' + '1'.repeat(32)).fetch());
    assert.equal(err2.status, 401);
  });

  await t.test('no credentials at all: 401 with a Basic challenge and the full error body', async () => {
    const res = await fetch(`${emu.url}/taskrouter/v1/Workspaces/${emu.workspaceSid}/Tasks`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate'), /^Basic/);
    assert.deepEqual(await res.json(), {
      code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401,
    });
  });

  await t.test('control endpoints need no auth; unknown REST paths are 404 20404', async () => {
    assert.equal((await control(emu, 'GET', '/health')).status, 200);
    const res = await fetch(`${emu.url}/taskrouter/v1/Nope`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).code, 20404);
    assert.ok(client);
  });
});

test('custom credentials and workspace given at start', async (t) => {
  const accountSid = 'AC' + 'ab'.repeat(16);
  const workspaceSid = 'WS' + 'cd'.repeat(16);
  const emu = await startEmulator({ accountSid, authToken: 'secret-token', workspaceSid });
  t.after(() => emu.close());
  const client = twilio(accountSid, 'secret-token', { httpClient: createLocalHttpClient(emu.url) });
  const tasks = await client.taskrouter.v1.workspaces(workspaceSid).tasks.list();
  assert.deepEqual(tasks, []);
  assert.equal(emu.accountSid, accountSid);
  assert.equal(emu.workspaceSid, workspaceSid);
});

test('IAM Flex token validation', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const validateUri = `https://iam.twilio.com/v1/Accounts/${emu.accountSid}/Tokens/validate`;
  const validate = (token, c = client) => c.request({
    method: 'post', uri: validateUri, data: { token }, headers: { 'Content-Type': 'application/json' },
  });

  await t.test('a token issued through the control endpoint is valid, with the fields the validator reads', async () => {
    const issued = await control(emu, 'POST', '/tokens', { identity: 'alice', roles: ['agent'], workerSid: 'WK' + '1'.repeat(32) });
    assert.equal(issued.status, 201);
    const res = await validate(issued.body.token);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.valid, true);
    assert.equal(res.body.code, 0);
    assert.equal(res.body.message, null);
    assert.equal(res.body.identity, 'alice');
    assert.equal(res.body.realm_user_id, 'alice');
    assert.deepEqual(res.body.roles, ['agent']);
    assert.equal(res.body.worker_sid, 'WK' + '1'.repeat(32));
    assert.match(res.body.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  await t.test('a token from a region-qualified iam host is routed the same way', async () => {
    const { token } = emu.issueToken({ identity: 'bob' });
    const res = await client.request({
      method: 'post',
      uri: `https://iam.us1.twilio.com/v1/Accounts/${emu.accountSid}/Tokens/validate`,
      data: { token },
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.body.valid, true);
  });

  await t.test('an unknown token is not valid (code and message given)', async () => {
    const res = await validate('not-a-real-token');
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.valid, false);
    assert.equal(typeof res.body.code, 'number');
    assert.equal(typeof res.body.message, 'string');
  });

  await t.test('an expired token is not valid', async () => {
    const { token } = emu.issueToken({ identity: 'carol', expiresInSec: 60 });
    assert.equal((await validate(token)).body.valid, true);
    emu.advanceClock(61000);
    const res = await validate(token);
    assert.equal(res.body.valid, false);
    assert.equal(res.body.code, 20104);
  });

  await t.test('validation needs the account credentials', async () => {
    const { token } = emu.issueToken({});
    const bad = twilio(emu.accountSid, 'nope', { httpClient: createLocalHttpClient(emu.url) });
    const res = await validate(token, bad);
    assert.equal(res.statusCode, 401);
    assert.equal(res.body.code, 20003);
  });

  await t.test('seeded tokens are valid and a form-encoded body works too', async () => {
    const seeded = emu.seed({ tokens: [{ token: 'seeded-token-1', identity: 'dave', roles: ['supervisor', 'agent'] }] });
    assert.equal(seeded.tokens[0].token, 'seeded-token-1');
    const res = await client.request({ method: 'post', uri: validateUri, data: { token: 'seeded-token-1' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.body.valid, true);
    assert.deepEqual(res.body.roles, ['supervisor', 'agent']);
  });
});
