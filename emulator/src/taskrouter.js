'use strict';

// TaskRouter v1: Workspace, Tasks, Workflows, TaskQueues, TaskChannels.

const { newSid, isoDate } = require('./store');
const { TwilioError, notFound, badRequest, single, multi } = require('./http');
const { metaPage } = require('./paging');
const { compile, ExpressionError } = require('./expression');
const routing = require('./workflow-routing');
const trEvents = require('./taskrouter-events');
const { offerTasks } = require('./worker-offers');

const STATUSES = ['pending', 'reserved', 'assigned', 'wrapping', 'completed', 'canceled'];
const OPEN_STATUSES = new Set(['pending', 'reserved']);
const DEFAULT_TIMEOUT = 86400;
const EVALUATE_LIMIT = { max: 3, windowMs: 1000 };

const wsPath = (store) => `/taskrouter/v1/Workspaces/${store.workspaceSid}`;

// ---------- JSON shapes ----------

// The values TaskRouter documents for a worker reservation's status.
const WORKER_RESERVATION_STATUSES = ['pending', 'accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed'];
const RESERVATION_STATUS = { reserved: 'pending', assigned: 'accepted', wrapping: 'wrapping', completed: 'completed', canceled: 'canceled' };

function reservationJson(store, task, baseUrl) {
  const worker = store.workers && store.workers.get ? store.workers.get(task.workerSid) : null;
  const sid = `WR${task.sid.slice(2)}`;
  return {
    sid,
    account_sid: store.accountSid,
    workspace_sid: store.workspaceSid,
    task_sid: task.sid,
    worker_sid: task.workerSid,
    worker_name: (worker && worker.friendlyName) || null,
    reservation_status: RESERVATION_STATUS[task.assignmentStatus] || 'pending',
    date_created: isoDate(task.dateCreated),
    date_updated: isoDate(task.dateUpdated || task.dateCreated),
    url: `${baseUrl}${wsPath(store)}/Tasks/${task.sid}/Reservations/${sid}`,
    links: {},
  };
}

// The same reservation as its worker lists it (Workers/{WorkerSid}/Reservations):
// the same SID, addressed under the worker, linked to the worker and workspace.
function workerReservationJson(store, task, baseUrl) {
  const base = `${baseUrl}${wsPath(store)}`;
  const reservation = reservationJson(store, task, baseUrl);
  return {
    ...reservation,
    url: `${base}/Workers/${task.workerSid}/Reservations/${reservation.sid}`,
    links: { workspace: base, worker: `${base}/Workers/${task.workerSid}` },
  };
}

function taskJson(store, task, baseUrl) {
  const workflow = task.workflowSid ? store.workflows.get(task.workflowSid) : null;
  const queue = task.taskQueueSid ? store.taskQueues.get(task.taskQueueSid) : null;
  const channel = store.taskChannels.get(task.taskChannelSid);
  const base = `${baseUrl}${wsPath(store)}`;
  return {
    account_sid: store.accountSid,
    age: Math.max(0, Math.floor((store.nowMs() - task.dateCreated) / 1000)),
    assignment_status: task.assignmentStatus,
    attributes: task.attributes,
    addons: '{}',
    date_created: isoDate(task.dateCreated),
    date_updated: isoDate(task.dateUpdated),
    task_queue_entered_date: isoDate(task.taskQueueEnteredDate),
    priority: task.priority,
    reason: task.reason,
    sid: task.sid,
    task_queue_sid: task.taskQueueSid,
    task_queue_friendly_name: queue ? queue.friendlyName : null,
    task_channel_sid: task.taskChannelSid,
    task_channel_unique_name: channel ? channel.uniqueName : null,
    timeout: task.timeout,
    workflow_sid: task.workflowSid,
    workflow_friendly_name: workflow ? workflow.friendlyName : null,
    workspace_sid: store.workspaceSid,
    virtual_start_time: isoDate(task.virtualStartTime),
    ignore_capacity: false,
    routing_target: null,
    url: `${base}/Tasks/${task.sid}`,
    links: {
      task_queue: task.taskQueueSid ? `${base}/TaskQueues/${task.taskQueueSid}` : null,
      workflow: task.workflowSid ? `${base}/Workflows/${task.workflowSid}` : null,
      workspace: base,
      reservations: `${base}/Tasks/${task.sid}/Reservations`,
    },
  };
}

