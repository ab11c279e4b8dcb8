'use strict';
// 4. Flex plugin: the bundle (hosted as a public asset of the functions'
// service) registered through the Flex Plugins API: the plugin, a version for
// this bundle (the next patch version; a bundle already registered is reused),
// a configuration that keeps every other plugin of the active release, and a
// release of it. `rollbackPlugin` releases the configuration of the release
// before the active one.

const fs = require('node:fs');
const path = require('node:path');

const PLUGIN_PACKAGE = path.join(__dirname, '../../../plugin/package.json');

function parseSemver(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(String(v));
  return m ? m.slice(1).map(Number) : null;
}
function compareSemver(a, b) {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The version to register: the package's, or one patch above the highest registered. */
function nextVersion(packageVersion, registered) {
  let best = parseSemver(packageVersion) || [0, 1, 0];
  let taken = false;
  for (const v of registered) {
    const p = parseSemver(v);
    if (!p) continue;
    if (compareSemver(p, best) >= 0) {
      best = p;
      taken = true;
    }
  }
  return taken ? `${best[0]}.${best[1]}.${best[2] + 1}` : best.join('.');
}

async function activeRelease(flex) {
  const [latest] = await flex.pluginReleases.list({ limit: 1 });
  return latest || null;
}

async function deployPlugin(ctx) {
  const { options, client, state } = ctx;
  const flex = client.flexApi.v1;
  const bundleUrl = `https://${state.domain || '<the functions domain>'}${state.pluginPath}`;
  state.bundleUrl = bundleUrl;

  const plugins = await flex.plugins.list();
  let plugin = plugins.find((p) => p.uniqueName === options.pluginName) || null;
  const versions = plugin ? await flex.plugins(plugin.sid).pluginVersions.list() : [];
  let version = versions.find((v) => v.pluginUrl === bundleUrl) || null;
  const release = await activeRelease(flex);
  const configured = release ? await flex.pluginConfigurations(release.configurationSid).plugins.list() : [];
  const ours = configured.find((p) => p.uniqueName === options.pluginName);
  if (version && ours && ours.pluginVersionSid === version.sid) {
    state.pluginVersion = version.version;
    ctx.unchanged(`Flex plugin: ${options.pluginName} ${version.version} released (${release.sid}), bundle ${bundleUrl}`);
    return;
  }

  if (!plugin) {
    await ctx.change(`Flex plugin: register plugin ${options.pluginName}`, async () => {
      plugin = await flex.plugins.create({
        uniqueName: options.pluginName,
        friendlyName: 'Callbacks and voicemail',
        description: 'Callback and voicemail tasks for agents: who to call, the recording and transcript, Place Call Now, Retry Later.',
      });
      return plugin.sid;
    });
  }
  if (!version) {
    const packageVersion = JSON.parse(fs.readFileSync(PLUGIN_PACKAGE, 'utf8')).version;
    const next = nextVersion(packageVersion, versions.map((v) => v.version));
    await ctx.change(`Flex plugin: version ${next} of ${options.pluginName} at ${bundleUrl}`, async () => {
      version = await flex.plugins(plugin.sid).pluginVersions.create({
        version: next,
        pluginUrl: bundleUrl,
        private: false,
        changelog: `Bundle ${state.bundleHash}, deployed by npm run deploy`,
      });
      return version.sid;
    });
  }
  const others = configured.filter((p) => p.uniqueName !== options.pluginName);
  const keptNames = others.map((p) => `${p.uniqueName} ${p.version}`).join(', ') || 'no other plugins';
  await ctx.change(`Flex plugin: release a configuration of ${options.pluginName} ${version ? version.version : '(new version)'} with ${keptNames}`, async () => {
    const configuration = await flex.pluginConfigurations.create({
      name: `${options.pluginName} ${version.version}`,
      description: `Released by npm run deploy; keeps ${keptNames}`,
      plugins: [
        ...others.map((p) => ({ plugin_version: p.pluginVersionSid, phase: p.phase })),
        { plugin_version: version.sid },
      ],
    });
    const created = await flex.pluginReleases.create({ configurationId: configuration.sid });
    state.pluginVersion = version.version;
    return `release ${created.sid} (configuration ${configuration.sid})`;
  });
}

async function rollbackPlugin(ctx) {
  const flex = ctx.client.flexApi.v1;
  const releases = await flex.pluginReleases.list({ limit: 2 });
  if (releases.length < 2) throw new Error('--rollback: there is no release before the active one to return to.');
  const [active, previous] = releases;
  const plugins = await flex.pluginConfigurations(previous.configurationSid).plugins.list();
  const names = plugins.map((p) => `${p.uniqueName} ${p.version}`).join(', ') || 'no plugins';
  await ctx.change(`Flex plugin: release again configuration ${previous.configurationSid} (${names}), replacing release ${active.sid}`, async () => {
    const created = await flex.pluginReleases.create({ configurationId: previous.configurationSid });
    return `release ${created.sid}`;
  });
}

module.exports = { deployPlugin, rollbackPlugin, nextVersion };
