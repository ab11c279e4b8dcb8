'use strict';

// Package entry: start an emulator in-process, and the client helper.

const { Store, newSid, isSid } = require('./store');
const { Faults } = require('./faults');
const { RequestLog } = require('./request-log');
const { Controller, DEFAULT_TASK_QUEUE_SID, DEFAULT_WORKFLOW_SID } = require('./control');
const { createServer } = require('./server');
const { createLocalHttpClient, rewriteTwilioUrl } = require('./local-client');
const { registerServiceHost } = require('./service-hosts');
const serverless = require('./serverless');
const flex = require('./flex');
const studioEngine = require('./studio-engine');
const taskrouterEvents = require('./taskrouter-events');
const messaging = require('./messaging');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function startEmulator({
  port = 0,
  host = '127.0.0.1',
  accountSid,
  authToken,
  workspaceSid,
  seed,
  defaults = true,
} = {}) {
  if (!LOOPBACK.has(host) && !/^127\.\d+\.\d+\.\d+$/.test(host)) {
    throw new Error(`the emulator listens on loopback addresses only (got ${host})`);
  }
  const store = new Store({ accountSid, authToken, workspaceSid });
  const faults = new Faults();
  const log = new RequestLog();
  const controller = new Controller({ store, faults, log, defaults, seed: seed || null });
  const server = createServer({ store, faults, log, controller });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const hostForUrl = address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  controller.baseUrl = url;

  let closed = null;
  function close() {
    if (!closed) {
      closed = new Promise((resolve) => {
        if (store.routingTimer) clearTimeout(store.routingTimer);
        store.routingTimer = null;
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    }
    return closed;
  }

  return {
    url,
    port: address.port,
    host: address.address,
    accountSid: store.accountSid,
    authToken: store.authToken,
    workspaceSid: store.workspaceSid,
    defaultWorkflowSid: defaults ? DEFAULT_WORKFLOW_SID : null,
    defaultTaskQueueSid: defaults ? DEFAULT_TASK_QUEUE_SID : null,
    store,
    server,
    close,
    // control helpers (same operations as the /__control/ endpoints)
    state: () => controller.state(),
    reset: (options) => controller.reset(options),
    seed: (spec) => controller.seed(spec),
    simulateInboundCall: (input) => controller.simulateInboundCall(input),
    assignTask: (taskSid, opts) => controller.assignTask(taskSid, opts),
    setWorker: (input) => controller.setWorker(input),
    tasks: (filter) => controller.tasks(filter),
    task: (sid) => controller.task(sid),
    calls: () => controller.calls(),
    call: (sid) => controller.call(sid),
    hangup: (sid) => controller.hangup(sid),
    setPhone: (input) => controller.setPhone(input),
    phone: (number) => controller.phone(number),
    statusCallbacks: () => controller.statusCallbacks(),
    statusCallbacksSettled: () => controller.statusCallbacksSettled(),
    // TaskRouter events: all recorded ({ event_type, task_sid, date, params }), and the
    // posts to the workspace's EventCallbackUrl ({ url, eventType, params, status, error }).
    taskrouterEvents: (filter) => taskrouterEvents.listEvents(store, filter),
    eventCallbacks: () => store.eventCallbacks.map(taskrouterEvents.deliveryJson),
    eventCallbacksSettled: async () => {
      await taskrouterEvents.settled(store);
      return store.eventCallbacks.map(taskrouterEvents.deliveryJson);
    },
    // Studio: a call to one of the account's numbers, and the caller's turns in its flow.
    placeCall: (input) => studioEngine.placeCall(controller, input),
    callStep: (sid) => studioEngine.callStep(controller, sid),
    sendDigits: (sid, input) => studioEngine.sendDigits(controller, sid, input),
    gatherTimeout: (sid) => studioEngine.gatherTimeout(controller, sid),
    leaveRecording: (sid, input) => studioEngine.leaveRecording(controller, sid, input),
    addRecording: (input) => controller.addRecording(input),
    // A customer's text to one of the account's numbers ({ from, to, body }), delivered to its SmsUrl.
    sendInboundMessage: (input) => messaging.deliverInbound(store, input),
    // The messages a phone number sent and received, oldest first.
    messagesOf: (number) => messaging.conversation(store, number),
    issueToken: (input) => controller.issueToken(input),
    addFault: (rule) => controller.addFault(rule),
    setFaults: (rules) => controller.setFaults(rules),
    listFaults: () => controller.listFaults(),
    clearFaults: () => controller.clearFaults(),
    requests: (filter) => controller.requests(filter),
    clearRequests: () => controller.clearRequests(),
    advanceClock: (ms) => controller.advanceClock(ms),
    setEvaluateRateLimit: (limit) => controller.setEvaluateRateLimit(limit),
    // Serverless and Flex: what a deploy left behind, for a local stack to serve.
    deployedFiles: (which) => serverless.deployedFiles(store, which),
    registerServiceHost: (input) => registerServiceHost(store, input),
    hostedUrl: (domainName, path) => serverless.hostedUrl(url, domainName, path),
    setBuildBehaviour: (behaviour) => serverless.setBuildBehaviour(store, behaviour),
    activePlugins: () => flex.activePlugins(store),
    flexConfiguration: () => flex.flexConfiguration(store, url),
    seedFlexConfiguration: (patch) => flex.seedFlexConfiguration(store, patch, url),
    httpClient: (options) => createLocalHttpClient(url, options),
    twilioClient: (options = {}) => {
      const twilio = options.twilio || require('twilio');
      return twilio(store.accountSid, store.authToken, { httpClient: createLocalHttpClient(url, { twilio }) });
    },
  };
}

module.exports = {
  startEmulator,
  createLocalHttpClient,
  rewriteTwilioUrl,
  newSid,
  isSid,
  DEFAULT_TASK_QUEUE_SID,
  DEFAULT_WORKFLOW_SID,
};
