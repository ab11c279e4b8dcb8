'use strict';
// 2b. Sync: the index of open callbacks (one open callback per customer), when
// CALLBACK_ONE_PER_CUSTOMER is on: a Sync service found by its friendly name
// (CBVM_SYNC_SERVICE_NAME, default "Callbacks and voicemail"; Sync services
// have no unique name) and its map found by unique name (CALLBACK_INDEX_MAP,
// default "open-callbacks"). The service's SID becomes the functions'
// SYNC_SERVICE_SID. A SYNC_SERVICE_SID set in the env file is used as it is.
//   https://www.twilio.com/docs/sync/api/service, https://www.twilio.com/docs/sync/api/map-resource

const ON = new Set(['true', '1', 'yes', 'on']);

async function deploySync(ctx) {
  const { options, client, state } = ctx;
  const env = options.functionsEnv || {};
  // Off, the functions use no Sync and the deploy makes none.
  if (!ON.has(String(env.CALLBACK_ONE_PER_CUSTOMER || '').trim().toLowerCase())) return;
  const name = env.CBVM_SYNC_SERVICE_NAME || 'Callbacks and voicemail';
  const mapName = env.CALLBACK_INDEX_MAP || 'open-callbacks';
  const sync = client.sync.v1;
  let serviceSid = env.SYNC_SERVICE_SID;
  if (!serviceSid) {
    const found = (await sync.services.list()).find((s) => s.friendlyName === name);
    if (found) {
      serviceSid = found.sid;
      ctx.unchanged(`Sync: service "${name}" (${serviceSid})`);
    } else {
      serviceSid = await ctx.change(`Sync: create service "${name}"`, async () => (await sync.services.create({ friendlyName: name })).sid);
    }
  }
  state.syncServiceSid = serviceSid;
  if (!serviceSid) {
    // A dry run: the service is not made, so neither is its map.
    await ctx.change(`Sync: create map "${mapName}" in it`, async () => undefined);
    return;
  }
  try {
    const map = await sync.services(serviceSid).syncMaps(mapName).fetch();
    ctx.unchanged(`Sync: map "${mapName}" (${map.sid})`);
  } catch (err) {
    if (!err || err.status !== 404) throw err;
    await ctx.change(`Sync: create map "${mapName}"`, async () => (await sync.services(serviceSid).syncMaps.create({ uniqueName: mapName })).sid);
  }
}

module.exports = { deploySync, ON };
