'use strict';

// Control surface (no auth, JSON in/out, under /__control/): seed, reset, simulate
// inbound calls, assign tasks, issue Flex tokens, faults, request log, clock.
// The same operations are methods of Controller for in-process use.

const { isSid } = require('./store');
const { TwilioError, notFound, badRequest, single } = require('./http');
const taskrouter = require('./taskrouter');
const voice = require('./voice');
const iam = require('./iam');
const numbers = require('./numbers');
const studioEngine = require('./studio-engine');
const { ruleJson } = require('./faults');
const statusCallbacks = require('./status-callbacks');

const DEFAULT_TASK_QUEUE_SID = 'WQ' + '0'.repeat(32);
const DEFAULT_WORKFLOW_SID = 'WW' + '0'.repeat(32);

const PHONE_ANSWERS = ['answer', 'no-answer', 'busy', 'failed', 'machine'];

const asList = (v) => (v === undefined || v === null ? [] : [].concat(v));

const workerState = (w) => ({ sid: w.sid, friendly_name: w.friendlyName, attributes: w.attributes || {}, available: Boolean(w.available) });

class Controller {
  constructor({ store, faults, log, defaults = true, seed = null }) {
    this.store = store;
    this.faults = faults;
    this.log = log;
    this.defaults = defaults;
    this.initialSeed = seed;
    this.baseUrl = '';
    this.applyInitialState();
  }

  applyInitialState() {
    if (this.defaults) {
      this.store.workspace.friendlyName = 'Flex Task Assignment';
      this.store.addTaskQueue({ sid: DEFAULT_TASK_QUEUE_SID, friendlyName: 'Everyone' });
      this.store.addWorkflow({ sid: DEFAULT_WORKFLOW_SID, friendlyName: 'Assign to Anyone', taskQueueSid: DEFAULT_TASK_QUEUE_SID });
      numbers.addIncomingNumber(this.store, { phoneNumber: numbers.DEFAULT_INBOUND_NUMBER, friendlyName: 'Contact centre' });
    }
    if (this.initialSeed) this.seed(this.initialSeed);
  }

  // Back to the start state: defaults and the seed given at start; faults, log and clock cleared.
  // With `keep: 'provisioned'`, what a deploy set up survives (task queues and
  // workflows, Serverless services and builds, Flex plugins and configuration,
  // Studio flows, phone numbers and their wiring):
  // an account's calls and tasks come and go, its setup stays.
  reset({ keep } = {}) {
    if (keep !== undefined && keep !== 'provisioned') throw badRequest(`keep must be "provisioned", not ${JSON.stringify(keep)}`);
    const s = this.store;
    const kept = keep
      ? { eventCallback: { eventCallbackUrl: s.workspace.eventCallbackUrl, eventsFilter: s.workspace.eventsFilter }, taskQueues: s.taskQueues, workflows: s.workflows, serverless: s.serverless, flexApi: s.flexApi, studioFlows: s.studioFlows, incomingNumbers: s.incomingNumbers, serviceHosts: s.serviceHosts }
      : null;
    s.clear();
    this.faults.clear();
    this.log.clear();
    this.applyInitialState();
    if (kept) {
      for (const [sid, q] of kept.taskQueues) if (!s.taskQueues.has(sid)) s.taskQueues.set(sid, q);
      for (const [sid, w] of kept.workflows) if (!s.workflows.has(sid)) s.workflows.set(sid, w);
      Object.assign(s.workspace, kept.eventCallback);
      s.serverless = kept.serverless;
      s.flexApi = kept.flexApi;
      s.studioFlows = kept.studioFlows;
      s.serviceHosts = kept.serviceHosts;
      // A number keeps its SID and wiring; the start state's copy of it goes.
      for (const [sid, n] of kept.incomingNumbers) {
        for (const [other, m] of s.incomingNumbers) if (m.phoneNumber === n.phoneNumber) s.incomingNumbers.delete(other);
        s.incomingNumbers.set(sid, n);
      }
    }
    return this.state();
  }

  state() {
    const s = this.store;
    const b = this.baseUrl;
    return {
      accountSid: s.accountSid,
      workspaceSid: s.workspaceSid,
      clock: this.clock(),
      taskChannels: [...s.taskChannels.values()].map((c) => ({ sid: c.sid, unique_name: c.uniqueName })),
      taskQueues: [...s.taskQueues.values()].map((q) => taskrouter.taskQueueJson(s, q, b)),
      workflows: [...s.workflows.values()].map((w) => ({ ...taskrouter.workflowJson(s, w, b), task_queue_sid: w.taskQueueSid })),
      voiceQueues: [...s.voiceQueues.values()].map((q) => voice.queueJson(s, q)),
      workers: [...s.workers.values()].map(workerState),
      counts: { tasks: s.tasks.size, calls: s.calls.size, recordings: s.recordings.size, tokens: s.tokens.size },
    };
  }

