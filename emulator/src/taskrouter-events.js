'use strict';

// TaskRouter events: every state change of a task is recorded (the statistics
// are computed from this log), and posted to the Workspace's EventCallbackUrl
// when one is set and its EventsFilter lets the event type through.
//
// Callback parameters and event types: https://www.twilio.com/docs/taskrouter/api/event/reference
//   (POST, form-encoded: EventType, AccountSid, WorkspaceSid, WorkspaceName,
//   EventDescription, ResourceType, ResourceSid, Timestamp, plus each event's
//   field data: the task's, the queue's, the workflow's, the reservation's).
// Workspace EventCallbackUrl / EventsFilter: https://www.twilio.com/docs/taskrouter/api/workspace
//   ("if EventsFilter=task.created,task.canceled,… TaskRouter calls
//   event_callback_url only when a task is created, canceled, …").
// Signature: https://www.twilio.com/docs/usage/security#validating-requests

const { newSid, isoDate } = require('./store');
const { badRequest, single } = require('./http');
const { signature } = require('./status-callbacks');

const MAX_EVENTS = 50000;

// The event types the emulator produces (a subset of the reference's list).
const EVENT_TYPES = [
  'task.created', 'task.updated', 'task.canceled', 'task.completed', 'task.wrapup', 'task.deleted',
  'task-queue.entered', 'task-queue.moved', 'task-queue.timeout',
  'workflow.entered', 'workflow.target-matched', 'workflow.timeout',
  'reservation.created', 'reservation.accepted',
];

const seconds = (ms) => String(Math.floor(ms / 1000));

function parseAttributes(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

// The task's field data as the event reference lists it ("Task" expands to these).
function taskFields(store, task, atMs) {
  const queue = task.taskQueueSid ? store.taskQueues.get(task.taskQueueSid) : null;
  const workflow = task.workflowSid ? store.workflows.get(task.workflowSid) : null;
  const channel = store.taskChannels.get(task.taskChannelSid);
  const fields = {
    TaskSid: task.sid,
    TaskAttributes: task.attributes,
    TaskAge: String(Math.max(0, Math.floor((atMs - task.dateCreated) / 1000))),
    TaskPriority: String(task.priority),
    TaskAssignmentStatus: task.assignmentStatus,
    TaskVersion: String(task.revision),
    TaskDateCreated: seconds(task.dateCreated),
    TaskChannelSid: task.taskChannelSid,
    TaskChannelUniqueName: channel ? channel.uniqueName : '',
  };
  if (task.timeout !== undefined) fields.TaskTimeout = String(task.timeout);
  if (task.reason) {
    if (task.assignmentStatus === 'canceled') fields.TaskCanceledReason = task.reason;
    if (task.assignmentStatus === 'completed') fields.TaskCompletedReason = task.reason;
  }
  if (queue) {
    fields.TaskQueueSid = queue.sid;
    fields.TaskQueueName = queue.friendlyName;
    fields.TaskQueueTargetExpression = queue.targetWorkers;
  }
  if (task.taskQueueEnteredDate) fields.TaskQueueEnteredDate = seconds(task.taskQueueEnteredDate);
  if (workflow) {
    fields.WorkflowSid = workflow.sid;
    fields.WorkflowName = workflow.friendlyName;
  }
  return fields;
}

function reservationFields(store, task) {
  const worker = task.workerSid ? store.workers.get(task.workerSid) : null;
  return {
    ReservationSid: `WR${task.sid.slice(2)}`,
    WorkerSid: task.workerSid || '',
    WorkerName: worker ? worker.friendlyName : '',
    WorkerAttributes: JSON.stringify((worker && worker.attributes) || {}),
  };
}

function allowedByFilter(filter, eventType) {
  if (!filter) return true;
  return filter.split(',').map((s) => s.trim()).filter(Boolean).includes(eventType);
}

/**
 * Records one event about `task` at `atMs` (the emulator clock by default) and
 * posts it to the workspace's event callback if one is set and the filter
 * admits it. `extra`: the event's own field data (workflow filter and target,
 * previous queue, …). Returns the recorded event.
 */
function emit(store, eventType, task, { atMs, description, extra = {}, resource } = {}) {
  const at = atMs === undefined ? store.nowMs() : atMs;
  const ws = store.workspace;
  const isReservation = eventType.startsWith('reservation.');
  const params = {
    Sid: newSid('EV'),
    EventType: eventType,
    AccountSid: store.accountSid,
    WorkspaceSid: store.workspaceSid,
    WorkspaceName: ws.friendlyName,
    EventDescription: description || `${eventType} for task ${task.sid}`,
    ResourceType: resource ? resource.type : (isReservation ? 'reservation' : 'task'),
    ResourceSid: resource ? resource.sid : (isReservation ? `WR${task.sid.slice(2)}` : task.sid),
    Timestamp: seconds(at),
    TimestampMs: String(at),
    ...taskFields(store, task, at),
    ...(isReservation ? reservationFields(store, task) : {}),
    ...extra,
  };
  // Kept beside the parameters for the statistics: exact waits, in ms.
  const event = {
    eventType,
    atMs: at,
    taskSid: task.sid,
    params,
    ageMs: at - task.dateCreated,
    inQueueMs: task.taskQueueEnteredDate ? at - task.taskQueueEnteredDate : null,
  };
  store.taskrouterEvents.push(event);
  if (store.taskrouterEvents.length > MAX_EVENTS) store.taskrouterEvents.splice(0, store.taskrouterEvents.length - MAX_EVENTS);
  if (ws.eventCallbackUrl && allowedByFilter(ws.eventsFilter, eventType)) deliver(store, ws.eventCallbackUrl, params);
  return event;
}

// Deliveries go out one after another, in the order the events happened, so a
// receiver sees a task's history in order. Each is kept in `store.eventCallbacks`.
function deliver(store, url, params) {
  const record = { url, eventType: params.EventType, taskSid: params.TaskSid || null, params, status: null, error: null };
  store.eventCallbacks.push(record);
  const send = async () => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature(store.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      record.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      record.error = (err && err.message) || String(err);
    }
  };
  const chain = store.eventChain || Promise.resolve();
  const delivery = chain.then(send);
  store.eventChain = delivery;
  store.pendingEventCallbacks.add(delivery);
  delivery.finally(() => store.pendingEventCallbacks.delete(delivery));
  return delivery;
}

