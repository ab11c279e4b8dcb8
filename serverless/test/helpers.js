'use strict';
// Test harness: the Twilio emulator and the functions served in-process by the
// runtime handler's local server, wired together as a local deployment would be.

const fs = require('fs');
const http = require('http');
const path = require('path');
const { startEmulator } = require('@cbvm/twilio-emulator');
const { LocalDevelopmentServer } = require('@twilio/runtime-handler/dev');
const { getFunctionsAndAssets } = require('twilio-run/dist/runtime/internal/runtime-paths');
const { parseTwiml } = require('@cbvm/local/src/twiml');
const { freePort } = require('@cbvm/local/src/stack');
const { voiceRequestParams } = require('@cbvm/local/src/caller');
const { guardedApp } = require('../dev/body-errors');

const SERVERLESS_DIR = path.join(__dirname, '..');
const PATHS = {
  createCallback: '/features/callback-and-voicemail/studio/create-callback',
  waitExperience: '/features/callback-and-voicemail/studio/wait-experience',
  requeueCallback: '/features/callback-and-voicemail/flex/requeue-callback',
  fetchVoicemail: '/features/callback-and-voicemail/flex/fetch-voicemail',
};

function assertCoreVendored() {
  const bundle = path.join(SERVERLESS_DIR, 'assets', 'vendor', 'cbvm-core.private.js');
  if (!fs.existsSync(bundle)) {
    throw new Error('The core is not vendored into assets/vendor: run "npm run deploy:prepare" (npm test does it first).');
  }
}

/**
 * Starts an emulator and the functions, with the environment a local run uses.
 * `env` adds or overrides variables; the returned `env` object is the one the
 * functions read, so a test may change it between requests.
 */
async function startStack({ env = {}, emulator: emulatorOptions = {} } = {}) {
  assertCoreVendored();
  const emulator = await startEmulator({ port: 0, ...emulatorOptions });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = {
    ACCOUNT_SID: emulator.accountSid,
    AUTH_TOKEN: emulator.authToken,
    TWILIO_API_BASE_URL: emulator.url,
    FLEX_TOKEN_VALIDATION_BASE_URL: emulator.url,
    TWILIO_FLEX_WORKSPACE_SID: emulator.workspaceSid,
    TWILIO_FLEX_CALLBACK_WORKFLOW_SID: emulator.defaultWorkflowSid,
    TWILIO_SERVICE_MIN_BACKOFF: '1',
    TWILIO_SERVICE_MAX_BACKOFF: '5',
    ...env,
  };
  const routes = await getFunctionsAndAssets(SERVERLESS_DIR);
  const devServer = new LocalDevelopmentServer(port, {
    baseDir: SERVERLESS_DIR,
    env: fullEnv,
    port,
    url,
    detailedLogs: false,
    live: false,
    logs: false,
    legacyMode: false,
    appName: 'callback-and-voicemail-test',
    forkProcess: false,
    routes,
    enableDebugLogs: false,
  });
  const server = http.createServer(guardedApp(devServer.getApp()));
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function close() {
    await new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    await emulator.close();
  }

  return { emulator, url, env: fullEnv, close, request: (p, options) => request(url, p, options) };
}

/**
 * Sends a request to a function: form-encoded (as Studio and Twilio's voice
 * side do) unless `json` is true (as Flex may). Returns status, headers and body.
 */
