'use strict';
// Twilio Sync (Services, Maps, Map Items) through the official library: a key
// is created once (409, 54208), updates and deletes honour If-Match on the
// item's revision (412, 54205), and an item with a TTL expires on the clock.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection } = require('./helpers');

test('Sync maps and items', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const sync = client.sync.v1;
  const service = await sync.services.create({ friendlyName: 'Callbacks and voicemail' });
  assert.match(service.sid, /^IS[0-9a-f]{32}$/);
  assert.equal((await sync.services(service.sid).fetch()).friendlyName, 'Callbacks and voicemail');
  assert.deepEqual((await sync.services.list()).map((s) => s.sid), [service.sid]);

  const map = await sync.services(service.sid).syncMaps.create({ uniqueName: 'open-callbacks' });
  assert.match(map.sid, /^MP[0-9a-f]{32}$/);
  assert.equal((await sync.services(service.sid).syncMaps('open-callbacks').fetch()).sid, map.sid);
  const dupMap = await rejection(sync.services(service.sid).syncMaps.create({ uniqueName: 'open-callbacks' }));
  assert.deepEqual([dupMap.status, dupMap.code], [409, 54301]);
  const items = sync.services(service.sid).syncMaps('open-callbacks').syncMapItems;

  await t.test('a key is created once; a second create is refused with 409 / 54208', async () => {
    const item = await items.create({ key: 'WW1_15551230001', data: { claimedBy: 'a' } });
    assert.equal(item.revision, '0');
    assert.deepEqual(item.data, { claimedBy: 'a' });
    const dup = await rejection(items.create({ key: 'WW1_15551230001', data: { claimedBy: 'b' } }));
    assert.deepEqual([dup.status, dup.code], [409, 54208]);
    assert.deepEqual((await items('WW1_15551230001').fetch()).data, { claimedBy: 'a' });
  });

  await t.test('of two creates at once, exactly one succeeds', async () => {
    const results = await Promise.allSettled([1, 2, 3].map((n) => items.create({ key: 'race', data: { n } })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.filter((r) => r.status === 'rejected').every((r) => r.reason.status === 409));
  });

  await t.test('an update at a stale revision is refused with 412 / 54205; at the current one it applies', async () => {
    const updated = await items('WW1_15551230001').update({ data: { claimedBy: 'a', taskSid: 'WT1' }, ifMatch: '0' });
    assert.equal(updated.revision, '1');
    const stale = await rejection(items('WW1_15551230001').update({ data: { taskSid: 'WT2' }, ifMatch: '0' }));
    assert.deepEqual([stale.status, stale.code], [412, 54205]);
    assert.equal((await items('WW1_15551230001').fetch()).data.taskSid, 'WT1');
  });

  await t.test('a delete honours If-Match; then the item is not found (404 / 54201)', async () => {
    const stale = await rejection(items('WW1_15551230001').remove({ ifMatch: '0' }));
    assert.equal(stale.status, 412);
    assert.equal(await items('WW1_15551230001').remove({ ifMatch: '1' }), true);
    const gone = await rejection(items('WW1_15551230001').fetch());
    assert.deepEqual([gone.status, gone.code], [404, 54201]);
    await items.create({ key: 'WW1_15551230001', data: { claimedBy: 'c' } });
  });

  await t.test('items are listed by key; an item with a TTL expires on the clock', async () => {
    await items.create({ key: 'short', data: {}, ttl: 60 });
    assert.deepEqual((await items.list()).map((i) => i.key), ['WW1_15551230001', 'race', 'short']);
    assert.deepEqual((await items.list({ order: 'desc', pageSize: 2 })).map((i) => i.key), ['short', 'race', 'WW1_15551230001']);
    await control(emu, 'POST', '/clock', { advanceMs: 61000 });
    assert.equal((await rejection(items('short').fetch())).status, 404);
  });

  await t.test('a map that does not exist answers 404 / 54200', async () => {
    const err = await rejection(sync.services(service.sid).syncMaps('nope').syncMapItems('k').fetch());
    assert.deepEqual([err.status, err.code], [404, 54200]);
  });
});
