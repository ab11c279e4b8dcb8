'use strict';

// Programmable Voice, 2010-04-01 API: Account, Queues, Calls, Recordings.

const fs = require('node:fs');
const { newSid, rfc2822Date, isoDate } = require('./store');
const { TwilioError, notFound, badRequest, single } = require('./http');
const { legacyPage } = require('./paging');
const { deliverStatusCallback } = require('./status-callbacks');

const API_VERSION = '2010-04-01';
const ENDED = new Set(['completed', 'canceled', 'failed', 'busy', 'no-answer']);

const acctPath = (store) => `/${API_VERSION}/Accounts/${store.accountSid}`;

// ---------- media ----------

// A valid, silent, 8 kHz mono 16-bit WAV of `seconds` length: the default recording media.
function silentWav(seconds = 1) {
  const rate = 8000;
  const dataLen = rate * 2 * seconds;
  const buf = Buffer.alloc(44 + dataLen);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataLen, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataLen, 40);
  return buf;
}

function loadBytes(base64, path) {
  if (base64 !== undefined && base64 !== null) return Buffer.from(String(base64), 'base64');
  if (path) return fs.readFileSync(path);
  return null;
}

// ---------- model helpers ----------

function addCall(store, { sid, from, to, direction = 'inbound', status = 'in-progress', queueSid = null, parentCallSid = null } = {}) {
  const now = store.nowMs();
  const call = {
    sid: sid || newSid('CA'),
    from: from || '+15555550100',
    to: to || '+15555550199',
    direction,
    status,
    queueSid,
    parentCallSid,
    dateCreated: now,
    dateUpdated: now,
    startTime: now,
    endTime: null,
    url: null,
    updates: [],
  };
  store.calls.set(call.sid, call);
  return call;
}

function endCall(store, call, status = 'completed') {
  if (ENDED.has(call.status)) return call;
  const now = store.nowMs();
  call.status = status;
  call.queueSid = null;
  call.endTime = now;
  call.dateUpdated = now;
  deliverStatusCallback(store, call);
  return call;
}

// input: { sid, callSid, duration, status, audioBase64, audioPath, wavBase64, wavPath, dateCreated }
function addRecording(store, input = {}) {
  const now = input.dateCreated ? Date.parse(input.dateCreated) : store.nowMs();
  const duration = input.duration === undefined ? 1 : Number(input.duration);
  const rec = {
    sid: input.sid || newSid('RE'),
    callSid: input.callSid || null,
    duration,
    status: input.status || 'completed',
    channels: 1,
    source: input.source || 'RecordVerb',
    dateCreated: now,
    dateUpdated: now,
    startTime: now,
    bytes: loadBytes(input.audioBase64, input.audioPath),
    wavBytes: loadBytes(input.wavBase64, input.wavPath),
  };
  if (!rec.bytes && !rec.wavBytes) rec.wavBytes = silentWav(Math.max(1, Math.min(Math.ceil(duration) || 1, 10)));
  store.recordings.set(rec.sid, rec);
  return rec;
}

// ---------- JSON shapes ----------

function accountJson(store) {
  return {
    auth_token: store.authToken,
    date_created: rfc2822Date(store.workspace.dateCreated),
    date_updated: rfc2822Date(store.workspace.dateCreated),
    friendly_name: 'Emulated account',
    owner_account_sid: store.accountSid,
    sid: store.accountSid,
    status: 'active',
    subresource_uris: {},
    type: 'Full',
    uri: `${acctPath(store)}.json`,
  };
}

function queueSize(store, queueSid) {
  let n = 0;
  for (const c of store.calls.values()) if (c.queueSid === queueSid && !ENDED.has(c.status)) n += 1;
  return n;
}

function queueJson(store, q) {
  return {
    account_sid: store.accountSid,
    average_wait_time: 0,
    current_size: queueSize(store, q.sid),
    date_created: rfc2822Date(q.dateCreated),
    date_updated: rfc2822Date(q.dateUpdated),
    friendly_name: q.friendlyName,
    max_size: q.maxSize,
    sid: q.sid,
    uri: `${acctPath(store)}/Queues/${q.sid}.json`,
    subresource_uris: { members: `${acctPath(store)}/Queues/${q.sid}/Members.json` },
  };
}

function callJson(store, call) {
  const duration = call.endTime ? String(Math.max(0, Math.round((call.endTime - call.startTime) / 1000))) : null;
  const base = `${acctPath(store)}/Calls/${call.sid}`;
  return {
    account_sid: store.accountSid,
    annotation: null,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822Date(call.dateCreated),
    date_updated: rfc2822Date(call.dateUpdated),
    direction: call.direction,
    duration,
    end_time: rfc2822Date(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: call.parentCallSid,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: call.sid,
    start_time: rfc2822Date(call.startTime),
    status: call.status,
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      recordings: `${base}/Recordings.json`,
      notifications: `${base}/Notifications.json`,
      events: `${base}/Events.json`,
    },
  };
}