  resolveWorkflow(input) {
    const key = input.workflowSid || input.workflow;
    if (key) {
      const wf = this.store.findWorkflow(key);
      if (!wf) throw badRequest(`unknown workflow ${key}`);
      return wf;
    }
    const first = this.store.workflows.values().next().value;
    if (!first) throw badRequest('no workflow exists: seed one first');
    return first;
  }

  seed(spec = {}) {
    const s = this.store;
    const out = { taskQueues: [], workflows: [], taskChannels: [], voiceQueues: [], workers: [], tasks: [], calls: [], recordings: [], tokens: [], incomingNumbers: [] };
    if (spec.workspace && spec.workspace.friendlyName) s.workspace.friendlyName = String(spec.workspace.friendlyName);
    for (const ch of asList(spec.taskChannels)) {
      if (!ch.uniqueName) throw badRequest('a task channel needs a uniqueName');
      const existing = s.findTaskChannel(ch.uniqueName);
      out.taskChannels.push(existing || s.addTaskChannel(ch));
    }
    for (const q of asList(spec.taskQueues)) {
      if (q.sid && !isSid(q.sid, 'WQ')) throw badRequest(`bad task queue SID ${q.sid}`);
      out.taskQueues.push(s.addTaskQueue(q));
    }
    for (const w of asList(spec.workflows)) {
      if (w.sid && !isSid(w.sid, 'WW')) throw badRequest(`bad workflow SID ${w.sid}`);
      let taskQueueSid = w.taskQueueSid || null;
      if (!taskQueueSid && w.taskQueue) {
        const q = s.findTaskQueue(w.taskQueue);
        if (!q) throw badRequest(`unknown task queue ${w.taskQueue}`);
        taskQueueSid = q.sid;
      }
      if (taskQueueSid && !s.taskQueues.has(taskQueueSid)) throw badRequest(`unknown task queue ${taskQueueSid}`);
      out.workflows.push(s.addWorkflow({ ...w, taskQueueSid }));
    }
    for (const q of asList(spec.voiceQueues)) {
      if (q.sid && !isSid(q.sid, 'QU')) throw badRequest(`bad queue SID ${q.sid}`);
      out.voiceQueues.push(s.addVoiceQueue(q));
    }
    for (const w of asList(spec.workers)) out.workers.push(s.ensureWorker(w));
    for (const t of asList(spec.tasks)) out.tasks.push(this.seedTask(t));
    for (const c of asList(spec.calls)) out.calls.push(voice.addCall(s, c));
    for (const r of asList(spec.recordings)) out.recordings.push(voice.addRecording(s, r));
    for (const t of asList(spec.tokens)) out.tokens.push(iam.issueToken(s, t));
    for (const n of asList(spec.incomingNumbers)) out.incomingNumbers.push(numbers.addIncomingNumber(s, n));
    const b = this.baseUrl;
    return {
      taskChannels: out.taskChannels.map((c) => ({ sid: c.sid, unique_name: c.uniqueName })),
      taskQueues: out.taskQueues.map((q) => taskrouter.taskQueueJson(s, q, b)),
      workflows: out.workflows.map((w) => ({ ...taskrouter.workflowJson(s, w, b), task_queue_sid: w.taskQueueSid })),
      voiceQueues: out.voiceQueues.map((q) => voice.queueJson(s, q)),
      workers: out.workers.map((w) => ({ sid: w.sid, friendly_name: w.friendlyName })),
      tasks: out.tasks.map((t) => this.taskState(t)),
      calls: out.calls.map((c) => voice.callStateJson(s, c)),
      recordings: out.recordings.map((r) => voice.recordingJson(s, r, b)),
      tokens: out.tokens.map(iam.tokenJson),
      incomingNumbers: out.incomingNumbers.map((n) => numbers.numberJson(s, n)),
    };
  }