/** Resolves once every event callback sent so far has been answered or has failed. */
async function settled(store) {
  while (store.pendingEventCallbacks.size > 0) await Promise.all([...store.pendingEventCallbacks]);
}

// ---------- Workspace update (EventCallbackUrl, EventsFilter, FriendlyName) ----------

function checkCallbackUrl(value) {
  if (value === '') return null;
  let u;
  try {
    u = new URL(String(value));
  } catch {
    throw badRequest(`EventCallbackUrl is not a valid URL: ${value}`, 20001);
  }
  if (!['http:', 'https:'].includes(u.protocol)) throw badRequest(`EventCallbackUrl must be http or https: ${value}`, 20001);
  return String(value);
}

function checkEventsFilter(value) {
  if (value === '') return null;
  const types = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (!types.length) return null;
  return types.join(',');
}

// Applies a Workspace update's parameters (https://www.twilio.com/docs/taskrouter/api/workspace#update-a-workspace-resource).
function updateWorkspace(store, body) {
  const ws = store.workspace;
  const url = single(body.EventCallbackUrl);
  const filter = single(body.EventsFilter);
  const name = single(body.FriendlyName);
  const next = {};
  if (url !== undefined) next.eventCallbackUrl = checkCallbackUrl(url);
  if (filter !== undefined) next.eventsFilter = checkEventsFilter(filter);
  if (name !== undefined) {
    if (!String(name).trim() || String(name).length > 64) throw badRequest('FriendlyName must be 1 to 64 characters', 20001);
    next.friendlyName = String(name);
  }
  Object.assign(ws, next);
  ws.dateUpdated = store.nowMs();
  return ws;
}

// ---------- control surface ----------

function eventJson(e) {
  return { event_type: e.eventType, task_sid: e.taskSid, date: isoDate(e.atMs), timestamp_ms: e.atMs, params: { ...e.params } };
}

function deliveryJson(d) {
  return { ...d, params: { ...d.params } };
}

function listEvents(store, filter = {}) {
  return store.taskrouterEvents
    .filter((e) => !filter.taskSid || e.taskSid === filter.taskSid)
    .filter((e) => !filter.eventType || e.eventType === filter.eventType)
    .map(eventJson);
}

const ok = (body) => ({ status: 200, body });

const controlRoutes = [
  // Every TaskRouter event recorded so far (delivered or not), oldest first.
  ['GET', '^/__control/taskrouter/events$', (c, { query }) => ok({
    events: listEvents(c.store, { taskSid: single(query.taskSid), eventType: single(query.eventType) }),
  })],
  // Posts made to the workspace's EventCallbackUrl; ?settled=true waits for them all to be answered.
  ['GET', '^/__control/taskrouter/event-callbacks$', async (c, { query }) => {
    if (single(query.settled) === 'true') await settled(c.store);
    return ok({ eventCallbacks: c.store.eventCallbacks.map(deliveryJson) });
  }],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = {
  EVENT_TYPES,
  emit,
  settled,
  updateWorkspace,
  listEvents,
  deliveryJson,
  controlRoutes,
  taskFields,
  parseAttributes,
};