function workflowJson(store, wf, baseUrl) {
  const base = `${baseUrl}${wsPath(store)}`;
  const configuration = {
    task_routing: {
      filters: [],
      default_filter: wf.taskQueueSid ? { queue: wf.taskQueueSid } : null,
    },
  };
  const document = wf.configuration || configuration;
  return {
    account_sid: store.accountSid,
    assignment_callback_url: null,
    configuration: JSON.stringify(document),
    date_created: isoDate(wf.dateCreated),
    date_updated: isoDate(wf.dateUpdated),
    document_content_type: 'application/json',
    fallback_assignment_callback_url: null,
    friendly_name: wf.friendlyName,
    sid: wf.sid,
    task_reservation_timeout: wf.taskReservationTimeout,
    workspace_sid: store.workspaceSid,
    url: `${base}/Workflows/${wf.sid}`,
    links: {
      statistics: `${base}/Workflows/${wf.sid}/Statistics`,
      real_time_statistics: `${base}/Workflows/${wf.sid}/RealTimeStatistics`,
      cumulative_statistics: `${base}/Workflows/${wf.sid}/CumulativeStatistics`,
    },
  };
}

function taskQueueJson(store, q, baseUrl) {
  const base = `${baseUrl}${wsPath(store)}`;
  return {
    account_sid: store.accountSid,
    assignment_activity_sid: null,
    assignment_activity_name: null,
    date_created: isoDate(q.dateCreated),
    date_updated: isoDate(q.dateUpdated),
    friendly_name: q.friendlyName,
    max_reserved_workers: 1,
    reservation_activity_sid: null,
    reservation_activity_name: null,
    sid: q.sid,
    target_workers: q.targetWorkers,
    task_order: 'FIFO',
    url: `${base}/TaskQueues/${q.sid}`,
    workspace_sid: store.workspaceSid,
    links: {
      statistics: `${base}/TaskQueues/${q.sid}/Statistics`,
      real_time_statistics: `${base}/TaskQueues/${q.sid}/RealTimeStatistics`,
      cumulative_statistics: `${base}/TaskQueues/${q.sid}/CumulativeStatistics`,
      list_statistics: `${base}/TaskQueues/Statistics`,
      workspace: base,
    },
  };
}

function taskChannelJson(store, ch, baseUrl) {
  const base = `${baseUrl}${wsPath(store)}`;
  return {
    account_sid: store.accountSid,
    date_created: isoDate(ch.dateCreated),
    date_updated: isoDate(ch.dateUpdated),
    friendly_name: ch.friendlyName,
    sid: ch.sid,
    unique_name: ch.uniqueName,
    workspace_sid: store.workspaceSid,
    channel_optimized_routing: null,
    url: `${base}/TaskChannels/${ch.sid}`,
    links: { workspace: base },
  };
}

function workspaceJson(store, baseUrl) {
  const ws = store.workspace;
  const base = `${baseUrl}${wsPath(store)}`;
  return {
    account_sid: store.accountSid,
    date_created: isoDate(ws.dateCreated),
    date_updated: isoDate(ws.dateUpdated),
    default_activity_name: 'Offline',
    default_activity_sid: null,
    event_callback_url: ws.eventCallbackUrl || null,
    events_filter: ws.eventsFilter || null,
    friendly_name: ws.friendlyName,
    multi_task_enabled: true,
    sid: ws.sid,
    timeout_activity_name: 'Offline',
    timeout_activity_sid: null,
    prioritize_queue_order: 'FIFO',
    url: base,
    links: {
      tasks: `${base}/Tasks`,
      task_queues: `${base}/TaskQueues`,
      workflows: `${base}/Workflows`,
      task_channels: `${base}/TaskChannels`,
    },
  };
}

// ---------- task logic (shared with the control endpoints) ----------

function parseAttributes(value) {
  if (value === undefined || value === null || value === '') return '{}';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Attributes must be a valid JSON object', 20001);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('Attributes must be a valid JSON object', 20001);
  }
  return text;
}

function parseInteger(value, name, { min = -Infinity, max = Infinity } = {}) {
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`${name} must be an integer between ${min} and ${max}`, 20001);
  }
  return n;
}

const MAX_TASK_TIMEOUT = 1209600;

function parseDate(value, name) {
  if (value instanceof Date) return value.getTime();
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw badRequest(`${name} must be an ISO 8601 date-time`, 20001);
  return ms;
}

// Tasks whose TTL ran out before assignment are canceled, as TaskRouter does.
// Workflow target timeouts due by now are applied first (workflow-routing.js).
function sweepExpired(store) {
  routing.advance(store);
  const now = store.nowMs();
  for (const task of store.tasks.values()) {
    if (OPEN_STATUSES.has(task.assignmentStatus) && now - task.dateCreated >= task.timeout * 1000) {
      const expiredAt = task.dateCreated + task.timeout * 1000;
      task.assignmentStatus = 'canceled';
      task.reason = 'Task TTL Exceeded';
      task.workerSid = null;
      task.dateUpdated = now;
      task.revision += 1;
      trEvents.emit(store, 'task.canceled', task, { atMs: expiredAt, description: `Task ${task.sid} canceled: Task TTL Exceeded` });
    }
  }
  offerTasks(store);
  routing.schedule(store, () => sweepExpired(store));
}

