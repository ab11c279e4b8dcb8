'use strict';
// The local Flex host's HTTP server: the agent page (/), the caller panel
// (/caller), the libraries Flex shares with plugins (React, ReactDOM, Redux,
// ReactRedux), the real Flex UI module, the built plugin bundle, the page's
// configuration (with a Flex token issued by the emulator), a proxy to the
// emulator, and the simulated caller's API.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { CallerDesk } = require('./caller');

const LOCAL_DIR = path.join(__dirname, '..');
const WEB_DIR = path.join(LOCAL_DIR, 'web');
const DIST_DIR = path.join(LOCAL_DIR, 'dist');
const ASSETS_DIR = path.join(LOCAL_DIR, 'assets');

/** The demo agent: one worker, two activities. */
const AGENT = Object.freeze({
  workerSid: 'WK' + 'a'.repeat(32),
  identity: 'alex.agent@example.com',
  fullName: 'Alex Agent',
  activities: {
    available: { sid: 'WA' + '1'.repeat(32), name: 'Available', available: true },
    offline: { sid: 'WA' + '0'.repeat(32), name: 'Offline', available: false },
  },
});
/** The contact centre's number: the caller ID of outbound calls by default, the number callers dial. */
const CONTACT_CENTRE_NUMBER = '+18005550100';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

// The UMD builds a Flex page provides to plugins; Redux and ReactRedux are the
// ones Flex itself depends on.
function vendorFiles({ development }) {
  const local = (id) => require.resolve(id, { paths: [LOCAL_DIR] });
  const flexDir = path.dirname(local('@twilio/flex-ui/package.json'));
  const fromFlex = (id) => require.resolve(id, { paths: [flexDir] });
  const flavour = development ? 'development' : 'production.min';
  return {
    'react.js': path.join(path.dirname(local('react/package.json')), 'umd', `react.${flavour}.js`),
    'react-dom.js': path.join(path.dirname(local('react-dom/package.json')), 'umd', `react-dom.${flavour}.js`),
    'redux.js': path.join(path.dirname(fromFlex('redux/package.json')), 'dist', development ? 'redux.js' : 'redux.min.js'),
    'react-redux.js': path.join(path.dirname(fromFlex('react-redux/package.json')), 'dist', development ? 'react-redux.js' : 'react-redux.min.js'),
  };
}

function send(res, status, body, type = 'application/json') {
  const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(data);
}

function sendFile(res, file) {
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return send(res, 404, { error: `not found: ${path.basename(file)}` });
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
    return undefined;
  });
}

// Serves a file from a folder, refusing paths that climb out of it.
function sendFrom(res, dir, relative) {
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + decodeURIComponent(relative)));
  if (!file.startsWith(path.resolve(dir) + path.sep)) return send(res, 403, { error: 'outside the served folder' });
  return sendFile(res, file);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJsonBody(req) {
  const raw = await readBody(req);
  if (!raw.length) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    const err = new Error('The body must be JSON.');
    err.status = 400;
    throw err;
  }
}

async function proxy(req, res, target) {
  const body = ['GET', 'HEAD'].includes(req.method) ? undefined : await readBody(req);
  const headers = {};
  for (const name of ['content-type', 'authorization', 'if-match', 'accept']) if (req.headers[name]) headers[name] = req.headers[name];
  let upstream;
  try {
    upstream = await fetch(target, { method: req.method, headers, body });
  } catch (err) {
    return send(res, 502, { error: `The emulator did not answer: ${err.message}` });
  }
  const data = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') || 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(data);
  return undefined;
}

/**
 * Creates the host server. `pluginBundle` is the built plugin file; its folder
 * is served at /plugins/ so files beside it load too.
 */