async function request(baseUrl, pathOrUrl, { params = {}, json = false, method = 'POST' } = {}) {
  const target = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${baseUrl}${pathOrUrl}`;
  const init = { method, headers: {} };
  if (method === 'POST') {
    if (json) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(params);
    } else {
      init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(params).toString();
    }
  }
  const response = await fetch(target, init);
  const text = await response.text();
  let body = text;
  if ((response.headers.get('content-type') || '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}

// TwiML is read as the local simulated caller reads it.

/**
 * A caller as Twilio's voice side sees it: posts the call's parameters to TwiML
 * URLs, follows <Redirect>s and answers <Gather>s with Digits.
 */
class SimulatedCall {
  constructor(stack, { callSid, queueSid, from, to }) {
    this.stack = stack;
    this.callSid = callSid;
    this.queueSid = queueSid;
    this.from = from;
    this.to = to;
    this.inQueue = Boolean(queueSid);
    this.enqueuedAt = Date.now();
  }

  callParams(extra) {
    return voiceRequestParams({
      accountSid: this.stack.emulator.accountSid,
      callSid: this.callSid,
      from: this.from,
      to: this.to,
      queueSid: this.inQueue ? this.queueSid : null,
      enqueuedAt: this.enqueuedAt,
      extra,
    });
  }

  /** Requests a TwiML URL (absolute, or a path of the functions) and returns its verbs. */
  async fetch(url, extra = {}) {
    const response = await this.stack.request(url, { params: this.callParams(extra) });
    if (response.status !== 200) {
      throw new Error(`${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return parseTwiml(response.body);
  }

  /** Starts the wait experience as the queue's wait URL does. */
  enqueue() {
    return this.fetch(`${PATHS.waitExperience}?mode=initialize`);
  }

  /** Follows the <Redirect> ending these verbs. */
  async followRedirect(verbs) {
    const redirect = verbs[verbs.length - 1];
    if (!redirect || redirect.name !== 'Redirect') throw new Error(`no <Redirect> at the end: ${JSON.stringify(verbs)}`);
    return this.fetch(redirect.text);
  }

  /** Presses digits in the first <Gather> of these verbs. */
  async press(verbs, digits) {
    const gather = verbs.find((v) => v.name === 'Gather');
    if (!gather) throw new Error(`no <Gather>: ${JSON.stringify(verbs)}`);
    return this.fetch(gather.attrs.action, { Digits: digits });
  }
}

const verbNames = (verbs) => verbs.map((v) => v.name);
const queryOf = (url) => Object.fromEntries(new URL(url).searchParams);
const attributesOf = (task) => (typeof task.attributes === 'string' ? JSON.parse(task.attributes) : task.attributes);

/** Issues a Flex token the emulator's validation endpoint accepts. */
function issueToken(stack) {
  return stack.emulator.issueToken({ identity: 'agent@example.com' }).token;
}

/**
 * Makes the hold workflow as the deploy does (one target: a queue no worker
 * matches) and points the stack's functions at it; answers its SID. Call it
 * after each emulator reset.
 */
async function addHoldWorkflow(stack) {
  const ws = stack.emulator.twilioClient().taskrouter.v1.workspaces(stack.emulator.workspaceSid);
  const queue = await ws.taskQueues.create({ friendlyName: 'Callbacks on hold', targetWorkers: '1==0' });
  const wf = await ws.workflows.create({
    friendlyName: 'Callbacks on hold',
    configuration: JSON.stringify({
      task_routing: { filters: [{ filter_friendly_name: 'Held', expression: '1==1', targets: [{ queue: queue.sid }] }], default_filter: { queue: queue.sid } },
    }),
  });
  stack.env.CALLBACK_HOLD_WORKFLOW_SID = wf.sid;
  return wf.sid;
}

/**
 * Files a voicemail through create-callback: a recording and its transcription
 * in the emulator, then the webhook. Answers the sids and the create's response.
 */
async function fileVoicemail(stack, { numberToCall = '+14155550100', text = 'Please call me back', params = {} } = {}) {
  const recordingSid = stack.emulator.addRecording({ duration: 3 }).sid;
  const res = await fetch(`${stack.emulator.url}/__control/transcriptions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ recordingSid, text }),
  });
  const transcriptSid = (await res.json()).sid;
  const created = await stack.request(PATHS.createCallback, {
    params: { numberToCall, numberToCallFrom: '+18005550199', RecordingSid: recordingSid, TranscriptionSid: transcriptSid, ...params },
  });
  return { recordingSid, transcriptSid, created, taskSid: created.body && created.body.taskSid };
}

module.exports = {
  PATHS,
  fileVoicemail,
  startStack,
  addHoldWorkflow,
  request,
  parseTwiml,
  SimulatedCall,
  verbNames,
  queryOf,
  attributesOf,
  issueToken,
};
