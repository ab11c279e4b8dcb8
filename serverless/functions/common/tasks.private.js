'use strict';
// TaskRouter operations of the feature, each retried per the core's policy.
// Tasks are handed to the core as plain records (the library's camelCase shape).

const crypto = require('crypto');
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { workspaceSid } = require(Runtime.getFunctions()['common/config'].path);

// Every created task carries a key, so that a create whose answer was lost can
// be found again instead of being repeated: a natural key when the request has
// one (the recording, the call), the caller's idempotencyKey, else a fresh one.
const REQUEST_ID_ATTRIBUTE = 'callbackRequestId';

// A retry looks for its key by paging the workflow's tasks newest first until it
// reaches tasks created before the first attempt started. The slack covers
// TaskRouter's whole-second dateCreated and the skew between its clock and ours.
const CLOCK_SLACK_MS = 10000;
// A natural or caller-given key carries no time: it is looked for among the
// tasks of the last ten minutes (Twilio retries its webhooks within seconds).
const KEY_WINDOW_MS = 10 * 60 * 1000;
const SEARCH_PAGE_SIZE = 200;
// At most 2,000 tasks per search: the search is bounded whatever the traffic.
const SEARCH_MAX_PAGES = 10;
// Keys this code makes carry their own birth time, so a later request that
// passes one back as idempotencyKey pages back exactly as far as it needs.
const GENERATED_KEY = /^cbr1\.([0-9a-z]{1,11})\.[0-9a-f-]{36}$/;

class CreateOutcomeUnknown extends Error {
  constructor(key, cause) {
    const why = (cause && (cause.code || cause.message)) || 'no answer';
    super(
      `TaskRouter did not say whether the task was created (${why}). Send the same request again with ` +
        `idempotencyKey=${key}: it answers the task if it exists and creates it once if not.`,
    );
    this.name = 'CreateOutcomeUnknown';
    this.idempotencyKey = key;
    this.cause = cause;
    // Twilio unreachable is a gateway failure; a budget spent waiting is unavailability.
    this.status = cause && cause.budgetExhausted ? 503 : 502;
  }
}

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

function newRequestKey(nowMs) {
  return `cbr1.${nowMs.toString(36)}.${crypto.randomUUID()}`;
}

/** When a key made by newRequestKey was made (ms), else null. */
function keyBirth(key) {
  const match = GENERATED_KEY.exec(key);
  if (!match) return null;
  const ms = parseInt(match[1], 36);
  return Number.isSafeInteger(ms) && ms <= Date.now() + CLOCK_SLACK_MS ? ms : null;
}

function createdMs(task) {
  return task.dateCreated instanceof Date ? task.dateCreated.getTime() : Date.parse(task.dateCreated);
}

// Pages the workflow's tasks newest first until the key is found or the pages
// reach tasks created before sinceMs, at most SEARCH_MAX_PAGES pages. A plain
// list, not an EvaluateTaskAttributes filter: that filter is limited to three
// requests a second, too few when many creates fail at once. The cost is the
// number of tasks created in the workflow since the first attempt, not the
// workflow's size nor the number of requests retrying.
async function findByRequestId(deps, workflowSid, key, sinceMs) {
  const [first] = await findAllByRequestId(deps, workflowSid, key, sinceMs, { all: false });
  return first || null;
}

// Every task carrying the key (or only the newest, unless `all`), by the same paging.
async function findAllByRequestId({ core, context, client }, workflowSid, key, sinceMs, { all = true } = {}) {
  const found = [];
  let page = null;
  for (let pages = 0; pages < SEARCH_MAX_PAGES; pages += 1) {
    const previous = page;
    page = await withRetry(core, context, () =>
      previous
        ? previous.nextPage()
        : tasksApi(client, context).page({ workflowSid, ordering: 'DateCreated:desc', pageSize: SEARCH_PAGE_SIZE }),
    );
    if (!page) return found;
    let reachedStart = false;
    for (const task of page.instances) {
      if (parseAttributes(task.attributes)[REQUEST_ID_ATTRIBUTE] === key) {
        found.push(task);
        if (!all) return found;
      }
      if (createdMs(task) < sinceMs) reachedStart = true;
    }
    if (reachedStart || !page.nextPageUrl) return found;
  }
  return found;
}

/**
 * After a keyed create: requests with the same key that ran at once (each
 * searched, found nothing and created) leave a task each. Every creator looks
 * again and the core names the task they all keep (the first created); the
 * others still waiting are canceled. Answers the kept task's record. Best
 * effort: a failed look or cancel leaves the request's own task as it is.
 */
