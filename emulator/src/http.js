'use strict';

// HTTP plumbing shared by every module: Twilio error bodies, body and query
// parsing, JSON and binary answers.

const MORE_INFO_BASE = 'https://www.twilio.com/docs/errors/';

class TwilioError extends Error {
  constructor(status, code, message, extra) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra || null;
  }
}

function errorBody(status, code, message) {
  return { code, message, more_info: MORE_INFO_BASE + code, status };
}

const notFound = (what) => new TwilioError(404, 20404, `The requested resource ${what} was not found`);
const badRequest = (message, code = 20001) => new TwilioError(400, code, message);

// Form and query parameters: a repeated key becomes an array.
function paramsFromSearch(search) {
  const out = {};
  const sp = new URLSearchParams(search);
  for (const [key, value] of sp) {
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      out[key] = [].concat(out[key], value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

// Last value of a possibly repeated parameter.
function single(value) {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

// All values of a repeated parameter, each split on commas.
function multi(value) {
  if (value === undefined || value === null) return [];
  return [].concat(value).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function readBody(req, limit = 16 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new TwilioError(413, 20001, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(req, raw) {
  if (!raw || raw.length === 0) return {};
  const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch {
      throw badRequest('Request body is not valid JSON');
    }
  }
  return paramsFromSearch(text);
}

function sendJson(res, status, body, headers = {}) {
  const payload = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function sendBytes(res, status, bytes, contentType, headers = {}) {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    ...headers,
  });
  res.end(bytes);
}

function sendError(res, err) {
  sendJson(res, err.status, errorBody(err.status, err.code, err.message), err.extra || {});
}

/** A form parameter read as Twilio reads a boolean (true/True, false/False); anything else is a 400. */
function formBoolean(body, key, fallback) {
  const value = single(body[key]);
  if (value === undefined || value === null) return fallback;
  const text = String(value);
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  throw badRequest(`${key} must be true or false`);
}

module.exports = {
  formBoolean,
  TwilioError,
  errorBody,
  notFound,
  badRequest,
  paramsFromSearch,
  single,
  multi,
  readBody,
  parseBody,
  sendJson,
  sendBytes,
  sendError,
};
