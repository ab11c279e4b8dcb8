'use strict';
// The local Functions server (twilio-run's express app) parses bodies before a
// function runs, and answers a body it cannot parse with express's default
// HTML error page and stack trace, without CORS. These wrap that app so such a
// body is answered as the functions answer a bad parameter: 4xx JSON, CORS, a
// sentence. (In production Twilio's runtime parses bodies itself.)

const { CORS_HEADERS } = require('../functions/common/cors.private.js');

// Far above any real request (a voicemail callback is about 2 KB), far below
// the runtime's own 6 MB cap: a larger body is refused before it is read.
const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res, status, message) {
  if (res.headersSent) return;
  res.statusCode = status;
  for (const [key, value] of Object.entries(CORS_HEADERS)) res.setHeader(key, value);
  res.setHeader('Content-Type', 'application/json');
  // The rest of the body is not read: close the connection rather than drain it.
  res.setHeader('Connection', 'close');
  res.end(JSON.stringify({ data: null, success: false, message }));
}

// body-parser's error types (http-errors with a `type`) to a status and a sentence.
function describe(err) {
  switch (err && err.type) {
    case 'entity.too.large':
      return [413, `The request body is larger than the ${err.limit} bytes accepted.`];
    case 'entity.parse.failed':
      return [400, 'The request body is not a JSON object: it must be one object, such as {"numberToCall": "+14155550100"}.'];
    case 'parameters.too.many':
      return [413, 'The request has more form fields than are accepted.'];
    case 'encoding.unsupported':
      return [415, `The request body's Content-Encoding is not supported (${err.encoding || 'unknown'}); send it plain or gzip.`];
    case 'charset.unsupported':
      return [415, `The request body's charset is not supported (${err.charset || 'unknown'}); send UTF-8.`];
    case 'request.aborted':
    case 'request.size.invalid':
      return [400, 'The request body ended before its announced length.'];
    default: {
      const status = err && Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 400;
      return [status, 'The request body could not be read (a compressed body that does not decompress, or one in an unknown format).'];
    }
  }
}

/** An express error handler answering unreadable bodies as JSON with CORS. */
function bodyErrorHandler(err, req, res, next) { // eslint-disable-line no-unused-vars
  const [status, message] = describe(err);
  sendJson(res, status, message);
}

/**
 * Returns a request listener for http.createServer: it refuses a body announced
 * larger than MAX_BODY_BYTES before reading it, then hands the request to the
 * app, whose unreadable bodies bodyErrorHandler answers.
 */
function guardedApp(app) {
  app.use(bodyErrorHandler);
  return (req, res) => {
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
      sendJson(res, 413, `The request body is larger than the ${MAX_BODY_BYTES} bytes accepted.`);
      req.resume();
      return;
    }
    app(req, res);
  };
}

module.exports = { guardedApp, bodyErrorHandler, MAX_BODY_BYTES };
