'use strict';

// Programmable Voice, 2010-04-01 API: IncomingPhoneNumbers, the account's own
// numbers and where their calls go (VoiceUrl: a TwiML URL, or a Studio flow's
// webhook URL) and their texts (SmsUrl, see messaging.js). https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource

const { newSid, rfc2822Date } = require('./store');
const { TwilioError, notFound, badRequest, single } = require('./http');
const { legacyPage } = require('./paging');

const API_VERSION = '2010-04-01';
// The number simulated inbound calls reach when they name none (voice.addCall's default `to`).
const DEFAULT_INBOUND_NUMBER = '+15555550199';
const E164 = /^\+[1-9]\d{1,14}$/;
// Refusals: 21502 (not a URL) and 21403 (not GET or POST), https://www.twilio.com/docs/api/errors/21403
const METHODS = new Set(['GET', 'POST']);

const acctPath = (store) => `/${API_VERSION}/Accounts/${store.accountSid}`;

function numbersOf(store) {
  if (!store.incomingNumbers) store.incomingNumbers = new Map();
  return store.incomingNumbers;
}

function checkUrl(value, name) {
  if (value === '') return '';
  let parsed;
  try { parsed = new URL(value); } catch { parsed = null; }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw badRequest(`${name} is not a valid URL: ${value}`, 21502);
  return value;
}

function checkMethod(value, name) {
  const method = String(value).toUpperCase();
  if (!METHODS.has(method)) throw badRequest(`${name} must be GET or POST (got ${value})`, 21403);
  return method;
}

/** Adds a number to the account; input: { sid, phoneNumber, friendlyName, voiceUrl, voiceMethod, statusCallback }. */
function addIncomingNumber(store, input = {}) {
  const phoneNumber = String(input.phoneNumber || '');
  if (!E164.test(phoneNumber)) throw badRequest(`PhoneNumber must be in E.164 form: ${phoneNumber}`, 21421);
  const numbers = numbersOf(store);
  for (const n of numbers.values()) {
    if (n.phoneNumber === phoneNumber) throw new TwilioError(400, 21422, `Phone number ${phoneNumber} is already in this account`);
  }
  const now = store.nowMs();
  const number = {
    sid: input.sid || newSid('PN'),
    phoneNumber,
    friendlyName: input.friendlyName || phoneNumber,
    voiceUrl: input.voiceUrl === undefined ? '' : checkUrl(String(input.voiceUrl), 'VoiceUrl'),
    voiceMethod: input.voiceMethod === undefined ? 'POST' : checkMethod(input.voiceMethod, 'VoiceMethod'),
    voiceFallbackUrl: '',
    voiceFallbackMethod: 'POST',
    statusCallback: input.statusCallback || '',
    statusCallbackMethod: 'POST',
    // Where texts to the number go (messaging.js delivers them).
    smsUrl: input.smsUrl === undefined ? '' : checkUrl(String(input.smsUrl), 'SmsUrl'),
    smsMethod: input.smsMethod === undefined ? 'POST' : checkMethod(input.smsMethod, 'SmsMethod'),
    dateCreated: now,
    dateUpdated: now,
  };
  numbers.set(number.sid, number);
  return number;
}

function findIncomingNumber(store, phoneNumber) {
  for (const n of numbersOf(store).values()) if (n.phoneNumber === phoneNumber) return n;
  return null;
}

