'use strict';
// A client at another region and edge (the official library's region/edge
// options) works against the emulator: the rewriting client keeps the host it
// meant in X-Original-Host, the request log records it, and the emulator's
// absolute URLs (next_page_url, resource urls) name that host, so the library
// can follow them at the same region and edge.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startEmulator, createLocalHttpClient } = require('../src');
const { control, twilio } = require('./helpers');

test('a client at region au1 through edge sydney', async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.close());
  const client = twilio(emu.accountSid, emu.authToken, {
    httpClient: createLocalHttpClient(emu.url),
    region: 'au1',
    edge: 'sydney',
  });
  const ws = client.taskrouter.v1.workspaces(emu.workspaceSid);
  for (let i = 0; i < 5; i += 1) {
    await ws.tasks.create({ attributes: JSON.stringify({ n: i }), workflowSid: emu.defaultWorkflowSid });
  }

  await t.test('pages follow next_page_url at the regional host', async () => {
    const first = await ws.tasks.page({ pageSize: 2 });
    assert.ok(first.nextPageUrl.startsWith('https://taskrouter.sydney.au1.twilio.com/v1/Workspaces/'), first.nextPageUrl);
    const second = await first.nextPage();
    const third = await second.nextPage();
    assert.equal([...first.instances, ...second.instances, ...third.instances].length, 5);
    assert.equal(first.instances[0].url.split('/v1/')[0], 'https://taskrouter.sydney.au1.twilio.com');
  });

  await t.test('the request log names the host each request was meant for', async () => {
    const { body } = await control(emu, 'GET', '/requests');
    assert.ok(body.requests.length >= 8);
    for (const entry of body.requests) assert.equal(entry.host, 'taskrouter.sydney.au1.twilio.com', JSON.stringify(entry));
    const filtered = await control(emu, 'GET', '/requests?host=taskrouter.sydney.au1.twilio.com');
    assert.equal(filtered.body.requests.length, body.requests.length);
  });

  await t.test('a request without the header is logged without a host and answered with the emulator URLs', async () => {
    const res = await fetch(`${emu.url}/taskrouter/v1/Workspaces/${emu.workspaceSid}/Tasks?PageSize=2`, {
      headers: { Authorization: `Basic ${Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64')}` },
    });
    const page = await res.json();
    assert.ok(page.meta.next_page_url.startsWith(`${emu.url}/taskrouter/v1/`));
    const { body } = await control(emu, 'GET', '/requests');
    assert.equal(body.requests[body.requests.length - 1].host, null);
  });
});
