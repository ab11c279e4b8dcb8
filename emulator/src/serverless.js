'use strict';

// Serverless API v1 (serverless.twilio.com, and serverless-upload.twilio.com for
// Function and Asset Versions): Services, Environments, Variables, Functions,
// Assets, their Versions, Builds, Deployments. What an environment has deployed
// is readable in-process and through the control surface, and its public assets
// are served at <emulator>/<domain_name>/<path>, the Twilio URL
// https://<domain_name>/<path> with the host as the first path segment.
// Behaviour and limits follow https://www.twilio.com/docs/serverless/api and the
// OpenAPI description (twilio-oai spec/json/twilio_serverless_v1.json).

const { newSid, isSid, isoDate } = require('./store');
const { registerServiceHost } = require('./service-hosts');
const { TwilioError, notFound, badRequest, single, multi, formBoolean } = require('./http');
const { metaPage } = require('./paging');
const { parseMultipart } = require('./multipart');

const V1 = '/serverless/v1';
const VISIBILITIES = ['public', 'protected', 'private'];
// Builds take the runtimes Twilio still deploys: Node.js 18 builds are refused
// since 10 Nov 2025 (https://www.twilio.com/docs/serverless/functions-assets/node-upgrade)
// and node24 was added in July 2026 (Twilio changelog, "Node.js v24 is now
// available for Twilio Functions"), whose default stays node22.
const SUPPORTED_RUNTIMES = ['node20', 'node22', 'node24'];
const DEFAULT_RUNTIME = 'node22';

function state(store) {
  if (!store.serverless) {
    store.serverless = {
      services: new Map(),
      environments: new Map(),
      variables: new Map(),
      resources: new Map(), // Functions and Assets (both ZH)
      versions: new Map(), // Function and Asset Versions (both ZN)
      builds: new Map(),
      deployments: new Map(),
      buildBehaviour: { durationMs: 0, failNext: 0 },
    };
  }
  return store.serverless;
}

// ---------- parameters ----------

const conflict = (message) => new TwilioError(409, 20409, message);

function required(body, key) {
  const value = single(body[key]);
  if (value === undefined || value === null || String(value) === '') throw badRequest(`Missing required parameter ${key} in the post body`);
  return String(value);
}

function optional(body, key) {
  const value = single(body[key]);
  return value === undefined || value === null ? undefined : String(value);
}

function maxLength(key, value, max) {
  if (value !== undefined && value.length > max) throw badRequest(`${key} must be ${max} characters or less`);
  return value;
}

const bool = formBoolean;

const byDate = (a, b) => a.dateCreated - b.dateCreated || (a.seq - b.seq);

// ---------- lookups ----------

// A service by SID or unique name: Twilio lets either address it in the URL.
function findService(store, idOrName) {
  const s = state(store);
  if (s.services.has(idOrName)) return s.services.get(idOrName);
  for (const svc of s.services.values()) if (svc.uniqueName === idOrName) return svc;
  throw notFound(`/Services/${idOrName}`);
}

function child(map, sid, serviceSid, what, extra = () => true) {
  const item = map.get(sid);
  if (!item || item.serviceSid !== serviceSid || !extra(item)) throw notFound(`${what}/${sid}`);
  return item;
}

const findEnvironment = (store, svc, sid) => child(state(store).environments, sid, svc.sid, `/Services/${svc.sid}/Environments`);
const findBuild = (store, svc, sid) => child(state(store).builds, sid, svc.sid, `/Services/${svc.sid}/Builds`);
const findResource = (store, svc, kind, sid) => child(state(store).resources, sid, svc.sid, `/Services/${svc.sid}/${kind === 'function' ? 'Functions' : 'Assets'}`, (r) => r.kind === kind);

// ---------- JSON shapes ----------

const svcUrl = (baseUrl, svc) => `${baseUrl}${V1}/Services/${svc.sid}`;

function serviceJson(store, svc, baseUrl) {
  const url = svcUrl(baseUrl, svc);
  return {
    sid: svc.sid,
    account_sid: store.accountSid,
    friendly_name: svc.friendlyName,
    unique_name: svc.uniqueName,
    include_credentials: svc.includeCredentials,
    ui_editable: svc.uiEditable,
    domain_base: svc.domainBase,
    date_created: isoDate(svc.dateCreated),
    date_updated: isoDate(svc.dateUpdated),
    url,
    links: { environments: `${url}/Environments`, functions: `${url}/Functions`, assets: `${url}/Assets`, builds: `${url}/Builds` },
  };
}