function numberJson(store, n) {
  return {
    account_sid: store.accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: API_VERSION,
    beta: false,
    bundle_sid: null,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: rfc2822Date(n.dateCreated),
    date_updated: rfc2822Date(n.dateUpdated),
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    emergency_status: 'Inactive',
    friendly_name: n.friendlyName,
    identity_sid: null,
    origin: 'twilio',
    phone_number: n.phoneNumber,
    sid: n.sid,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: n.smsMethod || 'POST',
    sms_url: n.smsUrl || '',
    status: 'in-use',
    status_callback: n.statusCallback,
    status_callback_method: n.statusCallbackMethod,
    trunk_sid: null,
    type: 'local',
    uri: `${acctPath(store)}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_application_sid: '',
    voice_caller_id_lookup: false,
    voice_fallback_method: n.voiceFallbackMethod,
    voice_fallback_url: n.voiceFallbackUrl,
    voice_method: n.voiceMethod,
    voice_receive_mode: 'voice',
    voice_url: n.voiceUrl,
    subresource_uris: { assigned_add_ons: `${acctPath(store)}/IncomingPhoneNumbers/${n.sid}/AssignedAddOns.json` },
  };
}

function getNumber(store, sid) {
  const n = numbersOf(store).get(sid);
  if (!n) throw notFound(`${acctPath(store)}/IncomingPhoneNumbers/${sid}.json`);
  return n;
}

// The list's PhoneNumber filter matches a whole number or a part of its digits
// (the docs' "pattern"); FriendlyName matches exactly.
function matchesFilter(n, { phoneNumber, friendlyName }) {
  if (friendlyName !== undefined && n.friendlyName !== friendlyName) return false;
  if (phoneNumber === undefined || phoneNumber === '') return true;
  const digits = String(phoneNumber).replace(/[^\d]/g, '');
  return n.phoneNumber === phoneNumber || (digits !== '' && n.phoneNumber.includes(digits));
}

function updateNumber(store, n, body) {
  const fields = {
    VoiceUrl: (v) => { n.voiceUrl = checkUrl(v, 'VoiceUrl'); },
    VoiceMethod: (v) => { n.voiceMethod = checkMethod(v, 'VoiceMethod'); },
    VoiceFallbackUrl: (v) => { n.voiceFallbackUrl = checkUrl(v, 'VoiceFallbackUrl'); },
    VoiceFallbackMethod: (v) => { n.voiceFallbackMethod = checkMethod(v, 'VoiceFallbackMethod'); },
    StatusCallback: (v) => { n.statusCallback = checkUrl(v, 'StatusCallback'); },
    StatusCallbackMethod: (v) => { n.statusCallbackMethod = checkMethod(v, 'StatusCallbackMethod'); },
    FriendlyName: (v) => { n.friendlyName = v; },
    SmsUrl: (v) => { n.smsUrl = checkUrl(v, 'SmsUrl'); },
    SmsMethod: (v) => { n.smsMethod = checkMethod(v, 'SmsMethod'); },
  };
  for (const [key, apply] of Object.entries(fields)) {
    const value = single(body[key]);
    if (value !== undefined) apply(String(value));
  }
  n.dateUpdated = store.nowMs();
  return n;
}

function withAccount(handler) {
  return (ctx) => {
    if (ctx.params.accountSid !== ctx.store.accountSid) throw notFound(`/${API_VERSION}/Accounts/${ctx.params.accountSid}`);
    return handler(ctx);
  };
}

const handlers = {
  list: ({ store, query }) => {
    const filter = { phoneNumber: single(query.PhoneNumber), friendlyName: single(query.FriendlyName) };
    const items = [...numbersOf(store).values()].filter((n) => matchesFilter(n, filter));
    return {
      status: 200,
      body: legacyPage({ items, query, path: `${acctPath(store)}/IncomingPhoneNumbers.json`, key: 'incoming_phone_numbers', toJson: (n) => numberJson(store, n) }),
    };
  },
  create: ({ store, body }) => {
    const number = addIncomingNumber(store, {
      phoneNumber: single(body.PhoneNumber),
      friendlyName: single(body.FriendlyName),
      voiceUrl: single(body.VoiceUrl),
      voiceMethod: single(body.VoiceMethod),
      statusCallback: single(body.StatusCallback),
      smsUrl: single(body.SmsUrl),
      smsMethod: single(body.SmsMethod),
    });
    return { status: 201, body: numberJson(store, number) };
  },
  fetch: ({ store, params }) => ({ status: 200, body: numberJson(store, getNumber(store, params.sid)) }),
  update: ({ store, params, body }) => {
    const n = getNumber(store, params.sid);
    const before = { ...n }; // a refused update changes nothing
    try {
      updateNumber(store, n, body);
    } catch (err) {
      Object.assign(n, before);
      throw err;
    }
    return { status: 200, body: numberJson(store, n) };
  },
  remove: ({ store, params }) => {
    getNumber(store, params.sid);
    numbersOf(store).delete(params.sid);
    return { status: 204 };
  },
};

const AC = '^/api/2010-04-01/Accounts/(?<accountSid>[^/.]+)/IncomingPhoneNumbers';
const JSON_EXT = '(?:\\.json)?';

const routes = [
  { method: 'GET', re: new RegExp(`${AC}${JSON_EXT}$`), kind: 'voice.numbers.list', handler: handlers.list },
  { method: 'POST', re: new RegExp(`${AC}${JSON_EXT}$`), kind: 'voice.numbers.create', handler: handlers.create },
  { method: 'GET', re: new RegExp(`${AC}/(?<sid>PN[^/.]+)${JSON_EXT}$`), kind: 'voice.numbers.fetch', handler: handlers.fetch },
  { method: 'POST', re: new RegExp(`${AC}/(?<sid>PN[^/.]+)${JSON_EXT}$`), kind: 'voice.numbers.update', handler: handlers.update },
  { method: 'DELETE', re: new RegExp(`${AC}/(?<sid>PN[^/.]+)${JSON_EXT}$`), kind: 'voice.numbers.delete', handler: handlers.remove },
].map((r) => ({ ...r, handler: withAccount(r.handler) }));

module.exports = { routes, addIncomingNumber, findIncomingNumber, numberJson, numbersOf, DEFAULT_INBOUND_NUMBER };
