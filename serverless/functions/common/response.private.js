'use strict';
// JSON responses with the CORS headers Flex needs, and the mapping of failures
// to the bodies Studio flows and the Flex plugin already read.

const { isCoreError } = require(Runtime.getFunctions()['common/core'].path);

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

function json(status, body) {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  for (const [key, value] of Object.entries(CORS_HEADERS)) response.appendHeader(key, value);
  response.appendHeader('Content-Type', 'application/json');
  response.setBody(body);
  return response;
}

/** The body of a TaskRouter outcome: `{ taskSid, success, message, twilioDocPage, twilioErrorCode }`. */
function taskOutcome(status, { taskSid = null, success, message, twilioDocPage = null, twilioErrorCode = null }) {
  return json(status, { taskSid, success, message, twilioDocPage, twilioErrorCode });
}

function isTwilioApiError(err) {
  return Boolean(err) && Number.isInteger(err.status) && err.status >= 400 && err.status <= 599;
}

const TRANSPORT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'ENOTFOUND']);

function transportCode(err) {
  const code = err && (typeof err.code === 'string' ? err.code : err.cause && err.cause.code);
  return TRANSPORT_CODES.has(code) ? code : null;
}

/**
 * The response for a failure:
 * - the core's refusals: 400 `{ data: null, message }` for a missing or malformed
 *   parameter, else their status with the task outcome body;
 * - Twilio API errors: TaskRouter's status, message and error code;
 * - Twilio unreachable: 502 with a sentence;
 * - anything else: 500 `{ success: false, message }`.
 */
function failure(err, { taskSid = null } = {}) {
  if (isCoreError(err)) {
    if (err.status === 400) return json(400, { data: null, message: err.message });
    if (err.status >= 500) return json(err.status, { success: false, message: err.message });
    return taskOutcome(err.status, { taskSid, success: false, message: err.message });
  }
  if (err && err.name === 'TokenRejected') return json(403, { success: false, message: err.message });
  if (isTwilioApiError(err)) {
    return taskOutcome(err.status, {
      taskSid,
      success: false,
      message: err.message || `Twilio answered HTTP ${err.status}.`,
      twilioDocPage: err.moreInfo || null,
      twilioErrorCode: Number.isInteger(err.code) ? err.code : null,
    });
  }
  const code = transportCode(err);
  if (code) {
    return json(502, { success: false, message: `Twilio could not be reached (${code}); please try again.` });
  }
  console.error(err && err.name === 'ConfigError' ? err.message : err);
  return json(500, { success: false, message: (err && err.message) || String(err) });
}

/** Strips what the runtime adds to the event, leaving only the request's parameters. */
function requestParams(event) {
  const { request, Token, TokenResult, ...params } = event || {};
  return params;
}

module.exports = { json, taskOutcome, failure, requestParams, CORS_HEADERS };