// The call as the control endpoints show it: REST shape plus where it was moved.
function callStateJson(store, call) {
  return {
    ...callJson(store, call),
    queue_sid: call.queueSid,
    current_url: call.url,
    status_callback: call.statusCallback || null,
    updates: call.updates.map((u) => ({ ...u })),
  };
}

function recordingJson(store, rec, baseUrl) {
  const base = `${acctPath(store)}/Recordings/${rec.sid}`;
  return {
    account_sid: store.accountSid,
    api_version: API_VERSION,
    call_sid: rec.callSid,
    conference_sid: null,
    channels: rec.channels,
    date_created: rfc2822Date(rec.dateCreated),
    date_updated: rfc2822Date(rec.dateUpdated),
    start_time: rfc2822Date(rec.startTime),
    duration: String(rec.duration),
    encryption_details: null,
    error_code: null,
    media_url: `${baseUrl}/api${base}`,
    price: null,
    price_unit: 'USD',
    sid: rec.sid,
    source: rec.source,
    status: rec.status,
    track: 'both',
    uri: `${base}.json`,
    subresource_uris: {
      add_on_results: `${base}/AddOnResults.json`,
      transcriptions: `${base}/Transcriptions.json`,
    },
  };
}

// ---------- handlers ----------

function withAccount(handler) {
  return (ctx) => {
    if (ctx.params.accountSid !== ctx.store.accountSid) {
      throw notFound(`/${API_VERSION}/Accounts/${ctx.params.accountSid}`);
    }
    return handler(ctx);
  };
}

function getCall(store, sid) {
  const call = store.calls.get(sid);
  if (!call) throw notFound(`${acctPath(store)}/Calls/${sid}.json`);
  return call;
}

function getRecording(store, sid) {
  const rec = store.recordings.get(sid);
  if (!rec) throw notFound(`${acctPath(store)}/Recordings/${sid}.json`);
  return rec;
}

function updateCall(store, call, body) {
  const url = single(body.Url);
  const method = single(body.Method);
  const twiml = single(body.Twiml);
  const status = single(body.Status);
  if (url === undefined && twiml === undefined && status === undefined) {
    throw badRequest('Missing required parameter: one of Url, Twiml or Status', 20001);
  }
  if (url !== undefined) {
    let parsed;
    try { parsed = new URL(url); } catch { parsed = null; }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw badRequest(`Url is not a valid URL: ${url}`, 21205);
  }
  if (method !== undefined && !['GET', 'POST'].includes(String(method).toUpperCase())) {
    throw badRequest(`Method must be GET or POST (got ${method})`, 21203);
  }
  if (status !== undefined && !['completed', 'canceled'].includes(status)) {
    throw badRequest(`Status must be completed or canceled (got ${status})`, 20001);
  }
  if ((url !== undefined || twiml !== undefined) && ENDED.has(call.status)) {
    throw new TwilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
  }
  // The call's status callback from now on (its `completed` event), as a call update sets it.
  let statusCallback = null;
  if (body.StatusCallback !== undefined) {
    const cb = single(body.StatusCallback);
    let parsed;
    try { parsed = new URL(cb); } catch { parsed = null; }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw badRequest(`StatusCallback is not a valid URL: ${cb}`, 21609);
    statusCallback = { url: cb, method: String(single(body.StatusCallbackMethod) || 'POST').toUpperCase() };
  }
  const entry = { date: isoDate(store.nowMs()) };
  if (url !== undefined) { entry.url = url; entry.method = String(method || 'POST').toUpperCase(); }
  if (twiml !== undefined) entry.twiml = twiml;
  if (status !== undefined) entry.status = status;
  for (const key of ['FallbackUrl', 'FallbackMethod', 'StatusCallback', 'StatusCallbackMethod', 'TimeLimit']) {
    if (body[key] !== undefined) entry[key.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase())] = single(body[key]);
  }
  call.updates.push(entry);
  if (statusCallback) {
    call.statusCallback = statusCallback.url;
    call.statusCallbackMethod = statusCallback.method;
  }
  if (url !== undefined || twiml !== undefined) {
    call.queueSid = null; // a redirected call leaves its queue
    call.url = url !== undefined ? url : null;
    call.dateUpdated = store.nowMs();
  }
  if (status === 'completed') endCall(store, call, 'completed');
  if (status === 'canceled' && ['queued', 'ringing'].includes(call.status)) endCall(store, call, 'canceled');
  return call;
}

function sendMedia(rec, ext) {
  if (ext === '.mp3') {
    const bytes = rec.bytes || rec.wavBytes;
    return { status: 200, raw: bytes, contentType: 'audio/mpeg' };
  }
  const bytes = rec.wavBytes || rec.bytes;
  return { status: 200, raw: bytes, contentType: 'audio/x-wav' };
}