async function settleKeyedCreate(deps, workflowSid, key, sinceMs, created) {
  const { core } = deps;
  let tasks;
  try {
    tasks = (await findAllByRequestId(deps, workflowSid, key, sinceMs)).map(taskRecord);
  } catch (err) {
    console.warn(`create: could not look for other tasks with key ${key}: ${err.message}`);
    return created;
  }
  if (!tasks.some((t) => t.sid === created.sid)) tasks.push(created);
  if (tasks.length === 1) return created;
  const { keep, cancel, cancelReason } = core.settleKeyedTasks({ tasks, key });
  for (const taskSid of cancel) {
    try {
      await cancelTask(deps, { taskSid, reason: cancelReason });
    } catch (err) {
      console.warn(`create: could not cancel duplicate ${taskSid} of ${keep}: ${err.message}`);
    }
  }
  if (keep === created.sid) return created;
  const kept = tasks.find((t) => t.sid === keep);
  return { ...kept, existing: true };
}

// A failure without an HTTP answer may hide a committed create; one refused
// before it was sent (no time left) does not.
function mayHaveCommitted(err) {
  const status = err && (typeof err.status === 'number' ? err.status : err.response && err.response.status);
  return !Number.isInteger(status) && !(err && err.code === 'EDEADLINE');
}

/**
 * Creates the task the core specified (CallbackTaskSpec), exactly once per key.
 * With `key` (a natural key or the caller's idempotencyKey) an existing task
 * carrying it is answered instead (`existing: true`). A retry after a lost
 * answer first looks for the task by its key. When neither the create nor the
 * search can tell whether the task exists, CreateOutcomeUnknown carries the key
 * to send again; a create known not to have happened is thrown as it failed,
 * marked `createOutcome: 'not-created'`. `freshKey` (from newRequestKey) is
 * the key of a request that has none, chosen earlier by the caller. `since`
 * (ms since the epoch) bounds the search for a keyed task when the default
 * (ten minutes) is too short.
 */
