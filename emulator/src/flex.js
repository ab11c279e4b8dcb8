'use strict';

// Flex API v1 (flex-api.twilio.com): the Plugins API (Plugins, Plugin Versions,
// Plugin Configurations with their configured plugins, Releases) and the Flex
// Configuration resource. The active release's plugins (bundle URLs) and the
// configuration are readable in-process and through the control surface.
// References: https://www.twilio.com/docs/flex/developer/plugins/api and its
// resource pages, https://www.twilio.com/docs/flex/developer/config/flex-configuration-rest-api,
// and the OpenAPI description (twilio-oai spec/json/twilio_flex_v1.json).
// Every request may carry the Flex-Metadata header the library sends; it is accepted and ignored.

const { newSid, isSid, isoDate } = require('./store');
const { TwilioError, notFound, badRequest, single, formBoolean } = require('./http');
const { metaPage } = require('./paging');

const V1 = '/flex-api/v1';
const PS = `${V1}/PluginService`;
const VALIDATE_STATUSES = ['success', 'failure'];
// A version is a semantic version (what the Flex Plugins CLI writes): 1.2.3, 1.2.3-beta.1, 1.2.3+build.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const DEFAULT_PHASE = 3;

const conflict = (message) => new TwilioError(409, 20409, message);
const ok = (body, status = 200) => ({ status, body });
const byDate = (a, b) => a.dateCreated - b.dateCreated || a.seq - b.seq;

function state(store) {
  if (!store.flexApi) {
    store.flexApi = {
      plugins: new Map(),
      versions: new Map(),
      configurations: new Map(),
      releases: new Map(),
      configuration: defaultConfiguration(store),
    };
  }
  return store.flexApi;
}

function required(body, key, where = 'post body') {
  const value = single(body[key]);
  if (value === undefined || value === null || String(value) === '') throw badRequest(`Missing required parameter ${key} in the ${where}`);
  return String(value);
}

function optional(body, key, max) {
  const value = single(body[key]);
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (max && text.length > max) throw badRequest(`${key} can be up to ${max} characters long`);
  return text;
}

const bool = formBoolean;

// ---------- Plugins ----------

function findPlugin(store, idOrName) {
  const s = state(store);
  if (s.plugins.has(idOrName)) return s.plugins.get(idOrName);
  for (const p of s.plugins.values()) if (p.uniqueName === idOrName) return p;
  throw notFound(`/PluginService/Plugins/${idOrName}`);
}

function pluginJson(store, p, baseUrl) {
  const url = `${baseUrl}${PS}/Plugins/${p.sid}`;
  return {
    sid: p.sid,
    account_sid: store.accountSid,
    unique_name: p.uniqueName,
    friendly_name: p.friendlyName,
    description: p.description,
    archived: false,
    date_created: isoDate(p.dateCreated),
    date_updated: isoDate(p.dateUpdated),
    url,
    links: { plugin_versions: `${url}/Versions` },
  };
}

function createPlugin(store, body) {
  const s = state(store);
  const uniqueName = required(body, 'UniqueName');
  for (const p of s.plugins.values()) if (p.uniqueName === uniqueName) throw conflict(`Plugin with UniqueName ${uniqueName} already exists`);
  const now = store.nowMs();
  const plugin = {
    sid: newSid('FP'),
    seq: store.nextSeq(),
    uniqueName,
    // The emulator names a plugin created without a FriendlyName after its unique name.
    friendlyName: optional(body, 'FriendlyName') || uniqueName,
    description: optional(body, 'Description', 500) || null,
    dateCreated: now,
    dateUpdated: now,
  };
  s.plugins.set(plugin.sid, plugin);
  return plugin;
}

function updatePlugin(store, plugin, body) {
  const friendlyName = optional(body, 'FriendlyName');
  const description = optional(body, 'Description', 500);
  if (friendlyName !== undefined) plugin.friendlyName = friendlyName;
  if (description !== undefined) plugin.description = description;
  plugin.dateUpdated = store.nowMs();
  return plugin;
}

// ---------- Plugin Versions (immutable once created) ----------

function findVersion(store, plugin, idOrVersion) {
  for (const v of state(store).versions.values()) {
    if (v.pluginSid === plugin.sid && (v.sid === idOrVersion || v.version === idOrVersion)) return v;
  }
  throw notFound(`/PluginService/Plugins/${plugin.sid}/Versions/${idOrVersion}`);
}