function environmentJson(store, env, baseUrl) {
  const url = `${baseUrl}${V1}/Services/${env.serviceSid}/Environments/${env.sid}`;
  return {
    sid: env.sid,
    account_sid: store.accountSid,
    service_sid: env.serviceSid,
    build_sid: env.buildSid,
    unique_name: env.uniqueName,
    domain_suffix: env.domainSuffix,
    domain_name: env.domainName,
    date_created: isoDate(env.dateCreated),
    date_updated: isoDate(env.dateUpdated),
    url,
    links: { variables: `${url}/Variables`, deployments: `${url}/Deployments`, logs: `${url}/Logs` },
  };
}

function variableJson(store, v, baseUrl) {
  return {
    sid: v.sid,
    account_sid: store.accountSid,
    service_sid: v.serviceSid,
    environment_sid: v.environmentSid,
    key: v.key,
    value: v.value,
    date_created: isoDate(v.dateCreated),
    date_updated: isoDate(v.dateUpdated),
    url: `${baseUrl}${V1}/Services/${v.serviceSid}/Environments/${v.environmentSid}/Variables/${v.sid}`,
  };
}

const collection = (kind) => (kind === 'function' ? 'Functions' : 'Assets');

function resourceJson(store, r, baseUrl) {
  const url = `${baseUrl}${V1}/Services/${r.serviceSid}/${collection(r.kind)}/${r.sid}`;
  return {
    sid: r.sid,
    account_sid: store.accountSid,
    service_sid: r.serviceSid,
    friendly_name: r.friendlyName,
    date_created: isoDate(r.dateCreated),
    date_updated: isoDate(r.dateUpdated),
    url,
    links: { [r.kind === 'function' ? 'function_versions' : 'asset_versions']: `${url}/Versions` },
  };
}

function versionJson(store, v, baseUrl, { links = true } = {}) {
  const url = `${baseUrl}${V1}/Services/${v.serviceSid}/${collection(v.kind)}/${v.parentSid}/Versions/${v.sid}`;
  const out = {
    sid: v.sid,
    account_sid: store.accountSid,
    service_sid: v.serviceSid,
    [v.kind === 'function' ? 'function_sid' : 'asset_sid']: v.parentSid,
    path: v.path,
    visibility: v.visibility,
    date_created: isoDate(v.dateCreated),
    url,
  };
  if (links && v.kind === 'function') out.links = { function_version_content: `${url}/Content` };
  return out;
}

function buildStatus(store, build) {
  if (build.status === 'building' && store.nowMs() >= build.readyAt) {
    build.status = build.outcome;
    build.dateUpdated = Math.max(build.readyAt, build.dateCreated);
  }
  return build.status;
}

function buildJson(store, b, baseUrl, { status } = {}) {
  const s = state(store);
  const url = `${baseUrl}${V1}/Services/${b.serviceSid}/Builds/${b.sid}`;
  const versions = (sids) => sids.map((sid) => versionJson(store, s.versions.get(sid), baseUrl, { links: false }));
  return {
    sid: b.sid,
    account_sid: store.accountSid,
    service_sid: b.serviceSid,
    status: status || buildStatus(store, b),
    asset_versions: versions(b.assetVersionSids),
    function_versions: versions(b.functionVersionSids),
    dependencies: b.dependencies.map((d) => ({ ...d })),
    runtime: b.runtime,
    date_created: isoDate(b.dateCreated),
    date_updated: isoDate(b.dateUpdated),
    url,
    links: { build_status: `${url}/Status` },
  };
}

function deploymentJson(store, d, baseUrl) {
  return {
    sid: d.sid,
    account_sid: store.accountSid,
    service_sid: d.serviceSid,
    environment_sid: d.environmentSid,
    build_sid: d.buildSid,
    date_created: isoDate(d.dateCreated),
    date_updated: isoDate(d.dateCreated),
    url: `${baseUrl}${V1}/Services/${d.serviceSid}/Environments/${d.environmentSid}/Deployments/${d.sid}`,
  };
}

// ---------- operations ----------

// Twilio's domain base is the unique name plus a random 4-digit suffix
// ("foobar-1234"); an environment's domain name adds its suffix ("foobar-1234-stage.twil.io").
function domainDigits(sid) {
  return String(1000 + (parseInt(sid.slice(-8), 16) % 9000));
}

