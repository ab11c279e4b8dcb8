'use strict';
// The Flex Plugins API and the Flex Configuration through the official library:
// plugin → version (bundle URL) → configuration → release, and the account's
// configuration fetched and updated.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, basicAuth, rejection } = require('./helpers');

test('release a plugin: plugin, version, configuration, release', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const flex = client.flexApi.v1;
  const bundleUrl = 'https://cbvm-1234-dev.twil.io/plugins/plugin-cbvm/1.0.0/bundle.js';

  const plugin = await flex.plugins.create({ uniqueName: 'plugin-cbvm', friendlyName: 'Callbacks and voicemail', description: 'Callback and voicemail tasks', flexMetadata: '{"cli_version":"7"}' });
  assert.match(plugin.sid, /^FP[0-9a-f]{32}$/);
  assert.equal(plugin.url, `https://flex-api.twilio.com/v1/PluginService/Plugins/${plugin.sid}`);

  await t.test('a plugin is found by SID, unique name and in the list; its unique name is unique', async () => {
    assert.equal((await flex.plugins('plugin-cbvm').fetch()).sid, plugin.sid);
    assert.equal((await flex.plugins(plugin.sid).fetch({ flexMetadata: 'x' })).friendlyName, 'Callbacks and voicemail');
    assert.deepEqual((await flex.plugins.list()).map((p) => p.uniqueName), ['plugin-cbvm']);
    const dup = await rejection(flex.plugins.create({ uniqueName: 'plugin-cbvm' }));
    assert.equal(dup.status, 409);
    assert.equal((await rejection(flex.plugins.create({ uniqueName: 'plugin-x', description: 'd'.repeat(501) }))).status, 400);
    const updated = await flex.plugins(plugin.sid).update({ description: 'Callbacks, voicemail' });
    assert.equal(updated.description, 'Callbacks, voicemail');
  });

  const v1 = await flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.0', pluginUrl: bundleUrl, private: true, changelog: 'First', cliVersion: '7.1.2', validateStatus: 'success' });

  await t.test('versions: semver, a web URL, unique per plugin, immutable', async () => {
    assert.match(v1.sid, /^FV[0-9a-f]{32}$/);
    assert.equal(v1.pluginUrl, bundleUrl);
    assert.equal(v1._private, true, "the library names it _private");
    assert.equal(v1.validated, true);
    assert.equal((await flex.plugins('plugin-cbvm').pluginVersions('1.0.0').fetch()).sid, v1.sid, 'by version string');
    assert.equal((await flex.plugins(plugin.sid).pluginVersions(v1.sid).fetch()).version, '1.0.0');
    assert.equal((await rejection(flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.0', pluginUrl: bundleUrl }))).status, 409);
    assert.equal((await rejection(flex.plugins(plugin.sid).pluginVersions.create({ version: 'one', pluginUrl: bundleUrl }))).status, 400);
    assert.equal((await rejection(flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.1', pluginUrl: 'ftp://example.com/b.js' }))).status, 400);
    assert.equal((await rejection(flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.1', pluginUrl: 'bundle.js' }))).status, 400);
    assert.equal((await rejection(flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.1', pluginUrl: bundleUrl, validateStatus: 'maybe' }))).status, 400);
    const res = await fetch(`${emu.url}/flex-api/v1/PluginService/Plugins/${plugin.sid}/Versions/${v1.sid}`, {
      method: 'POST', headers: { Authorization: basicAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'PluginUrl=https://evil.example/b.js',
    });
    assert.equal(res.status, 405, 'a version has no update');
  });

  const other = await flex.plugins.create({ uniqueName: 'plugin-other' });
  const otherV = await flex.plugins(other.sid).pluginVersions.create({ version: '0.1.0', pluginUrl: 'https://example.com/other.js' });
  const v2 = await flex.plugins(plugin.sid).pluginVersions.create({ version: '1.1.0', pluginUrl: bundleUrl.replace('1.0.0', '1.1.0') });

  await t.test('configurations list plugin versions as JSON objects, one per plugin', async () => {
    const cfg = await flex.pluginConfigurations.create({ name: 'cbvm 1.0.0', description: 'first', plugins: [{ plugin_version: v1.sid }, { plugin_version: otherV.sid }] });
    assert.match(cfg.sid, /^FJ[0-9a-f]{32}$/);
    const configured = await flex.pluginConfigurations(cfg.sid).plugins.list();
    assert.deepEqual(configured.map((p) => [p.uniqueName, p.version, p.pluginUrl, p._private]), [
      ['plugin-cbvm', '1.0.0', bundleUrl, true],
      ['plugin-other', '0.1.0', 'https://example.com/other.js', false],
    ]);
    assert.equal((await flex.pluginConfigurations(cfg.sid).plugins(plugin.sid).fetch()).pluginVersionSid, v1.sid);
    const twice = await rejection(flex.pluginConfigurations.create({ name: 'bad', plugins: [{ plugin_version: v1.sid }, { plugin_version: v2.sid }] }));
    assert.equal(twice.status, 400);
    assert.equal((await rejection(flex.pluginConfigurations.create({ name: 'bad', plugins: [{ plugin_version: 'FV' + '0'.repeat(32) }] }))).status, 400);
    assert.equal((await rejection(flex.pluginConfigurations.create({ name: 'bad', plugins: [{ version: v1.sid }] }))).status, 400);
    assert.equal((await rejection(flex.pluginConfigurations('FJ' + '0'.repeat(32)).fetch())).status, 404);
  });

  await t.test('a release activates a configuration; the newest release is the active one', async () => {
    assert.deepEqual(emu.activePlugins(), { releaseSid: null, configurationSid: null, plugins: [] });
    const [first] = await flex.pluginConfigurations.list();
    const r1 = await flex.pluginReleases.create({ configurationId: first.sid });
    assert.match(r1.sid, /^FK[0-9a-f]{32}$/);
    const cfg2 = await flex.pluginConfigurations.create({ name: 'cbvm 1.1.0', plugins: [{ plugin_version: v2.sid }] });
    emu.advanceClock(1000);
    const r2 = await flex.pluginReleases.create({ configurationId: cfg2.sid });
    assert.deepEqual((await flex.pluginReleases.list()).map((r) => r.sid), [r2.sid, r1.sid], 'newest first');
    assert.equal((await flex.pluginReleases('Active').fetch()).configurationSid, cfg2.sid);
    assert.equal((await flex.pluginReleases(r1.sid).fetch()).configurationSid, first.sid);
    assert.equal((await rejection(flex.pluginReleases.create({ configurationId: 'FJ' + '0'.repeat(32) }))).status, 400);
    const active = emu.activePlugins();
    assert.equal(active.releaseSid, r2.sid);
    assert.deepEqual(active.plugins.map((p) => [p.unique_name, p.version, p.plugin_url]), [['plugin-cbvm', '1.1.0', bundleUrl.replace('1.0.0', '1.1.0')]]);
    assert.deepEqual((await control(emu, 'GET', '/flex/active-plugins')).body, active);
  });
});

test('a plugin bundle hosted by a Serverless deploy round-trips as the version URL', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const hosted = emu.hostedUrl('cbvm-1234-dev.twil.io', '/plugins/plugin-cbvm/1.0.0/bundle.js');
  const plugin = await client.flexApi.v1.plugins.create({ uniqueName: 'plugin-cbvm' });
  const version = await client.flexApi.v1.plugins(plugin.sid).pluginVersions.create({ version: '1.0.0', pluginUrl: hosted });
  assert.equal(version.pluginUrl, hosted, 'the emulator URL is not mistaken for one of its API URLs');
});

test('the Flex Configuration: fetched, and updated property by property', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const configuration = client.flexApi.v1.configuration();

  await t.test('a new account has plausible defaults', async () => {
    const c = await configuration.fetch();
    assert.equal(c.accountSid, emu.accountSid);
    assert.equal(c.taskrouterWorkspaceSid, emu.workspaceSid);
    assert.equal(c.taskrouterTargetWorkflowSid, emu.defaultWorkflowSid);
    assert.deepEqual(c.uiAttributes, {});
    assert.deepEqual(c.serverlessServiceSids, []);
    assert.equal(c.pluginServiceEnabled, true);
    assert.equal(c.url, 'https://flex-api.twilio.com/v1/Configuration');
  });

  await t.test('a JSON property is replaced whole; properties not sent keep their values', async () => {
    const features = { callback_and_voicemail: { enabled: true, allow_requeue: true, max_attempts: 3 } };
    const first = await configuration.update({ account_sid: emu.accountSid, ui_attributes: { custom_data: { features }, theme: 'dark' }, serverless_service_sids: ['ZS' + '1'.repeat(32)] });
    assert.deepEqual(first.uiAttributes, { custom_data: { features }, theme: 'dark' });
    const second = await configuration.update({ account_sid: emu.accountSid, ui_attributes: { custom_data: { features: {} } } });
    assert.deepEqual(second.uiAttributes, { custom_data: { features: {} } }, 'not merged: theme is gone');
    assert.deepEqual(second.serverlessServiceSids, ['ZS' + '1'.repeat(32)], 'untouched');
    assert.deepEqual(emu.flexConfiguration().ui_attributes, { custom_data: { features: {} } });
  });

  await t.test('an update names the account, and only known properties', async () => {
    assert.equal((await rejection(configuration.update({ ui_attributes: {} }))).status, 400);
    assert.equal((await rejection(configuration.update({ account_sid: 'AC' + '9'.repeat(32), ui_attributes: {} }))).status, 400);
    assert.equal((await rejection(configuration.update({ account_sid: emu.accountSid, ui_atributes: {} }))).status, 400);
    const form = await fetch(`${emu.url}/flex-api/v1/Configuration`, {
      method: 'POST', headers: { Authorization: basicAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' }, body: `account_sid=${emu.accountSid}`,
    });
    assert.equal(form.status, 400, 'a form body is refused: the update is JSON');
  });

  await t.test('the control surface seeds and reads it', async () => {
    const seeded = await control(emu, 'POST', '/flex/configuration', { ui_attributes: { seeded: true } });
    assert.equal(seeded.status, 200);
    assert.deepEqual((await configuration.fetch()).uiAttributes, { seeded: true });
    assert.deepEqual((await control(emu, 'GET', '/flex/configuration')).body.ui_attributes, { seeded: true });
  });
});

test('faults reach the Flex API, including answers lost after the change', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const flex = client.flexApi.v1;
  const plugin = await flex.plugins.create({ uniqueName: 'plugin-cbvm' });
  const v = await flex.plugins(plugin.sid).pluginVersions.create({ version: '1.0.0', pluginUrl: 'https://example.com/b.js' });
  const cfg = await flex.pluginConfigurations.create({ name: 'c', plugins: [{ plugin_version: v.sid }] });

  emu.addFault({ target: 'flex.*', reset: true, after: true, times: 1 });
  const lost = await rejection(flex.pluginReleases.create({ configurationId: cfg.sid }));
  assert.equal(lost.status, undefined, 'the connection was reset');
  assert.equal((await flex.pluginReleases.list()).length, 1, 'the release was made');
  emu.addFault({ target: 'flex.configuration.update', statuses: [429], times: 1 });
  assert.equal((await rejection(flex.configuration().update({ account_sid: emu.accountSid, ui_attributes: { a: 1 } }))).status, 429);
  assert.deepEqual((await flex.configuration().fetch()).uiAttributes, {}, 'refused before any change');
});