function versionJson(store, v, baseUrl) {
  return {
    sid: v.sid,
    plugin_sid: v.pluginSid,
    account_sid: store.accountSid,
    version: v.version,
    plugin_url: v.pluginUrl,
    changelog: v.changelog,
    private: v.private,
    archived: false,
    validated: v.validateStatus === 'success',
    date_created: isoDate(v.dateCreated),
    url: `${baseUrl}${PS}/Plugins/${v.pluginSid}/Versions/${v.sid}`,
  };
}

function createVersion(store, plugin, body) {
  const s = state(store);
  const version = required(body, 'Version');
  if (!SEMVER.test(version)) throw badRequest(`Version ${version} is not a semantic version (major.minor.patch)`);
  const pluginUrl = required(body, 'PluginUrl');
  let parsed;
  try {
    parsed = new URL(pluginUrl);
  } catch {
    parsed = null;
  }
  // The docs give PluginUrl the format "uri" and do not require https; Flex loads
  // the bundle from the agent's browser, so only web URLs are taken.
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) throw badRequest(`PluginUrl must be an absolute http(s) URL: ${pluginUrl}`);
  const validateStatus = optional(body, 'ValidateStatus');
  if (validateStatus !== undefined && !VALIDATE_STATUSES.includes(validateStatus)) throw badRequest(`ValidateStatus must be one of ${VALIDATE_STATUSES.join(', ')}`);
  for (const v of s.versions.values()) {
    if (v.pluginSid === plugin.sid && v.version === version) throw conflict(`Plugin ${plugin.uniqueName} already has a version ${version}`);
  }
  const v = {
    sid: newSid('FV'),
    seq: store.nextSeq(),
    pluginSid: plugin.sid,
    version,
    pluginUrl,
    changelog: optional(body, 'Changelog') || null,
    private: bool(body, 'Private', false),
    cliVersion: optional(body, 'CliVersion') || null,
    validateStatus: validateStatus || null,
    dateCreated: store.nowMs(),
  };
  s.versions.set(v.sid, v);
  return v;
}

// ---------- Plugin Configurations (immutable: a new one for every change) ----------

function findConfiguration(store, sid) {
  const c = state(store).configurations.get(sid);
  if (!c) throw notFound(`/PluginService/Configurations/${sid}`);
  return c;
}

function configurationJson(store, c, baseUrl) {
  const url = `${baseUrl}${PS}/Configurations/${c.sid}`;
  return {
    sid: c.sid,
    account_sid: store.accountSid,
    name: c.name,
    description: c.description,
    archived: false,
    date_created: isoDate(c.dateCreated),
    url,
    links: { plugins: `${url}/Plugins` },
  };
}

function configuredPluginJson(store, c, entry, baseUrl) {
  const s = state(store);
  const v = s.versions.get(entry.versionSid);
  const p = s.plugins.get(v.pluginSid);
  return {
    account_sid: store.accountSid,
    configuration_sid: c.sid,
    plugin_sid: p.sid,
    plugin_version_sid: v.sid,
    phase: entry.phase,
    plugin_url: v.pluginUrl,
    unique_name: p.uniqueName,
    friendly_name: p.friendlyName,
    description: p.description,
    plugin_archived: false,
    version: v.version,
    changelog: v.changelog,
    plugin_version_archived: false,
    private: v.private,
    date_created: isoDate(c.dateCreated),
    url: `${baseUrl}${PS}/Configurations/${c.sid}/Plugins/${p.sid}`,
  };
}

// Plugins: each value a JSON object {"plugin_version": "FV…"} (the library sends
// each as a JSON string: serialize.object), as the Plugin Configuration page shows.
function parsePluginEntries(store, value) {
  const s = state(store);
  const entries = [];
  const pluginsSeen = new Map();
  for (const raw of [].concat(value === undefined ? [] : value)) {
    let entry = raw;
    if (typeof raw === 'string') {
      try {
        entry = JSON.parse(raw);
      } catch {
        throw badRequest(`Plugins entries must be JSON objects like {"plugin_version": "FV…"}: ${raw}`);
      }
    }
    if (!entry || typeof entry !== 'object' || typeof entry.plugin_version !== 'string') {
      throw badRequest(`Plugins entries must be JSON objects like {"plugin_version": "FV…"}: ${JSON.stringify(raw)}`);
    }
    const v = s.versions.get(entry.plugin_version);
    if (!isSid(entry.plugin_version, 'FV') || !v) throw badRequest(`Plugin Version ${entry.plugin_version} was not found`);
    if (pluginsSeen.has(v.pluginSid)) {
      throw badRequest(`Plugin Versions ${pluginsSeen.get(v.pluginSid)} and ${v.sid} are of the same plugin: a configuration holds one version per plugin`);
    }
    pluginsSeen.set(v.pluginSid, v.sid);
    const phase = entry.phase === undefined ? DEFAULT_PHASE : Number(entry.phase);
    if (!Number.isInteger(phase)) throw badRequest('phase must be an integer');
    entries.push({ versionSid: v.sid, phase });
  }
  return entries;
}

