'use strict';
// The deploy's Sync step: with CALLBACK_ONE_PER_CUSTOMER on it makes the Sync
// service and the index's map once (a second run finds both), a dry run only
// reads, and off it does nothing at all.

const test = require('node:test');
const assert = require('node:assert/strict');
const twilio = require('twilio');
const { startEmulator, createLocalHttpClient } = require('@cbvm/twilio-emulator');
const { deploySync } = require('../src/steps/sync');

function ctxFor(client, functionsEnv, dryRun = false) {
  const report = { changed: [], unchanged: [], planned: [] };
  return {
    client,
    options: { functionsEnv },
    state: {},
    report,
    unchanged: (what) => report.unchanged.push(what),
    async change(what, apply) {
      if (dryRun) {
        report.planned.push(what);
        return undefined;
      }
      report.changed.push(what);
      return apply();
    },
  };
}

test('the Sync service and map are made once, found again, and their SID handed to the functions', async (t) => {
  const emu = await startEmulator({ port: 0 });
  t.after(() => emu.close());
  const client = twilio(emu.accountSid, emu.authToken, { httpClient: createLocalHttpClient(emu.url, { twilio }) });

  const off = ctxFor(client, {});
  await deploySync(off);
  assert.deepEqual([off.report.changed, off.report.unchanged, off.state.syncServiceSid], [[], [], undefined]);

  const dry = ctxFor(client, { CALLBACK_ONE_PER_CUSTOMER: 'true' }, true);
  await deploySync(dry);
  assert.equal(dry.report.planned.length, 2);
  assert.equal((await client.sync.v1.services.list()).length, 0);

  const first = ctxFor(client, { CALLBACK_ONE_PER_CUSTOMER: 'true' });
  await deploySync(first);
  assert.equal(first.report.changed.length, 2, first.report.changed.join('\n'));
  assert.match(first.state.syncServiceSid, /^IS[0-9a-f]{32}$/);
  const map = await client.sync.v1.services(first.state.syncServiceSid).syncMaps('open-callbacks').fetch();
  assert.match(map.sid, /^MP/);

  const again = ctxFor(client, { CALLBACK_ONE_PER_CUSTOMER: 'true' });
  await deploySync(again);
  assert.deepEqual(again.report.changed, []);
  assert.equal(again.report.unchanged.length, 2);
  assert.equal(again.state.syncServiceSid, first.state.syncServiceSid);
});
