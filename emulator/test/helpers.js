'use strict';

const twilio = require('twilio');
const { startEmulator, createLocalHttpClient } = require('../src');

// Starts an emulator and a twilio client aimed at it through createLocalHttpClient.
async function setup(options = {}) {
  const emu = await startEmulator(options);
  const client = twilio(emu.accountSid, emu.authToken, { httpClient: createLocalHttpClient(emu.url) });
  const ws = client.taskrouter.v1.workspaces(emu.workspaceSid);
  return { emu, client, ws };
}

// JSON call to a control endpoint.
async function control(emu, method, path, body) {
  const res = await fetch(`${emu.url}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function basicAuth(emu, token = emu.authToken) {
  return 'Basic ' + Buffer.from(`${emu.accountSid}:${token}`).toString('base64');
}

// Resolves with the rejection of a promise (fails if it resolves).
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

// A local HTTP server standing in for an application's webhook URL (status
// callbacks, TaskRouter's event callback): it keeps every request it receives
// and answers each with `status`, `contentType` and `body`.
async function receiver({ status = 200, contentType = 'text/xml', body = '<Response/>' } = {}) {
  const http = require('node:http');
  const received = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, params: Object.fromEntries(new URLSearchParams(text)) });
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

module.exports = { setup, control, basicAuth, rejection, receiver, twilio };