function createConfiguration(store, body) {
  const c = {
    sid: newSid('FJ'),
    seq: store.nextSeq(),
    name: required(body, 'Name'),
    description: optional(body, 'Description') || null,
    entries: parsePluginEntries(store, body.Plugins),
    dateCreated: store.nowMs(),
  };
  state(store).configurations.set(c.sid, c);
  return c;
}

// ---------- Releases: the newest is the active one (one per account) ----------

function releaseJson(store, r, baseUrl) {
  return {
    sid: r.sid,
    account_sid: store.accountSid,
    configuration_sid: r.configurationSid,
    date_created: isoDate(r.dateCreated),
    url: `${baseUrl}${PS}/Releases/${r.sid}`,
  };
}

function activeRelease(store) {
  return [...state(store).releases.values()].sort(byDate).pop() || null;
}

function createRelease(store, body) {
  const id = required(body, 'ConfigurationId');
  const c = state(store).configurations.get(id);
  if (!c) throw badRequest(`Configuration ${id} was not found`);
  const r = { sid: newSid('FK'), seq: store.nextSeq(), configurationSid: c.sid, dateCreated: store.nowMs() };
  state(store).releases.set(r.sid, r);
  return r;
}

/** Returns the plugins Flex would load now: the active release's configuration, one entry per plugin. */
function activePlugins(store) {
  const r = activeRelease(store);
  if (!r) return { releaseSid: null, configurationSid: null, plugins: [] };
  const c = state(store).configurations.get(r.configurationSid);
  return {
    releaseSid: r.sid,
    configurationSid: c.sid,
    plugins: c.entries.map((e) => {
      const j = configuredPluginJson(store, c, e, '');
      return { unique_name: j.unique_name, plugin_sid: j.plugin_sid, plugin_version_sid: j.plugin_version_sid, version: j.version, plugin_url: j.plugin_url, private: j.private, phase: j.phase };
    }),
  };
}

// ---------- Flex Configuration ----------

// Placeholder values of a new Flex account; a test seeds what it needs.
function defaultConfiguration(store) {
  const now = store.nowMs();
  const workflow = store.workflows && store.workflows.values().next().value;
  const queue = store.taskQueues && store.taskQueues.values().next().value;
  return {
    dateCreated: now,
    dateUpdated: now,
    values: {
      attributes: {},
      status: 'ok',
      taskrouter_workspace_sid: store.workspaceSid,
      taskrouter_target_workflow_sid: workflow ? workflow.sid : null,
      taskrouter_target_taskqueue_sid: queue ? queue.sid : null,
      taskrouter_taskqueues: queue ? [{ sid: queue.sid, targettable: true }] : [],
      taskrouter_skills: [],
      taskrouter_worker_channels: {},
      taskrouter_worker_attributes: {},
      taskrouter_offline_activity_sid: null,
      runtime_domain: 'emulated-flex-0000.twil.io',
      messaging_service_instance_sid: null,
      chat_service_instance_sid: null,
      flex_service_instance_sid: null,
      flex_instance_sid: null,
      ui_language: 'en',
      ui_attributes: {},
      ui_dependencies: {},
      ui_version: '2.17.1',
      service_version: '1.0',
      call_recording_enabled: false,
      call_recording_webhook_url: null,
      crm_enabled: false,
      crm_type: null,
      crm_callback_url: null,
      crm_fallback_url: null,
      crm_attributes: {},
      public_attributes: {},
      plugin_service_enabled: true,
      plugin_service_attributes: {},
      integrations: [],
      outbound_call_flows: {},
      serverless_service_sids: [],
      queue_stats_configuration: {},
      notifications: {},
      markdown: {},
      flex_insights_hr: {},
      flex_insights_drilldown: false,
      flex_url: null,
      channel_configs: [],
      debugger_integration: {},
      flex_ui_status_report: {},
      agent_conv_end_methods: {},
      citrix_voice_vdi: {},
      offline_config: {},
    },
  };
}

const READ_ONLY = new Set(['account_sid', 'date_created', 'date_updated', 'url', 'status']);
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function configurationResourceJson(store, baseUrl) {
  const c = state(store).configuration;
  return {
    account_sid: store.accountSid,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    ...clone(c.values),
    url: `${baseUrl}${V1}/Configuration`,
  };
}