function createService(store, body) {
  const s = state(store);
  // Twilio: at most 50 characters and unique; it forms part of the domain name, so
  // the emulator takes what a host label can hold (letters, digits, hyphens).
  const uniqueName = maxLength('UniqueName', required(body, 'UniqueName'), 50);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(uniqueName)) {
    throw badRequest('UniqueName may contain only letters, digits and hyphens, and must start and end with a letter or digit');
  }
  const friendlyName = maxLength('FriendlyName', required(body, 'FriendlyName'), 255);
  for (const svc of s.services.values()) {
    if (svc.uniqueName.toLowerCase() === uniqueName.toLowerCase()) throw conflict(`Service with UniqueName ${uniqueName} already exists`);
  }
  const now = store.nowMs();
  const sid = newSid('ZS');
  const svc = {
    sid,
    seq: store.nextSeq(),
    uniqueName,
    friendlyName,
    includeCredentials: bool(body, 'IncludeCredentials', true),
    uiEditable: bool(body, 'UiEditable', false),
    domainBase: `${uniqueName.toLowerCase()}-${domainDigits(sid)}`,
    dateCreated: now,
    dateUpdated: now,
  };
  s.services.set(sid, svc);
  return svc;
}

function updateService(store, svc, body) {
  const friendlyName = maxLength('FriendlyName', optional(body, 'FriendlyName'), 255);
  if (friendlyName !== undefined) svc.friendlyName = friendlyName;
  svc.includeCredentials = bool(body, 'IncludeCredentials', svc.includeCredentials);
  svc.uiEditable = bool(body, 'UiEditable', svc.uiEditable);
  svc.dateUpdated = store.nowMs();
  return svc;
}

function createEnvironment(store, svc, body) {
  const s = state(store);
  const uniqueName = maxLength('UniqueName', required(body, 'UniqueName'), 100);
  const domainSuffix = maxLength('DomainSuffix', optional(body, 'DomainSuffix'), 16);
  if (domainSuffix !== undefined && domainSuffix !== '' && !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(domainSuffix)) {
    throw badRequest('DomainSuffix must be URL-friendly: letters, digits and hyphens');
  }
  const suffix = domainSuffix ? domainSuffix.toLowerCase() : null;
  for (const env of s.environments.values()) {
    if (env.serviceSid !== svc.sid) continue;
    // The message Twilio gives for either clash.
    if (env.uniqueName === uniqueName || env.domainSuffix === suffix) throw conflict('Environment with this UniqueName or DomainSuffix already exists.');
  }
  const now = store.nowMs();
  const env = {
    sid: newSid('ZE'),
    seq: store.nextSeq(),
    serviceSid: svc.sid,
    uniqueName,
    domainSuffix: suffix,
    domainName: `${svc.domainBase}${suffix ? `-${suffix}` : ''}.twil.io`,
    buildSid: null,
    dateCreated: now,
    dateUpdated: now,
  };
  s.environments.set(env.sid, env);
  return env;
}

function findVariable(store, env, sid) {
  const v = state(store).variables.get(sid);
  if (!v || v.environmentSid !== env.sid) throw notFound(`/Services/${env.serviceSid}/Environments/${env.sid}/Variables/${sid}`);
  return v;
}

function checkVariable(key, value) {
  maxLength('Key', key, 128);
  if (value !== undefined && Buffer.byteLength(value) > 450) throw badRequest('Value can be a maximum of 450 bytes in size');
}

function createVariable(store, env, body) {
  const s = state(store);
  const key = required(body, 'Key');
  const value = single(body.Value);
  if (value === undefined || value === null) throw badRequest('Missing required parameter Value in the post body');
  checkVariable(key, String(value));
  for (const v of s.variables.values()) if (v.environmentSid === env.sid && v.key === key) throw conflict(`Variable with Key ${key} already exists`);
  const now = store.nowMs();
  const v = { sid: newSid('ZV'), seq: store.nextSeq(), serviceSid: env.serviceSid, environmentSid: env.sid, key, value: String(value), dateCreated: now, dateUpdated: now };
  s.variables.set(v.sid, v);
  return v;
}

function updateVariable(store, v, body) {
  const key = optional(body, 'Key');
  const value = optional(body, 'Value');
  checkVariable(key, value);
  if (key !== undefined && key !== v.key) {
    for (const o of state(store).variables.values()) if (o.environmentSid === v.environmentSid && o.key === key) throw conflict(`Variable with Key ${key} already exists`);
    v.key = key;
  }
  if (value !== undefined) v.value = value;
  v.dateUpdated = store.nowMs();
  return v;
}

function createResource(store, svc, kind, body) {
  const s = state(store);
  const now = store.nowMs();
  const r = {
    sid: newSid('ZH'),
    seq: store.nextSeq(),
    serviceSid: svc.sid,
    kind,
    friendlyName: maxLength('FriendlyName', required(body, 'FriendlyName'), 255),
    dateCreated: now,
    dateUpdated: now,
  };
  s.resources.set(r.sid, r);
  return r;
}