async function createTask(deps, spec, { key, freshKey, since: searchSince } = {}) {
  const { core, context, client } = deps;
  const startedAt = Date.now();
  const requestKey = key || freshKey || newRequestKey(startedAt);
  let since;
  if (key) {
    const birth = keyBirth(key);
    // `searchSince` (ms): a key whose task cannot be older than that instant, however late the retry.
    if (Number.isFinite(searchSince)) since = searchSince - CLOCK_SLACK_MS;
    else since = (birth === null ? startedAt - KEY_WINDOW_MS : birth) - CLOCK_SLACK_MS;
    const existing = await findByRequestId(deps, spec.workflowSid, key, since);
    if (existing) return { ...taskRecord(existing), existing: true };
  }
  const params = {
    workflowSid: spec.workflowSid,
    taskChannel: spec.taskChannel,
    timeout: spec.timeout,
    priority: spec.priority,
    attributes: JSON.stringify({ ...spec.attributes, [REQUEST_ID_ATTRIBUTE]: requestKey }),
  };
  if (spec.virtualStartTime) params.virtualStartTime = spec.virtualStartTime;
  let maybeCommitted = false;
  const attempt = async () => {
    try {
      return await tasksApi(client, context).create(params);
    } catch (err) {
      if (mayHaveCommitted(err)) maybeCommitted = true;
      throw err;
    }
  };
  try {
    const task = await withRetry(core, context, attempt, {
      idempotent: false,
      verify: () => findByRequestId(deps, spec.workflowSid, requestKey, startedAt - CLOCK_SLACK_MS),
    });
    // A fresh key is this request's alone; a natural or given key may be another's too.
    return key ? await settleKeyedCreate(deps, spec.workflowSid, key, since, taskRecord(task)) : taskRecord(task);
  } catch (err) {
    if (maybeCommitted) throw new CreateOutcomeUnknown(requestKey, err);
    if (err && typeof err === 'object') err.createOutcome = 'not-created';
    throw err;
  }
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

// The reservation statuses in which a worker holds a task (the core's rule of
// who may see one). TaskRouter filters a worker's reservations by one status
// at a time; unfiltered, the list is the worker's whole history.
const HOLDING_RESERVATION_STATUSES = ['pending', 'accepted', 'wrapping'];
// A worker holds at most its capacity in tasks; this bounds a runaway list.
const MAX_HELD_RESERVATIONS = 50;

/**
 * The tasks a worker holds (pending, accepted or wrapping reservation), each
 * with that reservation as `reservations`, as the core reads who holds a task.
 * Plain reads, none throttled like EvaluateTaskAttributes (3 requests a second
 * per account): a recording SID alone is looked for here, among the worker's
 * own tasks, not by its attributes across the workspace. A worker TaskRouter
 * does not know holds nothing.
 */
async function tasksHeldBy(deps, workerSid) {
  const { core, context, client } = deps;
  const reservationsApi = client.taskrouter.v1.workspaces(workspaceSid(context)).workers(workerSid).reservations;
  let lists;
  try {
    lists = await Promise.all(
      HOLDING_RESERVATION_STATUSES.map((reservationStatus) =>
        withRetry(core, context, () => reservationsApi.list({ reservationStatus, limit: MAX_HELD_RESERVATIONS })),
      ),
    );
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const held = new Map();
  for (const r of lists.flat()) held.set(r.taskSid, { workerSid: r.workerSid, status: r.reservationStatus });
  const tasks = await Promise.all([...held.keys()].map((taskSid) => findTask(deps, taskSid)));
  return tasks.filter(Boolean).map((task) => ({ ...task, reservations: [held.get(task.sid)] }));
}

// The library's fetch drops the response headers, and with them the ETag a
// conditional update needs; the client's raw request keeps them.
function wireTaskRecord(body) {
  return {
    sid: body.sid,
    attributes: body.attributes,
    assignmentStatus: body.assignment_status,
    workflowSid: body.workflow_sid,
    taskChannelUniqueName: body.task_channel_unique_name,
    taskQueueSid: body.task_queue_sid,
    queueName: body.task_queue_friendly_name,
    timeout: body.timeout,
    priority: body.priority,
    reason: body.reason,
    dateCreated: iso(body.date_created),
  };
}

/** Returns { task, etag }: the task and the revision to pass as If-Match; TaskRouter's error is thrown. */
async function fetchTaskWithEtag({ core, context, client }, taskSid) {
  const uri = `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid(context)}/Tasks/${encodeURIComponent(taskSid)}`;
  const response = await withRetry(core, context, async () => {
    const res = await client.request({ method: 'get', uri });
    const body = typeof res.body === 'string' ? JSON.parse(res.body || '{}') : res.body || {};
    if (res.statusCode >= 400) {
      const err = new Error(body.message || `TaskRouter answered HTTP ${res.statusCode}`);
      Object.assign(err, { status: res.statusCode, code: body.code, moreInfo: body.more_info });
      throw err;
    }
    return { body, headers: res.headers || {} };
  });
  const etag = response.headers.etag ?? response.headers.ETag;
  return { task: wireTaskRecord(response.body), etag: etag === undefined ? undefined : String(etag) };
}

/**
 * Replaces a task's attributes (an object) only if it is still at revision
 * `etag`. Returns { task }, or { conflict: true } when TaskRouter answers 412
 * (someone changed it since): a conflict is an answer to re-read on, never
 * retried as it stands.
 */
async function updateAttributesIfMatch(deps, taskSid, attributes, etag) {
  return updateIfMatch(deps, taskSid, { attributes: JSON.stringify(attributes) }, etag);
}

// One task update at revision `etag` (when given): { task }, or { conflict: true } on 412.
function updateIfMatch({ core, context, client }, taskSid, params, etag) {
  const sent = etag === undefined ? params : { ...params, ifMatch: etag };
  return withRetry(core, context, () =>
    tasksApi(client, context)(taskSid)
      .update(sent)
      .then((task) => ({ task: taskRecord(task) }))
      .catch((err) => {
        if (err && err.status === 412) return { conflict: true };
        throw err;
      }),
  );
}

/**
 * Cancels a task with a reason only if it is still at revision `etag`.
 * Returns { task }, or { conflict: true } on 412 (changed since it was read).
 */
function cancelTaskIfMatch(deps, taskSid, reason, etag) {
  return updateIfMatch(deps, taskSid, { assignmentStatus: 'canceled', reason }, etag);
}

/**
 * Reads one page of tasks by TaskRouter's filters, starting at a page token a
 * client was given earlier (`pageToken`, `page`), or at the first page.
 * Returns the tasks and the token of the next page (null: none).
 */
async function readTaskPageAt({ core, context, client }, { assignmentStatus, workflowSid, ordering, pageSize }, { pageToken, page } = {}) {
  const params = { assignmentStatus, workflowSid, ordering, pageSize };
  if (pageToken) Object.assign(params, { pageToken, pageNumber: page || 0 });
  const result = await withRetry(core, context, () => tasksApi(client, context).page(params));
  let next = null;
  if (result && result.nextPageUrl) {
    const query = new URL(result.nextPageUrl).searchParams;
    if (query.get('PageToken')) next = { pageToken: query.get('PageToken'), page: Number(query.get('Page')) || 0 };
  }
  return { tasks: result ? result.instances.map(taskRecord) : [], next };
}

module.exports = {
  cancelTaskIfMatch,
  readTaskPageAt,
  REQUEST_ID_ATTRIBUTE,
  newRequestKey,
  parseAttributes,
  fetchTaskWithEtag,
  updateAttributesIfMatch,
  findByRequestId,
  taskRecord,
  fetchTask,
  findTask,
  createTask,
  CreateOutcomeUnknown,
  cancelTask,
  readTaskPage,
  tasksHeldBy,
  withReservations,
};