function createHostServer({ emulatorUrl, functionsUrl, pluginBundle, accountSid, authToken, workspaceSid, workflowSid, mainTimeZone, featureConfig, viaStudio = false, development = false }) {
  const vendor = vendorFiles({ development });
  const pluginDir = path.dirname(pluginBundle);
  const pluginFile = path.basename(pluginBundle);
  const desk = new CallerDesk({ emulatorUrl, functionsUrl, accountSid, workflowSid, viaStudio });

  // The host logs in as the agent; with ?role=supervisor the same worker also
  // has Flex's supervisor role (the callbacks view is for supervisors and admins).
  async function issueToken(roles = ['agent']) {
    const response = await fetch(`${emulatorUrl}/__control/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: AGENT.identity, workerSid: AGENT.workerSid, roles, expiresInSec: 12 * 3600 }),
    });
    if (!response.ok) throw new Error(`The emulator refused to issue a Flex token (${response.status}).`);
    return (await response.json()).token;
  }

  async function pageConfig(role) {
    const roles = role === 'supervisor' || role === 'admin' ? ['agent', role] : ['agent'];
    return {
      roles,
      accountSid,
      authToken,
      workspaceSid,
      workflowSid,
      functionsUrl,
      emulatorBase: '/emulator',
      mainTimeZone,
      contactCentreNumber: CONTACT_CENTRE_NUMBER,
      agent: AGENT,
      token: await issueToken(roles),
      featureConfig,
      plugin: { url: `/plugins/${pluginFile}`, present: fs.existsSync(pluginBundle), path: pluginBundle },
    };
  }

  async function callerApi(req, res, rest) {
    if (req.method === 'GET' && rest === '/calls') return send(res, 200, { calls: desk.list(), contactCentreNumber: CONTACT_CENTRE_NUMBER });
    if (req.method === 'POST' && rest === '/calls') {
      const body = await readJsonBody(req);
      const caller = await desk.dial({ from: body.from || '+14155550123', to: body.to || CONTACT_CENTRE_NUMBER });
      return send(res, 201, caller.view());
    }
    // The caller's phone also receives texts (booking confirmations) and can reply to the contact centre's number.
    if (rest === '/messages' && req.method === 'GET') {
      const number = new URL(req.url, 'http://host.invalid').searchParams.get('number') || '';
      return proxy(req, res, `${emulatorUrl}/__control/messages?number=${encodeURIComponent(number)}`);
    }
    if (rest === '/messages' && req.method === 'POST') {
      const body = await readJsonBody(req);
      const upstream = await fetch(`${emulatorUrl}/__control/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: body.from, to: body.to || CONTACT_CENTRE_NUMBER, body: body.body }),
      });
      return send(res, upstream.status, await upstream.json());
    }
    const m = /^\/calls\/(CA[0-9a-f]{32})(?:\/(press|wait|record|hangup))?$/.exec(rest);
    if (!m) return send(res, 404, { error: `no caller endpoint ${req.method} ${rest}` });
    const caller = desk.get(m[1]);
    if (req.method === 'GET' && !m[2]) return send(res, 200, caller.view());
    if (req.method !== 'POST' || !m[2]) return send(res, 405, { error: 'method not allowed' });
    const body = await readJsonBody(req);
    if (m[2] === 'press') await caller.press(body.digits);
    if (m[2] === 'wait') await caller.keepWaiting();
    if (m[2] === 'record') await caller.leaveRecording({ transcript: body.transcript });
    if (m[2] === 'hangup') await caller.hangUp();
    return send(res, 200, caller.view());
  }

  async function route(req, res) {
    const url = new URL(req.url, 'http://host.invalid');
    const p = url.pathname;
    if (p === '/health') return send(res, 200, { ok: true });
    if (p === '/' || p === '/index.html') return sendFile(res, path.join(WEB_DIR, 'index.html'));
    if (p === '/caller' || p === '/caller/') return sendFile(res, path.join(WEB_DIR, 'caller.html'));
    if (p === '/host.css') return sendFile(res, path.join(WEB_DIR, 'host.css'));
    if (p === '/host-config.json') return send(res, 200, await pageConfig(url.searchParams.get('role')));
    if (p.startsWith('/vendor/')) {
      const name = p.slice('/vendor/'.length);
      if (vendor[name]) return sendFile(res, vendor[name]);
      if (name === 'flex-ui.js') return sendFile(res, path.join(DIST_DIR, 'flex-ui.js'));
      return send(res, 404, { error: `no vendor file ${name}` });
    }
    if (p === '/host.js' || p === '/caller.js') return sendFile(res, path.join(DIST_DIR, p.slice(1)));
    if (p.startsWith('/plugins/')) return sendFrom(res, pluginDir, p.slice('/plugins/'.length));
    if (p.startsWith('/assets/')) return sendFrom(res, ASSETS_DIR, p.slice('/assets/'.length));
    if (p.startsWith('/emulator/')) return proxy(req, res, `${emulatorUrl}${p.slice('/emulator'.length)}${url.search}`);
    if (p.startsWith('/caller/api/')) return callerApi(req, res, p.slice('/caller/api'.length));
    return send(res, 404, { error: `not found: ${p}` });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      if (res.headersSent) return res.destroy();
      return send(res, err.status || 500, { error: err.message });
    });
  });
  return { server, desk };
}

module.exports = { createHostServer, AGENT, CONTACT_CENTRE_NUMBER };
