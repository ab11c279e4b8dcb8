'use strict';

// Programmable Voice transcriptions (2010-04-01): the text of a <Record
// transcribe> recording, at the account and under its recording.
// https://www.twilio.com/docs/voice/api/recording-transcription
// A DELETE answers 204 with no body; an unknown SID is a 404 (error 20404).
// Deleting a recording does not delete its transcriptions here: a client that
// wants both gone deletes both.

const { newSid, rfc2822Date } = require('./store');
const { notFound } = require('./http');
const { legacyPage } = require('./paging');

const API_VERSION = '2010-04-01';
const acctPath = (store) => `/${API_VERSION}/Accounts/${store.accountSid}`;

// input: { sid, recordingSid, text, status, dateCreated }
function addTranscription(store, input = {}) {
  const now = input.dateCreated ? Date.parse(input.dateCreated) : store.nowMs();
  const tr = {
    sid: input.sid || newSid('TR'),
    recordingSid: input.recordingSid || null,
    text: input.text === undefined ? '' : String(input.text),
    status: input.status || 'completed',
    dateCreated: now,
  };
  store.transcriptions.set(tr.sid, tr);
  return tr;
}

function transcriptionJson(store, tr) {
  return {
    account_sid: store.accountSid,
    api_version: API_VERSION,
    date_created: rfc2822Date(tr.dateCreated),
    date_updated: rfc2822Date(tr.dateCreated),
    duration: null,
    price: null,
    price_unit: 'USD',
    recording_sid: tr.recordingSid,
    sid: tr.sid,
    status: tr.status,
    transcription_text: tr.text,
    type: 'fast',
    uri: `${acctPath(store)}/Transcriptions/${tr.sid}.json`,
  };
}

function getTranscription(store, sid, recordingSid) {
  const tr = store.transcriptions.get(sid);
  if (!tr || (recordingSid !== undefined && tr.recordingSid !== recordingSid)) {
    throw notFound(`${acctPath(store)}/Transcriptions/${sid}.json`);
  }
  return tr;
}

function withAccount(handler) {
  return (ctx) => {
    if (ctx.params.accountSid !== ctx.store.accountSid) throw notFound(`/${API_VERSION}/Accounts/${ctx.params.accountSid}`);
    return handler(ctx);
  };
}

const handlers = {
  list: ({ store, params, query }) => {
    const items = [...store.transcriptions.values()]
      .filter((t) => params.recordingSid === undefined || t.recordingSid === params.recordingSid)
      .reverse();
    const path = params.recordingSid ? `${acctPath(store)}/Recordings/${params.recordingSid}/Transcriptions.json` : `${acctPath(store)}/Transcriptions.json`;
    return { status: 200, body: legacyPage({ items, query, path, key: 'transcriptions', toJson: (t) => transcriptionJson(store, t) }) };
  },
  fetch: ({ store, params }) => ({ status: 200, body: transcriptionJson(store, getTranscription(store, params.sid, params.recordingSid)) }),
  remove: ({ store, params }) => {
    getTranscription(store, params.sid, params.recordingSid);
    store.transcriptions.delete(params.sid);
    return { status: 204 };
  },
};

const AC = '^/api/2010-04-01/Accounts/(?<accountSid>[^/.]+)';
const J = '(?:\\.json)?';
const REC = '/Recordings/(?<recordingSid>[^/.]+)';

const routes = [
  { method: 'GET', re: new RegExp(`${AC}/Transcriptions${J}$`), kind: 'voice.transcriptions.list', handler: handlers.list },
  { method: 'GET', re: new RegExp(`${AC}/Transcriptions/(?<sid>[^/.]+)${J}$`), kind: 'voice.transcriptions.fetch', handler: handlers.fetch },
  { method: 'DELETE', re: new RegExp(`${AC}/Transcriptions/(?<sid>[^/.]+)${J}$`), kind: 'voice.transcriptions.delete', handler: handlers.remove },
  { method: 'GET', re: new RegExp(`${AC}${REC}/Transcriptions${J}$`), kind: 'voice.transcriptions.list', handler: handlers.list },
  { method: 'GET', re: new RegExp(`${AC}${REC}/Transcriptions/(?<sid>[^/.]+)${J}$`), kind: 'voice.transcriptions.fetch', handler: handlers.fetch },
  { method: 'DELETE', re: new RegExp(`${AC}${REC}/Transcriptions/(?<sid>[^/.]+)${J}$`), kind: 'voice.transcriptions.delete', handler: handlers.remove },
].map((r) => ({ ...r, handler: withAccount(r.handler) }));

const C = '^/__control';
const controlRoutes = [
  ['POST', `${C}/transcriptions$`, (c, { body }) => ({ status: 201, body: transcriptionJson(c.store, addTranscription(c.store, body)) })],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = { routes, controlRoutes, addTranscription, transcriptionJson };
