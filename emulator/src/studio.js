'use strict';

// Studio v2 REST API: Flows (each update a new revision), Revisions, the
// Validate endpoint, and the Executions the flow engine (studio-engine.js) runs.
// https://www.twilio.com/docs/studio/rest-api/v2/flow
// https://www.twilio.com/docs/studio/rest-api/v2/flow-validate

const { newSid, isoDate } = require('./store');
const { TwilioError, notFound, badRequest, errorBody, single } = require('./http');
const { metaPage } = require('./paging');

const STATUSES = new Set(['draft', 'published']);
// A definition that fails validation is refused with this code, the details
// naming each failure: https://www.twilio.com/docs/api/errors/81022
const INVALID_DEFINITION = 81022;

// The widget types of Studio's widget library (https://www.twilio.com/docs/studio/widget-library).
// The engine runs only some of them (studio-engine.js); the API accepts them all.
const WIDGET_TYPES = new Set([
  'trigger', 'send-to-flex', 'run-function', 'record-voicemail', 'say-play', 'gather-input-on-call',
  'split-based-on', 'set-variables', 'make-http-request', 'send-message', 'send-and-wait-for-reply',
  'connect-call-to', 'enqueue-call', 'make-outgoing-call-v2', 'record-call', 'add-twiml-redirect',
  'capture-payments', 'connect-virtual-agent', 'fork-stream', 'run-subflow', 'send-to-auto-pilot',
]);

function flowsOf(store) {
  if (!store.studioFlows) store.studioFlows = new Map();
  return store.studioFlows;
}

function executionsOf(store) {
  if (!store.studioExecutions) store.studioExecutions = new Map();
  return store.studioExecutions;
}

/** The URL a number's VoiceUrl names to start a flow on an incoming call. */
function webhookUrl(store, flowSid) {
  return `https://webhooks.twilio.com/v1/Accounts/${store.accountSid}/Flows/${flowSid}`;
}

const WEBHOOK = /^https:\/\/webhooks\.twilio\.com\/v1\/Accounts\/(?<accountSid>AC[0-9a-f]{32})\/Flows\/(?<flowSid>FW[0-9a-f]{32})\/?$/;

/** Returns { accountSid, flowSid } when url is a Studio flow's webhook URL, else null. */
function parseWebhookUrl(url) {
  const m = WEBHOOK.exec(String(url || ''));
  return m ? { ...m.groups } : null;
}

/**
 * Checks a definition (a JSON string or an object) as Studio does before it
 * stores a revision. Returns { definition, errors }, errors as
 * { message, property_path } (a JSON pointer into the definition).
 */
function validateDefinition(raw) {
  const errors = [];
  const fail = (message, path = '#') => errors.push({ message, property_path: path });
  let definition = raw;
  if (typeof raw === 'string') {
    try {
      definition = JSON.parse(raw);
    } catch (err) {
      fail(`Definition is not valid JSON: ${err.message}`);
      return { definition: null, errors };
    }
  }
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) {
    fail('Definition must be a JSON object');
    return { definition: null, errors };
  }
  if (typeof definition.initial_state !== 'string' || definition.initial_state === '') fail('initial_state is required', '#/initial_state');
  if (!Array.isArray(definition.states)) {
    fail('states must be an array of widgets', '#/states');
    return { definition, errors };
  }
  const names = new Set();
  definition.states.forEach((state, i) => {
    const at = `#/states/${i}`;
    if (!state || typeof state !== 'object') return fail('a state must be an object', at);
    if (typeof state.name !== 'string' || state.name === '') fail('name is required', `${at}/name`);
    else if (names.has(state.name)) fail(`widget names must be unique: ${state.name}`, `${at}/name`);
    else names.add(state.name);
    if (!WIDGET_TYPES.has(state.type)) fail(`unknown widget type: ${state.type}`, `${at}/type`);
    if (state.transitions !== undefined && !Array.isArray(state.transitions)) fail('transitions must be an array', `${at}/transitions`);
    if (state.properties !== undefined && (typeof state.properties !== 'object' || state.properties === null)) fail('properties must be an object', `${at}/properties`);
  });
  const triggers = definition.states.filter((s) => s && s.type === 'trigger');
  if (triggers.length !== 1) fail(`a flow needs exactly one trigger widget (found ${triggers.length})`, '#/states');
  if (typeof definition.initial_state === 'string' && definition.initial_state && !names.has(definition.initial_state)) {
    fail(`initial_state names no widget: ${definition.initial_state}`, '#/initial_state');
  }
  definition.states.forEach((state, i) => {
    if (!state || !Array.isArray(state.transitions)) return;
    state.transitions.forEach((t, j) => {
      const at = `#/states/${i}/transitions/${j}`;
      if (!t || typeof t.event !== 'string' || t.event === '') fail('a transition needs an event', at);
      else if (t.next !== undefined && t.next !== null && t.next !== '' && !names.has(t.next)) {
        fail(`transition ${t.event} of ${state.name} goes to a widget that does not exist: ${t.next}`, `${at}/next`);
      }
    });
  });
  return { definition, errors };
}