  seedTask(t) {
    if (t.sid !== undefined && (!isSid(t.sid, 'WT') || this.store.tasks.has(t.sid))) throw badRequest(`bad or duplicate task SID ${t.sid}`);
    const wf = this.resolveWorkflow(t);
    const task = taskrouter.createTask(this.store, { ...t, workflowSid: wf.sid });
    const status = t.assignmentStatus || 'pending';
    if (status === 'pending') return task;
    if (['reserved', 'assigned', 'wrapping', 'completed'].includes(status)) {
      taskrouter.assignTask(this.store, task, { workerSid: t.workerSid, status: status === 'reserved' ? 'reserved' : 'assigned' });
      if (status === 'wrapping' || status === 'completed') taskrouter.updateTask(this.store, task, { assignmentStatus: status, reason: t.reason });
    } else if (status === 'canceled') {
      taskrouter.updateTask(this.store, task, { assignmentStatus: 'canceled', reason: t.reason });
    } else {
      throw badRequest(`unknown assignmentStatus ${status}`);
    }
    return task;
  }

  taskState(task) {
    const r = task.routing;
    // Where the workflow holds the task: a target whose worker expression is
    // `1==0` offers it to no one until its timeout moves it on.
    const routing = r ? { filter_index: r.filterIndex, target_index: r.targetIndex, expression: r.expression, exhausted: r.exhausted } : null;
    return { ...taskrouter.taskJson(this.store, task, this.baseUrl), revision: task.revision, worker_sid: task.workerSid, routing };
  }

  // How a customer's phone answers the calls placed to it: `answer` (a
  // person), `no-answer` (rings out), `busy`, `failed` (the number cannot be
  // reached) or `machine` (voicemail picks up). What reads it: the local Flex
  // host's StartOutboundCall, which fails the outbound call as Flex does.
  setPhone({ number, answer } = {}) {
    if (typeof number !== 'string' || !/^\+[1-9]\d{6,14}$/.test(number)) throw badRequest(`number must be an E.164 number, not ${JSON.stringify(number)}`);
    if (!PHONE_ANSWERS.includes(answer)) throw badRequest(`answer must be one of ${PHONE_ANSWERS.join(', ')}, not ${JSON.stringify(answer)}`);
    if (answer === 'answer') this.store.phones.delete(number);
    else this.store.phones.set(number, answer);
    return this.phone(number);
  }

  phone(number) {
    return { number, answer: this.store.phones.get(number) || 'answer' };
  }

  // An inbound call entering the queue of a workflow, with its pending task (Flex convention:
  // the voice queue's friendly_name is the workflow SID). `existingCall` enqueues the
  // live call `callSid` (Studio's Send to Flex) instead of creating one.
  simulateInboundCall(input = {}) {
    const s = this.store;
    const wf = this.resolveWorkflow(input);
    if (input.callSid && !isSid(input.callSid, 'CA')) throw badRequest(`bad call SID ${input.callSid}`);
    if (input.existingCall && !s.calls.has(input.callSid)) throw badRequest(`no call ${input.callSid} to enqueue`);
    if (!input.existingCall && input.callSid && s.calls.has(input.callSid)) throw badRequest(`call ${input.callSid} already exists`);
    const queue = s.findVoiceQueueByName(wf.sid) || s.addVoiceQueue({ friendlyName: wf.sid });
    const call = input.existingCall
      ? Object.assign(s.calls.get(input.callSid), { queueSid: queue.sid })
      : voice.addCall(s, { sid: input.callSid, from: input.from, to: input.to, queueSid: queue.sid });
    const attributes = {
      from: call.from,
      to: call.to,
      direction: 'inbound',
      call_sid: call.sid,
      caller: call.from,
      called: call.to,
      name: call.from,
      type: 'inbound',
      ...(input.attributes || {}),
    };
    let task;
    try {
      task = taskrouter.createTask(s, {
        attributes,
        workflowSid: wf.sid,
        taskChannel: input.taskChannel || 'voice',
        priority: input.priority,
        timeout: input.timeout,
      });
    } catch (err) {
      if (input.existingCall) call.queueSid = null;
      else s.calls.delete(call.sid);
      throw err;
    }
    call.taskSid = task.sid;
    return {
      callSid: call.sid,
      taskSid: task.sid,
      queueSid: queue.sid,
      workflowSid: wf.sid,
      call: voice.callStateJson(s, call),
      task: this.taskState(task),
      queue: voice.queueJson(s, queue),
    };
  }

  getTask(sid) {
    taskrouter.sweepExpired(this.store);
    const task = this.store.tasks.get(sid);
    if (!task) throw notFound(`task ${sid}`);
    return task;
  }

