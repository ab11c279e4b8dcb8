'use strict';
// TaskRouter operations of the feature, each retried per the core's policy.
// Tasks are handed to the core as plain records (the library's camelCase shape).

const crypto = require('crypto');
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { workspaceSid } = require(Runtime.getFunctions()['common/config'].path);

// Every created task carries a fresh id so that a create whose answer was lost
// can be found again instead of being repeated.
const REQUEST_ID_ATTRIBUTE = 'callbackRequestId';

function iso(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

/** A task as the core reads it. */
function taskRecord(task) {
  return {
    sid: task.sid,
    attributes: task.attributes,
    assignmentStatus: task.assignmentStatus,
    workflowSid: task.workflowSid,
    taskChannelUniqueName: task.taskChannelUniqueName,
    taskQueueSid: task.taskQueueSid,
    queueName: task.taskQueueFriendlyName,
    timeout: task.timeout,
    priority: task.priority,
    reason: task.reason,
    dateCreated: iso(task.dateCreated),
  };
}

function tasksApi(client, context) {
  return client.taskrouter.v1.workspaces(workspaceSid(context)).tasks;
}

function isNotFound(err) {
  return Boolean(err) && err.status === 404;
}

/** Returns the task; TaskRouter's error (404 for an unknown task) is thrown. */
async function fetchTask({ core, context, client }, taskSid) {
  const task = await withRetry(core, context, () => tasksApi(client, context)(taskSid).fetch());
  return taskRecord(task);
}

/** Returns the task, or null when TaskRouter does not know it. */
async function findTask(deps, taskSid) {
  try {
    return await fetchTask(deps, taskSid);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

function parseAttributes(attributes) {
  if (typeof attributes !== 'string') return attributes || {};
  try {
    return JSON.parse(attributes);
  } catch {
    return {};
  }
}

// Looks among the workflow's newest tasks for the one a lost create made. A
// plain list, not an EvaluateTaskAttributes filter: that filter is limited to
// three requests a second, too few when many creates fail at once.
async function findByRequestId({ client, context }, workflowSid, requestId) {
  const page = await tasksApi(client, context).page({ workflowSid, ordering: 'DateCreated:desc', pageSize: 50 });
  return page.instances.find((task) => parseAttributes(task.attributes)[REQUEST_ID_ATTRIBUTE] === requestId) || null;
}

/**
 * Creates the task the core specified (CallbackTaskSpec), exactly once: a retry
 * after a lost answer first looks for the task by its request id.
 */
async function createTask({ core, context, client }, spec) {
  const requestId = crypto.randomUUID();
  const params = {
    workflowSid: spec.workflowSid,
    taskChannel: spec.taskChannel,
    timeout: spec.timeout,
    priority: spec.priority,
    attributes: JSON.stringify({ ...spec.attributes, [REQUEST_ID_ATTRIBUTE]: requestId }),
  };
  if (spec.virtualStartTime) params.virtualStartTime = spec.virtualStartTime;
  const task = await withRetry(core, context, () => tasksApi(client, context).create(params), {
    idempotent: false,
    verify: () => findByRequestId({ client, context }, spec.workflowSid, requestId),
  });
  return taskRecord(task);
}

/** Cancels a task with a reason; attributes (an object) replace the task's when given. */
async function cancelTask({ core, context, client }, { taskSid, reason, attributes }) {
  const params = { assignmentStatus: 'canceled', reason };
  if (attributes) params.attributes = JSON.stringify(attributes);
  const task = await withRetry(core, context, () => tasksApi(client, context)(taskSid).update(params));
  return taskRecord(task);
}

/**
 * Reads one page of tasks. `previous` is the page object this returned last
 * time, so later pages follow TaskRouter's own next-page links.
 */
async function readTaskPage({ core, context, client }, { assignmentStatus, workflowSid, ordering, pageSize }, previous) {
  const page = await withRetry(core, context, () =>
    previous ? previous.nextPage() : tasksApi(client, context).page({ assignmentStatus, workflowSid, ordering, pageSize }),
  );
  return {
    page,
    tasks: page ? page.instances.map(taskRecord) : [],
    hasMore: Boolean(page && page.nextPageUrl),
  };
}

/** The task record with its reservations ({ workerSid, status }), as the core reads who holds it. */
async function withReservations({ core, context, client }, task) {
  const reservations = await withRetry(core, context, () => tasksApi(client, context)(task.sid).reservations.list({ limit: 50 }));
  return { ...task, reservations: reservations.map((r) => ({ workerSid: r.workerSid, status: r.reservationStatus })) };
}

/** The tasks carrying a voicemail recording in callBackData (the recording SID is validated by the core first). */
async function findTasksByRecording({ core, context, client }, recordingSid) {
  const tasks = await withRetry(core, context, () =>
    tasksApi(client, context).list({
      evaluateTaskAttributes: `callBackData.recordingSid == "${recordingSid}"`,
      limit: 20,
    }),
  );
  return tasks.map(taskRecord);
}

module.exports = {
  REQUEST_ID_ATTRIBUTE,
  taskRecord,
  fetchTask,
  findTask,
  createTask,
  cancelTask,
  readTaskPage,
  findTasksByRecording,
  withReservations,
};