// Studio's refusal of an invalid definition: Twilio's error body plus the failures.
function invalidDefinition(errors) {
  return {
    status: 400,
    body: { ...errorBody(400, INVALID_DEFINITION, 'Invalid Flow Definition'), details: { errors, warnings: [] } },
  };
}

function readFlowParams(body, { create }) {
  const friendlyName = single(body.FriendlyName);
  const status = single(body.Status);
  const definition = body.Definition === undefined ? undefined : (Array.isArray(body.Definition) ? body.Definition.at(-1) : body.Definition);
  const commitMessage = single(body.CommitMessage);
  if (create && (friendlyName === undefined || friendlyName === '')) throw badRequest('Missing required parameter FriendlyName in the post body');
  if (status === undefined) throw badRequest('Missing required parameter Status in the post body');
  if (!STATUSES.has(status)) throw badRequest(`Status must be draft or published (got ${status})`);
  if (create && definition === undefined) throw badRequest('Missing required parameter Definition in the post body');
  return { friendlyName, status, definition, commitMessage };
}

function addRevision(store, flow, { friendlyName, status, definition, commitMessage }) {
  const now = store.nowMs();
  flow.revision += 1;
  flow.friendlyName = friendlyName;
  flow.status = status;
  flow.definition = definition;
  flow.commitMessage = commitMessage === undefined ? null : commitMessage;
  flow.dateUpdated = now;
  flow.revisions.push({
    revision: flow.revision, friendlyName, status, definition, commitMessage: flow.commitMessage, dateCreated: now,
  });
  // A draft revision leaves the published one running: new calls use the latest published.
  if (status === 'published') flow.publishedRevision = flow.revision;
  return flow;
}

/** The definition incoming calls run: the flow's latest published revision, or null. */
function publishedDefinition(flow) {
  if (flow.publishedRevision === null) return null;
  return flow.revisions.find((r) => r.revision === flow.publishedRevision).definition;
}

function flowJson(store, flow, baseUrl) {
  const url = `${baseUrl}/studio/v2/Flows/${flow.sid}`;
  return {
    sid: flow.sid,
    account_sid: store.accountSid,
    author_sid: null,
    friendly_name: flow.friendlyName,
    definition: flow.definition,
    status: flow.status,
    revision: flow.revision,
    commit_message: flow.commitMessage,
    valid: true,
    errors: [],
    warnings: [],
    date_created: isoDate(flow.dateCreated),
    date_updated: isoDate(flow.dateUpdated),
    webhook_url: webhookUrl(store, flow.sid),
    url,
    links: { test_users: `${url}/TestUsers`, revisions: `${url}/Revisions`, executions: `${url}/Executions` },
  };
}