  tasks(filter = {}) {
    taskrouter.sweepExpired(this.store);
    const statuses = asList(filter.assignmentStatus).flatMap((x) => String(x).split(','));
    return [...this.store.tasks.values()]
      .filter((t) => !statuses.length || statuses.includes(t.assignmentStatus))
      .filter((t) => !filter.workflowSid || t.workflowSid === filter.workflowSid)
      .map((t) => this.taskState(t));
  }

  task(sid) {
    return this.taskState(this.getTask(sid));
  }

  assignTask(sid, opts = {}) {
    return this.taskState(taskrouter.assignTask(this.store, this.getTask(sid), opts));
  }

  // A worker (made when new) with its attributes and availability; an
  // available worker is offered the pending tasks it matches (worker-offers.js).
  setWorker({ sid, friendlyName, attributes, available } = {}) {
    if (sid !== undefined && !isSid(sid, 'WK')) throw badRequest(`bad worker SID ${sid}`);
    if (attributes !== undefined && (!attributes || typeof attributes !== 'object' || Array.isArray(attributes))) {
      throw badRequest('attributes must be a JSON object');
    }
    if (available !== undefined && typeof available !== 'boolean') throw badRequest('available must be true or false');
    const worker = this.store.ensureWorker({ sid, friendlyName });
    if (friendlyName !== undefined) worker.friendlyName = String(friendlyName);
    if (attributes !== undefined) worker.attributes = attributes;
    if (available !== undefined && available !== Boolean(worker.available)) {
      worker.available = available;
      worker.availableSeq = this.store.nextSeq();
    }
    taskrouter.sweepExpired(this.store); // offers what this worker now matches
    return workerState(worker);
  }

  calls() {
    return [...this.store.calls.values()].map((c) => voice.callStateJson(this.store, c));
  }

  call(sid) {
    const c = this.store.calls.get(sid);
    if (!c) throw notFound(`call ${sid}`);
    return voice.callStateJson(this.store, c);
  }

  // The caller hangs up: the call completes and a task still waiting for an agent is canceled.
  hangup(sid) {
    const c = this.store.calls.get(sid);
    if (!c) throw notFound(`call ${sid}`);
    voice.endCall(this.store, c, 'completed');
    const task = c.taskSid && this.store.tasks.get(c.taskSid);
    if (task && ['pending', 'reserved'].includes(task.assignmentStatus)) {
      taskrouter.updateTask(this.store, task, { assignmentStatus: 'canceled', reason: 'hangup' });
    }
    return voice.callStateJson(this.store, c);
  }

  // Status callbacks sent so far ({ url, method, params, status, error }).
  statusCallbacks() {
    return this.store.statusCallbacks.map((d) => ({ ...d, params: { ...d.params } }));
  }

  // Waits until every status callback sent so far was answered (or failed), then lists them.
  async statusCallbacksSettled() {
    await statusCallbacks.settled(this.store);
    return this.statusCallbacks();
  }

  addRecording(input) {
    return voice.recordingJson(this.store, voice.addRecording(this.store, input), this.baseUrl);
  }

  issueToken(input) {
    return iam.tokenJson(iam.issueToken(this.store, input));
  }

  addFault(rule) {
    try {
      return ruleJson(this.faults.add(rule));
    } catch (err) {
      throw badRequest(err.message);
    }
  }

  setFaults(rules) {
    this.faults.clear();
    return asList(rules).map((r) => this.addFault(r));
  }

  listFaults() {
    return this.faults.list();
  }

  clearFaults() {
    this.faults.clear();
  }

  removeFault(id) {
    if (!this.faults.remove(id)) throw notFound(`fault ${id}`);
  }

  requests(filter) {
    return this.log.list(filter);
  }

  clearRequests() {
    this.log.clear();
  }

  // opts: a number of ms to advance, or { advanceMs, freeze }.
  advanceClock(opts) {
    const { advanceMs = 0, freeze } = typeof opts === 'object' && opts !== null ? opts : { advanceMs: opts };
    try {
      if (freeze !== undefined) this.store.freezeClock(Boolean(freeze));
      this.store.advanceClock(advanceMs);
    } catch (err) {
      throw badRequest(err.message);
    }
    taskrouter.sweepExpired(this.store);
    return this.clock();
  }

  clock() {
    return { now: new Date(this.store.nowMs()).toISOString(), offsetMs: this.store.clockOffsetMs, frozen: this.store.frozenAtMs !== null };
  }

