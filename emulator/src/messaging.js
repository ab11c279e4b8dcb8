'use strict';

// Programmable Messaging, 2010-04-01 API: the Message resource (send, fetch,
// list) and, on the control surface, an inbound message delivered to a
// number's SmsUrl as Twilio delivers it (signed), whose TwiML <Message>
// replies are sent back to the sender.
// Resource and errors: https://www.twilio.com/docs/messaging/api/message-resource
// Incoming webhook parameters: https://www.twilio.com/docs/messaging/guides/webhook-request
// TwiML <Message>: https://www.twilio.com/docs/messaging/twiml/message
// Opt-out keywords Twilio answers itself: https://help.twilio.com/articles/223134027

const { newSid, rfc2822Date, isSid } = require('./store');
const { TwilioError, notFound, badRequest, single } = require('./http');
const { legacyPage } = require('./paging');
const { findIncomingNumber, numbersOf } = require('./numbers');
const { signature, signedRequest } = require('./status-callbacks');
const { resolveServiceUrl } = require('./service-hosts');

const API_VERSION = '2010-04-01';
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY = 1600; // error 21617
// Twilio's default keywords on long codes, matched on the whole message.
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);
const OPT_OUT_REPLY = 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.';
const OPT_IN_REPLY = 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe.';
const HELP_REPLY = 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.';

const acctPath = (store) => `/${API_VERSION}/Accounts/${store.accountSid}`;

function messagesOf(store) {
  if (!store.messages) store.messages = new Map();
  return store.messages;
}

// Pairs (recipient, sender) that opted out: Twilio keeps them per number.
function optOutsOf(store) {
  if (!store.smsOptOuts) store.smsOptOuts = new Set();
  return store.smsOptOuts;
}

// GSM-7 fits 160 characters a segment (153 when split); anything else is UCS-2: 70 (67).
function segments(body) {
  const gsm = /^[\x20-\x7E\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà]*$/.test(body);
  const [one, many] = gsm ? [160, 153] : [70, 67];
  const n = [...body].length;
  return n <= one ? 1 : Math.ceil(n / many);
}

function addMessage(store, m) {
  const now = store.nowMs();
  const message = {
    sid: newSid('SM'),
    direction: 'outbound-api',
    status: 'queued',
    messagingServiceSid: null,
    errorCode: null,
    errorMessage: null,
    statusCallback: null,
    dateSent: null,
    ...m,
    dateCreated: now,
    dateUpdated: now,
  };
  messagesOf(store).set(message.sid, message);
  return message;
}

