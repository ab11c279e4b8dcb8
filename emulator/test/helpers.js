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

module.exports = { setup, control, basicAuth, rejection, twilio };