// input: { attributes (object|string), workflowSid, taskChannel, priority, timeout, virtualStartTime, sid, dateCreated }
// A workflow's configuration, as TaskRouter checks it when a workflow is created
// or updated: JSON with task_routing.filters (each an expression and targets on
// queues of the workspace) and an optional default_filter.
// https://www.twilio.com/docs/taskrouter/workflow-configuration
function parseWorkflowConfiguration(store, text) {
  let doc;
  try {
    doc = JSON.parse(String(text));
  } catch {
    throw badRequest('Invalid Workflow configuration: Configuration is not valid JSON', 20001);
  }
  const routing = doc && typeof doc === 'object' ? doc.task_routing : undefined;
  if (!routing || typeof routing !== 'object' || Array.isArray(routing)) {
    throw badRequest('Invalid Workflow configuration: task_routing is required', 20001);
  }
  const queueOf = (target, where) => {
    if (!target || typeof target !== 'object' || typeof target.queue !== 'string') {
      throw badRequest(`Invalid Workflow configuration: ${where} needs a queue`, 20001);
    }
    if (!store.taskQueues.has(target.queue)) {
      throw badRequest(`Invalid Workflow configuration: TaskQueue ${target.queue} does not exist in workspace ${store.workspaceSid}`, 20001);
    }
    if (target.expression !== undefined) checkExpression(target.expression, `${where}.expression`);
    checkKnownWorker(target, where);
    if (target.timeout !== undefined && !(Number.isInteger(target.timeout) && target.timeout >= 0)) {
      throw badRequest(`Invalid Workflow configuration: ${where}.timeout must be a whole number of seconds`, 20001);
    }
  };
  const filters = routing.filters === undefined ? [] : routing.filters;
  if (!Array.isArray(filters)) throw badRequest('Invalid Workflow configuration: task_routing.filters must be a list', 20001);
  filters.forEach((f, i) => {
    const where = `task_routing.filters[${i}]`;
    if (!f || typeof f.expression !== 'string') throw badRequest(`Invalid Workflow configuration: ${where} needs an expression`, 20001);
    checkExpression(f.expression, `${where}.expression`);
    if (!Array.isArray(f.targets) || f.targets.length === 0) throw badRequest(`Invalid Workflow configuration: ${where} needs targets`, 20001);
    f.targets.forEach((t, j) => queueOf(t, `${where}.targets[${j}]`));
  });
  if (routing.default_filter !== undefined) queueOf(routing.default_filter, 'task_routing.default_filter');
  return doc;
}

// A target names its known worker by one task attribute, by SID or by friendly
// name, "but not both" (https://www.twilio.com/docs/taskrouter/workflow-configuration/known-agent-routing).
function checkKnownWorker(target, where) {
  const keys = ['known_worker_sid', 'known_worker_friendly_name'].filter((k) => target[k] !== undefined);
  if (keys.length > 1) throw badRequest(`Invalid Workflow configuration: ${where} names known_worker_sid or known_worker_friendly_name, not both`, 20001);
  if (keys.length && (typeof target[keys[0]] !== 'string' || !target[keys[0]].trim())) {
    throw badRequest(`Invalid Workflow configuration: ${where}.${keys[0]} must name a task attribute, such as "task.agent_sid"`, 20001);
  }
}

function checkExpression(expression, where) {
  try {
    compile(String(expression));
  } catch (err) {
    if (err instanceof ExpressionError) throw badRequest(`Invalid Workflow configuration: ${where}: ${err.message}`, 20001);
    throw err;
  }
}

// The queue a new task enters: the first target of the first filter its
// attributes match, else the default filter's. Its way on through the targets
// over time is workflow-routing.js's.
function routeByConfiguration(doc, attributes) {
  const routing = doc.task_routing;
  for (const f of routing.filters || []) {
    if (compile(f.expression)(attributes)) return f.targets[0].queue;
  }
  return routing.default_filter ? routing.default_filter.queue : null;
}

