'use strict';

// The HTTP server: routes `<base>/<domain>/<path>` (the official client's
// `https://<domain>.twilio.com/<path>`) to the API modules, checks basic auth,
// applies injected faults, logs REST requests, and serves the control surface.

const http = require('node:http');
const taskrouter = require('./taskrouter');
const taskrouterStatistics = require('./taskrouter-statistics');
const taskrouterEvents = require('./taskrouter-events');
const voice = require('./voice');
const iam = require('./iam');
const serverless = require('./serverless');
const flex = require('./flex');
const transcriptions = require('./transcriptions');
const sendgrid = require('./sendgrid');
const control = require('./control');
const numbers = require('./numbers');
const studio = require('./studio');
const sync = require('./sync');
const messaging = require('./messaging');
const { faultBody } = require('./faults');
const {
  TwilioError, errorBody, paramsFromSearch, readBody, parseBody, sendJson, sendBytes, sendError,
} = require('./http');

const API_ROUTES = [
  ...taskrouterStatistics.routes, ...taskrouter.routes, ...voice.routes, ...iam.routes, ...numbers.routes, ...studio.routes, ...serverless.routes, ...flex.routes, ...sync.routes,
  ...transcriptions.routes, ...sendgrid.routes, ...messaging.routes,
];
const CONTROL_ROUTES = [...control.routes, ...taskrouterEvents.controlRoutes, ...serverless.controlRoutes, ...flex.controlRoutes, ...transcriptions.controlRoutes, ...sendgrid.controlRoutes, ...messaging.controlRoutes];

// A client that rewrites https://<product>.<edge>.<region>.twilio.com/<path> to
// <base>/<product>/<path> names the host it meant in this header; Twilio
// serves every region's API at the same paths, so the emulator does too.
// Twilio's answers give absolute URLs (a page's next_page_url, a resource's
// url) at that host, and the twilio library reapplies its region and edge to
// any URL it follows, so such a request is answered with URLs at that host,
// not the emulator's own.
const TWILIO_HOST = /^([a-z0-9-]+)\.((?:[a-z0-9-]+\.)*twilio\.com)$/;

function originalHost(req) {
  const value = req.headers['x-original-host'];
  const host = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return TWILIO_HOST.test(host) ? host : null;
}

// The body with the emulator's own URLs (<base>/<product>/...) given at the Twilio host's suffix.
function atTwilioHost(body, baseUrl, host) {
  if (body === undefined || body === null) return body;
  const suffix = TWILIO_HOST.exec(host)[2];
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const own = new RegExp(`${escaped}/([a-z0-9-]+)(?=/)`, 'g');
  return JSON.parse(JSON.stringify(body).replace(own, (_, product) => `https://${product}.${suffix}`));
}

function matchRoute(routes, method, path) {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: { ...(m.groups || {}) } };
  }
  return { route: null, pathMatched };
}

function checkBasicAuth(req, store) {
  const header = req.headers.authorization || '';
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  return decoded.slice(0, i) === store.accountSid && decoded.slice(i + 1) === store.authToken;
}

function resetConnection(req) {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Leaves the request unanswered; after `ms` the connection is reset, so a client
// without a timeout of its own still sees the answer lost. The timer does not
// keep the process alive, and closing the emulator destroys the socket first.
function hang(req, ms) {
  const timer = setTimeout(() => resetConnection(req), ms);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

function createServer({ store, faults, log, controller }) {
  async function handleControl(req, res, path, query) {
    const match = matchRoute(CONTROL_ROUTES, req.method, path);
    if (!match.route) {
      const status = match.pathMatched ? 405 : 404;
      sendJson(res, status, { error: `${status === 405 ? 'method not allowed' : 'no control endpoint'}: ${req.method} ${path}` });
      return;
    }
    try {
      const raw = await readBody(req);
      let body = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, { error: 'control endpoints take a JSON body' });
          return;
        }
      }
      const out = await match.route.handler(controller, { params: match.params, query, body: body && typeof body === 'object' ? body : {} });
      sendJson(res, out.status, out.body);
    } catch (err) {
      const out = control.controlErrorBody(err);
      sendJson(res, out.status, out.body);
    }
  }

  async function handleApi(req, res, path, query) {
    const startedAt = Date.now();
    const host = originalHost(req);
    const entry = { method: req.method, host, path, query, kind: null, startedAt };
    const finish = (status, fault = null) => log.add({ ...entry, status, fault });

    const raw = await readBody(req).catch(() => Buffer.alloc(0));
    const match = matchRoute(API_ROUTES, req.method, path);
    if (!match.route) {
      const err = match.pathMatched
        ? new TwilioError(405, 20004, `Method ${req.method} not allowed on ${path}`)
        : new TwilioError(404, 20404, `The requested resource ${path} was not found`);
      sendError(res, err);
      finish(err.status);
      return;
    }
    const { route, params } = match;
    entry.kind = route.kind;

    // A route with `auth: false` is public, as hosted assets (https://<domain>.twil.io/...) are.
    if (route.auth !== false && !checkBasicAuth(req, store)) {
      sendJson(res, 401, errorBody(401, 20003, 'Authenticate'), { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      finish(401);
      return;
    }

    const decision = faults.decide(route.kind);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const { action } = decision;
    // Before the request is handled, or (`after`) once it was handled and its
    // change committed: the answer is lost the same ways. The log's status is what
    // the client got (null: no answer); `handled` the status the emulator decided.
    const loseAnswer = (handled) => {
      const suffix = handled === undefined ? '' : '-after-commit';
      if (handled !== undefined) entry.handled = handled;
      if (action.type === 'reset') {
        finish(null, `reset${suffix}`);
        resetConnection(req);
      } else if (action.type === 'hang') {
        finish(null, `hang${suffix}`);
        hang(req, action.ms);
      } else {
        sendJson(res, action.status, faultBody(action.status), action.status === 429 ? { 'Retry-After': '1' } : {});
        finish(action.status, `status${suffix}`);
      }
    };
    if (action && !action.after) {
      loseAnswer();
      return;
    }

    let result;
    try {
      const body = parseBody(req, raw);
      result = route.handler({ store, params, query, body, raw, headers: req.headers, baseUrl: controller.baseUrl });
    } catch (err) {
      if (err instanceof TwilioError && action) {
        // A refusal changed nothing, but its answer is lost all the same.
        loseAnswer(err.status);
        return;
      }
      if (err instanceof TwilioError) {
        sendError(res, err);
        finish(err.status);
        return;
      }
      sendJson(res, 500, errorBody(500, 20500, `Internal emulator error: ${err && err.message}`));
      finish(500);
      return;
    }
    if (action) {
      // The change stands; the status logged is the one the client never saw.
      loseAnswer(result.status);
      return;
    }
    if (result.raw) {
      sendBytes(res, result.status, result.raw, result.contentType, result.headers);
    } else {
      const body = host && controller.baseUrl ? atTwilioHost(result.body, controller.baseUrl, host) : result.body;
      sendJson(res, result.status, body, result.headers);
    }
    finish(result.status);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://emulator.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const query = paramsFromSearch(url.search);
    const handler = path === '/__control' || path.startsWith('/__control/') ? handleControl : handleApi;
    handler(req, res, path, query).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 20500, `Internal emulator error: ${err && err.message}`));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

module.exports = { createServer, API_ROUTES };