function revisionJson(store, flow, rev, baseUrl) {
  return {
    sid: flow.sid,
    account_sid: store.accountSid,
    author_sid: null,
    friendly_name: rev.friendlyName,
    definition: rev.definition,
    status: rev.status,
    revision: rev.revision,
    commit_message: rev.commitMessage,
    valid: true,
    errors: [],
    date_created: isoDate(rev.dateCreated),
    date_updated: isoDate(rev.dateCreated),
    url: `${baseUrl}/studio/v2/Flows/${flow.sid}/Revisions/${rev.revision}`,
  };
}

function executionJson(store, exec, baseUrl) {
  const url = `${baseUrl}/studio/v2/Flows/${exec.flowSid}/Executions/${exec.sid}`;
  return {
    sid: exec.sid,
    account_sid: store.accountSid,
    flow_sid: exec.flowSid,
    contact_channel_address: exec.contactAddress,
    context: exec.context,
    status: exec.status,
    date_created: isoDate(exec.dateCreated),
    date_updated: isoDate(exec.dateUpdated),
    url,
    links: { steps: `${url}/Steps`, execution_context: `${url}/Context` },
  };
}

function getFlow(store, sid) {
  const flow = flowsOf(store).get(sid);
  if (!flow) throw notFound(`/v2/Flows/${sid}`);
  return flow;
}

function getExecution(store, flowSid, sid) {
  const exec = executionsOf(store).get(sid);
  if (!exec || exec.flowSid !== flowSid) throw notFound(`/v2/Flows/${flowSid}/Executions/${sid}`);
  return exec;
}

const handlers = {
  createFlow: ({ store, body, baseUrl }) => {
    const params = readFlowParams(body, { create: true });
    const { definition, errors } = validateDefinition(params.definition);
    if (errors.length) return invalidDefinition(errors);
    const now = store.nowMs();
    const flow = {
      sid: newSid('FW'), revision: 0, revisions: [], publishedRevision: null, dateCreated: now,
    };
    addRevision(store, flow, { ...params, definition });
    flowsOf(store).set(flow.sid, flow);
    return { status: 200, body: flowJson(store, flow, baseUrl) };
  },

  updateFlow: ({ store, params: route, body, baseUrl }) => {
    const flow = getFlow(store, route.sid);
    const params = readFlowParams(body, { create: false });
    let definition = flow.definition;
    if (params.definition !== undefined) {
      const checked = validateDefinition(params.definition);
      if (checked.errors.length) return invalidDefinition(checked.errors);
      definition = checked.definition;
    }
    addRevision(store, flow, {
      friendlyName: params.friendlyName === undefined || params.friendlyName === '' ? flow.friendlyName : params.friendlyName,
      status: params.status,
      definition,
      commitMessage: params.commitMessage,
    });
    return { status: 200, body: flowJson(store, flow, baseUrl) };
  },

  fetchFlow: ({ store, params, baseUrl }) => ({ status: 200, body: flowJson(store, getFlow(store, params.sid), baseUrl) }),

  deleteFlow: ({ store, params }) => {
    getFlow(store, params.sid);
    flowsOf(store).delete(params.sid);
    return { status: 204 };
  },

  listFlows: ({ store, query, baseUrl }) => ({
    status: 200,
    body: metaPage({
      items: [...flowsOf(store).values()], query, baseUrl, path: '/studio/v2/Flows', key: 'flows', toJson: (f) => flowJson(store, f, baseUrl),
    }),
  }),

  listRevisions: ({ store, params, query, baseUrl }) => {
    const flow = getFlow(store, params.sid);
    return {
      status: 200,
      body: metaPage({
        items: [...flow.revisions].reverse(),
        query,
        baseUrl,
        path: `/studio/v2/Flows/${flow.sid}/Revisions`,
        key: 'revisions',
        toJson: (r) => revisionJson(store, flow, r, baseUrl),
      }),
    };
  },

  // Revision: a number, or LatestPublished / LatestRevision.
  fetchRevision: ({ store, params, baseUrl }) => {
    const flow = getFlow(store, params.sid);
    const wanted = params.revision === 'LatestPublished' ? flow.publishedRevision
      : params.revision === 'LatestRevision' ? flow.revision : Number(params.revision);
    const rev = flow.revisions.find((r) => r.revision === wanted);
    if (!rev) throw notFound(`/v2/Flows/${flow.sid}/Revisions/${params.revision}`);
    return { status: 200, body: revisionJson(store, flow, rev, baseUrl) };
  },

  validate: ({ body }) => {
    const params = readFlowParams(body, { create: true });
    const { errors } = validateDefinition(params.definition);
    if (errors.length) return invalidDefinition(errors);
    return { status: 200, body: { valid: true } };
  },

  listExecutions: ({ store, params, query, baseUrl }) => {
    const flow = getFlow(store, params.sid);
    const items = [...executionsOf(store).values()].filter((e) => e.flowSid === flow.sid).reverse();
    return {
      status: 200,
      body: metaPage({
        items, query, baseUrl, path: `/studio/v2/Flows/${flow.sid}/Executions`, key: 'executions', toJson: (e) => executionJson(store, e, baseUrl),
      }),
    };
  },

  fetchExecution: ({ store, params, baseUrl }) => ({
    status: 200,
    body: executionJson(store, getExecution(store, params.sid, params.executionSid), baseUrl),
  }),

  fetchExecutionContext: ({ store, params, baseUrl }) => {
    const exec = getExecution(store, params.sid, params.executionSid);
    return {
      status: 200,
      body: {
        account_sid: store.accountSid,
        context: exec.context,
        flow_sid: exec.flowSid,
        execution_sid: exec.sid,
        url: `${baseUrl}/studio/v2/Flows/${exec.flowSid}/Executions/${exec.sid}/Context`,
      },
    };
  },

  createExecution: () => {
    throw new TwilioError(400, 20001, 'The emulator starts executions from incoming calls only (a number whose VoiceUrl is the flow\'s webhook URL)');
  },
};