function messageJson(store, m) {
  const uri = `${acctPath(store)}/Messages/${m.sid}.json`;
  return {
    account_sid: store.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822Date(m.dateCreated),
    date_sent: rfc2822Date(m.dateSent),
    date_updated: rfc2822Date(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(segments(m.body)),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${acctPath(store)}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri,
  };
}

// A messaging service's sender pool is the account's numbers here; the first is chosen.
function serviceSender(store) {
  const first = numbersOf(store).values().next();
  return first.done ? null : first.value.phoneNumber;
}

function checkCallbackUrl(value) {
  if (value === undefined || value === '') return null;
  let parsed;
  try { parsed = new URL(value); } catch { parsed = null; }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw badRequest(`The StatusCallback URL ${value} is not a valid URL.`, 21609);
  return value;
}

/** Sends a message as the Messages create endpoint does; returns the stored message. */
function sendMessage(store, { to, from, messagingServiceSid, body, statusCallback, direction = 'outbound-api' }) {
  if (!to) throw badRequest("A 'To' phone number is required.", 21604);
  if (!E164.test(to)) throw badRequest(`The 'To' number ${to} is not a valid phone number.`, 21211);
  if (body === undefined || body === '') throw badRequest('Message body is required.', 21602);
  if ([...body].length > MAX_BODY) throw badRequest('The concatenated message body exceeds the 1600 character limit.', 21617);
  let sender = from;
  if (messagingServiceSid !== undefined && messagingServiceSid !== '') {
    if (!isSid(messagingServiceSid, 'MG')) throw badRequest(`The Messaging Service Sid ${messagingServiceSid} is invalid.`, 21701);
    if (!from) sender = serviceSender(store);
    if (!sender) throw badRequest('The Messaging Service contains no phone numbers.', 21704);
  } else if (!from) {
    throw badRequest("A 'From' phone number is required.", 21603);
  }
  if (!findIncomingNumber(store, sender)) {
    throw badRequest(`The From phone number ${sender} is not a valid, SMS-capable inbound phone number or short code for your account.`, 21606);
  }
  if (optOutsOf(store).has(`${to} ${sender}`)) throw badRequest('Attempt to send to unsubscribed recipient', 21610);
  const message = addMessage(store, {
    to,
    from: sender,
    body,
    direction,
    messagingServiceSid: messagingServiceSid || null,
    statusCallback: checkCallbackUrl(statusCallback),
  });
  // Created answers `queued` (`accepted` through a messaging service, which picks
  // the sender later); the emulator's carrier delivers at once, so reads show it delivered.
  const created = messageJson(store, message);
  if (messagingServiceSid && !from) Object.assign(created, { status: 'accepted', from: null });
  message.status = 'delivered';
  message.dateSent = store.nowMs();
  deliverStatus(store, message);
  return created;
}

// Optional status callback: one `delivered` request, signed like every Twilio webhook.
function deliverStatus(store, m) {
  if (!m.statusCallback) return;
  const params = {
    AccountSid: store.accountSid, ApiVersion: API_VERSION, MessageSid: m.sid, SmsSid: m.sid,
    MessageStatus: m.status, SmsStatus: m.status, From: m.from, To: m.to,
  };
  if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
  const delivery = fetch(resolveServiceUrl(store, m.statusCallback), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature(store.authToken, m.statusCallback, params) },
    body: new URLSearchParams(params).toString(),
  })
    .then((res) => res.arrayBuffer())
    .catch(() => undefined)
    .finally(() => store.pendingCallbacks.delete(delivery));
  store.pendingCallbacks.add(delivery);
}