const handlers = {
  fetchAccount: ({ store }) => ({ status: 200, body: accountJson(store) }),

  listQueues: ({ store, query }) => ({
    status: 200,
    body: legacyPage({
      items: [...store.voiceQueues.values()],
      query,
      path: `${acctPath(store)}/Queues.json`,
      key: 'queues',
      toJson: (q) => queueJson(store, q),
    }),
  }),

  fetchQueue: ({ store, params }) => {
    const q = store.voiceQueues.get(params.queueSid);
    if (!q) throw notFound(`${acctPath(store)}/Queues/${params.queueSid}.json`);
    return { status: 200, body: queueJson(store, q) };
  },

  listCalls: ({ store, query }) => {
    const status = single(query.Status);
    const to = single(query.To);
    const from = single(query.From);
    const items = [...store.calls.values()]
      .filter((c) => (status === undefined || c.status === status) && (to === undefined || c.to === to) && (from === undefined || c.from === from))
      .reverse();
    return {
      status: 200,
      body: legacyPage({ items, query, path: `${acctPath(store)}/Calls.json`, key: 'calls', toJson: (c) => callJson(store, c) }),
    };
  },

  fetchCall: ({ store, params }) => ({ status: 200, body: callJson(store, getCall(store, params.callSid)) }),

  updateCall: ({ store, params, body }) => {
    const call = updateCall(store, getCall(store, params.callSid), body);
    return { status: 200, body: callJson(store, call) };
  },

  listRecordings: ({ store, query, baseUrl }) => {
    const callSid = single(query.CallSid);
    const items = [...store.recordings.values()].filter((r) => callSid === undefined || r.callSid === callSid).reverse();
    return {
      status: 200,
      body: legacyPage({ items, query, path: `${acctPath(store)}/Recordings.json`, key: 'recordings', toJson: (r) => recordingJson(store, r, baseUrl) }),
    };
  },

  fetchRecording: ({ store, params, baseUrl }) => ({
    status: 200,
    body: recordingJson(store, getRecording(store, params.recordingSid), baseUrl),
  }),

  fetchRecordingMedia: ({ store, params }) => sendMedia(getRecording(store, params.recordingSid), params.ext),

  deleteRecording: ({ store, params }) => {
    getRecording(store, params.recordingSid);
    store.recordings.delete(params.recordingSid);
    return { status: 204 };
  },
};

const AC = '^/api/2010-04-01/Accounts/(?<accountSid>[^/.]+)';
const JSON_EXT = '(?:\\.json)?';

const routes = [
  { method: 'GET', re: new RegExp(`${AC}${JSON_EXT}$`), kind: 'voice.accounts.fetch', handler: handlers.fetchAccount },
  { method: 'GET', re: new RegExp(`${AC}/Queues${JSON_EXT}$`), kind: 'voice.queues.list', handler: handlers.listQueues },
  { method: 'GET', re: new RegExp(`${AC}/Queues/(?<queueSid>[^/.]+)${JSON_EXT}$`), kind: 'voice.queues.fetch', handler: handlers.fetchQueue },
  { method: 'GET', re: new RegExp(`${AC}/Calls${JSON_EXT}$`), kind: 'voice.calls.list', handler: handlers.listCalls },
  { method: 'GET', re: new RegExp(`${AC}/Calls/(?<callSid>[^/.]+)${JSON_EXT}$`), kind: 'voice.calls.fetch', handler: handlers.fetchCall },
  { method: 'POST', re: new RegExp(`${AC}/Calls/(?<callSid>[^/.]+)${JSON_EXT}$`), kind: 'voice.calls.update', handler: handlers.updateCall },
  { method: 'GET', re: new RegExp(`${AC}/Recordings${JSON_EXT}$`), kind: 'voice.recordings.list', handler: handlers.listRecordings },
  { method: 'GET', re: new RegExp(`${AC}/Recordings/(?<recordingSid>[^/.]+)\\.json$`), kind: 'voice.recordings.fetch', handler: handlers.fetchRecording },
  { method: 'GET', re: new RegExp(`${AC}/Recordings/(?<recordingSid>[^/.]+)(?<ext>\\.mp3|\\.wav)?$`), kind: 'voice.recordings.media', handler: handlers.fetchRecordingMedia },
  { method: 'DELETE', re: new RegExp(`${AC}/Recordings/(?<recordingSid>[^/.]+)${JSON_EXT}$`), kind: 'voice.recordings.delete', handler: handlers.deleteRecording },
].map((r) => ({ ...r, handler: withAccount(r.handler) }));

module.exports = {
  routes,
  addCall,
  endCall,
  addRecording,
  callJson,
  callStateJson,
  queueJson,
  recordingJson,
  silentWav,
};