// A Version from the upload host's multipart body: Path, Visibility and the file Content.
function createVersion(store, svc, resource, { headers, raw }) {
  const type = String(headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') throw badRequest('Versions are created with a multipart/form-data body (Path, Visibility, Content)');
  const fields = {};
  let file = null;
  for (const part of parseMultipart(raw, headers['content-type'])) {
    if (part.name === 'Content') file = part;
    else if (part.name) fields[part.name] = part.data.toString('utf8');
  }
  let path = maxLength('Path', required(fields, 'Path'), 255);
  // Twilio: "If a ... Version creation request is submitted with a path not
  // containing a leading slash, the path will automatically be prepended with one."
  if (!path.startsWith('/')) path = `/${path}`;
  const visibility = required(fields, 'Visibility');
  if (!VISIBILITIES.includes(visibility)) throw badRequest(`Visibility must be one of ${VISIBILITIES.join(', ')}`);
  if (!file) throw badRequest('Missing required parameter Content in the post body');
  const v = {
    sid: newSid('ZN'),
    seq: store.nextSeq(),
    serviceSid: svc.sid,
    parentSid: resource.sid,
    kind: resource.kind,
    path,
    visibility,
    content: Buffer.from(file.data),
    contentType: file.contentType || (resource.kind === 'function' ? 'application/javascript' : 'application/octet-stream'),
    filename: file.filename,
    dateCreated: store.nowMs(),
  };
  state(store).versions.set(v.sid, v);
  return v;
}

// Dependencies: a JSON array of { name, version }. @twilio-labs/serverless-api
// sends it wrapped in one more pair of double quotes, which Twilio takes too.
function parseDependencies(value) {
  if (value === undefined || value === '') return [];
  let text = String(value).trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"') && !/^"(?:[^"\\]|\\.)*"$/.test(text)) text = text.slice(1, -1);
  let parsed;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch {
    throw badRequest('Dependencies must be a JSON array of {"name", "version"} objects');
  }
  if (!Array.isArray(parsed) || parsed.some((d) => !d || typeof d.name !== 'string' || !d.name || typeof d.version !== 'string' || !d.version)) {
    throw badRequest('Dependencies must be a JSON array of {"name", "version"} objects');
  }
  return parsed.map((d) => ({ name: d.name, version: d.version }));
}

function createBuild(store, svc, body) {
  const s = state(store);
  const functionVersionSids = multi(body.FunctionVersions);
  const assetVersionSids = multi(body.AssetVersions);
  if (!functionVersionSids.length && !assetVersionSids.length) {
    throw badRequest('At least one function version or asset version is required');
  }
  const paths = new Map();
  const check = (sid, kind) => {
    const v = s.versions.get(sid);
    if (!isSid(sid, 'ZN') || !v || v.serviceSid !== svc.sid || v.kind !== kind) {
      throw badRequest(`${kind === 'function' ? 'Function' : 'Asset'} Version ${sid} was not found in Service ${svc.sid}`);
    }
    // One URL serves one file: the emulator refuses a build where two versions share a path.
    if (paths.has(v.path)) throw badRequest(`Versions ${paths.get(v.path)} and ${sid} both have the path ${v.path}`);
    paths.set(v.path, sid);
  };
  functionVersionSids.forEach((sid) => check(sid, 'function'));
  assetVersionSids.forEach((sid) => check(sid, 'asset'));
  const dependencies = parseDependencies(single(body.Dependencies));
  let runtime = optional(body, 'Runtime');
  if (runtime === undefined) {
    const last = [...s.builds.values()].filter((b) => b.serviceSid === svc.sid && buildStatus(store, b) === 'completed').sort(byDate).pop();
    runtime = last ? last.runtime : DEFAULT_RUNTIME;
  }
  if (!SUPPORTED_RUNTIMES.includes(runtime)) {
    throw new TwilioError(400, 82007, `Unsupported Runtime ${runtime}: use one of ${SUPPORTED_RUNTIMES.join(', ')}`);
  }
  const behaviour = s.buildBehaviour;
  let outcome = 'completed';
  if (behaviour.failNext > 0) {
    behaviour.failNext -= 1;
    outcome = 'failed';
  }
  const now = store.nowMs();
  const build = {
    sid: newSid('ZB'),
    seq: store.nextSeq(),
    serviceSid: svc.sid,
    functionVersionSids,
    assetVersionSids,
    dependencies,
    runtime,
    status: 'building',
    outcome,
    readyAt: now + behaviour.durationMs,
    dateCreated: now,
    dateUpdated: now,
  };
  s.builds.set(build.sid, build);
  return build;
}

function createDeployment(store, svc, env, body) {
  const s = state(store);
  const buildSid = required(body, 'BuildSid');
  const build = s.builds.get(buildSid);
  if (!build || build.serviceSid !== svc.sid) throw notFound(`/Services/${svc.sid}/Builds/${buildSid}`);
  const status = buildStatus(store, build);
  if (status !== 'completed') throw badRequest(`Build ${buildSid} is ${status}: only a completed build can be deployed`);
  // Twilio answers 409 Conflict when the build is already the environment's
  // (twilio-labs/serverless-toolkit#171).
  if (env.buildSid === buildSid) throw conflict(`Build ${buildSid} is already deployed to Environment ${env.sid}`);
  const d = { sid: newSid('ZD'), seq: store.nextSeq(), serviceSid: svc.sid, environmentSid: env.sid, buildSid, dateCreated: store.nowMs() };
  s.deployments.set(d.sid, d);
  env.buildSid = buildSid;
  env.dateUpdated = d.dateCreated;
  return d;
}

// ---------- what an environment serves ----------

function environmentByKey(store, key, serviceKey) {
  const s = state(store);
  const svc = serviceKey ? findService(store, serviceKey) : null;
  for (const env of s.environments.values()) {
    if (svc && env.serviceSid !== svc.sid) continue;
    if (env.sid === key || env.domainName === key || (svc && env.uniqueName === key)) return env;
  }
  throw notFound(`environment ${key}${serviceKey ? ` of service ${serviceKey}` : ''} (give its SID, its domain name, or a service and its unique name)`);
}

/**
 * Returns what an environment serves now (its current build): the files with their
 * path, visibility, content type and bytes, the dependencies and runtime, and the
 * environment's variables.
 */
function deployedFiles(store, { environment, service } = {}) {
  if (!environment) throw badRequest('deployedFiles needs an environment (SID, domain name, or unique name with service)');
  const s = state(store);
  const env = environmentByKey(store, environment, service);
  const svc = s.services.get(env.serviceSid);
  const build = env.buildSid ? s.builds.get(env.buildSid) : null;
  const files = build
    ? [...build.functionVersionSids, ...build.assetVersionSids].map((sid) => s.versions.get(sid)).map((v) => ({
      kind: v.kind,
      sid: v.sid,
      path: v.path,
      visibility: v.visibility,
      contentType: v.contentType,
      content: Buffer.from(v.content),
    }))
    : [];
  const variables = {};
  for (const v of [...s.variables.values()].filter((x) => x.environmentSid === env.sid).sort(byDate)) variables[v.key] = v.value;
  return {
    serviceSid: svc.sid,
    serviceUniqueName: svc.uniqueName,
    environmentSid: env.sid,
    environmentUniqueName: env.uniqueName,
    domainName: env.domainName,
    buildSid: build ? build.sid : null,
    runtime: build ? build.runtime : null,
    dependencies: build ? build.dependencies.map((d) => ({ ...d })) : [],
    files,
    variables,
  };
}

/** Returns the emulator URL serving https://<domainName><path>. */
function hostedUrl(baseUrl, domainName, path = '/') {
  return `${baseUrl}/${domainName}${path.startsWith('/') ? path : `/${path}`}`;
}

function setBuildBehaviour(store, { durationMs, failNext } = {}) {
  const b = state(store).buildBehaviour;
  if (durationMs !== undefined) {
    if (!(Number.isFinite(Number(durationMs)) && Number(durationMs) >= 0)) throw badRequest('durationMs must be a non-negative number');
    b.durationMs = Number(durationMs);
  }
  if (failNext !== undefined) {
    if (!(Number.isInteger(Number(failNext)) && Number(failNext) >= 0)) throw badRequest('failNext must be a non-negative integer');
    b.failNext = Number(failNext);
  }
  return { ...b };
}

const TEXT_TYPE = /^(text\/|application\/(javascript|json|xml)|image\/svg)/i;

function fileStateJson(file) {
  return {
    kind: file.kind,
    sid: file.sid,
    path: file.path,
    visibility: file.visibility,
    content_type: file.contentType,
    size: file.content.length,
    content_base64: file.content.toString('base64'),
    ...(TEXT_TYPE.test(file.contentType) ? { content: file.content.toString('utf8') } : {}),
  };
}

// ---------- REST handlers ----------

const page = (store, baseUrl, query, path, key, items, toJson) => ({
  status: 200,
  body: metaPage({ items: items.sort(byDate), query, baseUrl, path: `${V1}${path}`, key, toJson: (x) => toJson(store, x, baseUrl) }),
});
const ok = (body, status = 200) => ({ status, body });
const svcOf = (store, params) => findService(store, params.serviceSid);
const envOf = (store, params) => {
  const svc = svcOf(store, params);
  return { svc, env: findEnvironment(store, svc, params.environmentSid) };
};
const kindOf = (params) => (params.collection === 'Functions' ? 'function' : 'asset');
const versionKey = (params) => (params.collection === 'Functions' ? 'function_versions' : 'asset_versions');

const handlers = {
  createService: ({ store, body, baseUrl }) => ok(serviceJson(store, createService(store, body), baseUrl), 201),
  listServices: ({ store, query, baseUrl }) => page(store, baseUrl, query, '/Services', 'services', [...state(store).services.values()], serviceJson),
  fetchService: ({ store, params, baseUrl }) => ok(serviceJson(store, svcOf(store, params), baseUrl)),
  updateService: ({ store, params, body, baseUrl }) => ok(serviceJson(store, updateService(store, svcOf(store, params), body), baseUrl)),

  createEnvironment: ({ store, params, body, baseUrl }) => ok(environmentJson(store, createEnvironment(store, svcOf(store, params), body), baseUrl), 201),
  listEnvironments: ({ store, params, query, baseUrl }) => {
    const svc = svcOf(store, params);
    return page(store, baseUrl, query, `/Services/${svc.sid}/Environments`, 'environments',
      [...state(store).environments.values()].filter((e) => e.serviceSid === svc.sid), environmentJson);
  },
  fetchEnvironment: ({ store, params, baseUrl }) => ok(environmentJson(store, envOf(store, params).env, baseUrl)),

  createVariable: ({ store, params, body, baseUrl }) => ok(variableJson(store, createVariable(store, envOf(store, params).env, body), baseUrl), 201),
  listVariables: ({ store, params, query, baseUrl }) => {
    const { svc, env } = envOf(store, params);
    return page(store, baseUrl, query, `/Services/${svc.sid}/Environments/${env.sid}/Variables`, 'variables',
      [...state(store).variables.values()].filter((v) => v.environmentSid === env.sid), variableJson);
  },
  fetchVariable: ({ store, params, baseUrl }) => ok(variableJson(store, findVariable(store, envOf(store, params).env, params.sid), baseUrl)),
  updateVariable: ({ store, params, body, baseUrl }) => ok(variableJson(store, updateVariable(store, findVariable(store, envOf(store, params).env, params.sid), body), baseUrl)),
  deleteVariable: ({ store, params }) => {
    const v = findVariable(store, envOf(store, params).env, params.sid);
    state(store).variables.delete(v.sid);
    return { status: 204 };
  },

  createResource: ({ store, params, body, baseUrl }) => ok(resourceJson(store, createResource(store, svcOf(store, params), kindOf(params), body), baseUrl), 201),
  listResources: ({ store, params, query, baseUrl }) => {
    const svc = svcOf(store, params);
    const kind = kindOf(params);
    return page(store, baseUrl, query, `/Services/${svc.sid}/${params.collection}`, params.collection.toLowerCase(),
      [...state(store).resources.values()].filter((r) => r.serviceSid === svc.sid && r.kind === kind), resourceJson);
  },
  fetchResource: ({ store, params, baseUrl }) => ok(resourceJson(store, findResource(store, svcOf(store, params), kindOf(params), params.sid), baseUrl)),
  updateResource: ({ store, params, body, baseUrl }) => {
    const r = findResource(store, svcOf(store, params), kindOf(params), params.sid);
    r.friendlyName = maxLength('FriendlyName', required(body, 'FriendlyName'), 255);
    r.dateUpdated = store.nowMs();
    return ok(resourceJson(store, r, baseUrl));
  },

  createVersion: ({ store, params, headers, raw, baseUrl }) => {
    const svc = svcOf(store, params);
    const resource = findResource(store, svc, kindOf(params), params.parentSid);
    return ok(versionJson(store, createVersion(store, svc, resource, { headers, raw }), baseUrl), 201);
  },
  listVersions: ({ store, params, query, baseUrl }) => {
    const svc = svcOf(store, params);
    const resource = findResource(store, svc, kindOf(params), params.parentSid);
    return page(store, baseUrl, query, `/Services/${svc.sid}/${params.collection}/${resource.sid}/Versions`, versionKey(params),
      [...state(store).versions.values()].filter((v) => v.parentSid === resource.sid), versionJson);
  },
  fetchVersion: ({ store, params, baseUrl }) => ok(versionJson(store, findVersion(store, params), baseUrl)),
  fetchVersionContent: ({ store, params, baseUrl }) => {
    const v = findVersion(store, params);
    return ok({
      sid: v.sid,
      account_sid: store.accountSid,
      service_sid: v.serviceSid,
      function_sid: v.parentSid,
      content: v.content.toString('utf8'),
      url: `${versionJson(store, v, baseUrl).url}/Content`,
    });
  },

  createBuild: ({ store, params, body, baseUrl }) => {
    const build = createBuild(store, svcOf(store, params), body);
    return ok(buildJson(store, build, baseUrl, { status: 'building' }), 201);
  },
  listBuilds: ({ store, params, query, baseUrl }) => {
    const svc = svcOf(store, params);
    return page(store, baseUrl, query, `/Services/${svc.sid}/Builds`, 'builds',
      [...state(store).builds.values()].filter((b) => b.serviceSid === svc.sid), buildJson);
  },
  fetchBuild: ({ store, params, baseUrl }) => ok(buildJson(store, findBuild(store, svcOf(store, params), params.sid), baseUrl)),
  fetchBuildStatus: ({ store, params, baseUrl }) => {
    const b = findBuild(store, svcOf(store, params), params.sid);
    return ok({ sid: b.sid, account_sid: store.accountSid, service_sid: b.serviceSid, status: buildStatus(store, b), url: `${baseUrl}${V1}/Services/${b.serviceSid}/Builds/${b.sid}/Status` });
  },

  createDeployment: ({ store, params, body, baseUrl }) => {
    const { svc, env } = envOf(store, params);
    return ok(deploymentJson(store, createDeployment(store, svc, env, body), baseUrl), 201);
  },
  listDeployments: ({ store, params, query, baseUrl }) => {
    const { svc, env } = envOf(store, params);
    return page(store, baseUrl, query, `/Services/${svc.sid}/Environments/${env.sid}/Deployments`, 'deployments',
      [...state(store).deployments.values()].filter((d) => d.environmentSid === env.sid), deploymentJson);
  },
  fetchDeployment: ({ store, params, baseUrl }) => {
    const { env } = envOf(store, params);
    const d = state(store).deployments.get(params.sid);
    if (!d || d.environmentSid !== env.sid) throw notFound(`/Services/${env.serviceSid}/Environments/${env.sid}/Deployments/${params.sid}`);
    return ok(deploymentJson(store, d, baseUrl));
  },

  // https://<domain_name>/<path> as a browser fetches it: public assets of the
  // environment's current build. Protected files need a Twilio signature and
  // private ones are not served at all; functions are not run by the emulator.
  serveHosted: ({ store, params }) => {
    const s = state(store);
    const env = [...s.environments.values()].find((e) => e.domainName === params.domain.toLowerCase());
    let path = params.filePath || '/';
    try {
      path = decodeURIComponent(path);
    } catch {
      throw badRequest(`Bad path ${path}`);
    }
    const build = env && env.buildSid ? s.builds.get(env.buildSid) : null;
    const file = build && [...build.assetVersionSids, ...build.functionVersionSids].map((sid) => s.versions.get(sid)).find((v) => v.path === path);
    if (!file) throw notFound(`${path} at ${params.domain}`);
    if (file.kind === 'function') throw new TwilioError(501, 20501, `${path} is a Function: the emulator serves assets only (read functions with deployedFiles)`);
    if (file.visibility !== 'public') throw new TwilioError(403, 20403, `${path} is a ${file.visibility} asset`);
    return { status: 200, raw: Buffer.from(file.content), contentType: file.contentType, headers: { 'Cache-Control': 'no-cache' } };
  },
};

function findVersion(store, params) {
  const svc = svcOf(store, params);
  const resource = findResource(store, svc, kindOf(params), params.parentSid);
  const v = state(store).versions.get(params.sid);
  if (!v || v.parentSid !== resource.sid) throw notFound(`/Services/${svc.sid}/${params.collection}/${resource.sid}/Versions/${params.sid}`);
  return v;
}

const S = `^${V1}/Services`;
const SVC = `${S}/(?<serviceSid>[^/]+)`;
const ENV = `${SVC}/Environments/(?<environmentSid>[^/]+)`;
const RES = `${SVC}/(?<collection>Functions|Assets)`;
const VER = `${RES}/(?<parentSid>[^/]+)/Versions`;

const routes = [
  ['POST', `${S}$`, 'serverless.services.create', handlers.createService],
  ['GET', `${S}$`, 'serverless.services.list', handlers.listServices],
  ['GET', `${SVC}$`, 'serverless.services.fetch', handlers.fetchService],
  ['POST', `${SVC}$`, 'serverless.services.update', handlers.updateService],
  ['POST', `${SVC}/Environments$`, 'serverless.environments.create', handlers.createEnvironment],
  ['GET', `${SVC}/Environments$`, 'serverless.environments.list', handlers.listEnvironments],
  ['GET', `${ENV}$`, 'serverless.environments.fetch', handlers.fetchEnvironment],
  ['POST', `${ENV}/Variables$`, 'serverless.variables.create', handlers.createVariable],
  ['GET', `${ENV}/Variables$`, 'serverless.variables.list', handlers.listVariables],
  ['GET', `${ENV}/Variables/(?<sid>[^/]+)$`, 'serverless.variables.fetch', handlers.fetchVariable],
  ['POST', `${ENV}/Variables/(?<sid>[^/]+)$`, 'serverless.variables.update', handlers.updateVariable],
  ['DELETE', `${ENV}/Variables/(?<sid>[^/]+)$`, 'serverless.variables.delete', handlers.deleteVariable],
  ['POST', `${ENV}/Deployments$`, 'serverless.deployments.create', handlers.createDeployment],
  ['GET', `${ENV}/Deployments$`, 'serverless.deployments.list', handlers.listDeployments],
  ['GET', `${ENV}/Deployments/(?<sid>[^/]+)$`, 'serverless.deployments.fetch', handlers.fetchDeployment],
  ['POST', `${RES}$`, 'serverless.resources.create', handlers.createResource],
  ['GET', `${RES}$`, 'serverless.resources.list', handlers.listResources],
  ['GET', `${RES}/(?<sid>[^/]+)$`, 'serverless.resources.fetch', handlers.fetchResource],
  ['POST', `${RES}/(?<sid>[^/]+)$`, 'serverless.resources.update', handlers.updateResource],
  ['GET', `${VER}$`, 'serverless.versions.list', handlers.listVersions],
  ['GET', `${VER}/(?<sid>[^/]+)$`, 'serverless.versions.fetch', handlers.fetchVersion],
  ['GET', `^${V1}/Services/(?<serviceSid>[^/]+)/(?<collection>Functions)/(?<parentSid>[^/]+)/Versions/(?<sid>[^/]+)/Content$`, 'serverless.versions.content', handlers.fetchVersionContent],
  ['POST', `^/serverless-upload/v1/Services/(?<serviceSid>[^/]+)/(?<collection>Functions|Assets)/(?<parentSid>[^/]+)/Versions$`, 'serverless.versions.create', handlers.createVersion],
  ['POST', `${SVC}/Builds$`, 'serverless.builds.create', handlers.createBuild],
  ['GET', `${SVC}/Builds$`, 'serverless.builds.list', handlers.listBuilds],
  ['GET', `${SVC}/Builds/(?<sid>[^/]+)$`, 'serverless.builds.fetch', handlers.fetchBuild],
  ['GET', `${SVC}/Builds/(?<sid>[^/]+)/Status$`, 'serverless.builds.status', handlers.fetchBuildStatus],
].map(([method, re, kind, handler]) => ({ method, re: new RegExp(re), kind, handler }));

// Served without credentials, like https://<domain_name>/<path>.
const hostedRoutes = [
  {
    method: 'GET',
    re: /^\/(?<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.twil\.io)(?<filePath>\/.*)?$/,
    kind: 'hosted.fetch',
    auth: false,
    handler: handlers.serveHosted,
  },
];

const C = '^/__control/serverless';
const controlRoutes = [
  ['GET', `${C}/environments/(?<environment>[^/]+)/files$`, (c, { params, query }) => {
    const out = deployedFiles(c.store, { environment: params.environment, service: single(query.service) });
    return { status: 200, body: { ...out, hostedBaseUrl: hostedUrl(c.baseUrl, out.domainName, '/'), files: out.files.map(fileStateJson) } };
  }],
  ['POST', `${C}/builds$`, (c, { body }) => ({ status: 200, body: setBuildBehaviour(c.store, body) })],
  // The local server that runs an environment's domain (service-hosts.js).
  ['POST', `${C}/hosts$`, (c, { body }) => {
    try {
      return { status: 200, body: registerServiceHost(c.store, body || {}) };
    } catch (err) {
      throw badRequest(err.message);
    }
  }],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = {
  routes: [...routes, ...hostedRoutes],
  controlRoutes,
  deployedFiles,
  hostedUrl,
  setBuildBehaviour,
  SUPPORTED_RUNTIMES,
};