// DateSent filters take a date (YYYY-MM-DD) or, for a range, DateSent< and DateSent>.
function dateFilter(query) {
  const day = (v) => (v ? Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`) : null);
  const on = day(single(query.DateSent));
  const before = day(single(query['DateSent<']));
  const after = day(single(query['DateSent>']));
  const DAY = 86400000;
  return (ms) => (on === null || (ms >= on && ms < on + DAY)) && (before === null || ms < before + DAY) && (after === null || ms >= after);
}

function withAccount(handler) {
  return (ctx) => {
    if (ctx.params.accountSid !== ctx.store.accountSid) throw notFound(`/${API_VERSION}/Accounts/${ctx.params.accountSid}`);
    return handler(ctx);
  };
}

const handlers = {
  create: ({ store, body }) => ({
    status: 201,
    body: sendMessage(store, {
      to: single(body.To),
      from: single(body.From),
      messagingServiceSid: single(body.MessagingServiceSid),
      body: single(body.Body),
      statusCallback: single(body.StatusCallback),
    }),
  }),
  list: ({ store, query }) => {
    const to = single(query.To);
    const from = single(query.From);
    const inRange = dateFilter(query);
    // Newest first, as Twilio lists messages.
    const items = [...messagesOf(store).values()]
      .filter((m) => (!to || m.to === to) && (!from || m.from === from) && inRange(m.dateSent ?? m.dateCreated))
      .sort((a, b) => b.dateCreated - a.dateCreated);
    return {
      status: 200,
      body: legacyPage({ items, query, path: `${acctPath(store)}/Messages.json`, key: 'messages', toJson: (m) => messageJson(store, m) }),
    };
  },
  fetch: ({ store, params }) => {
    const m = messagesOf(store).get(params.sid);
    if (!m) throw notFound(`${acctPath(store)}/Messages/${params.sid}.json`);
    return { status: 200, body: messageJson(store, m) };
  },
};

const AC = '^/api/2010-04-01/Accounts/(?<accountSid>[^/.]+)/Messages';
const JSON_EXT = '(?:\\.json)?';

const routes = [
  { method: 'GET', re: new RegExp(`${AC}${JSON_EXT}$`), kind: 'messaging.messages.list', handler: handlers.list },
  { method: 'POST', re: new RegExp(`${AC}${JSON_EXT}$`), kind: 'messaging.messages.create', handler: handlers.create },
  { method: 'GET', re: new RegExp(`${AC}/(?<sid>SM[^/.]+)${JSON_EXT}$`), kind: 'messaging.messages.fetch', handler: handlers.fetch },
].map((r) => ({ ...r, handler: withAccount(r.handler) }));

// ---------- inbound messages (control surface) ----------

const decodeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');

// The texts of a TwiML answer's <Message> verbs (plain text, or a <Body> noun).
function twimlMessages(xml) {
  const out = [];
  const re = /<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const body = /<Body(?:\s[^>]*)?>([\s\S]*?)<\/Body>/.exec(m[1]);
    out.push(decodeXml((body ? body[1] : m[1]).trim()));
  }
  return out;
}

/**
 * A customer's text to one of the account's numbers: Twilio answers its
 * keywords (and records opt-outs), then requests the number's SmsUrl, signed,
 * and sends the <Message> replies of its TwiML. Returns the inbound message,
 * the webhook's HTTP status and the replies sent (or refused).
 */
async function deliverInbound(store, { from, to, body }) {
  if (!E164.test(String(from || ''))) throw badRequest(`from must be an E.164 number (got ${from})`);
  const number = findIncomingNumber(store, to);
  if (!number) throw badRequest(`to must be one of the account's numbers (got ${to})`);
  const text = String(body ?? '');
  const inbound = addMessage(store, { to, from, body: text, direction: 'inbound', status: 'received' });
  inbound.dateSent = store.nowMs();
  const replies = [];
  const reply = (replyBody) => {
    try {
      const sent = sendMessage(store, { to: from, from: to, body: replyBody, direction: 'outbound-reply' });
      replies.push({ sid: sent.sid, body: replyBody, status: 'delivered' });
    } catch (err) {
      if (!(err instanceof TwilioError)) throw err;
      replies.push({ body: replyBody, status: 'failed', errorCode: err.code, errorMessage: err.message });
    }
  };
  const keyword = text.trim().toUpperCase();
  const params = {
    AccountSid: store.accountSid, ApiVersion: API_VERSION, MessageSid: inbound.sid, SmsSid: inbound.sid,
    SmsMessageSid: inbound.sid, SmsStatus: 'received', From: from, To: to, Body: text, NumMedia: '0',
    NumSegments: String(segments(text)),
  };
  if (OPT_OUT.has(keyword)) {
    optOutsOf(store).add(`${from} ${to}`);
    params.OptOutType = 'STOP';
    reply(OPT_OUT_REPLY);
  } else if (OPT_IN.has(keyword)) {
    optOutsOf(store).delete(`${from} ${to}`);
    params.OptOutType = 'START';
    reply(OPT_IN_REPLY);
  } else if (HELP.has(keyword)) {
    params.OptOutType = 'HELP';
    reply(HELP_REPLY);
  }
  const result = { message: messageJson(store, inbound), webhook: null, replies };
  if (!number.smsUrl) return result;
  const method = number.smsMethod || 'POST';
  const { target, init } = signedRequest(store.authToken, number.smsUrl, method, params);
  try {
    // A deployed service's domain is served by its registered local server; the signature stays over the configured URL.
    const res = await fetch(resolveServiceUrl(store, target), init);
    const xml = await res.text();
    result.webhook = { url: number.smsUrl, status: res.status };
    if (res.ok) for (const b of twimlMessages(xml)) reply(b);
  } catch (err) {
    result.webhook = { url: number.smsUrl, error: (err && err.message) || String(err) };
  }
  return result;
}

/** Every message to or from a number, oldest first: what that phone has seen. */
function conversation(store, number) {
  return [...messagesOf(store).values()]
    .filter((m) => m.to === number || m.from === number)
    .sort((a, b) => a.dateCreated - b.dateCreated)
    .map((m) => messageJson(store, m));
}

const ok = (body, status = 200) => ({ status, body });
const controlRoutes = [
  // { from, to, body }: a text from `from` to the account's number `to`.
  ['POST', '^/__control/messages$', async (c, { body }) => ok(await deliverInbound(c.store, body || {}), 201)],
  // ?number=+1…: the messages that phone sent and received.
  ['GET', '^/__control/messages$', (c, { query }) => ok({ messages: conversation(c.store, single(query.number)) })],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = { routes, controlRoutes, sendMessage, deliverInbound, conversation, twimlMessages, messagesOf };
