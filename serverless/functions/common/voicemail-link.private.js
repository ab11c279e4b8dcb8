'use strict';
// Time-limited links to a voicemail's task: HMAC-SHA256 over
// "<taskSid>.<expiry epoch seconds>" with VOICEMAIL_LINK_SECRET, base64url.
// The link carries no audio and no caller data; whoever opens it still signs
// in to Flex to hear the recording (fetch-voicemail checks who they are).

const crypto = require('crypto');

const LINK_PATH = '/features/callback-and-voicemail/voicemail-link';

function signature(secret, taskSid, expires) {
  return crypto.createHmac('sha256', secret).update(`${taskSid}.${expires}`).digest('base64url');
}

/** The link's URL at `baseUrl` (this service), for the task, expiring at `expires` (epoch seconds). */
function signedLink(baseUrl, secret, taskSid, expires) {
  const query = new URLSearchParams({ taskSid, expires: String(expires), sig: signature(secret, taskSid, expires) });
  return `${baseUrl}${LINK_PATH}?${query}`;
}

/**
 * Checks a link's parameters: resolves to { ok: true, taskSid } or
 * { ok: false, status, message } (a sentence naming what is wrong).
 */
function verifyLink(secret, { taskSid, expires, sig }, nowMs = Date.now()) {
  if (!secret) return { ok: false, status: 404, message: 'Voicemail links are not enabled on this service (VOICEMAIL_LINK_SECRET is not set).' };
  if (typeof taskSid !== 'string' || !/^WT[0-9a-f]{32}$/.test(taskSid)) return { ok: false, status: 400, message: 'taskSid is missing or is not a task SID.' };
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return { ok: false, status: 400, message: 'expires is missing or is not a time in epoch seconds.' };
  if (typeof sig !== 'string' || sig === '') return { ok: false, status: 400, message: 'sig is missing.' };
  const expected = Buffer.from(signature(secret, taskSid, expires));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return { ok: false, status: 403, message: 'This link is not valid: its signature does not match.' };
  }
  if (Number(expires) * 1000 <= nowMs) return { ok: false, status: 410, message: 'This link has expired; open the voicemail from Flex.' };
  return { ok: true, taskSid };
}

module.exports = { signedLink, verifyLink, LINK_PATH };