  setEvaluateRateLimit({ max, windowMs } = {}) {
    const m = Number(max);
    const w = Number(windowMs);
    if (!Number.isInteger(m) || m < 1 || !(w > 0)) throw badRequest('max must be a positive integer and windowMs positive');
    this.store.evaluateLimit = { max: m, windowMs: w };
    this.store.evaluateHits = [];
    return { ...this.store.evaluateLimit };
  }
}

// ---------- HTTP routes ----------

const C = '^/__control';
const ok = (body, status = 200) => ({ status, body });

const routes = [
  ['GET', `${C}/health$`, (c) => ok({ ok: true, accountSid: c.store.accountSid, workspaceSid: c.store.workspaceSid })],
  ['GET', `${C}/state$`, (c) => ok(c.state())],
  ['POST', `${C}/reset$`, (c, { body }) => ok(c.reset(body || {}))],
  ['POST', `${C}/seed$`, (c, { body }) => ok(c.seed(body), 201)],
  ['POST', `${C}/calls$`, (c, { body }) => ok(c.simulateInboundCall(body), 201)],
  ['GET', `${C}/calls$`, (c) => ok({ calls: c.calls() })],
  ['GET', `${C}/calls/(?<sid>[^/]+)$`, (c, { params }) => ok(c.call(params.sid))],
  ['POST', `${C}/calls/(?<sid>[^/]+)/hangup$`, (c, { params }) => ok(c.hangup(params.sid))],
  ['GET', `${C}/status-callbacks$`, async (c, { query }) => ok({
    statusCallbacks: single(query.settled) === 'true' ? await c.statusCallbacksSettled() : c.statusCallbacks(),
  })],
  ['GET', `${C}/tasks$`, (c, { query }) => ok({ tasks: c.tasks({ assignmentStatus: query.assignmentStatus, workflowSid: single(query.workflowSid) }) })],
  ['GET', `${C}/tasks/(?<sid>[^/]+)$`, (c, { params }) => ok(c.task(params.sid))],
  ['POST', `${C}/tasks/(?<sid>[^/]+)/assign$`, (c, { params, body }) => ok(c.assignTask(params.sid, body))],
  ['POST', `${C}/workers$`, (c, { body }) => ok(c.setWorker(body || {}))],
  ['POST', `${C}/recordings$`, (c, { body }) => ok(c.addRecording(body), 201)],
  ['POST', `${C}/tokens$`, (c, { body }) => ok(c.issueToken(body), 201)],
  ['GET', `${C}/faults$`, (c) => ok({ faults: c.listFaults() })],
  ['POST', `${C}/faults$`, (c, { body }) => ok(
    Array.isArray(body.rules) ? { faults: body.replace ? c.setFaults(body.rules) : body.rules.map((r) => c.addFault(r)) } : c.addFault(body), 201)],
  ['DELETE', `${C}/faults$`, (c) => { c.clearFaults(); return ok({ faults: [] }); }],
  ['DELETE', `${C}/faults/(?<id>\\d+)$`, (c, { params }) => { c.removeFault(params.id); return ok({ removed: Number(params.id) }); }],
  ['GET', `${C}/requests$`, (c, { query }) => ok({
    requests: c.requests({ kind: single(query.kind), method: single(query.method), path: single(query.path), host: single(query.host), since: single(query.since) }),
  })],
  ['DELETE', `${C}/requests$`, (c) => { c.clearRequests(); return ok({ requests: [] }); }],
  ['POST', `${C}/phones$`, (c, { body }) => ok(c.setPhone(body || {}))],
  ['GET', `${C}/phones/(?<number>[^/]+)$`, (c, { params }) => ok(c.phone(decodeURIComponent(params.number)))],
  ['GET', `${C}/clock$`, (c) => ok(c.clock())],
  ['POST', `${C}/clock$`, (c, { body }) => ok(c.advanceClock({ advanceMs: body.advanceMs, freeze: body.freeze }))],
  ['POST', `${C}/rate-limits/evaluate-task-attributes$`, (c, { body }) => ok(c.setEvaluateRateLimit(body))],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler })).concat(studioEngine.controlRoutes);

function controlErrorBody(err) {
  if (err instanceof TwilioError) return { status: err.status, body: { error: err.message, code: err.code } };
  return { status: 500, body: { error: String(err && err.message ? err.message : err) } };
}

module.exports = { Controller, routes, controlErrorBody, DEFAULT_TASK_QUEUE_SID, DEFAULT_WORKFLOW_SID };