// Twilio: the POST body is JSON holding the account SID and the properties to
// change; a JSON-valued property is replaced as a whole by the value sent, and
// properties not sent keep their values. So ui_attributes is not merged: a caller
// that wants to keep other keys fetches, merges and sends the whole object.
function replaceConfiguration(store, patch, { requireAccount = true } = {}) {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('The Configuration update is a JSON object');
  if (requireAccount) {
    if (patch.account_sid === undefined) throw badRequest('Missing required parameter account_sid in the JSON body');
    if (patch.account_sid !== store.accountSid) throw badRequest(`account_sid ${patch.account_sid} is not this account`);
  }
  const c = state(store).configuration;
  const unknown = Object.keys(patch).filter((k) => !READ_ONLY.has(k) && !Object.prototype.hasOwnProperty.call(c.values, k));
  if (unknown.length) throw badRequest(`Unknown Configuration properties: ${unknown.join(', ')}`);
  for (const [key, value] of Object.entries(patch)) {
    if (!READ_ONLY.has(key)) c.values[key] = clone(value);
  }
  c.dateUpdated = store.nowMs();
}

// ---------- REST handlers ----------

const page = (store, baseUrl, query, path, key, items, toJson) => ({
  status: 200,
  body: metaPage({ items: items.sort(byDate), query, baseUrl, path, key, toJson }),
});