function createTask(store, input = {}) {
  const attributes = parseAttributes(input.attributes);
  let workflow = null;
  if (input.workflowSid !== undefined && input.workflowSid !== null && input.workflowSid !== '') {
    workflow = store.workflows.get(input.workflowSid);
    if (!workflow) throw badRequest(`Workflow ${input.workflowSid} does not exist in workspace ${store.workspaceSid}`, 20001);
  } else if (store.workflows.size === 1) {
    workflow = store.workflows.values().next().value;
  } else {
    throw badRequest('Missing required parameter WorkflowSid', 20001);
  }
  const channelName = input.taskChannel === undefined || input.taskChannel === '' ? 'default' : String(input.taskChannel);
  const channel = store.findTaskChannel(channelName);
  if (!channel) throw badRequest(`TaskChannel ${channelName} does not exist in workspace ${store.workspaceSid}`, 20001);
  const priority = input.priority === undefined ? 0 : parseInteger(input.priority, 'Priority', { min: 0, max: 2 ** 31 - 1 });
  // "Can be up to a maximum of 2 weeks (1,209,600 seconds). The default value is 24 hours (86,400
  // seconds). On timeout, the task.canceled event will fire with description Task TTL Exceeded."
  // https://www.twilio.com/docs/taskrouter/api/task#create-a-task-resource (Timeout)
  const timeout = input.timeout === undefined ? DEFAULT_TIMEOUT : parseInteger(input.timeout, 'Timeout', { min: 1, max: MAX_TASK_TIMEOUT });
  const now = input.dateCreated !== undefined ? parseDate(input.dateCreated, 'dateCreated') : store.nowMs();
  const virtualStartTime = input.virtualStartTime === undefined || input.virtualStartTime === ''
    ? now
    : parseDate(input.virtualStartTime, 'VirtualStartTime');
  const routed = workflow.configuration ? routeByConfiguration(workflow.configuration, JSON.parse(attributes)) : workflow.taskQueueSid;
  const queueSid = routed && store.taskQueues.has(routed) ? routed : null;
  const task = {
    sid: input.sid || newSid('WT'),
    seq: store.nextSeq(),
    workflowSid: workflow.sid,
    taskQueueSid: queueSid,
    taskChannelSid: channel.sid,
    assignmentStatus: 'pending',
    attributes,
    priority,
    timeout,
    reason: null,
    dateCreated: now,
    dateUpdated: now,
    taskQueueEnteredDate: queueSid ? now : null,
    virtualStartTime,
    revision: 0,
    workerSid: null,
  };
  store.tasks.set(task.sid, task);
  routing.onCreated(store, task, workflow);
  offerTasks(store);
  routing.schedule(store, () => sweepExpired(store));
  return task;
}

const TRANSITIONS = {
  canceled: new Set(['pending', 'reserved']),
  wrapping: new Set(['assigned']),
  completed: new Set(['assigned', 'wrapping']),
};

function checkRevision(task, ifMatch) {
  if (ifMatch === undefined || ifMatch === null || ifMatch === '' || ifMatch === '*') return;
  const wanted = String(ifMatch).trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (wanted !== String(task.revision)) {
    throw new TwilioError(412, 20001,
      `The If-Match revision ${wanted} does not match the task's current revision ${task.revision}`);
  }
}

// input: { assignmentStatus, reason, attributes, priority, taskChannel, virtualStartTime, ifMatch }
function updateTask(store, task, input = {}) {
  checkRevision(task, input.ifMatch);
  const changes = {};
  if (input.attributes !== undefined) changes.attributes = parseAttributes(input.attributes);
  if (input.priority !== undefined) changes.priority = parseInteger(input.priority, 'Priority', { min: 0, max: 2 ** 31 - 1 });
  if (input.taskChannel !== undefined) {
    const ch = store.findTaskChannel(String(input.taskChannel));
    if (!ch) throw badRequest(`TaskChannel ${input.taskChannel} does not exist`, 20001);
    changes.taskChannelSid = ch.sid;
  }
  if (input.virtualStartTime !== undefined) changes.virtualStartTime = parseDate(input.virtualStartTime, 'VirtualStartTime');
  if (input.assignmentStatus !== undefined) {
    const status = String(input.assignmentStatus);
    const allowedFrom = TRANSITIONS[status];
    if (!allowedFrom) throw badRequest(`AssignmentStatus must be one of canceled, wrapping, completed (got ${status})`, 20001);
    if (!allowedFrom.has(task.assignmentStatus)) {
      throw badRequest(`Cannot change the AssignmentStatus of task ${task.sid} from ${task.assignmentStatus} to ${status}`, 20001);
    }
    changes.assignmentStatus = status;
  }
  Object.assign(task, changes);
  if (changes.assignmentStatus) {
    if (input.reason !== undefined) task.reason = String(input.reason);
    if (changes.assignmentStatus === 'canceled') task.workerSid = null;
  } else if (input.reason !== undefined) {
    task.reason = String(input.reason);
  }
  task.dateUpdated = store.nowMs();
  task.revision += 1;
  announceUpdate(store, task, changes);
  return task;
}

// The events of an update; changed attributes send a pending task through its workflow again.
const STATUS_EVENTS = { canceled: 'task.canceled', wrapping: 'task.wrapup', completed: 'task.completed' };

