'use strict';

// In-memory state of the emulated Twilio account: SIDs, clock, and the
// collections every API module reads and writes.

const crypto = require('node:crypto');

const DEFAULT_ACCOUNT_SID = 'AC' + '0'.repeat(32);
const DEFAULT_AUTH_TOKEN = '0'.repeat(32);
const DEFAULT_WORKSPACE_SID = 'WS' + '0'.repeat(32);

const SID_RE = /^[A-Z]{2}[0-9a-f]{32}$/;

function newSid(prefix) {
  return prefix + crypto.randomBytes(16).toString('hex');
}

function isSid(value, prefix) {
  return typeof value === 'string' && SID_RE.test(value) && (!prefix || value.startsWith(prefix));
}

// ISO 8601 without milliseconds, as TaskRouter and IAM send it.
function isoDate(ms) {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// RFC 2822 as the 2010-04-01 API sends it: "Tue, 10 Aug 2010 08:02:17 +0000".
function rfc2822Date(ms) {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

const DEFAULT_TASK_CHANNELS = [
  { uniqueName: 'default', friendlyName: 'Default' },
  { uniqueName: 'voice', friendlyName: 'Voice' },
  { uniqueName: 'chat', friendlyName: 'Programmable Chat' },
  { uniqueName: 'sms', friendlyName: 'SMS' },
  { uniqueName: 'video', friendlyName: 'Video' },
  { uniqueName: 'email', friendlyName: 'Email' },
];

class Store {
  constructor({ accountSid, authToken, workspaceSid } = {}) {
    this.accountSid = accountSid || DEFAULT_ACCOUNT_SID;
    this.authToken = authToken || DEFAULT_AUTH_TOKEN;
    this.workspaceSid = workspaceSid || DEFAULT_WORKSPACE_SID;
    if (!isSid(this.accountSid, 'AC')) throw new Error(`accountSid must look like AC + 32 hex digits: ${this.accountSid}`);
    if (!isSid(this.workspaceSid, 'WS')) throw new Error(`workspaceSid must look like WS + 32 hex digits: ${this.workspaceSid}`);
    this.clear();
  }

  // Empties every collection and puts back the workspace with Flex's usual defaults.
  clear() {
    if (this.routingTimer) clearTimeout(this.routingTimer);
    this.routingTimer = null;
    this.clockOffsetMs = 0;
    this.frozenAtMs = null;
    this.sequence = 0;
    const now = this.nowMs();
    this.workspace = {
      sid: this.workspaceSid,
      friendlyName: 'Flex Task Assignment',
      dateCreated: now,
      dateUpdated: now,
      eventCallbackUrl: null,
      eventsFilter: null,
    };
    this.taskChannels = new Map();
    this.taskQueues = new Map();
    this.workflows = new Map();
    this.tasks = new Map();
    this.workers = new Map();
    this.voiceQueues = new Map();
    this.calls = new Map();
    this.recordings = new Map();
    this.transcriptions = new Map();
    this.mails = [];
    this.tokens = new Map();
    this.statusCallbacks = [];
    // How each customer phone answers a call placed to it (control `phones`): number -> answer.
    this.phones = new Map();
    // Deliveries still in flight survive a reset, so a test can still wait for them.
    this.pendingCallbacks = this.pendingCallbacks || new Set();
    // TaskRouter events (taskrouter-events.js): the log statistics read, and the workspace's event callbacks.
    this.taskrouterEvents = [];
    this.eventCallbacks = [];
    this.pendingEventCallbacks = this.pendingEventCallbacks || new Set();
    this.incomingNumbers = new Map();
    this.messages = new Map(); // messaging.js
    this.smsOptOuts = new Set();
    this.studioFlows = new Map();
    this.studioExecutions = new Map();
    this.evaluateHits = [];
    this.evaluateLimit = { max: 3, windowMs: 1000 };
    for (const ch of DEFAULT_TASK_CHANNELS) this.addTaskChannel(ch);
    // Serverless and Flex API state, created on first use by serverless.js and flex.js.
    this.serverless = null;
    this.flexApi = null;
    this.sync = null; // Sync services, maps and items (sync.js)
    this.serviceHosts = new Map();
  }

  // The emulator's clock: real time plus an offset, or a frozen instant (for deterministic tests).
  nowMs() {
    return this.frozenAtMs !== null ? this.frozenAtMs : Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms) {
    const n = Number(ms);
    if (!Number.isFinite(n) || n < 0) throw new Error('advanceMs must be a non-negative number');
    this.clockOffsetMs += n;
    if (this.frozenAtMs !== null) this.frozenAtMs += n;
    return this.nowMs();
  }

  freezeClock(frozen) {
    if (frozen && this.frozenAtMs === null) this.frozenAtMs = this.nowMs();
    if (!frozen && this.frozenAtMs !== null) {
      this.clockOffsetMs = this.frozenAtMs - Date.now();
      this.frozenAtMs = null;
    }
  }

  nextSeq() {
    this.sequence += 1;
    return this.sequence;
  }

  addTaskChannel({ sid, uniqueName, friendlyName }) {
    const now = this.nowMs();
    const channel = {
      sid: sid || newSid('TC'),
      uniqueName,
      friendlyName: friendlyName || uniqueName,
      dateCreated: now,
      dateUpdated: now,
    };
    this.taskChannels.set(channel.sid, channel);
    return channel;
  }

  findTaskChannel(nameOrSid) {
    if (this.taskChannels.has(nameOrSid)) return this.taskChannels.get(nameOrSid);
    for (const ch of this.taskChannels.values()) if (ch.uniqueName === nameOrSid) return ch;
    return null;
  }

  addTaskQueue({ sid, friendlyName, targetWorkers }) {
    const now = this.nowMs();
    const queue = {
      sid: sid || newSid('WQ'),
      friendlyName: friendlyName || 'Queue',
      targetWorkers: targetWorkers || '1==1',
      dateCreated: now,
      dateUpdated: now,
    };
    this.taskQueues.set(queue.sid, queue);
    return queue;
  }

  findTaskQueue(nameOrSid) {
    if (this.taskQueues.has(nameOrSid)) return this.taskQueues.get(nameOrSid);
    for (const q of this.taskQueues.values()) if (q.friendlyName === nameOrSid) return q;
    return null;
  }

  addWorkflow({ sid, friendlyName, taskQueueSid, taskReservationTimeout }) {
    const now = this.nowMs();
    const workflow = {
      sid: sid || newSid('WW'),
      friendlyName: friendlyName || 'Workflow',
      taskQueueSid: taskQueueSid || null,
      taskReservationTimeout: taskReservationTimeout || 120,
      dateCreated: now,
      dateUpdated: now,
    };
    this.workflows.set(workflow.sid, workflow);
    return workflow;
  }

  findWorkflow(nameOrSid) {
    if (this.workflows.has(nameOrSid)) return this.workflows.get(nameOrSid);
    for (const w of this.workflows.values()) if (w.friendlyName === nameOrSid) return w;
    return null;
  }

  ensureWorker({ sid, friendlyName } = {}) {
    if (sid && this.workers.has(sid)) return this.workers.get(sid);
    if (!sid && friendlyName) {
      for (const w of this.workers.values()) if (w.friendlyName === friendlyName) return w;
    }
    const worker = { sid: sid || newSid('WK'), friendlyName: friendlyName || 'worker' };
    worker.friendlyName = friendlyName || `worker-${worker.sid.slice(-6)}`;
    this.workers.set(worker.sid, worker);
    return worker;
  }

  addVoiceQueue({ sid, friendlyName, maxSize }) {
    const now = this.nowMs();
    const queue = {
      sid: sid || newSid('QU'),
      friendlyName: friendlyName || 'Queue',
      maxSize: maxSize || 100,
      dateCreated: now,
      dateUpdated: now,
    };
    this.voiceQueues.set(queue.sid, queue);
    return queue;
  }

  findVoiceQueueByName(friendlyName) {
    for (const q of this.voiceQueues.values()) if (q.friendlyName === friendlyName) return q;
    return null;
  }
}

module.exports = {
  Store,
  newSid,
  isSid,
  isoDate,
  rfc2822Date,
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  DEFAULT_WORKSPACE_SID,
};
