'use strict';
// JSON responses with the CORS headers Flex needs, and the mapping of failures
// to the bodies Studio flows and the Flex plugin already read.

const { isCoreError } = require(Runtime.getFunctions()['common/core'].path);
const { CORS_HEADERS } = require(Runtime.getFunctions()['common/cors'].path);

// Bounds on what a request may carry once parsed. The runtime caps the raw body
// (6 MB locally); these keep a parsed body that is huge or absurdly shaped from
// reaching the core. The largest legitimate parameter is a voicemail transcript,
// a few kilobytes.
const MAX_PARAMS = 200;
const MAX_PARAM_BYTES = 64 * 1024;
const MAX_DEPTH = 16;

class MalformedRequest extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'MalformedRequest';
    this.status = status;
  }
}

function json(status, body) {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  for (const [key, value] of Object.entries(CORS_HEADERS)) response.appendHeader(key, value);
  response.appendHeader('Content-Type', 'application/json');
  response.setBody(body);
  return response;
}

/** The body of a TaskRouter outcome: `{ taskSid, success, message, twilioDocPage, twilioErrorCode }`. */
function taskOutcome(status, { taskSid = null, success, message, twilioDocPage = null, twilioErrorCode = null, ...more }, extra = {}) {
  return json(status, { taskSid, success, message, twilioDocPage, twilioErrorCode, ...more, ...extra });
}

/** A refusal for a task that changed under the request (409, as the core's CONFLICT). */
function conflict(message) {
  const err = new Error(message);
  err.name = 'CoreError';
  err.code = 'CONFLICT';
  err.status = 409;
  return err;
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
  if (err && err.name === 'MalformedRequest') return json(err.status, { data: null, success: false, message: err.message });
  if (err && err.name === 'TokenRejected') return json(403, { success: false, message: err.message });
  // A create that may or may not have happened: the key lets the caller ask again safely.
  if (err && err.name === 'CreateOutcomeUnknown') {
    return json(err.status, { taskSid: null, success: false, outcome: 'unknown', idempotencyKey: err.idempotencyKey, message: err.message });
  }
  const notCreated = err && err.createOutcome === 'not-created';
  const extra = notCreated ? { outcome: 'not-created' } : {};
  if (err && err.code === 'EDEADLINE') {
    return json(503, { success: false, ...extra, message: `${err.message}${notCreated ? ' Nothing was created; please try again.' : ' Please try again.'}` });
  }
  const outOfTime = err && err.budgetExhausted ? " The request's time budget ran out before Twilio succeeded." : '';
  const nothingMade = notCreated ? ' Nothing was created.' : '';
  if (isTwilioApiError(err)) {
    return json(err.status, {
      taskSid,
      success: false,
      ...extra,
      message: `${err.message || `Twilio answered HTTP ${err.status}.`}${outOfTime}${nothingMade}`,
      twilioDocPage: err.moreInfo || null,
      twilioErrorCode: Number.isInteger(err.code) ? err.code : null,
    });
  }
  const code = transportCode(err);
  if (code) {
    return json(502, { success: false, ...extra, message: `Twilio could not be reached (${code}); please try again.${nothingMade}` });
  }
  console.error(err && err.name === 'ConfigError' ? err.message : err);
  return json(500, { success: false, message: (err && err.message) || String(err) });
}

// Walks a parsed value without recursion, refusing one too deep or too large.
function checkShape(params) {
  const names = Object.keys(params);
  if (names.length > MAX_PARAMS) {
    throw new MalformedRequest(413, `The request has ${names.length} parameters; at most ${MAX_PARAMS} are accepted.`);
  }
  let bytes = 0;
  const stack = [[params, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (typeof value === 'string') bytes += value.length;
    else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH) throw new MalformedRequest(400, `The request's parameters are nested more than ${MAX_DEPTH} levels deep.`);
      for (const [key, inner] of Object.entries(value)) {
        bytes += key.length;
        stack.push([inner, depth + 1]);
      }
    } else bytes += 8;
    if (bytes > MAX_PARAM_BYTES) {
      throw new MalformedRequest(413, `The request's parameters exceed ${MAX_PARAM_BYTES / 1024} KB; nothing this function takes is that large.`);
    }
  }
}

/** Strips what the runtime adds to the event, leaving only the request's parameters. */
function requestParams(event) {
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    throw new MalformedRequest(400, 'The request body must be form fields or a JSON object.');
  }
  const { request, Token, TokenResult, ...params } = event;
  // The runtime spreads a top-level JSON array into the event as "0", "1", …;
  // no parameter of these functions has such a name.
  if (Object.prototype.hasOwnProperty.call(params, '0')) {
    throw new MalformedRequest(400, 'The request body must be form fields or a JSON object, not a list.');
  }
  checkShape(params);
  return params;
}

module.exports = { conflict, json, taskOutcome, failure, requestParams, MalformedRequest, CORS_HEADERS };