function announceUpdate(store, task, changes) {
  const fieldsChanged = ['attributes', 'priority', 'taskChannelSid', 'virtualStartTime'].some((k) => k in changes);
  if (fieldsChanged) trEvents.emit(store, 'task.updated', task, { description: `Task ${task.sid} updated` });
  if (changes.assignmentStatus) {
    trEvents.emit(store, STATUS_EVENTS[changes.assignmentStatus], task, { description: `Task ${task.sid} ${changes.assignmentStatus}` });
  }
  if ('attributes' in changes) routing.reevaluate(store, task);
  offerTasks(store);
  routing.schedule(store, () => sweepExpired(store));
}

// Moves a task along pending -> reserved -> assigned, as a worker accepting it would.
function assignTask(store, task, { workerSid, workerName, status = 'assigned' } = {}) {
  if (!['reserved', 'assigned'].includes(status)) throw badRequest('status must be reserved or assigned');
  if (!['pending', 'reserved'].includes(task.assignmentStatus)) {
    throw badRequest(`Task ${task.sid} is ${task.assignmentStatus} and cannot be assigned`);
  }
  const worker = store.ensureWorker({ sid: workerSid || task.workerSid || undefined, friendlyName: workerName });
  const now = store.nowMs();
  if (task.assignmentStatus === 'pending') {
    task.assignmentStatus = 'reserved';
    task.workerSid = worker.sid;
    task.revision += 1;
    trEvents.emit(store, 'reservation.created', task, { description: `Reservation for task ${task.sid} created for worker ${worker.sid}` });
  }
  if (status === 'assigned') {
    task.assignmentStatus = 'assigned';
    task.workerSid = worker.sid;
    task.revision += 1;
    trEvents.emit(store, 'reservation.accepted', task, { description: `Reservation for task ${task.sid} accepted by worker ${worker.sid}` });
  }
  task.dateUpdated = now;
  return task;
}

const ORDER_FIELDS = {
  datecreated: (t) => t.dateCreated,
  priority: (t) => t.priority,
  virtualstarttime: (t) => t.virtualStartTime,
  dateupdated: (t) => t.dateUpdated,
};

function parseOrdering(value) {
  if (value === undefined) return [{ key: ORDER_FIELDS.datecreated, dir: 1 }];
  return multi(value).map((part) => {
    const [field, dirRaw = 'asc'] = part.split(':');
    const key = ORDER_FIELDS[field.toLowerCase()];
    const dir = dirRaw.toLowerCase();
    if (!key || !['asc', 'desc'].includes(dir)) throw badRequest(`Invalid Ordering ${part}`, 20001);
    return { key, dir: dir === 'asc' ? 1 : -1 };
  });
}

