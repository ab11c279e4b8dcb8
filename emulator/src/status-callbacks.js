'use strict';

// Call status callbacks, as Twilio sends them. A call's StatusCallback (set when
// the call is created or, as the functions do, on a call update with Url) is
// requested when the call ends: Twilio's default `completed` event.
// Parameters: https://www.twilio.com/docs/voice/api/call-resource#statuscallback
// Update: https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource
// Signature: https://www.twilio.com/docs/usage/security#validating-requests

const crypto = require('node:crypto');
const { rfc2822Date } = require('./store');

// HMAC-SHA1 over the URL and the POST parameters sorted by name, base64: the
// X-Twilio-Signature a real request carries.
function signature(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

function statusParams(store, call) {
  const durationS = call.endTime && call.startTime ? Math.max(0, Math.round((call.endTime - call.startTime) / 1000)) : 0;
  const params = {
    AccountSid: store.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Direction: call.direction,
    From: call.from,
    Caller: call.from,
    To: call.to,
    Called: call.to,
    Timestamp: rfc2822Date(call.endTime || store.nowMs()),
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
  };
  if (call.status === 'completed') params.CallDuration = String(durationS);
  return params;
}

/**
 * A webhook request as Twilio sends it: GET with the parameters in the query,
 * else a form-encoded POST; signed with X-Twilio-Signature either way
 * (https://www.twilio.com/docs/usage/security#validating-requests).
 */
function signedRequest(authToken, url, method, params) {
  const init = { method, headers: {} };
  if (method === 'GET') {
    const u = new URL(url);
    for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
    init.headers['X-Twilio-Signature'] = signature(authToken, u.toString(), {});
    return { target: u.toString(), init };
  }
  init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
  init.headers['X-Twilio-Signature'] = signature(authToken, url, params);
  init.body = new URLSearchParams(params).toString();
  return { target: url, init };
}

/**
 * Sends the ended call's status callback, if it has one, without waiting for it.
 * Each delivery is kept in `store.statusCallbacks` ({ url, method, params,
 * status, error }) and its promise in `store.pendingCallbacks`, so tests can
 * wait for them to settle.
 */
function deliverStatusCallback(store, call) {
  if (!call.statusCallback) return null;
  const method = String(call.statusCallbackMethod || 'POST').toUpperCase();
  const params = statusParams(store, call);
  const record = { url: call.statusCallback, method, params, status: null, error: null };
  store.statusCallbacks.push(record);
  const { target, init } = signedRequest(store.authToken, call.statusCallback, method, params);
  const delivery = fetch(target, init)
    .then(async (res) => {
      record.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    })
    .catch((err) => {
      record.error = (err && err.message) || String(err);
    })
    .finally(() => store.pendingCallbacks.delete(delivery));
  store.pendingCallbacks.add(delivery);
  return delivery;
}

/** Resolves once every status callback sent so far has been answered or has failed. */
async function settled(store) {
  while (store.pendingCallbacks.size > 0) await Promise.all([...store.pendingCallbacks]);
}

module.exports = { deliverStatusCallback, settled, signature, signedRequest, statusParams };