const F = '^/studio/v2/Flows';
const SID = '(?<sid>FW[^/]+)';
const EXEC = '(?<executionSid>FN[^/]+)';

const routes = [
  { method: 'POST', re: new RegExp(`${F}/Validate$`), kind: 'studio.flows.validate', handler: handlers.validate },
  { method: 'GET', re: new RegExp(`${F}$`), kind: 'studio.flows.list', handler: handlers.listFlows },
  { method: 'POST', re: new RegExp(`${F}$`), kind: 'studio.flows.create', handler: handlers.createFlow },
  { method: 'GET', re: new RegExp(`${F}/${SID}$`), kind: 'studio.flows.fetch', handler: handlers.fetchFlow },
  { method: 'POST', re: new RegExp(`${F}/${SID}$`), kind: 'studio.flows.update', handler: handlers.updateFlow },
  { method: 'DELETE', re: new RegExp(`${F}/${SID}$`), kind: 'studio.flows.delete', handler: handlers.deleteFlow },
  { method: 'GET', re: new RegExp(`${F}/${SID}/Revisions$`), kind: 'studio.revisions.list', handler: handlers.listRevisions },
  { method: 'GET', re: new RegExp(`${F}/${SID}/Revisions/(?<revision>[^/]+)$`), kind: 'studio.revisions.fetch', handler: handlers.fetchRevision },
  { method: 'GET', re: new RegExp(`${F}/${SID}/Executions$`), kind: 'studio.executions.list', handler: handlers.listExecutions },
  { method: 'POST', re: new RegExp(`${F}/${SID}/Executions$`), kind: 'studio.executions.create', handler: handlers.createExecution },
  { method: 'GET', re: new RegExp(`${F}/${SID}/Executions/${EXEC}$`), kind: 'studio.executions.fetch', handler: handlers.fetchExecution },
  { method: 'GET', re: new RegExp(`${F}/${SID}/Executions/${EXEC}/Context$`), kind: 'studio.executions.context', handler: handlers.fetchExecutionContext },
];

module.exports = {
  routes,
  validateDefinition,
  publishedDefinition,
  parseWebhookUrl,
  webhookUrl,
  flowsOf,
  executionsOf,
  executionJson,
  WIDGET_TYPES,
  INVALID_DEFINITION,
};