// Task pages continue after the last task returned, wherever it now sits: a
// client paging while tasks are created sees no task twice and skips none.
function taskCursor(ordering) {
  const keyOf = (task) => ({ v: ordering.map(({ key }) => key(task)), s: task.seq });
  const compare = (a, b) => {
    for (let i = 0; i < ordering.length; i++) {
      const d = a.v[i] - b.v[i];
      if (d !== 0) return d * ordering[i].dir;
    }
    return (a.s - b.s) * ordering[0].dir;
  };
  return {
    of: (task) => `PC${Buffer.from(JSON.stringify(keyOf(task))).toString('base64url')}`,
    offsetAfter(token, items) {
      if (!token.startsWith('PC')) return null;
      let cursor;
      try {
        cursor = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (!cursor || !Array.isArray(cursor.v) || cursor.v.length !== ordering.length || typeof cursor.s !== 'number') return null;
      // Items are sorted: binary search for the first one after the cursor.
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(keyOf(items[mid]), cursor) <= 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

function checkEvaluateRateLimit(store) {
  const limit = store.evaluateLimit || EVALUATE_LIMIT;
  const now = store.nowMs();
  store.evaluateHits = (store.evaluateHits || []).filter((t) => now - t < limit.windowMs);
  if (store.evaluateHits.length >= limit.max) {
    throw new TwilioError(429, 20429,
      `Too Many Requests: EvaluateTaskAttributes is limited to ${limit.max} requests per ${limit.windowMs / 1000} second(s)`);
  }
  store.evaluateHits.push(now);
}

function listTasks(store, query) {
  const expression = single(query.EvaluateTaskAttributes);
  let predicate = null;
  if (expression !== undefined) {
    checkEvaluateRateLimit(store);
    try {
      predicate = compile(String(expression));
    } catch (err) {
      if (err instanceof ExpressionError) throw badRequest(`Invalid EvaluateTaskAttributes expression: ${err.message}`, 20001);
      throw err;
    }
  }
  const statuses = multi(query.AssignmentStatus);
  for (const s of statuses) if (!STATUSES.includes(s)) throw badRequest(`Invalid AssignmentStatus ${s}`, 20001);
  const workflowSid = single(query.WorkflowSid);
  const workflowName = single(query.WorkflowName);
  const queueSid = single(query.TaskQueueSid);
  const queueName = single(query.TaskQueueName);
  const priority = single(query.Priority);
  const ordering = parseOrdering(query.Ordering);
  const matches = [];
  for (const task of store.tasks.values()) {
    if (statuses.length && !statuses.includes(task.assignmentStatus)) continue;
    if (workflowSid !== undefined && task.workflowSid !== workflowSid) continue;
    if (workflowName !== undefined) {
      const wf = store.workflows.get(task.workflowSid);
      if (!wf || wf.friendlyName !== workflowName) continue;
    }
    if (queueSid !== undefined && task.taskQueueSid !== queueSid) continue;
    if (queueName !== undefined) {
      const q = task.taskQueueSid && store.taskQueues.get(task.taskQueueSid);
      if (!q || q.friendlyName !== queueName) continue;
    }
    if (priority !== undefined && String(task.priority) !== String(priority)) continue;
    if (predicate) {
      let attrs;
      try { attrs = JSON.parse(task.attributes); } catch { attrs = {}; }
      if (!predicate(attrs)) continue;
    }
    matches.push(task);
  }
  matches.sort((a, b) => {
    for (const { key, dir } of ordering) {
      const d = key(a) - key(b);
      if (d !== 0) return d * dir;
    }
    return (a.seq - b.seq) * ordering[0].dir;
  });
  return matches;
}

// ---------- HTTP handlers ----------

function getTask(store, sid) {
  const task = store.tasks.get(sid);
  if (!task) throw notFound(`${wsPath(store)}/Tasks/${sid}`);
  return task;
}

const etag = (task) => ({ ETag: String(task.revision) });

function withWorkspace(handler) {
  return (ctx) => {
    if (ctx.params.workspaceSid !== ctx.store.workspaceSid) {
      throw notFound(`/taskrouter/v1/Workspaces/${ctx.params.workspaceSid}`);
    }
    sweepExpired(ctx.store);
    return handler(ctx);
  };
}

function param(body, name) {
  return single(body[name]);
}

// TaskReservationTimeout: up to 86,400 s, default 120 (the Workflow resource's documentation).
function reservationTimeout(value) {
  return value === undefined ? 120 : parseInteger(value, 'TaskReservationTimeout', { min: 1, max: 86400 });
}

const handlers = {
  fetchWorkspace: ({ store, baseUrl }) => ({ status: 200, body: workspaceJson(store, baseUrl) }),

  // EventCallbackUrl, EventsFilter, FriendlyName (taskrouter-events.js).
  updateWorkspace: ({ store, body, baseUrl }) => {
    trEvents.updateWorkspace(store, body);
    return { status: 200, body: workspaceJson(store, baseUrl) };
  },

  createTask: ({ store, body, baseUrl }) => {
    const task = createTask(store, {
      attributes: param(body, 'Attributes'),
      workflowSid: param(body, 'WorkflowSid'),
      taskChannel: param(body, 'TaskChannel'),
      priority: param(body, 'Priority'),
      timeout: param(body, 'Timeout'),
      virtualStartTime: param(body, 'VirtualStartTime'),
    });
    return { status: 201, body: taskJson(store, task, baseUrl), headers: etag(task) };
  },

  fetchTask: ({ store, params, baseUrl }) => {
    const task = getTask(store, params.taskSid);
    return { status: 200, body: taskJson(store, task, baseUrl), headers: etag(task) };
  },

  updateTask: ({ store, params, body, headers, baseUrl }) => {
    const task = getTask(store, params.taskSid);
    updateTask(store, task, {
      ifMatch: headers['if-match'],
      attributes: param(body, 'Attributes'),
      assignmentStatus: param(body, 'AssignmentStatus'),
      reason: param(body, 'Reason'),
      priority: param(body, 'Priority'),
      taskChannel: param(body, 'TaskChannel'),
      virtualStartTime: param(body, 'VirtualStartTime'),
    });
    return { status: 200, body: taskJson(store, task, baseUrl), headers: etag(task) };
  },

  deleteTask: ({ store, params, headers }) => {
    const task = getTask(store, params.taskSid);
    checkRevision(task, headers['if-match']);
    store.tasks.delete(task.sid);
    trEvents.emit(store, 'task.deleted', task, { description: `Task ${task.sid} deleted` });
    return { status: 204 };
  },

  listTasks: ({ store, query, baseUrl }) => ({
    status: 200,
    body: metaPage({
      items: listTasks(store, query),
      query,
      baseUrl,
      path: `${wsPath(store)}/Tasks`,
      key: 'tasks',
      toJson: (t) => taskJson(store, t, baseUrl),
      cursor: taskCursor(parseOrdering(query.Ordering)),
    }),
  }),

  // A task's reservation, as far as this emulator keeps one: the worker it was
  // reserved for or assigned to, with the reservation status that matches the
  // task's. Enough for callers that ask who holds a task.
  listReservations: ({ store, params, query, baseUrl }) => {
    const task = getTask(store, params.taskSid);
    const items = task.workerSid ? [task] : [];
    return {
      status: 200,
      body: metaPage({
        items,
        query,
        baseUrl,
        path: `${wsPath(store)}/Tasks/${task.sid}/Reservations`,
        key: 'reservations',
        toJson: (t) => reservationJson(store, t, baseUrl),
      }),
    };
  },

  // A worker's reservations, current and past, oldest first; ReservationStatus
  // (one value) filters them. An unknown worker is a 404, as in TaskRouter.
  listWorkerReservations: ({ store, params, query, baseUrl }) => {
    if (!store.workers.has(params.workerSid)) throw notFound(`${wsPath(store)}/Workers/${params.workerSid}`);
    const status = single(query.ReservationStatus);
    if (status !== undefined && !WORKER_RESERVATION_STATUSES.includes(status)) {
      throw badRequest(`Invalid ReservationStatus ${status}: one of ${WORKER_RESERVATION_STATUSES.join(', ')}`, 20001);
    }
    const items = [...store.tasks.values()]
      .filter((t) => t.workerSid === params.workerSid)
      .filter((t) => status === undefined || reservationJson(store, t, baseUrl).reservation_status === status)
      .sort((a, b) => a.seq - b.seq);
    return {
      status: 200,
      body: metaPage({
        items,
        query,
        baseUrl,
        path: `${wsPath(store)}/Workers/${params.workerSid}/Reservations`,
        key: 'reservations',
        toJson: (t) => workerReservationJson(store, t, baseUrl),
      }),
    };
  },

  listWorkflows: ({ store, query, baseUrl }) => {
    const name = single(query.FriendlyName);
    const items = [...store.workflows.values()].filter((w) => name === undefined || w.friendlyName === name);
    return {
      status: 200,
      body: metaPage({ items, query, baseUrl, path: `${wsPath(store)}/Workflows`, key: 'workflows', toJson: (w) => workflowJson(store, w, baseUrl) }),
    };
  },

  createWorkflow: ({ store, body, baseUrl }) => {
    const friendlyName = param(body, 'FriendlyName');
    const configuration = param(body, 'Configuration');
    if (!friendlyName) throw badRequest('Missing required parameter FriendlyName in the post body', 20001);
    if (!configuration) throw badRequest('Missing required parameter Configuration in the post body', 20001);
    const doc = parseWorkflowConfiguration(store, configuration);
    const wf = store.addWorkflow({
      friendlyName,
      taskReservationTimeout: reservationTimeout(param(body, 'TaskReservationTimeout')),
    });
    wf.configuration = doc;
    return { status: 201, body: workflowJson(store, wf, baseUrl) };
  },

  updateWorkflow: ({ store, params, body, baseUrl }) => {
    const wf = store.workflows.get(params.workflowSid);
    if (!wf) throw notFound(`${wsPath(store)}/Workflows/${params.workflowSid}`);
    const configuration = param(body, 'Configuration');
    if (configuration !== undefined) wf.configuration = parseWorkflowConfiguration(store, configuration);
    const friendlyName = param(body, 'FriendlyName');
    if (friendlyName) wf.friendlyName = friendlyName;
    const timeout = param(body, 'TaskReservationTimeout');
    if (timeout !== undefined) wf.taskReservationTimeout = reservationTimeout(timeout);
    wf.dateUpdated = store.nowMs();
    return { status: 200, body: workflowJson(store, wf, baseUrl) };
  },

  createTaskQueue: ({ store, body, baseUrl }) => {
    const friendlyName = param(body, 'FriendlyName');
    if (!friendlyName) throw badRequest('Missing required parameter FriendlyName in the post body', 20001);
    const targetWorkers = param(body, 'TargetWorkers');
    if (targetWorkers !== undefined) checkExpression(targetWorkers, 'TargetWorkers');
    const q = store.addTaskQueue({ friendlyName, targetWorkers: targetWorkers || '1==1' });
    return { status: 201, body: taskQueueJson(store, q, baseUrl) };
  },

  fetchWorkflow: ({ store, params, baseUrl }) => {
    const wf = store.workflows.get(params.workflowSid);
    if (!wf) throw notFound(`${wsPath(store)}/Workflows/${params.workflowSid}`);
    return { status: 200, body: workflowJson(store, wf, baseUrl) };
  },

  listTaskQueues: ({ store, query, baseUrl }) => {
    const name = single(query.FriendlyName);
    const items = [...store.taskQueues.values()].filter((q) => name === undefined || q.friendlyName === name);
    return {
      status: 200,
      body: metaPage({ items, query, baseUrl, path: `${wsPath(store)}/TaskQueues`, key: 'task_queues', toJson: (q) => taskQueueJson(store, q, baseUrl) }),
    };
  },

  fetchTaskQueue: ({ store, params, baseUrl }) => {
    const q = store.taskQueues.get(params.taskQueueSid);
    if (!q) throw notFound(`${wsPath(store)}/TaskQueues/${params.taskQueueSid}`);
    return { status: 200, body: taskQueueJson(store, q, baseUrl) };
  },

  listTaskChannels: ({ store, query, baseUrl }) => ({
    status: 200,
    body: metaPage({
      items: [...store.taskChannels.values()],
      query,
      baseUrl,
      path: `${wsPath(store)}/TaskChannels`,
      key: 'channels',
      toJson: (c) => taskChannelJson(store, c, baseUrl),
    }),
  }),

  fetchTaskChannel: ({ store, params, baseUrl }) => {
    const ch = store.findTaskChannel(params.taskChannelSid);
    if (!ch) throw notFound(`${wsPath(store)}/TaskChannels/${params.taskChannelSid}`);
    return { status: 200, body: taskChannelJson(store, ch, baseUrl) };
  },
};

const WS = '^/taskrouter/v1/Workspaces/(?<workspaceSid>[^/]+)';

const routes = [
  { method: 'GET', re: new RegExp(`${WS}$`), kind: 'taskrouter.workspaces.fetch', handler: handlers.fetchWorkspace },
  { method: 'POST', re: new RegExp(`${WS}$`), kind: 'taskrouter.workspaces.update', handler: handlers.updateWorkspace },
  { method: 'POST', re: new RegExp(`${WS}/Tasks$`), kind: 'taskrouter.tasks.create', handler: handlers.createTask },
  { method: 'GET', re: new RegExp(`${WS}/Tasks$`), kind: 'taskrouter.tasks.list', handler: handlers.listTasks },
  { method: 'GET', re: new RegExp(`${WS}/Tasks/(?<taskSid>[^/]+)$`), kind: 'taskrouter.tasks.fetch', handler: handlers.fetchTask },
  { method: 'POST', re: new RegExp(`${WS}/Tasks/(?<taskSid>[^/]+)$`), kind: 'taskrouter.tasks.update', handler: handlers.updateTask },
  { method: 'DELETE', re: new RegExp(`${WS}/Tasks/(?<taskSid>[^/]+)$`), kind: 'taskrouter.tasks.delete', handler: handlers.deleteTask },
  { method: 'GET', re: new RegExp(`${WS}/Tasks/(?<taskSid>[^/]+)/Reservations$`), kind: 'taskrouter.reservations.list', handler: handlers.listReservations },
  { method: 'GET', re: new RegExp(`${WS}/Workers/(?<workerSid>[^/]+)/Reservations$`), kind: 'taskrouter.workers.reservations.list', handler: handlers.listWorkerReservations },
  { method: 'GET', re: new RegExp(`${WS}/Workflows$`), kind: 'taskrouter.workflows.list', handler: handlers.listWorkflows },
  { method: 'POST', re: new RegExp(`${WS}/Workflows$`), kind: 'taskrouter.workflows.create', handler: handlers.createWorkflow },
  { method: 'GET', re: new RegExp(`${WS}/Workflows/(?<workflowSid>[^/]+)$`), kind: 'taskrouter.workflows.fetch', handler: handlers.fetchWorkflow },
  { method: 'POST', re: new RegExp(`${WS}/Workflows/(?<workflowSid>[^/]+)$`), kind: 'taskrouter.workflows.update', handler: handlers.updateWorkflow },
  { method: 'POST', re: new RegExp(`${WS}/TaskQueues$`), kind: 'taskrouter.taskqueues.create', handler: handlers.createTaskQueue },
  { method: 'GET', re: new RegExp(`${WS}/TaskQueues$`), kind: 'taskrouter.taskqueues.list', handler: handlers.listTaskQueues },
  { method: 'GET', re: new RegExp(`${WS}/TaskQueues/(?<taskQueueSid>[^/]+)$`), kind: 'taskrouter.taskqueues.fetch', handler: handlers.fetchTaskQueue },
  { method: 'GET', re: new RegExp(`${WS}/TaskChannels$`), kind: 'taskrouter.taskchannels.list', handler: handlers.listTaskChannels },
  { method: 'GET', re: new RegExp(`${WS}/TaskChannels/(?<taskChannelSid>[^/]+)$`), kind: 'taskrouter.taskchannels.fetch', handler: handlers.fetchTaskChannel },
].map((r) => ({ ...r, handler: withWorkspace(r.handler) }));

module.exports = {
  routes,
  taskJson,
  workflowJson,
  taskQueueJson,
  createTask,
  updateTask,
  assignTask,
  sweepExpired,
  withWorkspace,
  wsPath,
  parseDate,
  EVALUATE_LIMIT,
};