const handlers = {
  createPlugin: ({ store, body, baseUrl }) => ok(pluginJson(store, createPlugin(store, body), baseUrl), 201),
  listPlugins: ({ store, query, baseUrl }) => page(store, baseUrl, query, `${PS}/Plugins`, 'plugins', [...state(store).plugins.values()], (p) => pluginJson(store, p, baseUrl)),
  fetchPlugin: ({ store, params, baseUrl }) => ok(pluginJson(store, findPlugin(store, params.plugin), baseUrl)),
  updatePlugin: ({ store, params, body, baseUrl }) => ok(pluginJson(store, updatePlugin(store, findPlugin(store, params.plugin), body), baseUrl)),

  createVersion: ({ store, params, body, baseUrl }) => ok(versionJson(store, createVersion(store, findPlugin(store, params.plugin), body), baseUrl), 201),
  listVersions: ({ store, params, query, baseUrl }) => {
    const p = findPlugin(store, params.plugin);
    return page(store, baseUrl, query, `${PS}/Plugins/${p.sid}/Versions`, 'plugin_versions',
      [...state(store).versions.values()].filter((v) => v.pluginSid === p.sid), (v) => versionJson(store, v, baseUrl));
  },
  fetchVersion: ({ store, params, baseUrl }) => ok(versionJson(store, findVersion(store, findPlugin(store, params.plugin), params.version), baseUrl)),

  createConfiguration: ({ store, body, baseUrl }) => ok(configurationJson(store, createConfiguration(store, body), baseUrl), 201),
  listConfigurations: ({ store, query, baseUrl }) => page(store, baseUrl, query, `${PS}/Configurations`, 'configurations',
    [...state(store).configurations.values()], (c) => configurationJson(store, c, baseUrl)),
  fetchConfiguration: ({ store, params, baseUrl }) => ok(configurationJson(store, findConfiguration(store, params.sid), baseUrl)),
  listConfiguredPlugins: ({ store, params, query, baseUrl }) => {
    const c = findConfiguration(store, params.sid);
    return page(store, baseUrl, query, `${PS}/Configurations/${c.sid}/Plugins`, 'plugins',
      c.entries.map((e, i) => ({ ...e, dateCreated: i, seq: i })), (e) => configuredPluginJson(store, c, e, baseUrl));
  },
  fetchConfiguredPlugin: ({ store, params, baseUrl }) => {
    const c = findConfiguration(store, params.sid);
    const s = state(store);
    const entry = c.entries.find((e) => {
      const v = s.versions.get(e.versionSid);
      return v.pluginSid === params.plugin || s.plugins.get(v.pluginSid).uniqueName === params.plugin;
    });
    if (!entry) throw notFound(`/PluginService/Configurations/${c.sid}/Plugins/${params.plugin}`);
    return ok(configuredPluginJson(store, c, entry, baseUrl));
  },

  createRelease: ({ store, body, baseUrl }) => ok(releaseJson(store, createRelease(store, body), baseUrl), 201),
  listReleases: ({ store, query, baseUrl }) => {
    // Newest first, so the first entry is the active release.
    const items = [...state(store).releases.values()].sort(byDate).reverse();
    return { status: 200, body: metaPage({ items, query, baseUrl, path: `${PS}/Releases`, key: 'releases', toJson: (r) => releaseJson(store, r, baseUrl) }) };
  },
  fetchRelease: ({ store, params, baseUrl }) => {
    const r = params.sid === 'Active' ? activeRelease(store) : state(store).releases.get(params.sid);
    if (!r) throw notFound(`/PluginService/Releases/${params.sid}`);
    return ok(releaseJson(store, r, baseUrl));
  },

  fetchFlexConfiguration: ({ store, baseUrl }) => ok(configurationResourceJson(store, baseUrl)),
  updateFlexConfiguration: ({ store, body, headers, baseUrl }) => {
    const type = String(headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') throw badRequest('The Configuration is updated with a JSON body (Content-Type: application/json)');
    replaceConfiguration(store, body);
    return ok(configurationResourceJson(store, baseUrl));
  },
};

const routes = [
  ['POST', `^${PS}/Plugins$`, 'flex.plugins.create', handlers.createPlugin],
  ['GET', `^${PS}/Plugins$`, 'flex.plugins.list', handlers.listPlugins],
  ['GET', `^${PS}/Plugins/(?<plugin>[^/]+)$`, 'flex.plugins.fetch', handlers.fetchPlugin],
  ['POST', `^${PS}/Plugins/(?<plugin>[^/]+)$`, 'flex.plugins.update', handlers.updatePlugin],
  ['POST', `^${PS}/Plugins/(?<plugin>[^/]+)/Versions$`, 'flex.plugin_versions.create', handlers.createVersion],
  ['GET', `^${PS}/Plugins/(?<plugin>[^/]+)/Versions$`, 'flex.plugin_versions.list', handlers.listVersions],
  ['GET', `^${PS}/Plugins/(?<plugin>[^/]+)/Versions/(?<version>[^/]+)$`, 'flex.plugin_versions.fetch', handlers.fetchVersion],
  ['POST', `^${PS}/Configurations$`, 'flex.plugin_configurations.create', handlers.createConfiguration],
  ['GET', `^${PS}/Configurations$`, 'flex.plugin_configurations.list', handlers.listConfigurations],
  ['GET', `^${PS}/Configurations/(?<sid>[^/]+)$`, 'flex.plugin_configurations.fetch', handlers.fetchConfiguration],
  ['GET', `^${PS}/Configurations/(?<sid>[^/]+)/Plugins$`, 'flex.configured_plugins.list', handlers.listConfiguredPlugins],
  ['GET', `^${PS}/Configurations/(?<sid>[^/]+)/Plugins/(?<plugin>[^/]+)$`, 'flex.configured_plugins.fetch', handlers.fetchConfiguredPlugin],
  ['POST', `^${PS}/Releases$`, 'flex.releases.create', handlers.createRelease],
  ['GET', `^${PS}/Releases$`, 'flex.releases.list', handlers.listReleases],
  ['GET', `^${PS}/Releases/(?<sid>[^/]+)$`, 'flex.releases.fetch', handlers.fetchRelease],
  ['GET', `^${V1}/Configuration$`, 'flex.configuration.fetch', handlers.fetchFlexConfiguration],
  ['POST', `^${V1}/Configuration$`, 'flex.configuration.update', handlers.updateFlexConfiguration],
].map(([method, re, kind, handler]) => ({ method, re: new RegExp(re), kind, handler }));

/** Returns the Flex Configuration as GET /v1/Configuration answers it (URLs at the emulator). */
function flexConfiguration(store, baseUrl = '') {
  return configurationResourceJson(store, baseUrl);
}

/** Sets configuration properties (each replaced whole, as Twilio does) without the account_sid a REST update needs. */
function seedFlexConfiguration(store, patch, baseUrl = '') {
  replaceConfiguration(store, patch, { requireAccount: false });
  return configurationResourceJson(store, baseUrl);
}

const C = '^/__control/flex';
const controlRoutes = [
  ['GET', `${C}/active-plugins$`, (c) => ({ status: 200, body: activePlugins(c.store) })],
  ['GET', `${C}/configuration$`, (c) => ({ status: 200, body: flexConfiguration(c.store, c.baseUrl) })],
  ['POST', `${C}/configuration$`, (c, { body }) => ({ status: 200, body: seedFlexConfiguration(c.store, body, c.baseUrl) })],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = { routes, controlRoutes, activePlugins, flexConfiguration, seedFlexConfiguration };
